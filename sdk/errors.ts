// Typed errors. Every message names what was expected, what came, and where possible a hint.

export class NeurasmError extends Error {
  /** `options.cause` keeps the underlying error (a file system or network failure). */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NeurasmError';
  }
}

/** Shapes that do not fit: the message names both shapes. */
export class ShapeError extends NeurasmError {
  constructor(message: string, options?: { cause?: unknown }) { super(message, options); this.name = 'ShapeError'; }
}

/** A dtype that an op or layer cannot take. */
export class DTypeError extends NeurasmError {
  constructor(message: string, options?: { cause?: unknown }) { super(message, options); this.name = 'DTypeError'; }
}

/** A value out of range or of the wrong kind. */
export class ValueError extends NeurasmError {
  constructor(message: string, options?: { cause?: unknown }) { super(message, options); this.name = 'ValueError'; }
}

/** An unknown string identifier (optimizer, loss, metric, activation, layer class, ...). */
export class UnknownIdentifierError extends ValueError {
  readonly suggestions: string[];
  constructor(kind: string, name: string, valid: readonly string[]) {
    const near = nearestNames(name, valid);
    super(`Unknown ${kind}: '${name}'.` + (near.length ? ` Did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : '') +
      ` Valid ${kind.endsWith('s') ? `${kind}es` : `${kind}s`}: ${valid.join(', ')}.`);
    this.name = 'UnknownIdentifierError';
    this.suggestions = near;
  }
}

/** Using something in a state that does not allow it (fit before compile, a disposed tensor). */
export class StateError extends NeurasmError {
  constructor(message: string, options?: { cause?: unknown }) { super(message, options); this.name = 'StateError'; }
}

/** Out of memory and similar resource limits. */
export class ResourceError extends NeurasmError {
  constructor(message: string, options?: { cause?: unknown }) { super(message, options); this.name = 'ResourceError'; }
}

function editDistance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/** Up to three valid names closest to `name` (case- and underscore-insensitive edit distance). */
export function nearestNames(name: string, valid: readonly string[]): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/[_\s-]/g, '');
  const n = norm(name);
  const scored = valid.map((v) => {
    const nv = norm(v);
    let d = editDistance(n, nv);
    if (nv.startsWith(n) || n.startsWith(nv)) d = Math.min(d, 1);
    return { v, d };
  });
  const limit = Math.max(2, Math.floor(n.length / 3));
  return scored.filter((s) => s.d <= limit).sort((a, b) => a.d - b.d).slice(0, 3).map((s) => s.v);
}

export function fmtShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/** A file that is truncated, corrupt, or not in the expected format. */
export class FormatError extends NeurasmError {
  constructor(message: string, options?: { cause?: unknown }) { super(message, options); this.name = 'FormatError'; }
}

/** A short, never-throwing description of any value for error messages ('abc', 3, null, an array, a Map). */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return 'a symbol';
  // A layer is a callable object (its prototype is its class's): named by its class below.
  if (typeof v === 'function' && Object.getPrototypeOf(v) === Function.prototype) return 'a function';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  let name = 'object';
  try { name = Object.getPrototypeOf(v)?.constructor?.name || 'object'; } catch { /* a hostile proxy */ }
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}
