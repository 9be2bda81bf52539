// Weight regularizers (Keras 3 defaults: l1 = l2 = 0.01), registered (sdk/registry.ts) under their
// Keras names ('l1', which also finds the class name 'L1'). Written with ops, so the penalty is part of the traced
// training step and its gradient comes from autodiff.
import { deserialize, register } from './registry.js';
import type { Tensor } from './tensor/tensor.js';
import { abs, add, mul, square } from './tensor/ops/elementwise.js';
import { sum } from './tensor/ops/reduce.js';
import { scalar } from './tensor/ops/creation.js';

export abstract class Regularizer {
  abstract readonly className: string;
  abstract call(x: Tensor): Tensor;
  abstract getConfig(): Record<string, number>;
  serialize() { return { module: 'keras.regularizers', class_name: this.className, config: this.getConfig(), registered_name: null }; }
}

export class L1L2 extends Regularizer {
  readonly className: string = 'L1L2';
  constructor(readonly l1 = 0, readonly l2 = 0) { super(); }
  call(x: Tensor): Tensor {
    let r: Tensor = scalar(0);
    if (this.l1) r = add(r, mul(sum(abs(x)), this.l1));
    if (this.l2) r = add(r, mul(sum(square(x)), this.l2));
    return r;
  }
  getConfig(): Record<string, number> { return { l1: this.l1, l2: this.l2 }; }
}

export class L1 extends L1L2 {
  override readonly className = 'L1';
  constructor(l1 = 0.01) { super(l1, 0); }
  // Keras's L1 keeps its factor as a float32 tensor, so its config holds the float32 value.
  override getConfig() { return { l1: Math.fround(this.l1) }; }
}

export class L2 extends L1L2 {
  override readonly className = 'L2';
  constructor(l2 = 0.01) { super(0, l2); }
  override getConfig() { return { l2: this.l2 }; }
}

export const l1 = (v = 0.01) => new L1(v);
export const l2 = (v = 0.01) => new L2(v);
/** TF.js's tf.regularizers.l1l2 (both 0.01 unless given); Keras 3's L1L2() defaults to 0 and 0. */
export const l1l2 = (a = 0.01, b = 0.01) => new L1L2(a, b);

/** The Keras regularizer names. */
export type RegularizerName = 'l1' | 'l2' | 'l1_l2';
/** A regularizer: a Keras name (any other string is looked up at run time), a Regularizer, or a Keras config. */
export type RegularizerIdentifier = RegularizerName | (string & {}) | Regularizer | { class_name: string; config: Record<string, number> };

export function getRegularizer(id: RegularizerIdentifier): Regularizer {
  if (id instanceof Regularizer) return id;
  return deserialize<Regularizer>('regularizer', id, 'regularizer')!;
}

const factors = (c: Record<string, unknown>) => c as { l1?: number; l2?: number };
register('regularizer', 'l1', (c) => new L1(factors(c).l1));
register('regularizer', 'l2', (c) => new L2(factors(c).l2));
// Keras 3: get('l1_l2') is L1L2() with l1 = l2 = 0.
register('regularizer', 'l1_l2', (c) => new L1L2(factors(c).l1, factors(c).l2)); // also 'L1L2' and 'l1l2'
