// Pooling layers (channels_last): Max/AveragePooling2D, Max/AveragePooling1D (as 2-d pooling
// over a height-1 image) and the global poolings. Masks (Keras 3): GlobalAveragePooling1D
// averages the unmasked steps only and drops the mask; the other poolings drop it unused.
import { ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { maxPool2d, avgPool2d, type Padding } from '../tensor/ops/conv.js';
import { mean, max, sum } from '../tensor/ops/reduce.js';
import { cast, div, where } from '../tensor/ops/elementwise.js';
import { reshape } from '../tensor/ops/shape.js';
import { Layer, layerArgs, isNumberOrList, registerLayer, type LayerArgs, type LayerConfig, type Mask, type ShapeSpec } from './layer.js';
import { pair, checkPadding, checkDataFormat, convOutLength } from './conv.js';

export interface Pooling2DArgs extends LayerArgs {
  poolSize?: number | number[];
  strides?: number | number[] | null;
  padding?: 'valid' | 'same';
  dataFormat?: 'channels_last';
}

abstract class Pooling2D extends Layer {
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;

  /** `new MaxPooling2D(2)`, `new MaxPooling2D([2, 2], {strides: 1})` or `new MaxPooling2D({poolSize: 2})`. */
  constructor(poolSize?: number | number[] | Pooling2DArgs, args: Pooling2DArgs = {}) {
    const a = layerArgs<typeof args>(new.target, poolSize, args, 'poolSize', isNumberOrList);
    super(a);
    const what = (this.constructor as typeof Layer).className;
    checkDataFormat(a.dataFormat, what);
    this.poolSize = pair(a.poolSize, [2, 2], `${what}: poolSize`);
    this.strides = pair(a.strides, this.poolSize, `${what}: strides`);
    this.padding = checkPadding(a.padding, what);
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const s = inputShape as ShapeSpec;
    if (s.length !== 4) throw new ShapeError(`Layer '${this.name}' (${this.className}) expects a 4-d input [batch, height, width, channels], got ${fmtShape(s)}.`);
    const oh = convOutLength(s[1], this.poolSize[0], this.strides[0], 1, this.padding);
    const ow = convOutLength(s[2], this.poolSize[1], this.strides[1], 1, this.padding);
    if ((oh !== null && oh <= 0) || (ow !== null && ow <= 0)) throw new ShapeError(`Layer '${this.name}' (${this.className}): pool ${this.poolSize.join('x')} does not fit input ${fmtShape(s)}.`);
    return [s[0], oh, ow, s[3]];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), pool_size: this.poolSize, padding: this.padding, strides: this.strides, data_format: 'channels_last' };
  }
}

export class MaxPooling2D extends Pooling2D {
  static override className = 'MaxPooling2D';
  call(inputs: Tensor | Tensor[]): Tensor { return maxPool2d(inputs as Tensor, this.poolSize, this.strides, this.padding); }
}

export class AveragePooling2D extends Pooling2D {
  static override className = 'AveragePooling2D';
  call(inputs: Tensor | Tensor[]): Tensor { return avgPool2d(inputs as Tensor, this.poolSize, this.strides, this.padding); }
}

/** Pooling2DArgs's options (a size is a number or a one-element list). */
export interface Pooling1DArgs extends Pooling2DArgs {}

abstract class Pooling1D extends Layer {
  readonly poolSize: number;
  readonly strides: number;
  readonly padding: Padding;
  protected abstract readonly isMax: boolean;

  /** `new MaxPooling1D(2)` or `new MaxPooling1D({poolSize: 2, strides: 1})`. */
  constructor(poolSize?: number | number[] | Pooling1DArgs, args: Pooling1DArgs = {}) {
    const a = layerArgs<typeof args>(new.target, poolSize, args, 'poolSize', isNumberOrList);
    super(a);
    const what = (this.constructor as typeof Layer).className;
    checkDataFormat(a.dataFormat, what);
    const one = (v: number | number[] | null | undefined) => (Array.isArray(v) ? v[0] : v);
    this.poolSize = pair(one(a.poolSize), [2, 2], `${what}: poolSize`)[0];
    this.strides = pair(one(a.strides), [this.poolSize, this.poolSize], `${what}: strides`)[0];
    this.padding = checkPadding(a.padding, what);
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const s = inputShape as ShapeSpec;
    if (s.length !== 3) throw new ShapeError(`Layer '${this.name}' (${this.className}) expects a 3-d input [batch, steps, channels], got ${fmtShape(s)}.`);
    const o = convOutLength(s[1], this.poolSize, this.strides, 1, this.padding);
    if (o !== null && o <= 0) throw new ShapeError(`Layer '${this.name}' (${this.className}): pool ${this.poolSize} does not fit input ${fmtShape(s)}.`);
    return [s[0], o, s[2]];
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    if (x.rank !== 3) throw new ShapeError(`Layer '${this.name}' (${this.className}) expects a 3-d input [batch, steps, channels], got ${fmtShape(x.shape)}.`);
    const x4 = reshape(x, [x.shape[0], 1, x.shape[1], x.shape[2]]);
    const y = (this.isMax ? maxPool2d : avgPool2d)(x4, [1, this.poolSize], [1, this.strides], this.padding);
    return reshape(y, [y.shape[0], y.shape[2], y.shape[3]]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), pool_size: [this.poolSize], padding: this.padding, strides: [this.strides], data_format: 'channels_last' };
  }
}

