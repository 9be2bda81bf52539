// Convolution and pooling ops on channels-last [N, H, W, C] tensors. conv2d is im2col (one
// row of patch values per output pixel) followed by the fused dense GEMM, so bias and
// activation come from the GEMM epilogue and the kernel gradient is one more GEMM.
import { K } from '../../engine/wasm.js';
import { type ActName } from '../../generated/kernels.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { run1, type OpSpec } from '../op.js';
import { toTensor, type TensorLike } from './creation.js';
import { asFloat } from './elementwise.js';
import { reshape } from './shape.js';
import { dense } from './nn.js';

export type Padding = 'valid' | 'same';

/** Window geometry of one 2-d conv/pool: output size and top/left padding, as Keras/TF. */
export interface Geometry {
  N: number; H: number; W: number; C: number;
  KH: number; KW: number; SH: number; SW: number; DH: number; DW: number;
  PT: number; PL: number; OH: number; OW: number;
}

function outSize(n: number, k: number, s: number, d: number, padding: Padding): [number, number] {
  const eff = (k - 1) * d + 1;
  if (padding === 'valid') return [Math.max(Math.floor((n - eff) / s) + 1, 0), 0];
  const o = Math.ceil(n / s);
  const total = Math.max((o - 1) * s + eff - n, 0);
  return [o, Math.floor(total / 2)];
}

export function convGeometry(shape: readonly number[], kernel: [number, number], strides: [number, number], dilation: [number, number], padding: Padding, op: string): Geometry {
  if (shape.length !== 4) throw new ShapeError(`${op}: expected a 4-d input [batch, height, width, channels], got ${fmtShape(shape)}.`);
  if (padding !== 'valid' && padding !== 'same') throw new ValueError(`${op}: padding must be 'valid' or 'same', got '${padding}'.`);
  checkWindow(kernel, op, kernelName(op));
  checkWindow(strides, op, 'strides');
  checkWindow(dilation, op, 'dilation');
  const [N, H, W, C] = shape;
  const [OH, PT] = outSize(H, kernel[0], strides[0], dilation[0], padding);
  const [OW, PL] = outSize(W, kernel[1], strides[1], dilation[1], padding);
  if (OH <= 0 || OW <= 0) throw new ShapeError(`${op}: window ${kernel[0]}x${kernel[1]} (dilation ${dilation}) is larger than the input ${fmtShape(shape)} with padding '${padding}'.`);
  return { N, H, W, C, KH: kernel[0], KW: kernel[1], SH: strides[0], SW: strides[1], DH: dilation[0], DW: dilation[1], PT, PL, OH, OW };
}

const kernelName = (op: string) => (op.startsWith('conv') ? 'kernel size' : 'pool size');

/** A window parameter (kernel/pool size, strides, dilation): two integers ≥ 1. */
function checkWindow(v: unknown, op: string, what: string): void {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((d) => Number.isSafeInteger(d) && d >= 1)) {
    throw new ValueError(`${op}: ${what} must be two integers ≥ 1, got ${Array.isArray(v) ? `[${v.map((d) => (typeof d === 'string' ? JSON.stringify(d) : String(d))).join(', ')}]` : String(v)}.`);
  }
}

const geomArgs = (g: Geometry) => [g.N, g.H, g.W, g.C, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW, g.PT, g.PL, g.OH, g.OW] as const;

const col2imSpec: OpSpec<Geometry> = {
  name: 'col2im',
  infer: (_x, g) => [{ shape: [g.N, g.H, g.W, g.C], dtype: 'float32' }],
  kernel: ([cols], [x], g) => () => K.col2im(cols.ptr, x.ptr, ...geomArgs(g)),
  grad: ([dx], _i, _o, g) => [dx && run1(im2colSpec, [dx], g)],
};

const im2colSpec: OpSpec<Geometry> = {
  name: 'im2col',
  infer: (_x, g) => [{ shape: [g.N * g.OH * g.OW, g.KH * g.KW * g.C], dtype: 'float32' }],
  kernel: ([x], [cols], g) => () => K.im2col(x.ptr, cols.ptr, ...geomArgs(g)),
  grad: ([dc], _i, _o, g) => [dc && run1(col2imSpec, [dc], g)],
};

/** Patches of x as rows [N*OH*OW, KH*KW*C] (columns ordered kh, kw, c). */
export function im2col(x: TensorLike, g: Geometry): Tensor {
  return run1(im2colSpec, [asFloat(toTensor(x))], g);
}

