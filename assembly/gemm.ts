// C = op(A)·op(B) (+ C when accumulating), then optional bias and activation.
// Packed, register-blocked: B is packed into 8-column panels and A into 4-row panels, so
// all transpositions run the same 4×8 micro-kernel (8 accumulators, 2 B vectors, 4 A splats).
// Subnormals would slow it some 20× (x86 computes them in microcode), so, as under the
// flush-to-zero mode TF's CPU kernels run in: packing flushes subnormal inputs to zero (common.ts
// flushv), and a product whose factors' exponents put it below 2⁻¹²⁵ counts as zero (micro's
// `tiny` path), which takes every product below 2⁻¹²⁶. Long recurrent backward passes need the
// second: their gradients fade towards 2⁻¹²⁶ over the steps, and then products with them do too.
import { madd, ld, st, ldv, stv, flush, flushv } from "./common";
import { act_forward } from "./activations";

const MR = 4;
const NR = 8;
const KC = 256;
const MC = 64;
const NC = 1024;

// Bytes of scratch the SDK must pass to gemm().
export function gemm_scratch_bytes(): i32 {
  return (KC * NC + MC * KC + MR * NR) * 4;
}

// The biased exponent of the smallest non-zero among n packed floats, n a multiple of 4 (255
// when all are zero; packing has flushed subnormals, so it is at least 1 otherwise). Unsigned
// min of |bits| - 1, where a zero wraps to the largest value and so never counts.
function lowestExponent(p: usize, n: i32): i32 {
  let lo = i32x4.splat(-1);
  const abs = i32x4.splat(0x7fffffff), one = i32x4.splat(1);
  for (let i = 0; i < n; i += 4) lo = i32x4.min_u(lo, i32x4.sub(v128.and(ldv(p, i), abs), one));
  lo = i32x4.min_u(lo, v128.shuffle<i32>(lo, lo, 2, 3, 0, 1));
  const m = <u32>i32x4.extract_lane(i32x4.min_u(lo, v128.shuffle<i32>(lo, lo, 1, 0, 3, 2)), 0);
  return m == 0xffffffff ? 255 : <i32>((m + 1) >> 23);
}

// Rows a, b, c, d of a 4×4 block, stored as its columns at dst[p], dst[p + stride], …
// @ts-ignore: decorator
@inline function storeTransposed(a: v128, b: v128, c: v128, d: v128, dst: usize, p: i32, stride: i32): void {
  const ab01 = v128.shuffle<i32>(a, b, 0, 4, 1, 5), ab23 = v128.shuffle<i32>(a, b, 2, 6, 3, 7);
  const cd01 = v128.shuffle<i32>(c, d, 0, 4, 1, 5), cd23 = v128.shuffle<i32>(c, d, 2, 6, 3, 7);
  stv(dst, p, v128.shuffle<i32>(ab01, cd01, 0, 1, 4, 5));
  stv(dst, p + stride, v128.shuffle<i32>(ab01, cd01, 2, 3, 6, 7));
  stv(dst, p + 2 * stride, v128.shuffle<i32>(ab23, cd23, 0, 1, 4, 5));
  stv(dst, p + 3 * stride, v128.shuffle<i32>(ab23, cd23, 2, 3, 6, 7));
}

// Packs X[k0..k0+kc) × [j0..j0+nc) into panels of w columns (w = 4 or 8), k by k: the B panels
// (X = op(B), w = NR) and the A panels (X = op(A)ᵀ, w = MR; packA). X(k, j) is stored at
// k·ld + j, or at j·ld + k when trans. Subnormals are flushed; otherwise packing only moves
// numbers, so the vector paths put the scalar loop's values in the same places. Returns the
// lowest exponent among the packed entries (lowestExponent).
function pack(X: usize, ld_: i32, trans: bool, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize, w: i32): i32 {
  let p = 0;
  for (let jr = 0; jr < nc; jr += w) {
    const cols = min(w, nc - jr);
    let k = 0;
    if (cols == w && !trans) {
      // The panel's w columns of one k are side by side.
      for (; k < kc; k++) {
        const src = X + (<usize>((k0 + k) * ld_ + j0 + jr) << 2);
        for (let h = 0; h < w; h += 4) stv(dst, p + h, flushv(v128.load(src + (<usize>h << 2))));
        p += w;
      }
    } else if (cols == w) {
      // The panel's columns are rows of X's storage: transpose 4×4 blocks.
      const r0 = X + (<usize>((j0 + jr) * ld_ + k0) << 2), step = <usize>ld_ << 2;
      for (; k + 4 <= kc; k += 4) {
        for (let h = 0; h < w; h += 4) {
          const o = r0 + (<usize>k << 2) + <usize>h * step;
          storeTransposed(flushv(v128.load(o)), flushv(v128.load(o + step)), flushv(v128.load(o + 2 * step)), flushv(v128.load(o + 3 * step)), dst, p + h, w);
        }
        p += 4 * w;
      }
    }
    for (; k < kc; k++) {
      for (let c = 0; c < w; c++) st(dst, p++, c < cols ? flush(ld(X, trans ? (j0 + jr + c) * ld_ + k0 + k : (k0 + k) * ld_ + j0 + jr + c)) : 0);
    }
  }
  return lowestExponent(dst, p);
}

