import { NeurasmError } from '../errors.js';

/** A file that is truncated, corrupt, or not in the expected format. */
export class FormatError extends NeurasmError {
  constructor(message: string) { super(message); this.name = 'FormatError'; }
}
