// Threads: a pool of workers that run the same kernels over the same shared linear memory.
// Large matrix products are split by output rows or columns into chunks of multiples of 8
// (the micro-kernel's panel): every output element is still summed by one thread in the same
// order, so results are bit-identical to one thread's (in deterministic mode and in FMA mode).
// Large elementwise kernels (the fused optimizer updates, activations and their gradients, unary
// math, same-shape binary arithmetic, clip, where) are split by element ranges in multiples of 16:
// each element gets the same operations, in the same code path (vector lanes or scalar tail),
// whichever thread runs it. Reductions are never split (that would change their summation order).
//
// A call stays synchronous: the calling thread publishes the job in a control block inside
// the wasm memory, wakes the workers (Atomics.notify) and then every thread, the caller too,
// takes the next unclaimed chunk until none is left. A worker that is late (its core is busy
// with another process) simply finds fewer chunks or none: the caller waits only for chunks
// that were claimed. Workers spin a little before sleeping, less when they keep arriving late,
// and the pool stops splitting for a while when the workers took almost nothing.
import { K, kernelBytes, activeArtifact, GEMM_SCRATCH, GEMM_SCRATCH_BYTES } from './wasm.js';
import { memory, malloc, sharedMemory } from './memory.js';
import { NeurasmError, ValueError } from '../errors.js';
import type { PoolWorker, WorkerLayout } from './worker.js';
import { ACT, BINARY, UNARY } from '../generated/kernels.js';

// Control block layout, in 32-bit words. NEXT packs the job's chunk count (high 16 bits) and
// the next unclaimed chunk (low 16 bits): one compare-and-swap claims a chunk of the live job.
const SEQ = 0, DONE = 1, ERROR = 2, QUIT = 3, NEXT = 4, WAITING = 5, KIND = 6; // KIND: 0 gemm, 1 elementwise, 2 csr_matmul, 3 by samples
// gemm: artifact, tA, tB, M, K, A, lda, B, ldb, C, ldc, acc, bias, act, alpha, byRows, N
// elementwise: artifact, kernel (index in KERNELS), 3 integers, 6 pointers, the mask of
// pointers that stay put (a broadcast scalar), 10 scalars (f32); the counts are the kernel's own.
// csr_matmul: artifact, N, K, rowptr, idx, val, W, Y, bias, act, alpha (rows j0..j1 of the CSR and of Y)
// by samples: artifact, kernel (index in SAMPLE_KERNELS), argument count, the arguments (integers
// and pointers); the kernel gets samples j0, j1 after them.
const ARGS = 8;
const E_INTS = 2, E_PTRS = 5, E_STILL = 11, E_SCALARS = 12; // offsets in the elementwise arguments
const BOUNDS = 32; // chunk c spans [bounds[c], bounds[c + 1])
const MAX_CHUNKS = 256;
const SCRATCH = BOUNDS + MAX_CHUNKS + 1; // per worker id: its GEMM scratch pointer
const CTRL_WORDS = SCRATCH + 64;
const MAX_THREADS = 64;

/**
 * The elementwise kernels the pool can split, K[name](integers…, pointers…, n, scalars…), one pass
 * per element: [name, integers, pointers, scalars, cost]. `cost` is the time of an element in
 * units of one element of sgd (≈0.35 ns here, a pass bound by memory); for the kernels that switch
 * on a code (activations, unary, binary) it is the cheap codes' cost, and EXPENSIVE gives the rest.
 */
const KERNELS = [
  ['sgd', 0, 2, 1, 1], ['sgd_momentum', 0, 3, 3, 1.5], ['rmsprop', 0, 5, 6, 3], ['adam', 0, 5, 5, 3],
  ['adagrad', 0, 3, 2, 3], ['adadelta', 0, 4, 4, 4], ['adamax', 0, 4, 5, 3], ['nadam', 0, 4, 9, 4],
  ['weight_decay', 0, 1, 2, 1], ['act_forward', 1, 2, 1, 1], ['act_backward', 1, 4, 1, 1.5],
  ['unary', 1, 2, 0, 1], ['binary_flat', 3, 3, 0, 1], ['clip', 0, 2, 2, 1], ['where', 0, 4, 0, 1.5],
] as const;
export type ElementwiseKernel = typeof KERNELS[number][0];
/**
 * The kernels the pool splits by samples of a batch, K[name](arguments…, n0, n1): each sample's
 * output is its own (pooling, im2col, col2im over channels-last images), so the bits never
 * depend on the split.
 */
