// Turning what users pass to fit/evaluate/predict (Tensors, typed arrays, nested arrays,
// lists or name-keyed objects of them) into tensors in linear memory, and copying batches
// of rows into a plan's input buffers with one kernel call each. uint8 samples stay uint8
// (a quarter of the bytes): each batch is converted to float32 as it is copied. A SparseTensor
// stays sparse: each batch's rows go to the sparse kernels of the Dense layers that read the
// input (as CSR, into the placeholder's feed), and are written densely only when another op
// reads the input — one batch at a time, never the whole set.
import { K } from '../engine/wasm.js';
import { STORAGE } from '../generated/kernels.js';
import { heapF32, heapI32, heapU8, malloc, free } from '../engine/memory.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { BYTES_PER_ELEMENT, Tensor, type DType, type NestedArray, type TypedArray } from '../tensor/tensor.js';
import { cast, tensor } from '../tensor/ops/index.js';
import { borrowedStorage } from '../tensor/storage.js';
import { SparseTensor } from '../tensor/sparse-tensor.js';
import { feedOf, feedArrays, feedReadsDense, feedTakesCsr, holdDenseRows, setFeedState, sparseInputMode, sparseStats, writeHeldBatch, type HeldCsr, type SparseFeed } from '../tensor/ops/sparse-input.js';
import type { ShapeSpec } from '../layers/layer.js';
import { checkDataAlive } from './validate.js';

/** One array of samples: a Tensor, nested arrays, a typed array (shaped by the model), {data, shape}, or (inputs only) a SparseTensor. */
export type ArrayData = Tensor | NestedArray | TypedArray | { data: TypedArray | number[]; shape: number[] } | SparseTensor;
/** One array per model input/output: a single array, a list, or an object keyed by layer name. */
export type ModelData = ArrayData | ArrayData[] | Record<string, ArrayData>;

function isArrayData(x: unknown): x is ArrayData {
  return x instanceof Tensor || x instanceof SparseTensor || ArrayBuffer.isView(x) || typeof x === 'number' ||
    (typeof x === 'object' && x !== null && 'data' in x && 'shape' in x);
}

/** Split user data into one entry per expected array (inputs or outputs). */
export function splitData(x: ModelData, names: string[], what: string): ArrayData[] {
  if (names.length === 1) {
    if (Array.isArray(x) && x.length === 1 && isArrayData(x[0])) return [x[0] as ArrayData];
    if (!Array.isArray(x) && !isArrayData(x) && typeof x === 'object' && x !== null && names[0] in x) return [(x as Record<string, ArrayData>)[names[0]]];
    return [x as ArrayData];
  }
  if (Array.isArray(x)) {
    if (x.length !== names.length) throw new ValueError(`The model has ${names.length} ${what}s (${names.join(', ')}) but ${x.length} arrays were given.`);
    return x as ArrayData[];
  }
  if (typeof x === 'object' && x !== null && !isArrayData(x)) {
    const obj = x as Record<string, ArrayData>;
    return names.map((n) => {
      if (!(n in obj)) throw new ValueError(`Missing data for ${what} '${n}'; got keys ${Object.keys(obj).join(', ')}.`);
      return obj[n];
    });
  }
  throw new ValueError(`The model has ${names.length} ${what}s (${names.join(', ')}): pass a list or an object keyed by name.`);
}

/**
 * A tensor of samples; typed arrays take their shape from the model's spec. With `keepUint8`,
 * uint8 samples for a float32 input stay uint8 (BatchCopier converts each batch).
 */
export function toSamples(x: ArrayData, spec: ShapeSpec | null, dtype: DType | null, what: string, keepUint8 = false): Tensor {
  let t: Tensor;
  if (x instanceof SparseTensor) return sparseSamples(x, dtype, what, keepUint8);
  if (x instanceof Tensor) t = x;
  else if (ArrayBuffer.isView(x)) {
    const per = spec ? spec.slice(1).reduce<number>((n, d) => n * (d ?? 1), 1) : 1;
    if (!spec || spec.slice(1).some((d) => d === null) || x.length % per !== 0) {
      throw new ShapeError(`${what}: a typed array of length ${x.length} cannot be shaped as ${spec ? fmtShape(spec) : 'the model input'}; pass {data, shape} or a Tensor.`);
    }
    t = tensor(x, [x.length / per, ...(spec.slice(1) as number[])]);
  } else if (typeof x === 'object' && x !== null && 'data' in x && 'shape' in x && !Array.isArray(x)) {
    t = tensor(x.data as TypedArray, x.shape);
  } else t = tensor(x as NestedArray);
  if (t.rank === 0) throw new ShapeError(`${what}: expected an array of samples, got a scalar.`);
  if (keepUint8 && t.dtype === 'uint8' && dtype === 'float32') return t; // converted per batch
  if (dtype && t.dtype !== dtype) t = cast(t, dtype);
  else if (t.dtype === 'uint8' || t.dtype === 'bool') t = cast(t, 'float32');
  return t;
}

