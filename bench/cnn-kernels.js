// The small CNN's side kernels alone, straight on the wasm artifacts (one thread, no SDK):
// max/avg pooling forward and backward, im2col/col2im, and each conv as the SDK runs it
// (im2col + GEMM, or the direct small-K kernels where this build has them). Two builds are
// timed interleaved (A, B, B, A, …): process CPU milliseconds per call, medians of the rounds,
// and B/A.
// Usage: node bench/cnn-kernels.js [--a dir-with-simd.wasm] [--b dir] [--rounds 9] [--relaxed]
import { existsSync, readFileSync } from 'node:fs';
import { median } from './common.js';

const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const file = argv.includes('--relaxed') ? 'relaxed.wasm' : 'simd.wasm';
const ROUNDS = Number(opt('rounds', 9));
const dirs = { A: opt('a', 'build/out'), B: opt('b', 'build/out') };

function load(dir) {
  const memory = new WebAssembly.Memory({ initial: 4096, maximum: 65536 });
  // The convolution kernels are a module of their own (conv-simd.wasm) since the page entry
  // left them out; builds before that have them all in one.
  const k = {};
  for (const f of [file, `conv-${file}`]) {
    if (existsSync(`${dir}/${f}`)) Object.assign(k, new WebAssembly.Instance(new WebAssembly.Module(readFileSync(`${dir}/${f}`)), { env: { memory } }).exports);
  }
  let top = 1 << 16;
  const alloc = (n) => { const p = top; top += ((n * 4 + 63) & ~63); return p; };
  const fill = (p, n, seed) => { const f = new Float32Array(memory.buffer, p, n); let s = seed; for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) >>> 0; f[i] = (s / 2 ** 32) * 2 - 1; } return p; };
  return { k, alloc, fill, scratch: alloc(k.gemm_scratch_bytes() / 4) };
}

