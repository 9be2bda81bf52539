// Convolution and pooling kernels over channels-last [N, H, W, C] f32 tensors.
// Conv2D is im2col + the GEMM: each output pixel becomes one row of [KH*KW*C] patch values
// (ordered kh, kw, c — the row-major order of a Keras [KH, KW, C, F] kernel). col2im is its
// adjoint (the input gradient). Padding cells read as 0 (conv) or are skipped (pooling).
import { ld, st, ldv, stv, ldi, sti, madd } from "./common";
import { act_forward, RELU } from "./activations";
import { rowBlock32 } from "./gemm";

// dst[0..n) = src[0..n), four at a time.
// @ts-ignore: decorator
@inline function copyRun(dst: usize, src: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) stv(dst, k, ldv(src, k));
  for (; k < n; k++) st(dst, k, ld(src, k));
}

// dst[0..n) += src[0..n), four at a time (each element one add: same bits as a scalar loop).
// @ts-ignore: decorator
@inline function addRun(dst: usize, src: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) stv(dst, k, f32x4.add(ldv(dst, k), ldv(src, k)));
  for (; k < n; k++) st(dst, k, ld(dst, k) + ld(src, k));
}

// dst[0..n) = 0.
// @ts-ignore: decorator
@inline function zeroRun(dst: usize, n: i32): void {
  if (n > 0) memory.fill(dst, 0, <usize>n << 2);
}

// The kernel columns j of one window row that fall inside the image: [jlo, jhi).
// @ts-ignore: decorator
@inline function validLo(iw0: i32, DW: i32): i32 { return iw0 >= 0 ? 0 : (-iw0 + DW - 1) / DW; }
// @ts-ignore: decorator
@inline function validHi(iw0: i32, KW: i32, DW: i32, W: i32): i32 { return iw0 >= W ? 0 : min(KW, (W - iw0 + DW - 1) / DW); }

// One patch row and its window: output pixel (n, oh, ow)'s window as KH·KW·C values at base.
// With dilation 1 along the width, one window row (KW pixels of C channels) is one contiguous
// run in x and in the patch row, so it moves as one vector run whatever C is. im2col's way
// (add false) copies the window into the row, 0 outside the image; col2im's (add true) is its
// adjoint and adds the row into the window's cells inside the image.
// @ts-ignore: decorator
@inline function windowRow(add: bool, x: usize, base: usize, n: i32, oh: i32, ow: i32, H: i32, W: i32, C: i32,
                           KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32): void {
  const iw0 = ow * SW - PL;
  const jlo = validLo(iw0, DW), jhi = max(validHi(iw0, KW, DW, W), jlo);
  for (let i = 0; i < KH; i++) {
    const ih = oh * SH - PT + i * DH;
    const o = base + (<usize>(i * KW * C) << 2);
    if (ih < 0 || ih >= H || jhi == jlo) { if (!add) zeroRun(o, KW * C); continue; }
    const row = (n * H + ih) * W; // pixel (ih, iw0 + j·DW) is row + iw0 + j·DW, ≥ row for j ≥ jlo
    if (!add) zeroRun(o, jlo * C);
    if (DW == 1) moveRun(add, o + (<usize>(jlo * C) << 2), x + (<usize>((row + iw0 + jlo) * C) << 2), (jhi - jlo) * C);
    else for (let j = jlo; j < jhi; j++) moveRun(add, o + (<usize>(j * C) << 2), x + (<usize>((row + iw0 + j * DW) * C) << 2), C);
    if (!add) zeroRun(o + (<usize>(jhi * C) << 2), (KW - jhi) * C);
  }
}

// @ts-ignore: decorator
@inline function moveRun(add: bool, patch: usize, image: usize, n: i32): void {
  if (add) addRun(image, patch, n); else copyRun(patch, image, n);
}

