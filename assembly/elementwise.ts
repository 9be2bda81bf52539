// Elementwise unary and binary ops. Binary ops broadcast NumPy-style: the SDK passes the
// output shape and each operand's strides (0 on broadcast axes) in a small i32 table.
import { ld, st, ldv, stv, ldi, sti } from "./common";

// Unary codes (mirrored in sdk/engine/codes.ts).
export const U_NEG: i32 = 0;
export const U_ABS: i32 = 1;
export const U_EXP: i32 = 2;
export const U_LOG: i32 = 3;
export const U_SQRT: i32 = 4;
export const U_SQUARE: i32 = 5;
export const U_SIGN: i32 = 6;
export const U_RECIPROCAL: i32 = 7;
export const U_SIN: i32 = 8;
export const U_COS: i32 = 9;
export const U_LOG1P: i32 = 10;
export const U_EXPM1: i32 = 11;
export const U_FLOOR: i32 = 12;
export const U_CEIL: i32 = 13;
export const U_ROUND: i32 = 14;
export const U_RSQRT: i32 = 15;
export const U_ERF: i32 = 16;
export const U_ISNAN: i32 = 17;
export const U_TAN: i32 = 18;

import { erf64 } from "./activations";

// @ts-ignore: decorator
@inline function unaryScalar(op: i32, x: f32): f32 {
  switch (op) {
    case U_NEG: return -x;
    case U_ABS: return Mathf.abs(x);
    case U_EXP: return Mathf.exp(x);
    case U_LOG: return Mathf.log(x);
    case U_SQRT: return Mathf.sqrt(x);
    case U_SQUARE: return x * x;
    case U_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case U_RECIPROCAL: return <f32>1 / x;
    case U_SIN: return Mathf.sin(x);
    case U_COS: return Mathf.cos(x);
    case U_LOG1P: return <f32>Math.log1p(<f64>x);
    case U_EXPM1: return <f32>Math.expm1(<f64>x);
    case U_FLOOR: return Mathf.floor(x);
    case U_CEIL: return Mathf.ceil(x);
    case U_ROUND: return nearest<f32>(x); // round half to even, like NumPy
    case U_RSQRT: return <f32>1 / Mathf.sqrt(x);
    case U_ERF: return <f32>erf64(<f64>x);
    case U_ISNAN: return isNaN(x) ? 1 : 0;
    case U_TAN: return Mathf.tan(x);
    default: return x;
  }
}

export function unary(op: i32, x: usize, y: usize, n: i32): void {
  let i = 0;
  if (op == U_NEG) {
    for (; i + 4 <= n; i += 4) stv(y, i, f32x4.neg(ldv(x, i)));
  } else if (op == U_ABS) {
    for (; i + 4 <= n; i += 4) stv(y, i, f32x4.abs(ldv(x, i)));
  } else if (op == U_SQRT) {
    for (; i + 4 <= n; i += 4) stv(y, i, f32x4.sqrt(ldv(x, i)));
  } else if (op == U_SQUARE) {
    for (; i + 4 <= n; i += 4) { const v = ldv(x, i); stv(y, i, f32x4.mul(v, v)); }
  }
  for (; i < n; i++) st(y, i, unaryScalar(op, ld(x, i)));
}

// y = clip(x, lo, hi)
export function clip(x: usize, y: usize, n: i32, lo: f32, hi: f32): void {
  let i = 0;
  const vl = f32x4.splat(lo), vh = f32x4.splat(hi);
  for (; i + 4 <= n; i += 4) stv(y, i, f32x4.min(f32x4.max(ldv(x, i), vl), vh));
  for (; i < n; i++) st(y, i, Mathf.min(Mathf.max(ld(x, i), lo), hi));
}

// y = a * x + b (scale and shift), the workhorse of scalar arithmetic.
export function affine(x: usize, y: usize, n: i32, a: f32, b: f32): void {
  let i = 0;
  const va = f32x4.splat(a), vb = f32x4.splat(b);
  for (; i + 4 <= n; i += 4) stv(y, i, f32x4.add(f32x4.mul(ldv(x, i), va), vb));
  for (; i < n; i++) st(y, i, ld(x, i) * a + b);
}

