// The one linear memory and its allocator. The allocator lives in JS: blocks are rounded to
// size classes (four per power of two) and recycled from per-class free lists, so a training
// loop that allocates the same sizes every step reuses the same blocks and memory stays flat.
import { ResourceError } from '../errors.js';

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

/** Round a request up to its size class: 64-byte multiples, four classes per doubling. */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const p = 2 ** Math.floor(Math.log2(bytes));
  const step = p / 4;
  const c = Math.ceil(bytes / step) * step;
  return Math.ceil(c / ALIGN) * ALIGN;
}

const freeLists = new Map<number, number[]>();
let top = HEAP_START;
let blocksInUse = 0;
let bytesInUse = 0;

/** Allocate `bytes` (zeroed), 64-byte aligned. Returns the byte offset. */
export function malloc(bytes: number): number {
  const size = sizeClass(Math.max(bytes, 1));
  const list = freeLists.get(size);
  let ptr: number;
  if (list !== undefined && list.length > 0) {
    ptr = list.pop()!;
    heapU8().fill(0, ptr, ptr + size);
  } else {
    ptr = top;
    const end = top + size;
    if (end > memory.buffer.byteLength) {
      const need = Math.ceil((end - memory.buffer.byteLength) / PAGE);
      const grow = Math.max(need, Math.ceil(memory.buffer.byteLength / PAGE / 4)); // grow by ≥ 25%
      const pages = Math.min(memory.buffer.byteLength / PAGE + grow, MAX_PAGES) - memory.buffer.byteLength / PAGE;
      if (pages < need) {
        throw new ResourceError(`Out of memory: cannot allocate ${bytes} bytes; the 4 GiB WebAssembly memory is full (${bytesInUse} bytes in ${blocksInUse} live blocks).`);
      }
      memory.grow(pages);
    }
    top = end;
  }
  blocksInUse++;
  bytesInUse += size;
  return ptr;
}

export function free(ptr: number, bytes: number): void {
  const size = sizeClass(Math.max(bytes, 1));
  let list = freeLists.get(size);
  if (list === undefined) { list = []; freeLists.set(size, list); }
  list.push(ptr);
  blocksInUse--;
  bytesInUse -= size;
}

export interface HeapStats { blocks: number; bytesInUse: number; heapBytes: number; memoryBytes: number }

export function heapStats(): HeapStats {
  return { blocks: blocksInUse, bytesInUse, heapBytes: top - HEAP_START, memoryBytes: memory.buffer.byteLength };
}

/** Write small integer tables into the meta scratch; returns its pointer. */
export function writeMeta(values: ArrayLike<number>, reserve = 0): number {
  if ((values.length + reserve) * 4 > META_BYTES) throw new ResourceError('Kernel metadata too large (rank too high).');
  const h = heapI32();
  const base = META_PTR >> 2;
  for (let i = 0; i < values.length; i++) h[base + i] = values[i];
  return META_PTR;
}
