// Products with a mostly-zero left operand (a batch of sparse inputs): the forward x·W and the
// weight gradient xᵀ·dY over x's non-zero entries only. Each output element gets the same
// terms as the packed GEMM (gemm.ts) in the same order — k ascending, partial sums per KC = 256
// block of k added to the running total — and a skipped term is an exact ±0, so the results
// are bit-identical to gemm()'s whenever x has no zero times an infinite or NaN weight, and no
// product falls below 2⁻¹²⁵ (the GEMM drops those, as flush-to-zero would; these keep them).
import { madd, ld, st, ldv, stv, sti, ldi } from "./common";
import { epilogue } from "./gemm";

const KC = 256; // gemm.ts's block of k: the partial sums must break where the GEMM's do

// The CSR of X [M, K]: rowptr[0..M] (row i's entries are rowptr[i] ≤ p < rowptr[i + 1]), column
// indices idx[p] ascending within a row and values val[p]. Returns the number of non-zeros, or
// -1 as soon as there are more than cap (then the GEMM is the faster path anyway).
// Four lanes at a time: the non-zero ones are moved to the front (PACK) and all four stored, which
// writes up to 3 entries past the new n; so only while 16 more fit below cap, then one by one (idx
// is followed by val: nothing may be written at or past cap).
export function csr_build(X: usize, M: i32, K: i32, cap: i32, rowptr: usize, idx: usize, val: usize): i32 {
  let n = 0;
  const zero = f32x4.splat(0);
  for (let i = 0; i < M; i++) {
    sti(rowptr, i, n);
    const row = X + (<usize>(i * K) << 2);
    let k = 0;
    for (; k + 16 <= K && n + 16 <= cap; k += 16) {
      const p = row + (<usize>k << 2);
      const a = f32x4.ne(v128.load(p), zero), b = f32x4.ne(v128.load(p, 16), zero);
      const d = f32x4.ne(v128.load(p, 32), zero), e = f32x4.ne(v128.load(p, 48), zero);
      if (!v128.any_true(v128.or(v128.or(a, b), v128.or(d, e)))) continue;
      n = pack4(p, a, k, idx, val, n); n = pack4(p + 16, b, k + 4, idx, val, n);
      n = pack4(p + 32, d, k + 8, idx, val, n); n = pack4(p + 48, e, k + 12, idx, val, n);
    }
    for (; k < K; k++) {
      const v = ld(row, k);
      if (v != 0) {
        if (n == cap) return -1;
        sti(idx, n, k); st(val, n, v); n++;
      }
    }
  }
  sti(rowptr, M, n);
  return n;
}

// For each mask of 4 lanes (bit q: lane q is non-zero), the bytes that move those lanes, in
// order, to the front of a v128 (the rest: don't care).
const PACK = memory.data<u8>([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 0000
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 0001
  4, 5, 6, 7, 0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, // 0010
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 0011
  8, 9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, // 0100
  0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15, // 0101
  4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 12, 13, 14, 15, // 0110
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 0111
  12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, // 1000
  0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7, 8, 9, 10, 11, // 1001
  4, 5, 6, 7, 12, 13, 14, 15, 0, 1, 2, 3, 8, 9, 10, 11, // 1010
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 8, 9, 10, 11, // 1011
  8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, // 1100
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 4, 5, 6, 7, // 1101
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, // 1110
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // 1111
], 16);

// The non-zero lanes (mask ne) of the 4 floats at p, columns k..k + 3, stored at idx[n..] and
// val[n..] (4 entries written); the next n.
// @ts-ignore: decorator
@inline function pack4(p: usize, ne: v128, k: i32, idx: usize, val: usize, n: i32): i32 {
  const m = i32x4.bitmask(ne), s = v128.load(PACK + (<usize>m << 4));
  v128.store(idx + (<usize>n << 2), i8x16.swizzle(i32x4.add(i32x4.splat(k), i32x4(0, 1, 2, 3)), s));
  v128.store(val + (<usize>n << 2), i8x16.swizzle(v128.load(p), s));
  return n + <i32>popcnt(m);
}

