// Convolution and pooling ops on channels-last [N, H, W, C] tensors. conv2d is im2col (one
// row of patch values per output pixel) followed by the fused dense GEMM, so bias and
// activation come from the GEMM epilogue and the kernel gradient is one more GEMM. Small
// patches (K = KH·KW·C ≤ 32, e.g. a first 3×3 layer on one channel) run the direct kernels
// instead, which sum in the GEMM's order: the same bits, without the patch matrix.
import { GEMM_SCRATCH } from '../../engine/wasm.js';
import { convKernels } from '../../engine/conv-kernels.js';
import { bySamples } from '../../engine/threads.js';
import { ACT, type ActName } from '../../generated/kernels.js';
import { ShapeError, StateError, ValueError, fmtShape } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { run1, runOp, recordingCount, type OpSpec } from '../op.js';
import { asTensor, type TensorLike } from './creation.js';
import { asFloat } from './elementwise.js';
import { reshape } from './shape.js';
import { dense, actGradSpec, FUSABLE_ACTS } from './nn.js';
import { matMul } from './linalg.js';
import { optionsObject } from '../../options.js';

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
const poolArgs = (g: Geometry) => [g.N, g.H, g.W, g.C, g.KH, g.KW, g.SH, g.SW, g.PT, g.PL, g.OH, g.OW] as const;
/** The values a batch's patch matrix holds (im2col writes them, col2im reads them): the pool's measure of the work. */
const patchValues = (g: Geometry) => g.N * g.OH * g.OW * g.KH * g.KW * g.C;

const col2imSpec: OpSpec<Geometry> = {
  name: 'col2im',
  infer: (_x, g) => [{ shape: [g.N, g.H, g.W, g.C], dtype: 'float32' }],
  kernel: ([cols], [x], g) => () => bySamples('col2im', convKernels(), [cols.ptr, x.ptr, ...geomArgs(g)], g.N, patchValues(g)),
  grad: ([dx], _i, _o, g) => [dx && run1(im2colSpec, [dx], g)],
};

const im2colSpec: OpSpec<Geometry> = {
  name: 'im2col',
  infer: (_x, g) => [{ shape: [g.N * g.OH * g.OW, g.KH * g.KW * g.C], dtype: 'float32' }],
  kernel: ([x], [cols], g) => () => bySamples('im2col', convKernels(), [x.ptr, cols.ptr, ...geomArgs(g)], g.N, patchValues(g)),
  grad: ([dc], _i, _o, g) => [dc && run1(col2imSpec, [dc], g)],
};

/** Patches of x as rows [N*OH*OW, KH*KW*C] (columns ordered kh, kw, c). */
export function im2col(x: TensorLike, g: Geometry): Tensor {
  return run1(im2colSpec, [asFloat(asTensor(x, 'im2col', 'x'))], g);
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
  const t = asFloat(asTensor(x, 'conv2d', 'x'));
  const w = asTensor(kernel, 'conv2d', 'kernel');
  const o = optionsObject('conv2d', options, 'Conv2dOptions');
  if (w.rank !== 4) throw new ShapeError(`conv2d: kernel must be 4-d [kh, kw, in, out], got ${fmtShape(w.shape)}.`);
  if (t.rank === 4 && t.shape[3] !== w.shape[2]) {
    throw new ShapeError(`conv2d: input has ${t.shape[3]} channels (shape ${fmtShape(t.shape)}) but the kernel expects ${w.shape[2]} (kernel ${fmtShape(w.shape)}).`);
  }
  const [KH, KW, C, F] = w.shape;
  const g = convGeometry(t.shape, [KH, KW], o.strides ?? [1, 1], o.dilation ?? [1, 1], o.padding ?? 'valid', 'conv2d');
  const act = o.activation ?? 'linear';
  if (KH * KW * C <= DIRECT_MAX_K && F % 8 === 0 && F > 0 && F <= DIRECT_MAX_F && FUSABLE_ACTS.has(act)) {
    const b = o.bias ?? null;
    const attrs: DirectAttrs = { g, F, kind: ACT[act], hasBias: b !== null };
    const bt = b === null ? null : asFloat(asTensor(b, 'conv2d', 'bias'));
    if (bt && (bt.rank !== 1 || bt.shape[0] !== F)) throw new ShapeError(`conv2d: bias shape ${fmtShape(bt.shape)} does not match kernel shape ${fmtShape(w.shape)} (expected [${F}]).`);
    return run1(convDirectSpec, bt ? [t, asFloat(w), bt] : [t, asFloat(w)], attrs);
  }
  const cols = run1(im2colSpec, [t], g);
  const y = dense(cols, reshape(w, [KH * KW * C, F]), o.bias ?? null, act);
  return reshape(y, [g.N, g.OH, g.OW, F]);
}

