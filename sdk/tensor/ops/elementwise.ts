// Elementwise ops: unary math, binary arithmetic and comparisons with broadcasting, clip,
// where, cast. Kernels work on float32; int32 inputs are computed through float32.
import { K } from '../../engine/wasm.js';
import { writeMeta } from '../../engine/memory.js';
import { elementwise } from '../../engine/threads.js';
import { BINARY, UNARY, STORAGE, type BinaryName, type UnaryName } from '../../generated/kernels.js';
import { DTypeError } from '../../errors.js';
import { Tensor, checkDType, type DType } from '../tensor.js';
import { run1, specFamily, type OpSpec } from '../op.js';
import { asTensor, type TensorLike } from './creation.js';
import { broadcastShapes, broadcastStrides, collapse, sameShape } from './util.js';
import { sumTo } from './reduce.js';

// ---------- unary ----------

type UnaryGrad = (dy: Tensor, x: Tensor, y: Tensor) => Tensor | null;

const unaryGrads: Partial<Record<UnaryName, UnaryGrad>> = {
  neg: (dy) => neg(dy),
  abs: (dy, x) => mul(dy, sign(x)),
  exp: (dy, _x, y) => mul(dy, y),
  log: (dy, x) => div(dy, x),
  sqrt: (dy, _x, y) => div(dy, mul(y, 2)),
  square: (dy, x) => mul(dy, mul(x, 2)),
  sign: () => null,
  reciprocal: (dy, _x, y) => neg(mul(dy, square(y))),
  sin: (dy, x) => mul(dy, cos(x)),
  cos: (dy, x) => neg(mul(dy, sin(x))),
  log1p: (dy, x) => div(dy, add(x, 1)),
  expm1: (dy, _x, y) => mul(dy, add(y, 1)),
  floor: () => null,
  ceil: () => null,
  round: () => null,
  rsqrt: (dy, _x, y) => mul(dy, mul(pow(y, 3), -0.5)),
  erf: (dy, x) => mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI))),
  tan: (dy, _x, y) => mul(dy, add(square(y), 1)),
};

const unarySpec = specFamily((name: UnaryName): OpSpec<null> => {
  const code = UNARY[name];
  const g = unaryGrads[name];
  return {
    name,
    infer: ([x]) => [{ shape: [...x.shape], dtype: name === 'isnan' ? 'bool' : 'float32' }],
    kernel: ([x], [y]) => () => elementwise('unary', [x.ptr, y.ptr], x.size, [], [code]),
    grad: g && (([dy], [x], [y]) => [dy === null ? null : g(dy, x, y)]),
  };
});

function unaryOp(name: UnaryName, x: TensorLike): Tensor {
  const t = asFloat(asTensor(x, name, 'x'));
  return run1(unarySpec(name), [t], null);
}

export const neg = (x: TensorLike) => { const t = asTensor(x, 'neg', 'x'); return t.dtype === 'int32' ? cast(unaryOp('neg', t), 'int32') : unaryOp('neg', t); };
export const abs = (x: TensorLike) => { const t = asTensor(x, 'abs', 'x'); return t.dtype === 'int32' ? cast(unaryOp('abs', t), 'int32') : unaryOp('abs', t); };
export const exp = (x: TensorLike) => unaryOp('exp', x);
export const log = (x: TensorLike) => unaryOp('log', x);
export const sqrt = (x: TensorLike) => unaryOp('sqrt', x);
export const square = (x: TensorLike) => unaryOp('square', x);
export const sign = (x: TensorLike) => unaryOp('sign', x);
export const reciprocal = (x: TensorLike) => unaryOp('reciprocal', x);
export const sin = (x: TensorLike) => unaryOp('sin', x);
export const cos = (x: TensorLike) => unaryOp('cos', x);
export const log1p = (x: TensorLike) => unaryOp('log1p', x);
export const expm1 = (x: TensorLike) => unaryOp('expm1', x);
export const floor = (x: TensorLike) => unaryOp('floor', x);
export const ceil = (x: TensorLike) => unaryOp('ceil', x);
export const round = (x: TensorLike) => unaryOp('round', x);
export const rsqrt = (x: TensorLike) => unaryOp('rsqrt', x);
export const erf = (x: TensorLike) => unaryOp('erf', x);
export const isNaN = (x: TensorLike) => unaryOp('isnan', x);
export const tan = (x: TensorLike) => unaryOp('tan', x);

// ---------- binary ----------

