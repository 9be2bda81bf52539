// Turning what users pass to fit/evaluate/predict (Tensors, typed arrays, nested arrays,
// lists or name-keyed objects of them) into tensors in linear memory, and copying batches
// of rows into a plan's input buffers with one kernel call each.
import { K } from '../engine/wasm.js';
import { heapI32, heapU8, malloc, free } from '../engine/memory.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { BYTES_PER_ELEMENT, Tensor, type DType, type NestedArray, type TypedArray } from '../tensor/tensor.js';
import { cast, tensor } from '../tensor/ops/index.js';
import type { ShapeSpec } from '../layers/layer.js';

/** One array of samples: a Tensor, nested arrays, a typed array (shaped by the model), or {data, shape}. */
export type ArrayData = Tensor | NestedArray | TypedArray | { data: TypedArray | number[]; shape: number[] };
/** One array per model input/output: a single array, a list, or an object keyed by layer name. */
export type ModelData = ArrayData | ArrayData[] | Record<string, ArrayData>;

function isArrayData(x: unknown): x is ArrayData {
  return x instanceof Tensor || ArrayBuffer.isView(x) || typeof x === 'number' ||
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

/** A tensor of samples; typed arrays take their shape from the model's spec. */
export function toSamples(x: ArrayData, spec: ShapeSpec | null, dtype: DType | null, what: string): Tensor {
  let t: Tensor;
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
  if (dtype && t.dtype !== dtype) t = cast(t, dtype);
  else if (t.dtype === 'uint8' || t.dtype === 'bool') t = cast(t, 'float32');
  return t;
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

/** Copies batches of rows from sample tensors into plan buffers. */
export class BatchCopier {
  private idxPtr = -1;
  private capacity = 0;

  /** Rows [start, start+count) of `order` (or of the natural order) from src into dst. */
  copy(src: Tensor, dst: { ptr: number }, order: Int32Array | null, start: number, count: number): void {
    const rowElems = src.size / src.shape[0];
    const eb = BYTES_PER_ELEMENT[src.dtype];
    const rowBytes = rowElems * eb;
    if (order === null) {
      heapU8().copyWithin(dst.ptr, src.ptr + start * rowBytes, src.ptr + (start + count) * rowBytes);
      return;
    }
    if (count > this.capacity) {
      if (this.idxPtr >= 0) free(this.idxPtr, this.capacity * 4);
      this.capacity = count;
      this.idxPtr = malloc(count * 4);
    }
    heapI32().set(order.subarray(start, start + count), this.idxPtr >> 2);
    K.gather(src.ptr, this.idxPtr, dst.ptr, 1, src.shape[0], count, rowElems, eb);
  }

  dispose(): void {
    if (this.idxPtr >= 0) free(this.idxPtr, this.capacity * 4);
    this.idxPtr = -1;
    this.capacity = 0;
  }
}

/** A Tensor over bytes owned by someone else (a plan buffer): never frees them. */
export function borrowedTensor(ptr: number, shape: number[], dtype: DType): Tensor {
  const bytes = shape.reduce((a, b) => a * b, 1) * BYTES_PER_ELEMENT[dtype];
  const storage = { ptr, bytes, refs: 1 }; // the extra reference keeps release() from freeing
  return new Tensor(shape, dtype, storage as never);
}
