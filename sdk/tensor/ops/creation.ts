// Creating tensors: from JS values, constants, ranges, random numbers.
import { K } from '../../engine/wasm.js';
import { heapF32, heapI32, heapU8 } from '../../engine/memory.js';
import { DTypeError, ShapeError, ValueError, describeValue, fmtShape } from '../../errors.js';
import { BYTES_PER_ELEMENT, checkDType, checkShape, shapeSize, Tensor, type DType, type NestedArray, type Shape, type TypedArray } from '../tensor.js';
import { nextKey } from '../random.js';
import { maybeSpill } from '../storage.js';

/** What ops accept where a tensor goes: a Tensor, a number, nested arrays, a typed array. */
export type TensorLike = Tensor | number | boolean | NestedArray | TypedArray | Float64Array;

let float64Noted = false;
/** Keras's default float type is float32: float64 data is converted, with a note printed once. */
function noteFloat64(): void {
  if (float64Noted) return;
  float64Noted = true;
  console.warn('neurasm: float64 input converted to float32 (Keras\'s default float type, the only float dtype here). This note is shown once.');
}

function inferShape(v: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = v;
  while (Array.isArray(cur)) { shape.push(cur.length); cur = cur[0]; }
  return shape;
}

function flatten(v: NestedArray, shape: number[], out: number[], where: string, dim = 0): void {
  if (dim === shape.length) {
    if (Array.isArray(v)) throw new ShapeError(`${where}: ragged nested array: expected a number at depth ${dim}, got an array (inferred shape ${fmtShape(shape)}).`);
    if (typeof v !== 'number' && typeof v !== 'boolean') throw new ValueError(`${where}: expected numbers or booleans, got ${typeof v === 'bigint' ? `the BigInt ${v}n (convert it with Number())` : describeValue(v)} at index ${out.length}.`);
    out.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    return;
  }
  if (!Array.isArray(v) || v.length !== shape[dim]) {
    throw new ShapeError(`${where}: ragged nested array: expected ${shape[dim]} elements at depth ${dim} (inferred shape ${fmtShape(shape)}), got ${Array.isArray(v) ? v.length : describeValue(v)}.`);
  }
  for (const e of v) flatten(e, shape, out, where, dim + 1);
}

/** @internal Write JS numbers into a new tensor. */
export function fromValues(values: ArrayLike<number>, shape: Shape, dtype: DType): Tensor {
  maybeSpill();
  const t = Tensor.alloc(shape, dtype);
  writeValues(t, values);
  return t;
}

/** @internal Overwrite a tensor's values (lengths must match). */
export function writeValues(t: Tensor, values: ArrayLike<number>): void {
  const p = t.ptr; // first: it may bring the buffer back into the heap (and grow it)
  if (dtypeOfStorage(t.dtype) === 'uint8') heapU8().set(values, p);
  else if (t.dtype === 'int32') heapI32().set(values, p >>> 2);
  else if (t.dtype === 'bool') {
    const h = heapF32(); const o = p >>> 2;
    for (let i = 0; i < values.length; i++) h[o + i] = values[i] ? 1 : 0;
  } else heapF32().set(values, p >>> 2);
}

function dtypeOfStorage(d: DType): DType { return d; }

/**
 * Make a tensor from nested arrays, a typed array (with a shape) or a number.
 * dtype: inferred (Int32Array → int32, Uint8Array → uint8, booleans → bool, else float32).
 */
export function tensor(values: TensorLike, shape?: Shape, dtype?: DType): Tensor {
  return fromLike(values, shape, dtype, 'tensor()');
}

