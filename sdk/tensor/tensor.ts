// Tensor: an n-d array whose buffer (storage.ts) lives in wasm linear memory, shared by views
// such as reshape. A buffer is freed by dispose() (or `using`), by the scope that created it
// (tidy, a tape), by a finalizer once its tensors are unreachable, or — in loops that never
// yield — its bytes spill into JS-owned memory that the collector reclaims (see storage.ts).
// So users never need dispose() to keep memory bounded.
import { heapF32, heapI32, heapU8, MAX_ALLOC_BYTES } from '../engine/memory.js';
import { newStorage, release, residentPtr, spilledBytes, type Storage } from './storage.js';
import { DTypeError, ResourceError, ShapeError, StateError } from '../errors.js';
import { formatTensor } from './format.js';
import * as ops from './ops/index.js';
import type { TensorLike } from './ops/creation.js';

export type DType = 'float32' | 'int32' | 'bool' | 'uint8';
export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool', 'uint8'];
export const BYTES_PER_ELEMENT: Record<DType, number> = { float32: 4, int32: 4, bool: 4, uint8: 1 };
export type TypedArray = Float32Array | Int32Array | Uint8Array;
export type Shape = number[];

/** Nested arrays of numbers (or booleans), as `array()` returns and `tensor()` accepts. */
export type NestedArray = number | boolean | NestedArray[];

export function checkDType(dtype: string, where: string): DType {
  if (!(DTYPES as readonly string[]).includes(dtype)) {
    throw new DTypeError(`${where}: unknown dtype '${dtype}'; expected one of ${DTYPES.join(', ')}.`);
  }
  return dtype as DType;
}

let nextId = 1;

/** A scope collects the tensors created while it is innermost (tidy, a tape's record). */
export interface Scope { tensors: Tensor[] }
const scopes: Scope[] = [];

export function pushScope(s: Scope): void { scopes.push(s); }
export function popScope(): Scope { return scopes.pop()!; }
export function currentScope(): Scope | undefined { return scopes[scopes.length - 1]; }

/** Every dimension a non-negative integer (safe, so sizes stay exact); else a ShapeError naming `where`. */
export function checkShape(shape: unknown, where: string): asserts shape is Shape {
  if (!Array.isArray(shape)) throw new ShapeError(`${where}: a shape must be an array of non-negative integers, got ${describe(shape)}.`);
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new ShapeError(`${where}: dimension ${i} of shape ${describe(shape)} is ${describe(d)}; every dimension must be a non-negative integer.`);
    }
    n *= d;
  }
  if (n > MAX_ALLOC_BYTES) throw new ResourceError(`${where}: shape ${describe(shape)} has ${n} elements, more than the 4 GiB WebAssembly memory can hold.`);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return typeof v;
}

