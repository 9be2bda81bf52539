// BatchNormalization and LayerNormalization (Keras 3 semantics), with their shared scale and
// offset (gamma, beta). BatchNormalization trains on the batch's mean and (biased) variance and
// moves the moving statistics by `momentum` with Variable.assign (an effect op, so it is also
// part of fit()'s traced plan); inference uses the moving statistics. With a mask ([batch, time]
// under [batch, time, C]) training uses the unmasked entries' moments, as Keras.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import { add, cast, div, mul, sub, rsqrt, square, where } from '../tensor/ops/elementwise.js';
import { mean, sum } from '../tensor/ops/reduce.js';
import { broadcastTo, expandDims, reshape } from '../tensor/ops/shape.js';
import { type InitializerIdentifier, getInitializer, type Initializer } from '../initializers.js';
import { Layer, registerLayer, type LayerArgs, type LayerConfig, type Mask, type ShapeSpec } from './layer.js';
import { readWeightOptions, weightConfig, weightOptions, type WeightArgs, type WeightFields } from './weight-options.js';

/** The options both normalizations take: center/scale and beta/gamma's initializer, regularizer, constraint. */
interface CenterScaleArgs extends LayerArgs, WeightArgs<'beta' | 'gamma'> {
  epsilon?: number; center?: boolean; scale?: boolean;
}

/** betaInitializer, betaRegularizer, betaConstraint and gamma's three (readWeightOptions sets them). */
interface CenterScale extends WeightFields<'beta' | 'gamma'> {}
/** What BatchNormalization and LayerNormalization share: the learned scale (gamma) and offset (beta). */
abstract class CenterScale extends Layer {
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  gamma: Variable | null = null;
  beta: Variable | null = null;

  constructor(args: CenterScaleArgs) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    readWeightOptions(this, args, { beta: 'zeros', gamma: 'ones' });
  }

  /** gamma then beta, Keras's creation order. */
  protected addGammaBeta(shape: number[]): void {
    if (this.scale) this.gamma = this.addWeight('gamma', shape, this.gammaInitializer, weightOptions(this, 'gamma'));
    if (this.center) this.beta = this.addWeight('beta', shape, this.betaInitializer, weightOptions(this, 'beta'));
  }

  /**
   * (x − m)·rsqrt(v + ε)·gamma + beta, the mean m and variance v shaped to broadcast against x
   * and `bc` shaping gamma and beta so.
   */
  protected normalize(x: Tensor, m: Tensor, v: Tensor, bc: (t: Tensor) => Tensor): Tensor {
    let inv = rsqrt(add(v, this.epsilon));
    if (this.gamma) inv = mul(inv, bc(this.gamma));
    const y = mul(sub(x, m), inv);
    return this.beta ? add(y, bc(this.beta)) : y;
  }

  /** Keras's config keys from epsilon to gamma_constraint (`between` after scale, BatchNormalization's moving-statistics initializers among the initializers). */
  protected centerScaleConfig(initializers: string[], between: LayerConfig = {}): LayerConfig {
    return {
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...between,
      ...weightConfig(this, 'initializer', initializers),
      ...weightConfig(this, 'regularizer', ['beta', 'gamma']),
      ...weightConfig(this, 'constraint', ['beta', 'gamma']),
    };
  }
}

export interface BatchNormalizationArgs extends CenterScaleArgs {
  axis?: number;
  momentum?: number;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  synchronized?: boolean;
  renorm?: boolean;
}

export class BatchNormalization extends CenterScale {
  static override className = 'BatchNormalization';
  /** Passes an input mask on (Keras's supports_masking). */
  override supportsMasking = true;
  readonly axis: number;
  readonly momentum: number;
  readonly movingMeanInitializer: Initializer;
  readonly movingVarianceInitializer: Initializer;
  movingMean: Variable | null = null;
  movingVariance: Variable | null = null;

  constructor(args: BatchNormalizationArgs = {}) {
    super(args);
    if (args.renorm) throw new ValueError('BatchNormalization: renorm is not supported.');
    this.axis = args.axis ?? -1;
    this.momentum = args.momentum ?? 0.99;
    this.movingMeanInitializer = getInitializer(args.movingMeanInitializer ?? 'zeros');
    this.movingVarianceInitializer = getInitializer(args.movingVarianceInitializer ?? 'ones');
  }

  private normAxis(rank: number): number {
    const a = this.axis < 0 ? this.axis + rank : this.axis;
    if (a < 1 || a >= rank) throw new ValueError(`Layer '${this.name}' (BatchNormalization): axis ${this.axis} is invalid for inputs of rank ${rank}.`);
    return a;
  }

  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    const s = inputShape as ShapeSpec;
    const a = this.normAxis(s.length);
    const d = s[a];
    if (d === null) throw new ShapeError(`Layer '${this.name}' (BatchNormalization): axis ${this.axis} of the input must be known, got ${fmtShape(s)}.`);
    // Keras creation order: gamma, beta, moving_mean, moving_variance.
    this.addGammaBeta([d]);
    this.movingMean = this.addWeight('moving_mean', [d], this.movingMeanInitializer, { trainable: false });
    this.movingVariance = this.addWeight('moving_variance', [d], this.movingVarianceInitializer, { trainable: false });
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec { return inputShape as ShapeSpec; }

