// Sparse inputs of the dense op: the kernels that skip a batch's zeros (forward x·W and weight
// gradient xᵀ·dY) give the GEMM's results — bit for bit, they sum the same terms in the same
// order — at every density and odd shape; fit chooses them by itself on sparse batches and
// trains to the same weights with the path forced on or off; deterministic mode gives the same
// bits on one and two threads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng } from '../helpers/gradcheck.js';

const { setSparseInputMode, sparseStats } = nm.internal;

const bits = (t) => new Uint32Array(Float32Array.from(t.dataSync()).buffer);
function sameBits(a, b, what) {
  const x = bits(a), y = bits(b);
  assert.is(x.length, y.length, `${what}: length`);
  const i = x.findIndex((v, k) => v !== y[k]);
  assert.is(i, -1, `${what}: first difference at ${i} (${a.dataSync()[i]} vs ${b.dataSync()[i]})`);
}
function close(a, b, what, tol = 1e-6) {
  const x = a.dataSync(), y = b.dataSync();
  assert.is(x.length, y.length, `${what}: length`);
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]), s = Math.max(Math.abs(x[i]), Math.abs(y[i]), 1e-30);
    if (d > tol * s && d > 1e-30) assert.unreachable(`${what}: element ${i}: ${x[i]} vs ${y[i]}`);
  }
}

/** [rows, cols] with about `density` of the entries non-zero (and `zeroRows` rows all zero). */
function sparseBatch(rows, cols, density, seed, zeroRows = []) {
  const r = rng(seed), d = new Float32Array(rows * cols);
  for (let i = 0; i < d.length; i++) if (r() < density) d[i] = r() * 2 - 1 || 0.5;
  for (const z of zeroRows) d.fill(0, z * cols, (z + 1) * cols);
  return nm.tensor(d, [rows, cols]);
}

function withMode(mode, fn) {
  const prev = setSparseInputMode(mode);
  try { return fn(); } finally { setSparseInputMode(prev); }
}

// Forward output and the gradients of w and b (x is a constant: no dx wanted) for one path.
function denseAndGrads(x, w, b, act, mode) {
  return withMode(mode, () => {
    const before = { ...sparseStats };
    const wv = nm.variable(w), bv = b ? nm.variable(b) : null;
    const tape = new nm.GradientTape();
    let y;
    const loss = tape.record(() => {
      y = nm.keep(nm.dense(x, wv, bv, act));
      // Weighted sum: every output element gets its own non-trivial gradient.
      return nm.sum(nm.mul(y, nm.sin(nm.reshape(nm.range(0, y.size), y.shape))));
    });
    const grads = tape.gradient(loss, bv ? [wv, bv] : [wv]);
    return { y, grads, sparse: sparseStats.sparse - before.sparse, dense: sparseStats.dense - before.dense };
  });
}

const SHAPES = [
  [1, 1, 1], [3, 7, 5], [5, 1, 1], [5, 3, 7], [9, 13, 33], [6, 17, 4], [7, 31, 3],
  [37, 300, 45], [12, 515, 70], [300, 19, 17], [130, 784, 64], [20, 40, 100], [11, 600, 23], [260, 1000, 16],
];

test('sparse kernels = GEMM: outputs and weight gradients bit-identical, densities 0–100 %, odd shapes, zero rows', () => {
  let checked = 0;
  for (const [M, Kd, N] of SHAPES) {
    for (const density of [0, 0.01, 0.5, 1]) {
      const x = sparseBatch(M, Kd, density, M * 1000 + Kd + N + density * 7, M > 2 ? [0, M - 1] : []);
      const w = nm.randomNormal([Kd, N], 0, 1, 'float32', Kd + N);
      const b = nm.randomNormal([N], 0, 1, 'float32', N + 3);
      for (const [act, bias] of [['relu', b], ['linear', null], ['sigmoid', b]]) {
        const what = `${M}×${Kd}·${Kd}×${N}, density ${density}, ${act}${bias ? ' + bias' : ''}`;
        const s = denseAndGrads(x, w, bias, act, 'on');
        const d = denseAndGrads(x, w, bias, act, 'off');
        assert.is(d.sparse, 0, `${what}: forced off never takes the sparse path`);
        // 1–4 rows keep the GEMM's unpacked path forward; the weight gradient is sparse always.
        assert.is(s.sparse, M > 4 ? 2 : 1, `${what}: forced on takes the sparse path`);
        close(s.y, d.y, `${what}: output`);
        s.grads.forEach((g, i) => close(g, d.grads[i], `${what}: gradient ${i}`));
        sameBits(s.y, d.y, `${what}: output`);
        s.grads.forEach((g, i) => sameBits(g, d.grads[i], `${what}: gradient ${i}`));
        checked++;
      }
    }
  }
  assert.is(checked, SHAPES.length * 12);
});

