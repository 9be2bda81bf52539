// Conv2D and Conv1D (channels_last): im2col + the fused dense GEMM (see tensor/ops/conv.ts).
// Conv1D runs as a Conv2D over a height-1 image.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { conv2d, type Padding } from '../tensor/ops/conv.js';
import { reshape } from '../tensor/ops/shape.js';
import { FUSABLE_ACTS } from '../tensor/ops/nn.js';
import { KernelLayer, type KernelArgs } from './kernel-layer.js';
import { layerArgs2, addActivityLoss, registerLayer, type LayerArgs, type LayerConfig, type ShapeSpec } from './layer.js';

/** Keras accepts an int or a pair for sizes and strides. */
export function pair(v: number | number[] | undefined | null, dflt: [number, number], what: string): [number, number] {
  if (v === undefined || v === null) return dflt;
  const p = typeof v === 'number' ? [v, v] : v;
  if (p.length !== 2 || !p.every((d) => Number.isInteger(d) && d > 0)) throw new ValueError(`${what} must be a positive integer or a pair of them, got ${JSON.stringify(v)}.`);
  return [p[0], p[1]];
}

export function checkPadding(p: string | undefined, what: string): Padding {
  const v = (p ?? 'valid').toLowerCase();
  if (v !== 'valid' && v !== 'same') throw new ValueError(`${what}: padding must be 'valid' or 'same', got '${p}'.`);
  return v;
}

export function checkDataFormat(f: string | undefined | null, what: string): void {
  if (f !== undefined && f !== null && f !== 'channels_last') throw new ValueError(`${what}: only dataFormat 'channels_last' is supported, got '${f}'.`);
}

/** Output length of one spatial axis (null stays null). */
export function convOutLength(n: number | null, k: number, s: number, d: number, padding: Padding): number | null {
  if (n === null) return null;
  const eff = (k - 1) * d + 1;
  return padding === 'same' ? Math.ceil(n / s) : Math.floor((n - eff) / s) + 1;
}

export interface Conv2DArgs extends LayerArgs, KernelArgs {
  filters?: number;
  kernelSize?: number | number[];
  strides?: number | number[];
  padding?: 'valid' | 'same';
  dataFormat?: 'channels_last';
  dilationRate?: number | number[];
  groups?: number;
}

export class Conv2D extends KernelLayer {
  static override className = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: Padding;
  readonly dilationRate: [number, number];

  /** `new Conv2D(32, 3, {activation: 'relu'})` as in Keras, or `new Conv2D({filters: 32, kernelSize: 3})`. */
  constructor(filters: number | Conv2DArgs, kernelSize?: number | number[] | Conv2DArgs, args: Conv2DArgs = {}) {
    const a = layerArgs2<Conv2DArgs>('Conv2D', filters, kernelSize, args, 'filters', 'kernelSize');
    super(a);
    if (!Number.isInteger(a.filters) || (a.filters as number) <= 0) throw new ValueError(`Conv2D: filters must be a positive integer, got ${a.filters}.`);
    if (a.kernelSize === undefined) throw new ValueError('Conv2D: kernelSize is required.');
    if ((a.groups ?? 1) !== 1) throw new ValueError(`Conv2D: groups other than 1 are not supported, got ${a.groups}.`);
    checkDataFormat(a.dataFormat, 'Conv2D');
    this.filters = a.filters as number;
    this.kernelSize = pair(a.kernelSize, [1, 1], 'Conv2D: kernelSize');
    this.strides = pair(a.strides, [1, 1], 'Conv2D: strides');
    this.padding = checkPadding(a.padding, 'Conv2D');
    this.dilationRate = pair(a.dilationRate, [1, 1], 'Conv2D: dilationRate');
    if ((this.strides[0] > 1 || this.strides[1] > 1) && (this.dilationRate[0] > 1 || this.dilationRate[1] > 1)) {
      throw new ValueError('Conv2D: strides > 1 together with dilationRate > 1 is not supported (as in Keras).');
    }
  }

  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    const s = inputShape as ShapeSpec;
    if (s.length !== 4) throw new ShapeError(`Layer '${this.name}' (Conv2D) expects a 4-d input [batch, height, width, channels], got ${fmtShape(s)}.`);
    const c = s[3];
    if (c === null) throw new ShapeError(`Layer '${this.name}' (Conv2D): the channel dimension must be known, got ${fmtShape(s)}.`);
    this.addKernelAndBias([...this.kernelSize, c, this.filters], this.filters);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const s = inputShape as ShapeSpec;
    const oh = convOutLength(s[1], this.kernelSize[0], this.strides[0], this.dilationRate[0], this.padding);
    const ow = convOutLength(s[2], this.kernelSize[1], this.strides[1], this.dilationRate[1], this.padding);
    if ((oh !== null && oh <= 0) || (ow !== null && ow <= 0)) {
      throw new ShapeError(`Layer '${this.name}' (Conv2D): kernel ${this.kernelSize.join('x')} does not fit input ${fmtShape(s)} with padding '${this.padding}'.`);
    }
    return [s[0], oh, ow, this.filters];
  }

  call(inputs: Tensor | Tensor[]): Tensor { return this.conv(inputs as Tensor, this.kernel!); }

  /** act(conv(x, kernel) + bias), with the activation fused into the GEMM where it can be. */
  protected conv(x: Tensor, kernel: Tensor): Tensor {
    const fusedName = this.activation.fusedName;
    const fused = fusedName !== undefined && FUSABLE_ACTS.has(fusedName) && fusedName !== 'leaky_relu' && fusedName !== 'elu';
    const y0 = conv2d(x, kernel, { strides: this.strides, padding: this.padding, dilation: this.dilationRate, bias: this.bias, activation: fused ? fusedName : 'linear' });
    const y = fused ? y0 : this.activation.apply(y0);
    addActivityLoss(this, this.activityRegularizer, y, x.shape[0]);
    return y;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernel_size: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      data_format: 'channels_last',
      dilation_rate: this.dilationRate,
      groups: 1,
      ...this.kernelConfig(),
    };
  }
}

