// Convolution and pooling kernels over channels-last [N, H, W, C] f32 tensors.
// Conv2D is im2col + the GEMM: each output pixel becomes one row of [KH*KW*C] patch values
// (ordered kh, kw, c — the row-major order of a Keras [KH, KW, C, F] kernel). col2im is its
// adjoint (the input gradient). Padding cells read as 0 (conv) or are skipped (pooling).
import { ld, st, ldv, stv, ldi, sti } from "./common";

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

// With dilation 1 along the width, one window row (KW pixels of C channels) is one contiguous
// run in x and in the patch row, so it moves as one vector copy whatever C is.
export function im2col(x: usize, cols: usize, N: i32, H: i32, W: i32, C: i32,
                       KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
                       PT: i32, PL: i32, OH: i32, OW: i32): void {
  const rowLen = KH * KW * C;
  let r = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const base = cols + (<usize>(r * rowLen) << 2);
        const iw0 = ow * SW - PL;
        const jlo = validLo(iw0, DW), jhi = max(validHi(iw0, KW, DW, W), jlo);
        for (let i = 0; i < KH; i++) {
          const ih = oh * SH - PT + i * DH;
          const o = base + (<usize>(i * KW * C) << 2);
          if (ih < 0 || ih >= H || jhi == jlo) { zeroRun(o, KW * C); continue; }
          const row = (n * H + ih) * W; // pixel (ih, iw0 + j·DW) is row + iw0 + j·DW, ≥ row for j ≥ jlo
          zeroRun(o, jlo * C);
          if (DW == 1) copyRun(o + (<usize>(jlo * C) << 2), x + (<usize>((row + iw0 + jlo) * C) << 2), (jhi - jlo) * C);
          else for (let j = jlo; j < jhi; j++) copyRun(o + (<usize>(j * C) << 2), x + (<usize>((row + iw0 + j * DW) * C) << 2), C);
          zeroRun(o + (<usize>(jhi * C) << 2), (KW - jhi) * C);
        }
        r++;
      }
    }
  }
}

// x = sum of the patch rows back into the image (overlapping windows add up, in patch-row
// order: within one row every image cell appears at most once).
export function col2im(cols: usize, x: usize, N: i32, H: i32, W: i32, C: i32,
                       KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
                       PT: i32, PL: i32, OH: i32, OW: i32): void {
  memory.fill(x, 0, <usize>(N * H * W * C) << 2);
  const rowLen = KH * KW * C;
  let r = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const base = cols + (<usize>(r * rowLen) << 2);
        const iw0 = ow * SW - PL;
        const jlo = validLo(iw0, DW), jhi = validHi(iw0, KW, DW, W);
        for (let i = 0; i < KH; i++) {
          const ih = oh * SH - PT + i * DH;
          if (ih < 0 || ih >= H || jhi <= jlo) continue;
          const o = base + (<usize>(i * KW * C) << 2);
          const row = (n * H + ih) * W;
          if (DW == 1) addRun(x + (<usize>((row + iw0 + jlo) * C) << 2), o + (<usize>(jlo * C) << 2), (jhi - jlo) * C);
          else for (let j = jlo; j < jhi; j++) addRun(x + (<usize>((row + iw0 + j * DW) * C) << 2), o + (<usize>(j * C) << 2), C);
        }
        r++;
      }
    }
  }
}

// Max (isMax=1) or average (isMax=0) pooling; averages count only cells inside the image.
// Channels are innermost (contiguous), so each window cell is a SIMD pass over C values.
// Max pooling with idx != 0 also records, per output value, the flat index into x of the first
// maximal cell of its window (first in scan order; NaN never displaces it), or -1 for an empty
// window: the backward pass then routes dy with one add per output value.
export function pool2d(isMax: i32, x: usize, y: usize, idx: usize, N: i32, H: i32, W: i32, C: i32,
                       KH: i32, KW: i32, SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  const C4 = C & ~3;
  const lane = i32x4(0, 1, 2, 3);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = max(oh * SH - PT, 0), h1 = min(oh * SH - PT + KH, H);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = max(ow * SW - PL, 0), w1 = min(ow * SW - PL + KW, W);
        const yo = ((n * OH + oh) * OW + ow) * C;
        const init: f32 = isMax ? -Infinity : 0;
        for (let c = 0; c < C; c++) st(y, yo + c, init);
        if (isMax && idx != 0) {
          if (h1 <= h0 || w1 <= w0) { for (let c = 0; c < C; c++) sti(idx, yo + c, -1); continue; }
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
          continue;
        }
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) {
            const xo = ((n * H + ih) * W + iw) * C;
            let c = 0;
            if (isMax) {
              for (; c < C4; c += 4) stv(y, yo + c, f32x4.max(ldv(y, yo + c), ldv(x, xo + c)));
              for (; c < C; c++) { const v = ld(x, xo + c); if (v > ld(y, yo + c)) st(y, yo + c, v); }
            } else {
              for (; c < C4; c += 4) stv(y, yo + c, f32x4.add(ldv(y, yo + c), ldv(x, xo + c)));
              for (; c < C; c++) st(y, yo + c, ld(y, yo + c) + ld(x, xo + c));
            }
          }
        }
        if (!isMax) {
          const cnt = <f32>((h1 - h0) * (w1 - w0));
          for (let c = 0; c < C; c++) st(y, yo + c, ld(y, yo + c) / cnt);
        }
      }
    }
  }
}

// Gradient of max pooling from the recorded indices: dx = 0, then dx[idx[k]] += dy[k].
export function max_pool_backward(idx: usize, dy: usize, dx: usize, nx: i32, ny: i32): void {
  memory.fill(dx, 0, <usize>nx << 2);
  for (let k = 0; k < ny; k++) {
    const i = ldi(idx, k);
    if (i >= 0) st(dx, i, ld(dx, i) + ld(dy, k));
  }
}

// Gradient of average pooling: dy / count spread over each window, channels four at a time.
export function avg_pool_backward(dy: usize, dx: usize, N: i32, H: i32, W: i32, C: i32,
                                  KH: i32, KW: i32, SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  memory.fill(dx, 0, <usize>(N * H * W * C) << 2);
  const C4 = C & ~3;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = max(oh * SH - PT, 0), h1 = min(oh * SH - PT + KH, H);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = max(ow * SW - PL, 0), w1 = min(ow * SW - PL + KW, W);
        const yo = ((n * OH + oh) * OW + ow) * C;
        const cnt = <f32>((h1 - h0) * (w1 - w0));
        const cv = f32x4.splat(cnt);
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) {
            const xo = ((n * H + ih) * W + iw) * C;
            let c = 0;
            for (; c < C4; c += 4) stv(dx, xo + c, f32x4.add(ldv(dx, xo + c), f32x4.div(ldv(dy, yo + c), cv)));
            for (; c < C; c++) st(dx, xo + c, ld(dx, xo + c) + ld(dy, yo + c) / cnt);
          }
        }
      }
    }
  }
}
