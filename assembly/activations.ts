// Activation functions, forward and backward, one code per function.
// The codes are mirrored in sdk/engine/codes.ts.
import { ld, st, ldv, stv } from "./common";

export const LINEAR: i32 = 0;
export const RELU: i32 = 1;
export const SIGMOID: i32 = 2;
export const TANH: i32 = 3;
export const LEAKY_RELU: i32 = 5;
export const ELU: i32 = 6;
export const SELU: i32 = 7;
export const SOFTPLUS: i32 = 8;
export const SOFTSIGN: i32 = 9;
export const SILU: i32 = 10;
export const GELU: i32 = 11;
export const EXPONENTIAL: i32 = 12;
export const HARD_SIGMOID: i32 = 13;
export const RELU6: i32 = 14;
export const GELU_TANH: i32 = 15;
export const HARD_SILU: i32 = 16;
export const MISH: i32 = 17;
export const LOG_SIGMOID: i32 = 18;

const SELU_ALPHA: f32 = 1.6732632423543772;
const SELU_SCALE: f32 = 1.0507009873554805;
const SQRT_2_OVER_PI: f32 = 0.7978845608028654;
const INV_SQRT2: f64 = 0.7071067811865476;

// erf in f64 (W. J. Cody's rational approximations are overkill here: this series /
// continued-fraction pair is accurate to ~1e-15, far below f32 resolution).
export function erf64(x: f64): f64 {
  const ax = Math.abs(x);
  let r: f64;
  if (ax < 2.5) {
    // Maclaurin series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax, sum = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / <f64>n;
      const add = term / <f64>(2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    r = sum * 1.1283791670955126;
  } else if (ax < 6.0) {
    // Continued fraction for erfc, evaluated bottom-up (Lentz would be faster; this is enough).
    let f: f64 = 0;
    for (let n = 60; n >= 1; n--) f = (<f64>n * 0.5) / (ax + f);
    r = 1.0 - <f64>Mathf.exp(<f32>(-ax * ax)) / (ax + f) * 0.5641895835477563; // f32 exp: f64's pulls in 6 KB of tables
  } else {
    r = 1.0;
  }
  return x < 0 ? -r : r;
}

// @ts-ignore: decorator
@inline export function sigmoidf(x: f32): f32 {
  return <f32>1 / (<f32>1 + Mathf.exp(-x));
}

// log(1 + exp(x)) without overflow.
// @ts-ignore: decorator
@inline function softplusf(x: f32): f32 {
  return Mathf.max(x, 0) + <f32>Math.log1p(<f64>Mathf.exp(-Mathf.abs(x)));
}

export function actScalar(kind: i32, x: f32, alpha: f32): f32 {
  switch (kind) {
    case RELU: return x > 0 ? x : 0;
    case SIGMOID: return sigmoidf(x);
    case TANH: return Mathf.tanh(x);
    case LEAKY_RELU: return x >= 0 ? x : alpha * x;
    case ELU: return x > 0 ? x : alpha * <f32>Math.expm1(<f64>x);
    case SELU: return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * <f32>Math.expm1(<f64>x);
    case SOFTPLUS: return softplusf(x);
    case SOFTSIGN: return x / (<f32>1 + Mathf.abs(x));
    case SILU: return x * sigmoidf(x);
    case GELU: return <f32>(0.5 * <f64>x * (1.0 + erf64(<f64>x * INV_SQRT2)));
    case EXPONENTIAL: return Mathf.exp(x);
    case HARD_SIGMOID: return Mathf.min(Mathf.max(x / 6 + <f32>0.5, 0), 1);
    case RELU6: return Mathf.min(Mathf.max(x, 0), 6);
    case GELU_TANH: return <f32>0.5 * x * (<f32>1 + Mathf.tanh(SQRT_2_OVER_PI * (x + <f32>0.044715 * x * x * x)));
    case HARD_SILU: return x * Mathf.min(Mathf.max(x / 6 + <f32>0.5, 0), 1);
    case MISH: return x * Mathf.tanh(softplusf(x));
    case LOG_SIGMOID: return -softplusf(-x);
    default: return x;
  }
}

// d act(x) / dx, given the input x and the output y = act(x).
export function actGradScalar(kind: i32, x: f32, y: f32, alpha: f32): f32 {
  switch (kind) {
    case RELU: return x > 0 ? 1 : 0;
    case SIGMOID: return y * (<f32>1 - y);
    case TANH: return <f32>1 - y * y;
    case LEAKY_RELU: return x >= 0 ? 1 : alpha;
    case ELU: return x > 0 ? 1 : y + alpha;
    case SELU: return x > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
    case SOFTPLUS: return sigmoidf(x);
    case SOFTSIGN: { const d = <f32>1 + Mathf.abs(x); return <f32>1 / (d * d); }
    case SILU: { const s = sigmoidf(x); return s * (<f32>1 + x * (<f32>1 - s)); }
    case GELU: {
      const cdf = 0.5 * (1.0 + erf64(<f64>x * INV_SQRT2));
      const pdf = <f64>Mathf.exp(<f32>(-0.5 * <f64>x * <f64>x)) * 0.3989422804014327;
      return <f32>(cdf + <f64>x * pdf);
    }
    case EXPONENTIAL: return y;
    case HARD_SIGMOID: return x > -3 && x < 3 ? <f32>1 / 6 : 0;
    case RELU6: return x > 0 && x < 6 ? 1 : 0;
    case GELU_TANH: {
      const u = SQRT_2_OVER_PI * (x + <f32>0.044715 * x * x * x);
      const t = Mathf.tanh(u);
      const du = SQRT_2_OVER_PI * (<f32>1 + <f32>3 * <f32>0.044715 * x * x);
      return <f32>0.5 * (<f32>1 + t) + <f32>0.5 * x * (<f32>1 - t * t) * du;
    }
    case HARD_SILU: {
      if (x <= -3) return 0;
      if (x >= 3) return 1;
      return x / 3 + <f32>0.5;
    }
    case MISH: {
      const sp = softplusf(x);
      const t = Mathf.tanh(sp);
      return t + x * (<f32>1 - t * t) * sigmoidf(x);
    }
    case LOG_SIGMOID: return sigmoidf(-x);
    default: return 1;
  }
}

// y = act(x) elementwise over n values (x and y may alias).
export function act_forward(kind: i32, x: usize, y: usize, n: i32, alpha: f32): void {
  let i = 0;
  if (kind == LINEAR) {
    if (x != y) memory.copy(y, x, <usize>n << 2);
    return;
  }
  if (kind == RELU) {
    const z = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) stv(y, i, f32x4.max(ldv(x, i), z));
    for (; i < n; i++) st(y, i, Mathf.max(ld(x, i), 0));
    return;
  }
  for (; i < n; i++) st(y, i, actScalar(kind, ld(x, i), alpha));
}

// dx = dy * act'(x); x is the activation's input, y its output (either may be unused).
export function act_backward(kind: i32, x: usize, y: usize, dy: usize, dx: usize, n: i32, alpha: f32): void {
  let i = 0;
  if (kind == LINEAR) {
    if (dx != dy) memory.copy(dx, dy, <usize>n << 2);
    return;
  }
  if (kind == RELU) {
    const z = f32x4.splat(0);
    for (; i + 4 <= n; i += 4) {
      const m = f32x4.gt(ldv(x, i), z);
      stv(dx, i, v128.and(ldv(dy, i), m));
    }
    for (; i < n; i++) st(dx, i, ld(x, i) > 0 ? ld(dy, i) : 0);
    return;
  }
  for (; i < n; i++) st(dx, i, ld(dy, i) * actGradScalar(kind, ld(x, i), ld(y, i), alpha));
}