export function fill(y: usize, n: i32, v: f32): void {
  let i = 0;
  const vv = f32x4.splat(v);
  for (; i + 4 <= n; i += 4) stv(y, i, vv);
  for (; i < n; i++) st(y, i, v);
}

export function fill_i32(y: usize, n: i32, v: i32): void {
  for (let i = 0; i < n; i++) sti(y, i, v);
}

// Binary codes (mirrored in sdk/engine/codes.ts). Comparisons write f32 0/1.
export const B_ADD: i32 = 0;
export const B_SUB: i32 = 1;
export const B_MUL: i32 = 2;
export const B_DIV: i32 = 3;
export const B_POW: i32 = 4;
export const B_MAXIMUM: i32 = 5;
export const B_MINIMUM: i32 = 6;
export const B_EQUAL: i32 = 7;
export const B_GREATER: i32 = 8;
export const B_LESS: i32 = 9;
export const B_GREATER_EQUAL: i32 = 10;
export const B_LESS_EQUAL: i32 = 11;
export const B_NOT_EQUAL: i32 = 12;
export const B_SQUARED_DIFFERENCE: i32 = 13;
export const B_ATAN2: i32 = 14;
export const B_MOD: i32 = 15;

// @ts-ignore: decorator
@inline function binaryScalar(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case B_ADD: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV: return a / b;
    case B_POW: return Mathf.pow(a, b);
    case B_MAXIMUM: return a != a || b != b ? NaN : Mathf.max(a, b);
    case B_MINIMUM: return a != a || b != b ? NaN : Mathf.min(a, b);
    case B_EQUAL: return a == b ? 1 : 0;
    case B_GREATER: return a > b ? 1 : 0;
    case B_LESS: return a < b ? 1 : 0;
    case B_GREATER_EQUAL: return a >= b ? 1 : 0;
    case B_LESS_EQUAL: return a <= b ? 1 : 0;
    case B_NOT_EQUAL: return a != b ? 1 : 0;
    case B_SQUARED_DIFFERENCE: { const d = a - b; return d * d; }
    case B_ATAN2: return Mathf.atan2(a, b);
    case B_MOD: { const r = a - Mathf.floor(a / b) * b; return r; } // Python-style floor mod
    default: return 0;
  }
}

// @ts-ignore: decorator
@inline function binaryVec(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case B_ADD: return f32x4.add(a, b);
    case B_SUB: return f32x4.sub(a, b);
    case B_MUL: return f32x4.mul(a, b);
    case B_DIV: return f32x4.div(a, b);
    case B_MAXIMUM: return f32x4.max(a, b);
    default: return f32x4.min(a, b);
  }
}

// @ts-ignore: decorator
@inline function hasVec(op: i32): bool {
  return op <= B_DIV || op == B_MAXIMUM || op == B_MINIMUM;
}

// One contiguous run: y[i] = a[i*sa] op b[i*sb], sa and sb each 0 or 1 on the fast paths.
function binaryRun(op: i32, a: usize, sa: i32, b: usize, sb: i32, y: usize, n: i32): void {
  let i = 0;
  if (hasVec(op)) {
    if (sa == 1 && sb == 1) {
      for (; i + 4 <= n; i += 4) stv(y, i, binaryVec(op, ldv(a, i), ldv(b, i)));
    } else if (sa == 0 && sb == 1) {
      const va = v128.load32_splat(a);
      for (; i + 4 <= n; i += 4) stv(y, i, binaryVec(op, va, ldv(b, i)));
    } else if (sa == 1 && sb == 0) {
      const vb = v128.load32_splat(b);
      for (; i + 4 <= n; i += 4) stv(y, i, binaryVec(op, ldv(a, i), vb));
    }
  }
  for (; i < n; i++) st(y, i, binaryScalar(op, ld(a, i * sa), ld(b, i * sb)));
}

