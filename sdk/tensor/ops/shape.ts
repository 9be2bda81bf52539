// Shape ops: reshape (a view), transpose, slice, gather, concat, stack, broadcastTo,
// expandDims, squeeze, oneHot. The copies go through one strided-copy kernel.
import { K } from '../../engine/wasm.js';
import { heapI32, writeMeta } from '../../engine/memory.js';
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors.js';
import { BYTES_PER_ELEMENT, Tensor, shapeSize, type Shape } from '../tensor.js';
import { run1, type OpSpec } from '../op.js';
import { fromValues, toTensor, type TensorLike } from './creation.js';
import { broadcastShapes, broadcastStrides, collapse, normalizeAxis, sameShape, stridesOf } from './util.js';
import { sumTo } from './reduce.js';

// ---------- reshape ----------

const reshapeSpec: OpSpec<{ shape: Shape }> = {
  name: 'reshape',
  view: true,
  infer: ([x], { shape }) => [{ shape, dtype: x.dtype }],
  kernel: () => () => {},
  grad: ([dy], [x]) => [dy && reshape(dy, [...x.shape])],
};

/** Same values, new shape; one dimension may be -1 (inferred). Shares memory with x. */
export function reshape(x: TensorLike, shape: Shape): Tensor {
  const t = toTensor(x);
  const s = [...shape];
  const unknown = s.indexOf(-1);
  if (s.filter((d) => d === -1).length > 1) throw new ShapeError(`reshape: only one dimension can be -1, got ${fmtShape(s)}.`);
  if (s.some((d) => !Number.isInteger(d) || d < -1)) throw new ShapeError(`reshape: invalid target shape ${fmtShape(s)}.`);
  if (unknown >= 0) {
    const known = shapeSize(s.filter((d) => d !== -1));
    if (known === 0 || t.size % known !== 0) {
      throw new ShapeError(`reshape: cannot reshape a tensor of shape ${fmtShape(t.shape)} (size ${t.size}) into ${fmtShape(shape)}: ${t.size} is not a multiple of ${known}.`);
    }
    s[unknown] = t.size / known;
  }
  if (shapeSize(s) !== t.size) {
    throw new ShapeError(`reshape: cannot reshape a tensor of shape ${fmtShape(t.shape)} (size ${t.size}) into shape ${fmtShape(s)} (size ${shapeSize(s)}).`);
  }
  if (sameShape(s, t.shape)) return t;
  return run1(reshapeSpec, [t], { shape: s });
}

export function flatten(x: TensorLike): Tensor { return reshape(x, [-1]); }

export function expandDims(x: TensorLike, axis = 0): Tensor {
  const t = toTensor(x);
  const a = normalizeAxis(axis, t.rank + 1, 'expandDims');
  const s = [...t.shape];
  s.splice(a, 0, 1);
  return reshape(t, s);
}