// Past 256 batch rows (the GEMM's KC block) each block's partial sums of the weight gradient must
// start from zero and then be added, as the GEMM's are: batches of 1–3 blocks, narrow layers (the
// IMDB model's 16 and odd widths), rows and columns with no non-zeros.
test('narrow layers: the weight gradient = GEMM across the 256-row blocks (256–700 rows, N 1–16)', () => {
  let checked = 0;
  for (const [M, Kd] of [[256, 40], [257, 9], [300, 64], [520, 33], [700, 21]]) {
    for (const N of [1, 3, 4, 5, 8, 13, 16]) {
      for (const density of [0.02, 0.3]) {
        const x = sparseBatch(M, Kd, density, M + 31 * Kd + N, [1, 255, 256, M - 1]);
        const w = nm.randomNormal([Kd, N], 0, 1, 'float32', Kd * N);
        const what = `${M}×${Kd}·${Kd}×${N}, density ${density}`;
        const s = denseAndGrads(x, w, null, 'linear', 'on'), d = denseAndGrads(x, w, null, 'linear', 'off');
        assert.is(s.sparse, 2, `${what}: sparse forward and weight gradient`);
        sameBits(s.grads[0], d.grads[0], `${what}: weight gradient`);
        checked++;
      }
    }
  }
  assert.is(checked, 5 * 7 * 2);
});

// The batch's CSR is built four lanes at a time: negative zeros are zeros; tiny and huge values
// and every pattern of a 4-lane group's non-zeros are entries, as the GEMM counts them.
test('the CSR of awkward batches: -0, tiny and huge values, every lane pattern, widths not a multiple of 4 or 16', () => {
  for (const [M, Kd] of [[6, 16], [7, 17], [9, 35], [33, 64], [5, 3]]) {
    const r = rng(M * Kd), d = new Float32Array(M * Kd);
    for (let i = 0; i < d.length; i++) {
      const u = r();
      d[i] = u < 0.4 ? 0 : u < 0.5 ? -0 : u < 0.55 ? 1e-30 : u < 0.6 ? -3e38 * r() : r() * 2 - 1;
    }
    for (let q = 0; q < 16 && q < M; q++) for (let l = 0; l < 4 && l < Kd; l++) d[q * Kd + l] = (q >> l) & 1 ? 0.5 + l : 0; // lanes 0–3: all 16 masks
    const x = nm.tensor(d, [M, Kd]), w = nm.randomNormal([Kd, 8], 0, 1e-3, 'float32', 4);
    const s = denseAndGrads(x, w, null, 'linear', 'on'), o = denseAndGrads(x, w, null, 'linear', 'off');
    assert.is(s.sparse, 2);
    sameBits(s.y, o.y, `${M}×${Kd}: output`);
    sameBits(s.grads[0], o.grads[0], `${M}×${Kd}: weight gradient`);
  }
});

test('sparse kernels = GEMM with the deterministic (plain SIMD) kernels too', () => {
  const before = nm.getBackend().deterministic;
  nm.setBackendFlags({ deterministic: !before });
  try {
    for (const [M, Kd, N] of [[37, 300, 45], [300, 19, 17], [12, 515, 70]]) {
      const x = sparseBatch(M, Kd, 0.1, 5 + M);
      const w = nm.randomNormal([Kd, N], 0, 1, 'float32', 9), b = nm.randomNormal([N], 0, 1, 'float32', 8);
      const s = denseAndGrads(x, w, b, 'relu', 'on'), d = denseAndGrads(x, w, b, 'relu', 'off');
      sameBits(s.y, d.y, `${M}×${Kd}×${N} output`);
      s.grads.forEach((g, i) => sameBits(g, d.grads[i], `${M}×${Kd}×${N} gradient ${i}`));
    }
  } finally {
    nm.setBackendFlags({ deterministic: before });
  }
});

