// A small HDF5 reader and writer for what Keras stores: groups, numeric datasets and string
// attributes. Reading covers h5py's defaults (superblock v0–v3, object headers v1/v2,
// symbol-table and compact link groups, contiguous/compact/chunked-uncompressed layouts,
// fixed and variable-length strings). Writing emits superblock v0, v1 object headers and
// compact link messages. Every read is bounds-checked: a damaged file gives a FormatError,
// never a crash or a hang.
import { FormatError } from './errors.js';

export type H5Data = Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array | BigInt64Array | string[];
export type H5AttrValue = string | number | string[] | number[];

export interface H5Dataset { kind: 'dataset'; shape: number[]; dtype: string; data: H5Data; attrs: Record<string, H5AttrValue> }
export interface H5Group { kind: 'group'; children: Map<string, H5Node>; attrs: Record<string, H5AttrValue> }
export type H5Node = H5Dataset | H5Group;

const UNDEF = 0xffffffffffffffffn;
const MAX_DEPTH = 64;
/** Groups and datasets a file may expand to, counting every path to a shared object. */
const MAX_OBJECTS = 1_000_000;


// ---------------------------------------------------------------- reading

class Reader {
  readonly dv: DataView;
  offSize = 8;
  lenSize = 8;
  private visiting = new Set<number>();
  /** Objects already read, by address: a hard link to one is the same node, read once. */
  private memo = new Map<number, H5Node>();
  /** How many objects each node expands to (itself and everything below, per path). */
  private expanded = new WeakMap<H5Node, number>();
  /** Work left (header blocks, B-tree entries, chunk elements): a damaged file cannot spin. */
  private budget: number;
  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.budget = 16 * bytes.length + 1_000_000;
  }

  spend(n: number, what: string): void {
    this.budget -= n;
    if (this.budget < 0) throw new FormatError(`HDF5: reading ${what} takes far more steps than a file of ${this.bytes.length} bytes can need: the file is corrupt or hostile.`);
  }

  check(pos: number, n: number, what: string): void {
    if (!(pos >= 0) || pos + n > this.bytes.length || !Number.isFinite(pos)) throw new FormatError(`HDF5: ${what} at byte ${pos} is past the end of the file (${this.bytes.length} bytes): the file is truncated or corrupt.`);
  }
  u8(p: number) { this.check(p, 1, 'a byte'); return this.dv.getUint8(p); }
  u16(p: number) { this.check(p, 2, 'a 16-bit field'); return this.dv.getUint16(p, true); }
  u32(p: number) { this.check(p, 4, 'a 32-bit field'); return this.dv.getUint32(p, true); }
  uN(p: number, n: number): number {
    this.check(p, n, 'an address');
    if (n === 8) {
      const v = this.dv.getBigUint64(p, true);
      if (v === UNDEF) return -1;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new FormatError(`HDF5: address ${v} at byte ${p} is out of range.`);
      return Number(v);
    }
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + this.dv.getUint8(p + i);
    return v === 2 ** (8 * n) - 1 ? -1 : v;
  }
  addr(p: number) { return this.uN(p, this.offSize); }
  len(p: number) { return this.uN(p, this.lenSize); }
  sig(p: number, s: string): boolean {
    if (p < 0 || p + s.length > this.bytes.length) return false;
    for (let i = 0; i < s.length; i++) if (this.bytes[p + i] !== s.charCodeAt(i)) return false;
    return true;
  }
  cstr(p: number, max = 1 << 16): string {
    let e = p;
    while (e < this.bytes.length && this.bytes[e] !== 0 && e - p < max) e++;
    this.check(p, e - p, 'a string');
    return new TextDecoder().decode(this.bytes.subarray(p, e));
  }

  // ---- object headers ----

  /** Messages of the object header at `addr`: [type, data offset, size]. */
  messages(addr: number): [number, number, number][] {
    const out: [number, number, number][] = [];
    if (this.sig(addr, 'OHDR')) {
      const version = this.u8(addr + 4);
      if (version !== 2) throw new FormatError(`HDF5: object header version ${version} is not supported.`);
      const flags = this.u8(addr + 5);
      let p = addr + 6;
      if (flags & 0x20) p += 16; // times
      if (flags & 0x10) p += 4;  // attribute phase change
      const sizeBytes = 1 << (flags & 3);
      const chunk0 = this.uN(p, sizeBytes);
      p += sizeBytes;
      const blocks: [number, number][] = [[p, chunk0]];
      let guard = 0;
      while (blocks.length) {
        if (++guard > 10000) throw new FormatError('HDF5: too many object header blocks.');
        const [start, size] = blocks.shift()!;
        this.check(start, size, 'an object header block');
        this.spend(size >> 4, 'object header blocks');
        let q = start;
        const end = start + size - 4; // checksum at the end... continuation blocks start with OCHK
        while (q + 4 <= end) {
          const type = this.u8(q), msize = this.u16(q + 1), mflags = this.u8(q + 3);
          q += 4;
          if (flags & 0x04) q += 2; // creation order
          this.check(q, msize, 'a header message');
          if (type === 0x10) blocks.push([this.addr(q) + 4, this.len(q + this.offSize) - 4]);
          else out.push([type, q, msize]);
          void mflags;
          q += msize;
        }
      }
      return out;
    }
    const version = this.u8(addr);
    if (version !== 1) throw new FormatError(`HDF5: bad object header at byte ${addr} (version ${version}).`);
    const count = this.u16(addr + 2);
    const size = this.u32(addr + 8);
    const blocks: [number, number][] = [[addr + 16, size]];
    let guard = 0;
    while (blocks.length && out.length < count + 1) {
      if (++guard > 10000) throw new FormatError('HDF5: too many object header blocks.');
      const [start, bsize] = blocks.shift()!;
      this.check(start, bsize, 'an object header block');
      this.spend(bsize >> 4, 'object header blocks');
      let q = start;
      while (q + 8 <= start + bsize) {
        const type = this.u16(q), msize = this.u16(q + 2);
        q += 8;
        this.check(q, msize, 'a header message');
        if (type === 0x10) blocks.push([this.addr(q), this.len(q + this.offSize)]);
        else out.push([type, q, msize]);
        q += msize;
      }
    }
    return out;
  }

  // ---- groups ----

  node(addr: number, depth = 0): H5Node {
    if (depth > MAX_DEPTH) throw new FormatError(`HDF5: groups nested more than ${MAX_DEPTH} deep.`);
    if (this.visiting.has(addr)) throw new FormatError(`HDF5: object at byte ${addr} contains itself (a cyclic link).`);
    const known = this.memo.get(addr);
    if (known) return known;
    this.spend(1, 'an object');
    this.visiting.add(addr);
    try {
      const n = this.readNode(addr, depth);
      let size = 1;
      if (n.kind === 'group') for (const c of n.children.values()) size += this.expanded.get(c) ?? 1;
      if (size > MAX_OBJECTS) throw new FormatError(`HDF5: the links of the group at byte ${addr} expand to more than ${MAX_OBJECTS} objects (hard links that fan out): the file is corrupt or hostile.`);
      this.expanded.set(n, size);
      this.memo.set(addr, n);
      return n;
    } finally {
      this.visiting.delete(addr);
    }
  }

  private readNode(addr: number, depth: number): H5Node {
    {
      const msgs = this.messages(addr);
      const attrs: Record<string, H5AttrValue> = {};
      for (const [t, p, s] of msgs) if (t === 0x0c) { const [k, v] = this.attribute(p, s); attrs[k] = v; }
      const isDataset = msgs.some(([t]) => t === 0x08);
      if (isDataset) return { kind: 'dataset', attrs, ...this.dataset(msgs) };
      const children = new Map<string, H5Node>();
      for (const [t, p] of msgs) {
        if (t === 0x11) {
          for (const [name, child] of this.symbolTable(this.addr(p), this.addr(p + this.offSize))) children.set(name, this.node(child, depth + 1));
        } else if (t === 0x06) {
          const link = this.link(p);
          if (link) children.set(link[0], this.node(link[1], depth + 1));
        } else if (t === 0x02) {
          const flags = this.u8(p + 1);
          const heap = this.addr(p + 2 + (flags & 1 ? 8 : 0));
          if (heap >= 0) throw new FormatError('HDF5: groups with dense link storage (fractal heaps) are not supported; re-save the file with h5py defaults.');
        }
      }
      return { kind: 'group', children, attrs };
    }
  }

  private link(p: number): [string, number] | null {
    const flags = this.u8(p + 1);
    let q = p + 2;
    let type = 0;
    if (flags & 0x08) type = this.u8(q++);
    if (flags & 0x04) q += 8;
    if (flags & 0x10) q++;
    const lenBytes = 1 << (flags & 3);
    const nameLen = this.uN(q, lenBytes);
    q += lenBytes;
    this.check(q, nameLen, 'a link name');
    const name = new TextDecoder().decode(this.bytes.subarray(q, q + nameLen));
    q += nameLen;
    if (type !== 0) return null; // soft/external links are not followed
    return [name, this.addr(q)];
  }

  private symbolTable(btree: number, heap: number): [string, number][] {
    if (!this.sig(heap, 'HEAP')) throw new FormatError(`HDF5: missing local heap at byte ${heap}.`);
    const dataAddr = this.addr(heap + 8 + 2 * this.lenSize);
    const out: [string, number][] = [];
    const visit = (node: number, depth: number) => {
      if (depth > MAX_DEPTH) throw new FormatError('HDF5: group B-tree too deep.');
      if (!this.sig(node, 'TREE')) throw new FormatError(`HDF5: missing group B-tree node at byte ${node}.`);
      const level = this.u8(node + 5), used = this.u16(node + 6);
      this.spend(used, 'a group B-tree');
      let q = node + 8 + 2 * this.offSize + this.lenSize; // first key
      for (let i = 0; i < used; i++) {
        const child = this.addr(q);
        q += this.offSize + this.lenSize;
        if (level > 0) visit(child, depth + 1);
        else {
          if (!this.sig(child, 'SNOD')) throw new FormatError(`HDF5: missing symbol table node at byte ${child}.`);
          const n = this.u16(child + 6);
          this.spend(n, 'a symbol table');
          let e = child + 8;
          const entry = 2 * this.offSize + 24;
          for (let k = 0; k < n; k++, e += entry) out.push([this.cstr(dataAddr + this.len(e)), this.addr(e + this.offSize)]);
        }
      }
    };
    visit(btree, 0);
    return out;
  }

  // ---- datasets and attributes ----

  private dataspace(p: number): number[] {
    const version = this.u8(p), rank = this.u8(p + 1), flags = this.u8(p + 2);
    if (version === 2 && this.u8(p + 3) === 2) return []; // null dataspace
    const q = p + (version === 1 ? 8 : 4);
    if (rank > 32) throw new FormatError(`HDF5: dataspace rank ${rank} is not plausible.`);
    const dims: number[] = [];
    for (let i = 0; i < rank; i++) {
      const d = this.len(q + i * this.lenSize);
      if (d < 0) throw new FormatError(`HDF5: dataspace dimension ${i} is undefined (unlimited without a current size).`);
      dims.push(d);
    }
    void flags;
    return dims;
  }

  private datatype(p: number): { cls: number; size: number; signed: boolean; le: boolean; vlenString: boolean } {
    const b0 = this.u8(p), cls = b0 & 0x0f;
    const bits0 = this.u8(p + 1);
    const size = this.u32(p + 4);
    if (size === 0) throw new FormatError(`HDF5: datatype at byte ${p} has size 0.`);
    let vlenString = false;
    if (cls === 9) vlenString = (bits0 & 0x0f) === 1;
    return { cls, size, signed: (bits0 & 0x08) !== 0, le: (bits0 & 1) === 0, vlenString };
  }

  private typeName(t: { cls: number; size: number; signed: boolean }): string {
    if (t.cls === 1) return t.size === 4 ? 'float32' : t.size === 8 ? 'float64' : `float${t.size * 8}`;
    if (t.cls === 0) return `${t.signed ? 'int' : 'uint'}${t.size * 8}`;
    if (t.cls === 3 || t.cls === 9) return 'string';
    return `class${t.cls}`;
  }

  private decode(t: ReturnType<Reader['datatype']>, bytes: Uint8Array, count: number): H5Data {
    if (bytes.length < count * t.size) throw new FormatError(`HDF5: dataset needs ${count * t.size} bytes, file has ${bytes.length}.`);
    if (t.cls === 3 || t.cls === 9) this.spend(count, 'strings');
    const copy = bytes.slice(0, count * t.size);
    if (t.cls === 1 && t.size === 4) return new Float32Array(copy.buffer);
    if (t.cls === 1 && t.size === 8) return new Float64Array(copy.buffer);
    if (t.cls === 0) {
      if (t.size === 1) return t.signed ? new Int8Array(copy.buffer) : copy;
      if (t.size === 2) return t.signed ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer);
      if (t.size === 4) return t.signed ? new Int32Array(copy.buffer) : new Uint32Array(copy.buffer);
      if (t.size === 8) return new BigInt64Array(copy.buffer);
    }
    if (t.cls === 3) {
      const out: string[] = [];
      for (let i = 0; i < count; i++) {
        let s = copy.subarray(i * t.size, (i + 1) * t.size);
        const z = s.indexOf(0);
        if (z >= 0) s = s.subarray(0, z);
        out.push(new TextDecoder().decode(s).replace(/ +$/, ''));
      }
      return out;
    }
    if (t.cls === 9 && t.vlenString) {
      const out: string[] = [];
      for (let i = 0; i < count; i++) out.push(this.globalHeapString(bytes, i * t.size));
      return out;
    }
    throw new FormatError(`HDF5: datatype class ${t.cls} (size ${t.size}) is not supported.`);
  }

  /** A variable-length string: length, global heap collection address, object index. */
  private globalHeapString(bytes: Uint8Array, off: number): string {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (off + 4 + this.offSize + 4 > bytes.length) throw new FormatError('HDF5: truncated variable-length string reference.');
    const length = dv.getUint32(off, true);
    const coll = Number(dv.getBigUint64(off + 4, true));
    const index = dv.getUint32(off + 4 + this.offSize, true);
    if (!this.sig(coll, 'GCOL')) throw new FormatError(`HDF5: missing global heap collection at byte ${coll}.`);
    const csize = this.len(coll + 8);
    let p = coll + 8 + this.lenSize;
    const end = coll + csize;
    while (p + 8 + this.lenSize <= end) {
      this.spend(1, 'a global heap');
      const idx = this.u16(p), osize = this.len(p + 8);
      if (idx === 0) break;
      const data = p + 8 + this.lenSize;
      if (idx === index) {
        this.check(data, Math.min(length, osize), 'a global heap object');
        return new TextDecoder().decode(this.bytes.subarray(data, data + Math.min(length, osize)));
      }
      p = data + Math.ceil(osize / 8) * 8;
    }
    throw new FormatError(`HDF5: global heap object ${index} not found.`);
  }

  private dataset(msgs: [number, number, number][]): { shape: number[]; dtype: string; data: H5Data } {
    const find = (t: number) => msgs.find(([x]) => x === t);
    const ds = find(0x01), dt = find(0x03), lay = find(0x08), filters = find(0x0b);
    if (!ds || !dt || !lay) throw new FormatError('HDF5: dataset without dataspace, datatype or layout.');
    if (filters) throw new FormatError('HDF5: compressed (filtered) datasets are not supported; save without compression.');
    const shape = this.dataspace(ds[1]);
    const t = this.datatype(dt[1]);
    const count = shape.reduce((a, b) => a * b, 1);
    if (count > this.bytes.length * 8 + 1024) throw new FormatError(`HDF5: dataset of ${count} elements cannot fit in a ${this.bytes.length}-byte file.`);
    // Data without storage in the file (fill values, missing chunks) is bounded like the rest.
    if (count * t.size > 8 * this.bytes.length + (1 << 20)) throw new FormatError(`HDF5: dataset of ${count} elements of ${t.size} bytes cannot come from a ${this.bytes.length}-byte file.`);
    const p = lay[1];
    const version = this.u8(p);
    let raw: Uint8Array;
    if (version === 3 || version === 4) {
      const cls = this.u8(p + 1);
      if (cls === 0) { const n = this.u16(p + 2); this.check(p + 4, n, 'compact data'); raw = this.bytes.subarray(p + 4, p + 4 + n); }
      else if (cls === 1) {
        const a = this.addr(p + 2), n = this.len(p + 2 + this.offSize);
        if (a < 0 || n === 0) raw = new Uint8Array(count * t.size);
        else { this.check(a, n, 'dataset data'); raw = this.bytes.subarray(a, a + n); }
      } else if (cls === 2 && version === 3) raw = this.chunked(p, shape, t.size);
      else throw new FormatError(`HDF5: storage layout class ${cls} (version ${version}) is not supported.`);
    } else if (version === 1 || version === 2) {
      const rank = this.u8(p + 1), cls = this.u8(p + 2);
      let q = p + 8;
      if (cls === 0) throw new FormatError('HDF5: old compact layout is not supported.');
      const a = this.addr(q);
      q += this.offSize;
      void rank;
      if (cls !== 1) throw new FormatError('HDF5: old chunked layout is not supported.');
      raw = a < 0 ? new Uint8Array(count * t.size) : (this.check(a, count * t.size, 'dataset data'), this.bytes.subarray(a, a + count * t.size));
    } else throw new FormatError(`HDF5: layout message version ${version} is not supported.`);
    return { shape, dtype: this.typeName(t), data: this.decode(t, raw, count) };
  }

  /** Chunked, uncompressed data through a version-1 B-tree (type 1). */
  private chunked(p: number, shape: number[], elem: number): Uint8Array {
    const rank = this.u8(p + 2) - 1;
    const btree = this.addr(p + 3);
    const q = p + 3 + this.offSize;
    if (rank !== shape.length) throw new FormatError(`HDF5: chunked layout of rank ${rank} for a dataset of rank ${shape.length}.`);
    const chunk: number[] = [];
    for (let i = 0; i < rank; i++) {
      const c = this.u32(q + 4 * i);
      if (c === 0) throw new FormatError('HDF5: a chunk dimension is 0.');
      chunk.push(c);
    }
    const total = shape.reduce((a, b) => a * b, 1);
    const out = new Uint8Array(total * elem);
    if (btree < 0) return out;
    const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
    const visit = (node: number, depth: number) => {
      if (depth > MAX_DEPTH || !this.sig(node, 'TREE')) throw new FormatError(`HDF5: bad chunk B-tree node at byte ${node}.`);
      const level = this.u8(node + 5), used = this.u16(node + 6);
      this.spend(used, 'a chunk B-tree');
      const keySize = 8 + 8 * (rank + 1);
      let k = node + 8 + 2 * this.offSize;
      for (let i = 0; i < used; i++) {
        const csize = this.u32(k);
        const offs: number[] = [];
        for (let d = 0; d < rank; d++) offs.push(this.uN(k + 8 + 8 * d, 8));
        const child = this.addr(k + keySize);
        if (level > 0) visit(child, depth + 1);
        else {
          this.check(child, csize, 'a data chunk');
          const src = this.bytes.subarray(child, child + csize);
          const per = Math.min(chunk.reduce((a, b) => a * b, 1), Math.floor(src.length / elem));
          this.spend(per, 'chunk data');
          for (let e = 0; e < per; e++) {
            let rem = e, dst = 0, inside = true;
            for (let d = rank - 1; d >= 0; d--) {
              const c = rem % chunk[d]; rem = Math.floor(rem / chunk[d]);
              const g = offs[d] + c;
              if (g >= shape[d]) inside = false;
              dst += g * strides[d];
            }
            if (inside && (e + 1) * elem <= src.length) out.set(src.subarray(e * elem, (e + 1) * elem), dst * elem);
          }
        }
        k += keySize + this.offSize;
      }
    };
    visit(btree, 0);
    return out;
  }

  private attribute(p: number, size: number): [string, H5AttrValue] {
    const version = this.u8(p);
    const nameSize = this.u16(p + 2), typeSize = this.u16(p + 4), spaceSize = this.u16(p + 6);
    const pad = (n: number) => (version === 1 ? Math.ceil(n / 8) * 8 : n);
    let q = p + (version === 3 ? 9 : 8);
    this.check(q, nameSize, 'an attribute name');
    const name = new TextDecoder().decode(this.bytes.subarray(q, q + Math.max(0, nameSize - 1)));
    q += pad(nameSize);
    const t = this.datatype(q);
    q += pad(typeSize);
    const shape = this.dataspace(q);
    q += pad(spaceSize);
    const count = shape.reduce((a, b) => a * b, 1);
    // Every element takes at least its datatype's size inside the message (like datasets, bounded by the bytes that hold it).
    if (!(count * t.size <= size) || q + count * t.size > p + size + 8) throw new FormatError(`HDF5: attribute '${name}' declares ${count} elements of ${t.size} bytes, more than its ${size}-byte message holds.`);
    this.check(q, count * t.size, `attribute '${name}'`);
    const data = this.decode(t, this.bytes.subarray(q, q + count * t.size), count);
    if (Array.isArray(data)) return [name, shape.length === 0 ? data[0] : data];
    const nums = Array.from(data as ArrayLike<number | bigint>, Number);
    return [name, shape.length === 0 ? nums[0] : nums];
  }
}