// A's rows i0..i0+mc, k0..k0+kc, as panels of MR rows: op(A)ᵀ's columns, stored transposed
// unless A is.
// @ts-ignore: decorator
@inline function packA(A: usize, lda: i32, transA: bool, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): i32 {
  return pack(A, lda, !transA, k0, kc, i0, mc, dst, MR);
}

// keep()'s two constants, read from memory: as v128.const they would be inlined at every use,
// 18 bytes each, and the page's download is counted in bytes (ARCHITECTURE.md, "Bundle").
const TINY_MASKS = memory.data<i32>([0x7f800000, 0x7f800000, 0x7f800000, 0x7f800000, 128 << 23, 128 << 23, 128 << 23, 128 << 23], 16);

// A splat with the lanes zeroed whose product with b would be below 2⁻¹²⁵: their exponent
// fields (ea, eb: the bits in place) sum to less than 128 << 23. Biased exponents summing to
// 128 or more give a product of at least 2⁻¹²⁶; to 127 or less, one below 2⁻¹²⁵.
// @ts-ignore: decorator
@inline function keep(a: v128, ea: v128, eb: v128, least: v128): v128 { return v128.and(a, i32x4.ge_u(i32x4.add(ea, eb), least)); }

// One MR×NR tile: C[0..rows, 0..cols] (+)= packedA · packedB over kc. tiny: the blocks' lowest
// exponents sum to less than 128, so some product may be below 2⁻¹²⁵, and each is tested (keep).
// Otherwise none is, the test would change nothing, and the plain loop runs: so the bits of C
// do not depend on the blocking, nor on how threads split the product.
function micro(kc: i32, pa: usize, pb: usize, C: usize, ldc: i32, rows: i32, cols: i32, acc: bool, tmp: usize, tiny: bool): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00;
  let c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  if (tiny) {
    const field = v128.load(TINY_MASKS), least = v128.load(TINY_MASKS, 16);
    for (let k = 0; k < kc; k++) {
      const b0 = v128.load(pb), b1 = v128.load(pb, 16), e0 = v128.and(b0, field), e1 = v128.and(b1, field);
      const a0 = v128.load32_splat(pa), a1 = v128.load32_splat(pa, 4);
      const a2 = v128.load32_splat(pa, 8), a3 = v128.load32_splat(pa, 12);
      const f0 = v128.and(a0, field), f1 = v128.and(a1, field), f2 = v128.and(a2, field), f3 = v128.and(a3, field);
      c00 = madd(keep(a0, f0, e0, least), b0, c00); c01 = madd(keep(a0, f0, e1, least), b1, c01);
      c10 = madd(keep(a1, f1, e0, least), b0, c10); c11 = madd(keep(a1, f1, e1, least), b1, c11);
      c20 = madd(keep(a2, f2, e0, least), b0, c20); c21 = madd(keep(a2, f2, e1, least), b1, c21);
      c30 = madd(keep(a3, f3, e0, least), b0, c30); c31 = madd(keep(a3, f3, e1, least), b1, c31);
      pa += MR * 4; pb += NR * 4;
    }
  } else for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    const a0 = v128.load32_splat(pa), a1 = v128.load32_splat(pa, 4);
    const a2 = v128.load32_splat(pa, 8), a3 = v128.load32_splat(pa, 12);
    c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
    c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
    c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
    pa += MR * 4; pb += NR * 4;
  }
  if (rows == MR && cols == NR) {
    const r0 = C, r1 = C + (<usize>ldc << 2), r2 = r1 + (<usize>ldc << 2), r3 = r2 + (<usize>ldc << 2);
    if (acc) {
      c00 = f32x4.add(c00, v128.load(r0)); c01 = f32x4.add(c01, v128.load(r0, 16));
      c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
      c20 = f32x4.add(c20, v128.load(r2)); c21 = f32x4.add(c21, v128.load(r2, 16));
      c30 = f32x4.add(c30, v128.load(r3)); c31 = f32x4.add(c31, v128.load(r3, 16));
    }
    v128.store(r0, c00); v128.store(r0, c01, 16);
    v128.store(r1, c10); v128.store(r1, c11, 16);
    v128.store(r2, c20); v128.store(r2, c21, 16);
    v128.store(r3, c30); v128.store(r3, c31, 16);
    return;
  }
  // Edge tile: spill to tmp, then copy the valid part.
  v128.store(tmp, c00); v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32); v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64); v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96); v128.store(tmp, c31, 112);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = ld(tmp, r * NR + c);
      const i = r * ldc + c;
      st(C, i, acc ? ld(C, i) + v : v);
    }
  }
}

