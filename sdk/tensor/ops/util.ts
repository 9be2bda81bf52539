// Shape helpers and scalar-argument checks shared by the ops (and by losses and metrics).
import { ShapeError, ValueError, describeValue, fmtShape } from '../../errors.js';

/** A number argument (alpha, delta, ...): a finite number, else a ValueError naming `where` and `arg`. */
export function checkNumber(v: unknown, where: string, arg: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${where}: ${arg} must be a finite number, got ${describeValue(v)}.`);
  return v;
}

/** A true/false argument (fromLogits, keepDims, ...), else a ValueError naming `where` and `arg`. */
export function checkFlag(v: unknown, where: string, arg: string): boolean {
  if (typeof v !== 'boolean') throw new ValueError(`${where}: ${arg} must be true or false, got ${describeValue(v)}.`);
  return v;
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

/** NumPy broadcasting of two shapes; the error names the op and both shapes. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const r = Math.max(a.length, b.length);
  const out = new Array<number>(r);
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1;
    const db = b[b.length - r + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together (axis ${i - r}: ${da} vs ${db}).`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides of `shape` read as broadcast to `out` (0 on broadcast axes). */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const st = stridesOf(shape);
  const r = out.length;
  const res = new Array<number>(r).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const j = r - shape.length + i;
    res[j] = shape[i] === 1 && out[j] !== 1 ? 0 : st[i];
  }
  return res;
}

/**
 * Merge adjacent axes that stay contiguous for every operand, dropping size-1 axes:
 * [128, 512] + [512] stays 2-d, [2,3,4] + [2,3,4] becomes 1-d. Fewer axes, faster kernels.
 */
export function collapse(shape: readonly number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  const keep = shape.map((d) => d !== 1);
  const sh: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    if (!keep[i]) continue;
    const last = sh.length - 1;
    if (last >= 0 && strides.every((s, k) => st[k][last] === s[i] * shape[i])) {
      sh[last] *= shape[i];
      strides.forEach((s, k) => { st[k][last] = s[i]; });
    } else {
      sh.push(shape[i]);
      strides.forEach((s, k) => st[k].push(s[i]));
    }
  }
  return { shape: sh, strides: st };
}

export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ValueError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank} (expected -${rank} ≤ axis < ${rank}).`);
  }
  return axis < 0 ? axis + rank : axis;
}

export function normalizeAxes(axis: number | number[] | null | undefined, rank: number, op: string): number[] {
  if (axis === undefined || axis === null) return [...Array(rank).keys()];
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => normalizeAxis(a, rank, op));
  if (new Set(list).size !== list.length) throw new ValueError(`${op}: repeated axis in [${list}].`);
  return list.sort((a, b) => a - b);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