export interface Conv2dOptions {
  strides?: [number, number];
  padding?: Padding;
  dilation?: [number, number];
  bias?: Tensor | null;
  activation?: ActName;
}

/** act(conv2d(x, kernel) + bias), x [N, H, W, C], kernel [KH, KW, C, F] (Keras layout). */
export function conv2d(x: TensorLike, kernel: Tensor, options: Conv2dOptions = {}): Tensor {
  const t = asFloat(toTensor(x));
  if (kernel.rank !== 4) throw new ShapeError(`conv2d: kernel must be 4-d [kh, kw, in, out], got ${fmtShape(kernel.shape)}.`);
  if (t.rank === 4 && t.shape[3] !== kernel.shape[2]) {
    throw new ShapeError(`conv2d: input has ${t.shape[3]} channels (shape ${fmtShape(t.shape)}) but the kernel expects ${kernel.shape[2]} (kernel ${fmtShape(kernel.shape)}).`);
  }
  const [KH, KW, C, F] = kernel.shape;
  const g = convGeometry(t.shape, [KH, KW], options.strides ?? [1, 1], options.dilation ?? [1, 1], options.padding ?? 'valid', 'conv2d');
  const cols = run1(im2colSpec, [t], g);
  const y = dense(cols, reshape(kernel, [KH * KW * C, F]), options.bias ?? null, options.activation ?? 'linear');
  return reshape(y, [g.N, g.OH, g.OW, F]);
}

// ---------- pooling ----------

interface PoolAttrs { isMax: boolean; g: Geometry }

/** Max pooling's gradient: dy routed through the argmax indices the forward recorded. */
const maxPoolGradSpec: OpSpec<{ shape: number[] }> = {
  name: 'maxPool2dGrad',
  infer: (_i, { shape }) => [{ shape, dtype: 'float32' }],
  kernel: ([idx, dy], [dx]) => () => K.max_pool_backward(idx.ptr, dy.ptr, dx.ptr, dx.size, dy.size),
};

const avgPoolGradSpec: OpSpec<PoolAttrs> = {
  name: 'avgPool2dGrad',
  infer: (_i, { g }) => [{ shape: [g.N, g.H, g.W, g.C], dtype: 'float32' }],
  kernel: ([dy], [dx], { g }) => () => K.avg_pool_backward(dy.ptr, dx.ptr, g.N, g.H, g.W, g.C, g.KH, g.KW, g.SH, g.SW, g.PT, g.PL, g.OH, g.OW),
};

/** Pooling; max pooling has a second output, the flat x index of each window's first maximum. */
const poolSpec: OpSpec<PoolAttrs> = {
  name: 'pool2d',
  infer: (_x, { isMax, g }) => {
    const shape = [g.N, g.OH, g.OW, g.C];
    return isMax ? [{ shape, dtype: 'float32' }, { shape, dtype: 'int32' }] : [{ shape, dtype: 'float32' }];
  },
  kernel: ([x], [y, idx], { isMax, g }) => () => K.pool2d(isMax ? 1 : 0, x.ptr, y.ptr, idx ? idx.ptr : 0, g.N, g.H, g.W, g.C, g.KH, g.KW, g.SH, g.SW, g.PT, g.PL, g.OH, g.OW),
  grad: ([dy], [x], [, idx], attrs) => [dy && (attrs.isMax
    ? run1(maxPoolGradSpec, [idx, dy], { shape: [...x.shape] })
    : run1(avgPoolGradSpec, [dy], attrs))],
};

function pool(isMax: boolean, x: TensorLike, poolSize: [number, number], strides: [number, number] | null, padding: Padding): Tensor {
  const t = asFloat(toTensor(x));
  const g = convGeometry(t.shape, poolSize, strides ?? poolSize, [1, 1], padding, isMax ? 'maxPool2d' : 'avgPool2d');
  return run1(poolSpec, [t], { isMax, g });
}

/** Max pooling over [N, H, W, C]; strides default to the pool size (as Keras). */
export const maxPool2d = (x: TensorLike, poolSize: [number, number], strides: [number, number] | null = null, padding: Padding = 'valid') => pool(true, x, poolSize, strides, padding);
/** Average pooling; with 'same' padding, windows average only the cells inside the image. */
export const avgPool2d = (x: TensorLike, poolSize: [number, number], strides: [number, number] | null = null, padding: Padding = 'valid') => pool(false, x, poolSize, strides, padding);