/** Parse an HDF5 file into a tree of groups and datasets. */
export function readHdf5(bytes: Uint8Array): H5Group {
  const r = new Reader(bytes);
  if (!r.sig(0, '\x89HDF\r\n\x1a\n')) throw new FormatError('Not an HDF5 file (bad signature).');
  const version = r.u8(8);
  let root: number;
  if (version === 0 || version === 1) {
    r.offSize = r.u8(13); r.lenSize = r.u8(14);
    if (![4, 8].includes(r.offSize) || ![4, 8].includes(r.lenSize)) throw new FormatError(`HDF5: unsupported address sizes ${r.offSize}/${r.lenSize}.`);
    const entry = 24 + (version === 1 ? 4 : 0) + 4 * r.offSize;
    root = r.addr(entry + r.offSize);
  } else if (version === 2 || version === 3) {
    r.offSize = r.u8(9); r.lenSize = r.u8(10);
    root = r.addr(12 + 3 * r.offSize);
  } else throw new FormatError(`HDF5: superblock version ${version} is not supported.`);
  const node = r.node(root);
  if (node.kind !== 'group') throw new FormatError('HDF5: the root object is not a group.');
  return node;
}

/** Follow a '/'-separated path; undefined when missing. */
export function getNode(root: H5Group, path: string): H5Node | undefined {
  let cur: H5Node = root;
  for (const part of path.split('/').filter(Boolean)) {
    if (cur.kind !== 'group') return undefined;
    const next = cur.children.get(part);
    if (!next) return undefined;
    cur = next;
  }
  return cur;
}

