// Weight constraints, applied to a weight after each optimizer step (Keras semantics), registered
// (sdk/registry.ts) under their Keras names ('max_norm', which also finds 'MaxNorm').
import { deserialize, register } from './registry.js';
import type { Tensor } from './tensor/tensor.js';
import { add, clip, div, mul, relu, sqrt, square, sum } from './tensor/ops/index.js';

const EPS = 1e-7;

export abstract class Constraint {
  abstract readonly className: string;
  abstract call(w: Tensor): Tensor;
  getConfig(): Record<string, unknown> { return {}; }
  serialize() { return { module: 'keras.constraints', class_name: this.className, config: this.getConfig(), registered_name: null }; }
}

export class MaxNorm extends Constraint {
  readonly className = 'MaxNorm';
  constructor(readonly maxValue = 2, readonly axis: number | number[] = 0) { super(); }
  call(w: Tensor): Tensor {
    const norms = sqrt(sum(square(w), this.axis, true));
    const desired = clip(norms, 0, this.maxValue);
    return mul(w, div(desired, add(norms, EPS)));
  }
  override getConfig() { return { max_value: this.maxValue, axis: this.axis }; }
}

export class NonNeg extends Constraint {
  readonly className = 'NonNeg';
  call(w: Tensor): Tensor { return relu(w); }
}

export class UnitNorm extends Constraint {
  readonly className = 'UnitNorm';
  constructor(readonly axis: number | number[] = 0) { super(); }
  call(w: Tensor): Tensor { return div(w, add(sqrt(sum(square(w), this.axis, true)), EPS)); }
  override getConfig() { return { axis: this.axis }; }
}

export class MinMaxNorm extends Constraint {
  readonly className = 'MinMaxNorm';
  constructor(readonly minValue = 0, readonly maxValue = 1, readonly rate = 1, readonly axis: number | number[] = 0) { super(); }
  call(w: Tensor): Tensor {
    const norms = sqrt(sum(square(w), this.axis, true));
    const desired = add(mul(clip(norms, this.minValue, this.maxValue), this.rate), mul(norms, 1 - this.rate));
    return mul(w, div(desired, add(norms, EPS)));
  }
  override getConfig() { return { min_value: this.minValue, max_value: this.maxValue, rate: this.rate, axis: this.axis }; }
}

export const maxNorm = (maxValue = 2, axis: number | number[] = 0) => new MaxNorm(maxValue, axis);
export const nonNeg = () => new NonNeg();
export const unitNorm = (axis: number | number[] = 0) => new UnitNorm(axis);

/** The Keras constraint names. */
export type ConstraintName = 'max_norm' | 'non_neg' | 'unit_norm' | 'min_max_norm';
/** A constraint: a Keras name (any other string is looked up at run time), a Constraint, or a Keras config. */
export type ConstraintIdentifier = ConstraintName | (string & {}) | Constraint | { class_name: string; config: Record<string, unknown> };

export function getConstraint(id: ConstraintIdentifier): Constraint {
  if (id instanceof Constraint) return id;
  return deserialize<Constraint>('constraint', id, 'constraint')!;
}

type Norms = { max_value?: number; min_value?: number; rate?: number; axis?: number | number[] };
const norms = (make: (c: Norms) => Constraint) => (c: Record<string, unknown>) => make(c as Norms);
register('constraint', 'max_norm', norms((c) => new MaxNorm(c.max_value ?? 2, c.axis ?? 0)));
register('constraint', 'non_neg', () => new NonNeg());
register('constraint', 'unit_norm', norms((c) => new UnitNorm(c.axis ?? 0)));
register('constraint', 'min_max_norm', norms((c) => new MinMaxNorm(c.min_value ?? 0, c.max_value ?? 1, c.rate ?? 1, c.axis ?? 0)));
