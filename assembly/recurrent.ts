// Recurrent cells in one pass: the gate arithmetic of a time step, after its products (x·W for
// every step at once and h·U for this one, both the GEMM). Keras's gate orders (LSTM i, f, c, o;
// GRU z, r, h) and default activations: sigmoid for the gates, tanh for the candidate (and the
// LSTM's output). Each value is computed as the unfused ops compute it (activations.ts's
// functions, the products and sums in the same order), so the cells give the same bits as the
// layers' op-by-op step. The gradients are the exception below 2⁻¹²⁶: they flush subnormals
// to zero, read and written, as TF's CPU kernels do; fading over a long sequence they would
// otherwise reach them, and x86 computes subnormals some 20× slower (common.ts).
import { ld, st, flush } from "./common";
import { sigmoidf } from "./activations";

// One LSTM step. z [B, 4U]: the pre-activations (x·W + b + h·U); cPrev [B, U], or 0 for the
// first step (zeros). Writes h and c [B, U], and for the gradient the activated gates [B, 4U]
// and tanh(c) [B, U].
export function lstm_cell(z: usize, cPrev: usize, h: usize, c: usize, gates: usize, tc: usize, B: i32, U: i32): void {
  for (let b = 0; b < B; b++) {
    const zr = z + (<usize>(b * 4 * U) << 2), gr = gates + (<usize>(b * 4 * U) << 2), r = b * U;
    for (let u = 0; u < U; u++) {
      const i = sigmoidf(ld(zr, u)), f = sigmoidf(ld(zr, U + u));
      const g = Mathf.tanh(ld(zr, 2 * U + u)), o = sigmoidf(ld(zr, 3 * U + u));
      st(gr, u, i); st(gr, U + u, f); st(gr, 2 * U + u, g); st(gr, 3 * U + u, o);
      const ig = i * g;
      const cv = cPrev == 0 ? ig : f * ld(cPrev, r + u) + ig;
      const t = Mathf.tanh(cv);
      st(c, r + u, cv); st(tc, r + u, t); st(h, r + u, o * t);
    }
  }
}

// Its gradient. dh, dc [B, U]: the gradients of h and c (0: none); gates, tc and cPrev as the
// forward left them (cPrev 0: the first step). Writes dz [B, 4U] and, unless 0, dcPrev [B, U].
export function lstm_cell_backward(gates: usize, tc: usize, cPrev: usize, dh: usize, dc: usize, dz: usize, dcPrev: usize, B: i32, U: i32): void {
  for (let b = 0; b < B; b++) {
    const gr = gates + (<usize>(b * 4 * U) << 2), dr = dz + (<usize>(b * 4 * U) << 2), r = b * U;
    for (let u = 0; u < U; u++) {
      const i = ld(gr, u), f = ld(gr, U + u), g = ld(gr, 2 * U + u), o = ld(gr, 3 * U + u), t = ld(tc, r + u);
      const dhv: f32 = dh == 0 ? 0 : flush(ld(dh, r + u));
      // c's gradient: through h = o·tanh(c), plus what the next step (or the returned state) sent.
      const fromH = dhv * o * (<f32>1 - t * t);
      const d = flush(dc == 0 ? fromH : flush(ld(dc, r + u)) + fromH);
      st(dr, u, flush(d * g * (i * (<f32>1 - i))));
      st(dr, U + u, cPrev == 0 ? 0 : flush(d * ld(cPrev, r + u) * (f * (<f32>1 - f))));
      st(dr, 2 * U + u, flush(d * i * (<f32>1 - g * g)));
      st(dr, 3 * U + u, flush(dhv * t * (o * (<f32>1 - o))));
      if (dcPrev != 0) st(dcPrev, r + u, flush(d * f));
    }
  }
}

// One GRU step with reset_after (Keras 3's default), after its first (h0 given). x [B, 3U]: the
// step's input projection (x·W + input bias); inner [B, 3U]: h0·U + recurrent bias; gates z, r
// and the candidate hh. Writes h [B, U] = hh + z·(h0 - hh) and, for the gradient, the gates
// [B, 3U] (z, r, hh).
export function gru_cell(x: usize, inner: usize, h0: usize, h: usize, gates: usize, B: i32, U: i32): void {
  for (let b = 0; b < B; b++) {
    const o = <usize>(b * 3 * U) << 2, xr = x + o, ir = inner + o, gr = gates + o, r = b * U;
    for (let u = 0; u < U; u++) {
      const z = sigmoidf(ld(xr, u) + ld(ir, u)), rg = sigmoidf(ld(xr, U + u) + ld(ir, U + u));
      const hh = Mathf.tanh(ld(xr, 2 * U + u) + rg * ld(ir, 2 * U + u));
      st(gr, u, z); st(gr, U + u, rg); st(gr, 2 * U + u, hh);
      st(h, r + u, hh + z * (ld(h0, r + u) - hh));
    }
  }
}

// Its gradient from dh [B, U]: writes dx [B, 3U] (the pre-activations' gradients), dinner
// [B, 3U] (the same, but the candidate block times r) and dh0 [B, U] (this cell's share).
export function gru_cell_backward(gates: usize, inner: usize, h0: usize, dh: usize, dx: usize, dinner: usize, dh0: usize, B: i32, U: i32): void {
  for (let b = 0; b < B; b++) {
    const o = <usize>(b * 3 * U) << 2, gr = gates + o, ir = inner + o, dxr = dx + o, dir = dinner + o, r = b * U;
    for (let u = 0; u < U; u++) {
      const z = ld(gr, u), rg = ld(gr, U + u), hh = ld(gr, 2 * U + u), d = flush(ld(dh, r + u));
      const dz = d * (ld(h0, r + u) - hh) * (z * (<f32>1 - z));
      const dhh = d + -(d * z);
      const dah = dhh * (<f32>1 - hh * hh);
      const dar = dah * ld(ir, 2 * U + u) * (rg * (<f32>1 - rg));
      const fz = flush(dz), far = flush(dar), fah = flush(dah);
      st(dxr, u, fz); st(dxr, U + u, far); st(dxr, 2 * U + u, fah);
      st(dir, u, fz); st(dir, U + u, far); st(dir, 2 * U + u, flush(dah * rg));
      st(dh0, r + u, flush(d * z));
    }
  }
}