// ---------------------------------------------------------------- writing

export interface WriteDataset { shape: number[]; data: Float32Array | Int32Array | Float64Array | BigInt64Array | Uint8Array; attrs?: Record<string, H5AttrValue> }
export interface WriteGroup { children: Record<string, WriteGroup | WriteDataset>; attrs?: Record<string, H5AttrValue> }

class Writer {
  private parts: Uint8Array[] = [];
  size = 0;
  /** Reserve n bytes; returns their address. */
  alloc(n: number): number {
    const a = this.size;
    const padded = Math.ceil(n / 8) * 8;
    this.parts.push(new Uint8Array(padded));
    this.size += padded;
    return a;
  }
  block(addr: number): Uint8Array {
    let a = 0;
    for (const p of this.parts) { if (a === addr) return p; a += p.length; }
    throw new Error('internal: no block at ' + addr);
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let a = 0;
    for (const p of this.parts) { out.set(p, a); a += p.length; }
    return out;
  }
}

const enc = new TextEncoder();
const pad8 = (n: number) => Math.ceil(n / 8) * 8;

function u16(b: Uint8Array, p: number, v: number) { b[p] = v & 255; b[p + 1] = (v >>> 8) & 255; }
function u32(b: Uint8Array, p: number, v: number) { new DataView(b.buffer, b.byteOffset).setUint32(p, v, true); }
function u64(b: Uint8Array, p: number, v: number) { new DataView(b.buffer, b.byteOffset).setBigUint64(p, v < 0 ? UNDEF : BigInt(v), true); }