/**
 * A SparseTensor of model inputs travels through the trainer where a Tensor of samples would: the
 * trainer reads only its shape and dtype, and hands it back to BatchCopier.copy and sliceRows
 * (both below). Refused for targets and for inputs that are not float32.
 */
function sparseSamples(x: SparseTensor, dtype: DType | null, what: string, isInput: boolean): Tensor {
  if (!isInput) throw new ValueError(`${what}: a SparseTensor can be given for model inputs only; pass targets and sample weights densely.`);
  if (dtype !== null && dtype !== 'float32') throw new ValueError(`${what}: a SparseTensor holds float32 values, but this input is ${dtype}; pass it densely, or make the input float32.`);
  return x as unknown as Tensor;
}

/** Samples [a, b) of a data array (the validationSplit's parts): a gather for tensors, a view of the rows of a SparseTensor. */
export function sliceRows(t: Tensor, a: number, b: number, gatherRows: (t: Tensor) => Tensor): Tensor {
  const s = t as unknown;
  return s instanceof SparseTensor ? (s.sliceRows(a, b) as unknown as Tensor) : gatherRows(t);
}

/**
 * predict()'s default batch: the whole input up to 8192 rows; for sparse data, as many rows as fit
 * 16 MiB densely (the plan's input buffer is dense even when no op reads it).
 */
export function defaultPredictBatch(xs: Tensor[]): number {
  const n = xs[0].shape[0];
  let most = 8192;
  for (const x of xs as unknown[]) if (x instanceof SparseTensor) most = Math.min(most, Math.max(32, Math.floor((16 << 20) / (4 * Math.max(1, x.cols)))));
  return Math.max(1, Math.min(n, most));
}

/** The dtype of a plan's batch of these samples for a model input of dtype `want` (uint8 → float32). */
export function batchDType(samples: Tensor, want: DType): DType {
  return samples.dtype === 'uint8' && want === 'float32' ? 'float32' : samples.dtype;
}

/**
 * The common number of samples (first dimension). Given as `{ x: [...], y: [...] }`, an error
 * names each array: `fit(): x and y must have the same number of samples, got x: 64, y: 50.`
 */
export function checkSameLength(arrays: Tensor[] | Record<string, Tensor[]>, what: string): number {
  const named: [string, Tensor][] = Array.isArray(arrays)
    ? arrays.map((t, i) => [`array ${i}`, t])
    : Object.entries(arrays).flatMap(([k, ts]) => ts.map((t, i): [string, Tensor] => [ts.length > 1 ? `${k}[${i}]` : k, t]));
  const n = named[0][1].shape[0];
  if (named.every(([, t]) => t.shape[0] === n)) return n;
  const groups = Array.isArray(arrays) ? 'all arrays' : Object.keys(arrays).join(' and ');
  throw new ValueError(`${what}: ${groups} must have the same number of samples, got ${named.map(([k, t]) => `${k}: ${t.shape[0]}`).join(', ')}.`);
}

function freeBlocks(b: { idx: number; conv: number }): void {
  if (b.idx >= 0) free(b.idx);
  if (b.conv >= 0) free(b.conv);
  b.idx = b.conv = -1;
}
/** A copier dropped with its model returns its scratch blocks. */
const copiers = new FinalizationRegistry(freeBlocks);

/** Copies batches of rows from sample tensors into plan buffers. */
export class BatchCopier {
  /** Its two scratch blocks (indices; rows to convert), shared with the finalizer. */
  private blocks = { idx: -1, conv: -1 };
  private capacity = 0;
  private convBytes = 0;

  constructor() { copiers.register(this, this.blocks, this); }

  /**
   * Rows [start, start+count) of `order` (or of the natural order) from src into dst. When dst
   * is float32 and src uint8, the rows are converted on the way (one batch at a time).
   */
  copy(src: Tensor, dst: { ptr: number; dtype?: DType }, order: Int32Array | null, start: number, count: number): void {
    if ((src as unknown) instanceof SparseTensor) return this.copySparse(src as unknown as SparseTensor, dst, order, start, count);
    checkDataAlive(src);
    const feed = feedOf(dst);
    if (feed !== null) {
      const h = heldSparsely(src, feed, count);
      if (h !== null) return this.copySparse(h, dst, order, start, count);
      setFeedState(feed, false, false); // dense rows: the dense ops choose from their own scan
    }
    const rowElems = src.size / src.shape[0];
    const eb = BYTES_PER_ELEMENT[src.dtype];
    const rowBytes = rowElems * eb;
    const convert = dst.dtype !== undefined && dst.dtype !== src.dtype;
    const from = src.ptr; // read first: it may bring spilled samples back into the heap
    let out = dst.ptr;
    if (convert) {
      if (src.dtype !== 'uint8' || dst.dtype !== 'float32') throw new ValueError(`BatchCopier: cannot convert ${src.dtype} samples into a ${dst.dtype} batch.`);
      if (order === null) { K.cast(from + start * rowBytes, STORAGE.uint8, dst.ptr, STORAGE.float32, count * rowElems); return; }
      out = this.scratch(count * rowBytes);
    }
    if (order === null) heapU8().copyWithin(out, from + start * rowBytes, from + (start + count) * rowBytes);
    else K.gather(from, this.orderInMemory(order, start, count), out, 1, src.shape[0], count, rowElems, eb, 0);
    if (convert) K.cast(out, STORAGE.uint8, dst.ptr, STORAGE.float32, count * rowElems);
  }