export function squeeze(x: TensorLike, axis?: number | number[]): Tensor {
  const t = toTensor(x);
  const axes = axis === undefined ? t.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)
    : (Array.isArray(axis) ? axis : [axis]).map((a) => normalizeAxis(a, t.rank, 'squeeze'));
  for (const a of axes) if (t.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of shape ${fmtShape(t.shape)} has size ${t.shape[a]}, not 1.`);
  return reshape(t, t.shape.filter((_, i) => !axes.includes(i)));
}

// ---------- strided copy (transpose, slice, broadcastTo) ----------

interface CopyAttrs { shape: Shape; offset: number; strides: number[] }

/** out[i...] = x[offset + Σ i_k * strides[k]] over `shape`. */
const stridedSpec: OpSpec<CopyAttrs> = {
  name: 'stridedCopy',
  infer: ([x], { shape }) => [{ shape, dtype: x.dtype }],
  kernel: ([x], [y], { shape, offset, strides }) => {
    const c = collapse(shape, [strides, stridesOf(shape)]);
    const r = c.shape.length;
    const meta = [r, ...c.shape, ...c.strides[0], ...c.strides[1]];
    const eb = BYTES_PER_ELEMENT[x.dtype];
    return () => K.copy_strided(x.ptr + offset * eb, y.ptr, writeMeta(meta, r), eb);
  },
  grad: ([dy], [x], _o, attrs) => [dy && scatterStrided(dy, x.shape, attrs)],
};

/** The adjoint of a strided read: a zero tensor of `shape` with dy added at the read places. */
interface ScatterAttrs extends CopyAttrs { outShape: Shape }
const scatterSpec: OpSpec<ScatterAttrs> = {
  name: 'stridedScatter',
  infer: ([dy], { outShape }) => [{ shape: outShape, dtype: dy.dtype }],
  kernel: ([dy], [y], { shape, offset, strides }) => {
    // Only valid when the read places are distinct (transpose, slice): then a plain copy suffices.
    const c = collapse(shape, [stridesOf(shape), strides]);
    const r = c.shape.length;
    const meta = [r, ...c.shape, ...c.strides[0], ...c.strides[1]];
    return () => {
      K.fill(y.ptr, y.size, 0);
      K.copy_strided(dy.ptr, y.ptr + offset * 4, writeMeta(meta, r), 4);
    };
  },
  grad: ([d], _i, _o, { shape, offset, strides }) => [d && run1(stridedSpec, [d], { shape, offset, strides })],
};

function scatterStrided(dy: Tensor, xShape: Shape, attrs: CopyAttrs): Tensor {
  if (attrs.strides.some((s, i) => s === 0 && attrs.shape[i] > 1)) {
    // broadcast read: the adjoint sums
    return sumTo(dy, xShape);
  }
  return run1(scatterSpec, [dy], { ...attrs, outShape: [...xShape] });
}

/** Permute axes (default: reverse them). */
export function transpose(x: TensorLike, perm?: number[]): Tensor {
  const t = toTensor(x);
  const p = perm ?? [...Array(t.rank).keys()].reverse();
  if (p.length !== t.rank || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new ValueError(`transpose: perm [${p}] is not a permutation of the ${t.rank} axes of shape ${fmtShape(t.shape)}.`);
  }
  if (p.every((v, i) => v === i)) return t;
  const st = stridesOf(t.shape);
  return run1(stridedSpec, [t], { shape: p.map((a) => t.shape[a]), offset: 0, strides: p.map((a) => st[a]) });
}

/** Broadcast to a larger shape (NumPy rules), materialised. */
export function broadcastTo(x: TensorLike, shape: Shape): Tensor {
  const t = toTensor(x);
  const out = broadcastShapes(t.shape, shape, 'broadcastTo');
  if (!sameShape(out, shape)) throw new ShapeError(`broadcastTo: shape ${fmtShape(t.shape)} cannot be broadcast to ${fmtShape(shape)}.`);
  if (sameShape(t.shape, shape)) return t;
  return run1(stridedSpec, [t], { shape: [...shape], offset: 0, strides: broadcastStrides(t.shape, shape) });
}

/** One axis of a NumPy-style slice: start, stop (exclusive) and step; negatives count from the end. */
export type SliceRange = [number | null, number | null] | [number | null, number | null, number | null] | number | null;

function parseSliceString(spec: string, rank: number): SliceRange[] {
  const parts = spec.split(',').map((p) => p.trim());
  const out: SliceRange[] = [];
  for (const p of parts) {
    if (p === '...') { for (let i = 0; i < rank - (parts.length - 1); i++) out.push(null); continue; }
    if (!p.includes(':')) { out.push(Number(p)); continue; }
    const [a, b, c] = p.split(':').map((v) => (v.trim() === '' ? null : Number(v)));
    out.push([a, b ?? null, c ?? null]);
  }
  return out;
}

/**
 * Slice like NumPy or TF.js:
 *  - `slice(x, '10:100')`, `slice(x, ':, 14:, 14:')`, `slice(x, ':, 7:-7, 7:-7')` (NumPy syntax),
 *  - `slice(x, [[10, 100]])`, `slice(x, [null, [14, null]])` (ranges per axis),
 *  - `slice(x, begin, size)` (TF.js: size -1 means to the end; `begin` alone keeps every axis).
 * An integer index in a string drops its axis, as in NumPy: `slice(x, '4')` is Keras's `x[4]`.
 * A lone number (`slice(x, 4)`) means `x[4]` to a Keras user and `x[4:]` to a TF.js user, so it is
 * refused with both spellings; give the size (`slice(x, 4, -1)`) or a string.
 */
export function slice(x: TensorLike, spec: string | SliceRange[] | number[]): Tensor;
export function slice(x: TensorLike, begin: number | number[], size: number | number[]): Tensor;
export function slice(x: TensorLike, spec: string | SliceRange[] | number | number[], size?: number | number[]): Tensor {
  const t = toTensor(x);
  let ranges: SliceRange[];
  if (typeof spec === 'number' && size === undefined) {
    throw new ValueError(`slice(${spec}) is ambiguous: for Keras's x[${spec}] (drops the axis) write slice('${spec}'); for x[${spec}:] write slice('${spec}:') or slice(${spec}, -1) (TF.js's begin and size).`);
  }
  if (typeof spec === 'string') ranges = parseSliceString(spec, t.rank);
  else if (typeof spec === 'number' || (Array.isArray(spec) && spec.every((v) => typeof v === 'number'))) {
    const begin = typeof spec === 'number' ? [spec] : (spec as number[]);
    const sz = size === undefined ? [] : typeof size === 'number' ? [size] : size;
    ranges = begin.map((b, i) => {
      const s = sz[i] ?? -1;
      return [b, s === -1 ? null : b + s] as SliceRange;
    });
  } else ranges = spec as SliceRange[];
  if (ranges.length > t.rank) throw new ShapeError(`slice: ${ranges.length} indices given for a tensor of rank ${t.rank} (shape ${fmtShape(t.shape)}).`);
  const st = stridesOf(t.shape);
  let offset = 0;
  const shape: number[] = [];
  const strides: number[] = [];
  for (let a = 0; a < t.rank; a++) {
    const n = t.shape[a];
    const r = ranges[a];
    if (typeof r === 'number') {
      const i = r < 0 ? r + n : r;
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new ValueError(`slice: index ${r} is out of range for axis ${a} of size ${n} (shape ${fmtShape(t.shape)}).`);
      offset += i * st[a];
      continue;
    }
    const [rs, re, rstep] = r === null || r === undefined ? [null, null, null] : [r[0], r[1], r[2] ?? null];
    const step = rstep ?? 1;
    if (step === 0 || !Number.isInteger(step)) throw new ValueError(`slice: step must be a non-zero integer, got ${step} on axis ${a}.`);
    const norm = (v: number | null, dflt: number) => {
      if (v === null) return dflt;
      if (!Number.isInteger(v)) throw new ValueError(`slice: index ${v} on axis ${a} is not an integer.`);
      const w = v < 0 ? v + n : v;
      return step > 0 ? Math.min(Math.max(w, 0), n) : Math.min(Math.max(w, -1), n - 1);
    };
    const start = norm(rs, step > 0 ? 0 : n - 1);
    const stop = norm(re, step > 0 ? n : -1);
    const len = Math.max(0, Math.ceil((stop - start) / step));
    offset += (len > 0 ? start : 0) * st[a];
    shape.push(len);
    strides.push(st[a] * step);
  }
  if (shape.length === t.rank && offset === 0 && sameShape(shape, t.shape) && strides.every((s, i) => s === st[i])) return t;
  return run1(stridedSpec, [t], { shape, offset, strides });
}

// ---------- concat, stack ----------

interface ConcatAttrs { axis: number }

const concatSpec: OpSpec<ConcatAttrs> = {
  name: 'concat',
  infer: (xs, { axis }) => {
    const first = xs[0];
    for (const x of xs) {
      if (x.rank !== first.rank || x.shape.some((d, i) => i !== axis && d !== first.shape[i])) {
        throw new ShapeError(`concat: shapes ${xs.map((t) => fmtShape(t.shape)).join(', ')} differ outside axis ${axis}.`);
      }
      if (x.dtype !== first.dtype) throw new DTypeError(`concat: dtypes ${xs.map((t) => t.dtype).join(', ')} differ.`);
    }
    const shape = [...first.shape];
    shape[axis] = xs.reduce((n, x) => n + x.shape[axis], 0);
    return [{ shape, dtype: first.dtype }];
  },
  kernel: (xs, [y], { axis }) => {
    const yst = stridesOf(y.shape);
    const eb = BYTES_PER_ELEMENT[y.dtype];
    let off = 0;
    const calls = xs.map((x) => {
      const c = collapse(x.shape, [stridesOf(x.shape), yst]);
      const r = c.shape.length;
      const meta = [r, ...c.shape, ...c.strides[0], ...c.strides[1]];
      const dstOff = off * yst[axis] * eb;
      off += x.shape[axis];
      return { x, meta, r, dstOff };
    });
    return () => { for (const c of calls) K.copy_strided(c.x.ptr, y.ptr + c.dstOff, writeMeta(c.meta, c.r), eb); };
  },
  grad: ([dy], xs, _o, { axis }, needs) => {
    if (dy === null) return xs.map(() => null);
    let off = 0;
    return xs.map((x, i) => {
      const ranges: SliceRange[] = x.shape.map(() => null);
      ranges[axis] = [off, off + x.shape[axis]];
      off += x.shape[axis];
      return needs[i] ? slice(dy, ranges) : null;
    });
  },
};

export function concat(xs: TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError('concat: expected a non-empty array of tensors.');
  const ts = xs.map((x) => toTensor(x));
  const a = normalizeAxis(axis, ts[0].rank, 'concat');
  if (ts.length === 1) return ts[0];
  return run1(concatSpec, ts, { axis: a });
}

export function stack(xs: TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(xs) || xs.length === 0) throw new ValueError('stack: expected a non-empty array of tensors.');
  const ts = xs.map((x) => toTensor(x));
  for (const t of ts) if (!sameShape(t.shape, ts[0].shape)) throw new ShapeError(`stack: all shapes must be equal, got ${ts.map((u) => fmtShape(u.shape)).join(', ')}.`);
  const a = normalizeAxis(axis, ts[0].rank + 1, 'stack');
  return concat(ts.map((t) => expandDims(t, a)), a);
}

export function unstack(x: TensorLike, axis = 0): Tensor[] {
  const t = toTensor(x);
  const a = normalizeAxis(axis, t.rank, 'unstack');
  return Array.from({ length: t.shape[a] }, (_, i) => {
    const r: SliceRange[] = t.shape.map(() => null);
    r[a] = i;
    return slice(t, r);
  });
}

// ---------- gather, oneHot ----------

/** `who` names the caller in errors (a layer); `strict` refuses negative indices (no wrap-around). */
interface GatherAttrs { axis: number; who: string; strict: boolean }

/** Where the flat position j of an index tensor is, as "row r" (and "position p" in rank > 1). */
function indexPlace(idxShape: readonly number[], j: number): string {
  if (idxShape.length <= 1) return `row ${j}`;
  const per = shapeSize(idxShape.slice(1));
  return `row ${Math.floor(j / per)} (position ${j % per})`;
}

function outOfRange(a: GatherAttrs, v: number, j: number, idxShape: readonly number[], n: number, xShape: readonly number[]): ValueError {
  const range = a.strict ? `[0, ${n})` : `[-${n}, ${n})`;
  return new ValueError(`${a.who}: index ${v} at ${indexPlace(idxShape, j)} is out of range ${range} for axis ${a.axis} of shape ${fmtShape(xShape)}.`);
}

const gatherSpec: OpSpec<GatherAttrs> = {
  name: 'gather',
  infer: ([x, idx], { axis }) => [{ shape: [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], dtype: x.dtype }],
  // The kernel writes zeros for an index outside the table and reports it; the planned path
  // (fit / predict) then raises here, before any later op (and any weight update) runs.
  kernel: ([x, idx], [y], a) => {
    const { axis } = a;
    const outer = shapeSize(x.shape.slice(0, axis)), inner = shapeSize(x.shape.slice(axis + 1));
    const eb = BYTES_PER_ELEMENT[x.dtype], n = x.shape[axis], strict = a.strict ? 1 : 0;
    return () => {
      const bad = K.gather(x.ptr, idx.ptr, y.ptr, outer, n, idx.size, inner, eb, strict);
      if (bad >= 0) throw outOfRange(a, heapI32()[(idx.ptr >>> 2) + bad], bad, idx.shape, n, x.shape);
    };
  },
  grad: ([dy], [x, idx], _o, { axis, strict }) => [dy && run1(scatterAddSpec, [dy, idx], { axis, shape: [...x.shape], strict }), null],
};

const scatterAddSpec: OpSpec<{ axis: number; shape: Shape; strict: boolean }> = {
  name: 'scatterAdd',
  infer: ([dy], { shape }) => [{ shape, dtype: dy.dtype }],
  kernel: ([dy, idx], [y], { axis, shape, strict }) => {
    const outer = shapeSize(shape.slice(0, axis)), inner = shapeSize(shape.slice(axis + 1));
    return () => { K.fill(y.ptr, y.size, 0); K.scatter_add(dy.ptr, idx.ptr, y.ptr, outer, shape[axis], idx.size, inner, strict ? 1 : 0); };
  },
  grad: ([d], [, idx], _o, { axis, strict }) => [d && run1(gatherSpec, [d, idx], { axis, who: 'gather', strict }), null],
};

/** Take slices along axis at the given (int32) indices; negative indices count from the end. */
export function gather(x: TensorLike, indices: TensorLike, axis = 0): Tensor {
  return gatherAs(x, indices, axis, 'gather', false);
}

/**
 * @internal gather as `who` (a layer) sees it: errors name `who`; with `strict` an index must be in
 * [0, n). Eager indices are checked here; traced ones by the kernel when the plan runs.
 */
export function gatherAs(x: TensorLike, indices: TensorLike, axis: number, who: string, strict: boolean): Tensor {
  const t = toTensor(x);
  let idx = indices instanceof Tensor ? indices : toTensor(indices);
  if (!(indices instanceof Tensor)) { const v = idx.dataSync(); idx = fromValues(v, [...idx.shape], 'int32'); }
  if (idx.dtype !== 'int32') throw new DTypeError(`${who}: indices must be int32, got ${idx.dtype}.`);
  const a = normalizeAxis(axis, t.rank, who);
  const attrs: GatherAttrs = { axis: a, who, strict };
  if (idx.storage !== null) {
    const n = t.shape[a], lo = strict ? 0 : -n;
    const v = idx.dataSync();
    for (let j = 0; j < v.length; j++) if (v[j] < lo || v[j] >= n) throw outOfRange(attrs, v[j], j, idx.shape, n, t.shape);
  }
  return run1(gatherSpec, [t, idx], attrs);
}

interface OneHotAttrs { depth: number; on: number; off: number }

const oneHotSpec: OpSpec<OneHotAttrs> = {
  name: 'oneHot',
  infer: ([i], { depth }) => [{ shape: [...i.shape, depth], dtype: 'float32' }],
  kernel: ([i], [y], { depth, on, off }) => () => K.one_hot(i.ptr, y.ptr, i.size, depth, on, off),
};

/** One-hot encode int32 indices: shape [...indices.shape, depth]. */
export function oneHot(indices: TensorLike, depth: number, onValue = 1, offValue = 0): Tensor {
  let idx = toTensor(indices);
  if (idx.dtype !== 'int32') {
    if (idx.storage === null) throw new DTypeError(`oneHot: indices must be int32, got ${idx.dtype}.`);
    idx = fromValues(idx.dataSync(), [...idx.shape], 'int32');
  }
  if (!Number.isInteger(depth) || depth < 1) throw new ValueError(`oneHot: depth must be a positive integer, got ${depth}.`);
  return run1(oneHotSpec, [idx], { depth, on: onValue, off: offValue });
}
