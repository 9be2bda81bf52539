// The one linear memory and its allocator. The allocator lives in JS: requests are rounded to
// size classes, freed blocks merge with free neighbours and are split again for any request
// that fits (so freed memory serves larger requests too), and a free tail lowers the top. A
// training loop that allocates the same sizes every step reuses the same blocks.
import { ResourceError, ShapeError, StateError } from '../errors.js';

const PAGE = 65536;
/** Below this address: the kernels' static data (math tables) and the meta scratch. */
export const HEAP_START = 4 * PAGE;
/** Scratch for small i32 tables (shapes, strides) handed to kernels, reused per call. */
export const META_PTR = 2 * PAGE;
const META_BYTES = PAGE;
const ALIGN = 64;
const MAX_PAGES = 65536; // 4 GiB, the wasm32 limit

/**
 * Shared where the runtime allows it (Node, Deno, Bun; browsers on cross-origin-isolated pages),
 * so a worker pool can run kernels over the same tensors (engine/threads.ts).
 */
function createMemory(): [WebAssembly.Memory, boolean] {
  if (typeof SharedArrayBuffer === 'function') {
    try { return [new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true }), true]; } catch { /* not allowed here */ }
  }
  return [new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES }), false];
}
export const [memory, sharedMemory] = createMemory();

let buffer = memory.buffer as ArrayBuffer;
let f32 = new Float32Array(buffer);
let i32 = new Int32Array(buffer);
let u8 = new Uint8Array(buffer);

function refresh(): void {
  buffer = memory.buffer as ArrayBuffer;
  f32 = new Float32Array(buffer);
  i32 = new Int32Array(buffer);
  u8 = new Uint8Array(buffer);
}

/** Views over the whole memory; re-created after memory.grow detaches the old buffer. */
export function heapF32(): Float32Array { if (buffer !== memory.buffer) refresh(); return f32; }
export function heapI32(): Int32Array { if (buffer !== memory.buffer) refresh(); return i32; }
export function heapU8(): Uint8Array { if (buffer !== memory.buffer) refresh(); return u8; }

/** Largest request the 4 GiB memory could ever hold. */
export const MAX_ALLOC_BYTES = MAX_PAGES * PAGE - HEAP_START;

/**
 * Round a request up to its size class: 64-byte multiples up to 256 B, then four classes per
 * doubling up to 1 MiB, then 64 KiB multiples (large blocks are split from coalesced ones).
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  if (bytes > BIG) return Math.ceil(bytes / PAGE) * PAGE;
  const p = 2 ** Math.floor(Math.log2(bytes));
  const step = p / 4;
  return Math.ceil(bytes / step) * step;
}
const BIG = 1 << 20;

/** Free-list bin of a block: bin k holds sizes in [class k, class k+1). */
function binOf(size: number): number {
  if (size <= 256) return size / ALIGN - 1;
  const e = Math.floor(Math.log2(size));
  return 3 + (e - 8) * 4 + Math.floor((size - 2 ** e) / 2 ** (e - 2));
}

// Free blocks, coalesced: by start (→ size), by end (→ start), and binned by size.
const freeAt = new Map<number, number>();
const freeEnd = new Map<number, number>();
const bins: Set<number>[] = Array.from({ length: binOf(MAX_PAGES * PAGE) + 1 }, () => new Set());
/** Live blocks: start → size (a free of anything else is a bug and throws). */
const used = new Map<number, number>();
let top = HEAP_START;
/** Bytes at or above this were never handed out, so they are still zero. */
let clean = HEAP_START;
let bytesInUse = 0;

function addFree(start: number, size: number): void {
  freeAt.set(start, size); freeEnd.set(start + size, start); bins[binOf(size)].add(start);
}
function removeFree(start: number, size: number): void {
  freeAt.delete(start); freeEnd.delete(start + size); bins[binOf(size)].delete(start);
}

/** A free block of at least `size` bytes (the first of the smallest bin that surely fits). */
function findFree(size: number): number {
  const b = binOf(size);
  for (const s of bins[b]) if (freeAt.get(s)! >= size) return s;
  for (let k = b + 1; k < bins.length; k++) {
    const set = bins[k];
    if (set.size > 0) return set.values().next().value!;
  }
  return -1;
}

/**
 * Allocate `bytes` (zeroed unless `zero` is false), 64-byte aligned. Returns the byte offset. A size that is not a
 * non-negative integer, or that cannot fit, throws before anything changes.
 */