const SAMPLE_KERNELS = ['pool2d', 'max_pool2d_backward', 'avg_pool_backward', 'im2col', 'col2im'] as const;
export type SampleKernel = typeof SAMPLE_KERNELS[number];
const KERNEL_INDEX = new Map<string, number>(KERNELS.map((k, i) => [k[0], i]));
/** The cost of the codes whose element costs tens of sgd elements (exp, tanh, erf, pow…), by kernel. */
const cheapActs: number[] = [ACT.linear, ACT.relu, ACT.leaky_relu, ACT.relu6, ACT.hard_sigmoid, ACT.hard_silu];
const EXPENSIVE: Record<string, (code: number) => number> = {
  act_forward: (c) => (cheapActs.includes(c) ? 1 : c === ACT.gelu ? 200 : 40),
  act_backward: (c) => (cheapActs.includes(c) || c === ACT.sigmoid || c === ACT.tanh ? 2 : c === ACT.gelu ? 200 : 40),
  unary: (c) => (c === UNARY.erf ? 200 : [UNARY.exp, UNARY.log, UNARY.sin, UNARY.cos, UNARY.log1p, UNARY.expm1].includes(c as never) ? 15 : 1),
  binary_flat: (c) => (c === BINARY.pow || c === BINARY.atan2 ? 15 : 1),
};
/**
 * Below `minFlops` (2·M·N·K) a product runs on the calling thread (waking costs more), below
 * `minFlopsHot` while the workers are still spinning from the last job (they wake in microseconds).
 * Below `minWork` (elements × cost, per thread) an elementwise kernel runs on the calling thread,
 * below `minWorkHot` while the workers are still spinning from the last job. Benchmarks change
 * these (bench/pool-elementwise.js measures where splitting starts to pay); `adaptive: false`
 * keeps the pool from backing off (to time splitting itself). Measured on the shared 2-vCPU VM
 * (load average 16–21, so only the fastest of 21 interleaved runs mean much): updates bound by
 * memory (sgd, adam, rmsprop) gained nothing split at 400 Ki elements (0.8–0.93 hot, 0.7–0.9
 * cold) and 1.5–1.7× at 1 Mi; tanh gained 1.2–3× from 32 Ki. Hence 1 M units per thread while
 * the workers sleep (a wake-up costs ~50–80 µs here), a quarter of that while they spin.
 */
export const poolTuning = { minWork: 1_000_000, minWorkHot: 250_000, minFlops: 2_000_000, minFlopsHot: 500_000, adaptive: true };

/** How long an idle thread spins before it sleeps (ms), at most and at least. */
const SPIN_MS = 0.2, SPIN_MIN_MS = 0.05;

let lastJobEnd = -Infinity;

// The workers' program and their start are engine/worker.ts, imported when a pool starts; it
// gets the control block's layout and the kernel tables from here.
const LAYOUT: WorkerLayout = {
  words: [SEQ, DONE, ERROR, QUIT, NEXT, WAITING, KIND, ARGS, BOUNDS, SCRATCH, E_INTS, E_PTRS, E_STILL, E_SCALARS, SPIN_MS, SPIN_MIN_MS],
  kernels: KERNELS, samples: SAMPLE_KERNELS,
};

let workers: PoolWorker[] = [];
let scratch: number[] = [];
let ctrl = 0;
let canBlock = false;
let resizing: Promise<number> | null = null;

function views() {
  const buf = memory.buffer as ArrayBuffer;
  return { i32: new Int32Array(buf), u32: new Uint32Array(buf), f32: new Float32Array(buf) };
}
let v = views();
function fresh() { if (v.i32.buffer !== memory.buffer) v = views(); return v; }

/** Whether this thread may block in Atomics.wait (not a browser's main thread). */
function mayBlock(): boolean {
  try { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); return true; } catch { return false; }
}




function stopAll(): void {
  if (workers.length === 0) return;
  const { i32 } = fresh();
  const base = ctrl >>> 2;
  Atomics.store(i32, base + DONE, 0);
  Atomics.store(i32, base + QUIT, 1);
  Atomics.add(i32, base + SEQ, 1);
  Atomics.notify(i32, base + SEQ);
  // Every worker acknowledges before QUIT is cleared: a late waker must never mistake the old
  // arguments for a new job.
  waitDone(i32, base, workers.length, 2000);
  for (const w of workers) w.terminate();
  workers = [];
  Atomics.store(i32, base + QUIT, 0);
}

