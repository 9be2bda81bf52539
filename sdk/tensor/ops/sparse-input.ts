// Sparse inputs of the dense op: when x is a batch of model inputs that is mostly zeros (MNIST
// pixels, multi-hot text), x·W and the weight gradient xᵀ·dY run over x's non-zeros only. The
// choice is made on every call: the forward builds the batch's CSR and gives up (GEMM) as soon
// as it holds more non-zeros than sparseMaxDensity allows. The sparse kernels give the GEMM's
// bits (assembly/sparse.ts), so the choice changes speed, never results — except that a zero
// input times an infinite or NaN weight is skipped instead of making a NaN.
import { K } from '../../engine/wasm.js';
import { csrMatmul, gemm } from '../../engine/threads.js';
import { malloc, free } from '../../engine/memory.js';
import { Tensor } from '../tensor.js';
import { rootOf } from '../graph.js';
import { getActiveGraph, type OpSpec } from '../op.js';
import { matMul } from './linalg.js';

/** 'auto': per call from measured density; 'on' / 'off' force a path (tests only). */
export type SparseInputMode = 'auto' | 'on' | 'off';
let mode: SparseInputMode = 'auto';

/**
 * Highest fraction of non-zeros at which the sparse kernels are used, for an output width N
 * (the same for the forward product and the weight gradient).
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

/** @internal How often each path ran, and how often a batch's CSR was built (tests and benchmarks). */
export const sparseStats = { sparse: 0, dense: 0, csrBuilds: 0 };

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

/**
 * The CSR of one batch, handed from a traced step's forward product to its weight gradient so the
 * batch is scanned once per step: the forward records where it put the CSR of which buffer
 * (nnz -1: the batch was too dense, the GEMM ran). Eager calls build their own each time.
 */
export interface CsrShare { x: number; nnz: number; buf: number; cap: number }
export const newCsrShare = (): CsrShare => ({ x: -1, nnz: -1, buf: 0, cap: 0 });

// Eager calls (and a weight gradient that finds no CSR of its batch) build into this scratch;
// the weight gradient transposes the CSR into tr. Grown as needed; kernels run one at a time.
let scratchPtr = 0, scratchBytes = 0, trPtr = 0, trBytes = 0;
function eagerScratch(bytes: number): number {
  if (bytes > scratchBytes) { if (scratchBytes) free(scratchPtr); scratchPtr = malloc(bytes, false); scratchBytes = bytes; }
  return scratchPtr;
}
function trScratch(bytes: number): number {
  if (bytes > trBytes) { if (trBytes) free(trPtr); trPtr = malloc(bytes, false); trBytes = bytes; }
  return trPtr;
}

/** dW = xᵀ·dY from x's CSR: transposed (by column), then the forward kernel over xᵀ and dY. */
function csrWeightGrad(buf: number, M: number, Kd: number, cap: number, nnz: number, dy: number, dw: number, N: number): void {
  sparseStats.sparse++;
  const [rp, idx, val] = csrArrays(buf, M, cap);
  const t = trScratch(csrBytes(Kd, nnz));
  const [cp, ridx, rval] = csrArrays(t, Kd, nnz);
  K.csr_transpose(M, Kd, rp, idx, val, cp, ridx, rval);
  csrMatmul(Kd, N, M, cp, ridx, rval, dy, dw, 0, 0, 0);
}

/** Entries a CSR of x [M, Kd] may hold before the GEMM is the better path; all of them when forced on. */
function capacity(M: number, Kd: number, N: number): number {
  if (mode === 'off') return -1;
  if (mode === 'on') return M * Kd;
  const d = sparseMaxDensity(N);
  return d > 0 ? Math.floor(d * M * Kd) : -1;
}
const csrBytes = (M: number, cap: number) => 4 * (M + 1 + 2 * cap);

/** Builds x's CSR into buf (capacity cap); the number of non-zeros, or -1 (too many). */
function build(x: number, M: number, Kd: number, cap: number, buf: number): number {
  const [rp, idx, val] = csrArrays(buf, M, cap);
  sparseStats.csrBuilds++;
  return K.csr_build(x, M, Kd, cap, rp, idx, val);
}
/** A CSR buffer's rowptr (M + 1 ints), idx (cap ints) and val (cap floats). */
function csrArrays(buf: number, M: number, cap: number): [number, number, number] {
  return [buf, buf + 4 * (M + 1), buf + 4 * (M + 1 + cap)];
}

