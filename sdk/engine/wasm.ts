// Loads the kernels. Both artifacts are compiled at import (top-level await, no fetch: the
// bytes are inside the bundle) and instantiated over the same memory; the relaxed-SIMD one
// (FMA) is used where the runtime supports it, unless deterministic mode asks for plain SIMD.
// The convolution kernels are a second module, loaded with their layers (loadKernelModule).
import packed from 'neurasm-wasm:kernels.bin';
import type { Kernels } from '../generated/kernels.js';
import { memory, malloc, setZeroFill, sharedMemory } from './memory.js';
import { NeurasmError, ValueError, describeValue } from '../errors.js';

function abort(): never {
  throw new NeurasmError('A neurasm kernel aborted (this is a bug: please report it).');
}

/**
 * The kernels import a non-shared memory (asc --importMemory --maximumMemory); over a shared
 * memory the import must say so. Set the `shared` bit of the memory import's limits in place:
 * the flags byte 0x01 (min, max) becomes 0x03 (min, max, shared); no size changes.
 */
function importSharedMemory(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const b = bytes.slice();
  let p = 8; // magic + version
  const leb = (): number => { let r = 0, s = 0, x: number; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
  while (p < b.length) {
    const id = b[p++], size = leb(), end = p + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        for (let name = 0; name < 2; name++) { const len = leb(); p += len; } // module and field names
        const kind = b[p++];
        if (kind === 2) {
          if (b[p] !== 0x01) throw new NeurasmError('neurasm: unexpected memory import limits in the kernels (build bug).');
          b[p] = 0x03;
          return b;
        }
        if (kind === 0) leb(); // function: type index
        else if (kind === 1) { p++; const f = b[p++]; leb(); if (f & 1) leb(); } // table
        else if (kind === 3) p += 2; // global: type, mutability
        else throw new NeurasmError('neurasm: unexpected import kind in the kernels (build bug).');
      }
    }
    p = end;
  }
  throw new NeurasmError('neurasm: the kernels import no memory (build bug).');
}

async function instantiate<T>(bytes: Uint8Array<ArrayBuffer>): Promise<T> {
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { env: { memory, abort } });
  return instance.exports as unknown as T;
}

/**
 * A module's two artifacts travel as one gzip stream (build/kernels.js packKernels): [u32 simd
 * length][u32 relaxed length], then their 8 KiB blocks in turns.
 */
async function unpack(packed: Uint8Array<ArrayBuffer>): Promise<[Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>]> {
  if (typeof DecompressionStream === 'undefined') {
    throw new NeurasmError('neurasm needs DecompressionStream (Node ≥ 18, Deno, Bun, Chrome ≥ 80, Firefox ≥ 113, Safari ≥ 16.4).');
  }
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  const all = new Uint8Array(await new Response(stream).arrayBuffer());
  const view = new DataView(all.buffer);
  const out = [new Uint8Array(view.getUint32(0, true)), new Uint8Array(view.getUint32(4, true))];
  const BLOCK = 8192;
  for (let at = 0, from = 8; at < Math.max(out[0].length, out[1].length); at += BLOCK) {
    for (const a of out) {
      const n = Math.min(BLOCK, a.length - at);
      if (n <= 0) continue; // the shorter artifact has run out of blocks
      a.set(all.subarray(from, from + n), at);
      from += n;
    }
  }
  return out as [Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>];
}

/** Both artifacts of a packed module, ready for this memory (shared where threads can run). */
async function artifacts(packed: Uint8Array<ArrayBuffer>): Promise<[Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>]> {
  const unpacked = await unpack(packed);
  return sharedMemory ? unpacked.map(importSharedMemory) as typeof unpacked : unpacked;
}

const [simdBytes, relaxedBytes] = await artifacts(packed);
if (typeof WebAssembly !== 'object' || !WebAssembly.validate(simdBytes)) {
  throw new NeurasmError('neurasm needs WebAssembly with SIMD (Node ≥ 20, Deno, Bun, Chrome ≥ 91, Firefox ≥ 89, Safari ≥ 16.4).');
}
const relaxedSupported = WebAssembly.validate(relaxedBytes);
const plain = await instantiate<Kernels>(simdBytes);
setZeroFill((a, b) => plain.fill(a, (b - a) >>> 2, 0));
const relaxed = relaxedSupported ? await instantiate<Kernels>(relaxedBytes) : null;

/** The active kernel table. Read `K` at call time: setBackendFlags may switch it. */
export let K: Kernels = relaxed ?? plain;

export interface BackendFlags {
  /** Force the plain-SIMD kernels so every runtime and machine gives bit-identical results. */
  deterministic?: boolean;
}

const flags: Required<BackendFlags> = { deterministic: false };

export function setBackendFlags(f: BackendFlags): void {
  if (f === null || typeof f !== 'object' || (f.deterministic !== undefined && typeof f.deterministic !== 'boolean')) {
    const got = typeof f === 'object' && f !== null ? `deterministic: ${describeValue(f.deterministic)}` : describeValue(f);
    throw new ValueError(`setBackendFlags: expected {deterministic: true | false}, got ${got}.`);
  }
  if (f.deterministic !== undefined) flags.deterministic = !!f.deterministic;
  K = flags.deterministic || relaxed === null ? plain : relaxed;
}

export interface BackendInfo {
  /** 'wasm-relaxed-simd' (FMA) or 'wasm-simd' */
  kernels: string;
  relaxedSimdSupported: boolean;
  deterministic: boolean;
  memoryBytes: number;
}

export function getBackend(): BackendInfo {
  return {
    kernels: K === relaxed ? 'wasm-relaxed-simd' : 'wasm-simd',
    relaxedSimdSupported: relaxedSupported,
    deterministic: flags.deterministic,
    memoryBytes: memory.buffer.byteLength,
  };
}

/**
 * The artifacts' bytes by feature set (plain first), each the list of modules that make its
 * kernel table: for worker threads to instantiate over the same memory. loadKernelModule adds
 * to each list.
 */
export const kernelBytes: Uint8Array<ArrayBuffer>[][] = relaxed ? [[simdBytes], [relaxedBytes]] : [[simdBytes]];

/** Index into kernelBytes of the active kernels. */
export function activeArtifact(): number {
  return K === plain ? 0 : 1;
}

/**
 * Another kernel module (build/kernels.js MODULES: the convolution kernels), instantiated over
 * the same memory in both feature sets. The returned function gives its kernels of the active
 * set (call it at call time, as K is read: setBackendFlags may switch). Worker threads get it
 * when their pool next starts (engine/threads.ts restarts a running pool).
 */
export async function loadKernelModule<T>(packedModule: Uint8Array<ArrayBuffer>): Promise<() => T> {
  const [s, r] = await artifacts(packedModule);
  const p = await instantiate<T>(s);
  const x = relaxed ? await instantiate<T>(r) : null;
  kernelBytes[0].push(s);
  if (x) kernelBytes[1].push(r);
  return () => (x !== null && K === relaxed ? x : p);
}

/** Scratch for GEMM packing, allocated once (each worker thread has its own). */
export const GEMM_SCRATCH_BYTES = plain.gemm_scratch_bytes();
export const GEMM_SCRATCH = malloc(GEMM_SCRATCH_BYTES);