/**
 * Use `n` threads for large matrix products (the caller plus n − 1 workers). Needs shared
 * WebAssembly memory: Node, Deno and Bun have it; browsers only on cross-origin-isolated pages
 * (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`). Without it neurasm stays on one thread and
 * this resolves to 1. Resolves to the number of threads now in use.
 */
export function setNumThreads(n: number): Promise<number> {
  userChose = true;
  return resize(n);
}

let generation = 0, wanted = 1;
/** How many kernel modules (per feature set) the running workers have. */
let spawnedWith = 0;

/**
 * A kernel module was added (engine/wasm.ts loadKernelModule): a pool that runs or is starting
 * starts again, so its workers have it. Until then the calling thread runs every job alone.
 */
export function kernelModulesChanged(): void {
  if (wanted > 1) void resize(wanted).catch(() => 1);
}

function resize(n: number): Promise<number> {
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new ValueError(`setNumThreads: expected an integer from 1 to ${MAX_THREADS}, got ${n}.`);
  }
  wanted = n;
  const gen = ++generation;
  const run = async (): Promise<number> => {
    if (resizing) await resizing.catch(() => 0);
    if (gen !== generation) return getNumThreads(); // a later call decides
    stopAll();
    if (n === 1 || !sharedMemory) return 1;
    if (ctrl === 0) ctrl = malloc(CTRL_WORDS * 4);
    canBlock = mayBlock();
    while (scratch.length < n) scratch.push(malloc(GEMM_SCRATCH_BYTES));
    gain = 1.5; backoffMs = BACKOFF_MS; backoffUntil = -Infinity;
    const modules = kernelBytes[0].length;
    const { spawnWorker } = await import('./worker.js');
    const started = await Promise.allSettled(Array.from({ length: n - 1 }, (_, i) => spawnWorker({ memory, modules: kernelBytes, ctrl, id: i + 1 }, LAYOUT)));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      for (const s of started) if (s.status === 'fulfilled') s.value.terminate();
      throw (failed as PromiseRejectedResult).reason;
    }
    workers = started.map((s) => (s as PromiseFulfilledResult<PoolWorker>).value);
    spawnedWith = modules;
    return n;
  };
  const p = run();
  resizing = p;
  return p;
}

// Automatic threads: the first product large enough to split starts a pool in the background
// (one thread per core, at most AUTO_MAX) unless setNumThreads was called first; until the pool
// is ready, and if it fails to start, products run on the calling thread.
const AUTO_MAX = 4;
let userChose = false, autoStarted = false;

async function coreCount(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  try {
    const os = (await import('node:os' as string)) as { availableParallelism?: () => number; cpus: () => unknown[] };
    return os.availableParallelism?.() ?? os.cpus().length;
  } catch { return 1; }
}

function startAutomatically(): void {
  autoStarted = true;
  void coreCount()
    .then((n) => (n > 1 && !userChose ? resize(Math.min(n, AUTO_MAX)) : 1))
    .catch(() => 1);
}

/** Threads used for large matrix products (1 unless setNumThreads raised it). */
export function getNumThreads(): number {
  return workers.length + 1;
}

/** Whether this runtime can run threads (shared WebAssembly memory is available). */
export function threadsSupported(): boolean {
  return sharedMemory;
}

/**
 * Chunk bounds [0, b1, …, n] in multiples of `align`: about CHUNKS_PER_THREAD chunks per thread, so
 * a faster (or not preempted) thread takes over a slower one's share; each chunk repacks the
 * other operand, which is why there are not more. No chunk has 1–4 rows: the kernel takes
 * another path (no packing) for so few rows, which sums differently. Any bounds give the same
 * bits: only who computes which rows or columns changes.
 */
const CHUNKS_PER_THREAD = 3;
export function chunkBounds(n: number, T: number, align: number): number[] {
  const want = Math.min(MAX_CHUNKS, T * CHUNKS_PER_THREAD);
  const size = Math.max(align, Math.ceil(n / want / align) * align);
  const bounds = [0];
  while (bounds[bounds.length - 1] < n) bounds.push(Math.min(n, bounds[bounds.length - 1] + size));
  const k = bounds.length - 1;
  if (k >= 2 && n - bounds[k - 1] <= 4) bounds.splice(k - 1, 1);
  return bounds;
}

