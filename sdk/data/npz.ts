// NumPy files: .npy arrays (numeric, and object arrays of lists as Keras's imdb/reuters store
// them) and .npz zips of them. Object arrays are pickles: a tiny pickle reader rebuilds the
// lists without ever calling anything named in the file.
import { FormatError } from '../errors.js';
import { readZip, type ZipLimits } from '../io/zip.js';

export type NpyArray = { shape: number[]; dtype: string; data: Float64Array | Float32Array | Int32Array | Uint8Array | number[][] | unknown[] };

const dec = new TextDecoder();

export function readNpy(bytes: Uint8Array, name = 'npy'): NpyArray {
  if (bytes.length < 10 || bytes[0] !== 0x93 || dec.decode(bytes.subarray(1, 6)) !== 'NUMPY') throw new FormatError(`${name}: not a .npy file.`);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new FormatError(`${name}: .npy format version ${major}, expected 1, 2 or 3.`);
  // Version 1 gives the header's length in 2 bytes, versions 2 and 3 in 4.
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) throw new FormatError(`${name}: truncated header.`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = lenBytes === 2 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = 8 + lenBytes + hlen;
  if (start > bytes.length) throw new FormatError(`${name}: truncated header.`);
  const header = dec.decode(bytes.subarray(8 + lenBytes, start));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw new FormatError(`${name}: unreadable header ${header.slice(0, 80)}.`);
  if (/'fortran_order':\s*True/.test(header)) throw new FormatError(`${name}: Fortran-ordered arrays are not supported.`);
  const shape = parseShape(shapeText, name);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = bytes.slice(start);
  if (descr === '|O') {
    const obj = unpickle(body, name);
    const items = objectArrayItems(obj, name);
    if (items.length !== count) throw new FormatError(`${name}: the header's shape (${shape.join(', ')}) holds ${count} items, the pickle ${items.length}.`);
    return { shape, dtype: 'object', data: items };
  }
  const kinds: Record<string, [number, (b: ArrayBuffer) => Float64Array | Float32Array | Int32Array | Uint8Array]> = {
    '<f8': [8, (b) => new Float64Array(b)], '<f4': [4, (b) => new Float32Array(b)], '<i4': [4, (b) => new Int32Array(b)],
    '|u1': [1, (b) => new Uint8Array(b)], '|i1': [1, (b) => Int32Array.from(new Int8Array(b))],
    '<i8': [8, (b) => Int32Array.from(new BigInt64Array(b), Number)], '<u4': [4, (b) => Int32Array.from(new Uint32Array(b))],
  };
  const k = kinds[descr];
  if (!k) throw new FormatError(`${name}: dtype ${descr} is not supported.`);
  if (body.length < count * k[0]) throw new FormatError(`${name}: truncated data (${body.length} of ${count * k[0]} bytes).`);
  return { shape, dtype: descr, data: k[1](body.slice(0, count * k[0]).buffer) };
}

/** A header's shape tuple: non-negative integers whose product is a safe element count. */
function parseShape(text: string, name: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  if (parts.length > 32) throw new FormatError(`${name}: shape of rank ${parts.length} is not plausible.`);
  let n = 1;
  return parts.map((t) => {
    if (!/^\d{1,16}L?$/.test(t)) throw new FormatError(`${name}: shape (${text.slice(0, 60)}) must hold non-negative integers, found '${t.slice(0, 20)}'.`);
    const d = parseInt(t, 10);
    n *= d;
    if (!Number.isSafeInteger(n) || n > 2 ** 32) throw new FormatError(`${name}: shape (${text.slice(0, 60)}) has too many elements.`);
    return d;
  });
}