// The window into the patch row. Not inlined: two callers (im2col, the direct convolution's
// border windows), and the kernels' size matters (both artifacts share one gzip window).
function patchRow(x: usize, base: usize, n: i32, oh: i32, ow: i32, H: i32, W: i32, C: i32,
                  KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32): void {
  windowRow(false, x, base, n, oh, ow, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL);
}

// Every patch row of samples n0 … n1-1 in order, copied from (im2col) or added into (col2im) x.
// @ts-ignore: decorator
@inline function eachPatchRow(add: bool, x: usize, cols: usize, H: i32, W: i32, C: i32,
                              KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
                              PT: i32, PL: i32, OH: i32, OW: i32, n0: i32, n1: i32): void {
  const rowLen = KH * KW * C;
  let r = n0 * OH * OW;
  for (let n = n0; n < n1; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const base = cols + (<usize>(r * rowLen) << 2);
        if (add) windowRow(true, x, base, n, oh, ow, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL);
        else patchRow(x, base, n, oh, ow, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL);
        r++;
      }
    }
  }
}

// Samples n0 … n1-1 of the batch (the thread pool splits a batch by samples: each writes only
// its own rows), here and in col2im and the pooling kernels below.
export function im2col(x: usize, cols: usize, N: i32, H: i32, W: i32, C: i32,
                       KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
                       PT: i32, PL: i32, OH: i32, OW: i32, n0: i32, n1: i32): void {
  eachPatchRow(false, x, cols, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW, n0, n1);
}

// Byte offsets of the K patch values from a window's first cell (i, j, c order) at offs, and
// whether the window of output pixel (oh, ow) lies inside the image (then patch value k is
// x[first + offs[k]], no zeros to fill).
function patchOffsets(offs: usize, W: i32, C: i32, KH: i32, KW: i32, DH: i32, DW: i32): void {
  let k = 0;
  for (let i = 0; i < KH; i++) for (let j = 0; j < KW; j++) for (let c = 0; c < C; c++) {
    store<i32>(offs + (<usize>k << 2), ((i * DH * W + j * DW) * C + c) << 2);
    k++;
  }
}

// @ts-ignore: decorator
@inline function inside(oh: i32, ow: i32, H: i32, W: i32, KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32): bool {
  const ih = oh * SH - PT, iw = ow * SW - PL;
  return ih >= 0 && iw >= 0 && ih + (KH - 1) * DH < H && iw + (KW - 1) * DW < W;
}

// @ts-ignore: decorator
@inline function firstCell(x: usize, n: i32, oh: i32, ow: i32, H: i32, W: i32, C: i32, SH: i32, SW: i32, PT: i32, PL: i32): usize {
  return x + (<usize>(((n * H + oh * SH - PT) * W + ow * SW - PL) * C) << 2);
}

// The patch rows of output pixels m0 … m0+cnt-1 (pixel m = (n·OH + oh)·OW + ow), at dst;
// windows inside the image are gathered through the offsets at offs.
function patchRows(x: usize, dst: usize, offs: usize, m0: i32, cnt: i32, H: i32, W: i32, C: i32,
                   KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  const rowLen = KH * KW * C;
  let ow = m0 % OW, oh = (m0 / OW) % OH, n = m0 / (OW * OH);
  for (let r = 0; r < cnt; r++) {
    const o = dst + (<usize>(r * rowLen) << 2);
    if (inside(oh, ow, H, W, KH, KW, SH, SW, DH, DW, PT, PL)) {
      const a = firstCell(x, n, oh, ow, H, W, C, SH, SW, PT, PL);
      for (let k = 0; k < rowLen; k++) store<f32>(o + (<usize>k << 2), load<f32>(a + <usize>load<i32>(offs + (<usize>k << 2))));
    } else {
      patchRow(x, o, n, oh, ow, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL);
    }
    if (++ow == OW) { ow = 0; if (++oh == OH) { oh = 0; n++; } }
  }
}

