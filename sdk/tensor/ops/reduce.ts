// Reductions. One kernel call reduces one run of adjacent axes (viewed as [outer, mid, inner]);
// several runs are reduced one after the other.
import { K } from '../../engine/wasm.js';
import { REDUCE, type ReduceName } from '../../generated/kernels.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { Tensor, shapeSize } from '../tensor.js';
import { run1, specFamily, type OpSpec } from '../op.js';
import { asTensor, type TensorLike } from './creation.js';
import { normalizeAxes, normalizeAxis, sameShape } from './util.js';
import { asFloat, cast, div, equal, mul } from './elementwise.js';
import { broadcastTo, reshape } from './shape.js';

interface RunAttrs { op: ReduceName; start: number; stop: number }

/** [outer, mid, inner] for reducing axes [start, stop) of shape. */
function split(shape: readonly number[], start: number, stop: number): [number, number, number] {
  return [shapeSize(shape.slice(0, start)), shapeSize(shape.slice(start, stop)), shapeSize(shape.slice(stop))];
}

const reduceSpec = specFamily((op: ReduceName): OpSpec<RunAttrs> => ({
  name: op,
  infer: ([x], { start, stop }) => {
    if (op !== 'sum' && op !== 'prod' && shapeSize(x.shape.slice(start, stop)) === 0) {
      throw new ValueError(`${op}: cannot reduce an empty axis of a tensor with shape ${fmtShape(x.shape)}.`);
    }
    return [{ shape: [...x.shape.slice(0, start), 1, ...x.shape.slice(stop)], dtype: 'float32' }];
  },
  kernel: ([x], [y], { start, stop }) => {
    const [o, m, i] = split(x.shape, start, stop);
    const code = REDUCE[op];
    return () => K.reduce(code, x.ptr, y.ptr, o, m, i);
  },
  grad: ([dy], [x], [y], { start, stop }) => {
    if (dy === null) return [null];
    // The output keeps one 1 in place of the run; give it one 1 per reduced axis, then broadcast.
    const kept = x.shape.map((d, i) => (i >= start && i < stop ? 1 : d));
    const up = (t: Tensor) => broadcastTo(reshape(t, kept), x.shape);
    if (op === 'sum') return [up(dy)];
    if (op === 'prod') return [div(mul(up(dy), up(y)), x)];
    // max/min: split the gradient equally among tied extreme values (as TF does).
    const mask = cast(equal(x, up(y)), 'float32');
    const count = reduceRun('sum', mask, [start, stop]);
    return [mul(up(div(dy, count)), mask)];
  },
}));

/** Reduce axes [start, stop); the result keeps one size-1 axis in their place. */
function reduceRun(op: ReduceName, x: Tensor, [start, stop]: [number, number]): Tensor {
  return run1(reduceSpec(op), [x], { op, start, stop });
}

function reduce(op: ReduceName, x: TensorLike, axis: number | number[] | null | undefined, keepDims: boolean): Tensor {
  let t = asFloat(asTensor(x, op, 'x'));
  const rank = t.rank;
  const axes = normalizeAxes(axis, rank, op);
  const outShape = t.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  if (axes.length === 0) return t;
  // Group adjacent axes into runs; reduce the last run first so earlier indices stay valid.
  const runs: [number, number][] = [];
  for (const a of axes) {
    const last = runs[runs.length - 1];
    if (last && last[1] === a) last[1] = a + 1;
    else runs.push([a, a + 1]);
  }
  for (let r = runs.length - 1; r >= 0; r--) {
    const [start, stop] = runs[r];
    t = reduceRun(op, t, [start, stop]);
    // reduceRun leaves a single 1 in place of the run; re-expand to keep axis positions.
    if (stop - start > 1) t = reshape(t, [...t.shape.slice(0, start), ...Array(stop - start).fill(1), ...t.shape.slice(start + 1)]);
  }
  if (!sameShape(t.shape, outShape)) t = reshape(t, outShape);
  return keepDims ? t : reshape(t, outShape.filter((_, i) => !axes.includes(i)));
}

export const sum = (x: TensorLike, axis?: number | number[] | null, keepDims = false) => reduce('sum', x, axis, keepDims);
export const max = (x: TensorLike, axis?: number | number[] | null, keepDims = false) => reduce('max', x, axis, keepDims);
export const min = (x: TensorLike, axis?: number | number[] | null, keepDims = false) => reduce('min', x, axis, keepDims);
export const prod = (x: TensorLike, axis?: number | number[] | null, keepDims = false) => reduce('prod', x, axis, keepDims);

export function mean(x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor {
  const t = asTensor(x, 'mean', 'x');
  const axes = normalizeAxes(axis, t.rank, 'mean');
  const count = axes.reduce((n, a) => n * t.shape[a], 1);
  return div(sum(t, axis, keepDims), count);
}

interface ArgAttrs { axis: number; isMax: boolean }

const argSpec: OpSpec<ArgAttrs> = {
  name: 'argReduce',
  infer: ([x], { axis }) => {
    if (x.shape[axis] === 0) throw new ValueError(`argmax/argmin: axis ${axis} of shape ${fmtShape(x.shape)} is empty.`);
    return [{ shape: x.shape.filter((_, i) => i !== axis), dtype: 'int32' }];
  },
  kernel: ([x], [y], { axis, isMax }) => {
    const [o, m, i] = split(x.shape, axis, axis + 1);
    return () => K.arg_reduce(isMax ? 1 : 0, x.ptr, y.ptr, o, m, i);
  },
};

/** Index of the largest value along axis (default 0, as in TF.js). */
export function argMax(x: TensorLike, axis = 0): Tensor {
  const t = asFloat(asTensor(x, 'argMax', 'x'));
  return run1(argSpec, [t], { axis: normalizeAxis(axis, t.rank, 'argMax'), isMax: true });
}

export function argMin(x: TensorLike, axis = 0): Tensor {
  const t = asFloat(asTensor(x, 'argMin', 'x'));
  return run1(argSpec, [t], { axis: normalizeAxis(axis, t.rank, 'argMin'), isMax: false });
}

/** Sum a broadcast gradient back down to `shape` (the inverse of broadcasting). */
export function sumTo(x: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const lead = x.rank - shape.length;
  if (lead < 0) throw new ShapeError(`sumTo: cannot reduce shape ${fmtShape(x.shape)} to ${fmtShape(shape)}.`);
  const axes: number[] = [];
  for (let i = 0; i < x.rank; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && x.shape[i] !== 1) axes.push(i);
  }
  const s = axes.length ? sum(x, axes, true) : x;
  return reshape(s, [...shape]);
}

/** log(sum(exp(x))) along axes, computed stably. */
export function logSumExp(x: TensorLike, axis?: number | number[] | null, keepDims = false): Tensor {
  const t = asTensor(x, 'logSumExp', 'x');
  const m = max(t, axis, true);
  const { exp, log, sub, add } = elementwiseFns();
  const r = add(log(sum(exp(sub(t, m)), axis, true)), m);
  return keepDims ? r : reshape(r, r.shape.filter((_, i) => !normalizeAxes(axis, t.rank, 'logSumExp').includes(i)));
}

import * as ew from './elementwise.js';
function elementwiseFns() { return ew; }
