// Sparse inputs of the dense op: when x is a batch of model inputs that is mostly zeros (MNIST
// pixels, multi-hot text), x·W and the weight gradient xᵀ·dY run over x's non-zeros only. The
// choice is made on every call: the forward builds the batch's CSR and gives up (GEMM) as soon
// as it holds more non-zeros than sparseMaxDensity allows. The sparse kernels give the GEMM's
// bits (assembly/sparse.ts), so the choice changes speed, never results — except that a zero
// input times an infinite or NaN weight is skipped instead of making a NaN.
// Explicit sparse data (a SparseTensor given to fit/evaluate/predict) skips the scan: the batch's
// CSR is copied from the data into the placeholder's *feed* (models/data.ts), and the forward
// product and weight gradient read it from there.
import { K } from '../../engine/wasm.js';
import { csrMatmul, gemm } from '../../engine/threads.js';
import { malloc, free, heapU8 } from '../../engine/memory.js';
import { ResourceError } from '../../errors.js';
import { Tensor } from '../tensor.js';
import { rootOf, type Graph } from '../graph.js';
import { getActiveGraph, type OpSpec } from '../op.js';
import { matMul } from './linalg.js';

/** 'auto': per call from measured density; 'on' / 'off' force a path (tests only). */
export type SparseInputMode = 'auto' | 'on' | 'off';
let mode: SparseInputMode = 'auto';
/** @internal The mode setSparseInputMode set (a live binding). */
export { mode as sparseInputMode };

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

/**
 * @internal How often each path ran, how often a batch's CSR was built (tests and benchmarks), how
 * many batches of sparse data were fed as CSR (fed) and how many were written densely (densified),
 * and how many dense data tensors were held as CSR (held; models/data.ts).
 */
export const sparseStats = { sparse: 0, dense: 0, csrBuilds: 0, fed: 0, densified: 0, held: 0 };

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
export interface CsrShare { x: number; nnz: number; buf: number; cap: number; feed: SparseFeed | null }
/** A dense op's share; `x` and the output width `n` find the feed of a placeholder it reads. */
export const newCsrShare = (x?: Tensor, n?: number): CsrShare => ({ x: -1, nnz: -1, buf: 0, cap: 0, feed: x && n !== undefined ? feedFor(x, n) : null });

// ---------- feeds: the CSR of a batch of explicit sparse data ----------

/**
 * The CSR of one batch of a 2-D placeholder [rows, cols] of a traced step, written by the batch
 * copier (models/data.ts) from a SparseTensor, in csrArrays' layout (rowptr, then cap column
 * indices, then cap values). `active`: this run's batch is in buf (else the placeholder holds it
 * densely and the dense ops choose as usual).
 */
export interface SparseFeed {
  readonly placeholder: Tensor;
  readonly graph: Graph;
  buf: number; rows: number; cap: number; nnz: number; active: boolean;
  /** This run's batch is in the placeholder densely and too dense for the sparse kernels: the GEMM without a scan. */
  gemm: boolean;
  /** The lowest sparseMaxDensity among the dense ops that read it ('auto' mode's choice). */
  maxDensity: number;
  /** Whether an op other than those dense ops reads the placeholder (then it is written densely too); found on first use. */
  readsDense: boolean | null;
  /** Shared with the finalizer, which frees buf. */
  readonly box: { ptr: number };
}
const feeds = new WeakMap<object, SparseFeed>();
const feedBuffers = new FinalizationRegistry<{ ptr: number }>((b) => { if (b.ptr) free(b.ptr); });

/** The feed of the placeholder a traced dense op reads as x, if x is one (or a same-shaped view of one). */
function feedFor(x: Tensor, n: number): SparseFeed | null {
  const g = getActiveGraph();
  if (g === null || x.trace === null) return null;
  const root = rootOf(x);
  if (root.rank !== 2 || x.rank !== 2 || x.shape[1] !== root.shape[1] || !g.placeholders.includes(root)) return null;
  let f = feeds.get(root);
  if (!f) {
    f = { placeholder: root, graph: g, buf: 0, rows: -1, cap: -1, nnz: 0, active: false, gemm: false, maxDensity: Infinity, readsDense: null, box: { ptr: 0 } };
    feedBuffers.register(f, f.box);
    feeds.set(root, f);
  }
  f.maxDensity = Math.min(f.maxDensity, sparseMaxDensity(n));
  return f;
}

/** @internal The feed of a plan's input buffer (a placeholder), if a dense op of its plan reads it. */
export function feedOf(placeholder: object): SparseFeed | null { return feeds.get(placeholder) ?? null; }

/** Marks what this run's batch is: CSR in the feed, dense and for the GEMM (feedTakesCsr said no), or dense rows of dense data (neither). */
export function setFeedState(f: SparseFeed, csr: boolean, gemmOnly: boolean): void { f.active = csr; f.gemm = gemmOnly; }

/**
 * Whether a batch of `nnz` entries out of rows × cols goes to the sparse kernels as CSR: as the
 * dense path would choose from its scan ('auto'), always ('on'), never ('off'); never for 1–4 rows
 * (the GEMM's unpacked path, whose bits the sparse kernels do not reproduce).
 */
export function feedTakesCsr(f: SparseFeed, rows: number, cols: number, nnz: number): boolean {
  if (rows <= 4 || mode === 'off') return false;
  if (mode === 'on') return true;
  return f.maxDensity > 0 && nnz <= Math.floor(f.maxDensity * rows * cols);
}

