// SparseTensor: samples whose entries are mostly zero (multi-hot text, bag-of-words), held as the
// non-zeros only, in plain JS arrays outside the wasm memory. Built from TF's COO form
// (indices [nnz, rank], values [nnz], denseShape, as tf.sparse.SparseTensor) or from a 2-D CSR
// (indptr, indices, values, shape, as scipy.sparse.csr_matrix). Kept as a CSR over the first
// axis (a row is one sample; a column is a flat position inside the sample), so fit/predict copy
// a batch of rows as they are: models/data.ts hands each batch to the sparse kernels of the first
// Dense layer (tensor/ops/sparse-input.ts), or writes it densely when something else reads it.
// Every index is checked when the tensor is made: nothing later can read or write out of range.
import { ShapeError, ValueError, fmtShape, describeValue } from '../errors.js';
import { heapF32 } from '../engine/memory.js';
import { Tensor, type DType } from './tensor.js';
import { tensor } from './ops/creation.js';

type Ints = ArrayLike<number> | BigInt64Array;

/** tf.sparse.SparseTensor's parts: `indices` [nnz, rank] (nested or flat, row-major), `values` [nnz], `denseShape`. */
export interface SparseCOO { indices: Ints | ArrayLike<ArrayLike<number>> | Tensor; values: ArrayLike<number> | Tensor; denseShape: readonly number[] }
/** A row-major 2-D CSR (scipy's csr_matrix): row i holds columns indices[indptr[i] .. indptr[i+1]) with their values. */
export interface SparseCSR { indptr: Ints | Tensor; indices: Ints | Tensor; values: ArrayLike<number> | Tensor; shape: readonly number[] }

const INT_MAX = 2 ** 31 - 1;
const num = (v: number | bigint) => (typeof v === 'bigint' ? Number(v) : v);
const arr = <T>(a: T | Tensor): T => (a instanceof Tensor ? (a.dataSync() as unknown as T) : a);

function checkShape(shape: unknown, what: string): number[] {
  if (!Array.isArray(shape) || shape.length < 2 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ShapeError(`${what}: expected a shape of rank ≥ 2 (samples first) with non-negative integer sizes, got ${describeValue(shape)}.`);
  }
  const cols = shape.slice(1).reduce((a: number, b: number) => a * b, 1);
  if (shape[0] > INT_MAX || cols > INT_MAX) throw new ShapeError(`${what}: at most 2^31-1 samples of at most 2^31-1 entries each, got shape ${fmtShape(shape)}.`);
  return shape.slice();
}

function checkLength(a: { length: number } | null | undefined, want: number, name: string, what: string): void {
  if (a === null || a === undefined || typeof a.length !== 'number') throw new ValueError(`${what}: ${name} must be an array, got ${describeValue(a)}.`);
  if (a.length !== want) throw new ShapeError(`${what}: expected ${name} of length ${want}, got ${a.length}.`);
}

export class SparseTensor {
  /** Always float32 (what a Dense layer reads). */
  readonly dtype: DType = 'float32';
  readonly isSparse = true;
  readonly shape: number[];
  /** Entries per sample (the product of shape[1:]). */
  readonly cols: number;
  /** @internal The CSR over samples: row i's entries are rowPtr[i] ≤ p < rowPtr[i+1], at flat column colIdx[p] (ascending). */
  readonly rowPtr: Int32Array;
  /** @internal */ readonly colIdx: Int32Array;
  /** @internal */ readonly vals: Float32Array;