function datatypeBytes(data: WriteDataset['data'] | string, strLen = 0): Uint8Array {
  if (typeof data === 'string') {
    const b = new Uint8Array(8);
    b[0] = 0x13; b[1] = 0x11; // fixed string, null-padded, UTF-8
    u32(b, 4, Math.max(strLen, 1));
    return b;
  }
  if (data instanceof Float32Array || data instanceof Float64Array) {
    const size = data.BYTES_PER_ELEMENT;
    const b = new Uint8Array(20);
    b[0] = 0x11; b[1] = 0x20; b[2] = size === 4 ? 31 : 63;
    u32(b, 4, size);
    u16(b, 8, 0); u16(b, 10, size * 8);
    if (size === 4) { b[12] = 23; b[13] = 8; b[14] = 0; b[15] = 23; u32(b, 16, 127); }
    else { b[12] = 52; b[13] = 11; b[14] = 0; b[15] = 52; u32(b, 16, 1023); }
    return b;
  }
  const size = data.BYTES_PER_ELEMENT;
  const b = new Uint8Array(12);
  b[0] = 0x10; b[1] = data instanceof Uint8Array ? 0 : 0x08;
  u32(b, 4, size);
  u16(b, 8, 0); u16(b, 10, size * 8);
  return b;
}

function dataspaceBytes(shape: number[]): Uint8Array {
  const b = new Uint8Array(8 + 8 * shape.length);
  b[0] = 1; b[1] = shape.length;
  shape.forEach((d, i) => u64(b, 8 + 8 * i, d));
  return b;
}