export class MaxPooling1D extends Pooling1D {
  static override className = 'MaxPooling1D';
  protected readonly isMax = true;
}

export class AveragePooling1D extends Pooling1D {
  static override className = 'AveragePooling1D';
  protected readonly isMax = false;
}

export interface GlobalPoolingArgs extends LayerArgs { dataFormat?: 'channels_last'; keepdims?: boolean }

abstract class GlobalPooling extends Layer {
  protected abstract readonly spatial: number;
  protected abstract reduce(x: Tensor, axes: number[], keep: boolean, mask: Tensor | null): Tensor;
  readonly keepdims: boolean;
  constructor(args: GlobalPoolingArgs = {}) {
    super(args);
    checkDataFormat(args.dataFormat, (this.constructor as typeof Layer).className);
    this.keepdims = args.keepdims ?? false;
  }
  private axes(): number[] { return Array.from({ length: this.spatial }, (_, i) => i + 1); }
  private checkRank(rank: number, shape: readonly (number | null)[]): void {
    if (rank !== this.spatial + 2) throw new ShapeError(`Layer '${this.name}' (${this.className}) expects a ${this.spatial + 2}-d input, got ${fmtShape(shape)}.`);
  }
  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const s = inputShape as ShapeSpec;
    this.checkRank(s.length, s);
    return this.keepdims ? [s[0], ...this.axes().map(() => 1), s[s.length - 1]] : [s[0], s[s.length - 1]];
  }
  call(inputs: Tensor | Tensor[], _training?: boolean, mask: Mask = null): Tensor {
    const x = inputs as Tensor;
    this.checkRank(x.rank, x.shape);
    return this.reduce(x, this.axes(), this.keepdims, Array.isArray(mask) ? mask[0] ?? null : mask ?? null);
  }
  override getConfig(): LayerConfig { return { ...super.getConfig(), data_format: 'channels_last', keepdims: this.keepdims }; }
}

export class GlobalAveragePooling1D extends GlobalPooling {
  static override className = 'GlobalAveragePooling1D';
  protected readonly spatial = 1;
  /** Keras: it takes a mask (supports_masking) but its output has none. */
  override supportsMasking = true;
  override computeMask(): Mask { return null; }
  /** With a mask, Keras's masked mean: the sum over the unmasked steps over their count (0/0 is NaN, as in Keras). */
  protected reduce(x: Tensor, axes: number[], keep: boolean, mask: Tensor | null): Tensor {
    if (!mask) return mean(x, axes, keep);
    const [B, T] = x.shape;
    const m = reshape(mask.dtype === 'float32' ? mask : cast(mask, 'float32'), [B, T, 1]);
    return div(sum(where(m, x, 0), axes, keep), sum(m, axes, keep));
  }
}
export class GlobalAveragePooling2D extends GlobalPooling {
  static override className = 'GlobalAveragePooling2D';
  protected readonly spatial = 2;
  protected reduce(x: Tensor, axes: number[], keep: boolean): Tensor { return mean(x, axes, keep); }
}
export class GlobalMaxPooling1D extends GlobalPooling {
  static override className = 'GlobalMaxPooling1D';
  protected readonly spatial = 1;
  protected reduce(x: Tensor, axes: number[], keep: boolean): Tensor { return max(x, axes, keep); }
}
export class GlobalMaxPooling2D extends GlobalPooling {
  static override className = 'GlobalMaxPooling2D';
  protected readonly spatial = 2;
  protected reduce(x: Tensor, axes: number[], keep: boolean): Tensor { return max(x, axes, keep); }
}

for (const cls of [MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D]) registerLayer(cls);
