// Reductions over the middle axis of a [outer, mid, inner] view. Reducing several axes
// is a sequence of these (the SDK merges adjacent axes first).
import { ld, st, ldv, stv, sti } from "./common";

export const R_SUM: i32 = 0;
export const R_MAX: i32 = 1;
export const R_MIN: i32 = 2;
export const R_PROD: i32 = 3;

// @ts-ignore: decorator
@inline function combine(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case R_SUM: return a + b;
    case R_MAX: return a != a || b != b ? NaN : Mathf.max(a, b);
    case R_MIN: return a != a || b != b ? NaN : Mathf.min(a, b);
    default: return a * b;
  }
}

// @ts-ignore: decorator
@inline function combineVec(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case R_SUM: return f32x4.add(a, b);
    case R_MAX: return f32x4.max(a, b);
    case R_MIN: return f32x4.min(a, b);
    default: return f32x4.mul(a, b);
  }
}

// Sum of a contiguous run of n floats, 4 SIMD lanes × 2 chains, fixed order.
function rowReduce(op: i32, p: usize, n: i32): f32 {
  let i = 0;
  let r: f32 = op == R_SUM ? 0 : op == R_PROD ? 1 : ld(p, 0);
  if (n >= 8) {
    let a = ldv(p, 0), b = ldv(p, 4);
    for (i = 8; i + 8 <= n; i += 8) {
      a = combineVec(op, a, ldv(p, i));
      b = combineVec(op, b, ldv(p, i + 4));
    }
    a = combineVec(op, a, b);
    r = combine(op, combine(op, f32x4.extract_lane(a, 0), f32x4.extract_lane(a, 1)),
                    combine(op, f32x4.extract_lane(a, 2), f32x4.extract_lane(a, 3)));
  }
  for (; i < n; i++) r = combine(op, r, ld(p, i));
  return r;
}

export function reduce(op: i32, x: usize, y: usize, outer: i32, mid: i32, inner: i32): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) st(y, o, rowReduce(op, x + (<usize>(o * mid) << 2), mid));
    return;
  }
  for (let o = 0; o < outer; o++) {
    const xb = x + (<usize>(o * mid * inner) << 2);
    const yb = y + (<usize>(o * inner) << 2);
    memory.copy(yb, xb, <usize>inner << 2);
    for (let m = 1; m < mid; m++) {
      const xr = xb + (<usize>(m * inner) << 2);
      let i = 0;
      for (; i + 4 <= inner; i += 4) stv(yb, i, combineVec(op, ldv(yb, i), ldv(xr, i)));
      for (; i < inner; i++) st(yb, i, combine(op, ld(yb, i), ld(xr, i)));
    }
  }
}

// Index (i32) of the first max (isMax) or min along the middle axis.
export function arg_reduce(isMax: bool, x: usize, y: usize, outer: i32, mid: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * mid * inner + i;
      let best = ld(x, base), bi = 0;
      for (let m = 1; m < mid; m++) {
        const v = ld(x, base + m * inner);
        if (isMax ? v > best : v < best) { best = v; bi = m; }
      }
      sti(y, o * inner + i, bi);
    }
  }
}