/**
 * The forward kernel of a dense op whose input may be sparse: y = act(x·W + b), x [M, Kd],
 * W [Kd, N]. In a plan (`share` given) the CSR goes into a buffer of this binding, for the
 * weight gradient. 1–4 rows always take the GEMM (its unpacked path sums in another order).
 */
export function bindDenseForward(x: Tensor, w: Tensor, b: Tensor | null, y: Tensor, M: number, N: number, Kd: number,
  act: number, alpha: number, share: CsrShare | undefined): () => void {
  const inPlan = share !== undefined && x.trace !== null;
  let own = 0, ownCap = -1;
  const thunk = () => {
    const cap = M > 4 && Kd > 0 && N > 0 ? capacity(M, Kd, N) : -1;
    let buf = 0, nnz = -1;
    if (cap >= 0) {
      if (inPlan) {
        if (cap > ownCap) {
          if (own) { ownedBuffers.unregister(thunk); free(own); }
          own = malloc(csrBytes(M, cap), false); ownCap = cap;
          ownedBuffers.register(thunk, own, thunk);
        }
        buf = own;
      } else buf = eagerScratch(csrBytes(M, cap));
      nnz = build(x.ptr, M, Kd, cap, buf);
    }
    if (inPlan) { share!.x = x.ptr; share!.nnz = nnz; share!.buf = buf; share!.cap = cap; }
    if (nnz >= 0) {
      sparseStats.sparse++;
      const [rp, idx, val] = csrArrays(buf, M, cap);
      csrMatmul(M, N, Kd, rp, idx, val, w.ptr, y.ptr, b ? b.ptr : 0, act, alpha);
      return;
    }
    sparseStats.dense++;
    gemm(0, 0, M, N, Kd, x.ptr, Kd, w.ptr, N, y.ptr, N, 0, b ? b.ptr : 0, act, alpha);
  };
  return thunk;
}

// A plan's CSR buffers live as long as its thunks.
const ownedBuffers = new FinalizationRegistry<number>((ptr) => free(ptr));

/** dW = xᵀ·dY for x [M, Kd], dY [M, N]: over the forward's CSR of x when it made one, else as the forward would choose. */
export function denseWeightGrad(x: number, dy: number, dw: number, M: number, N: number, Kd: number, share: CsrShare | undefined): void {
  if (share !== undefined && share.x === x && mode !== 'off') {
    if (share.nnz >= 0) return csrWeightGrad(share.buf, M, Kd, share.cap, share.nnz, dy, dw, N);
  } else {
    const cap = Kd > 0 && N > 0 ? capacity(M, Kd, N) : -1;
    if (cap >= 0) {
      const buf = eagerScratch(csrBytes(M, cap));
      const nnz = build(x, M, Kd, cap, buf);
      if (nnz >= 0) return csrWeightGrad(buf, M, Kd, cap, nnz, dy, dw, N);
    }
  }
  sparseStats.dense++;
  gemm(1, 0, Kd, N, M, x, Kd, dy, N, dw, N, 0, 0, 0, 0);
}

/** xᵀ·dY for a possibly sparse 2-D x: the dense op's weight gradient. */
export const weightGradSpec: OpSpec<{ share?: CsrShare }> = {
  name: 'denseWeightGrad',
  infer: ([x, dy]) => [{ shape: [x.shape[1], dy.shape[1]], dtype: 'float32' }],
  kernel: ([x, dy], [dw], { share }) => {
    const M = x.shape[0], Kd = x.shape[1], N = dy.shape[1];
    return () => denseWeightGrad(x.ptr, dy.ptr, dw.ptr, M, N, Kd, share);
  },
  // C = xᵀ·dY: dx = dY·dCᵀ and d(dY) = x·dC.
  grad: ([dc], [x, dy], _o, _a, needs) => {
    if (dc === null) return [null, null];
    return [needs[0] ? matMul(dy, dc, false, true) : null, needs[1] ? matMul(x, dc, false, false) : null];
  },
};