  /**
   * A batch of sparse rows (a SparseTensor's, or dense data's held as CSR) into a plan's input
   * buffer: as CSR into its feed when the Dense layers that read it take the batch sparse
   * (feedTakesCsr), and densely when they do not, or when another op reads the input too. Sizes
   * come from the rows' checked offsets; the heap views are exact.
   */
  private copySparse(src: SparseTensor | HeldCsr, dst: { ptr: number; dtype?: DType }, order: Int32Array | null, start: number, count: number): void {
    if (dst.dtype !== undefined && dst.dtype !== 'float32') throw new ValueError(`BatchCopier: a SparseTensor fills float32 batches, not ${dst.dtype}.`);
    const feed = feedOf(dst), cols = src.cols, ours = !(src instanceof SparseTensor);
    const at = ours && order !== null ? this.orderInMemory(order, start, count) : 0; // may grow the heap, as may feedArrays
    const nnz = ours ? writeHeldBatch(src, at, start, count, null) : src.batchNnz(order, start, count);
    const csr = feed !== null && feedTakesCsr(feed, count, cols, nnz);
    if (feed !== null) setFeedState(feed, csr, !csr); // too dense (or 1–4 rows): the GEMM, as a scan would choose
    if (csr) {
      const [rp, idx, val] = feedArrays(feed!, count, nnz);
      const i32 = heapI32(), f32 = heapF32();
      if (ours) writeHeldBatch(src, at, start, count, feed!);
      else src.writeCSR(order, start, count, i32.subarray(rp >>> 2, (rp >>> 2) + count + 1), i32.subarray(idx >>> 2, (idx >>> 2) + nnz), f32.subarray(val >>> 2, (val >>> 2) + nnz));
      sparseStats.fed++;
      if (!feedReadsDense(feed!)) return;
    }
    if (ours) writeHeldBatch(src, at, start, count, dst.ptr);
    else src.writeDense(order, start, count, heapF32().subarray(dst.ptr >>> 2, (dst.ptr >>> 2) + count * cols));
    sparseStats.densified++;
  }

  /** order[start .. start+count) copied into linear memory (a reused block), for the gathering kernels. */
  private orderInMemory(order: Int32Array, start: number, count: number): number {
    if (count > this.capacity) {
      if (this.blocks.idx >= 0) free(this.blocks.idx);
      this.blocks.idx = -1;
      this.blocks.idx = malloc(count * 4);
      this.capacity = count;
    }
    heapI32().set(order.subarray(start, start + count), this.blocks.idx >>> 2);
    return this.blocks.idx;
  }

  /** A reused buffer of at least `bytes` for rows that are converted after gathering. */
  private scratch(bytes: number): number {
    if (bytes > this.convBytes) {
      if (this.blocks.conv >= 0) free(this.blocks.conv);
      this.blocks.conv = -1;
      this.blocks.conv = malloc(bytes);
      this.convBytes = bytes;
    }
    return this.blocks.conv;
  }

  dispose(): void {
    freeBlocks(this.blocks);
    this.capacity = this.convBytes = 0;
  }
}

/**
 * A data set of dense samples that only sparse-input Dense layers read, and that is mostly zeros
 * (multi-hot text), is turned into CSR once, on its first batch, and every batch is copied from
 * that CSR into the feed as a SparseTensor's would be: no batch is copied or scanned densely again.
 * Each batch still takes the path its scan would have chosen (feedTakesCsr), so the weights come
 * out the same. Only for data of more than one batch (a set fit, evaluate or predict goes through),
 * only below an eighth of non-zeros (where the CSR, 8 bytes an entry, is at most a quarter of the
 * dense bytes), and kept while the tensor lives: tensors are immutable, and variables and plan
 * buffers, whose bytes change, are pinned and never held.
 */
const held = new WeakMap<Tensor, HeldCsr | null>();
function heldSparsely(src: Tensor, feed: SparseFeed, count: number): HeldCsr | null {
  let h = held.get(src);
  if (h !== undefined) return h;
  if (count >= src.shape[0] || src.dtype !== 'float32' || src.rank !== 2 || src.storage === null || src.storage.pinned || sparseInputMode !== 'auto') return null;
  h = feedReadsDense(feed) || !(feed.maxDensity > 0) ? null : holdDenseRows(() => src.ptr, src.shape[0], src.shape[1], Math.min(feed.maxDensity, 0.125));
  if (h !== null) sparseStats.held++;
  held.set(src, h);
  return h;
}

/** A Tensor over bytes owned by someone else (a plan buffer): never frees them. */
export function borrowedTensor(ptr: number, shape: number[], dtype: DType): Tensor {
  const bytes = shape.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[dtype];
  return new Tensor(shape, dtype, borrowedStorage(ptr, bytes));
}