interface Msg { type: number; body: Uint8Array }

function attributeMsg(name: string, value: H5AttrValue): Msg {
  const nameBytes = enc.encode(name + '\0');
  let type: Uint8Array, space: Uint8Array, data: Uint8Array;
  if (typeof value === 'string' || (Array.isArray(value) && typeof value[0] === 'string')) {
    const strs = (typeof value === 'string' ? [value] : value as string[]).map((s) => enc.encode(s));
    const len = Math.max(1, ...strs.map((s) => s.length));
    type = datatypeBytes('', len);
    space = dataspaceBytes(typeof value === 'string' ? [] : [strs.length]);
    data = new Uint8Array(strs.length * len);
    strs.forEach((s, i) => data.set(s, i * len));
  } else {
    const nums = typeof value === 'number' ? [value] : (value as number[]);
    const arr = nums.every(Number.isInteger) ? Int32Array.from(nums) : Float64Array.from(nums);
    type = datatypeBytes(arr);
    space = dataspaceBytes(typeof value === 'number' ? [] : [nums.length]);
    data = new Uint8Array(arr.buffer);
  }
  const body = new Uint8Array(8 + pad8(nameBytes.length) + pad8(type.length) + pad8(space.length) + data.length);
  body[0] = 1;
  u16(body, 2, nameBytes.length); u16(body, 4, type.length); u16(body, 6, space.length);
  let q = 8;
  body.set(nameBytes, q); q += pad8(nameBytes.length);
  body.set(type, q); q += pad8(type.length);
  body.set(space, q); q += pad8(space.length);
  body.set(data, q);
  return { type: 0x0c, body };
}

