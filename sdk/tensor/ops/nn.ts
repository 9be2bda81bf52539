// Neural-network ops: fused activations, softmax / logSoftmax, and the fused dense op
// (x·W + b then activation, in the GEMM epilogue) that Dense layers use.
import { K } from '../../engine/wasm.js';
import { gemm } from '../../engine/threads.js';
import { ACT, type ActName } from '../../generated/kernels.js';
import { ShapeError, UnknownIdentifierError, ValueError, describeValue, fmtShape } from '../../errors.js';
import { Tensor, shapeSize } from '../tensor.js';
import { run1, runOp, type OpSpec } from '../op.js';
import { asTensor, type TensorLike } from './creation.js';
import { asFloat } from './elementwise.js';
import { matMul } from './linalg.js';
import { broadcastTo, transpose, reshape } from './shape.js';
import { checkNumber, normalizeAxis } from './util.js';
import { bindDenseForward, maybeSparseInput, newCsrShare, weightGradSpec, type CsrShare } from './sparse-input.js';

interface ActAttrs { kind: number; alpha: number }

export const actGradSpec: OpSpec<ActAttrs> = {
  name: 'activationGrad',
  infer: ([, , dy]) => [{ shape: [...dy.shape], dtype: 'float32' }],
  kernel: ([x, y, dy], [dx], { kind, alpha }) => () => K.act_backward(kind, x.ptr, y.ptr, dy.ptr, dx.ptr, dx.size, alpha),
};

const actSpec: OpSpec<ActAttrs> = {
  name: 'activation',
  infer: ([x]) => [{ shape: [...x.shape], dtype: 'float32' }],
  kernel: ([x], [y], { kind, alpha }) => () => K.act_forward(kind, x.ptr, y.ptr, x.size, alpha),
  grad: ([dy], [x], [y], attrs) => [dy && run1(actGradSpec, [x, y, dy], attrs)],
};

/** Apply an elementwise activation by name (softmax excluded: use softmax()). */
export function activation(x: TensorLike, name: ActName, alpha = 0): Tensor {
  const kind = actCode(name, 'activation');
  const t = asFloat(asTensor(x, name, 'x'));
  if (name === 'linear') return t;
  return run1(actSpec, [t], { kind, alpha: checkNumber(alpha, name, 'alpha') });
}

export const relu = (x: TensorLike) => activation(x, 'relu');
export const relu6 = (x: TensorLike) => activation(x, 'relu6');
export const sigmoid = (x: TensorLike) => activation(x, 'sigmoid');
export const tanh = (x: TensorLike) => activation(x, 'tanh');
export const elu = (x: TensorLike, alpha = 1) => activation(x, 'elu', alpha);
export const selu = (x: TensorLike) => activation(x, 'selu');
export const leakyRelu = (x: TensorLike, alpha = 0.2) => activation(x, 'leaky_relu', alpha);
export const softplus = (x: TensorLike) => activation(x, 'softplus');
export const softsign = (x: TensorLike) => activation(x, 'softsign');
export const silu = (x: TensorLike) => activation(x, 'silu');
export const gelu = (x: TensorLike, approximate = false) => activation(x, approximate ? 'gelu_tanh' : 'gelu');
export const logSigmoid = (x: TensorLike) => activation(x, 'log_sigmoid');

/** The kernel code of an activation name; anything else is an UnknownIdentifierError naming `where`. */
function actCode(name: unknown, where: string): number {
  const code = typeof name === 'string' && Object.hasOwn(ACT, name) ? ACT[name as ActName] : undefined;
  if (code === undefined) {
    if (typeof name !== 'string') throw new ValueError(`${where}: the activation must be a name such as 'relu', got ${describeValue(name)}.`);
    throw new UnknownIdentifierError('activation', name, Object.keys(ACT));
  }
  return code;
}

// ---------- softmax ----------

interface RowAttrs { log: boolean }

const softmaxGradSpec: OpSpec<RowAttrs> = {
  name: 'softmaxGrad',
  infer: ([y]) => [{ shape: [...y.shape], dtype: 'float32' }],
  kernel: ([y, dy], [dx], { log }) => {
    const cols = y.shape[y.rank - 1], rows = y.size / Math.max(cols, 1);
    return log ? () => K.log_softmax_backward(y.ptr, dy.ptr, dx.ptr, rows, cols)
               : () => K.softmax_backward(y.ptr, dy.ptr, dx.ptr, rows, cols);
  },
};

const softmaxSpec: OpSpec<RowAttrs> = {
  name: 'softmax',
  infer: ([x]) => {
    if (x.rank === 0) throw new ShapeError('softmax: expected a tensor of rank ≥ 1, got a scalar.');
    return [{ shape: [...x.shape], dtype: 'float32' }];
  },
  kernel: ([x], [y], { log }) => {
    const cols = x.shape[x.rank - 1], rows = x.size / Math.max(cols, 1);
    return log ? () => K.log_softmax(x.ptr, y.ptr, rows, cols) : () => K.softmax(x.ptr, y.ptr, rows, cols);
  },
  grad: ([dy], _x, [y], attrs) => [dy && run1(softmaxGradSpec, [y, dy], attrs)],
};

