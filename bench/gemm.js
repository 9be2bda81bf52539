// matMul GFLOP/s: square 128–1024 and the seed MLP's three products (forward, and the two
// backward ones: Aᵀ·B for the weight gradient, A·Bᵀ for the input gradient), for neurasm and
// @tensorflow/tfjs (cpu, and wasm with one thread), same shapes, same process. neurasm is timed
// on one thread and on two (setNumThreads).
import { fmt, table, tfjs, timeIt } from './common.js';

export const SHAPES = [
  { name: '128³', M: 128, K: 128, N: 128 },
  { name: '256³', M: 256, K: 256, N: 256 },
  { name: '512³', M: 512, K: 512, N: 512 },
  { name: '1024³', M: 1024, K: 1024, N: 1024 },
  { name: 'MLP forward 128×784·784×512', M: 128, K: 784, N: 512 },
  { name: 'MLP dW: (784×128)ᵀ·(128×512)', M: 784, K: 128, N: 512, tA: true },
  { name: 'MLP dX: (128×512)·(784×512)ᵀ', M: 128, K: 512, N: 784, tB: true },
];

const rand = (n) => Float32Array.from({ length: n }, (_, i) => ((i * 2654435761) % 1000) / 1000 - 0.5);

export async function runGemm({ skipSlowCpu = true, tfjsToo = true } = {}) {
  const nm = await import('../dist/neurasm.js');
  const rows = [];
  for (const s of SHAPES) {
    const flop = 2 * s.M * s.N * s.K;
    const aShape = s.tA ? [s.K, s.M] : [s.M, s.K], bShape = s.tB ? [s.N, s.K] : [s.K, s.N];
    const a = rand(s.M * s.K), b = rand(s.K * s.N);
    const A = nm.tensor(a, aShape), B = nm.tensor(b, bShape);
    await nm.setNumThreads(1);
    const ours = timeIt(() => nm.matMul(A, B, !!s.tA, !!s.tB).dispose());
    await nm.setNumThreads(2);
    const two = timeIt(() => nm.matMul(A, B, !!s.tA, !!s.tB).dispose());
    await nm.setNumThreads(1);
    const res = { shape: s.name, neurasm: flop / ours.median / 1e9, neurasmRange: [flop / ours.max / 1e9, flop / ours.min / 1e9], neurasm2: flop / two.median / 1e9 };
    for (const backend of tfjsToo ? ['wasm', 'cpu'] : []) {
      if (backend === 'cpu' && skipSlowCpu && flop > 3e8) { res[backend] = null; continue; }
      const tf = await tfjs(backend);
      const ta = tf.tensor(a, aShape), tb = tf.tensor(b, bShape);
      const t = timeIt(() => { const c = tf.matMul(ta, tb, !!s.tA, !!s.tB); c.dataSync(); c.dispose(); }, { samples: backend === 'cpu' ? 3 : 7 });
      res[backend] = flop / t.median / 1e9;
      ta.dispose(); tb.dispose();
    }
    rows.push(res);
    console.log(`${s.name.padEnd(34)} neurasm ${fmt(res.neurasm)} (2 threads ${fmt(res.neurasm2)})  tfjs-wasm ${fmt(res.wasm)}  tfjs-cpu ${fmt(res.cpu, 2)} GFLOP/s`);
  }
  return rows;
}

export function gemmTable(rows) {
  return table(['matMul', 'neurasm 1 thread, GFLOP/s (median, min–max)', 'neurasm 2 threads', 'tfjs-wasm (1 thread)', 'tfjs-cpu', 'neurasm 1 thread vs tfjs-wasm'],
    rows.map((r) => [r.shape, `${fmt(r.neurasm)} (${fmt(r.neurasmRange[0])}–${fmt(r.neurasmRange[1])})`, fmt(r.neurasm2), fmt(r.wasm), r.cpu === null ? 'skipped (slow)' : fmt(r.cpu, 2), r.wasm ? `${fmt(r.neurasm / r.wasm)}×` : '—']));
}

// As a script: `node [--experimental-wasm-relaxed-simd] bench/gemm.js [--neurasm-only] [--json out.json]`
if (process.argv[1] === new URL(import.meta.url).pathname) {
  const rows = await runGemm({ tfjsToo: !process.argv.includes('--neurasm-only') });
  const i = process.argv.indexOf('--json');
  const nm = await import('../dist/neurasm.js');
  if (i > 0) (await import('node:fs')).writeFileSync(process.argv[i + 1], JSON.stringify({ kernels: nm.getBackend().kernels, rows }));
}