// One run without a table: y[i] = a[i*sa] op b[i*sb] (sa, sb each 0 or 1), the case of same-shape
// operands and of a scalar operand. The thread pool splits it by element ranges; binary() runs the
// same loop on a rank-1 table, so both give the same bits.
export function binary_flat(op: i32, sa: i32, sb: i32, a: usize, b: usize, y: usize, n: i32): void {
  binaryRun(op, a, sa, b, sb, y, n);
}

// meta (i32): [rank, shape[0..rank), aStrides[0..rank), bStrides[0..rank)]; y is contiguous.
export function binary(op: i32, a: usize, b: usize, y: usize, meta: usize): void {
  const r = ldi(meta, 0);
  if (r == 0) { st(y, 0, binaryScalar(op, ld(a, 0), ld(b, 0))); return; }
  const shape = meta + 4, as = shape + (<usize>r << 2), bs = as + (<usize>r << 2);
  const inner = ldi(shape, r - 1);
  const sa = ldi(as, r - 1), sb = ldi(bs, r - 1);
  let outer = 1;
  for (let d = 0; d < r - 1; d++) outer *= ldi(shape, d);
  // Odometer over the outer axes: idx[d] counts, aOff/bOff follow the strides.
  const idx = bs + (<usize>r << 2); // scratch space after the table (rank i32s)
  for (let d = 0; d < r; d++) sti(idx, d, 0);
  let aOff = 0, bOff = 0, yOff = 0;
  for (let o = 0; o < outer; o++) {
    binaryRun(op, a + (<usize>aOff << 2), sa, b + (<usize>bOff << 2), sb, y + (<usize>yOff << 2), inner);
    yOff += inner;
    for (let d = r - 2; d >= 0; d--) {
      const v = ldi(idx, d) + 1;
      aOff += ldi(as, d); bOff += ldi(bs, d);
      if (v < ldi(shape, d)) { sti(idx, d, v); break; }
      sti(idx, d, 0);
      aOff -= ldi(as, d) * v; bOff -= ldi(bs, d) * v;
    }
  }
}

// Strided copy, the basis of transpose, slice, concat and broadcastTo.
// meta (i32): [rank, shape, srcStrides, dstStrides]; elemBytes is 1 or 4.
export function copy_strided(src: usize, dst: usize, meta: usize, elemBytes: i32): void {
  const r = ldi(meta, 0);
  if (r == 0) { if (elemBytes == 4) store<i32>(dst, load<i32>(src)); else store<u8>(dst, load<u8>(src)); return; }
  const shape = meta + 4, ss = shape + (<usize>r << 2), ds = ss + (<usize>r << 2);
  const inner = ldi(shape, r - 1), si = ldi(ss, r - 1), di = ldi(ds, r - 1);
  let outer = 1;
  for (let d = 0; d < r - 1; d++) outer *= ldi(shape, d);
  const idx = ds + (<usize>r << 2);
  for (let d = 0; d < r; d++) sti(idx, d, 0);
  let sOff = 0, dOff = 0;
  for (let o = 0; o < outer; o++) {
    if (elemBytes == 4) {
      if (si == 1 && di == 1) memory.copy(dst + (<usize>dOff << 2), src + (<usize>sOff << 2), <usize>inner << 2);
      else for (let i = 0; i < inner; i++) store<i32>(dst + (<usize>(dOff + i * di) << 2), load<i32>(src + (<usize>(sOff + i * si) << 2)));
    } else {
      if (si == 1 && di == 1) memory.copy(dst + <usize>dOff, src + <usize>sOff, <usize>inner);
      else for (let i = 0; i < inner; i++) store<u8>(dst + <usize>(dOff + i * di), load<u8>(src + <usize>(sOff + i * si)));
    }
    for (let d = r - 2; d >= 0; d--) {
      const v = ldi(idx, d) + 1;
      sOff += ldi(ss, d); dOff += ldi(ds, d);
      if (v < ldi(shape, d)) { sti(idx, d, v); break; }
      sti(idx, d, 0);
      sOff -= ldi(ss, d) * v; dOff -= ldi(ds, d) * v;
    }
  }
}

