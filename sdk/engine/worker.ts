// The worker threads' program and how to start one (Node/Deno/Bun worker_threads, a browser's
// module Worker). Imported by engine/threads.ts when a pool starts, so a page that never starts
// one (every page that is not cross-origin isolated) does not download it.
import { NeurasmError } from '../errors.js';

/** What a worker gets: the memory, the kernel modules by feature set, the control block, its id. */
export interface WorkerInit { memory: WebAssembly.Memory; modules: BufferSource[][]; ctrl: number; id: number }
/** The control block's word offsets and spin times (in workerMain's order), and the kernel tables. */
export interface WorkerLayout { words: number[]; kernels: readonly (readonly [string, number, number, number, number])[]; samples: readonly string[] }
export interface PoolWorker { terminate(): unknown }

// The worker's whole program. It instantiates the kernels over the shared memory, then sleeps
// on SEQ and takes chunks of each job. It runs as source text in the worker (so the bundler
// minifies it with the rest): it must use nothing from this module but its arguments — the
// control block's layout, the kernels' table — and no named inner function (keepNames would
// wrap it in a helper the worker does not have). `onMessage`/`post` come from a per-runtime prefix.
function workerMain(onMessage: (f: (m: WorkerInit) => void) => void, post: (m: string) => void, abort: () => never, L: number[], KERNELS: readonly (readonly [string, number, number, number, number])[], SAMPLES: readonly string[]) {
  const [SEQ_, DONE_, ERROR_, QUIT_, NEXT_, WAITING_, KIND_, ARGS_, BOUNDS_, SCRATCH_, E_INTS_, E_PTRS_, E_STILL_, E_SCALARS_, SPIN, SPIN_MIN] = L;
  onMessage(async (m) => {
    const imports = { env: { memory: m.memory, abort } };
    const kernels: Record<string, (...a: number[]) => void>[] = [];
    for (const set of m.modules) { // per feature set, its modules' kernels in one table
      const k = {};
      for (const bytes of set) Object.assign(k, (await WebAssembly.instantiate(bytes, imports)).instance.exports);
      kernels.push(k);
    }
    const base = m.ctrl >>> 2, buf = m.memory.buffer as unknown as ArrayBuffer;
    const i32 = new Int32Array(buf), u32 = new Uint32Array(buf), f32 = new Float32Array(buf);
    let seen = Atomics.load(i32, base + SEQ_); // before 'ready': the first job may follow at once
    // Spin budget: jobs come in bursts (a training step has several) and waking a sleeping thread
    // costs far more on virtual machines than a short spin; but a spin takes a core that another
    // process may want, so it shrinks while this worker keeps arriving after the work is gone.
    let spin = SPIN;
    post('ready');
    for (;;) {
      let s = Atomics.load(i32, base + SEQ_);
      for (const until = performance.now() + spin; s === seen && performance.now() < until;) s = Atomics.load(i32, base + SEQ_);
      if (s === seen) { Atomics.wait(i32, base + SEQ_, seen); continue; }
      seen = s;
      if (Atomics.load(i32, base + QUIT_)) {
        Atomics.add(i32, base + DONE_, 1);
        Atomics.notify(i32, base + DONE_);
        return;
      }
      let took = 0;
      for (;;) {
        const cur = Atomics.load(i32, base + NEXT_), c = cur & 0xffff;
        if (c >= cur >>> 16) break;
        if (Atomics.compareExchange(i32, base + NEXT_, cur, cur + 1) !== cur) continue;
        took++;
        // The claim succeeded, so its job is live until this chunk is done: its arguments stand.
        try {
          const a = base + ARGS_, j0 = u32[base + BOUNDS_ + c], j1 = u32[base + BOUNDS_ + c + 1], scr = u32[base + SCRATCH_ + m.id];
          const k = kernels[u32[a]], tA = u32[a + 1], tB = u32[a + 2], lda = u32[a + 6], ldb = u32[a + 8], ldc = u32[a + 10], bias = u32[a + 12];
          const kind = u32[base + KIND_];
          if (kind === 1) { // elements j0..j1 of every buffer (null and still pointers stay)
            const [name, ni, np, ns] = KERNELS[u32[a + 1]], still = u32[a + E_STILL_], args: number[] = [];
            for (let q = 0; q < ni; q++) args.push(i32[a + E_INTS_ + q]);
            for (let p = 0; p < np; p++) { const ptr = u32[a + E_PTRS_ + p]; args.push(ptr === 0 || (still >>> p) & 1 ? ptr : ptr + 4 * j0); }
            args.push(j1 - j0);
            for (let q = 0; q < ns; q++) args.push(f32[a + E_SCALARS_ + q]);
            k[name](...args);
          } else if (kind === 3) { // samples j0..j1 of a batch
            const args: number[] = [];
            for (let q = 0, n = u32[a + 2]; q < n; q++) args.push(i32[a + 3 + q]);
            k[SAMPLES[u32[a + 1]]](...args, j0, j1);
          } else if (kind === 2) { // rows j0..j1 of a CSR product
            const N = u32[a + 1];
            k.csr_matmul(j1 - j0, N, u32[a + 2], u32[a + 3] + 4 * j0, u32[a + 4], u32[a + 5], u32[a + 6], u32[a + 7] + 4 * j0 * N,
              u32[a + 8], u32[a + 9], f32[a + 10]);
          } else if (u32[a + 15]) { // rows j0..j1 of C: rows of A, all of B
            k.gemm(tA, tB, j1 - j0, u32[a + 16], u32[a + 4], u32[a + 5] + 4 * (tA ? j0 : j0 * lda), lda,
              u32[a + 7], ldb, u32[a + 9] + 4 * j0 * ldc, ldc, u32[a + 11], bias, u32[a + 13], f32[a + 14], scr);
          } else { // columns j0..j1 of C: all of A, columns of B and of the bias
            k.gemm(tA, tB, u32[a + 3], j1 - j0, u32[a + 4], u32[a + 5], lda,
              u32[a + 7] + 4 * (tB ? j0 * ldb : j0), ldb, u32[a + 9] + 4 * j0, ldc, u32[a + 11],
              bias ? bias + 4 * j0 : 0, u32[a + 13], f32[a + 14], scr);
          }
        } catch {
          Atomics.store(i32, base + ERROR_, 1);
        }
        Atomics.add(i32, base + DONE_, 1);
        if (Atomics.load(i32, base + WAITING_)) Atomics.notify(i32, base + DONE_);
      }
      spin = took > 0 ? SPIN : Math.max(SPIN_MIN, spin / 2);
    }
  });
}