// Row-major C (M×N, leading dimension ldc). accumulate: C += product instead of C = product.
// bias (N floats, or 0 for none) and act (activation code) are applied after the full sum.
export function gemm(transA: bool, transB: bool, M: i32, N: i32, K: i32,
                     A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32,
                     accumulate: bool, bias: usize, act: i32, alpha: f32, scratch: usize): void {
  if (M <= 0 || N <= 0) return;
  // A few rows (predicting one sample): packing would cost more than it saves.
  if (M <= 4 && !transA && K > 0) {
    for (let i = 0; i < M; i++) {
      const a = A + (<usize>(i * lda) << 2), c = C + (<usize>(i * ldc) << 2);
      if (transB) rowDotRows(a, B, ldb, c, N, K, accumulate);
      else rowTimesMatrix(a, B, ldb, c, N, K, accumulate);
    }
    if (bias != 0 || act != 0) epilogue(C, ldc, M, N, bias, act, alpha);
    return;
  }
  if (K <= 0) {
    if (!accumulate) for (let i = 0; i < M; i++) memory.fill(C + (<usize>(i * ldc) << 2), 0, <usize>N << 2);
  }
  const pb = scratch;
  const pa = scratch + (<usize>(KC * NC) << 2);
  const tmp = pa + (<usize>(MC * KC) << 2);
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      const loB = pack(B, ldb, transB, pc, kc, jc, nc, pb, NR);
      const acc = accumulate || pc > 0;
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        const tiny = packA(A, lda, transA, ic, mc, pc, kc, pa) + loB < 128;
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const pbj = pb + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const cptr = C + (<usize>((ic + ir) * ldc + jc + jr) << 2);
            micro(kc, pa + (<usize>(ir * kc) << 2), pbj, cptr, ldc, rows, cols, acc, tmp, tiny);
          }
        }
      }
    }
  }
  if (bias != 0 || act != 0) epilogue(C, ldc, M, N, bias, act, alpha);
}

// o[0..32) = a[0..K) · b's 32 columns (row k at b + k·bStep bytes), k = 0 … K-1 from 0 with
// madd in 8 registers, then + p[0..32) if addP (the product first, as the GEMM adds). The
// few-rows GEMM below and the direct convolution (assembly/conv.ts) share it, so their bits match.
// @ts-ignore: decorator
@inline export function rowBlock32(a: usize, b: usize, bStep: usize, K: i32, o: usize, p: usize, addP: bool): void {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
  for (let k = 0; k < K; k++) {
    const x = v128.load32_splat(a + (<usize>k << 2));
    c0 = madd(x, v128.load(b), c0); c1 = madd(x, v128.load(b, 16), c1);
    c2 = madd(x, v128.load(b, 32), c2); c3 = madd(x, v128.load(b, 48), c3);
    c4 = madd(x, v128.load(b, 64), c4); c5 = madd(x, v128.load(b, 80), c5);
    c6 = madd(x, v128.load(b, 96), c6); c7 = madd(x, v128.load(b, 112), c7);
    b += bStep;
  }
  if (addP) {
    c0 = f32x4.add(c0, v128.load(p)); c1 = f32x4.add(c1, v128.load(p, 16)); c2 = f32x4.add(c2, v128.load(p, 32)); c3 = f32x4.add(c3, v128.load(p, 48));
    c4 = f32x4.add(c4, v128.load(p, 64)); c5 = f32x4.add(c5, v128.load(p, 80)); c6 = f32x4.add(c6, v128.load(p, 96)); c7 = f32x4.add(c7, v128.load(p, 112));
  }
  v128.store(o, c0); v128.store(o, c1, 16); v128.store(o, c2, 32); v128.store(o, c3, 48);
  v128.store(o, c4, 64); v128.store(o, c5, 80); v128.store(o, c6, 96); v128.store(o, c7, 112);
}

