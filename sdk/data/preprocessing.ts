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
/** An integer option in [lo, hi], else a ValueError naming the function and the value. */
function checkInt(v: unknown, what: string, lo: number, hi = 2 ** 30): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new ValueError(`${what} must be an integer in [${lo}, ${hi === 2 ** 30 ? '2^30' : hi}], got ${describeValue(v)}.`);
  return v;
}

function maxOf(v: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < v.length; i++) if (v[i] > m) m = v[i];
  return m;
}
function minOf(v: ArrayLike<number>): number {
  let m = Infinity;
  for (let i = 0; i < v.length; i++) if (v[i] < m) m = v[i];
  return m;
}

export function toCategorical(labels: TensorLike, numClasses?: number): Tensor {
  if (numClasses !== undefined && numClasses !== null) checkInt(numClasses, 'toCategorical: numClasses', 1, 2 ** 20);
  const t = asTensor(labels);
  let shape = [...t.shape];
  if (shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
  const v = t.dataSync();
  for (const x of v) if (!Number.isInteger(x) || x < 0) throw new ValueError(`toCategorical: labels must be non-negative integers, got ${x}.`);
  const k = numClasses ?? (v.length ? maxOf(v) + 1 : 0);
  if (v.length * k > 2 ** 30) throw new ValueError(`toCategorical: ${v.length} labels × ${k} classes is too large (at most 2^30 values).`);
  const out = new Float32Array(v.length * k);
  v.forEach((x, i) => {
    if (x >= k) throw new ValueError(`toCategorical: label ${x} is out of range for numClasses ${k}.`);
    out[i * k + x] = 1;
  });
  return fromValues(out, [...shape, k], 'float32');
}

/** keras.utils.normalize: divide by the L-order norm along an axis (zero norms left alone). */
export function normalize(x: TensorLike, axis = -1, order = 2): Tensor {
  if (typeof order !== 'number' || !(order > 0) || !Number.isFinite(order)) throw new ValueError(`normalize: order must be a positive number, got ${describeValue(order)}.`);
  const t = asTensor(x).cast('float32');
  const norm = order === 2 ? t.square().sum(axis, true).sqrt() : t.abs().pow(order).sum(axis, true).pow(1 / order);
  return t.div(norm.add(norm.equal(0).cast('float32')));
}

type Sequences = number[][] | Tensor;

function toLists(seqs: Sequences, what: string): number[][] {
  if (seqs instanceof Tensor) {
    if (seqs.rank !== 2) throw new ShapeError(`${what}: expected a 2-D tensor of sequences, got shape ${fmtShape(seqs.shape)}.`);
    return seqs.arraySync() as number[][];
  }
  if (!Array.isArray(seqs)) throw new ValueError(`${what}: expected a list of sequences (arrays of numbers) or a 2-D tensor, got ${describeValue(seqs)}.`);
  seqs.forEach((q, i) => { if (!Array.isArray(q) && !ArrayBuffer.isView(q)) throw new ValueError(`${what}: sequence ${i} is not a list of numbers (got ${describeValue(q)}).`); });
  return seqs;
}

export interface PadArgs { maxlen?: number | null; padding?: 'pre' | 'post'; truncating?: 'pre' | 'post'; value?: number; dtype?: 'int32' | 'float32' }

/** keras.utils.pad_sequences: lists → [n, maxlen], padded and truncated 'pre' (default) or 'post'. */
export function padSequences(sequences: Sequences, args: PadArgs = {}): Tensor {
  const seqs = toLists(sequences, 'padSequences');
  if (args === null || typeof args !== 'object') throw new ValueError(`padSequences: options must be an object such as {maxlen: 100}, got ${describeValue(args)}.`);
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
  const seqs = toLists(sequences, 'vectorizeSequences');
  checkInt(dimension, 'vectorizeSequences: dimension', 1, 2 ** 24);
  if (seqs.length * dimension > 2 ** 30) throw new ValueError(`vectorizeSequences: ${seqs.length} sequences × dimension ${dimension} is too large (at most 2^30 values).`);
  const out = new Float32Array(seqs.length * dimension);
  seqs.forEach((s, i) => { for (const w of s) if (w >= 0 && w < dimension) out[i * dimension + w] = 1; });
  return fromValues(out, [seqs.length, dimension], 'float32');
}

/** Rows of a tensor by index (an int32 gather). */
export function takeRows(x: TensorLike, indices: ArrayLike<number>): Tensor {
  if (indices === null || typeof indices !== 'object' || typeof indices.length !== 'number') throw new ValueError(`takeRows: expected a list of row indices, got ${describeValue(indices)}.`);
  for (let i = 0; i < indices.length; i++) if (!Number.isInteger(indices[i])) throw new ValueError(`takeRows: row index ${describeValue(indices[i])} at position ${i} is not an integer.`);
  return gather(asTensor(x), fromValues(Array.from(indices), [indices.length], 'int32'), 0);
}

/** Shuffle several arrays with the same permutation; `seed` makes it reproducible. */
export function shuffle(arrays: TensorLike[], seed?: number): Tensor[] {
  if (!Array.isArray(arrays) || arrays.length === 0) throw new ValueError(`shuffle: expected a non-empty list of arrays, got ${describeValue(arrays)}.`);
  if (seed !== undefined) checkInt(seed, 'shuffle: seed', 0, Number.MAX_SAFE_INTEGER);
  const ts = arrays.map(asTensor);
  const n = ts[0].shape[0];
  for (const t of ts) if (t.rank === 0) throw new ShapeError('shuffle: expected arrays of samples, got a scalar.');
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
  for (const t of ts) if (t.rank === 0) throw new ShapeError('trainTestSplit: expected arrays of samples, got a scalar.');
  for (const k of ['testSize', 'trainSize'] as const) {
    const v = opts[k];
    if (v !== undefined && (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))) throw new ValueError(`trainTestSplit: ${k} must be a fraction in (0, 1) or a count ≥ 1, got ${describeValue(v)}.`);
  }
  if (opts.randomState !== undefined) checkInt(opts.randomState, 'trainTestSplit: randomState', 0, Number.MAX_SAFE_INTEGER);
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
  checkInt(n, 'kFold: n', 2);
  checkInt(k, 'kFold: k', 2, n);
  if (args === null || typeof args !== 'object') throw new ValueError(`kFold: options must be an object such as {shuffle: true, seed: 0}, got ${describeValue(args)}.`);
  if (args.seed !== undefined) checkInt(args.seed, 'kFold: seed', 0, Number.MAX_SAFE_INTEGER);
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
  if (!Array.isArray(points) && !ArrayBuffer.isView(points)) throw new ValueError(`smoothCurve: expected an array of numbers, got ${describeValue(points)}.`);
  if (typeof factor !== 'number' || !(factor >= 0 && factor <= 1)) throw new ValueError(`smoothCurve: factor must be a number in [0, 1], got ${describeValue(factor)}.`);
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
    const mins = cols.map(minOf), maxs = cols.map(maxOf);
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
  if (typeof text !== 'string') throw new ValueError(`parseCsv: expected the CSV text as a string, got ${describeValue(text)}.`);
  if (args === null || typeof args !== 'object') throw new ValueError(`parseCsv: options must be an object such as {delimiter: ','}, got ${describeValue(args)}.`);
  if (args.delimiter !== undefined && (typeof args.delimiter !== 'string' || args.delimiter === '')) throw new ValueError(`parseCsv: delimiter must be a non-empty string, got ${describeValue(args.delimiter)}.`);
  if (args.comments !== undefined && typeof args.comments !== 'string') throw new ValueError(`parseCsv: comments must be a string, got ${describeValue(args.comments)}.`);
  if (args.skipRows !== undefined) checkInt(args.skipRows, 'parseCsv: skipRows', 0, Number.MAX_SAFE_INTEGER);
  if (args.useCols !== undefined && (!Array.isArray(args.useCols) || args.useCols.some((c) => !Number.isInteger(c)))) throw new ValueError(`parseCsv: useCols must be a list of column indices, got ${describeValue(args.useCols)}.`);
  if (args.dtype !== undefined && args.dtype !== 'float32' && args.dtype !== 'int32') throw new ValueError(`parseCsv: dtype must be 'float32' or 'int32', got ${describeValue(args.dtype)}.`);
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