/** Waits until `count` chunks are done by the workers (or `ms` have passed). */
function waitDone(i32: Int32Array, base: number, count: number, ms: number): void {
  const start = performance.now();
  for (let d = Atomics.load(i32, base + DONE); d < count; d = Atomics.load(i32, base + DONE)) {
    const now = performance.now();
    if (now - start > ms) return;
    if (canBlock && now - start > SPIN_MIN_MS) {
      Atomics.store(i32, base + WAITING, 1);
      Atomics.wait(i32, base + DONE, d, 20);
      Atomics.store(i32, base + WAITING, 0);
    }
  }
}

// The pool measures whether splitting pays: from the time this thread spent on its own chunks
// it estimates how long the whole job would have taken here alone, and compares that with the
// job's actual time. While splitting loses (workers late or preempted: their cores are busy
// with other processes), jobs stay on the calling thread for a while, longer after each loss
// in a row, then it tries again.
const BACKOFF_MS = 50, BACKOFF_MAX_MS = 800;
let gain = 1.5, backoffMs = BACKOFF_MS, backoffUntil = -Infinity, slowWakes = 0;

function learnGain(jobMs: number, mineMs: number, mineUnits: number, units: number): void {
  if (mineUnits <= 0 || jobMs <= 0) return;
  const alone = (mineMs * units) / mineUnits;
  gain = 0.7 * gain + 0.3 * (alone / jobMs);
  if (gain < 1) backOff();
  else if (gain > 1.2) backoffMs = BACKOFF_MS;
}
/** Jobs stay on the calling thread for a while (unless poolTuning.adaptive is off: benchmarks and tests that time splitting itself). */
function backOff(): void {
  if (!poolTuning.adaptive) return;
  backoffUntil = performance.now() + backoffMs;
  backoffMs = Math.min(BACKOFF_MAX_MS, backoffMs * 2);
  gain = 1.2; // the next try starts neutral
  poolStats.backoffs++;
}

/**
 * Whether a job of `work` runs on the calling thread alone: one thread, the pool backed off, or
 * less work than `cold` — `hot` while the workers still spin from the last job (they wake in
 * microseconds then).
 */
function stayHere(T: number, work: number, hot: number, cold: number): boolean {
  if (T === 1) return true;
  const now = performance.now();
  return now < backoffUntil || work < (now - lastJobEnd < SPIN_MS ? hot : cold);
}

/** Counters for tests and benchmarks: jobs split (elementwise, sparse and by-sample ones too), chunks, chunks the workers computed. */
export const poolStats = { jobs: 0, elementwiseJobs: 0, sparseJobs: 0, sampleJobs: 0, chunks: 0, workerChunks: 0, backoffs: 0 };

/**
 * C = op(A)·op(B) (+ C), then bias and activation: the K.gemm kernel, split over the pool's
 * threads by output rows or columns when the product is large enough to gain from it.
 */
export function gemm(tA: number, tB: number, M: number, N: number, Kd: number, A: number, lda: number,
  B: number, ldb: number, C: number, ldc: number, acc: number, bias: number, act: number, alpha: number): void {
  const T = workers.length + 1, flops = 2 * M * N * Kd;
  if (T === 1 && !userChose && !autoStarted && sharedMemory && flops >= poolTuning.minFlops) startAutomatically();
  // Split the longer side of C: by rows (each chunk packs only its rows of A) or by columns.
  const byRows = M >= N;
  if (M <= 4 || (byRows ? M : N) < 16 * T || stayHere(T, flops, poolTuning.minFlopsHot, poolTuning.minFlops)) {
    K.gemm(tA, tB, M, N, Kd, A, lda, B, ldb, C, ldc, acc, bias, act, alpha, GEMM_SCRATCH);
    return;
  }
  const bounds = chunkBounds(byRows ? M : N, T, 8);
  const { u32, f32 } = fresh();
  const a = (ctrl >>> 2) + ARGS;
  u32[a] = activeArtifact(); u32[a + 1] = tA; u32[a + 2] = tB; u32[a + 3] = M; u32[a + 4] = Kd;
  u32[a + 5] = A; u32[a + 6] = lda; u32[a + 7] = B; u32[a + 8] = ldb; u32[a + 9] = C; u32[a + 10] = ldc;
  u32[a + 11] = acc; u32[a + 12] = bias; u32[a + 13] = act; f32[a + 14] = alpha; u32[a + 15] = byRows ? 1 : 0; u32[a + 16] = N;
  runChunks(0, bounds, (j0, j1) => {
    if (byRows) K.gemm(tA, tB, j1 - j0, N, Kd, A + 4 * (tA ? j0 : j0 * lda), lda, B, ldb, C + 4 * j0 * ldc, ldc, acc, bias, act, alpha, GEMM_SCRATCH);
    else K.gemm(tA, tB, M, j1 - j0, Kd, A, lda, B + 4 * (tB ? j0 * ldb : j0), ldb, C + 4 * j0, ldc, acc, bias ? bias + 4 * j0 : 0, act, alpha, GEMM_SCRATCH);
  });
}