// ---------- direct convolution (small patches) ----------

/** Largest patch (KH·KW·C) the direct kernels take; above it im2col + the packed GEMM wins. */
const DIRECT_MAX_K = 32;
/** Filters the kernels' scratch (the GEMM's) holds a block of gradient rows for. */
const DIRECT_MAX_F = 992;

interface DirectAttrs { g: Geometry; F: number; kind: number; hasBias: boolean }

/** Inputs [x, y, dy]: dz = dy, or dy masked by y > 0 for relu; outputs dW [KH, KW, C, F] and, with hasBias, db. */
const directWeightGradSpec: OpSpec<DirectAttrs> = {
  name: 'conv2dDirectWeightGrad',
  infer: (_i, { g, F, hasBias }) => {
    const dw = { shape: [g.KH, g.KW, g.C, F], dtype: 'float32' as const };
    return hasBias ? [dw, { shape: [F], dtype: 'float32' as const }] : [dw];
  },
  kernel: ([x, y, dy], [dw, db], { g, F, kind }) => () => convKernels().conv2d_direct_weight_grad(x.ptr, y.ptr, dy.ptr, dw.ptr, db ? db.ptr : 0, ...geomArgs(g), F, kind, GEMM_SCRATCH),
};

/** act(conv2d(x, w) + b) in one pass; inputs [x, w, b] or [x, w]. */
const convDirectSpec: OpSpec<DirectAttrs> = {
  name: 'conv2dDirect',
  infer: (_i, { g, F }) => [{ shape: [g.N, g.OH, g.OW, F], dtype: 'float32' }],
  kernel: (ins, [y], { g, F, kind, hasBias }) => {
    const [x, w, b] = ins;
    return () => convKernels().conv2d_direct(x.ptr, w.ptr, hasBias ? b.ptr : 0, y.ptr, ...geomArgs(g), F, kind, 0, GEMM_SCRATCH);
  },
  // As the dense op's gradient over the patch matrix: dz = act'(y)·dy, dx = col2im(dz·Wᵀ),
  // dW = patchesᵀ·dz and db = column sums of dz (one direct kernel, in the GEMM's and col_sum's
  // order). Without dx and for relu or linear, dz is never a tensor: the kernel masks dy by block.
  grad: ([dy], ins, [y], attrs, needs) => {
    const { g, F, kind, hasBias } = attrs;
    if (dy === null) return ins.map(() => null);
    const [x, w] = ins, Kd = g.KH * g.KW * g.C;
    const wantDb = hasBias && needs[2];
    let dx: Tensor | null = null, wg: Tensor[];
    if (!needs[0] && (kind === 0 || kind === ACT.relu)) {
      wg = needs[1] || wantDb ? runOp(directWeightGradSpec, [x, y, dy], { ...attrs, hasBias: wantDb }) : [];
    } else {
      const dz = kind === 0 ? dy : run1(actGradSpec, [y, y, dy], { kind, alpha: 0 });
      if (needs[0]) dx = run1(col2imSpec, [matMul(reshape(dz, [-1, F]), reshape(w, [Kd, F]), false, true)], g);
      wg = needs[1] || wantDb ? runOp(directWeightGradSpec, [x, dz, dz], { ...attrs, kind: 0, hasBias: wantDb }) : [];
    }
    const dw = needs[1] ? wg[0] : null;
    return hasBias ? [dx, dw, wantDb ? wg[1] : null] : [dx, dw];
  },
};

