// Shared helpers for kernels. Pointers are byte offsets into the one linear memory;
// sizes are element counts. Everything is f32 unless the name says otherwise.

// a*b + c: fused (relaxed SIMD FMA) in the relaxed artifact, mul+add in the plain one.
// The plain artifact is the deterministic one: same bits on every engine.
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// @ts-ignore: decorator
@inline export function ld(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function st(p: usize, i: i32, v: f32): void {
  store<f32>(p + (<usize>i << 2), v);
}

// @ts-ignore: decorator
@inline export function ldv(p: usize, i: i32): v128 {
  return v128.load(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function stv(p: usize, i: i32, v: v128): void {
  v128.store(p + (<usize>i << 2), v);
}

// @ts-ignore: decorator
@inline export function ldi(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function sti(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

// Subnormal floats (|x| < 2⁻¹²⁶) as zero, NaN and ±∞ kept. WebAssembly has no flush-to-zero
// mode, and x86 multiplies subnormals some 20× slower; a long recurrent backward pass (GRU
// gradients fading over 200 steps) runs into them. The GEMM flushes what it packs, as TF's CPU
// kernels run with flush-to-zero and denormals-are-zero set (and drops the products that would
// be subnormal: gemm.ts).
const TINY: f32 = 1.17549435e-38;
// @ts-ignore: decorator
@inline export function flushv(v: v128): v128 {
  return v128.andnot(v, f32x4.lt(f32x4.abs(v), f32x4.splat(TINY)));
}
// @ts-ignore: decorator
@inline export function flush(x: f32): f32 {
  return Mathf.abs(x) < TINY ? 0 : x;
}