// Storage types of the cast kernel; bool is stored as f32 0/1.
export const S_FLOAT32: i32 = 0;
export const S_INT32: i32 = 1;
export const S_UINT8: i32 = 2;
export const S_BOOL: i32 = 3;

// Casts between storage types.
export function cast(src: usize, srcType: i32, dst: usize, dstType: i32, n: i32): void {
  for (let i = 0; i < n; i++) {
    let v: f64;
    if (srcType == S_FLOAT32 || srcType == S_BOOL) v = <f64>load<f32>(src + (<usize>i << 2));
    else if (srcType == S_INT32) v = <f64>load<i32>(src + (<usize>i << 2));
    else v = <f64>load<u8>(src + <usize>i);
    if (dstType == S_FLOAT32) store<f32>(dst + (<usize>i << 2), <f32>v);
    else if (dstType == S_INT32) store<i32>(dst + (<usize>i << 2), isFinite(v) ? <i32>Math.trunc(v) : 0);
    else if (dstType == S_UINT8) store<u8>(dst + <usize>i, <u8>(<i32>v));
    else store<f32>(dst + (<usize>i << 2), v != 0 ? 1 : 0);
  }
}

// y[o, j, i] = x[o, idx[j], i]: gather along the middle axis (rows of `inner` elements).
// An index outside the axis (or negative when `strict`) never reads outside x: its row is zeros.
// Returns the first such position j, or -1 when every index was in range.
export function gather(x: usize, idx: usize, y: usize, outer: i32, axisLen: i32, nIdx: i32, inner: i32, elemBytes: i32, strict: i32): i32 {
  const row = <usize>inner * <usize>elemBytes;
  let bad = -1;
  for (let o = 0; o < outer; o++) {
    const xb = x + <usize>o * <usize>axisLen * row;
    const yb = y + <usize>o * <usize>nIdx * row;
    for (let j = 0; j < nIdx; j++) {
      let k = ldi(idx, j);
      if (k < 0 && strict == 0) k += axisLen;
      if (k < 0 || k >= axisLen) {
        if (bad < 0) bad = j;
        memory.fill(yb + <usize>j * row, 0, row);
        continue;
      }
      memory.copy(yb + <usize>j * row, xb + <usize>k * row, row);
    }
  }
  return bad;
}

// dx[o, idx[j], i] += dy[o, j, i]: the gradient of gather (dx must be zeroed first).
// Indices outside the axis add nothing (gather gave their rows zeros).
export function scatter_add(dy: usize, idx: usize, dx: usize, outer: i32, axisLen: i32, nIdx: i32, inner: i32, strict: i32): void {
  for (let o = 0; o < outer; o++) {
    const xb = <usize>o * <usize>axisLen * <usize>inner;
    const yb = <usize>o * <usize>nIdx * <usize>inner;
    for (let j = 0; j < nIdx; j++) {
      let k = ldi(idx, j);
      if (k < 0 && strict == 0) k += axisLen;
      if (k < 0 || k >= axisLen) continue;
      const xo = xb + <usize>k * <usize>inner, yo = yb + <usize>j * <usize>inner;
      for (let i = 0; i < inner; i++) {
        const p = dx + ((xo + <usize>i) << 2);
        store<f32>(p, load<f32>(p) + load<f32>(dy + ((yo + <usize>i) << 2)));
      }
    }
  }
}

// y[i, idx[i]] = on, else off. Indices outside [0, depth) give an all-off row, like TF.
export function one_hot(idx: usize, y: usize, n: i32, depth: i32, on: f32, off: f32): void {
  for (let i = 0; i < n; i++) {
    const k = ldi(idx, i);
    for (let j = 0; j < depth; j++) st(y, i * depth + j, j == k ? on : off);
  }
}

// Ternary select: y = cond ? a : b (all contiguous, same size).
export function where(c: usize, a: usize, b: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) st(y, i, ld(c, i) != 0 ? ld(a, i) : ld(b, i));
}