// Each case binds its buffers once per build and returns the call to time. Pooling, im2col and
// col2im take the sample range n0, n1 last (builds before it ignore the two extra arguments).
const B = 128;
const geo = (H, W, C, KH, KW, S, OH, OW) => [B, H, W, C, KH, KW, S, S, 1, 1, 0, 0, OH, OW];
const CASES = {
  'maxPool fwd+idx [128,26,26,32]': (m) => { const n = B * 26 * 26 * 32, x = m.fill(m.alloc(n), n, 1), y = m.alloc(n / 4), idx = m.alloc(n / 4);
    return () => m.k.pool2d(1, x, y, idx, B, 26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13, 0, B); },
  'maxPool fwd plain [128,26,26,32]': (m) => { const n = B * 26 * 26 * 32, x = m.fill(m.alloc(n), n, 1), y = m.alloc(n / 4);
    return () => m.k.pool2d(1, x, y, 0, B, 26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13, 0, B); },
  'maxPool bwd [128,26,26,32]': (m) => { const n = B * 26 * 26 * 32, x = m.fill(m.alloc(n), n, 1), y = m.alloc(n / 4), idx = m.alloc(n / 4), dy = m.fill(m.alloc(n / 4), n / 4, 2), dx = m.alloc(n);
    m.k.pool2d(1, x, y, idx, B, 26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13, 0, B);
    return m.k.max_pool2d_backward ? () => m.k.max_pool2d_backward(idx, dy, dx, B, 26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13, 0, B) : () => m.k.max_pool_backward(idx, dy, dx, n, n / 4); },
  'avgPool fwd [128,26,26,32]': (m) => { const n = B * 26 * 26 * 32, x = m.fill(m.alloc(n), n, 1), y = m.alloc(n / 4);
    return () => m.k.pool2d(0, x, y, 0, B, 26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13, 0, B); },
  'avgPool bwd [128,26,26,32]': (m) => { const n = B * 26 * 26 * 32, dy = m.fill(m.alloc(n / 4), n / 4, 2), dx = m.alloc(n);
    return () => m.k.avg_pool_backward(dy, dx, B, 26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13, 0, B); },
  'im2col C=1 3x3 [128,28,28,1]': (m) => { const x = m.fill(m.alloc(B * 784), B * 784, 3), cols = m.alloc(B * 676 * 9);
    return () => m.k.im2col(x, cols, ...geo(28, 28, 1, 3, 3, 1, 26, 26), 0, B); },
  'im2col C=32 3x3 [128,13,13,32]': (m) => { const x = m.fill(m.alloc(B * 169 * 32), B * 169 * 32, 3), cols = m.alloc(B * 121 * 288);
    return () => m.k.im2col(x, cols, ...geo(13, 13, 32, 3, 3, 1, 11, 11), 0, B); },
  'col2im C=32 3x3 [128,13,13,32]': (m) => { const cols = m.fill(m.alloc(B * 121 * 288), B * 121 * 288, 4), x = m.alloc(B * 169 * 32);
    return () => m.k.col2im(cols, x, ...geo(13, 13, 32, 3, 3, 1, 11, 11), 0, B); },
  // conv1 as the model runs it: 3×3×1 → 32, bias, relu; M = 128·26·26 output pixels.
  'conv1 fwd (K=9, F=32, relu)': (m) => { const M = B * 676, x = m.fill(m.alloc(B * 784), B * 784, 5), w = m.fill(m.alloc(288), 288, 6), b = m.fill(m.alloc(32), 32, 7), y = m.alloc(M * 32), cols = m.alloc(M * 9);
    if (m.k.conv2d_direct) return () => m.k.conv2d_direct(x, w, b, y, ...geo(28, 28, 1, 3, 3, 1, 26, 26), 32, 1, 0, m.scratch);
    return () => { m.k.im2col(x, cols, ...geo(28, 28, 1, 3, 3, 1, 26, 26), 0, B); m.k.gemm(0, 0, M, 32, 9, cols, 9, w, 32, y, 32, 0, b, 1, 0, m.scratch); }; },
  // conv1's backward as a model's first layer (no input gradient): relu mask, dW and db.
  'conv1 dW+db, relu (K=9, F=32)': (m) => { const M = B * 676, x = m.fill(m.alloc(B * 784), B * 784, 5), y = m.fill(m.alloc(M * 32), M * 32, 10), dy = m.fill(m.alloc(M * 32), M * 32, 8), dz = m.alloc(M * 32), dw = m.alloc(288), db = m.alloc(32), cols = m.alloc(M * 9);
    if (m.k.conv2d_direct_weight_grad) return () => m.k.conv2d_direct_weight_grad(x, y, dy, dw, db, ...geo(28, 28, 1, 3, 3, 1, 26, 26), 32, 1, m.scratch);
    m.k.im2col(x, cols, ...geo(28, 28, 1, 3, 3, 1, 26, 26), 0, B); // the forward's patches are kept for dW
    return () => { m.k.act_backward(1, y, y, dy, dz, M * 32, 0); m.k.gemm(1, 0, 9, 32, M, cols, 9, dz, 32, dw, 32, 0, 0, 0, 0, m.scratch); m.k.col_sum(dz, db, M, 32, 0); }; },
  // The same code in both builds when neither has a direct input gradient: a noise gauge.
  'conv1 dx, gemm + col2im (K=9, F=32)': (m) => { const M = B * 676, w = m.fill(m.alloc(288), 288, 6), dz = m.fill(m.alloc(M * 32), M * 32, 8), dx = m.alloc(B * 784), cols = m.alloc(M * 9);
    return () => { m.k.gemm(0, 1, M, 9, 32, dz, 32, w, 32, cols, 9, 0, 0, 0, 0, m.scratch); m.k.col2im(cols, dx, ...geo(28, 28, 1, 3, 3, 1, 26, 26), 0, B); }; },
  'conv2 fwd gemm (K=288, F=64)': (m) => { const M = B * 121, cols = m.fill(m.alloc(M * 288), M * 288, 9), w = m.fill(m.alloc(288 * 64), 288 * 64, 6), y = m.alloc(M * 64);
    return () => m.k.gemm(0, 0, M, 64, 288, cols, 288, w, 64, y, 64, 0, 0, 1, 0, m.scratch); },
};

const only = opt('only', null);
const names = Object.keys(CASES).filter((n) => !only || n.includes(only));
const mods = { A: load(dirs.A), B: load(dirs.B) };
const calls = { A: {}, B: {} };
for (const s of ['A', 'B']) for (const n of names) calls[s][n] = CASES[n](mods[s]);
const ms = { A: {}, B: {} };
for (const n of names) { ms.A[n] = []; ms.B[n] = []; calls.A[n](); calls.B[n](); }
for (let r = 0; r < ROUNDS; r++) {
  for (const n of names) for (const s of (r % 2 ? ['B', 'A'] : ['A', 'B'])) {
    // Process CPU time: on a shared machine it is steadier than wall time.
    const c0 = process.cpuUsage(); calls[s][n](); calls[s][n](); const c = process.cpuUsage(c0);
    ms[s][n].push((c.user + c.system) / 2000);
  }
}
console.log(`${file}, one thread, ${ROUNDS} interleaved rounds (medians, CPU ms per call); A = ${dirs.A}, B = ${dirs.B}`);
for (const n of names) {
  const a = median(ms.A[n]), b = median(ms.B[n]);
  console.log(`  ${n.padEnd(40)} A ${a.toFixed(2).padStart(7)}  B ${b.toFixed(2).padStart(7)}  B/A ${(b / a).toFixed(2)}`);
}