  call(inputs: Tensor | Tensor[], training: boolean, mask: Mask = null): Tensor {
    const x = inputs as Tensor;
    const a = this.normAxis(x.rank);
    const mk0 = Array.isArray(mask) ? mask[0] ?? null : mask ?? null;
    if (mk0 && mk0.rank !== x.rank - 1) throw new ShapeError(`Layer '${this.name}': mask ${fmtShape(mk0.shape)} must have one axis less than the input ${fmtShape(x.shape)}.`);
    const reduceAxes = [...Array(x.rank).keys()].filter((i) => i !== a);
    // Per-channel vectors broadcast as [1, .., C, .., 1] (plain [C] when the axis is last).
    const bshape = x.shape.map((d, i) => (i === a ? d : 1));
    const bc = (t: Tensor) => (a === x.rank - 1 ? t : reshape(t, bshape));
    let m: Tensor, v: Tensor;
    // A frozen BatchNormalization layer runs in inference mode (Keras 3).
    if (training && this.trainable) {
      let mk: Tensor, vk: Tensor;
      if (mk0) {
        // Keras's masked moments: sums over the unmasked entries over their count (+ 1e-7).
        const w = broadcastTo(expandDims(cast(mk0, 'float32'), -1), x.shape);
        const n = add(sum(w, reduceAxes, true), 1e-7);
        mk = div(sum(where(w, x, 0), reduceAxes, true), n);
        vk = div(sum(square(where(w, sub(x, mk), 0)), reduceAxes, true), n);
      } else {
        mk = mean(x, reduceAxes, true);
        vk = mean(square(sub(x, mk)), reduceAxes, true);
      }
      m = reshape(mk, [x.shape[a]]);
      v = reshape(vk, [x.shape[a]]);
      const mom = this.momentum;
      this.movingMean!.assign(add(mul(this.movingMean!, mom), mul(m, 1 - mom)));
      this.movingVariance!.assign(add(mul(this.movingVariance!, mom), mul(v, 1 - mom)));
    } else {
      m = this.movingMean!;
      v = this.movingVariance!;
    }
    return this.normalize(x, bc(m), bc(v), bc);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      ...this.centerScaleConfig(['beta', 'gamma', 'movingMean', 'movingVariance']),
      synchronized: false,
      renorm: false,
      renorm_clipping: null,
      renorm_momentum: 0.99,
    };
  }
}

export interface LayerNormalizationArgs extends CenterScaleArgs {
  axis?: number | number[];
  rmsScaling?: boolean;
}

/** LayerNormalization (Keras 3): per-sample mean and biased variance over `axis`. */
export class LayerNormalization extends CenterScale {
  static override className = 'LayerNormalization';
  /** Passes an input mask on (Keras's supports_masking). */
  override supportsMasking = true;
  axis: number | number[];

  constructor(args: LayerNormalizationArgs = {}) {
    super(args);
    if (args.rmsScaling) throw new ValueError('LayerNormalization: rmsScaling is not supported yet.');
    this.axis = args.axis ?? -1;
  }

  private axes(rank: number): number[] {
    const list = Array.isArray(this.axis) ? this.axis : [this.axis];
    return list.map((a) => {
      const b = a < 0 ? a + rank : a;
      if (b < 1 || b >= rank) throw new ValueError(`Layer '${this.name}' (LayerNormalization): axis ${a} is invalid for inputs of rank ${rank}.`);
      return b;
    }).sort((p, q) => p - q);
  }

  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    const s = inputShape as ShapeSpec;
    const shape = this.axes(s.length).map((a) => s[a]);
    if (shape.some((d) => d === null)) throw new ShapeError(`Layer '${this.name}' (LayerNormalization): the normalized axes must be known, got ${fmtShape(s)}.`);
    // Keras keeps the axis as a list once built (and saves it so).
    if (!Array.isArray(this.axis)) this.axis = [this.axis];
    this.addGammaBeta(shape as number[]);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec { return inputShape as ShapeSpec; }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    const axes = this.axes(x.rank);
    const lastOnly = axes.length === 1 && axes[0] === x.rank - 1;
    const bshape = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const bc = (t: Tensor) => (lastOnly ? t : reshape(t, bshape));
    const m = mean(x, axes, true);
    const v = mean(square(sub(x, m)), axes, true);
    return this.normalize(x, m, v, bc);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      axis: this.axis,
      ...this.centerScaleConfig(['beta', 'gamma'], { rms_scaling: false }),
    };
  }
}

registerLayer(BatchNormalization);
registerLayer(LayerNormalization);
