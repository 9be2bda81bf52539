// Preprocessing and utilities from the seed courses: one-hot labels, normalisation, padding,
// multi-hot vectors, splits, k-fold, seeded shuffles, scalers, the smoothed curve.
import { ShapeError, ValueError, describeValue, fmtShape } from '../errors.js';
import { Tensor, type NestedArray, type TypedArray } from '../tensor/tensor.js';
import { fromValues, tensor, toTensor, type TensorLike } from '../tensor/ops/creation.js';
import { gather } from '../tensor/ops/shape.js';
import { makeRng, nextKey, shuffleInPlace } from '../tensor/random.js';

const asTensor = (x: TensorLike): Tensor => (x instanceof Tensor ? x : toTensor(x));

/**
 * keras.utils.to_categorical: integer labels → one-hot float32, shape [...labels, numClasses];
 * a trailing dimension of 1 is dropped first, as Keras does.
 */
export function toCategorical(labels: TensorLike, numClasses?: number): Tensor {
  const t = asTensor(labels);
  let shape = [...t.shape];
  if (shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
  const v = t.dataSync();
  for (const x of v) if (!Number.isInteger(x) || x < 0) throw new ValueError(`toCategorical: labels must be non-negative integers, got ${x}.`);
  const k = numClasses ?? (v.length ? Math.max(...Array.from(v)) + 1 : 0);
  const out = new Float32Array(v.length * k);
  v.forEach((x, i) => {
    if (x >= k) throw new ValueError(`toCategorical: label ${x} is out of range for numClasses ${k}.`);
    out[i * k + x] = 1;
  });
  return fromValues(out, [...shape, k], 'float32');
}

/** keras.utils.normalize: divide by the L-order norm along an axis (zero norms left alone). */
export function normalize(x: TensorLike, axis = -1, order = 2): Tensor {
  const t = asTensor(x).cast('float32');
  const norm = order === 2 ? t.square().sum(axis, true).sqrt() : t.abs().pow(order).sum(axis, true).pow(1 / order);
  return t.div(norm.add(norm.equal(0).cast('float32')));
}

type Sequences = number[][] | Tensor;

function toLists(seqs: Sequences): number[][] {
  if (seqs instanceof Tensor) return seqs.arraySync() as number[][];
  return seqs;
}

export interface PadArgs { maxlen?: number | null; padding?: 'pre' | 'post'; truncating?: 'pre' | 'post'; value?: number; dtype?: 'int32' | 'float32' }

/** keras.utils.pad_sequences: lists → [n, maxlen], padded and truncated 'pre' (default) or 'post'. */
export function padSequences(sequences: Sequences, args: PadArgs = {}): Tensor {
  const seqs = toLists(sequences);
  if (args === null || typeof args !== 'object') throw new ValueError(`padSequences: options must be an object such as {maxlen: 100}, got ${describeValue(args)}.`);
  if (!Array.isArray(seqs)) throw new ValueError('padSequences: expected a list of sequences (arrays of numbers) or a 2-D tensor.');
  if (args.maxlen != null && (!Number.isInteger(args.maxlen) || args.maxlen < 0 || args.maxlen > 2 ** 24)) {
    throw new ValueError(`padSequences: maxlen must be a non-negative integer (at most 2^24) or null, got ${describeValue(args.maxlen)}.`);
  }
  if (args.value !== undefined && (typeof args.value !== 'number' || Number.isNaN(args.value) && (args.dtype ?? 'int32') === 'int32')) throw new ValueError(`padSequences: value must be a number, got ${describeValue(args.value)}.`);
  if (args.dtype !== undefined && args.dtype !== 'int32' && args.dtype !== 'float32') throw new ValueError(`padSequences: dtype must be 'int32' or 'float32', got ${describeValue(args.dtype)}.`);
  const maxlen = args.maxlen ?? seqs.reduce((m, s) => Math.max(m, Array.isArray(s) ? s.length : 0), 0);
  if (seqs.length * maxlen > 2 ** 30) throw new ValueError(`padSequences: ${seqs.length} sequences × maxlen ${maxlen} is too large (at most 2^30 values).`);
  const padding = args.padding ?? 'pre', truncating = args.truncating ?? 'pre';
  for (const p of [padding, truncating]) if (p !== 'pre' && p !== 'post') throw new ValueError(`padSequences: padding and truncating must be 'pre' or 'post', got '${p}'.`);
  const out = new Array<number>(seqs.length * maxlen).fill(args.value ?? 0);
  seqs.forEach((s, i) => {
    if (!Array.isArray(s)) throw new ValueError(`padSequences: sequence ${i} is not a list.`);
    const trunc = s.length > maxlen ? (truncating === 'pre' ? s.slice(s.length - maxlen) : s.slice(0, maxlen)) : s;
    const off = padding === 'pre' ? maxlen - trunc.length : 0;
    trunc.forEach((v, j) => { out[i * maxlen + off + j] = v; });
  });
  return fromValues(out, [seqs.length, maxlen], args.dtype ?? 'int32');
}

/** Multi-hot encode word-index sequences into [n, dimension] float32 (the IMDB seed's vectorize_sequences). */
export function vectorizeSequences(sequences: Sequences, dimension = 10000): Tensor {
  const seqs = toLists(sequences);
  const out = new Float32Array(seqs.length * dimension);
  seqs.forEach((s, i) => { for (const w of s) if (w >= 0 && w < dimension) out[i * dimension + w] = 1; });
  return fromValues(out, [seqs.length, dimension], 'float32');
}

/** Rows of a tensor by index (an int32 gather). */
export function takeRows(x: TensorLike, indices: ArrayLike<number>): Tensor {
  return gather(asTensor(x), fromValues(Array.from(indices), [indices.length], 'int32'), 0);
}

/** Shuffle several arrays with the same permutation; `seed` makes it reproducible. */
export function shuffle(arrays: TensorLike[], seed?: number): Tensor[] {
  const ts = arrays.map(asTensor);
  const n = ts[0].shape[0];
  for (const t of ts) if (t.shape[0] !== n) throw new ShapeError(`shuffle: arrays have different lengths (${ts.map((u) => u.shape[0]).join(', ')}).`);
  const idx = Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(idx, makeRng(nextKey(seed)));
  return ts.map((t) => takeRows(t, idx));
}

export interface SplitArgs { testSize?: number; trainSize?: number; randomState?: number; shuffle?: boolean; stratify?: TensorLike | null }

/**
 * sklearn's train_test_split: returns [a_train, a_test, b_train, b_test, ...]. testSize is a
 * fraction (or a count when ≥ 1); default 0.25. `stratify` keeps class proportions.
 */
export function trainTestSplit(...args: (TensorLike | SplitArgs)[]): Tensor[] {
  const last = args[args.length - 1];
  const opts: SplitArgs = last && typeof last === 'object' && !(last instanceof Tensor) && !Array.isArray(last) && !ArrayBuffer.isView(last) ? (args.pop() as SplitArgs) : {};
  const ts = (args as TensorLike[]).map(asTensor);
  if (ts.length === 0) throw new ValueError('trainTestSplit: give at least one array.');
  const n = ts[0].shape[0];
  for (const t of ts) if (t.shape[0] !== n) throw new ShapeError(`trainTestSplit: arrays have different lengths (${ts.map((u) => u.shape[0]).join(', ')}).`);
  const size = (v: number | undefined) => (v === undefined ? undefined : v < 1 ? v * n : v);
  let nTest = size(opts.testSize), nTrain = size(opts.trainSize);
  if (nTest === undefined && nTrain === undefined) nTest = 0.25 * n;
  nTest = nTest !== undefined ? Math.ceil(nTest) : n - Math.floor(nTrain!);
  nTrain = nTrain !== undefined ? Math.floor(nTrain) : n - nTest;
  if (nTest < 1 || nTrain < 1 || nTest + nTrain > n) throw new ValueError(`trainTestSplit: testSize/trainSize give ${nTrain} train and ${nTest} test samples out of ${n}.`);
  let order = Array.from({ length: n }, (_, i) => i);
  const rng = makeRng(nextKey(opts.randomState));
  let testIdx: number[], trainIdx: number[];
  if (opts.stratify) {
    const labels = Array.from(asTensor(opts.stratify).dataSync());
    const byClass = new Map<number, number[]>();
    order.forEach((i) => { const l = labels[i]; (byClass.get(l) ?? byClass.set(l, []).get(l)!).push(i); });
    testIdx = []; trainIdx = [];
    for (const idx of byClass.values()) {
      shuffleInPlace(idx, rng);
      const k = Math.round((idx.length * nTest) / n);
      testIdx.push(...idx.slice(0, k));
      trainIdx.push(...idx.slice(k));
    }
    shuffleInPlace(testIdx, rng);
    shuffleInPlace(trainIdx, rng);
  } else {
    if (opts.shuffle ?? true) shuffleInPlace(order, rng);
    testIdx = order.slice(0, nTest);
    trainIdx = order.slice(nTest, nTest + nTrain);
  }
  return ts.flatMap((t) => [takeRows(t, trainIdx), takeRows(t, testIdx)]);
}

export interface Fold { train: number[]; validation: number[] }

/** K contiguous folds (Keras's Boston-housing seed does this by hand), or shuffled with a seed. */
export function kFold(n: number, k: number, args: { shuffle?: boolean; seed?: number } = {}): Fold[] {
  if (!Number.isInteger(k) || k < 2 || k > n) throw new ValueError(`kFold: k must be an integer in [2, ${n}], got ${k}.`);
  const idx = Array.from({ length: n }, (_, i) => i);
  if (args.shuffle) shuffleInPlace(idx, makeRng(nextKey(args.seed)));
  const size = Math.floor(n / k);
  return Array.from({ length: k }, (_, f) => ({
    validation: idx.slice(f * size, (f + 1) * size),
    train: [...idx.slice(0, f * size), ...idx.slice((f + 1) * size)],
  }));
}

/** The seeds' smooth_curve: exponential moving average, previous·factor + point·(1 − factor). */
export function smoothCurve(points: number[], factor = 0.9): number[] {
  const out: number[] = [];
  for (const p of points) out.push(out.length ? out[out.length - 1] * factor + p * (1 - factor) : p);
  return out;
}

// ---------- scalers (per feature, axis 0) ----------

abstract class Scaler {
  protected a: Float64Array | null = null; // subtract
  protected b: Float64Array | null = null; // divide
  protected abstract stats(cols: number[][]): [number[], number[]];
  fit(x: TensorLike): this {
    const t = asTensor(x);
    if (t.rank !== 2) throw new ShapeError(`${this.constructor.name}.fit: expected a 2-d array [samples, features], got ${fmtShape(t.shape)}.`);
    const [n, d] = t.shape;
    const v = t.dataSync();
    const cols = Array.from({ length: d }, (_, j) => Array.from({ length: n }, (_, i) => v[i * d + j]));
    const [a, b] = this.stats(cols);
    this.a = Float64Array.from(a);
    this.b = Float64Array.from(b.map((s) => (s === 0 ? 1 : s)));
    return this;
  }
  private apply(x: TensorLike, inverse: boolean): Tensor {
    if (!this.a || !this.b) throw new ValueError(`${this.constructor.name}: call fit() first.`);
    const t = asTensor(x);
    const d = this.a.length;
    if (t.shape[t.rank - 1] !== d) throw new ShapeError(`${this.constructor.name}: fitted on ${d} features, got shape ${fmtShape(t.shape)}.`);
    const v = t.dataSync();
    const out = new Float32Array(v.length);
    for (let i = 0; i < v.length; i++) { const j = i % d; out[i] = inverse ? v[i] * this.b[j] + this.a[j] : (v[i] - this.a[j]) / this.b[j]; }
    return fromValues(out, [...t.shape], 'float32');
  }
  transform(x: TensorLike): Tensor { return this.apply(x, false); }
  inverseTransform(x: TensorLike): Tensor { return this.apply(x, true); }
  fitTransform(x: TensorLike): Tensor { return this.fit(x).transform(x); }
}

const meanOf = (c: number[]) => c.reduce((s, v) => s + v, 0) / c.length;
const quantile = (sorted: number[], q: number) => {
  const pos = (sorted.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
};

/** (x − mean) / std per feature (population std, like sklearn). */
export class StandardScaler extends Scaler {
  get mean(): number[] { return Array.from(this.a ?? []); }
  get scale(): number[] { return Array.from(this.b ?? []); }
  protected stats(cols: number[][]): [number[], number[]] {
    const m = cols.map(meanOf);
    return [m, cols.map((c, j) => Math.sqrt(c.reduce((s, v) => s + (v - m[j]) ** 2, 0) / c.length))];
  }
}

/** (x − min) / (max − min) per feature. */
export class MinMaxScaler extends Scaler {
  protected stats(cols: number[][]): [number[], number[]] {
    const mins = cols.map((c) => Math.min(...c)), maxs = cols.map((c) => Math.max(...c));
    return [mins, maxs.map((x, j) => x - mins[j])];
  }
}

/** (x − median) / IQR per feature. */
export class RobustScaler extends Scaler {
  protected stats(cols: number[][]): [number[], number[]] {
    const sorted = cols.map((c) => [...c].sort((p, q) => p - q));
    return [sorted.map((s) => quantile(s, 0.5)), sorted.map((s) => quantile(s, 0.75) - quantile(s, 0.25))];
  }
}

// ---------- CSV ----------

export interface CsvArgs { delimiter?: string; skipRows?: number; useCols?: number[]; dtype?: 'float32' | 'int32'; comments?: string }

/**
 * np.loadtxt for text: numeric rows split by a delimiter (default ','), header rows skipped,
 * columns selected; a value that is not a number is reported with its line and column.
 */
export function parseCsv(text: string, args: CsvArgs = {}): Tensor {
  const delim = args.delimiter ?? ',';
  const lines = text.split(/\r?\n/);
  const rows: number[][] = [];
  lines.forEach((line, i) => {
    if (i < (args.skipRows ?? 0)) return;
    const content = args.comments ? line.split(args.comments)[0] : line;
    if (content.trim() === '') return;
    const cells = delim === ' ' ? content.trim().split(/\s+/) : content.split(delim);
    const picked = args.useCols ? args.useCols.map((c) => {
      if (c >= cells.length || c < -cells.length) throw new ValueError(`loadCsv: line ${i + 1} has ${cells.length} columns, column ${c} requested.`);
      return cells[c < 0 ? cells.length + c : c];
    }) : cells;
    rows.push(picked.map((cell, j) => {
      const v = Number(cell.trim());
      if (cell.trim() === '' || Number.isNaN(v)) throw new ValueError(`loadCsv: could not convert '${cell.trim()}' to a number at line ${i + 1}, column ${(args.useCols ? args.useCols[j] : j) + 1}.`);
      return v;
    }));
  });
  if (rows.length === 0) return fromValues([], [0, 0], args.dtype ?? 'float32');
  const w = rows[0].length;
  rows.forEach((r, i) => { if (r.length !== w) throw new ValueError(`loadCsv: row ${i + 1} of the data has ${r.length} columns, the first row has ${w}.`); });
  return tensor(rows as NestedArray, undefined, args.dtype ?? 'float32');
}

/** Read a CSV file (path or URL) into a float32 [rows, columns] tensor. */
export async function loadCsv(source: string, args: CsvArgs = {}): Promise<Tensor> {
  const { readBytes } = await import('./files.js');
  return parseCsv(new TextDecoder().decode(await readBytes(source)), args);
}

export type { TypedArray };
