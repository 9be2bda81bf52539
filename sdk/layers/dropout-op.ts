// The dropout mask as a stateful op: every run of the thunk draws a fresh mask (the counter
// advances at run time), so a training plan built once still drops different units per step.
import { K } from '../engine/wasm.js';
import { run1, type OpSpec } from '../tensor/op.js';
import { nextKey } from '../tensor/random.js';
import type { Shape, Tensor } from '../tensor/tensor.js';

interface MaskAttrs { shape: Shape; rate: number; seed: number | null }

const maskSpec: OpSpec<MaskAttrs> = {
  name: 'dropoutMask',
  effect: true, // never constant-folded while tracing: it must be re-drawn on every run
  infer: (_i, { shape }) => [{ shape, dtype: 'float32' }],
  kernel: (_i, [y], { rate, seed }) => {
    const key = nextKey(seed ?? undefined);
    let offset = 0;
    return () => {
      K.dropout_mask(y.ptr, y.size, key, offset, rate);
      offset = (offset + y.size) >>> 0;
    };
  },
};

/** Keep-mask scaled by 1/(1 - rate), like Keras's dropout. */
export function dropoutMask(shape: Shape, rate: number, seed: number | null): Tensor {
  return run1(maskSpec, [], { shape: [...shape], rate, seed });
}
