// Convolution and pooling kernels over channels-last [N, H, W, C] f32 tensors.
// Conv2D is im2col + the GEMM: each output pixel becomes one row of [KH*KW*C] patch values
// (ordered kh, kw, c — the row-major order of a Keras [KH, KW, C, F] kernel). col2im is its
// adjoint (the input gradient). Padding cells read as 0 (conv) or are skipped (pooling).
import { ld, st, ldv, stv } from "./common";

export function im2col(x: usize, cols: usize, N: i32, H: i32, W: i32, C: i32,
                       KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
                       PT: i32, PL: i32, OH: i32, OW: i32): void {
  const rowLen = KH * KW * C;
  let r = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const base = r * rowLen;
        for (let i = 0; i < KH; i++) {
          const ih = oh * SH - PT + i * DH;
          for (let j = 0; j < KW; j++) {
            const iw = ow * SW - PL + j * DW;
            const o = base + (i * KW + j) * C;
            if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
              for (let c = 0; c < C; c++) st(cols, o + c, 0);
            } else {
              const src = ((n * H + ih) * W + iw) * C;
              // Few channels: a plain loop beats a memory.copy call per pixel.
              if (C < 8) for (let c = 0; c < C; c++) st(cols, o + c, ld(x, src + c));
              else memory.copy(cols + (<usize>o << 2), x + (<usize>src << 2), <usize>C << 2);
            }
          }
        }
        r++;
      }
    }
  }
}

// x = sum of the patch rows back into the image (overlapping windows add up).
export function col2im(cols: usize, x: usize, N: i32, H: i32, W: i32, C: i32,
                       KH: i32, KW: i32, SH: i32, SW: i32, DH: i32, DW: i32,
                       PT: i32, PL: i32, OH: i32, OW: i32): void {
  memory.fill(x, 0, <usize>(N * H * W * C) << 2);
  const rowLen = KH * KW * C;
  let r = 0;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const base = r * rowLen;
        for (let i = 0; i < KH; i++) {
          const ih = oh * SH - PT + i * DH;
          if (ih < 0 || ih >= H) continue;
          for (let j = 0; j < KW; j++) {
            const iw = ow * SW - PL + j * DW;
            if (iw < 0 || iw >= W) continue;
            const o = base + (i * KW + j) * C;
            const d = ((n * H + ih) * W + iw) * C;
            for (let c = 0; c < C; c++) st(x, d + c, ld(x, d + c) + ld(cols, o + c));
          }
        }
        r++;
      }
    }
  }
}

// Max (isMax=1) or average (isMax=0) pooling; averages count only cells inside the image.
// Channels are innermost (contiguous), so each window cell is a SIMD pass over C values.
export function pool2d(isMax: i32, x: usize, y: usize, N: i32, H: i32, W: i32, C: i32,
                       KH: i32, KW: i32, SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  const C4 = C & ~3;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = max(oh * SH - PT, 0), h1 = min(oh * SH - PT + KH, H);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = max(ow * SW - PL, 0), w1 = min(ow * SW - PL + KW, W);
        const yo = ((n * OH + oh) * OW + ow) * C;
        const init: f32 = isMax ? -Infinity : 0;
        for (let c = 0; c < C; c++) st(y, yo + c, init);
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

// Gradient of pool2d: max routes dy to the first maximal cell of each window; average spreads
// dy / count over the window.
export function pool2d_backward(isMax: i32, x: usize, dy: usize, dx: usize, N: i32, H: i32, W: i32, C: i32,
                                KH: i32, KW: i32, SH: i32, SW: i32, PT: i32, PL: i32, OH: i32, OW: i32): void {
  memory.fill(dx, 0, <usize>(N * H * W * C) << 2);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = max(oh * SH - PT, 0), h1 = min(oh * SH - PT + KH, H);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = max(ow * SW - PL, 0), w1 = min(ow * SW - PL + KW, W);
        const yo = ((n * OH + oh) * OW + ow) * C;
        const cnt = <f32>((h1 - h0) * (w1 - w0));
        for (let c = 0; c < C; c++) {
          const g = ld(dy, yo + c);
          if (isMax) {
            let best: f32 = -Infinity, at = -1;
            for (let ih = h0; ih < h1; ih++) {
              for (let iw = w0; iw < w1; iw++) {
                const i = ((n * H + ih) * W + iw) * C + c;
                const v = ld(x, i);
                if (at < 0 || v > best) { best = v; at = i; }
              }
            }
            if (at >= 0) st(dx, at, ld(dx, at) + g);
          } else {
            const gi = g / cnt;
            for (let ih = h0; ih < h1; ih++) {
              for (let iw = w0; iw < w1; iw++) {
                const i = ((n * H + ih) * W + iw) * C + c;
                st(dx, i, ld(dx, i) + gi);
              }
            }
          }
        }
      }
    }
  }
}