const COMPARISONS = new Set<BinaryName>(['equal', 'greater', 'less', 'greaterEqual', 'lessEqual', 'notEqual']);

type BinaryGrad = (dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor | null, Tensor | null];

const binaryGrads: Partial<Record<BinaryName, BinaryGrad>> = {
  add: (dy) => [dy, dy],
  sub: (dy) => [dy, neg(dy)],
  mul: (dy, a, b) => [mul(dy, b), mul(dy, a)],
  div: (dy, a, b) => [div(dy, b), neg(div(mul(dy, a), square(b)))],
  pow: (dy, a, b, y) => [
    mul(dy, mul(b, pow(a, sub(b, 1)))),
    mul(dy, mul(y, log(where(greater(a, 0), a, onesOf(a))))),
  ],
  maximum: (dy, a, b) => [mul(dy, cast(greaterEqual(a, b), 'float32')), mul(dy, cast(less(a, b), 'float32'))],
  minimum: (dy, a, b) => [mul(dy, cast(lessEqual(a, b), 'float32')), mul(dy, cast(greater(a, b), 'float32'))],
  squaredDifference: (dy, a, b) => { const d = mul(mul(dy, sub(a, b)), 2); return [d, neg(d)]; },
  atan2: (dy, a, b) => { const den = add(square(a), square(b)); return [mul(dy, div(b, den)), mul(dy, div(neg(a), den))]; },
  mod: (dy, a, b) => [dy, mul(dy, neg(floor(div(a, b))))],
};

function onesOf(t: Tensor): Tensor { return add(mul(t, 0), 1); }

const binarySpec = specFamily((name: BinaryName): OpSpec<null> => {
  const code = BINARY[name];
  const g = binaryGrads[name];
  const out: DType = COMPARISONS.has(name) ? 'bool' : 'float32';
  return {
    name,
    infer: ([a, b]) => [{ shape: broadcastShapes(a.shape, b.shape, name), dtype: out }],
    kernel: ([a, b], [y]) => {
      const c = collapse(y.shape, [broadcastStrides(a.shape, y.shape), broadcastStrides(b.shape, y.shape)]);
      const r = c.shape.length;
      // One run (same shapes, or a scalar operand): split over the threads by element ranges.
      if (r === 1) {
        const [sa, sb] = [c.strides[0][0], c.strides[1][0]], n = c.shape[0];
        if ((sa === 0 || sa === 1) && (sb === 0 || sb === 1)) {
          return () => elementwise('binary_flat', [a.ptr, b.ptr, y.ptr], n, [], [code, sa, sb], (sa ? 0 : 1) | (sb ? 0 : 2));
        }
      }
      const meta = [r, ...c.shape, ...c.strides[0], ...c.strides[1]];
      return () => K.binary(code, a.ptr, b.ptr, y.ptr, writeMeta(meta, r));
    },
    grad: g && (([dy], [a, b], [y], _attrs, needs) => {
      if (dy === null) return [null, null];
      const [ga, gb] = g(dy, a, b, y);
      return [needs[0] && ga ? sumTo(ga, a.shape) : null, needs[1] && gb ? sumTo(gb, b.shape) : null];
    }),
  };
});

/** int32 inputs are computed through float32 (exact below 2^24), results cast back. */
function binaryOp(name: BinaryName, a: TensorLike, b: TensorLike): Tensor {
  const ta = a instanceof Tensor ? a : asTensor(a, name, 'a', b instanceof Tensor ? b.dtype : undefined);
  const tb = b instanceof Tensor ? b : asTensor(b, name, 'b', ta.dtype);
  const intResult = ta.dtype === 'int32' && tb.dtype === 'int32' && !COMPARISONS.has(name) && name !== 'div' && name !== 'atan2';
  const y = run1(binarySpec(name), [asFloat(ta), asFloat(tb)], null);
  return intResult ? cast(y, 'int32') : y;
}