// ---------- pooling ----------

/** wantIdx: max pooling records argmax indices (a tape records the op, or a traced gradient asked). */
interface PoolAttrs { isMax: boolean; g: Geometry; wantIdx: boolean }

/** Max pooling's gradient: dy routed through the argmax indices the forward recorded. */
const maxPoolGradSpec: OpSpec<PoolAttrs> = {
  name: 'maxPool2dGrad',
  infer: (_i, { g }) => [{ shape: [g.N, g.H, g.W, g.C], dtype: 'float32' }],
  kernel: ([idx, dy], [dx], { g }) => () => bySamples('max_pool2d_backward', convKernels(), [idx.ptr, dy.ptr, dx.ptr, ...poolArgs(g)], g.N, g.N * (g.H * g.W + g.OH * g.OW) * g.C),
};

const avgPoolGradSpec: OpSpec<PoolAttrs> = {
  name: 'avgPool2dGrad',
  infer: (_i, { g }) => [{ shape: [g.N, g.H, g.W, g.C], dtype: 'float32' }],
  kernel: ([dy], [dx], { g }) => () => bySamples('avg_pool_backward', convKernels(), [dy.ptr, dx.ptr, ...poolArgs(g)], g.N, g.N * (g.H * g.W + g.OH * g.OW) * g.C),
};

/**
 * Pooling; max pooling has a second output, the flat x index of each window's first maximum.
 * The indices cost a third of the forward, so they are written only when a gradient will read
 * them: an eager op under a tape, or a traced op whose gradient was taken (grad runs before a
 * plan binds its kernels). Inference plans run the plain max.
 */
const poolSpec: OpSpec<PoolAttrs> = {
  name: 'pool2d',
  infer: (_x, { isMax, g }) => {
    const shape = [g.N, g.OH, g.OW, g.C];
    return isMax ? [{ shape, dtype: 'float32' }, { shape, dtype: 'int32' }] : [{ shape, dtype: 'float32' }];
  },
  kernel: ([x], [y, idx], attrs) => () => {
    const { isMax, g } = attrs;
    bySamples('pool2d', convKernels(), [isMax ? 1 : 0, x.ptr, y.ptr, idx && attrs.wantIdx ? idx.ptr : 0, ...poolArgs(g)], g.N, g.N * g.OH * g.OW * g.KH * g.KW * g.C);
  },
  grad: ([dy], _x, [, idx], attrs) => {
    if (dy === null) return [null];
    if (!attrs.isMax) return [run1(avgPoolGradSpec, [dy], attrs)];
    if (!attrs.wantIdx) {
      if (idx.trace === null) throw new StateError('maxPool2d: the gradient needs the indices of the forward, which ran without a tape recording it.');
      attrs.wantIdx = true;
    }
    return [run1(maxPoolGradSpec, [idx, dy], attrs)];
  },
};

function pool(isMax: boolean, x: TensorLike, poolSize: [number, number], strides: [number, number] | null, padding: Padding): Tensor {
  const t = asFloat(asTensor(x, isMax ? 'maxPool2d' : 'avgPool2d', 'x'));
  const g = convGeometry(t.shape, poolSize, strides ?? poolSize, [1, 1], padding, isMax ? 'maxPool2d' : 'avgPool2d');
  return run1(poolSpec, [t], { isMax, g, wantIdx: isMax && recordingCount() > 0 });
}

/** Max pooling over [N, H, W, C]; strides default to the pool size (as Keras). */
export const maxPool2d = (x: TensorLike, poolSize: [number, number], strides: [number, number] | null = null, padding: Padding = 'valid') => pool(true, x, poolSize, strides, padding);
/** Average pooling; with 'same' padding, windows average only the cells inside the image. */
export const avgPool2d = (x: TensorLike, poolSize: [number, number], strides: [number, number] | null = null, padding: Padding = 'valid') => pool(false, x, poolSize, strides, padding);
