// Weight constraints, applied to a weight after each optimizer step (Keras semantics).
import { identifierString } from './options.js';
import { UnknownIdentifierError } from './errors.js';
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
  const name = identifierString('a constraint', typeof id === 'object' && id !== null && !Array.isArray(id) ? id.class_name : id);
  const c = (typeof id === 'string' ? {} : (id as { config?: Record<string, number> }).config ?? {}) as Record<string, number>;
  switch (name.toLowerCase().replace(/_/g, '')) {
    case 'maxnorm': return new MaxNorm(c.max_value ?? 2, c.axis ?? 0);
    case 'nonneg': return new NonNeg();
    case 'unitnorm': return new UnitNorm(c.axis ?? 0);
    case 'minmaxnorm': return new MinMaxNorm(c.min_value ?? 0, c.max_value ?? 1, c.rate ?? 1, c.axis ?? 0);
    default: throw new UnknownIdentifierError('constraint', name, ['max_norm', 'non_neg', 'unit_norm', 'min_max_norm']);
  }
}