// c[0..N) (+)= a[0..K) · B where B is K×N row-major: 32 columns at a time kept in registers.
function rowTimesMatrix(a: usize, B: usize, ldb: i32, c: usize, N: i32, K: i32, acc: bool): void {
  let j = 0;
  for (; j + 32 <= N; j += 32) {
    const o = c + (<usize>j << 2);
    rowBlock32(a, B + (<usize>j << 2), <usize>ldb << 2, K, o, o, acc);
  }
  for (; j + 4 <= N; j += 4) {
    let c0 = f32x4.splat(0);
    for (let k = 0; k < K; k++) c0 = madd(v128.load32_splat(a + (<usize>k << 2)), ldv(B, k * ldb + j), c0);
    stv(c, j, acc ? f32x4.add(c0, ldv(c, j)) : c0);
  }
  for (; j < N; j++) {
    let s: f32 = 0;
    for (let k = 0; k < K; k++) s += ld(a, k) * ld(B, k * ldb + j);
    st(c, j, acc ? ld(c, j) + s : s);
  }
}

// c[j] (+)= a · B[j, :] for B stored N×K (A·Bᵀ with one row of A): contiguous dot products.
function rowDotRows(a: usize, B: usize, ldb: i32, c: usize, N: i32, K: i32, acc: bool): void {
  for (let j = 0; j < N; j++) {
    const b = B + (<usize>(j * ldb) << 2);
    let s0 = f32x4.splat(0), s1 = s0;
    let k = 0;
    for (; k + 8 <= K; k += 8) { s0 = madd(ldv(a, k), ldv(b, k), s0); s1 = madd(ldv(a, k + 4), ldv(b, k + 4), s1); }
    for (; k + 4 <= K; k += 4) s0 = madd(ldv(a, k), ldv(b, k), s0);
    s0 = f32x4.add(s0, s1);
    let s = f32x4.extract_lane(s0, 0) + f32x4.extract_lane(s0, 1) + f32x4.extract_lane(s0, 2) + f32x4.extract_lane(s0, 3);
    for (; k < K; k++) s += ld(a, k) * ld(b, k);
    st(c, j, acc ? ld(c, j) + s : s);
  }
}

// C[i, :] = act(C[i, :] + bias)
export function epilogue(C: usize, ldc: i32, M: i32, N: i32, bias: usize, act: i32, alpha: f32): void {
  for (let i = 0; i < M; i++) {
    const row = C + (<usize>(i * ldc) << 2);
    if (bias != 0) {
      let j = 0;
      for (; j + 4 <= N; j += 4) stv(row, j, f32x4.add(ldv(row, j), ldv(bias, j)));
      for (; j < N; j++) st(row, j, ld(row, j) + ld(bias, j));
    }
    if (act != 0) act_forward(act, row, row, N, alpha);
  }
}

// Column sums of a row-major [M, N] matrix, the bias gradient: y[j] (+)= sum_i x[i, j].
export function col_sum(x: usize, y: usize, M: i32, N: i32, accumulate: bool): void {
  if (!accumulate) memory.fill(y, 0, <usize>N << 2);
  for (let i = 0; i < M; i++) {
    const row = x + (<usize>(i * N) << 2);
    let j = 0;
    for (; j + 4 <= N; j += 4) stv(y, j, f32x4.add(ldv(y, j), ldv(row, j)));
    for (; j < N; j++) st(y, j, ld(y, j) + ld(row, j));
  }
}