/**
 * An elementwise kernel K[name](...ints, ...pointers, n, ...scalars) (pointer 0 = none; a pointer
 * whose bit is set in `still` is not advanced: a broadcast scalar), split over the pool by element
 * ranges when there is enough work; otherwise, or on one thread, one call here.
 */
export function elementwise(name: ElementwiseKernel, pointers: number[], n: number, scalars: number[], ints: number[] = [], still = 0): void {
  const T = workers.length + 1;
  const kernel = K[name] as unknown as (...args: number[]) => void;
  const index = KERNEL_INDEX.get(name)!, spec = KERNELS[index];
  const cost = ints.length ? EXPENSIVE[name]?.(ints[0]) ?? spec[4] : spec[4];
  if (stayHere(T, n * cost, poolTuning.minWorkHot * T, poolTuning.minWork * T)) {
    kernel(...ints, ...pointers, n, ...scalars);
    return;
  }
  const { i32, u32, f32 } = fresh();
  const a = (ctrl >>> 2) + ARGS;
  u32[a] = activeArtifact(); u32[a + 1] = index; u32[a + E_STILL] = still;
  ints.forEach((v, i) => { i32[a + E_INTS + i] = v; });
  pointers.forEach((p, i) => { u32[a + E_PTRS + i] = p; });
  scalars.forEach((v, i) => { f32[a + E_SCALARS + i] = v; });
  const ni = ints.length, np = pointers.length, args = [...ints, ...pointers, 0, ...scalars.map(Math.fround)];
  runChunks(1, chunkBounds(n, T, 16), (j0, j1) => {
    for (let i = 0; i < np; i++) { const p = pointers[i]; args[ni + i] = p === 0 || (still >>> i) & 1 ? p : p + 4 * j0; }
    args[ni + np] = j1 - j0;
    kernel(...args);
  });
}

/**
 * Y = act(X·W + bias) with X [M, Kd] given as CSR (the K.csr_matmul kernel of sparse inputs), split
 * over the pool by rows of X and Y: each row is computed alone, the same way whoever runs it, so
 * the bits are one thread's. Rows are grouped into chunks of about equal non-zeros (a weight
 * gradient's rows are pixels or words: some have none, some a whole batch).
 */
export function csrMatmul(M: number, N: number, Kd: number, rowptr: number, idx: number, val: number, W: number, Y: number,
  bias: number, act: number, alpha: number): void {
  const T = workers.length + 1;
  const { u32, f32 } = fresh();
  const nnz = T === 1 ? 0 : u32[(rowptr >>> 2) + M];
  if (M < 2 * T || stayHere(T, 2 * nnz * N + M * N, poolTuning.minFlopsHot, poolTuning.minFlops)) {
    K.csr_matmul(M, N, Kd, rowptr, idx, val, W, Y, bias, act, alpha);
    return;
  }
  // Chunk c ends at the first row where the running cost (non-zeros, plus one per row for its
  // stores) passes c/chunks of the total.
  const chunks = Math.min(MAX_CHUNKS, T * CHUNKS_PER_THREAD, M), r = rowptr >>> 2, total = nnz + M;
  const bounds = [0];
  for (let i = 1, c = 1; i < M && c < chunks; i++) {
    if (u32[r + i] + i >= (total * c) / chunks) { bounds.push(i); c++; }
  }
  bounds.push(M);
  const a = (ctrl >>> 2) + ARGS;
  u32[a] = activeArtifact(); u32[a + 1] = N; u32[a + 2] = Kd; u32[a + 3] = rowptr; u32[a + 4] = idx; u32[a + 5] = val;
  u32[a + 6] = W; u32[a + 7] = Y; u32[a + 8] = bias; u32[a + 9] = act; f32[a + 10] = alpha;
  runChunks(2, bounds, (j0, j1) => K.csr_matmul(j1 - j0, N, Kd, rowptr + 4 * j0, idx, val, W, Y + 4 * j0 * N, bias, act, alpha));
}