/** tensor() with errors naming `where` (a function and its argument). */
function fromLike(values: unknown, shape: unknown, dtypeArg: unknown, where: string): Tensor {
  const dtype = dtypeArg === undefined ? undefined : checkDType(dtypeArg, where);
  if (values instanceof Tensor) {
    values.assertConcrete(where);
    const s = shape ?? [...values.shape];
    checkShape(s, where);
    if (shapeSize(s) !== values.size) throw new ShapeError(`${where}: shape ${fmtShape(s)} has ${shapeSize(s)} elements but the tensor has ${values.size}.`);
    return fromValues(values.dataSync(), [...s], dtype ?? values.dtype);
  }
  let flat: ArrayLike<number>;
  let inferred: number[];
  let dt: DType;
  if (ArrayBuffer.isView(values)) {
    if (values instanceof DataView || values instanceof BigInt64Array || values instanceof BigUint64Array) throw new ValueError(`${where}: a ${values.constructor.name} cannot be read as numbers; pass a Float32Array, Int32Array or Uint8Array.`);
    const ta = values as TypedArray | Float64Array;
    if (ta instanceof Float64Array) noteFloat64();
    flat = ta;
    inferred = [ta.length];
    dt = dtype ?? (ta instanceof Int32Array ? 'int32' : ta instanceof Uint8Array ? 'uint8' : 'float32');
  } else if (typeof values === 'number' || typeof values === 'boolean') {
    flat = [typeof values === 'boolean' ? (values ? 1 : 0) : values];
    inferred = [];
    dt = dtype ?? (typeof values === 'boolean' ? 'bool' : 'float32');
  } else if (Array.isArray(values)) {
    inferred = inferShape(values as NestedArray);
    const out: number[] = [];
    flatten(values as NestedArray, inferred, out, where);
    flat = out;
    let leaf = values as NestedArray;
    while (Array.isArray(leaf) && leaf.length) leaf = leaf[0];
    dt = dtype ?? (typeof leaf === 'boolean' ? 'bool' : 'float32');
  } else {
    throw new ValueError(`${where}: expected a tensor, nested arrays, a typed array or a number, got ${describeValue(values)}.`);
  }
  const s = shape ?? inferred;
  checkShape(s, where);
  if (shapeSize(s) !== flat.length) {
    throw new ShapeError(`${where}: shape ${fmtShape(s)} has ${shapeSize(s)} elements but ${flat.length} values were given.`);
  }
  return fromValues(flat, [...s], dt);
}

export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, [], dtype);
}

export function fill(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
  checkShape(shape, 'fill()');
  checkDType(dtype, 'fill()');
  maybeSpill();
  const t = Tensor.alloc([...shape], dtype);
  if (value !== 0) {
    if (dtype === 'float32' || dtype === 'bool') K.fill(t.ptr, t.size, dtype === 'bool' ? (value ? 1 : 0) : value);
    else if (dtype === 'int32') K.fill_i32(t.ptr, t.size, value | 0);
    else heapU8().fill(value, t.ptr, t.ptr + t.size);
  }
  return t;
}

export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor { return fill(shape, 0, dtype); }
export function ones(shape: Shape, dtype: DType = 'float32'): Tensor { return fill(shape, 1, dtype); }
export function zerosLike(x: Tensor): Tensor { const t = asTensor(x, 'zerosLike', 'x'); return fill([...t.shape], 0, t.dtype); }
export function onesLike(x: Tensor): Tensor { const t = asTensor(x, 'onesLike', 'x'); return fill([...t.shape], 1, t.dtype); }

/** [start, stop) by step, like np.arange / tf.range. */
export function range(start: number, stop?: number, step = 1, dtype: DType = 'float32'): Tensor {
  if (stop === undefined) { stop = start; start = 0; }
  for (const [k, v] of [['start', start], ['stop', stop], ['step', step]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`range(): ${k} must be a finite number, got ${describeValue(v)}.`);
  }
  if (step === 0) throw new ValueError('range(): step must not be 0.');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  if (n > 2 ** 30) throw new ValueError(`range(${start}, ${stop}, ${step}) would have ${n} elements; at most 2^30.`);
  const vals = new Array<number>(n);
  for (let i = 0; i < n; i++) vals[i] = start + i * step;
  return fromValues(vals, [n], dtype);
}

