// Reading zip archives (.keras, .npz) within limits: the central directory is checked first
// (declared sizes against per-entry and total caps, every range inside the file), then each
// entry is inflated in pieces and stopped as soon as its output passes the declared size;
// the CRC-32 of each entry is verified. Nothing is inflated from an archive that declares too much.
import { Inflate } from 'fflate';
import { ValueError } from '../errors.js';
import { FormatError, formatError } from './errors.js';

export interface ZipLimits {
  /** Largest uncompressed size of all entries together (default 2 GiB). */
  maxUncompressedBytes?: number;
  /** Largest uncompressed size of one entry (default 2 GiB). */
  maxEntryBytes?: number;
}

export const DEFAULT_ZIP_LIMITS = { maxUncompressedBytes: 2 ** 31, maxEntryBytes: 2 ** 31 };

interface Entry { name: string; method: number; flags: number; crc: number; csize: number; usize: number; local: number }

const PIECE = 1 << 16;

let crcTable: Int32Array | null = null;
function crc32(b: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; crcTable[n] = c; }
  }
  let c = ~crc;
  for (let i = 0; i < b.length; i++) c = crcTable[(c ^ b[i]) & 255] ^ (c >>> 8);
  return ~c >>> 0;
}

function limitsOf(what: string, l: ZipLimits = {}): Required<ZipLimits> {
  const out = { ...DEFAULT_ZIP_LIMITS };
  for (const k of ['maxUncompressedBytes', 'maxEntryBytes'] as const) {
    const v = l[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new ValueError(`${what}: option ${k} must be a non-negative integer number of bytes, got ${String(v)}.`);
    out[k] = v;
  }
  return out;
}

/** The entries of the central directory, every field range-checked. */
function directory(b: Uint8Array, what: string): Entry[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let eocd = -1;
  for (let p = b.length - 22; p >= Math.max(0, b.length - 22 - 0xffff); p--) {
    if (dv.getUint32(p, true) === 0x06054b50) { eocd = p; break; }
  }
  if (eocd < 0) throw new FormatError(`${what}: not a zip archive (no end of central directory record).`);
  const count = dv.getUint16(eocd + 10, true), cdSize = dv.getUint32(eocd + 12, true), cdOff = dv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOff === 0xffffffff) throw new FormatError(`${what}: zip64 archives are not supported.`);
  if (cdOff + cdSize > eocd) throw new FormatError(`${what}: the central directory (${cdSize} bytes at ${cdOff}) lies outside the archive.`);
  const entries: Entry[] = [];
  const names = new Set<string>();
  let p = cdOff;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdOff + cdSize || dv.getUint32(p, true) !== 0x02014b50) throw new FormatError(`${what}: central directory entry ${i} is damaged.`);
    const flags = dv.getUint16(p + 8, true), method = dv.getUint16(p + 10, true);
    const crc = dv.getUint32(p + 16, true), csize = dv.getUint32(p + 20, true), usize = dv.getUint32(p + 24, true);
    const nlen = dv.getUint16(p + 28, true), xlen = dv.getUint16(p + 30, true), clen = dv.getUint16(p + 32, true);
    const local = dv.getUint32(p + 42, true);
    if (p + 46 + nlen > cdOff + cdSize) throw new FormatError(`${what}: central directory entry ${i} is damaged.`);
    const name = new TextDecoder().decode(b.subarray(p + 46, p + 46 + nlen));
    if (csize === 0xffffffff || usize === 0xffffffff || local === 0xffffffff) throw new FormatError(`${what}: entry '${name}' uses zip64 sizes, which are not supported.`);
    if (flags & 1) throw new FormatError(`${what}: entry '${name}' is encrypted.`);
    if (names.has(name)) throw new FormatError(`${what}: entry '${name}' appears twice.`);
    names.add(name);
    entries.push({ name, method, flags, crc, csize, usize, local });
    p += 46 + nlen + xlen + clen;
  }
  return entries;
}

/** One entry's bytes: stored or deflated, never more than it declares, CRC checked. */
function inflateEntry(b: Uint8Array, e: Entry, what: string): Uint8Array {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (e.local + 30 > b.length || dv.getUint32(e.local, true) !== 0x04034b50) throw new FormatError(`${what}: the local header of '${e.name}' is missing or damaged.`);
  const start = e.local + 30 + dv.getUint16(e.local + 26, true) + dv.getUint16(e.local + 28, true);
  if (start + e.csize > b.length) throw new FormatError(`${what}: the data of '${e.name}' (${e.csize} bytes at ${start}) runs past the end of the archive (${b.length} bytes): truncated?`);
  const src = b.subarray(start, start + e.csize);
  let out: Uint8Array;
  if (e.method === 0) {
    if (e.csize !== e.usize) throw new FormatError(`${what}: stored entry '${e.name}' declares ${e.usize} bytes but holds ${e.csize}.`);
    out = src.slice();
  } else if (e.method === 8) {
    out = new Uint8Array(e.usize);
    let n = 0;
    const inf = new Inflate((chunk) => {
      if (n + chunk.length > e.usize) throw new FormatError(`${what}: '${e.name}' inflates to more than the ${e.usize} bytes it declares.`);
      out.set(chunk, n);
      n += chunk.length;
    });
    try {
      for (let o = 0; o < src.length || o === 0; o += PIECE) inf.push(src.subarray(o, o + PIECE), o + PIECE >= src.length);
    } catch (err) {
      if (err instanceof FormatError) throw err;
      throw formatError(`${what}: '${e.name}' does not inflate (${(err as Error)?.message ?? err}).`, err);
    }
    if (n !== e.usize) throw new FormatError(`${what}: '${e.name}' inflates to ${n} bytes but declares ${e.usize}.`);
  } else throw new FormatError(`${what}: entry '${e.name}' uses compression method ${e.method}; only stored and deflate are supported.`);
  if (crc32(out) !== e.crc) throw new FormatError(`${what}: '${e.name}' fails its CRC-32 check: the archive is corrupt.`);
  return out;
}

/**
 * The entries of a zip archive (those `want` accepts, all by default), checked against the
 * limits from the declared sizes before anything is inflated.
 */
export function readZip(bytes: Uint8Array, what: string, limits?: ZipLimits, want: (name: string) => boolean = () => true): Record<string, Uint8Array> {
  const lim = limitsOf(what, limits);
  const entries = directory(bytes, what).filter((e) => !e.name.endsWith('/') && want(e.name));
  let total = 0;
  for (const e of entries) {
    if (e.usize > lim.maxEntryBytes) throw new FormatError(`${what}: entry '${e.name}' declares ${e.usize} uncompressed bytes, over the limit of ${lim.maxEntryBytes} (raise it with the maxEntryBytes option if the file is trusted).`);
    total += e.usize;
    if (total > lim.maxUncompressedBytes) throw new FormatError(`${what}: the entries declare ${total}+ uncompressed bytes, over the limit of ${lim.maxUncompressedBytes} (raise it with the maxUncompressedBytes option if the file is trusted).`);
  }
  const out: Record<string, Uint8Array> = Object.create(null);
  for (const e of entries) out[e.name] = inflateEntry(bytes, e, what);
  return out;
}