/** The arrays of a .npz archive (within the zip limits, see io/zip.ts). */
export function readNpz(bytes: Uint8Array, name = 'npz', limits?: ZipLimits): Record<string, NpyArray> {
  const files = readZip(bytes, name, limits);
  const out: Record<string, NpyArray> = {};
  for (const [k, v] of Object.entries(files)) {
    // defineProperty: an entry named '__proto__.npy' is an ordinary key, not the prototype.
    Object.defineProperty(out, k.replace(/\.npy$/, ''), { value: readNpy(v, `${name}/${k}`), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// ---------- a pickle reader that builds data, never calls ----------

interface Global { global: string }
interface Reduced { reduce: unknown; args: unknown[]; state?: unknown }

/** Containers deeper than this are refused (a pickle of nested lists cannot overflow the stack). */
const MAX_NESTING = 100;

/**
 * Decode a pickle stream into plain values; GLOBAL/REDUCE become inert records. Each opcode
 * checks what it works on (APPEND onto a list, SETITEM onto a dict, ...): a damaged or hostile
 * pickle is a FormatError, and the result is an acyclic tree at most MAX_NESTING deep.
 */
export function unpickle(b: Uint8Array, name = 'pickle'): unknown {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  const lists = new WeakSet<object>(), dicts = new WeakSet<object>();
  let p = 0;
  const bad = (why: string): never => { throw new FormatError(`${name}: bad pickle at byte ${p - 1} (${why}).`); };
  const need = (n: number) => { if (p + n > b.length) throw new FormatError(`${name}: truncated pickle.`); };
  const line = () => { const e = b.indexOf(10, p); if (e < 0) throw new FormatError(`${name}: truncated pickle.`); const s = dec.decode(b.subarray(p, e)); p = e + 1; return s; };
  const popMark = () => { const m = marks.pop(); if (m === undefined || m > stack.length) return bad('no mark'); return stack.splice(m); };
  const floor = () => (marks.length ? marks[marks.length - 1] : 0);
  const pop = () => { if (stack.length <= floor()) bad('empty stack'); return stack.pop(); };
  const top = () => { if (stack.length <= floor()) bad('empty stack'); return stack[stack.length - 1]; };
  const list = () => { const t = top(); if (!Array.isArray(t) || !lists.has(t)) bad(`append onto ${kind(t)}, not a list`); return t as unknown[]; };
  const dict = () => { const t = top(); if (!t || typeof t !== 'object' || !dicts.has(t)) bad(`setitem onto ${kind(t)}, not a dict`); return t as Record<string, unknown>; };
  const newList = () => { const l: unknown[] = []; lists.add(l); return l; };
  const newDict = () => { const d = Object.create(null) as Record<string, unknown>; dicts.add(d); return d; };
  const setKey = (d: Record<string, unknown>, k: unknown, v: unknown) => {
    if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean' && k !== null) bad(`dict key of type ${kind(k)}`);
    d[String(k)] = v;
  };
  const got = (k: number) => { if (!memo.has(k)) bad(`memo ${k} was never stored`); return memo.get(k); };
  for (let steps = 0; steps < 50_000_000; steps++) {
    need(1);
    const op = b[p++];
    switch (op) {
      case 0x80: need(1); p++; break; // PROTO
      case 0x95: need(8); p += 8; break; // FRAME
      case 0x2e: { // STOP
        const v = pop();
        checkTree(v, name);
        return v;
      }
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break;
      case 0x89: stack.push(false); break;
      case 0x4a: need(4); stack.push(dv.getInt32(p, true)); p += 4; break; // BININT
      case 0x4b: need(1); stack.push(b[p]); p += 1; break; // BININT1
      case 0x4d: need(2); stack.push(dv.getUint16(p, true)); p += 2; break; // BININT2
      case 0x8a: { need(1); const n = b[p++]; need(n); let v = 0; for (let i = n - 1; i >= 0; i--) v = v * 256 + b[p + i]; if (n && b[p + n - 1] & 0x80) v -= 2 ** (8 * n); stack.push(v); p += n; break; } // LONG1
      case 0x47: need(8); stack.push(dv.getFloat64(p, false)); p += 8; break; // BINFLOAT
      case 0x8c: { need(1); const n = b[p++]; need(n); stack.push(dec.decode(b.subarray(p, p + n))); p += n; break; } // SHORT_BINUNICODE
      case 0x58: { need(4); const n = dv.getUint32(p, true); p += 4; need(n); stack.push(dec.decode(b.subarray(p, p + n))); p += n; break; } // BINUNICODE
      case 0x43: { need(1); const n = b[p++]; need(n); stack.push(b.slice(p, p + n)); p += n; break; } // SHORT_BINBYTES
      case 0x42: { need(4); const n = dv.getUint32(p, true); p += 4; need(n); stack.push(b.slice(p, p + n)); p += n; break; } // BINBYTES
      case 0x5d: stack.push(newList()); break; // EMPTY_LIST
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x7d: stack.push(newDict()); break; // EMPTY_DICT
      case 0x61: { const v = pop(); list().push(v); break; } // APPEND
      case 0x65: { const items = popMark(); list().push(...items); break; } // APPENDS
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b2 = pop(), a = pop(); stack.push([a, b2]); break; }
      case 0x87: { const c = pop(), b2 = pop(), a = pop(); stack.push([a, b2, c]); break; }
      case 0x63: { const mod = line(), nm = line(); stack.push({ global: `${mod}.${nm}` } as Global); break; } // GLOBAL
      case 0x93: { const nm = pop(), mod = pop(); if (typeof nm !== 'string' || typeof mod !== 'string') bad('stack_global of non-strings'); stack.push({ global: `${mod}.${nm}` } as Global); break; } // STACK_GLOBAL
      case 0x52: case 0x81: { // REDUCE, NEWOBJ
        const args = pop(), f = pop();
        if (!Array.isArray(args)) bad(`call arguments are ${kind(args)}, not a tuple`);
        if (!isGlobal(f)) bad(`call of ${kind(f)}, not a global`);
        stack.push({ reduce: f, args } as Reduced);
        break;
      }
      case 0x62: { const state = pop(); const obj = top(); if (!isReduced(obj)) bad(`build onto ${kind(obj)}`); (obj as Reduced).state = state; break; } // BUILD
      case 0x73: { const v = pop(), k = pop(); setKey(dict(), k, v); break; } // SETITEM
      case 0x75: { const items = popMark(); const d = dict(); if (items.length % 2) bad('setitems with an odd count'); for (let i = 0; i < items.length; i += 2) setKey(d, items[i], items[i + 1]); break; } // SETITEMS
      case 0x71: need(1); memo.set(b[p++], top()); break; // BINPUT
      case 0x72: need(4); memo.set(dv.getUint32(p, true), top()); p += 4; break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: need(1); stack.push(got(b[p++])); break; // BINGET
      case 0x6a: need(4); stack.push(got(dv.getUint32(p, true))); p += 4; break; // LONG_BINGET
      default: throw new FormatError(`${name}: unsupported pickle opcode 0x${op.toString(16)} at byte ${p - 1}.`);
    }
  }
  throw new FormatError(`${name}: pickle too long.`);
}

function kind(v: unknown): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return 'a list or tuple';
  if (v instanceof Uint8Array) return 'bytes';
  if (isGlobal(v)) return `the global ${v.global}`;
  if (isReduced(v)) return 'an object';
  return typeof v === 'object' ? 'a dict' : `a ${typeof v}`;
}
const isGlobal = (v: unknown): v is Global => !!v && typeof v === 'object' && typeof (v as Global).global === 'string' && Object.keys(v).length === 1;
const isReduced = (v: unknown): v is Reduced => !!v && typeof v === 'object' && 'reduce' in v && 'args' in v;

/** The decoded value must be a tree (shared parts allowed, no cycles) at most MAX_NESTING deep. */
function checkTree(root: unknown, name: string): void {
  const done = new WeakSet<object>();
  const onPath = new Set<object>();
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || v instanceof Uint8Array || done.has(v)) return;
    if (onPath.has(v)) throw new FormatError(`${name}: the pickle builds a container that contains itself.`);
    if (depth > MAX_NESTING) throw new FormatError(`${name}: the pickle nests containers more than ${MAX_NESTING} deep.`);
    onPath.add(v);
    for (const c of Array.isArray(v) ? v : Object.values(v)) visit(c, depth + 1);
    onPath.delete(v);
    done.add(v);
  };
  visit(root, 0);
}

/** The items of a pickled numpy object array (ndarray state: (version, shape, dtype, fortran, items)). */
function objectArrayItems(obj: unknown, name: string): unknown[] {
  const r = obj as Reduced;
  const g = (r?.reduce as Global | undefined)?.global ?? '';
  if (!/multiarray\._reconstruct$/.test(g) || !Array.isArray(r.state)) throw new FormatError(`${name}: the object array pickle is not a numpy array (${g || 'unknown'}).`);
  const items = (r.state as unknown[])[4];
  if (!Array.isArray(items)) throw new FormatError(`${name}: unexpected numpy array state.`);
  return items;
}
