// Partition and join along one axis as single multi-output / multi-input ops: `partition`
// cuts x into consecutive pieces (dropping the axis when every piece has size 1 and
// `squeeze` is set: unstack), `join` writes pieces back into their slots of one tensor.
// Each is the other's gradient, so the gradient of T time-step slices is one buffer with
// T copies, not T zero-filled full-size tensors summed (the recurrent layers use this).
import { K } from '../../engine/wasm.js';
import { writeMeta } from '../../engine/memory.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { BYTES_PER_ELEMENT, type Shape, type Tensor } from '../tensor.js';
import { runOp, run1, type OpSpec } from '../op.js';
import { collapse, normalizeAxis, stridesOf } from './util.js';

interface PartAttrs {
  axis: number;
  /** Piece sizes along `axis` (they add up to the axis length). */
  sizes: number[];
  /** Pieces drop `axis` (every size is 1). */
  squeeze: boolean;
}

interface JoinAttrs extends PartAttrs {
  /** The joined tensor's shape. */
  shape: Shape;
  /** Which pieces are given (the inputs, in order); missing ones are zeros. */
  present: boolean[];
}

function pieceShape(shape: Shape, { axis, sizes, squeeze }: PartAttrs, i: number): number[] {
  const s = [...shape];
  if (squeeze) s.splice(axis, 1); else s[axis] = sizes[i];
  return s;
}

/**
 * One strided copy per piece between the whole tensor and the contiguous pieces. `toWhole`
 * copies pieces into the whole (join), otherwise the whole into the pieces (partition).
 */
function pieceCopies(whole: Tensor, pieces: (Tensor | null)[], a: PartAttrs, toWhole: boolean): () => void {
  const st = stridesOf(whole.shape);
  const eb = BYTES_PER_ELEMENT[whole.dtype];
  const wholeSt = a.squeeze ? st.filter((_, k) => k !== a.axis) : st;
  const calls: { piece: Tensor; off: number; meta: number[]; r: number }[] = [];
  let at = 0;
  a.sizes.forEach((n, i) => {
    const p = pieces[i];
    const off = at * st[a.axis] * eb;
    at += n;
    if (p === null || p.size === 0) return;
    const c = collapse(p.shape, toWhole ? [stridesOf(p.shape), wholeSt] : [wholeSt, stridesOf(p.shape)]);
    const r = c.shape.length;
    calls.push({ piece: p, off, meta: [r, ...c.shape, ...c.strides[0], ...c.strides[1]], r });
  });
  if (toWhole) {
    const zero = pieces.some((p) => p === null);
    return () => {
      if (zero) K.fill(whole.ptr, whole.size, 0);
      for (const c of calls) K.copy_strided(c.piece.ptr, whole.ptr + c.off, writeMeta(c.meta, c.r), eb);
    };
  }
  return () => { for (const c of calls) K.copy_strided(whole.ptr + c.off, c.piece.ptr, writeMeta(c.meta, c.r), eb); };
}

const partitionSpec: OpSpec<PartAttrs> = {
  name: 'partition',
  infer: ([x], a) => a.sizes.map((_, i) => ({ shape: pieceShape(x.shape, a, i), dtype: x.dtype })),
  kernel: ([x], pieces, a) => pieceCopies(x, pieces, a, false),
  grad: (dys, [x], _o, a) => {
    if (dys.every((d) => d === null)) return [null];
    const present = dys.map((d) => d !== null);
    return [run1(joinSpec, dys.filter((d): d is Tensor => d !== null), { ...a, shape: [...x.shape], present })];
  },
};

const joinSpec: OpSpec<JoinAttrs> = {
  name: 'join',
  infer: (xs, a) => [{ shape: a.shape, dtype: xs[0]?.dtype ?? 'float32' }],
  kernel: (xs, [y], a) => {
    let k = 0;
    return pieceCopies(y, a.present.map((p) => (p ? xs[k++] : null)), a, true);
  },
  grad: ([dy], _xs, _o, a) => {
    if (dy === null) return a.present.filter(Boolean).map(() => null);
    const parts = runOp(partitionSpec, [dy], { axis: a.axis, sizes: a.sizes, squeeze: a.squeeze });
    return parts.filter((_, i) => a.present[i]);
  },
};

/**
 * Cut x along `axis` into consecutive pieces of the given sizes (as one op). With
 * `squeeze`, every size must be 1 and the pieces drop the axis (unstack).
 */
export function partition(x: Tensor, axis: number, sizes: number[], squeeze = false): Tensor[] {
  const ax = normalizeAxis(axis, x.rank, 'partition');
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 0)) throw new ValueError(`partition: sizes must be non-negative integers, got [${sizes}].`);
  const total = sizes.reduce((s, n) => s + n, 0);
  if (total !== x.shape[ax]) throw new ShapeError(`partition: sizes [${sizes}] add up to ${total}, but axis ${ax} of shape ${fmtShape(x.shape)} has ${x.shape[ax]}.`);
  if (squeeze && sizes.some((n) => n !== 1)) throw new ValueError(`partition: squeezed pieces must have size 1, got [${sizes}].`);
  return runOp(partitionSpec, [x], { axis: ax, sizes: [...sizes], squeeze });
}

/** The pieces of x along `axis`, each without that axis (one op; its gradient is one buffer). */
export function unstackAxis(x: Tensor, axis: number): Tensor[] {
  const ax = normalizeAxis(axis, x.rank, 'unstack');
  return partition(x, ax, new Array<number>(x.shape[ax]).fill(1), true);
}

/** Equal column blocks of the last axis. */
export function splitLast(x: Tensor, parts: number): Tensor[] {
  const n = x.shape[x.rank - 1];
  if (n % parts !== 0) throw new ShapeError(`partition: the last axis of shape ${fmtShape(x.shape)} does not split into ${parts} equal parts.`);
  return partition(x, x.rank - 1, new Array<number>(parts).fill(n / parts));
}