/**
 * K[name](...args, n0, n1) over the N samples of a batch (SAMPLE_KERNELS), split over the pool by
 * samples when `work` (elements touched, in units of an sgd element) is enough; otherwise, or on
 * one thread, one call here for all of them.
 */
export function bySamples(name: SampleKernel, kernels: Record<SampleKernel, unknown>, args: number[], N: number, work: number): void {
  // Workers started before the convolution module loaded lack these kernels (a restart is under way).
  const T = spawnedWith === kernelBytes[0].length ? workers.length + 1 : 1;
  const kernel = kernels[name] as (...a: number[]) => void;
  if (N < 2 || stayHere(T, work, poolTuning.minWorkHot * T, poolTuning.minWork * T)) {
    kernel(...args, 0, N);
    return;
  }
  const { i32, u32 } = fresh();
  const a = (ctrl >>> 2) + ARGS;
  u32[a] = activeArtifact(); u32[a + 1] = SAMPLE_KERNELS.indexOf(name); u32[a + 2] = args.length;
  args.forEach((v, i) => { i32[a + 3 + i] = v; });
  runChunks(3, chunkBounds(N, T, 1), (j0, j1) => kernel(...args, j0, j1));
}

/**
 * Publishes a job (its arguments already written) of chunks `bounds`, wakes the workers, takes
 * chunks on this thread with `mine` until none is left, and waits for the claimed ones.
 */
function runChunks(kind: number, bounds: number[], mine: (j0: number, j1: number) => void): void {
  const count = bounds.length - 1;
  const { i32, u32 } = fresh();
  const base = ctrl >>> 2;
  for (let c = 0; c <= count; c++) u32[base + BOUNDS + c] = bounds[c];
  for (let w = 1; w < workers.length + 1; w++) u32[base + SCRATCH + w] = scratch[w];
  u32[base + KIND] = kind;
  Atomics.store(i32, base + DONE, 0);
  Atomics.store(i32, base + ERROR, 0);
  Atomics.store(i32, base + NEXT, count << 16); // publishes the stores above: chunks may be claimed
  Atomics.add(i32, base + SEQ, 1);
  const t0 = performance.now();
  // A wake-up that takes this thread off its core (the woken worker got it: another process
  // holds the other) is the sign of a busy machine. Beside one busy core about half the wake-ups
  // took 0.25–2+ ms, against 4–16 µs (and 1 % slow) on a quiet one: three in a row, and
  // splitting stops for a while.
  slowWakes = 0.8 * slowWakes + (Atomics.notify(i32, base + SEQ) > 0 && performance.now() - t0 > 0.25 ? 1 : 0);
  if (slowWakes > 2.2) { slowWakes = 0; backOff(); }
  let taken = 0, mineUnits = 0, mineMs = 0;
  for (;;) {
    const cur = Atomics.load(i32, base + NEXT), c = cur & 0xffff;
    if (c >= count) break;
    if (Atomics.compareExchange(i32, base + NEXT, cur, cur + 1) !== cur) continue;
    taken++;
    const s0 = performance.now();
    mine(bounds[c], bounds[c + 1]);
    mineMs += performance.now() - s0;
    mineUnits += bounds[c + 1] - bounds[c];
  }
  waitDone(i32, base, count - taken, Infinity);
  lastJobEnd = performance.now();
  poolStats.jobs++; if (kind === 1) poolStats.elementwiseJobs++; if (kind === 2) poolStats.sparseJobs++; if (kind === 3) poolStats.sampleJobs++;
  poolStats.chunks += count; poolStats.workerChunks += count - taken;
  learnGain(lastJobEnd - t0, mineMs, mineUnits, bounds[count]);
  if (Atomics.load(i32, base + ERROR)) throw new NeurasmError('A neurasm kernel failed in a worker thread (this is a bug: please report it).');
}