// Direct convolution for a small patch (K = KH·KW·C; the SDK uses it for K ≤ 32) and F % 8 == 0,
// where im2col + the packed GEMM spend more on moving data than on the K multiply-adds. Every
// output is summed as the GEMM sums it (k = 0 … K-1 from 0 with madd, then + bias, then the
// activation over each pixel's F values), so the results are the same bits as im2col + gemm.
// scratch: K offsets, F zeros (forward) and DIRECT_BLOCK patch rows, DIRECT_BLOCK rows of dz
// (weight gradient): K + F ≤ 1024 fits the GEMM scratch the SDK passes.
// The weight gradient must add its pixel blocks as the GEMM adds its KC = 256 blocks of k.
const DIRECT_BLOCK = 256;

// y[m, :] = act(patch(m) · w + bias) for w [K, F] (Keras [KH, KW, C, F] kernel, row-major),
// F % 4 == 0. Without a bias, + 0 (a sum from +0 is never -0, so adding +0 keeps its bits).
export function conv2d_direct(x: usize, w: usize, bias: usize, y: usize, N: i32, H: i32, W: i32, C: i32,
                              KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
                              PT: i32, PL: i32, OH: i32, OW: i32, F: i32, act: i32, alpha: f32, scratch: usize): void {
  const Kd = KH * KW * C, M = N * OH * OW, wStep = <usize>F << 2;
  const offs = scratch, rows = scratch + (<usize>(Kd + F) << 2);
  patchOffsets(offs, W, C, KH, KW, DH, DW);
  if (bias == 0) { bias = offs + (<usize>Kd << 2); memory.fill(bias, 0, wStep); }
  const zero = f32x4.splat(0), relu = act == RELU;
  for (let m0 = 0; m0 < M; m0 += DIRECT_BLOCK) {
    const cnt = min(DIRECT_BLOCK, M - m0);
    patchRows(x, rows, offs, m0, cnt, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW);
    for (let r = 0; r < cnt; r++) {
      const a = rows + (<usize>(r * Kd) << 2), yo = y + (<usize>(m0 + r) * wStep);
      let f = 0;
      for (; f + 32 <= F; f += 32) rowBlock32(a, w + (<usize>f << 2), wStep, Kd, yo + (<usize>f << 2), bias + (<usize>f << 2), true);
      for (; f < F; f += 4) {
        let c0 = f32x4.splat(0);
        let b = w + (<usize>f << 2);
        for (let k = 0; k < Kd; k++) { c0 = madd(v128.load32_splat(a + (<usize>k << 2)), v128.load(b), c0); b += wStep; }
        stv(yo, f, f32x4.add(c0, ldv(bias, f)));
      }
      if (relu) for (f = 0; f < F; f += 4) stv(yo, f, f32x4.max(ldv(yo, f), zero)); // act_forward's relu
      else if (act != 0) act_forward(act, yo, yo, F, alpha);
    }
  }
}