/** A feed's buffer for a batch of `rows` rows and `nnz` entries (grown as needed): its rowptr, idx and val pointers. */
export function feedArrays(f: SparseFeed, rows: number, nnz: number): [number, number, number] {
  if (nnz > f.cap || rows !== f.rows) { // the layout depends on rows (a plan's batch: fixed)
    if (f.buf) free(f.buf);
    f.buf = f.box.ptr = 0;
    const cap = Math.max(nnz, Math.ceil(f.cap * 1.25), 64);
    f.buf = f.box.ptr = malloc(csrBytes(rows, cap), false);
    f.cap = cap; f.rows = rows;
  }
  f.nnz = nnz;
  return csrArrays(f.buf, rows, f.cap);
}


// ---------- dense data held as CSR ----------

/** The CSR of a data set's dense rows, in linear memory (csrArrays' layout); freed with this object. */
export interface HeldCsr { readonly rows: number; readonly cols: number; readonly nnz: number; readonly buf: number }
const heldBuffers = new FinalizationRegistry<number>((ptr) => free(ptr));

/**
 * The CSR of dense float32 rows [rows, cols] (at ptrOf(), read after the malloc), in a block of
 * exactly its size; null when more than maxDensity of the entries are non-zeros (the scan stops
 * there), or when memory has no room for the scratch (≤ 2·maxDensity of the dense bytes): holding
 * is only a shortcut, and the batches are then scanned as before.
 */
export function holdDenseRows(ptrOf: () => number, rows: number, cols: number, maxDensity: number): HeldCsr | null {
  const cap = Math.floor(maxDensity * rows * cols);
  let scratch = 0, buf = 0;
  try {
    scratch = malloc(csrBytes(rows, cap), false);
    const [rp, idx, val] = csrArrays(scratch, rows, cap);
    const nnz = K.csr_build(ptrOf(), rows, cols, cap, rp, idx, val);
    if (nnz < 0) return null;
    buf = malloc(csrBytes(rows, nnz), false);
    const [hrp, hidx, hval] = csrArrays(buf, rows, nnz), u8 = heapU8();
    u8.copyWithin(hrp, rp, rp + 4 * (rows + 1));
    u8.copyWithin(hidx, idx, idx + 4 * nnz);
    u8.copyWithin(hval, val, val + 4 * nnz);
    const h: HeldCsr = { rows, cols, nnz, buf };
    heldBuffers.register(h, buf);
    return h;
  } catch (e) {
    if (e instanceof ResourceError) return null;
    throw e;
  } finally { if (scratch) free(scratch); }
}

/**
 * Held rows (orderPtr: count row numbers in memory, or 0 for rows start ..) into the feed's CSR,
 * or densely into out, or (into null) only counted. Their number of entries.
 */
export function writeHeldBatch(h: HeldCsr, orderPtr: number, start: number, count: number, into: SparseFeed | number | null): number {
  const [rp, idx, val] = csrArrays(h.buf, h.rows, h.nnz);
  const [frp, fidx, fval] = into === null ? [0, 0, 0] : typeof into === 'number' ? [0, 0, into] : csrArrays(into.buf, count, into.cap);
  return K.csr_rows(rp, idx, val, orderPtr, start, count, h.cols, frp, fidx, fval);
}

/** Whether anything but the feed's dense ops (and their weight gradients) reads the placeholder's bytes. */
export function feedReadsDense(f: SparseFeed): boolean {
  if (f.readsDense !== null) return f.readsDense;
  let reads = false;
  for (const n of f.graph.nodes) {
    if (n.op.view || !n.inputs.some((t) => rootOf(t) === f.placeholder)) continue;
    const a = n.attrs as { sparse?: CsrShare; share?: CsrShare } | null;
    if (a && (a.sparse?.feed === f || (n.op === weightGradSpec && a.share?.feed === f))) continue;
    reads = true;
    break;
  }
  return (f.readsDense = reads);
}

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
// Each array starts on 16 bytes: a fed batch's CSR is copied in with TypedArray.set, which Node
// (V8) runs byte by byte into shared memory when the target is not 8-byte aligned (≈ 10× slower:
// 0.25 ms instead of 0.02–0.04 for the IMDB model's 49,000 indices and values).
const pad4 = (n: number) => (n + 3) & ~3;
const csrBytes = (M: number, cap: number) => 4 * (pad4(M + 1) + 2 * pad4(cap));

/** Builds x's CSR into buf (capacity cap); the number of non-zeros, or -1 (too many). */
function build(x: number, M: number, Kd: number, cap: number, buf: number): number {
  const [rp, idx, val] = csrArrays(buf, M, cap);
  sparseStats.csrBuilds++;
  return K.csr_build(x, M, Kd, cap, rp, idx, val);
}
/** A CSR buffer's rowptr (M + 1 ints), idx (cap ints) and val (cap floats), each 16-byte aligned (malloc's blocks are). */
function csrArrays(buf: number, M: number, cap: number): [number, number, number] {
  return [buf, buf + 4 * pad4(M + 1), buf + 4 * (pad4(M + 1) + pad4(cap))];
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
  const feed = inPlan ? share!.feed : null;
  const thunk = () => {
    if (feed !== null && feed.active) {
      share!.x = x.ptr; share!.nnz = feed.nnz; share!.buf = feed.buf; share!.cap = feed.cap;
      sparseStats.sparse++;
      const [rp, idx, val] = csrArrays(feed.buf, M, feed.cap);
      csrMatmul(M, N, Kd, rp, idx, val, w.ptr, y.ptr, b ? b.ptr : 0, act, alpha);
      return;
    }
    if (feed !== null && feed.gemm) {
      share!.x = x.ptr; share!.nnz = -1;
      sparseStats.dense++;
      gemm(0, 0, M, N, Kd, x.ptr, Kd, w.ptr, N, y.ptr, N, 0, b ? b.ptr : 0, act, alpha);
      return;
    }
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
  if (share !== undefined && share.x === x && (mode !== 'off' || share.feed?.active)) {
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