export const add = (a: TensorLike, b: TensorLike) => binaryOp('add', a, b);
export const sub = (a: TensorLike, b: TensorLike) => binaryOp('sub', a, b);
export const mul = (a: TensorLike, b: TensorLike) => binaryOp('mul', a, b);
export const div = (a: TensorLike, b: TensorLike) => binaryOp('div', a, b);
export const pow = (a: TensorLike, b: TensorLike) => binaryOp('pow', a, b);
export const maximum = (a: TensorLike, b: TensorLike) => binaryOp('maximum', a, b);
export const minimum = (a: TensorLike, b: TensorLike) => binaryOp('minimum', a, b);
export const squaredDifference = (a: TensorLike, b: TensorLike) => binaryOp('squaredDifference', a, b);
export const atan2 = (a: TensorLike, b: TensorLike) => binaryOp('atan2', a, b);
export const mod = (a: TensorLike, b: TensorLike) => binaryOp('mod', a, b);
export const equal = (a: TensorLike, b: TensorLike) => binaryOp('equal', a, b);
export const notEqual = (a: TensorLike, b: TensorLike) => binaryOp('notEqual', a, b);
export const greater = (a: TensorLike, b: TensorLike) => binaryOp('greater', a, b);
export const greaterEqual = (a: TensorLike, b: TensorLike) => binaryOp('greaterEqual', a, b);
export const less = (a: TensorLike, b: TensorLike) => binaryOp('less', a, b);
export const lessEqual = (a: TensorLike, b: TensorLike) => binaryOp('lessEqual', a, b);

// ---------- clip, where, cast ----------

interface ClipAttrs { lo: number; hi: number }

const clipSpec: OpSpec<ClipAttrs> = {
  name: 'clip',
  infer: ([x]) => [{ shape: [...x.shape], dtype: 'float32' }],
  kernel: ([x], [y], { lo, hi }) => () => elementwise('clip', [x.ptr, y.ptr], x.size, [lo, hi]),
  grad: ([dy], [x], _o, { lo, hi }) => [dy && mul(dy, cast(mul(greaterEqual(x, lo), lessEqual(x, hi)), 'float32'))],
};

/** Clip values to [lo, hi] (tf.clipByValue, np.clip). */
export function clip(x: TensorLike, lo: number, hi: number): Tensor {
  return run1(clipSpec, [asFloat(asTensor(x, 'clip', 'x'))], { lo, hi });
}

const whereSpec: OpSpec<null> = {
  name: 'where',
  infer: ([, a]) => [{ shape: [...a.shape], dtype: 'float32' }],
  kernel: ([c, a, b], [y]) => () => elementwise('where', [c.ptr, a.ptr, b.ptr, y.ptr], y.size, []),
  grad: ([dy], [c], _o, _a, needs) => {
    if (dy === null) return [null, null, null];
    const zero = mul(dy, 0);
    return [null, needs[1] ? where(c, dy, zero) : null, needs[2] ? where(c, zero, dy) : null];
  },
};

/** Elementwise cond ? a : b, with broadcasting. */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  let c = asTensor(cond, 'where', 'cond'), ta = asFloat(asTensor(a, 'where', 'a')), tb = asFloat(asTensor(b, 'where', 'b'));
  const shape = broadcastShapes(broadcastShapes(c.shape, ta.shape, 'where'), tb.shape, 'where');
  if (!sameShape(c.shape, shape)) c = broadcastToImpl(c, shape);
  if (!sameShape(ta.shape, shape)) ta = broadcastToImpl(ta, shape);
  if (!sameShape(tb.shape, shape)) tb = broadcastToImpl(tb, shape);
  return run1(whereSpec, [asFloat(c), ta, tb], null);
}

interface CastAttrs { dtype: DType }

const castSpec: OpSpec<CastAttrs> = {
  name: 'cast',
  infer: ([x], { dtype }) => [{ shape: [...x.shape], dtype }],
  kernel: ([x], [y], { dtype }) => () => K.cast(x.ptr, STORAGE[x.dtype], y.ptr, STORAGE[dtype], x.size),
  grad: ([dy], [x], _o, { dtype }) => [dy && x.dtype === 'float32' && dtype === 'float32' ? dy : null],
};

/** Convert to another dtype (float → int truncates toward zero; non-zero → true for bool). */
export function cast(x: TensorLike, dtype: DType): Tensor {
  checkDType(dtype, 'cast()');
  const t = asTensor(x, 'cast', 'x');
  if (t.dtype === dtype) return t;
  return run1(castSpec, [t], { dtype });
}

/** @internal float32 view of the input for the float kernels (bool is already float storage). */
export function asFloat(t: Tensor): Tensor {
  if (t.dtype === 'float32') return t;
  if (t.dtype === 'bool') return run1(castSpec, [t], { dtype: 'float32' });
  if (t.dtype === 'int32' || t.dtype === 'uint8') return run1(castSpec, [t], { dtype: 'float32' });
  throw new DTypeError(`Unsupported dtype ${t.dtype}.`);
}

import { broadcastTo as broadcastToImpl } from './shape.js';
