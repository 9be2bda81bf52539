// The kernel exports of the wasm module, typed. Pointers are byte offsets into linear memory.
// Booleans are passed as 0/1. Mirrors assembly/index.ts.
export interface Kernels {
  act_forward(kind: number, x: number, y: number, n: number, alpha: number): void;
  act_backward(kind: number, x: number, y: number, dy: number, dx: number, n: number, alpha: number): void;
  unary(op: number, x: number, y: number, n: number): void;
  clip(x: number, y: number, n: number, lo: number, hi: number): void;
  affine(x: number, y: number, n: number, a: number, b: number): void;
  fill(y: number, n: number, v: number): void;
  fill_i32(y: number, n: number, v: number): void;
  binary(op: number, a: number, b: number, y: number, meta: number): void;
  copy_strided(src: number, dst: number, meta: number, elemBytes: number): void;
  cast(src: number, srcType: number, dst: number, dstType: number, n: number): void;
  /** Returns the first position whose index is outside the axis (its row is zeros), or -1. */
  gather(x: number, idx: number, y: number, outer: number, axisLen: number, nIdx: number, inner: number, elemBytes: number, strict?: number): number;
  scatter_add(dy: number, idx: number, dx: number, outer: number, axisLen: number, nIdx: number, inner: number, strict?: number): void;
  one_hot(idx: number, y: number, n: number, depth: number, on: number, off: number): void;
  where(c: number, a: number, b: number, y: number, n: number): void;
  reduce(op: number, x: number, y: number, outer: number, mid: number, inner: number): void;
  arg_reduce(isMax: number, x: number, y: number, outer: number, mid: number, inner: number): void;
  softmax(x: number, y: number, rows: number, cols: number): void;
  log_softmax(x: number, y: number, rows: number, cols: number): void;
  softmax_backward(y: number, dy: number, dx: number, rows: number, cols: number): void;
  log_softmax_backward(y: number, dy: number, dx: number, rows: number, cols: number): void;
  sparse_xent_probs(p: number, labels: number, out: number, rows: number, cols: number, eps: number): void;
  gemm(transA: number, transB: number, M: number, N: number, K: number,
       A: number, lda: number, B: number, ldb: number, C: number, ldc: number,
       accumulate: number, bias: number, act: number, alpha: number, scratch: number): void;
  gemm_scratch_bytes(): number;
  epilogue(C: number, ldc: number, M: number, N: number, bias: number, act: number, alpha: number): void;
  col_sum(x: number, y: number, M: number, N: number, accumulate: number): void;
  /** Returns the number of non-zeros, or -1 when there are more than cap. */
  csr_build(X: number, M: number, K: number, cap: number, rowptr: number, idx: number, val: number): number;
  csr_matmul(M: number, N: number, K: number, rowptr: number, idx: number, val: number, W: number, Y: number, bias: number, act: number, alpha: number): void;
  csr_transpose(M: number, K: number, rowptr: number, idx: number, val: number, colptr: number, ridx: number, rval: number): void;
  random_uniform(y: number, n: number, seed: number, offset: number, lo: number, hi: number): void;
  random_normal(y: number, n: number, seed: number, offset: number, mean: number, std: number, truncated: number): void;
  dropout_mask(y: number, n: number, seed: number, offset: number, rate: number): void;
  sgd(v: number, g: number, n: number, lr: number): void;
  sgd_momentum(v: number, g: number, m: number, n: number, lr: number, momentum: number, nesterov: number): void;
  rmsprop(v: number, g: number, vel: number, mom: number, avg: number, n: number, lr: number, rho: number, oneMinusRho: number, momentum: number, eps: number, centered: number): void;
  adam(v: number, g: number, m: number, s: number, shat: number, n: number, alpha: number, oneMinusB1: number, oneMinusB2: number, eps: number, amsgrad: number): void;
  weight_decay(v: number, n: number, wd: number, lr: number): void;
  adagrad(v: number, g: number, acc: number, n: number, lr: number, eps: number): void;
  adadelta(v: number, g: number, ag: number, ad: number, n: number, lr: number, rho: number, oneMinusRho: number, eps: number): void;
  adamax(v: number, g: number, m: number, u: number, n: number, lr: number, oneMinusB1: number, b2: number, oneMinusB1Power: number, eps: number): void;
  nadam(v: number, g: number, m: number, s: number, n: number, lr: number, oneMinusB1: number, oneMinusB2: number, ut1: number, oneMinusProd1: number, oneMinusUt: number, oneMinusProd: number, oneMinusB2Power: number, eps: number): void;
  im2col(x: number, cols: number, N: number, H: number, W: number, C: number, KH: number, KW: number, SH: number, SW: number,
         DH: number, DW: number, PT: number, PL: number, OH: number, OW: number): void;
  col2im(cols: number, x: number, N: number, H: number, W: number, C: number, KH: number, KW: number, SH: number, SW: number,
         DH: number, DW: number, PT: number, PL: number, OH: number, OW: number): void;
  pool2d(isMax: number, x: number, y: number, idx: number, N: number, H: number, W: number, C: number, KH: number, KW: number,
         SH: number, SW: number, PT: number, PL: number, OH: number, OW: number): void;
  max_pool_backward(idx: number, dy: number, dx: number, nx: number, ny: number): void;
  avg_pool_backward(dy: number, dx: number, N: number, H: number, W: number, C: number, KH: number, KW: number,
                    SH: number, SW: number, PT: number, PL: number, OH: number, OW: number): void;
}
