// Sparse inputs of the dense op: when x is a batch of model inputs that is mostly zeros (MNIST
// pixels, multi-hot text), x·W and the weight gradient xᵀ·dY run over x's non-zeros only. The
// choice is made on every call from a count of the batch's non-zeros; the sparse kernels give
// the same bits as the GEMM (assembly/sparse.ts), so it changes speed, never results.
import { K } from '../../engine/wasm.js';
import { gemm } from '../../engine/threads.js';
import { malloc, free } from '../../engine/memory.js';
import { Tensor } from '../tensor.js';
import { rootOf } from '../graph.js';
import { getActiveGraph, type OpSpec } from '../op.js';
import { matMul } from './linalg.js';

/** 'auto': per call from measured density; 'on' / 'off' force a path (tests only). */
export type SparseInputMode = 'auto' | 'on' | 'off';
let mode: SparseInputMode = 'auto';

/**
 * Highest fraction of non-zeros at which the sparse kernels are used, for an output width N.
 * The sparse kernels cost a scan of x plus a (less efficient) multiply-add per non-zero and output
 * column; the GEMM a (more efficient) one per element of x and column. bench/sparse-dense.js on a
 * shared 2-core x86 machine (wasm-simd, sparse ÷ GEMM time, interleaved medians) put the break-even
 * at ≈ 40 % for N = 512 (seed MLP: 0.53–0.68 at 20 %, 0.88–1.0 at 40 %) and ≈ 4–5 % for N = 16
 * (IMDB model: 0.35–0.40 at 1 %, 1.0–1.5 at 5 %). A fit of a/b − c/N: 0.41 − 5.9/N; we take
 * three quarters of it, so a batch at the threshold still gains.
 */
export function sparseMaxDensity(N: number): number {
  return Math.max(0, 0.75 * (0.41 - 5.9 / N));
}

/** @internal Force the sparse path on or off ('auto' restores the measured choice). Returns the previous mode. */
export function setSparseInputMode(m: SparseInputMode): SparseInputMode {
  const prev = mode;
  mode = m;
  return prev;
}

/** @internal How often each path ran (tests and benchmarks). */
export const sparseStats = { sparse: 0, dense: 0 };

/**
 * Whether a dense op's input may be sparse: a model input (a placeholder of the traced step, or a
 * view of one) or an eager value that is not a variable. Hidden activations in a traced step
 * (dense, ~50 % zeros after relu) are not counted: the count would rarely pay.
 */
export function maybeSparseInput(x: Tensor): boolean {
  if (x.isVariable) return false;
  if (x.trace === null) return true;
  const g = getActiveGraph();
  return g !== null && g.placeholders.includes(rootOf(x));
}

// One scratch for the row of non-zeros (8·K bytes) and one for the weight gradient's later row
// blocks (K·N floats), grown as needed: the kernels run on this thread, one at a time.
let rowScratch = 0, rowBytes = 0, tmpScratch = 0, tmpBytes = 0;
function scratch(bytes: number, which: 'row' | 'tmp'): number {
  if (which === 'row') {
    if (bytes > rowBytes) { if (rowBytes) free(rowScratch); rowScratch = malloc(bytes, false); rowBytes = bytes; }
    return rowScratch;
  }
  if (bytes > tmpBytes) { if (tmpBytes) free(tmpScratch); tmpScratch = malloc(bytes, false); tmpBytes = bytes; }
  return tmpScratch;
}

/** Whether x [M, Kd] is sparse enough for the sparse kernel, counting its non-zeros. */
function chooseSparse(x: number, M: number, Kd: number, maxDensity: number): boolean {
  if (mode === 'off') return false;
  if (mode === 'on') return true;
  if (maxDensity <= 0) return false;
  const n = M * Kd;
  const limit = Math.floor(maxDensity * n);
  return K.count_nonzero(x, n, limit) <= limit;
}

/**
 * y = act(x·W + b), x [M, Kd], W [Kd, N]: the sparse kernel when x is sparse enough, else the
 * GEMM. 1–4 rows always take the GEMM (its unpacked path sums in another order).
 */
export function denseForward(x: number, w: number, b: number, y: number, M: number, N: number, Kd: number, act: number, alpha: number): void {
  if (M > 4 && Kd > 0 && N > 0 && chooseSparse(x, M, Kd, sparseMaxDensity(N))) {
    sparseStats.sparse++;
    K.sparse_matmul(M, N, Kd, x, w, y, b, act, alpha, scratch(8 * Kd, 'row'));
    return;
  }
  sparseStats.dense++;
  gemm(0, 0, M, N, Kd, x, Kd, w, N, y, N, 0, b, act, alpha);
}

/** dW = xᵀ·dY for x [M, Kd], dY [M, N]: the sparse kernel when x is sparse enough, else the GEMM. */
export function denseWeightGrad(x: number, dy: number, dw: number, M: number, N: number, Kd: number): void {
  if (Kd > 0 && N > 0 && chooseSparse(x, M, Kd, sparseMaxDensity(N))) {
    sparseStats.sparse++;
    K.sparse_matmul_tn(M, N, Kd, x, dy, dw, 0, scratch(8 * Kd, 'row'), M > 256 ? scratch(4 * Kd * N, 'tmp') : 0);
    return;
  }
  sparseStats.dense++;
  gemm(1, 0, Kd, N, M, x, Kd, dy, N, dw, N, 0, 0, 0, 0);
}

/** xᵀ·dY for a possibly sparse 2-D x: the dense op's weight gradient. */
export const weightGradSpec: OpSpec<null> = {
  name: 'denseWeightGrad',
  infer: ([x, dy]) => [{ shape: [x.shape[1], dy.shape[1]], dtype: 'float32' }],
  kernel: ([x, dy], [dw]) => {
    const M = x.shape[0], Kd = x.shape[1], N = dy.shape[1];
    return () => denseWeightGrad(x.ptr, dy.ptr, dw.ptr, M, N, Kd);
  },
  // C = xᵀ·dY: dx = dY·dCᵀ and d(dY) = x·dC.
  grad: ([dc], [x, dy], _o, _a, needs) => {
    if (dc === null) return [null, null];
    return [needs[0] ? matMul(dy, dc, false, true) : null, needs[1] ? matMul(x, dc, false, false) : null];
  },
};