// One lane of madd: the GEMM computes edge columns in vector lanes, so the tail must too.
// @ts-ignore: decorator
@inline function madd1(a: f32, b: f32, c: f32): f32 {
  return f32x4.extract_lane(madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
}

// Y = act(X·W + bias) for X [M, K] given as CSR (csr_build), W [K, N] and Y [M, N] row-major.
// Same bits as gemm(0, 0, …) with M > 4 (gemm takes an unpacked path for 1–4 rows, which the
// SDK keeps for those).
export function csr_matmul(M: i32, N: i32, K: i32, rowptr: usize, idx0: usize, val0: usize, W: usize, Y: usize,
                           bias: usize, act: i32, alpha: f32): void {
  for (let i = 0; i < M; i++) {
    const r0 = ldi(rowptr, i), nnz = ldi(rowptr, i + 1) - r0;
    const idx = idx0 + (<usize>r0 << 2), val = val0 + (<usize>r0 << 2);
    const y = Y + (<usize>(i * N) << 2);
    let j = 0;
    // 32 columns in registers; the non-zeros of each KC block summed from zero, then added.
    for (; j + 32 <= N; j += 32) {
      const o = y + (<usize>j << 2);
      let p = 0;
      for (let k0 = 0; k0 < K || k0 == 0; k0 += KC) {
        let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        const kEnd = k0 + KC;
        for (; p < nnz; p++) {
          const k = ldi(idx, p);
          if (k >= kEnd) break;
          const x = v128.load32_splat(val + (<usize>p << 2));
          const b = W + (<usize>(k * N + j) << 2);
          c0 = madd(x, v128.load(b), c0); c1 = madd(x, v128.load(b, 16), c1);
          c2 = madd(x, v128.load(b, 32), c2); c3 = madd(x, v128.load(b, 48), c3);
          c4 = madd(x, v128.load(b, 64), c4); c5 = madd(x, v128.load(b, 80), c5);
          c6 = madd(x, v128.load(b, 96), c6); c7 = madd(x, v128.load(b, 112), c7);
        }
        if (k0 > 0) {
          c0 = f32x4.add(c0, v128.load(o)); c1 = f32x4.add(c1, v128.load(o, 16)); c2 = f32x4.add(c2, v128.load(o, 32)); c3 = f32x4.add(c3, v128.load(o, 48));
          c4 = f32x4.add(c4, v128.load(o, 64)); c5 = f32x4.add(c5, v128.load(o, 80)); c6 = f32x4.add(c6, v128.load(o, 96)); c7 = f32x4.add(c7, v128.load(o, 112));
        }
        v128.store(o, c0); v128.store(o, c1, 16); v128.store(o, c2, 32); v128.store(o, c3, 48);
        v128.store(o, c4, 64); v128.store(o, c5, 80); v128.store(o, c6, 96); v128.store(o, c7, 112);
      }
    }
    // 16 columns (the IMDB model's width): one pass over the non-zeros instead of four.
    for (; j + 16 <= N; j += 16) {
      const o = y + (<usize>j << 2);
      let p = 0;
      for (let k0 = 0; k0 < K || k0 == 0; k0 += KC) {
        let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
        const kEnd = k0 + KC;
        for (; p < nnz; p++) {
          const k = ldi(idx, p);
          if (k >= kEnd) break;
          const x = v128.load32_splat(val + (<usize>p << 2));
          const b = W + (<usize>(k * N + j) << 2);
          c0 = madd(x, v128.load(b), c0); c1 = madd(x, v128.load(b, 16), c1);
          c2 = madd(x, v128.load(b, 32), c2); c3 = madd(x, v128.load(b, 48), c3);
        }
        if (k0 > 0) {
          c0 = f32x4.add(c0, v128.load(o)); c1 = f32x4.add(c1, v128.load(o, 16));
          c2 = f32x4.add(c2, v128.load(o, 32)); c3 = f32x4.add(c3, v128.load(o, 48));
        }
        v128.store(o, c0); v128.store(o, c1, 16); v128.store(o, c2, 32); v128.store(o, c3, 48);
      }
    }
    for (; j + 4 <= N; j += 4) {
      let p = 0;
      for (let k0 = 0; k0 < K || k0 == 0; k0 += KC) {
        let c = f32x4.splat(0);
        const kEnd = k0 + KC;
        for (; p < nnz; p++) {
          const k = ldi(idx, p);
          if (k >= kEnd) break;
          c = madd(v128.load32_splat(val + (<usize>p << 2)), ldv(W, k * N + j), c);
        }
        stv(y, j, k0 > 0 ? f32x4.add(c, ldv(y, j)) : c);
      }
    }
    for (; j < N; j++) {
      let p = 0;
      for (let k0 = 0; k0 < K || k0 == 0; k0 += KC) {
        let c: f32 = 0;
        const kEnd = k0 + KC;
        for (; p < nnz; p++) {
          const k = ldi(idx, p);
          if (k >= kEnd) break;
          c = madd1(ld(val, p), ld(W, k * N + j), c);
        }
        st(y, j, k0 > 0 ? c + ld(y, j) : c);
      }
    }
  }
  if (bias != 0 || act != 0) epilogue(Y, N, M, N, bias, act, alpha);
}

// The CSR of Xᵀ [K, M] from the CSR of X [M, K] (a counting sort by column): colptr[0..K],
// row indices ridx ascending within each column, values rval. Then dW = Xᵀ·dY is csr_matmul
// of Xᵀ and dY, which sums each dW[k, j] over the batch rows in order, in blocks of KC rows
// added to the running total: exactly as gemm(1, 0, …) sums the weight gradient.
export function csr_transpose(M: i32, K: i32, rowptr: usize, idx: usize, val: usize,
                              colptr: usize, ridx: usize, rval: usize): void {
  memory.fill(colptr, 0, <usize>(K + 1) << 2);
  const nnz = ldi(rowptr, M);
  for (let p = 0; p < nnz; p++) { const k = ldi(idx, p) + 1; sti(colptr, k, ldi(colptr, k) + 1); }
  for (let k = 0; k < K; k++) sti(colptr, k + 1, ldi(colptr, k + 1) + ldi(colptr, k));
  // colptr[k] is column k's next free place; afterwards it is column k + 1's start.
  for (let i = 0; i < M; i++) {
    for (let p = ldi(rowptr, i), pEnd = ldi(rowptr, i + 1); p < pEnd; p++) {
      const k = ldi(idx, p), q = ldi(colptr, k);
      sti(ridx, q, i); st(rval, q, ld(val, p));
      sti(colptr, k, q + 1);
    }
  }
  for (let k = K; k > 0; k--) sti(colptr, k, ldi(colptr, k - 1));
  sti(colptr, 0, 0);
}

// Rows order[0 .. count) of a CSR (rowptr, idx, val), or rows start .. start + count when order
// is 0, packed into another CSR (outRowptr, outIdx, outVal), or written densely into outVal
// (count × cols floats) when outRowptr is 0, or only counted when outVal is 0 too: a batch of
// data held as CSR (the SDK's models/data.ts). Returns the batch's number of entries.
export function csr_rows(rowptr: usize, idx: usize, val: usize, order: usize, start: i32, count: i32, cols: i32,
                         outRowptr: usize, outIdx: usize, outVal: usize): i32 {
  let n = 0;
  if (outRowptr == 0 && outVal != 0) memory.fill(outVal, 0, <usize>(count * cols) << 2);
  for (let r = 0; r < count; r++) {
    const i = order != 0 ? ldi(order, r) : start + r;
    const a = ldi(rowptr, i), m = ldi(rowptr, i + 1) - a;
    if (outVal == 0) {
      // counting only
    } else if (outRowptr == 0) {
      const row = outVal + (<usize>(r * cols) << 2);
      for (let p = a; p < a + m; p++) st(row, ldi(idx, p), ld(val, p));
    } else {
      sti(outRowptr, r, n);
      memory.copy(outIdx + (<usize>n << 2), idx + (<usize>a << 2), <usize>m << 2);
      memory.copy(outVal + (<usize>n << 2), val + (<usize>a << 2), <usize>m << 2);
    }
    n += m;
  }
  if (outRowptr != 0) sti(outRowptr, count, n);
  return n;
}