function linkMsg(name: string, addr: number): Msg {
  const n = enc.encode(name);
  const body = new Uint8Array(2 + 1 + 2 + n.length + 8);
  body[0] = 1; body[1] = 0x10 | 0x01; // charset present, 2-byte name length
  body[2] = 1; // UTF-8
  u16(body, 3, n.length);
  body.set(n, 5);
  u64(body, 5 + n.length, addr);
  return { type: 0x06, body };
}

function writeHeader(w: Writer, msgs: Msg[]): number {
  const size = msgs.reduce((s, m) => s + 8 + pad8(m.body.length), 0);
  const addr = w.alloc(16 + size);
  const b = w.block(addr);
  b[0] = 1; u16(b, 2, msgs.length); u32(b, 4, 1); u32(b, 8, size);
  let q = 16;
  for (const m of msgs) {
    u16(b, q, m.type); u16(b, q + 2, pad8(m.body.length));
    b.set(m.body, q + 8);
    q += 8 + pad8(m.body.length);
  }
  return addr;
}

function writeNode(w: Writer, node: WriteGroup | WriteDataset): number {
  const attrs = Object.entries(node.attrs ?? {}).map(([k, v]) => attributeMsg(k, v));
  if ('children' in node) {
    const links = Object.entries(node.children).map(([name, child]) => linkMsg(name, writeNode(w, child)));
    // An empty link-info message marks a new-style (compact) group.
    const info: Msg = { type: 0x02, body: (() => { const b = new Uint8Array(18); u64(b, 2, -1); u64(b, 10, -1); return b; })() };
    return writeHeader(w, [info, ...links, ...attrs]);
  }
  const raw = new Uint8Array(node.data.buffer, node.data.byteOffset, node.data.byteLength);
  const dataAddr = raw.length ? w.alloc(raw.length) : -1;
  if (raw.length) w.block(dataAddr).set(raw);
  const layout = new Uint8Array(18);
  layout[0] = 3; layout[1] = 1;
  u64(layout, 2, dataAddr); u64(layout, 10, raw.length);
  const fill: Msg = { type: 0x05, body: new Uint8Array([2, 2, 2, 0]) };
  return writeHeader(w, [
    { type: 0x01, body: dataspaceBytes(node.shape) },
    { type: 0x03, body: datatypeBytes(node.data) },
    fill,
    { type: 0x08, body: layout },
    ...attrs,
  ]);
}

/** Write a tree of groups and datasets as an HDF5 file. */
export function writeHdf5(root: WriteGroup): Uint8Array {
  const w = new Writer();
  const sb = w.alloc(96);
  const rootAddr = writeNode(w, root);
  const b = w.block(sb);
  b.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
  b[8] = 0; b[9] = 0; b[10] = 0; b[11] = 0; b[12] = 0; b[13] = 8; b[14] = 8; b[15] = 0;
  u16(b, 16, 4); u16(b, 18, 16); u32(b, 20, 0);
  u64(b, 24, 0); u64(b, 32, -1); u64(b, 40, w.size); u64(b, 48, -1);
  // root symbol table entry: name offset 0, object header address, cache type 0
  u64(b, 56, 0); u64(b, 64, rootAddr); u32(b, 72, 0);
  return w.bytes();
}