test('auto: sparse batches take the sparse path, dense ones the GEMM, hidden activations are never counted', () => {
  const w = nm.randomNormal([200, 30], 0, 1, 'float32', 1);
  const run = (x) => withMode('auto', () => {
    const s0 = sparseStats.sparse, d0 = sparseStats.dense;
    nm.dense(x, w, null);
    return { sparse: sparseStats.sparse - s0, dense: sparseStats.dense - d0 };
  });
  assert.equal(run(sparseBatch(64, 200, 0.02, 3)), { sparse: 1, dense: 0 });
  assert.equal(run(sparseBatch(64, 200, 0.9, 4)), { sparse: 0, dense: 1 });
  // In a traced step only the model's inputs are candidates.
  const model = new nm.Sequential([new nm.layers.Dense(64, { activation: 'relu', inputShape: [200] }), new nm.layers.Dense(3)]);
  const s0 = sparseStats.sparse, d0 = sparseStats.dense;
  withMode('auto', () => model.predict(sparseBatch(64, 200, 0.02, 5), { batchSize: 64 }));
  assert.equal({ sparse: sparseStats.sparse - s0, dense: sparseStats.dense - d0 }, { sparse: 1, dense: 0 });
});

// A seed-MLP-like model on MNIST-like (≈19 % non-zero) batches.
async function trainMlp(mode, { threads = 1, epochs = 2 } = {}) {
  const prev = setSparseInputMode(mode);
  await nm.setNumThreads(threads);
  try {
    nm.setSeed(11);
    const x = sparseBatch(320, 784, 0.19, 12, [5, 77]);
    const y = nm.oneHot(nm.argMax(nm.matMul(x, nm.randomNormal([784, 10], 0, 1, 'float32', 13)), 1), 10);
    const model = new nm.Sequential([
      new nm.layers.Dense(128, { activation: 'relu', inputShape: [784] }),
      new nm.layers.Dense(10, { activation: 'softmax' }),
    ]);
    model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
    const s0 = sparseStats.sparse, b0 = sparseStats.csrBuilds;
    const h = await model.fit(x, y, { epochs, batchSize: 64, verbose: 0 });
    return { weights: model.getWeights(), loss: h.history.loss, sparseCalls: sparseStats.sparse - s0, builds: sparseStats.csrBuilds - b0 };
  } finally {
    await nm.setNumThreads(1);
    setSparseInputMode(prev);
  }
}

test('fit: the seed MLP trains to the same weights with the sparse path forced on and forced off', async () => {
  const on = await trainMlp('on'), off = await trainMlp('off'), auto = await trainMlp('auto');
  assert.is(on.sparseCalls, 2 * 5 * 2, 'forced on: sparse forward and weight gradient in each of the 10 steps');
  assert.is(on.builds, 10, 'one CSR per step: the weight gradient reuses the forward\'s');
  assert.is(off.sparseCalls, 0);
  assert.ok(auto.sparseCalls > 0, 'auto: ≈19 % non-zero batches take the sparse path');
  on.weights.forEach((w, i) => { close(w, off.weights[i], `weight ${i}`); sameBits(w, off.weights[i], `weight ${i}`); });
  auto.weights.forEach((w, i) => sameBits(w, off.weights[i], `auto weight ${i}`));
  assert.equal(on.loss, off.loss);
});

test('deterministic mode: sparse-input training gives the same bits on one and two threads', async () => {
  const before = nm.getBackend().deterministic;
  nm.setBackendFlags({ deterministic: true });
  try {
    const one = await trainMlp('auto', { threads: 1 }), two = await trainMlp('auto', { threads: 2 });
    assert.ok(one.sparseCalls > 0 && two.sparseCalls > 0);
    one.weights.forEach((w, i) => sameBits(two.weights[i], w, `weight ${i}`));
    assert.equal(two.loss, one.loss);
  } finally {
    nm.setBackendFlags({ deterministic: before });
  }
});

test.run();