  /**
   * As tf.sparse.SparseTensor(indices, values, dense_shape): one row of `indices` per non-zero, in
   * row-major order without repeats (tf.sparse.reorder's order). Also takes `{indices, values, denseShape}`.
   */
  constructor(indices: SparseCOO['indices'] | SparseCOO, values?: SparseCOO['values'], denseShape?: readonly number[]) {
    if (values === undefined && denseShape === undefined && indices !== null && typeof indices === 'object' && 'denseShape' in indices) {
      ({ indices, values, denseShape } = indices as SparseCOO);
    }
    const what = 'SparseTensor';
    const shape = checkShape(denseShape, what);
    const rank = shape.length;
    const vals = arr(values as ArrayLike<number> | Tensor);
    if (vals === null || vals === undefined || typeof (vals as ArrayLike<number>).length !== 'number') throw new ValueError(`${what}: values must be an array of numbers, got ${describeValue(vals)}.`);
    const nnz = vals.length;
    let flat: Ints;
    const ind = arr(indices as Ints | Tensor);
    if (Array.isArray(ind) && ind.length > 0 && typeof ind[0] === 'object') {
      checkLength(ind, nnz, 'indices (one row per value)', what);
      const f = new Float64Array(nnz * rank);
      (ind as ArrayLike<number>[]).forEach((row, p) => {
        checkLength(row, rank, `indices[${p}] (one coordinate per axis of denseShape ${fmtShape(shape)})`, what);
        for (let a = 0; a < rank; a++) f[p * rank + a] = row[a];
      });
      flat = f;
    } else flat = ind as Ints;
    checkLength(flat as { length: number }, nnz * rank, `indices of ${nnz} × ${rank} coordinates (nnz × rank)`, what);
    this.shape = shape;
    this.cols = shape.slice(1).reduce((a, b) => a * b, 1);
    this.rowPtr = new Int32Array(shape[0] + 1);
    this.colIdx = new Int32Array(nnz);
    this.vals = Float32Array.from(vals as ArrayLike<number>);
    let prevRow = -1, prevCol = -1;
    const at = (p: number) => `[${Array.from({ length: rank }, (_, a) => num(flat[p * rank + a]))}]`;
    for (let p = 0; p < nnz; p++) {
      let col = 0;
      for (let a = 0; a < rank; a++) {
        const c = num(flat[p * rank + a]);
        if (!Number.isInteger(c) || c < 0 || c >= shape[a]) {
          throw new ValueError(`${what}: indices[${p}] = ${at(p)} is out of range: coordinate ${a} must be an integer in [0, ${shape[a]}), got ${c}.`);
        }
        if (a > 0) col = col * shape[a] + c;
      }
      const row = num(flat[p * rank]);
      if (row < prevRow || (row === prevRow && col <= prevCol)) {
        throw new ValueError(`${what}: indices[${p}] = ${at(p)} is ${row === prevRow && col === prevCol ? 'a repeat of' : 'out of order after'} indices[${p - 1}] = ${at(p - 1)}; expected row-major order without repeats (sort the entries, as tf.sparse.reorder).`);
      }
      this.colIdx[p] = col;
      this.rowPtr[row + 1]++;
      prevRow = row; prevCol = col;
    }
    for (let i = 0; i < shape[0]; i++) this.rowPtr[i + 1] += this.rowPtr[i];
  }

  /** A 2-D SparseTensor from a row-major CSR (scipy.sparse.csr_matrix's indptr, indices, data). */
  static fromCSR(csr: SparseCSR): SparseTensor {
    const what = 'SparseTensor.fromCSR';
    if (csr === null || typeof csr !== 'object') throw new ValueError(`${what}: expected {indptr, indices, values, shape}, got ${describeValue(csr)}.`);
    const shape = checkShape(csr.shape, what);
    if (shape.length !== 2) throw new ShapeError(`${what}: a CSR is 2-D [rows, columns], got shape ${fmtShape(shape)}.`);
    const [rows, cols] = shape;
    const indptr = arr(csr.indptr), indices = arr(csr.indices), values = arr(csr.values);
    checkLength(indptr as { length: number }, rows + 1, 'indptr (rows + 1 offsets)', what);
    if (num(indptr[0]) !== 0) throw new ValueError(`${what}: indptr[0] must be 0, got ${num(indptr[0])}.`);
    for (let i = 0; i < rows; i++) {
      const a = num(indptr[i]), b = num(indptr[i + 1]);
      if (!Number.isInteger(b) || b < a) throw new ValueError(`${what}: indptr must be non-decreasing integers (row ${i} would hold ${b} - ${a} entries), got indptr[${i}] = ${a}, indptr[${i + 1}] = ${b}.`);
    }
    const nnz = num(indptr[rows]);
    checkLength(indices as { length: number }, nnz, `indices (indptr[${rows}] = ${nnz} entries)`, what);
    checkLength(values as { length: number }, nnz, `values (indptr[${rows}] = ${nnz} entries)`, what);
    const rp = new Int32Array(rows + 1), ci = new Int32Array(nnz);
    for (let i = 0; i < rows; i++) {
      const a = num(indptr[i]), b = num(indptr[i + 1]);
      rp[i + 1] = b;
      for (let p = a; p < b; p++) {
        const c = num(indices[p]);
        if (!Number.isInteger(c) || c < 0 || c >= cols) throw new ValueError(`${what}: indices[${p}] (row ${i}) must be an integer column in [0, ${cols}), got ${c}.`);
        if (p > a && c <= ci[p - 1]) throw new ValueError(`${what}: row ${i}'s columns must be ascending without repeats, got ${ci[p - 1]} then ${c} at indices[${p - 1}..${p}] (sort each row, as scipy's sort_indices).`);
        ci[p] = c;
      }
    }
    return SparseTensor.fromParts(shape, rp, ci, Float32Array.from(values as ArrayLike<number>));
  }