export interface Conv1DArgs extends Omit<Conv2DArgs, 'kernelSize' | 'strides' | 'dilationRate'> {
  kernelSize?: number | number[];
  strides?: number | number[];
  dilationRate?: number | number[];
}

const one = (v: number | number[] | undefined): number | undefined => (Array.isArray(v) ? v[0] : v);

/** 1-d convolution over [batch, steps, channels]; kernel [k, in, filters] as in Keras. */
export class Conv1D extends Conv2D {
  static override className = 'Conv1D';
  /** `new Conv1D(16, 3, {activation: 'relu'})` or `new Conv1D({filters: 16, kernelSize: 3})`. */
  constructor(filters: number | Conv1DArgs, kernelSize?: number | number[] | Conv1DArgs, args: Conv1DArgs = {}) {
    const a = layerArgs2<Conv1DArgs>('Conv1D', filters, kernelSize, args, 'filters', 'kernelSize');
    if ((a.padding as string) === 'causal') throw new ValueError("Conv1D: padding 'causal' is not supported yet; use 'valid' or 'same'.");
    const k = one(a.kernelSize), st = one(a.strides), d = one(a.dilationRate);
    super({ ...a, kernelSize: k === undefined ? undefined : [1, k], strides: [1, st ?? 1], dilationRate: [1, d ?? 1] });
  }

  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    const s = inputShape as ShapeSpec;
    if (s.length !== 3) throw new ShapeError(`Layer '${this.name}' (Conv1D) expects a 3-d input [batch, steps, channels], got ${fmtShape(s)}.`);
    const c = s[2];
    if (c === null) throw new ShapeError(`Layer '${this.name}' (Conv1D): the channel dimension must be known, got ${fmtShape(s)}.`);
    this.addKernelAndBias([this.kernelSize[1], c, this.filters], this.filters);
    this.builtInputShape = inputShape;
    this.built = true;
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const s = inputShape as ShapeSpec;
    const out = super.computeOutputShape([s[0], 1, s[1], s[2]]);
    return [out[0], out[2], out[3]];
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    if (x.rank !== 3) throw new ShapeError(`Layer '${this.name}' (Conv1D) expects a 3-d input [batch, steps, channels], got ${fmtShape(x.shape)}.`);
    const k = this.kernel!;
    const y = this.conv(reshape(x, [x.shape[0], 1, x.shape[1], x.shape[2]]), reshape(k, [1, ...k.shape]));
    return reshape(y, [y.shape[0], y.shape[2], y.shape[3]]);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), kernel_size: [this.kernelSize[1]], strides: [this.strides[1]], dilation_rate: [this.dilationRate[1]] };
  }
}

registerLayer(Conv2D);
registerLayer(Conv1D);
