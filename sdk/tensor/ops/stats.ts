// NumPy-style statistics and orderings: variance, std, moments, cumsum, sort, argsort, topk,
// percentile. Variance, std, moments and percentile are built from differentiable ops; cumsum and
// gathering along the last axis are ops of their own with their gradients beside them.
import { heapF32, heapI32 } from '../../engine/memory.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { Tensor, shapeSize } from '../tensor.js';
import { run1, type OpSpec } from '../op.js';
import { asTensor, type TensorLike } from './creation.js';
import { normalizeAxes, normalizeAxis } from './util.js';
import { add, asFloat, mul, sqrt, square, sub } from './elementwise.js';
import { mean } from './reduce.js';
import { reshape, slice, stack, transpose } from './shape.js';

// ---------- moments ----------

/** Population variance (NumPy's var, ddof 0): mean((x - mean(x))²) over the axes. */
export function variance(x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor {
  const t = asFloat(asTensor(x, 'variance', 'x'));
  return mean(square(sub(t, mean(t, axis, true))), axis, keepDims);
}

/** Standard deviation (NumPy's std, ddof 0), e.g. the column scales of seed 000: x.std(0). */
export function std(x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor {
  return sqrt(variance(x, axis, keepDims));
}

/** Mean and variance over the axes (tf.nn.moments / tf.moments). */
export function moments(x: TensorLike, axis?: number | number[] | null, keepDims = false): { mean: Tensor; variance: Tensor } {
  const t = asFloat(asTensor(x, 'moments', 'x'));
  const m = mean(t, axis, true);
  const v = mean(square(sub(t, m)), axis, keepDims);
  return { mean: keepDims ? m : reshape(m, v.shape), variance: v };
}

// ---------- along the last axis: rows of n values ----------

/** Move `axis` to the end (a transpose); returns the tensor and the permutation that undoes it. */
function toLast(t: Tensor, axis: number): [Tensor, number[] | null] {
  if (axis === t.rank - 1) return [t, null];
  const perm = [...Array(t.rank).keys()].filter((a) => a !== axis).concat(axis);
  const inv = perm.map((_, i) => perm.indexOf(i));
  return [transpose(t, perm), inv];
}
const back = (t: Tensor, inv: number[] | null) => (inv ? transpose(t, inv) : t);

interface CumAttrs { exclusive: boolean; reverse: boolean }

const cumsumSpec: OpSpec<CumAttrs> = {
  name: 'cumsum',
  infer: ([x]) => [{ shape: [...x.shape], dtype: 'float32' }],
  kernel: ([x], [y], { exclusive, reverse }) => {
    const n = x.shape[x.rank - 1], rows = n ? x.size / n : 0;
    return () => {
      const h = heapF32(), xi = x.ptr >> 2, yi = y.ptr >> 2;
      for (let r = 0; r < rows; r++) {
        let acc = 0;
        for (let k = 0; k < n; k++) {
          const j = r * n + (reverse ? n - 1 - k : k);
          const v = h[xi + j];
          if (exclusive) { h[yi + j] = acc; acc += v; } else { acc += v; h[yi + j] = acc; }
        }
      }
    };
  },
  // d/dx_i of a running sum is the running sum of dy taken the other way.
  grad: ([dy], _i, _o, { exclusive, reverse }) => [dy && run1(cumsumSpec, [dy], { exclusive, reverse: !reverse })],
};

/** Running sums along an axis (NumPy / Keras: axis null flattens first). */
export function cumsum(x: TensorLike, axis: number | null = null, exclusive = false, reverse = false): Tensor {
  let t = asFloat(asTensor(x, 'cumsum', 'x'));
  if (axis === null) t = reshape(t, [-1]);
  const [tl, inv] = toLast(t, normalizeAxis(axis ?? 0, t.rank, 'cumsum'));
  return back(run1(cumsumSpec, [tl], { exclusive, reverse }), inv);
}

const cmpAsc = (a: number, b: number) => (a !== a ? (b !== b ? 0 : 1) : b !== b ? -1 : a < b ? -1 : a > b ? 1 : 0); // NaN last

const argsortSpec: OpSpec<{ descending: boolean }> = {
  name: 'argsort',
  infer: ([x]) => [{ shape: [...x.shape], dtype: 'int32' }],
  kernel: ([x], [y], { descending }) => {
    const n = x.shape[x.rank - 1], rows = n ? x.size / n : 0;
    return () => {
      const xi = x.ptr >> 2, yi = y.ptr >> 2;
      const idx = new Array<number>(n);
      for (let r = 0; r < rows; r++) {
        const row = heapF32().slice(xi + r * n, xi + (r + 1) * n);
        for (let k = 0; k < n; k++) idx[k] = k;
        // Array.prototype.sort is stable: equal values keep their order (lower index first).
        idx.sort(descending ? (a, b) => cmpAsc(row[b], row[a]) : (a, b) => cmpAsc(row[a], row[b]));
        heapI32().set(idx, yi + r * n);
      }
    };
  },
};

/** y[..., j] = x[..., idx[..., j]]: gather along the last axis (its gradient scatters back). */
const takeSpec: OpSpec<null> = {
  name: 'takeAlongLastAxis',
  infer: ([x, idx]) => [{ shape: [...idx.shape], dtype: 'float32' }],
  kernel: ([x, idx], [y]) => {
    const n = x.shape[x.rank - 1], k = idx.shape[idx.rank - 1], rows = k ? idx.size / k : 0;
    return () => {
      const h = heapF32(), hi = heapI32(), xi = x.ptr >> 2, ii = idx.ptr >> 2, yi = y.ptr >> 2;
      for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) h[yi + r * k + j] = h[xi + r * n + hi[ii + r * k + j]];
    };
  },
  grad: ([dy], [x, idx]) => [dy && run1(scatterSpec, [dy, idx], { n: x.shape[x.rank - 1] }), null],
};

const scatterSpec: OpSpec<{ n: number }> = {
  name: 'scatterAlongLastAxis',
  infer: ([d], { n }) => [{ shape: [...d.shape.slice(0, -1), n], dtype: 'float32' }],
  kernel: ([d, idx], [y], { n }) => {
    const k = idx.shape[idx.rank - 1], rows = k ? idx.size / k : 0;
    return () => {
      const h = heapF32(), hi = heapI32(), di = d.ptr >> 2, ii = idx.ptr >> 2, yi = y.ptr >> 2;
      h.fill(0, yi, yi + y.size);
      for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) h[yi + r * n + hi[ii + r * k + j]] += h[di + r * k + j];
    };
  },
  grad: ([dy], [, idx]) => [dy && run1(takeSpec, [dy, idx], null), null],
};