  /** The non-zeros of a dense tensor (tf.sparse.from_dense). */
  static fromDense(x: Tensor): SparseTensor {
    if (!(x instanceof Tensor)) throw new ValueError(`SparseTensor.fromDense: expected a Tensor, got ${describeValue(x)}.`);
    const shape = checkShape(x.shape, 'SparseTensor.fromDense');
    const d = x.dataSync(), rows = shape[0], cols = rows > 0 ? d.length / rows : 0;
    const rp = new Int32Array(rows + 1);
    let nnz = 0;
    for (let j = 0; j < d.length; j++) if (d[j] !== 0) nnz++;
    const ci = new Int32Array(nnz), v = new Float32Array(nnz);
    let p = 0;
    for (let i = 0; i < rows; i++) {
      for (let c = 0, o = i * cols; c < cols; c++) if (d[o + c] !== 0) { ci[p] = c; v[p++] = Number(d[o + c]); }
      rp[i + 1] = p;
    }
    return SparseTensor.fromParts(shape, rp, ci, v);
  }

  /** @internal Arrays already checked (or made here). */
  static fromParts(shape: number[], rowPtr: Int32Array, colIdx: Int32Array, vals: Float32Array): SparseTensor {
    const t = Object.create(SparseTensor.prototype) as { -readonly [K in keyof SparseTensor]: SparseTensor[K] };
    t.dtype = 'float32'; t.isSparse = true;
    t.shape = shape; t.cols = shape.slice(1).reduce((a, b) => a * b, 1);
    t.rowPtr = rowPtr; t.colIdx = colIdx; t.vals = vals;
    return t as SparseTensor;
  }

  get rank(): number { return this.shape.length; }
  /** tf.SparseTensor.dense_shape. */
  get denseShape(): number[] { return this.shape.slice(); }
  /** Number of stored entries. */
  get nnz(): number { return this.vals.length; }
  /** Stored entries over all entries of the dense shape. */
  get density(): number { const n = this.shape[0] * this.cols; return n === 0 ? 0 : this.nnz / n; }
  /** Number of entries of the dense form (what a Tensor's `size` is). */
  get size(): number { return this.shape[0] * this.cols; }

  /** tf.SparseTensor.indices: an int32 Tensor [nnz, rank], row-major (made on each access). */
  get indices(): Tensor {
    const rank = this.rank, out = new Int32Array(this.nnz * rank), inner = this.shape.slice(1);
    for (let i = 0; i < this.shape[0]; i++) {
      for (let p = this.rowPtr[i]; p < this.rowPtr[i + 1]; p++) {
        out[p * rank] = i;
        let c = this.colIdx[p];
        for (let a = rank - 1; a >= 1; a--) { out[p * rank + a] = c % inner[a - 1]; c = Math.floor(c / inner[a - 1]); }
      }
    }
    return tensor(out, [this.nnz, rank], 'int32');
  }
  /** tf.SparseTensor.values: a float32 Tensor [nnz] (made on each access). */
  get values(): Tensor { return tensor(this.vals.slice(), [this.nnz], 'float32'); }
  /** The CSR of a 2-D tensor (rows × flat columns): views of the stored arrays, not copies. */
  toCSR(): { indptr: Int32Array; indices: Int32Array; values: Float32Array; shape: number[] } {
    return { indptr: this.rowPtr, indices: this.colIdx, values: this.vals, shape: [this.shape[0], this.cols] };
  }

