// The dropout mask as a stateful op: every run of the thunk draws a fresh mask (the counter
// advances at run time), so a training plan built once still drops different units per step;
// and SeedGenerator, a seeded layer's stream (Keras's), so its eager calls and its plans'
// runs go on drawing new numbers from one sequence instead of each restarting it.
import { K } from '../engine/wasm.js';
import { run1, type OpSpec } from '../tensor/op.js';
import { nextKey } from '../tensor/random.js';
import type { Shape, Tensor } from '../tensor/tensor.js';

/** Keras's SeedGenerator: a key from a seed, and how far the layer has drawn from it. */
export class SeedGenerator {
  readonly key: number;
  offset = 0;
  constructor(seed: number) { this.key = nextKey(seed); }
  /** The counter for a draw of n numbers, advanced past it. */
  take(n: number): number { const o = this.offset; this.offset = (o + n) >>> 0; return o; }
}

/** A seed for the random ops: a layer's generator, a fixed seed, or null for the global stream. */
export type SeedLike = SeedGenerator | number | null;

/** The key and counter source of a random op bound now: a generator's stream, or a fresh one. */
export function randomStream(seed: SeedLike): (n: number) => [number, number] {
  if (seed instanceof SeedGenerator) return (n) => [seed.key, seed.take(n)];
  const key = nextKey(seed ?? undefined);
  let offset = 0;
  return (n) => { const o = offset; offset = (o + n) >>> 0; return [key, o]; };
}

interface MaskAttrs { shape: Shape; rate: number; seed: SeedLike }

const maskSpec: OpSpec<MaskAttrs> = {
  name: 'dropoutMask',
  effect: true, // never constant-folded while tracing: it must be re-drawn on every run
  infer: (_i, { shape }) => [{ shape, dtype: 'float32' }],
  kernel: (_i, [y], { rate, seed }) => {
    const draw = randomStream(seed);
    return () => {
      const [key, offset] = draw(y.size);
      K.dropout_mask(y.ptr, y.size, key, offset, rate);
    };
  },
};

/** Keep-mask scaled by 1/(1 - rate), like Keras's dropout. */
export function dropoutMask(shape: Shape, rate: number, seed: SeedLike): Tensor {
  return run1(maskSpec, [], { shape: [...shape], rate, seed });
}
