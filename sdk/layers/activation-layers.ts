// Activations as layers: ReLU (max_value, negative_slope, threshold), LeakyReLU, ELU, Softmax.
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { activation, cast, clip, greater, mul, neg, softmax, sub, add } from '../tensor/ops/index.js';

/** Keras's relu(x, negative_slope, max_value, threshold), step by step as Keras computes it. */
export function reluWithOptions(x: Tensor, negativeSlope = 0, maxValue: number | null = null, threshold = 0): Tensor {
  if (negativeSlope !== 0 && maxValue === null && threshold === 0) return activation(x, 'leaky_relu', negativeSlope);
  let negativePart: Tensor | null = null;
  if (negativeSlope !== 0) negativePart = activation(threshold !== 0 ? add(neg(x), threshold) : neg(x), 'relu');
  let clipMax = maxValue !== null;
  let y: Tensor;
  if (threshold !== 0) y = mul(x, cast(greater(x, threshold), 'float32'));
  else if (maxValue === 6) { y = activation(x, 'relu6'); clipMax = false; }
  else y = activation(x, 'relu');
  if (clipMax) y = clip(y, 0, maxValue as number);
  if (negativePart !== null) y = sub(y, mul(negativePart, negativeSlope));
  return y;
}
import { Layer, registerLayer, type LayerArgs, type LayerConfig, type ShapeSpec } from './layer.js';

abstract class ElementwiseLayer extends Layer {
  /** Passes an input mask on (Keras's supports_masking). */
  override supportsMasking = true;
  override computeOutputShape(s: ShapeSpec | ShapeSpec[]): ShapeSpec { return s as ShapeSpec; }
}

export interface ReLUArgs extends LayerArgs { maxValue?: number | null; negativeSlope?: number; threshold?: number }

export class ReLU extends ElementwiseLayer {
  static override className = 'ReLU';
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;
  constructor(args: ReLUArgs = {}) {
    super(args);
    this.maxValue = args.maxValue ?? null;
    this.negativeSlope = args.negativeSlope ?? 0;
    this.threshold = args.threshold ?? 0;
    if (this.maxValue !== null && this.maxValue < 0) throw new ValueError(`ReLU: maxValue must be ≥ 0, got ${this.maxValue}.`);
    if (this.negativeSlope < 0) throw new ValueError(`ReLU: negativeSlope must be ≥ 0, got ${this.negativeSlope}.`);
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    return reluWithOptions(inputs as Tensor, this.negativeSlope, this.maxValue, this.threshold);
  }
  override getConfig(): LayerConfig {
    return { ...super.getConfig(), max_value: this.maxValue, negative_slope: this.negativeSlope, threshold: this.threshold };
  }
}

export interface LeakyReLUArgs extends LayerArgs { negativeSlope?: number; alpha?: number }

export class LeakyReLU extends ElementwiseLayer {
  static override className = 'LeakyReLU';
  readonly negativeSlope: number;
  constructor(args: LeakyReLUArgs = {}) {
    super(args);
    this.negativeSlope = args.negativeSlope ?? args.alpha ?? 0.2; // Keras 3 default 0.2
  }
  call(inputs: Tensor | Tensor[]): Tensor { return activation(inputs as Tensor, 'leaky_relu', this.negativeSlope); }
  override getConfig(): LayerConfig { return { ...super.getConfig(), negative_slope: this.negativeSlope }; }
}

export interface ELUArgs extends LayerArgs { alpha?: number }

export class ELU extends ElementwiseLayer {
  static override className = 'ELU';
  readonly alpha: number;
  constructor(args: ELUArgs = {}) { super(args); this.alpha = args.alpha ?? 1; }
  call(inputs: Tensor | Tensor[]): Tensor { return activation(inputs as Tensor, 'elu', this.alpha); }
  override getConfig(): LayerConfig { return { ...super.getConfig(), alpha: this.alpha }; }
}

export interface SoftmaxArgs extends LayerArgs { axis?: number }

export class Softmax extends ElementwiseLayer {
  static override className = 'Softmax';
  readonly axis: number;
  constructor(args: SoftmaxArgs = {}) { super(args); this.axis = args.axis ?? -1; }
  call(inputs: Tensor | Tensor[]): Tensor { return softmax(inputs as Tensor, this.axis); }
  override getConfig(): LayerConfig { return { ...super.getConfig(), axis: this.axis }; }
}

for (const cls of [ReLU, LeakyReLU, ELU, Softmax]) registerLayer(cls);