// dw[K, F] = Σ_m patch(m)ᵀ · dz[m, :] for F % 8 == 0, the GEMM's way: each block of DIRECT_BLOCK
// pixels is summed from 0 in pixel order, and the blocks are added to dw one after another, in
// 4 (k) × 8 (f) register tiles. dz = dy (act 0) or, for act RELU, dy where the
// forward's output y > 0 (act_backward's relu, per block into scratch instead of a full tensor);
// db (0 for none) = the column sums of dz in pixel order, as col_sum adds them.
export function conv2d_direct_weight_grad(x: usize, y: usize, dy: usize, dw: usize, db: usize, N: i32, H: i32, W: i32, C: i32,
                                          KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
                                          PT: i32, PL: i32, OH: i32, OW: i32, F: i32, act: i32, scratch: usize): void {
  const Kd = KH * KW * C, M = N * OH * OW, aStep = <usize>Kd << 2, dStep = <usize>F << 2;
  // A block's sum starts at +0 and so is never -0: 0 + sum is the sum, as the GEMM stores it.
  memory.fill(dw, 0, <usize>(Kd * F) << 2);
  if (db != 0) memory.fill(db, 0, <usize>F << 2);
  const offs = scratch, zero = f32x4.splat(0);
  scratch += <usize>Kd << 2;
  const dzBlock = scratch + (<usize>(DIRECT_BLOCK * Kd + 4) << 2);
  patchOffsets(offs, W, C, KH, KW, DH, DW);
  for (let m0 = 0; m0 < M; m0 += DIRECT_BLOCK) {
    const cnt = min(DIRECT_BLOCK, M - m0);
    patchRows(x, scratch, offs, m0, cnt, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW);
    let dz = dy + (<usize>(m0 * F) << 2);
    if (act == RELU) {
      const yb = y + (<usize>(m0 * F) << 2);
      for (let i = 0; i < cnt * F; i += 4) stv(dzBlock, i, v128.and(ldv(dz, i), f32x4.gt(ldv(yb, i), zero)));
      dz = dzBlock;
    }
    if (db != 0) {
      for (let r = 0; r < cnt; r++) {
        const row = dz + (<usize>(r * F) << 2);
        for (let f = 0; f < F; f += 4) stv(db, f, f32x4.add(ldv(db, f), ldv(row, f)));
      }
    }
    for (let k0 = 0; k0 < Kd; k0 += 4) {
      const kr = min(4, Kd - k0);
      for (let f = 0; f < F; f += 8) {
        let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        let a = scratch + (<usize>k0 << 2), d = dz + (<usize>f << 2);
        for (let r = 0; r < cnt; r++) {
          // Lanes past kr read the next row's values (or scratch past the block): never stored.
          const b0 = v128.load(d), b1 = v128.load(d, 16);
          const a0 = v128.load32_splat(a), a1 = v128.load32_splat(a, 4);
          const a2 = v128.load32_splat(a, 8), a3 = v128.load32_splat(a, 12);
          c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
          c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
          c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
          c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
          a += aStep; d += dStep;
        }
        const o = dw + (<usize>(k0 * F + f) << 2);
        addTile(o, c00, c01); if (kr > 1) addTile(o + dStep, c10, c11);
        if (kr > 2) addTile(o + 2 * dStep, c20, c21); if (kr > 3) addTile(o + 3 * dStep, c30, c31);
      }
    }
  }
}

// o[0..8) += v0, v1 (a sum first, then the previous value: as the GEMM adds its k blocks).
// @ts-ignore: decorator
@inline function addTile(o: usize, v0: v128, v1: v128): void {
  v128.store(o, f32x4.add(v0, v128.load(o))); v128.store(o, f32x4.add(v1, v128.load(o, 16)), 16);
}

// x = sum of the patch rows back into the image (overlapping windows add up, in patch-row
// order: within one row every image cell appears at most once).
export function col2im(cols: usize, x: usize, N: i32, H: i32, W: i32, C: i32,
                       KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
                       PT: i32, PL: i32, OH: i32, OW: i32, n0: i32, n1: i32): void {
  memory.fill(x + (<usize>(n0 * H * W * C) << 2), 0, <usize>((n1 - n0) * H * W * C) << 2);
  eachPatchRow(true, x, cols, H, W, C, KH, KW, SH, SW, DH, DW, PT, PL, OH, OW, n0, n1);
}