export function malloc(bytes: number, zero = true): number {
  // Number.isInteger is false for anything but a number.
  if (!Number.isInteger(bytes) || bytes < 0) throw new ShapeError(`malloc: the size must be a non-negative integer number of bytes, got ${String(bytes)} (a shape with a NaN, negative or fractional dimension?).`);
  if (bytes > MAX_ALLOC_BYTES) throw new ResourceError(`Out of memory: cannot allocate ${bytes} bytes; WebAssembly memory is limited to 4 GiB (${bytesInUse} bytes in ${used.size} live blocks).`);
  const size = sizeClass(Math.max(bytes, 1));
  let ptr = findFree(size);
  if (ptr >= 0) {
    const have = freeAt.get(ptr)!;
    removeFree(ptr, have);
    if (have > size) addFree(ptr + size, have - size);
  } else {
    // Extend from the top; a free block that ends at the top is reused as the start.
    const tail = freeEnd.get(top);
    const start = tail ?? top;
    const end = start + size;
    const have = memory.buffer.byteLength;
    if (end > have) {
      const need = Math.ceil((end - have) / PAGE);
      const pages = Math.min(Math.max(need, Math.ceil(have / PAGE / 4)), MAX_PAGES - have / PAGE); // grow by ≥ 25%
      if (pages < need) throw new ResourceError(`Out of memory: cannot allocate ${bytes} bytes; the 4 GiB WebAssembly memory is full (${bytesInUse} bytes in ${used.size} live blocks).`);
      grow(need, pages, bytes);
    }
    if (tail !== undefined) removeFree(tail, top - tail);
    ptr = start;
    top = end;
  }
  // Memory never handed out is zero already: left untouched, it takes no resident memory.
  if (zero) zeroFill(ptr, Math.min(ptr + size, clean));
  if (top > clean) clean = top;
  used.set(ptr, size);
  bytesInUse += size;
  return ptr;
}

/**
 * Zeroes bytes [a, b), both multiples of 64 (blocks and the top are), with the kernels' SIMD fill,
 * which wasm.ts installs before the first allocation: on shared memory a typed array's fill ran at
 * 1.3 (Uint8Array) to 5 GB/s (Int32Array) in V8, the wasm loop at 20.
 */
let zeroFill: (a: number, b: number) => void;
export function setZeroFill(f: typeof zeroFill): void { zeroFill = f; }

/** memory.grow by `pages`, or at least `need` pages; a runtime that refuses gives a ResourceError. */
function grow(need: number, pages: number, bytes: number): void {
  try { memory.grow(pages); return; } catch { /* try the minimum */ }
  try { memory.grow(need); } catch (e) {
    throw new ResourceError(`Out of memory: cannot allocate ${bytes} bytes; this runtime refused to grow WebAssembly memory past ${memory.buffer.byteLength} bytes (${(e as Error).message}).`);
  }
}

/** Return a block; it merges with free neighbours, and a free tail lowers the top. */
export function free(ptr: number, _bytes?: number): void {
  const size = used.get(ptr);
  if (size === undefined) throw new StateError(`free: ${ptr} is not a live block (double free?). This is a bug: please report it.`);
  used.delete(ptr);
  bytesInUse -= size;
  let start = ptr, end = ptr + size;
  const prev = freeEnd.get(start);
  if (prev !== undefined) { removeFree(prev, start - prev); start = prev; }
  const next = freeAt.get(end);
  if (next !== undefined) { removeFree(end, next); end += next; }
  if (end === top) top = start;
  else addFree(start, end - start);
}

export interface HeapStats { blocks: number; bytesInUse: number; heapBytes: number; memoryBytes: number; freeBlocks: number }

export function heapStats(): HeapStats {
  return { blocks: used.size, bytesInUse, heapBytes: top - HEAP_START, memoryBytes: memory.buffer.byteLength, freeBlocks: freeAt.size };
}

/** Write small integer tables into the meta scratch; returns its pointer. */
export function writeMeta(values: ArrayLike<number>, reserve = 0): number {
  if ((values.length + reserve) * 4 > META_BYTES) throw new ResourceError('Kernel metadata too large (rank too high).');
  const h = heapI32();
  const base = META_PTR >>> 2;
  for (let i = 0; i < values.length; i++) h[base + i] = values[i];
  return META_PTR;
}