/** Symbol.dispose where the runtime has it; TypeScript's `using` falls back to this same key. */
const disposeSymbol: unique symbol = ((Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose')) as never;

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Information carried by a tensor that stands for a value in a traced graph (see trace.ts). */
export interface TraceInfo { graphId: number; index: number }

export class Tensor {
  /** Unique id (creation order). */
  readonly id: number;
  readonly shape: Shape;
  readonly dtype: DType;
  readonly size: number;
  /** @internal */ storage: Storage | null;
  /** @internal Byte offset of element 0 inside the storage. */ readonly offset: number;
  /** The place of a traced value in a plan's arena (set by the planner). */
  private tracedPtr = -1;
  /** @internal Set on values of a traced graph. */ trace: TraceInfo | null = null;
  /** @internal The traced value this one is a view of (reshape), for buffer planning. */ viewOf: Tensor | null = null;
  /** @internal Kept tensors survive the scope that created them. */ kept = false;
  /** @internal Variables are read in place by plans and never freed by scopes. */ isVariable = false;

  /** @internal Use the creation functions (tensor, zeros, ...) instead. */
  constructor(shape: Shape, dtype: DType, storage: Storage | null, offset = 0) {
    this.id = nextId++;
    this.shape = shape;
    this.dtype = dtype;
    this.size = shapeSize(shape);
    this.storage = storage;
    this.offset = offset;
    if (storage) {
      storage.refs++;
      const s = currentScope();
      if (s) s.tensors.push(this);
    }
  }

  /**
   * Byte offset of element 0 in linear memory (-1 while a traced value has no buffer yet).
   * Reading it brings spilled bytes back into the heap: read it where a kernel needs it.
   */
  get ptr(): number {
    const s = this.storage;
    return s === null ? this.tracedPtr : residentPtr(s) + this.offset;
  }
  set ptr(p: number) {
    if (this.storage !== null) throw new StateError(`Tensor ${this.id}: only a traced value's pointer can be set.`);
    this.tracedPtr = p;
  }

  /** @internal A fresh zeroed tensor. */
  static alloc(shape: Shape, dtype: DType): Tensor {
    checkShape(shape, 'tensor');
    const bytes = shapeSize(shape) * BYTES_PER_ELEMENT[dtype];
    return new Tensor(shape, dtype, newStorage(bytes));
  }

  /** @internal A tensor sharing this one's bytes with another shape (same size). */
  static view(of: Tensor, shape: Shape, dtype: DType = of.dtype): Tensor {
    of.assertAlive();
    return new Tensor(shape, dtype, of.storage, of.offset);
  }

  get rank(): number { return this.shape.length; }
  /** NumPy's name for rank. */
  get ndim(): number { return this.shape.length; }
  get isDisposed(): boolean { return this.storage === null && this.trace === null; }

  /** @internal */
  assertAlive(): void {
    if (this.storage === null && this.trace === null) {
      throw new StateError(`Tensor ${this.id} (shape [${this.shape}]) is disposed: it was freed by dispose(), by the tidy() or GradientTape that created it, or by loading new weights. Keep it with keep(t) or return it from the scope.`);
    }
  }

  /** @internal */
  assertConcrete(what: string): void {
    this.assertAlive();
    if (this.storage === null) throw new StateError(`${what}: this tensor is a symbolic value inside a traced graph and has no data.`);
  }

  /** A copy of the values as a typed array (Float32Array, Int32Array or Uint8Array). */
  dataSync(): TypedArray {
    this.assertConcrete('dataSync()');
    const host = spilledBytes(this.storage!);
    if (host !== null) { // spilled: read the JS copy, leave it where it is
      const bytes = host.slice(this.offset, this.offset + this.size * BYTES_PER_ELEMENT[this.dtype]).buffer;
      if (this.dtype === 'uint8') return new Uint8Array(bytes);
      if (this.dtype === 'bool') return Uint8Array.from(new Float32Array(bytes));
      return this.dtype === 'float32' ? new Float32Array(bytes) : new Int32Array(bytes);
    }
    const p = this.ptr;
    if (this.dtype === 'uint8') return heapU8().slice(p, p + this.size);
    // bool is stored as float32 0/1 (the kernels' native type) and read as Uint8Array, as in TF.js.
    if (this.dtype === 'bool') return Uint8Array.from(heapF32().subarray(p >>> 2, (p >>> 2) + this.size));
    const h = this.dtype === 'float32' ? heapF32() : heapI32();
    return h.slice(p >>> 2, (p >>> 2) + this.size);
  }

  /** Same as dataSync(); synchronous, and `await t.data()` works as in TF.js. */
  data(): TypedArray { return this.dataSync(); }

  /** Nested arrays (numbers; booleans for bool tensors). */
  arraySync(): NestedArray {
    const d = this.dataSync();
    const bool = this.dtype === 'bool';
    const build = (dim: number, off: number): NestedArray => {
      if (dim === this.shape.length) return bool ? d[off] !== 0 : d[off];
      const n = this.shape[dim];
      const stride = shapeSize(this.shape.slice(dim + 1));
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = build(dim + 1, off + i * stride);
      return out;
    };
    return build(0, 0);
  }

  /** Same as arraySync(). */
  array(): NestedArray { return this.arraySync(); }

  /** The single value of a tensor with one element. */
  item(): number {
    if (this.size !== 1) throw new StateError(`item(): tensor has ${this.size} elements (shape [${this.shape}]); expected exactly 1.`);
    return this.dataSync()[0];
  }

  /** Free the memory now. Safe to call twice. */
  dispose(): void {
    if (this.storage === null) return;
    const s = this.storage;
    this.storage = null;
    release(s);
  }

  /** `using t = …` frees the tensor at the end of the block (explicit resource management). */
  [disposeSymbol](): void { this.dispose(); }

  toString(): string {
    if (this.storage === null) return `Tensor(symbolic, shape=[${this.shape}], dtype=${this.dtype})`;
    return formatTensor(this.dataSync(), this.shape, this.dtype);
  }

  /** Node's console.log uses this. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Tensor(shape=[${this.shape}], dtype=${this.dtype})\n${this.toString()}`;
  }

  // ---- ops as methods, as in TF.js (a.matMul(b), x.sum(1)) ----
  add(b: TensorLike): Tensor { return ops.add(this, b); }
  sub(b: TensorLike): Tensor { return ops.sub(this, b); }
  mul(b: TensorLike): Tensor { return ops.mul(this, b); }
  div(b: TensorLike): Tensor { return ops.div(this, b); }
  pow(b: TensorLike): Tensor { return ops.pow(this, b); }
  maximum(b: TensorLike): Tensor { return ops.maximum(this, b); }
  minimum(b: TensorLike): Tensor { return ops.minimum(this, b); }
  mod(b: TensorLike): Tensor { return ops.mod(this, b); }
  squaredDifference(b: TensorLike): Tensor { return ops.squaredDifference(this, b); }
  equal(b: TensorLike): Tensor { return ops.equal(this, b); }
  notEqual(b: TensorLike): Tensor { return ops.notEqual(this, b); }
  greater(b: TensorLike): Tensor { return ops.greater(this, b); }
  greaterEqual(b: TensorLike): Tensor { return ops.greaterEqual(this, b); }
  less(b: TensorLike): Tensor { return ops.less(this, b); }
  lessEqual(b: TensorLike): Tensor { return ops.lessEqual(this, b); }
  matMul(b: TensorLike, transposeA = false, transposeB = false): Tensor { return ops.matMul(this, b, transposeA, transposeB); }
  dot(b: TensorLike): Tensor { return ops.dot(this, b); }
  neg(): Tensor { return ops.neg(this); }
  abs(): Tensor { return ops.abs(this); }
  exp(): Tensor { return ops.exp(this); }
  log(): Tensor { return ops.log(this); }
  sqrt(): Tensor { return ops.sqrt(this); }
  square(): Tensor { return ops.square(this); }
  sign(): Tensor { return ops.sign(this); }
  reciprocal(): Tensor { return ops.reciprocal(this); }
  floor(): Tensor { return ops.floor(this); }
  round(): Tensor { return ops.round(this); }
  clip(lo: number, hi: number): Tensor { return ops.clip(this, lo, hi); }
  clipByValue(lo: number, hi: number): Tensor { return ops.clip(this, lo, hi); }
  relu(): Tensor { return ops.relu(this); }
  sigmoid(): Tensor { return ops.sigmoid(this); }
  tanh(): Tensor { return ops.tanh(this); }
  softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }
  sum(axis?: number | number[] | null, keepDims = false): Tensor { return ops.sum(this, axis, keepDims); }
  mean(axis?: number | number[] | null, keepDims = false): Tensor { return ops.mean(this, axis, keepDims); }
  max(axis?: number | number[] | null, keepDims = false): Tensor { return ops.max(this, axis, keepDims); }
  min(axis?: number | number[] | null, keepDims = false): Tensor { return ops.min(this, axis, keepDims); }
  prod(axis?: number | number[] | null, keepDims = false): Tensor { return ops.prod(this, axis, keepDims); }
  std(axis?: number | number[] | null, keepDims = false): Tensor { return ops.std(this, axis, keepDims); }
  variance(axis?: number | number[] | null, keepDims = false): Tensor { return ops.variance(this, axis, keepDims); }
  cumsum(axis: number | null = null): Tensor { return ops.cumsum(this, axis); }
  argsort(axis = -1): Tensor { return ops.argsort(this, axis); }
  argMax(axis = 0): Tensor { return ops.argMax(this, axis); }
  argMin(axis = 0): Tensor { return ops.argMin(this, axis); }
  reshape(shape: Shape): Tensor { return ops.reshape(this, shape); }
  flatten(): Tensor { return ops.flatten(this); }
  expandDims(axis = 0): Tensor { return ops.expandDims(this, axis); }
  squeeze(axis?: number | number[]): Tensor { return ops.squeeze(this, axis); }
  transpose(perm?: number[]): Tensor { return ops.transpose(this, perm); }
  /** NumPy's syntax in a string (`x.slice('4')` is Keras's `x[4]`), ranges per axis, or TF.js's begin and size. */
  slice(spec: string | ops.SliceRange[] | number[]): Tensor;
  slice(begin: number | number[], size: number | number[]): Tensor;
  slice(spec: string | ops.SliceRange[] | number | number[], size?: number | number[]): Tensor { return (ops.slice as (x: Tensor, s: unknown, z?: unknown) => Tensor)(this, spec, size); }
  gather(indices: TensorLike, axis = 0): Tensor { return ops.gather(this, indices, axis); }
  broadcastTo(shape: Shape): Tensor { return ops.broadcastTo(this, shape); }
  cast(dtype: DType): Tensor { return ops.cast(this, dtype); }
  /** NumPy's name for cast. */
  astype(dtype: DType): Tensor { return ops.cast(this, dtype); }
  oneHot(depth: number): Tensor { return ops.oneHot(this, depth); }
  /** A copy with its own memory. */
  clone(): Tensor { return ops.tensor(this); }
}

export interface MemoryInfo {
  /** Bytes allocated in the wasm heap (rounded to allocation size classes). */
  numBytes: number;
  /** Tensor buffers in the wasm heap (views share one; spilled buffers are not counted). */
  numTensors: number;
  /** Bytes of the whole linear memory (grows, never shrinks). */
  wasmMemoryBytes: number;
}

import { heapStats } from '../engine/memory.js';
import { storageStats } from './storage.js';

/** What tensors hold right now, like tf.memory(). */
export function memory(): MemoryInfo {
  const s = heapStats();
  return { numBytes: s.bytesInUse, numTensors: storageStats().heapBuffers, wasmMemoryBytes: s.memoryBytes };
}

export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/** Collect every Tensor inside a value (tensor, array, object). */
export function collectTensors(x: unknown, out: Set<Tensor> = new Set()): Set<Tensor> {
  if (x instanceof Tensor) out.add(x);
  else if (Array.isArray(x)) for (const v of x) collectTensors(v, out);
  else if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
    for (const v of Object.values(x)) collectTensors(v, out);
  }
  return out;
}

/**
 * Run fn; dispose every tensor it created except what it returns (and kept ones).
 * Returned tensors move to the enclosing scope.
 */
export function tidy<T>(fn: () => T): T {
  const scope: Scope = { tensors: [] };
  pushScope(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    popScope();
  }
  endScope(scope, collectTensors(result!));
  return result!;
}

/** @internal Dispose a scope's tensors except `keep`; kept ones move to the parent scope. */
export function endScope(scope: Scope, keepSet: Set<Tensor>): void {
  const parent = currentScope();
  for (const t of scope.tensors) {
    if (t.isVariable) continue;
    if (keepSet.has(t) || t.kept) { if (parent) parent.tensors.push(t); }
    else t.dispose();
  }
  scope.tensors.length = 0;
}

/** Keep a tensor alive past the tidy()/tape scope that created it. */
export function keep<T extends Tensor>(t: T): T {
  t.kept = true;
  return t;
}

/** Dispose a tensor or every tensor in an array/object. */
export function dispose(x: unknown): void {
  for (const t of collectTensors(x)) t.dispose();
}
