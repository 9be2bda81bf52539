// The global random stream (setSeed) and per-call keys. Kernels are counter-based, so a key
// and a count fully determine the numbers, in every runtime.
import { ValueError, describeValue } from '../errors.js';

let globalSeed = (Date.now() ^ (Math.random() * 0x100000000)) >>> 0;
let counter = 0;

/** keras.utils.set_random_seed: fixes initializers, shuffling and dropout from here on. */
export function setSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ValueError(`setSeed: seed must be a non-negative integer, got ${describeValue(seed)}.`);
  globalSeed = seed >>> 0;
  counter = 0;
}

function hash32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16; h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A fresh key from the global stream, or derived from an explicit seed. */
export function nextKey(seed?: number): number {
  if (seed !== undefined && seed !== null) return hash32(seed >>> 0, 0x5eed);
  return hash32(globalSeed, counter++);
}

/** A JS-side generator for shuffles and splits, from a key: uniform in [0, 1). */
export function makeRng(key: number): () => number {
  let i = 0;
  return () => hash32(key, i++) / 4294967296;
}

/** In-place Fisher–Yates shuffle with a seeded generator. */
export function shuffleInPlace<T>(arr: { length: number; [i: number]: T }, rng: () => number): void {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = arr[i]; arr[i] = arr[j]; arr[j] = t;
  }
}
