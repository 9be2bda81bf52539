// Counter-based random numbers: value i of stream (seed, offset) depends only on those
// integers, so every runtime and every thread split produces the same numbers.
import { st } from "./common";

// A 32-bit avalanche hash of (key, counter): two rounds of a Philox-like multiply-xorshift.
// @ts-ignore: decorator
@inline function mix(key: u32, ctr: u32): u32 {
  let h: u32 = ctr * 0x9E3779B1 + key;
  h ^= h >> 16; h *= 0x85EBCA6B;
  h ^= h >> 13; h *= 0xC2B2AE35;
  h ^= h >> 16;
  h += key ^ 0x27D4EB2F;
  h ^= h >> 15; h *= 0x2C1B3C6D;
  h ^= h >> 12; h *= 0x297A2D39;
  h ^= h >> 15;
  return h;
}

// Uniform in [0, 1) with 24 random bits (every float32 step in [0.5, 1) reachable).
// @ts-ignore: decorator
@inline function u01(key: u32, ctr: u32): f64 {
  return <f64>(mix(key, ctr) >> 8) * (1.0 / 16777216.0);
}

export function random_uniform(y: usize, n: i32, seed: u32, offset: u32, lo: f32, hi: f32): void {
  for (let i = 0; i < n; i++) {
    const u = u01(seed, offset + <u32>i);
    st(y, i, <f32>(<f64>lo + (<f64>hi - <f64>lo) * u));
  }
}

// Box–Muller on two counters per value; truncated (|z| ≤ 2) redraws with later counters. The
// counter offset wraps after 4 attempts (4 · 2^30 = 2^32), so from the 5th on the key changes
// too: otherwise attempts 4, 5, … repeat the rejected 0, 1, … and a value beyond 2 comes out.
function normal(seed: u32, ctr: u32, truncated: bool): f64 {
  let z: f64 = 0;
  for (let attempt: u32 = 0; attempt < 64; attempt++) {
    const c = ctr * 2 + attempt * 0x40000000;
    const key = seed ^ ((attempt >> 2) * 0x9E3779B9);
    const u1 = 1.0 - u01(key, c);
    const u2 = u01(key ^ 0x5bd1e995, c + 1);
    z = Math.sqrt(-2.0 * Math.log1p(u1 - 1.0)) * Math.cos(6.283185307179586 * u2); // log1p: no f64 log tables
    if (!truncated || Math.abs(z) <= 2.0) break;
  }
  return z;
}

export function random_normal(y: usize, n: i32, seed: u32, offset: u32, mean: f32, std: f32, truncated: bool): void {
  for (let i = 0; i < n; i++) st(y, i, <f32>(<f64>mean + <f64>std * normal(seed, offset + <u32>i, truncated)));
}

// Dropout mask scaled like Keras: kept units × 1/(1 - rate), dropped 0.
export function dropout_mask(y: usize, n: i32, seed: u32, offset: u32, rate: f32): void {
  const scale = <f32>1 / (<f32>1 - rate);
  for (let i = 0; i < n; i++) st(y, i, u01(seed, offset + <u32>i) < <f64>rate ? 0 : scale);
}