function rowwise(x: TensorLike, axis: number, log: boolean): Tensor {
  const t = asFloat(asTensor(x, log ? 'logSoftmax' : 'softmax', 'x'));
  const a = normalizeAxis(axis, t.rank, log ? 'logSoftmax' : 'softmax');
  if (a === t.rank - 1) return run1(softmaxSpec, [t], { log });
  // Move the axis last, apply, move it back.
  const perm = [...Array(t.rank).keys()];
  perm.splice(a, 1);
  perm.push(a);
  const inv = perm.map((_, i) => perm.indexOf(i));
  return transpose(run1(softmaxSpec, [transpose(t, perm)], { log }), inv);
}

export const softmax = (x: TensorLike, axis = -1) => rowwise(x, axis, false);
export const logSoftmax = (x: TensorLike, axis = -1) => rowwise(x, axis, true);

// ---------- dense: act(x·W + b) with the bias and activation fused into the GEMM ----------

/** Activations whose derivative can be computed from the output alone (so y can stand for x). */
export const FUSABLE_ACTS: ReadonlySet<ActName> = new Set<ActName>(['linear', 'relu', 'relu6', 'leaky_relu', 'sigmoid', 'tanh', 'elu', 'selu', 'exponential']);

/** sparse: x may be a mostly-zero model input; each call then looks for its non-zeros (sparse-input.ts). */
interface DenseAttrs { kind: number; alpha: number; hasBias: boolean; sparse?: CsrShare }

const colSumSpec: OpSpec<null> = {
  name: 'colSum',
  infer: ([x]) => [{ shape: [x.shape[x.rank - 1]], dtype: 'float32' }],
  kernel: ([x], [y]) => {
    const N = x.shape[x.rank - 1], M = x.size / Math.max(N, 1);
    return () => K.col_sum(x.ptr, y.ptr, M, N, 0);
  },
  grad: ([dy], [x]) => [dy && broadcastTo(dy, x.shape)],
};

const denseSpec: OpSpec<DenseAttrs> = {
  name: 'dense',
  infer: ([x, w, b], { hasBias }) => {
    const k = x.shape[x.rank - 1];
    if (w.rank !== 2 || k !== w.shape[0]) {
      throw new ShapeError(`dense: input shape ${fmtShape(x.shape)} does not match kernel shape ${fmtShape(w.shape)} (last input axis ${k} vs ${w.shape[0]}).`);
    }
    if (hasBias && (b.rank !== 1 || b.shape[0] !== w.shape[1])) throw new ShapeError(`dense: bias shape ${fmtShape(b.shape)} does not match kernel shape ${fmtShape(w.shape)}.`);
    return [{ shape: [...x.shape.slice(0, -1), w.shape[1]], dtype: 'float32' }];
  },
  kernel: ([x, w, b], [y], { kind, alpha, hasBias, sparse }) => {
    const Kd = w.shape[0], N = w.shape[1], M = shapeSize(x.shape.slice(0, -1));
    if (sparse) return bindDenseForward(x, w, hasBias ? b : null, y, M, N, Kd, kind, alpha, sparse);
    return () => gemm(0, 0, M, N, Kd, x.ptr, Kd, w.ptr, N, y.ptr, N, 0, hasBias ? b.ptr : 0, kind, alpha);
  },
  grad: ([dy], [x, w, b], [y], { kind, alpha, hasBias, sparse }, needs) => {
    if (dy === null) return [null, null, null];
    const dz = kind === 0 ? dy : run1(actGradSpec, [y, y, dy], { kind, alpha });
    const x2 = x.rank === 2 ? x : reshape(x, [-1, x.shape[x.rank - 1]]);
    const dz2 = dz.rank === 2 ? dz : reshape(dz, [-1, dz.shape[dz.rank - 1]]);
    const dx = needs[0] ? reshape(matMul(dz2, w, false, true), [...x.shape]) : null;
    const dw = !needs[1] ? null : sparse ? run1(weightGradSpec, [x2, dz2], { share: sparse }) : matMul(x2, dz2, true, false);
    const db = hasBias && needs[2] ? run1(colSumSpec, [dz2], null) : null;
    return hasBias ? [dx, dw, db] : [dx, dw];
  },
};

/**
 * act(x·W + b) over the last axis of x. Activations not in FUSABLE_ACTS are applied as a
 * separate op (their gradient needs the pre-activation).
 */
export function dense(x: TensorLike, kernel: Tensor, bias: Tensor | null, act: ActName = 'linear', alpha = 0): Tensor {
  const src = asTensor(x, 'dense', 'x'), t = asFloat(src);
  const w = asFloat(asTensor(kernel, 'dense', 'kernel'));
  const b = bias === null || bias === undefined ? null : asFloat(asTensor(bias, 'dense', 'bias'));
  const code = actCode(act, 'dense');
  checkNumber(alpha, 'dense', 'alpha');
  const fused = FUSABLE_ACTS.has(act);
  const inputs = b ? [t, w, b] : [t, w];
  const attrs: DenseAttrs = { kind: fused ? code : 0, alpha, hasBias: b !== null };
  if (maybeSparseInput(src)) attrs.sparse = newCsrShare(t, w.shape[1]);
  const y = runOp(denseSpec, inputs, attrs)[0];
  return fused ? y : activation(y, act, alpha);
}

