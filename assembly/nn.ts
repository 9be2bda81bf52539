// Softmax family and fused loss pieces, row-wise over [rows, cols].
import { ld, st, ldi } from "./common";

// The largest of x[o … o+cols), subtracted before exp so that it cannot overflow.
// @ts-ignore: decorator
@inline function rowMax(x: usize, o: i32, cols: i32): f32 {
  let m = ld(x, o);
  for (let j = 1; j < cols; j++) m = Mathf.max(m, ld(x, o + j));
  return m;
}

export function softmax(x: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols, m = rowMax(x, o, cols);
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) { const e = Mathf.exp(ld(x, o + j) - m); st(y, o + j, e); s += e; }
    const inv = <f32>1 / s;
    for (let j = 0; j < cols; j++) st(y, o + j, ld(y, o + j) * inv);
  }
}

export function log_softmax(x: usize, y: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols, m = rowMax(x, o, cols);
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) s += Mathf.exp(ld(x, o + j) - m);
    const l = m + Mathf.log(s);
    for (let j = 0; j < cols; j++) st(y, o + j, ld(x, o + j) - l);
  }
}

// dx = y * (dy - sum(dy * y)) for y = softmax(x), row-wise.
export function softmax_backward(y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) s += ld(dy, o + j) * ld(y, o + j);
    for (let j = 0; j < cols; j++) st(dx, o + j, ld(y, o + j) * (ld(dy, o + j) - s));
  }
}

// dx = dy - exp(y) * sum(dy) for y = log_softmax(x), row-wise.
export function log_softmax_backward(y: usize, dy: usize, dx: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) s += ld(dy, o + j);
    for (let j = 0; j < cols; j++) st(dx, o + j, ld(dy, o + j) - Mathf.exp(ld(y, o + j)) * s);
  }
}

// Sparse labels (i32) → per-row -log(clip(p[label])) with Keras's probability clipping.
export function sparse_xent_probs(p: usize, labels: usize, out: usize, rows: i32, cols: i32, eps: f32): void {
  for (let r = 0; r < rows; r++) {
    const k = ldi(labels, r);
    const v = Mathf.min(Mathf.max(ld(p, r * cols + k), eps), <f32>1 - eps);
    st(out, r, -Mathf.log(v));
  }
}
