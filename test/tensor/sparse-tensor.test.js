// Explicit sparse inputs: SparseTensor (TF's COO form, a 2-D CSR, from/to dense) refuses bad
// indices with typed errors; Input({sparse: true}) is saved as Keras saves it; fit, evaluate and
// predict on a SparseTensor give the bits of the same data passed densely (shuffled, validation
// split or given, odd shapes, densities 0–100 %, empty rows, last batches of 1–4 rows), feeding
// each batch's CSR straight to the Dense sparse kernels (no scan of a dense batch); other first
// layers get each batch densely; an IMDB-sized multi-hot set trains without its dense gigabyte.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng } from '../helpers/gradcheck.js';
import { fixtureBytes, fixtureJSON } from '../helpers/fixtures.js';

const { setSparseInputMode, sparseStats } = nm.internal;
const L = nm.layers;

const bits = (a) => new Uint32Array(Float32Array.from(a).buffer);
function sameBits(a, b, what) {
  const x = bits(a), y = bits(b);
  assert.is(x.length, y.length, `${what}: length`);
  const i = x.findIndex((v, k) => v !== y[k]);
  assert.is(i, -1, `${what}: first difference at ${i} (${a[i]} vs ${b[i]})`);
}
const delta = (before) => Object.fromEntries(Object.entries(sparseStats).map(([k, v]) => [k, v - before[k]]));
function throwsTyped(fn, Type, re, what) {
  try { fn(); } catch (e) {
    assert.instance(e, Type, `${what}: ${e.constructor.name} ${e.message}`);
    assert.match(e.message, re, what);
    return;
  }
  assert.unreachable(`${what}: did not throw`);
}

/** rows × cols with about `density` non-zero (values in ±[0.5, 1.5)), rows in `empty` all zero. */
function denseData(rows, cols, density, seed, empty = []) {
  const r = rng(seed), d = new Float32Array(rows * cols);
  for (let i = 0; i < d.length; i++) if (density >= 1 || r() < density) d[i] = (r() < 0.5 ? -1 : 1) * (0.5 + r());
  for (const z of empty) d.fill(0, z * cols, (z + 1) * cols);
  return d;
}

// ---------- the type ----------

