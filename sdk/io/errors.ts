// FormatError is defined in the core (sdk/errors.ts) so that `instanceof` holds for errors
// thrown by the lazily loaded io module too.
import { FormatError } from '../errors.js';
export { FormatError };

/** A FormatError that keeps the low-level error that revealed the damage as its `cause`. */
export function formatError(message: string, cause: unknown): FormatError {
  const e = new FormatError(message);
  Object.defineProperty(e, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
  return e;
}
