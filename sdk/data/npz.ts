// NumPy files: .npy arrays (numeric, and object arrays of lists as Keras's imdb/reuters store
// them) and .npz zips of them. Object arrays are pickles: a tiny pickle reader rebuilds the
// lists without ever calling anything named in the file.
import { unzipSync } from 'fflate';
import { FormatError } from '../errors.js';

export type NpyArray = { shape: number[]; dtype: string; data: Float64Array | Float32Array | Int32Array | Uint8Array | number[][] | unknown[] };

const dec = new TextDecoder();

export function readNpy(bytes: Uint8Array, name = 'npy'): NpyArray {
  if (bytes.length < 10 || bytes[0] !== 0x93 || dec.decode(bytes.subarray(1, 6)) !== 'NUMPY') throw new FormatError(`${name}: not a .npy file.`);
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + hlen;
  if (start > bytes.length) throw new FormatError(`${name}: truncated header.`);
  const header = dec.decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw new FormatError(`${name}: unreadable header ${header.slice(0, 80)}.`);
  if (/'fortran_order':\s*True/.test(header)) throw new FormatError(`${name}: Fortran-ordered arrays are not supported.`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = bytes.slice(start);
  if (descr === '|O') {
    const obj = unpickle(body, name);
    return { shape, dtype: 'object', data: objectArrayItems(obj, name) };
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

export function readNpz(bytes: Uint8Array, name = 'npz'): Record<string, NpyArray> {
  let files: Record<string, Uint8Array>;
  try { files = unzipSync(bytes); } catch (e) { throw new FormatError(`${name}: not a valid .npz (zip) file: ${(e as Error).message}.`); }
  const out: Record<string, NpyArray> = {};
  for (const [k, v] of Object.entries(files)) out[k.replace(/\.npy$/, '')] = readNpy(v, `${name}/${k}`);
  return out;
}

// ---------- a pickle reader that builds data, never calls ----------

interface Global { global: string }
interface Reduced { reduce: unknown; args: unknown[]; state?: unknown }

/** Decode a pickle stream into plain values; GLOBAL/REDUCE become inert records. */
export function unpickle(b: Uint8Array, name = 'pickle'): unknown {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let p = 0;
  const need = (n: number) => { if (p + n > b.length) throw new FormatError(`${name}: truncated pickle.`); };
  const line = () => { const e = b.indexOf(10, p); if (e < 0) throw new FormatError(`${name}: truncated pickle.`); const s = dec.decode(b.subarray(p, e)); p = e + 1; return s; };
  const popMark = () => { const m = marks.pop(); if (m === undefined) throw new FormatError(`${name}: bad pickle (no mark).`); return stack.splice(m); };
  const top = () => { if (!stack.length) throw new FormatError(`${name}: bad pickle (empty stack).`); return stack[stack.length - 1]; };
  for (let steps = 0; steps < 50_000_000; steps++) {
    need(1);
    const op = b[p++];
    switch (op) {
      case 0x80: need(1); p++; break; // PROTO
      case 0x95: need(8); p += 8; break; // FRAME
      case 0x2e: return stack.pop(); // STOP
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
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x7d: stack.push({}); break; // EMPTY_DICT
      case 0x61: { const v = stack.pop(); (top() as unknown[]).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); (top() as unknown[]).push(...items); break; } // APPENDS
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([stack.pop()]); break; // TUPLE1
      case 0x86: { const b2 = stack.pop(), a = stack.pop(); stack.push([a, b2]); break; }
      case 0x87: { const c = stack.pop(), b2 = stack.pop(), a = stack.pop(); stack.push([a, b2, c]); break; }
      case 0x63: { const mod = line(), nm = line(); stack.push({ global: `${mod}.${nm}` } as Global); break; } // GLOBAL
      case 0x93: { const nm = stack.pop(), mod = stack.pop(); stack.push({ global: `${mod}.${nm}` } as Global); break; } // STACK_GLOBAL
      case 0x52: { const args = stack.pop() as unknown[]; const f = stack.pop(); stack.push({ reduce: f, args } as Reduced); break; } // REDUCE
      case 0x81: { const args = stack.pop() as unknown[]; const cls = stack.pop(); stack.push({ reduce: cls, args } as Reduced); break; } // NEWOBJ
      case 0x62: { const state = stack.pop(); const obj = top() as Reduced; if (obj && typeof obj === 'object') obj.state = state; break; } // BUILD
      case 0x73: { const v = stack.pop(), k = stack.pop(); (top() as Record<string, unknown>)[String(k)] = v; break; } // SETITEM
      case 0x75: { const items = popMark(); const d = top() as Record<string, unknown>; for (let i = 0; i + 1 < items.length; i += 2) d[String(items[i])] = items[i + 1]; break; } // SETITEMS
      case 0x71: need(1); memo.set(b[p++], top()); break; // BINPUT
      case 0x72: need(4); memo.set(dv.getUint32(p, true), top()); p += 4; break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: need(1); stack.push(memo.get(b[p++])); break; // BINGET
      case 0x6a: need(4); stack.push(memo.get(dv.getUint32(p, true))); p += 4; break; // LONG_BINGET
      default: throw new FormatError(`${name}: unsupported pickle opcode 0x${op.toString(16)} at byte ${p - 1}.`);
    }
  }
  throw new FormatError(`${name}: pickle too long.`);
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
