// Loads the kernels. Both artifacts are compiled at import (top-level await, no fetch: the
// bytes are inside the bundle) and instantiated over the same memory; the relaxed-SIMD one
// (FMA) is used where the runtime supports it, unless deterministic mode asks for plain SIMD.
import packed from 'neurasm-wasm:kernels.bin';
import type { Kernels } from './kernels.js';
import { memory, malloc } from './memory.js';
import { NeurasmError } from '../errors.js';

function abort(): never {
  throw new NeurasmError('A neurasm kernel aborted (this is a bug: please report it).');
}

async function instantiate(bytes: Uint8Array<ArrayBuffer>): Promise<Kernels> {
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { env: { memory, abort } });
  return instance.exports as unknown as Kernels;
}

/** The two artifacts travel as one gzip stream (see build/build.js): [u32 length][simd][relaxed]. */
async function unpack(): Promise<[Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>]> {
  if (typeof DecompressionStream === 'undefined') {
    throw new NeurasmError('neurasm needs DecompressionStream (Node ≥ 18, Deno, Bun, Chrome ≥ 80, Firefox ≥ 113, Safari ≥ 16.4).');
  }
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  const all = new Uint8Array(await new Response(stream).arrayBuffer());
  const n = new DataView(all.buffer).getUint32(0, true);
  return [all.slice(4, 4 + n), all.slice(4 + n)];
}

const [simdBytes, relaxedBytes] = await unpack();
if (typeof WebAssembly !== 'object' || !WebAssembly.validate(simdBytes)) {
  throw new NeurasmError('neurasm needs WebAssembly with SIMD (Node ≥ 20, Deno, Bun, Chrome ≥ 91, Firefox ≥ 89, Safari ≥ 16.4).');
}
const relaxedSupported = WebAssembly.validate(relaxedBytes);
const plain = await instantiate(simdBytes);
const relaxed = relaxedSupported ? await instantiate(relaxedBytes) : null;

/** The active kernel table. Read `K` at call time: setBackendFlags may switch it. */
export let K: Kernels = relaxed ?? plain;

export interface BackendFlags {
  /** Force the plain-SIMD kernels so every runtime and machine gives bit-identical results. */
  deterministic?: boolean;
}

const flags: Required<BackendFlags> = { deterministic: false };

export function setBackendFlags(f: BackendFlags): void {
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

/** Scratch for GEMM packing, allocated once. */
export const GEMM_SCRATCH = malloc(plain.gemm_scratch_bytes());