  /** The dense Tensor (tf.sparse.to_dense): needs the full size in memory. */
  toDense(): Tensor {
    const t = Tensor.alloc(this.shape, 'float32');
    this.writeDense(null, 0, this.shape[0], heapF32().subarray(t.ptr >>> 2, (t.ptr >>> 2) + this.size));
    return t;
  }

  /** @internal Samples [a, b) (views of the entries; the row offsets rebased). */
  sliceRows(a: number, b: number): SparseTensor {
    const p0 = this.rowPtr[a], p1 = this.rowPtr[b];
    const rp = this.rowPtr.slice(a, b + 1);
    for (let i = 0; i < rp.length; i++) rp[i] -= p0;
    return SparseTensor.fromParts([b - a, ...this.shape.slice(1)], rp, this.colIdx.subarray(p0, p1), this.vals.subarray(p0, p1));
  }

  /** @internal Entries in rows order[start .. start+count) (or rows start .. start+count). */
  batchNnz(order: Int32Array | null, start: number, count: number): number {
    if (order === null) return this.rowPtr[start + count] - this.rowPtr[start];
    let n = 0;
    for (let r = start; r < start + count; r++) { const i = order[r]; n += this.rowPtr[i + 1] - this.rowPtr[i]; }
    return n;
  }

  /** @internal The batch's CSR into rowPtr (count + 1), idx and val (at least batchNnz entries each). */
  writeCSR(order: Int32Array | null, start: number, count: number, rowPtr: Int32Array, idx: Int32Array, val: Float32Array): void {
    const rp = this.rowPtr, ci = this.colIdx, vs = this.vals;
    if (order === null) { // consecutive rows: one block (row by row, ≈ 6× slower into shared memory: rows at odd offsets are copied byte by byte)
      const a = rp[start], b = rp[start + count];
      for (let r = 0; r <= count; r++) rowPtr[r] = rp[start + r] - a;
      idx.set(ci.subarray(a, b));
      val.set(vs.subarray(a, b));
      return;
    }
    let n = 0;
    for (let r = 0; r < count; r++) {
      const i = order[start + r], a = rp[i], b = rp[i + 1];
      rowPtr[r] = n;
      idx.set(ci.subarray(a, b), n);
      val.set(vs.subarray(a, b), n);
      n += b - a;
    }
    rowPtr[count] = n;
  }

  /** @internal The batch's rows densely into out (count × cols floats). */
  writeDense(order: Int32Array | null, start: number, count: number, out: Float32Array): void {
    const cols = this.cols;
    out.fill(0, 0, count * cols);
    for (let r = 0; r < count; r++) {
      const i = order === null ? start + r : order[start + r];
      const o = r * cols;
      for (let p = this.rowPtr[i]; p < this.rowPtr[i + 1]; p++) out[o + this.colIdx[p]] = this.vals[p];
    }
  }

  /** @internal Embedding inputs: every stored value (truncated) a row index in [0, n); the implicit zeros are index 0. */
  checkIndexValues(n: number, who: string): void {
    for (let i = 0; i < this.shape[0]; i++) {
      for (let p = this.rowPtr[i]; p < this.rowPtr[i + 1]; p++) {
        const k = Math.trunc(this.vals[p]);
        if (!(k >= 0 && k < n)) throw new ValueError(`${who}: index ${this.vals[p]} at row ${i} (position ${this.colIdx[p]}) ${Number.isNaN(this.vals[p]) ? 'is NaN' : `is outside [0, ${n})`}.`);
      }
    }
  }

  /** Nothing to free: the entries live in JS arrays (for code that disposes whatever it was given). */
  dispose(): void {}

  toString(): string { return `SparseTensor(shape=${fmtShape(this.shape)}, nnz=${this.nnz}, density=${(100 * this.density).toPrecision(3)} %)`; }
}

export const isSparseTensor = (x: unknown): x is SparseTensor => x instanceof SparseTensor;