export function linspace(start: number, stop: number, num: number): Tensor {
  if (typeof start !== 'number' || typeof stop !== 'number' || !Number.isFinite(start) || !Number.isFinite(stop)) throw new ValueError(`linspace(): start and stop must be finite numbers, got ${describeValue(start)} and ${describeValue(stop)}.`);
  if (!Number.isInteger(num) || num < 0 || num > 2 ** 30) throw new ValueError(`linspace(): num must be an integer in [0, 2^30], got ${describeValue(num)}.`);
  const vals = new Array<number>(num);
  for (let i = 0; i < num; i++) vals[i] = num === 1 ? start : start + ((stop - start) * i) / (num - 1);
  return fromValues(vals, [num], 'float32');
}

/** Identity matrix (n × m), like tf.eye. */
export function eye(n: number, m: number = n, dtype: DType = 'float32'): Tensor {
  const t = zeros([n, m], dtype);
  const k = Math.min(n, m);
  const vals = new Array<number>(n * m).fill(0);
  for (let i = 0; i < k; i++) vals[i * m + i] = 1;
  writeValues(t, vals);
  return t;
}

/** A new float32 tensor of `shape` that `draw` fills with random values (the op's name in `what`). */
function randomTensor(shape: Shape, dtype: DType, what: string, draw: (t: Tensor) => void): Tensor {
  checkShape(shape, what);
  if (dtype !== 'float32') throw new DTypeError(`${what}: dtype must be float32, got ${dtype}.`);
  maybeSpill();
  const t = Tensor.alloc([...shape], dtype);
  draw(t);
  return t;
}

export function randomUniform(shape: Shape, minval = 0, maxval = 1, dtype: DType = 'float32', seed?: number): Tensor {
  if (dtype === 'int32') {
    checkShape(shape, 'randomUniform()');
    const f = randomUniform(shape, minval, maxval, 'float32', seed);
    const vals = Array.from(f.dataSync(), (v) => Math.floor(v));
    f.dispose();
    return fromValues(vals, [...shape], 'int32');
  }
  return randomTensor(shape, dtype, 'randomUniform()', (t) => K.random_uniform(t.ptr, t.size, nextKey(seed), 0, minval, maxval));
}

export function randomNormal(shape: Shape, mean = 0, stddev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  return randomTensor(shape, dtype, 'randomNormal()', (t) => K.random_normal(t.ptr, t.size, nextKey(seed), 0, mean, stddev, 0));
}

/** Normal values redrawn when more than 2 standard deviations from the mean. */
export function truncatedNormal(shape: Shape, mean = 0, stddev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  return randomTensor(shape, dtype, 'truncatedNormal()', (t) => K.random_normal(t.ptr, t.size, nextKey(seed), 0, mean, stddev, 1));
}

/**
 * @internal The one conversion at the public entry points: a Tensor as it is (the hot path: one
 * instanceof); a number, boolean, nested array or typed array made into a tensor (numbers become
 * float32 scalars, or int32 ones like an int32 `like`); anything else is a ValueError naming the
 * function `where` and its argument `arg`, what was expected and what came.
 */
export function asTensor(x: unknown, where: string, arg: string, like?: DType): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return fromValues([x], [], like === 'int32' && Number.isInteger(x) ? 'int32' : 'float32');
  if (typeof x === 'boolean' || Array.isArray(x) || ArrayBuffer.isView(x)) return fromLike(x, undefined, undefined, `${where} (${arg})`);
  throw new ValueError(`${where}: ${arg} must be a tensor, a number, nested arrays or a typed array, got ${describeValue(x)}.`);
}

/** @internal asTensor for callers that do not name themselves (errors say tensor()). */
export function toTensor(x: TensorLike, like?: DType): Tensor {
  return asTensor(x, 'tensor()', 'the value', like);
}

export { BYTES_PER_ELEMENT };
