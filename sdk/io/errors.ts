// FormatError is defined in the core (sdk/errors.ts) so that `instanceof` holds for errors
// thrown by the lazily loaded io module too.
export { FormatError } from '../errors.js';
