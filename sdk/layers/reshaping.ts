// Spatial reshaping layers (channels_last): ZeroPadding2D, Cropping2D, UpSampling2D (nearest).
// Written with concat / slice / gather, so gradients come from those ops.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues, zeros } from '../tensor/ops/creation.js';
import { concat, gather, slice } from '../tensor/ops/shape.js';
import { Layer, layerArgs, isNumberOrList, registerLayer, type LayerArgs, type LayerConfig, type ShapeSpec } from './layer.js';
import { checkDataFormat } from './conv.js';

type Pairs = [[number, number], [number, number]];

/** Keras accepts n, [h, w] (symmetric) or [[top, bottom], [left, right]]. */
function pairs(v: number | number[] | number[][] | undefined, dflt: number, what: string): Pairs {
  const p = v ?? dflt;
  let out: number[][];
  if (typeof p === 'number') out = [[p, p], [p, p]];
  else if (p.length === 2 && p.every((e) => typeof e === 'number')) out = [[p[0] as number, p[0] as number], [p[1] as number, p[1] as number]];
  else out = p as number[][];
  if (out.length !== 2 || out.some((q) => !Array.isArray(q) || q.length !== 2 || q.some((d) => !Number.isInteger(d) || d < 0))) {
    throw new ValueError(`${what} must be an integer, [height, width] or [[top, bottom], [left, right]] of non-negative integers, got ${JSON.stringify(v)}.`);
  }
  return [[out[0][0], out[0][1]], [out[1][0], out[1][1]]];
}

function check4(layer: Layer, s: readonly (number | null)[]): void {
  if (s.length !== 4) throw new ShapeError(`Layer '${layer.name}' (${layer.className}) expects a 4-d input [batch, height, width, channels], got ${fmtShape(s)}.`);
}

const plus = (d: number | null, k: number) => (d === null ? null : d + k);

export interface ZeroPadding2DArgs extends LayerArgs { padding?: number | number[] | number[][]; dataFormat?: 'channels_last' }

export class ZeroPadding2D extends Layer {
  static override className = 'ZeroPadding2D';
  readonly padding: Pairs;
  constructor(padding?: number | number[] | number[][] | ZeroPadding2DArgs, args: ZeroPadding2DArgs = {}) {
    const a = layerArgs<typeof args>(new.target, padding, args, 'padding', isNumberOrList);
    super(a);
    checkDataFormat(a.dataFormat, 'ZeroPadding2D');
    this.padding = pairs(a.padding, 1, 'ZeroPadding2D: padding');
  }
  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const s = inputShape as ShapeSpec;
    check4(this, s);
    const [[t, b], [l, r]] = this.padding;
    return [s[0], plus(s[1], t + b), plus(s[2], l + r), s[3]];
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    let x = inputs as Tensor;
    check4(this, x.shape);
    const [[t, b], [l, r]] = this.padding;
    const side = (axis: number, n: number) => { const sh = [...x.shape]; sh[axis] = n; return zeros(sh); };
    if (t + b > 0) x = concat([...(t ? [side(1, t)] : []), x, ...(b ? [side(1, b)] : [])], 1);
    if (l + r > 0) x = concat([...(l ? [side(2, l)] : []), x, ...(r ? [side(2, r)] : [])], 2);
    return x;
  }
  override getConfig(): LayerConfig { return { ...super.getConfig(), padding: this.padding, data_format: 'channels_last' }; }
}

export interface Cropping2DArgs extends LayerArgs { cropping?: number | number[] | number[][]; dataFormat?: 'channels_last' }

export class Cropping2D extends Layer {
  static override className = 'Cropping2D';
  readonly cropping: Pairs;
  constructor(cropping?: number | number[] | number[][] | Cropping2DArgs, args: Cropping2DArgs = {}) {
    const a = layerArgs<typeof args>(new.target, cropping, args, 'cropping', isNumberOrList);
    super(a);
    checkDataFormat(a.dataFormat, 'Cropping2D');
    this.cropping = pairs(a.cropping, 0, 'Cropping2D: cropping');
  }
  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const s = inputShape as ShapeSpec;
    check4(this, s);
    const [[t, b], [l, r]] = this.cropping;
    const h = plus(s[1], -(t + b)), w = plus(s[2], -(l + r));
    if ((h !== null && h <= 0) || (w !== null && w <= 0)) throw new ShapeError(`Layer '${this.name}' (Cropping2D): cropping ${JSON.stringify(this.cropping)} leaves nothing of input ${fmtShape(s)}.`);
    return [s[0], h, w, s[3]];
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    const [, h, w] = this.computeOutputShape(x.shape as ShapeSpec) as number[];
    const [[t], [l]] = this.cropping;
    return slice(x, [null, [t, t + h], [l, l + w], null]);
  }
  override getConfig(): LayerConfig { return { ...super.getConfig(), cropping: this.cropping, data_format: 'channels_last' }; }
}

export interface UpSampling2DArgs extends LayerArgs { size?: number | number[]; interpolation?: 'nearest'; dataFormat?: 'channels_last' }

/** Nearest-neighbour upsampling: each row and column repeated `size` times. */
export class UpSampling2D extends Layer {
  static override className = 'UpSampling2D';
  readonly size: [number, number];
  constructor(size?: number | number[] | UpSampling2DArgs, args: UpSampling2DArgs = {}) {
    const a = layerArgs<typeof args>(new.target, size, args, 'size', isNumberOrList);
    super(a);
    checkDataFormat(a.dataFormat, 'UpSampling2D');
    if ((a.interpolation ?? 'nearest') !== 'nearest') throw new ValueError(`UpSampling2D: only interpolation 'nearest' is supported, got '${a.interpolation}'.`);
    const s = a.size ?? 2;
    const p = typeof s === 'number' ? [s, s] : s;
    if (p.length !== 2 || !p.every((d) => Number.isInteger(d) && d > 0)) throw new ValueError(`UpSampling2D: size must be a positive integer or a pair, got ${JSON.stringify(s)}.`);
    this.size = [p[0], p[1]];
  }
  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const s = inputShape as ShapeSpec;
    check4(this, s);
    return [s[0], s[1] === null ? null : s[1] * this.size[0], s[2] === null ? null : s[2] * this.size[1], s[3]];
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    check4(this, x.shape);
    const rep = (n: number, k: number) => fromValues(Array.from({ length: n * k }, (_, i) => Math.floor(i / k)), [n * k], 'int32');
    return gather(gather(x, rep(x.shape[1], this.size[0]), 1), rep(x.shape[2], this.size[1]), 2);
  }
  override getConfig(): LayerConfig { return { ...super.getConfig(), size: this.size, data_format: 'channels_last', interpolation: 'nearest' }; }
}

for (const cls of [ZeroPadding2D, Cropping2D, UpSampling2D]) registerLayer(cls);