function lastAxis(x: TensorLike, axis: number, op: string): [Tensor, number[] | null] {
  const t = asFloat(asTensor(x, op, 'x'));
  if (t.rank === 0) throw new ShapeError(`${op}: expected a tensor with at least one axis, got a scalar.`);
  return toLast(t, normalizeAxis(axis, t.rank, op));
}

/** Indices that sort along the axis (ascending, stable, NaN last), int32, like np.argsort / keras.ops.argsort. */
export function argsort(x: TensorLike, axis = -1): Tensor {
  const [t, inv] = lastAxis(x, axis, 'argsort');
  return back(run1(argsortSpec, [t], { descending: false }), inv);
}

/** Sorted values along the axis (ascending); the gradient flows back to where each value came from. */
export function sort(x: TensorLike, axis = -1): Tensor {
  const [t, inv] = lastAxis(x, axis, 'sort');
  return back(run1(takeSpec, [t, run1(argsortSpec, [t], { descending: false })], null), inv);
}

/** The k largest values along the last axis and their indices (tf.math.top_k / keras.ops.top_k; ties: lower index first). */
export function topk(x: TensorLike, k = 1, sorted = true): { values: Tensor; indices: Tensor } {
  void sorted; // always sorted (largest first), which TF allows for sorted=false too
  const [t] = lastAxis(x, -1, 'topk');
  const n = t.shape[t.rank - 1];
  if (!Number.isInteger(k) || k < 0 || k > n) throw new ValueError(`topk: k must be an integer in [0, ${n}] (the last axis of shape ${fmtShape(t.shape)}), got ${k}.`);
  let indices = run1(argsortSpec, [t], { descending: true });
  if (k < n) indices = slice(indices, [...t.shape.slice(0, -1).map(() => null), [0, k]]);
  return { values: run1(takeSpec, [t, indices], null), indices };
}

/**
 * The q-th percentile(s), q in [0, 100], over the axes (NumPy's default 'linear' method:
 * interpolation between the two nearest order statistics). An array q adds a leading axis.
 */
export function percentile(x: TensorLike, q: number | number[], axis: number | number[] | null = null, keepDims = false): Tensor {
  const t = asFloat(asTensor(x, 'percentile', 'x'));
  const qs = Array.isArray(q) ? q : [q];
  if (qs.length === 0) throw new ValueError('percentile: q is an empty list.');
  for (const v of qs) if (typeof v !== 'number' || !(v >= 0 && v <= 100)) throw new ValueError(`percentile: q must be in [0, 100], got ${v}.`);
  const axes = normalizeAxes(axis, t.rank, 'percentile');
  if (axes.some((a) => t.shape[a] === 0)) throw new ValueError(`percentile: cannot take a percentile over an empty axis of shape ${fmtShape(t.shape)}.`);
  // The reduced axes go last and are flattened into one row per kept position.
  const kept = [...Array(t.rank).keys()].filter((a) => !axes.includes(a));
  const n = shapeSize(axes.map((a) => t.shape[a]));
  const keptShape = kept.map((a) => t.shape[a]);
  const rows = reshape(transpose(t, [...kept, ...axes]), [...keptShape, n]);
  const s = sort(rows, -1);
  const at = (i: number) => reshape(slice(s, [...keptShape.map(() => null), [i, i + 1]]), keptShape);
  const outShape = keepDims ? t.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : keptShape;
  const results = qs.map((v) => {
    const pos = (v / 100) * (n - 1), lo = Math.floor(pos), frac = pos - lo;
    const r = frac === 0 ? at(lo) : add(mul(at(lo), 1 - frac), mul(at(Math.min(lo + 1, n - 1)), frac));
    return reshape(r, outShape);
  });
  return Array.isArray(q) ? stack(results, 0) : results[0];
}