// The pooling window walk: windows of samples n0 … n1-1 in output order, window (oh, ow) the
// cells [h0, h1) × [w0, w1) inside the image, yo its first output value, each cell xo a pass over
// its C channels, four at a time. Forward (back false): img is x, out is y; max, max recording
// the argmax (idx != 0) or average. Backward (back true, a constant: each backward kernel inlines
// only its own branch): img is dx, out is dy; max (non-overlapping windows, from idx) or average
// (own: the windows do not overlap, so each cell is stored, not added to).
// @ts-ignore: decorator
@inline function poolWindows(back: bool, isMax: bool, img: usize, out: usize, idx: usize, H: i32, W: i32, C: i32,
                             KH: i32, KW: i32, SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32, n0: i32, n1: i32, own: bool): void {
  const C4 = C & ~3;
  const lane = i32x4(0, 1, 2, 3), zero = f32x4.splat(0);
  for (let n = n0; n < n1; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = max(oh * SH - PT, 0), h1 = min(oh * SH - PT + KH, H);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = max(ow * SW - PL, 0), w1 = min(ow * SW - PL + KW, W);
        const yo = ((n * OH + oh) * OW + ow) * C;
        const cnt = <f32>((h1 - h0) * (w1 - w0));
        if (!back) {
          const init: f32 = isMax ? -Infinity : 0;
          for (let c = 0; c < C; c++) st(out, yo + c, init);
          if (isMax && idx != 0) { argmaxWindow(img, out, idx, yo, n, h0, h1, w0, w1, H, W, C); continue; }
        }
        const cv = f32x4.splat(cnt);
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) {
            const xo = ((n * H + ih) * W + iw) * C;
            let c = 0;
            if (!back && isMax) {
              for (; c < C4; c += 4) stv(out, yo + c, f32x4.max(ldv(out, yo + c), ldv(img, xo + c)));
              for (; c < C; c++) { const v = ld(img, xo + c); if (v > ld(out, yo + c)) st(out, yo + c, v); }
            } else if (!back) {
              for (; c < C4; c += 4) stv(out, yo + c, f32x4.add(ldv(out, yo + c), ldv(img, xo + c)));
              for (; c < C; c++) st(out, yo + c, ld(out, yo + c) + ld(img, xo + c));
            } else if (isMax) {
              for (; c < C4; c += 4) {
                const hit = i32x4.eq(v128.load(idx + (<usize>(yo + c) << 2)), i32x4.add(i32x4.splat(xo + c), lane));
                stv(img, xo + c, f32x4.add(zero, v128.and(ldv(out, yo + c), hit)));
              }
              for (; c < C; c++) st(img, xo + c, ldi(idx, yo + c) == xo + c ? <f32>0 + ld(out, yo + c) : <f32>0);
            } else {
              for (; c < C4; c += 4) stv(img, xo + c, f32x4.add(own ? zero : ldv(img, xo + c), f32x4.div(ldv(out, yo + c), cv)));
              for (; c < C; c++) st(img, xo + c, (own ? <f32>0 : ld(img, xo + c)) + ld(out, yo + c) / cnt);
            }
          }
        }
        if (!back && !isMax) for (let c = 0; c < C; c++) st(out, yo + c, ld(out, yo + c) / cnt);
      }
    }
  }
}

// Max pooling of one window that records, per output value, the flat index into x of the first
// maximal cell (first in scan order; NaN never displaces it), or -1 for an empty window.
// @ts-ignore: decorator
@inline function argmaxWindow(x: usize, y: usize, idx: usize, yo: i32, n: i32, h0: i32, h1: i32, w0: i32, w1: i32, H: i32, W: i32, C: i32): void {
  if (h1 <= h0 || w1 <= w0) { for (let c = 0; c < C; c++) sti(idx, yo + c, -1); return; }
  const C4 = C & ~3;
  const lane = i32x4(0, 1, 2, 3);
  const first = ((n * H + h0) * W + w0) * C;
  let c = 0;
  for (; c < C4; c += 4) {
    let m = f32x4.splat(-Infinity), best = ldv(x, first + c), at = i32x4.add(i32x4.splat(first + c), lane);
    for (let ih = h0; ih < h1; ih++) {
      for (let iw = w0; iw < w1; iw++) {
        const xo = ((n * H + ih) * W + iw) * C + c;
        const v = ldv(x, xo);
        m = f32x4.max(m, v);
        const gt = f32x4.gt(v, best);
        best = v128.bitselect(v, best, gt);
        at = v128.bitselect(i32x4.add(i32x4.splat(xo), lane), at, gt);
      }
    }
    stv(y, yo + c, m);
    v128.store(idx + (<usize>(yo + c) << 2), at);
  }
  for (; c < C; c++) {
    let m: f32 = -Infinity, best = ld(x, first + c), at = first + c;
    for (let ih = h0; ih < h1; ih++) {
      for (let iw = w0; iw < w1; iw++) {
        const xo = ((n * H + ih) * W + iw) * C + c;
        const v = ld(x, xo);
        if (v > m) m = v;
        if (v > best) { best = v; at = xo; }
      }
    }
    st(y, yo + c, m);
    sti(idx, yo + c, at);
  }
}