test('SparseTensor: COO (nested, flat, int64, Tensor), CSR and dense forms agree; indices/values/denseShape as TF names them', () => {
  const dense = [[0, 2, 0, 0], [0, 0, 0, 0], [1, 0, 0, -3]];
  const a = new nm.SparseTensor([[0, 1], [2, 0], [2, 3]], [2, 1, -3], [3, 4]);
  const b = new nm.SparseTensor({ indices: new BigInt64Array([0n, 1n, 2n, 0n, 2n, 3n]), values: new Float32Array([2, 1, -3]), denseShape: [3, 4] });
  const c = nm.SparseTensor.fromCSR({ indptr: [0, 1, 1, 3], indices: [1, 0, 3], values: [2, 1, -3], shape: [3, 4] });
  const d = nm.SparseTensor.fromDense(nm.tensor(dense));
  const e = new nm.SparseTensor(nm.tensor([[0, 1], [2, 0], [2, 3]], undefined, 'int32'), nm.tensor([2, 1, -3]), [3, 4]);
  for (const [t, what] of [[a, 'nested COO'], [b, 'int64 COO'], [c, 'CSR'], [d, 'fromDense'], [e, 'Tensor COO']]) {
    assert.equal(t.toDense().arraySync(), dense, what);
    assert.equal(t.denseShape, [3, 4], what);
    assert.is(t.nnz, 3, what);
    assert.equal(t.indices.arraySync(), [[0, 1], [2, 0], [2, 3]], what);
    assert.equal(t.indices.dtype, 'int32', what);
    assert.equal(Array.from(t.values.dataSync()), [2, 1, -3], what);
  }
  assert.equal(Array.from(c.toCSR().indptr), [0, 1, 1, 3]);
  // Rank 3: a sample's position is flat inside it.
  const r3 = new nm.SparseTensor([[0, 1, 2], [1, 0, 0]], [5, 6], [2, 2, 3]);
  assert.equal(r3.toDense().arraySync(), [[[0, 0, 0], [0, 0, 5]], [[6, 0, 0], [0, 0, 0]]]);
  assert.equal(r3.indices.arraySync(), [[0, 1, 2], [1, 0, 0]]);
  // Empty.
  const z = new nm.SparseTensor([], [], [2, 5]);
  assert.equal(z.toDense().arraySync(), [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]);
  assert.is(z.density, 0);
  assert.match(String(a), /SparseTensor\(shape=\[3, 4\], nnz=3/);
});

test('SparseTensor refuses out-of-range, unsorted and repeated indices, wrong lengths and negative counts, naming expected and got', () => {
  const S = (...a) => () => new nm.SparseTensor(...a);
  throwsTyped(S([[0, 4]], [1], [3, 4]), nm.ValueError, /indices\[0\] = \[0,4\] is out of range: coordinate 1 must be an integer in \[0, 4\), got 4/, 'column out of range');
  throwsTyped(S([[3, 0]], [1], [3, 4]), nm.ValueError, /coordinate 0 must be an integer in \[0, 3\), got 3/, 'row out of range');
  throwsTyped(S([[-1, 0]], [1], [3, 4]), nm.ValueError, /got -1/, 'negative index');
  throwsTyped(S([[0, 1.5]], [1], [3, 4]), nm.ValueError, /integer/, 'fractional index');
  throwsTyped(S([[1, 0], [0, 2]], [1, 2], [3, 4]), nm.ValueError, /indices\[1\] = \[0,2\] is out of order after indices\[0\] = \[1,0\]; expected row-major order/, 'unsorted rows');
  throwsTyped(S([[0, 2], [0, 1]], [1, 2], [3, 4]), nm.ValueError, /out of order/, 'unsorted columns');
  throwsTyped(S([[0, 2], [0, 2]], [1, 2], [3, 4]), nm.ValueError, /a repeat of/, 'repeat');
  throwsTyped(S([[0, 2]], [1, 2], [3, 4]), nm.ShapeError, /expected indices \(one row per value\) of length 2, got 1/, 'fewer indices than values');
  throwsTyped(S([[0, 2, 1]], [1], [3, 4]), nm.ShapeError, /expected indices\[0\] .* of length 2, got 3/, 'wrong rank of an index');
  throwsTyped(S([0, 2, 1], [1], [3, 4]), nm.ShapeError, /of 1 × 2 coordinates \(nnz × rank\) of length 2, got 3/, 'flat length');
  throwsTyped(S([[0]], [1], [3]), nm.ShapeError, /rank ≥ 2/, 'rank 1');
  throwsTyped(S([[0, 0]], [1], [3, -1]), nm.ShapeError, /non-negative integer sizes/, 'negative size');
  const C = (o) => () => nm.SparseTensor.fromCSR({ indptr: [0, 1, 2], indices: [0, 1], values: [1, 2], shape: [2, 3], ...o });
  C({})(); // the base case is fine
  throwsTyped(C({ indptr: [0, 2] }), nm.ShapeError, /expected indptr \(rows \+ 1 offsets\) of length 3, got 2/, 'indptr length');
  throwsTyped(C({ indptr: [1, 1, 2] }), nm.ValueError, /indptr\[0\] must be 0, got 1/, 'indptr start');
  throwsTyped(C({ indptr: [0, 2, 1] }), nm.ValueError, /non-decreasing .*indptr\[1\] = 2, indptr\[2\] = 1/, 'negative row count');
  throwsTyped(C({ indices: [0] }), nm.ShapeError, /expected indices \(indptr\[2\] = 2 entries\) of length 2, got 1/, 'indices length');
  throwsTyped(C({ values: [1, 2, 3] }), nm.ShapeError, /expected values .* of length 2, got 3/, 'values length');
  throwsTyped(C({ indices: [0, 3] }), nm.ValueError, /indices\[1\] \(row 1\) must be an integer column in \[0, 3\), got 3/, 'column out of range');
  throwsTyped(C({ indptr: [0, 2, 2], indices: [2, 1] }), nm.ValueError, /row 0's columns must be ascending without repeats, got 2 then 1/, 'unsorted row');
  throwsTyped(C({ shape: [2, 3, 1] }), nm.ShapeError, /2-D/, 'CSR of rank 3');
  throwsTyped(() => nm.Input({ shape: [4], sparse: 'yes' }), nm.ValueError, /sparse must be true or false, got 'yes'/, 'Input sparse flag');
});

test("Input({sparse: true}): Keras's config key, kept through a config round trip; a typo is refused", () => {
  const m = new nm.Sequential([nm.Input({ shape: [20], sparse: true }), new L.Dense(3)]);
  const cfg = m.getConfig().layers[0].config;
  assert.is(cfg.sparse, true);
  assert.is(cfg.ragged, false);
  const back = nm.modelFromConfig({ class_name: 'Sequential', config: m.getConfig() });
  assert.is(back.getConfig().layers[0].config.sparse, true);
  const x = nm.Input({ shape: [5] });
  assert.is(new nm.Model({ inputs: x, outputs: new L.Dense(2).apply(x) }).getConfig().layers[0].config.sparse, false);
  throwsTyped(() => nm.Input({ shape: [4], sprase: true }), nm.ValueError, /sparse/, 'did-you-mean');
});

test('a Keras-saved model with Input(sparse=True) loads with sparse: true, saves it again, and predicts Keras\'s values from a SparseTensor', async () => {
  const ref = await fixtureJSON('sparse_input.json'); // gen_sparse_input.py, Keras 3.15.1 (JAX)
  const m = await nm.loadModel(await fixtureBytes('sparse_input.keras'), { compile: false });
  assert.is(ref.input_config.sparse, true);
  assert.equal(m.getConfig().layers[0].config, ref.input_config);
  const x = new nm.SparseTensor(ref.indices, ref.values, ref.dense_shape);
  const p = m.predict(x).arraySync(), want = ref.predictions;
  p.forEach((row, i) => assert.ok(Math.abs(row[0] - want[i][0]) <= 1e-6 * Math.max(1, Math.abs(want[i][0])), `row ${i}: ${row[0]} vs ${want[i][0]}`));
  const back = await nm.loadModel((await m.toFiles('keras'))['model.keras'], { compile: false });
  assert.is(back.getConfig().layers[0].config.sparse, true);
});

// ---------- fit / evaluate / predict = the dense data's ----------

function mlp(V, units) {
  return new nm.Sequential([nm.Input({ shape: [V], sparse: true }), new L.Dense(units, { activation: 'relu' }), new L.Dense(2, { activation: 'softmax' })]);
}

async function fitRun(x, y, V, units, args, mode = 'auto') {
  const prev = setSparseInputMode(mode);
  try {
    nm.setSeed(21);
    const m = mlp(V, units);
    m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const s0 = { ...sparseStats };
    const h = await m.fit(x, y, { epochs: 2, verbose: 0, ...args });
    const ev = await m.evaluate(args.validationData?.[0] ?? x, args.validationData?.[1] ?? y, { batchSize: 7, verbose: 0 });
    const p = m.predict(x, { batchSize: 30 }).dataSync();
    return { w: m.getWeights().map((t) => t.dataSync()), h: h.history, ev, p, st: delta(s0) };
  } finally {
    setSparseInputMode(prev);
  }
}

function same(d, s, what) {
  d.w.forEach((w, i) => sameBits(w, s.w[i], `${what}: weight ${i}`));
  assert.equal(s.h, d.h, `${what}: history`);
  assert.equal(s.ev, d.ev, `${what}: evaluate`);
  sameBits(d.p, s.p, `${what}: predict`);
}

test('fit/evaluate/predict on a SparseTensor = on the same data passed densely: bit-identical, densities 0–100 %, odd shapes, empty rows, 1–4-row last batches', async () => {
  let fed = 0;
  for (const [n, V, units, batchSize] of [[133, 37, 45, 32], [66, 301, 16, 32], [41, 1, 3, 9], [90, 700, 33, 43]]) {
    for (const density of [0, 0.015, 0.2, 1]) {
      const d = denseData(n, V, density, n + V + density * 100, [0, 5, n - 1]);
      const y = nm.tensor(Int32Array.from({ length: n }, (_, i) => (d[i * V] > 0 || i % 3 === 0 ? 1 : 0)), [n], 'int32');
      const xd = nm.tensor(d, [n, V]), xs = nm.SparseTensor.fromDense(xd);
      const what = `${n}×${V} → ${units}, batch ${batchSize}, density ${density}`;
      const args = { batchSize, validationSplit: 0.2 };
      const dense = await fitRun(xd, y, V, units, args);
      // Dense data this sparse is held as CSR (once per tensor) and fed like a SparseTensor's.
      const maxD = Math.min(nm.internal.sparseMaxDensity(units), 1 / 8);
      const wantHeld = density < 0.8 * maxD ? true : density > 1.2 * maxD ? false : null;
      if (wantHeld !== null) assert.is(dense.st.held > 0, wantHeld, `${what}: held as CSR`);
      if (dense.st.held > 0) assert.ok(dense.st.fed > 0, `${what}: held data is fed`);
      else assert.is(dense.st.fed, 0, `${what}: dense data not held is never fed`);
      const auto = await fitRun(xs, y, V, units, args);
      same(dense, auto, `${what} (auto)`);
      assert.is(auto.st.csrBuilds, 0, `${what}: no batch of sparse data is scanned for its CSR`);
      // The same choices as the dense data's per-batch scan: the same number of sparse kernel calls.
      assert.is(auto.st.sparse, dense.st.sparse, `${what}: sparse kernel calls`);
      const on = await fitRun(xs, y, V, units, args, 'on');
      const denseOn = await fitRun(xd, y, V, units, args, 'on');
      same(denseOn, on, `${what} (on)`);
      same(dense, on, `${what} (on vs dense auto)`);
      assert.ok(on.st.fed > 0, `${what}: forced on, batches of more than 4 rows are fed as CSR`);
      fed += on.st.fed;
    }
  }
  assert.ok(fed > 0);
});

test('validationData as a SparseTensor, shuffle off, trainOnBatch and deterministic kernels: the dense data\'s bits', async () => {
  const before = nm.getBackend().deterministic;
  nm.setBackendFlags({ deterministic: true });
  try {
    const n = 150, V = 257, d = denseData(n, V, 0.05, 9, [3]), dv = denseData(40, V, 0.05, 10, [0, 39]);
    const y = nm.tensor(Int32Array.from({ length: n }, (_, i) => i % 2), [n], 'int32');
    const yv = nm.tensor(Int32Array.from({ length: 40 }, (_, i) => (i + 1) % 2), [40], 'int32');
    const xd = nm.tensor(d, [n, V]), vd = nm.tensor(dv, [40, V]);
    for (const shuffle of [true, false]) {
      const dense = await fitRun(xd, y, V, 24, { batchSize: 16, shuffle, validationData: [vd, yv] });
      const sparse = await fitRun(nm.SparseTensor.fromDense(xd), y, V, 24, { batchSize: 16, shuffle, validationData: [nm.SparseTensor.fromDense(vd), yv] });
      same(dense, sparse, `shuffle ${shuffle}`);
      assert.ok(sparse.st.fed > 0 && sparse.st.densified === 0, `shuffle ${shuffle}: batches fed, none written densely`);
    }
    const step = (x) => { nm.setSeed(4); const m = mlp(V, 8); m.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' }); const l = m.trainOnBatch(x, y); return [l, m.getWeights().map((t) => t.dataSync())]; };
    const [ld, wd] = step(xd), [ls, ws] = step(nm.SparseTensor.fromDense(xd));
    assert.is(ls, ld);
    wd.forEach((w, i) => sameBits(w, ws[i], `trainOnBatch weight ${i}`));
  } finally {
    nm.setBackendFlags({ deterministic: before });
  }
});

test('deterministic mode: a fit on a SparseTensor gives the dense data\'s bits on one thread and on two', async () => {
  const before = nm.getBackend().deterministic;
  nm.setBackendFlags({ deterministic: true });
  try {
    const n = 256, V = 600, d = denseData(n, V, 0.015, 44, [7]);
    const y = nm.tensor(Int32Array.from({ length: n }, (_, i) => (d[i * V + 3] !== 0 || i % 4 === 0 ? 1 : 0)), [n], 'int32');
    const xd = nm.tensor(d, [n, V]), xs = nm.SparseTensor.fromDense(xd);
    const run = async (x, threads) => {
      await nm.setNumThreads(threads);
      try { return await fitRun(x, y, V, 128, { batchSize: 64 }); } finally { await nm.setNumThreads(1); }
    };
    const dense1 = await run(xd, 1), sparse1 = await run(xs, 1), sparse2 = await run(xs, 2);
    same(dense1, sparse1, 'one thread');
    same(dense1, sparse2, 'two threads');
    assert.ok(sparse2.st.fed > 0);
  } finally {
    nm.setBackendFlags({ deterministic: before });
  }
});

test('a model whose input is read by more than a Dense layer (or by no Dense) gets each batch densely, with the same results', async () => {
  const n = 70, V = 60, d = denseData(n, V, 0.05, 31, [2]);
  const y = nm.tensor(Float32Array.from({ length: n }, (_, i) => i % 2), [n, 1]);
  const xd = nm.tensor(d, [n, V]), xs = nm.SparseTensor.fromDense(xd);
  // Two branches: a Dense (fed) and an Activation that reads the input itself.
  const branchy = () => {
    const inp = nm.Input({ shape: [V], sparse: true });
    const a = new L.Dense(32, { activation: 'relu' }).apply(inp), b = new L.Activation('tanh').apply(inp);
    return new nm.Model({ inputs: inp, outputs: new L.Dense(1, { activation: 'sigmoid' }).apply(new L.Concatenate().apply([a, b])) });
  };
  // Rank 3 through Flatten: no Dense reads the placeholder as rows of features.
  const flat = () => new nm.Sequential([nm.Input({ shape: [6, 10], sparse: true }), new L.Flatten(), new L.Dense(5, { activation: 'relu' }), new L.Dense(1, { activation: 'sigmoid' })]);
  for (const [make, x, xsp, what, fedWanted] of [[branchy, xd, xs, 'two branches', true], [flat, nm.reshape(xd, [n, 6, 10]), nm.SparseTensor.fromDense(nm.reshape(xd, [n, 6, 10])), 'rank 3 + Flatten', false]]) {
    const run = async (data) => {
      nm.setSeed(5);
      const m = make();
      m.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy' });
      const s0 = { ...sparseStats };
      const h = await m.fit(data, y, { epochs: 2, batchSize: 16, verbose: 0 });
      return { w: m.getWeights().map((t) => t.dataSync()), h: h.history, p: m.predict(data).dataSync(), st: delta(s0) };
    };
    const a = await run(x), b = await run(xsp);
    a.w.forEach((w, i) => sameBits(w, b.w[i], `${what}: weight ${i}`));
    assert.equal(b.h, a.h, what);
    sameBits(a.p, b.p, `${what}: predict`);
    assert.is(b.st.densified, 10 + 1, `${what}: every batch (5 per epoch, 1 predict) written densely`);
    assert.is(b.st.fed > 0, fedWanted, `${what}: fed as CSR too`);
  }
});

// ---------- dense data held as CSR ----------

function imdbLike(n, V, seed) {
  const d = denseData(n, V, 0.015, seed).map((v) => (v !== 0 ? 1 : 0));
  return { x: nm.tensor(d, [n, V]), y: nm.tensor(Float32Array.from({ length: n }, (_, i) => (d[i * V + 3] || i % 2 ? 1 : 0)), [n, 1]) };
}
function imdbModel(V, dense = false) {
  nm.setSeed(4);
  const m = new nm.Sequential([nm.Input({ shape: [V] }), new L.Dense(16, { activation: 'relu' }), new L.Dense(16, { activation: 'relu' }), new L.Dense(1, { activation: 'sigmoid' })]);
  m.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return m;
}
async function fitStats(m, x, y, args, mode = 'auto') {
  const prev = setSparseInputMode(mode);
  try {
    const s0 = { ...sparseStats };
    const h = await m.fit(x, y, { epochs: 2, batchSize: 64, verbose: 0, ...args });
    return { h: h.history, w: m.getWeights().map((t) => t.dataSync()), st: delta(s0) };
  } finally { setSparseInputMode(prev); }
}

test('dense multi-hot data (a Tensor) is held as CSR on its first batch: later batches are fed from it, not copied or scanned, with the GEMM\'s bits', async () => {
  const n = 400, V = 2000, { x, y } = imdbLike(n, V, 90);
  const held = await fitStats(imdbModel(V), x, y, { validationSplit: 0.2 });
  const gemm = await fitStats(imdbModel(V), x, y, { validationSplit: 0.2 }, 'off');
  held.w.forEach((w, i) => sameBits(w, gemm.w[i], `weight ${i}`));
  assert.equal(held.h, gemm.h, 'history');
  assert.is(held.st.held, 2, 'the training part and the validation part, each once');
  assert.is(held.st.csrBuilds, 0, 'no batch scanned');
  assert.is(held.st.densified, 0, 'no batch written densely');
  assert.is(held.st.fed, 2 * (5 + 2), 'every batch fed (5 training batches and 2 validation batches an epoch)');
  // Data of one batch is not held (it would pay only if the same tensor came again): scanned.
  const one = await fitStats(imdbModel(V), x, y, { batchSize: n });
  assert.is(one.st.held, 0, 'one batch');
  assert.is(one.st.csrBuilds, 2, 'its one batch an epoch scanned');
  // The same tensor again, in fit, evaluate, predict and trainOnBatch: held already.
  const m = imdbModel(V);
  const again = await fitStats(m, x, y, {});
  assert.is(again.st.held, 1);
  const s0 = { ...sparseStats };
  await m.fit(x, y, { epochs: 1, batchSize: 64, verbose: 0 });
  await m.evaluate(x, y, { batchSize: 64, verbose: 0 });
  const p = m.predict(x).dataSync();
  m.trainOnBatch(x, y); m.trainOnBatch(x, y);
  const st = delta(s0);
  assert.is(st.held, 0, 'held once per tensor');
  assert.is(st.csrBuilds, 0);
  const prev = setSparseInputMode('off');
  try { sameBits(m.predict(nm.tensor(x.dataSync(), [n, V])).dataSync(), m.predict(x).dataSync(), 'predict, held and not'); } finally { setSparseInputMode(prev); }
  assert.is(p.length, n);
  // A last batch of 1–4 rows takes the GEMM (as its scan would choose): written densely from the held CSR.
  const s1 = { ...sparseStats };
  const evHeld = await m.evaluate(x, y, { batchSize: 99, verbose: 0 });
  assert.equal(delta(s1).densified, 1, 'the last batch of 4 rows');
  const off = setSparseInputMode('off');
  try { assert.equal(await m.evaluate(x, y, { batchSize: 99, verbose: 0 }), evHeld, 'evaluate, held and not'); } finally { setSparseInputMode(off); }
});

test('dense data is not held when it is too dense, uint8, a Variable (its bytes change), or read by another layer too; a disposed tensor is refused', async () => {
  const n = 200, V = 500;
  const cases = [
    ['20 % non-zeros', nm.tensor(denseData(n, V, 0.2, 5), [n, V])],
    ['uint8', nm.tensor(Uint8Array.from(denseData(n, V, 0.015, 6), (v) => (v !== 0 ? 1 : 0)), [n, V], 'uint8')],
    ['a Variable', new nm.Variable(nm.tensor(denseData(n, V, 0.015, 7), [n, V]))],
  ];
  const y = nm.tensor(Float32Array.from({ length: n }, (_, i) => i % 2), [n, 1]);
  for (const [what, x] of cases) {
    const r = await fitStats(imdbModel(V), x, y, {});
    assert.is(r.st.held, 0, what);
    assert.is(r.st.fed, 0, what);
  }
  // A Variable's new value is what the next fit reads.
  const v = cases[2][1], m = imdbModel(V);
  const before = m.predict(v).dataSync();
  v.assign(nm.tensor(denseData(n, V, 0.015, 8), [n, V]));
  const after = m.predict(v).dataSync();
  sameBits(after, m.predict(v.read()).dataSync(), 'predict on the assigned Variable = on its value');
  assert.ok(before.some((b, i) => b !== after[i]), 'the assigned value is read');
  // An Activation reads the input besides the Dense layer: its batches must exist densely.
  const inp = nm.Input({ shape: [V] });
  const a = new L.Dense(8, { activation: 'relu' }).apply(inp), b = new L.Activation('relu').apply(inp);
  const two = new nm.Model({ inputs: inp, outputs: new L.Dense(1, { activation: 'sigmoid' }).apply(new L.Concatenate().apply([a, b])) });
  two.compile({ optimizer: 'sgd', loss: 'binary_crossentropy' });
  const x = nm.tensor(denseData(n, V, 0.015, 9), [n, V]);
  const r = await fitStats(two, x, y, {});
  assert.is(r.st.held, 0, 'read by an Activation too');
  // Held, then disposed: the next fit refuses it, as it refuses any disposed data.
  const m2 = imdbModel(V);
  await fitStats(m2, x, y, {});
  const x2 = nm.tensor(denseData(n, V, 0.015, 10), [n, V]);
  assert.is((await fitStats(m2, x2, y, {})).st.held, 1);
  x2.dispose();
  let err = null;
  try { await m2.fit(x2, y, { verbose: 0 }); } catch (e) { err = e; }
  assert.instance(err, nm.StateError, String(err));
  assert.match(err.message, /disposed/);
});

test('one model, sparse and dense data in turn (the same plans): each gets its own rows', async () => {
  const n = 64, V = 90, d = denseData(n, V, 0.03, 3), d2 = denseData(n, V, 0.03, 4);
  const m = mlp(V, 40);
  m.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  const xs = nm.SparseTensor.fromDense(nm.tensor(d, [n, V])), x2 = nm.tensor(d2, [n, V]);
  const want = m.predict(x2, { batchSize: 32 }).dataSync();
  m.predict(xs, { batchSize: 32 });
  sameBits(m.predict(x2, { batchSize: 32 }).dataSync(), want, 'dense rows after sparse ones');
  sameBits(m.predict(nm.SparseTensor.fromDense(x2), { batchSize: 32 }).dataSync(), want, 'the same rows sparse');
});

test('a two-input model: a SparseTensor for one input (by name) and a dense Tensor for the other, as the dense pair', async () => {
  const n = 80, V = 120, d = denseData(n, V, 0.02, 61, [1]);
  const num = nm.randomNormal([n, 3], 0, 1, 'float32', 62);
  const y = nm.tensor(Float32Array.from({ length: n }, (_, i) => i % 2), [n, 1]);
  const run = async (words) => {
    nm.setSeed(8);
    const w = nm.Input({ shape: [V], sparse: true, name: 'words' }), k = nm.Input({ shape: [3], name: 'numbers' });
    const h = new L.Concatenate().apply([new L.Dense(32, { activation: 'relu' }).apply(w), k]);
    const m = new nm.Model({ inputs: [w, k], outputs: new L.Dense(1, { activation: 'sigmoid' }).apply(h) });
    m.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
    const s0 = { ...sparseStats };
    await m.fit({ words, numbers: num }, y, { epochs: 2, batchSize: 16, verbose: 0 });
    return { w: m.getWeights().map((t) => t.dataSync()), p: m.predict([words, num]).dataSync(), st: delta(s0) };
  };
  const a = await run(nm.tensor(d, [n, V])), b = await run(nm.SparseTensor.fromDense(nm.tensor(d, [n, V])));
  a.w.forEach((w, i) => sameBits(w, b.w[i], `weight ${i}`));
  sameBits(a.p, b.p, 'predict');
  assert.ok(b.st.fed > 0 && b.st.densified === 0, JSON.stringify(b.st));
});

test('a SparseTensor is refused for targets and for integer inputs; an Embedding fed one checks its indices', async () => {
  const m = new nm.Sequential([nm.Input({ shape: [4] }), new L.Dense(1)]);
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  const x = new nm.SparseTensor([[0, 1]], [1], [2, 4]);
  throwsTyped(() => m.fitSync(x, x, { verbose: 0 }), nm.ValueError, /model inputs only/, 'sparse targets');
  const e = new nm.Sequential([nm.Input({ shape: [4], dtype: 'int32' }), new L.Embedding(10, 2)]);
  throwsTyped(() => e.predict(x), nm.ValueError, /holds float32 values, but this input is int32/, 'int32 input');
  const ef = new nm.Sequential([nm.Input({ shape: [4] }), new L.Embedding(10, 2), new L.Flatten(), new L.Dense(1)]);
  ef.compile({ optimizer: 'sgd', loss: 'mse' });
  const bad = new nm.SparseTensor([[0, 1], [1, 3]], [3, 12], [2, 4]);
  throwsTyped(() => ef.fitSync(bad, nm.zeros([2, 1]), { verbose: 0 }), nm.ValueError, /Embedding '.*': index 12 at row 1 \(position 3\) is outside \[0, 10\)/, 'embedding index');
  const ok = new nm.SparseTensor([[0, 1], [1, 3]], [3, 9], [2, 4]);
  const dense = ef.predict(ok.toDense()).dataSync();
  sameBits(dense, ef.predict(ok).dataSync(), 'Embedding on sparse data = on its dense form');
});

test('an IMDB-sized multi-hot set (25,000 × 10,000, ≈1.5 % ones) trains and predicts without its dense 1 GB in wasm memory', async () => {
  const n = 25000, V = 10000, r = rng(77);
  const indptr = new Int32Array(n + 1), cols = [];
  for (let i = 0; i < n; i++) {
    for (let c = Math.floor(r() * 130); c < V; c += 1 + Math.floor(r() * 130)) cols.push(c);
    indptr[i + 1] = cols.length;
  }
  const indices = Int32Array.from(cols), values = new Float32Array(indices.length).fill(1);
  const x = nm.SparseTensor.fromCSR({ indptr, indices, values, shape: [n, V] });
  assert.ok(x.density > 0.01 && x.density < 0.02, `density ${x.density}`);
  const y = nm.tensor(Float32Array.from({ length: n }, (_, i) => (indptr[i + 1] - indptr[i]) % 2), [n, 1]);
  const model = new nm.Sequential([nm.Input({ shape: [V], sparse: true }), new L.Dense(16, { activation: 'relu' }), new L.Dense(16, { activation: 'relu' }), new L.Dense(1, { activation: 'sigmoid' })]);
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const wasm0 = nm.memory().wasmMemoryBytes, used0 = nm.memory().numBytes;
  let peak = 0;
  const sample = new nm.LambdaCallback({ onBatchEnd: () => { peak = Math.max(peak, nm.memory().numBytes - used0); } });
  const s0 = { ...sparseStats };
  const h = await model.fit(x, y, { epochs: 1, batchSize: 512, validationSplit: 0.2, verbose: 0, callbacks: [sample] });
  const p = model.predict(x);
  const st = delta(s0);
  const grew = nm.memory().wasmMemoryBytes - wasm0, dense = n * V * 4;
  console.log(`  IMDB-sized sparse fit: wasm memory grew ${(grew / 2 ** 20).toFixed(1)} MiB, heap in use peaked ${(peak / 2 ** 20).toFixed(1)} MiB above the start (dense set: ${(dense / 2 ** 20).toFixed(0)} MiB); ${st.fed} batches fed, ${st.densified} written densely`);
  assert.ok(Number.isFinite(h.history.loss[0]) && Number.isFinite(h.history.val_loss[0]));
  assert.equal(p.shape, [n, 1]);
  assert.is(st.densified, 0, 'no batch written densely');
  assert.is(st.csrBuilds, 0, 'no batch scanned');
  assert.ok(grew < dense / 8, `wasm memory grew ${grew} bytes (dense set ${dense})`);
  assert.ok(peak < dense / 8, `heap in use peaked ${peak} bytes above the start`);
  p.dispose();
});

test.run();