/**
 * Starts worker `init.id` and resolves once it has instantiated the kernels. `layout` is the
 * control block's layout and the kernel tables (engine/threads.ts), passed into the worker's
 * source text.
 */
export async function spawnWorker(init: WorkerInit, layout: WorkerLayout): Promise<PoolWorker> {
  const WORKER_BODY = `(${workerMain})(onMessage, post, () => { throw new Error('kernel abort'); }, ${JSON.stringify(layout.words)}, ${JSON.stringify(layout.kernels)}, ${JSON.stringify(layout.samples)});`;
  const g = globalThis as unknown as { Worker?: new (url: string, o?: object) => WebWorker; process?: { versions?: { node?: string } } };
  if (typeof g.process?.versions?.node === 'string') {
    // Node, Deno and Bun: node:worker_threads, whose workers can be unref'd so an idle pool
    // never keeps the process alive (Deno's web Workers can't be).
    const wt = (await import('node:worker_threads' as string)) as { Worker: new (src: URL) => NodeWorker };
    const src = "const { parentPort } = await import('node:worker_threads'); const onMessage = (f) => parentPort.once('message', f); const post = (m) => parentPort.postMessage(m);" + WORKER_BODY;
    const w = new wt.Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`));
    await handshake((f) => w.once('message', f), (f) => w.once('error', f), () => w.postMessage(init));
    w.unref();
    return w;
  }
  if (typeof g.Worker !== 'function') throw new NeurasmError('setNumThreads: this runtime has no Worker.');
  // Browsers: a module worker from a blob URL (no side file to fetch).
  const src = 'const onMessage = (f) => { self.onmessage = (e) => f(e.data); }; const post = (m) => self.postMessage(m);' + WORKER_BODY;
  const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
  try {
    const w = new g.Worker(url, { type: 'module' });
    await handshake((f) => { w.onmessage = (e: { data: unknown }) => f(e.data); }, (f) => { w.onerror = f; }, () => w.postMessage(init));
    return w;
  } finally {
    URL.revokeObjectURL(url);
  }
}

interface WebWorker { onmessage: unknown; onerror: unknown; postMessage(m: unknown): void; terminate(): void }
interface NodeWorker { once(ev: string, f: (x: unknown) => void): void; postMessage(m: unknown): void; unref(): void; terminate(): unknown }

function handshake(onMsg: (f: (m: unknown) => void) => void, onErr: (f: (e: unknown) => void) => void, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    onMsg((m) => (m === 'ready' ? resolve() : reject(new NeurasmError(`neurasm worker: unexpected message ${String(m)}`))));
    onErr((e) => reject(new NeurasmError(`neurasm worker failed to start: ${(e as { message?: string }).message ?? String(e)}`)));
    start();
  });
}