// Max (isMax=1) or average (isMax=0) pooling; averages count only cells inside the image.
// Channels are innermost (contiguous), so each window cell is a SIMD pass over C values.
// Max pooling with idx != 0 also records the argmax of each output value (argmaxWindow): the
// backward pass then routes dy with one add per output value.
export function pool2d(isMax: i32, x: usize, y: usize, idx: usize, N: i32, H: i32, W: i32, C: i32,
                       KH: i32, KW: i32, SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32, n0: i32, n1: i32): void {
  poolWindows(false, isMax != 0, x, y, idx, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW, n0, n1, false);
}

// Gradient of max pooling from the recorded indices: dx = 0, then dx[idx[k]] += dy[k].
// Windows that do not overlap (strides ≥ pool size) own their cells: each cell is written once,
// 0 + dy where the recorded index is that cell and 0 elsewhere, channels four at a time, with
// no zero-fill first except for the cells no window covers. Overlapping windows add in output
// order, one value at a time. Same bits either way.
export function max_pool2d_backward(idx: usize, dy: usize, dx: usize, N: i32, H: i32, W: i32, C: i32,
                                    KH: i32, KW: i32, SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32, n0: i32, n1: i32): void {
  const dx0 = dx + (<usize>(n0 * H * W * C) << 2), nx = <usize>((n1 - n0) * H * W * C) << 2;
  if (SH < KH || SW < KW) {
    memory.fill(dx0, 0, nx);
    for (let k = n0 * OH * OW * C, end = n1 * OH * OW * C; k < end; k++) { // a sample's indices stay in it
      const i = ldi(idx, k);
      if (i >= 0) st(dx, i, ld(dx, i) + ld(dy, k));
    }
    return;
  }
  if (!coversImage(H, KH, SH, PT, OH) || !coversImage(W, KW, SW, PL, OW)) memory.fill(dx0, 0, nx);
  poolWindows(true, true, dx, dy, idx, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW, n0, n1, true);
}

// Whether the windows along one axis (non-overlapping, the first at -pad) cover all n cells.
// @ts-ignore: decorator
@inline function coversImage(n: i32, k: i32, s: i32, pad: i32, o: i32): bool {
  return s == k && pad >= 0 && o * s - pad >= n;
}

// Gradient of average pooling: dy / count spread over each window, channels four at a time.
// Non-overlapping windows store 0 + dy / count into their cells (no zero-fill first, except for
// cells no window covers); overlapping ones add into a zeroed dx. Same bits either way.
export function avg_pool_backward(dy: usize, dx: usize, N: i32, H: i32, W: i32, C: i32,
                                  KH: i32, KW: i32, SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32, n0: i32, n1: i32): void {
  const own = SH >= KH && SW >= KW;
  if (!own || !coversImage(H, KH, SH, PT, OH) || !coversImage(W, KW, SW, PL, OW)) {
    memory.fill(dx + (<usize>(n0 * H * W * C) << 2), 0, <usize>((n1 - n0) * H * W * C) << 2);
  }
  poolWindows(true, false, dx, dy, 0, H, W, C, KH, KW, SH, SW, PT, PL, OH, OW, n0, n1, own);
}
