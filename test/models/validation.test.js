// Indices and labels are checked on every path (issue 13.3): Embedding indices eagerly, up front
// in fit/evaluate and in the planned kernels; sparse labels, sample and class weights, target
// shapes. A refused call changes no weight, and the library computes correctly afterwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const { layers } = nm;

function weightsOf(m) { return m.getWeights().map((w) => Array.from(w.dataSync())); }

function canary() {
  const e = nm.exp([0, 1, 2]).dataSync();
  assert.ok(Math.abs(e[0] - 1) < 1e-6 && Math.abs(e[1] - Math.E) < 1e-5 && Math.abs(e[2] - Math.E ** 2) < 1e-4, `canary exp: ${e}`);
  assert.equal(Array.from(nm.tensor([5, 6, 7], [3], 'int32').dataSync()), [5, 6, 7]);
}

/** Throws `cls` and the message matches every regex. */
function throwsTyped(f, cls, ...res) {
  let err = null;
  try { f(); } catch (e) { err = e; }
  assert.ok(err, 'expected a throw');
  assert.ok(err instanceof cls, `expected ${cls.name}, got ${err?.constructor?.name}: ${err?.message}`);
  for (const re of res) assert.match(err.message, re);
  return err;
}

function embModel(opts = {}) {
  const m = new nm.Sequential([
    new layers.Input({ shape: [4], dtype: 'int32' }),
    new layers.Embedding(10, 3, { name: 'emb' }),
    new layers.Flatten(),
    new layers.Dense(1),
  ]);
  m.compile({ optimizer: 'sgd', loss: 'mse', ...opts });
  return m;
}

/** An Embedding behind a Reshape: only the kernel (the traced path) can see its indices. */
function deepEmbModel() {
  const inp = nm.Input({ shape: [2, 2], dtype: 'int32' });
  const r = new layers.Reshape([4]).apply(inp);
  const e = new layers.Embedding(10, 3, { name: 'deep_emb' }).apply(r);
  const out = new layers.Dense(1).apply(new layers.Flatten().apply(e));
  const m = new nm.Model({ inputs: inp, outputs: out });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  return m;
}

test('eager Embedding: an index outside [0, inputDim) names the layer, the value and its row', () => {
  const emb = new layers.Embedding(10, 3, { name: 'eager_emb' });
  emb.apply(nm.tensor([[1, 2]], [1, 2], 'int32'));
  throwsTyped(() => emb.apply(nm.tensor([[1, 2], [3, 10]], [2, 2], 'int32')), nm.ValueError, /eager_emb/, /index 10/, /row 1 \(position 1\)/);
  throwsTyped(() => emb.apply(nm.tensor([[-1, 2]], [1, 2], 'int32')), nm.ValueError, /index -1/, /row 0/);
  canary();
});

test('fit: Embedding indices out of range are refused up front; no weight changes', () => {
  const m = embModel();
  const before = weightsOf(m);
  throwsTyped(() => m.fitSync([[1, 2, 3, 4], [1, 2, 3, 99]], [1, 2], { verbose: 0, batchSize: 1 }), nm.ValueError, /Embedding 'emb'/, /index 99/, /row 1 \(position 3\)/);
  throwsTyped(() => m.fitSync(nm.tensor([[1, 2, 3, 4], [-1, 2, 3, 4]], [2, 4], 'int32'), [1, 2], { verbose: 0 }), nm.ValueError, /Embedding 'emb'/, /index -1/, /row 1 \(position 0\)/);
  assert.equal(weightsOf(m), before);
  // Good data still trains afterwards.
  const h = m.fitSync([[1, 2, 3, 4], [5, 6, 7, 9]], [1, 2], { verbose: 0, epochs: 2 });
  assert.ok(Number.isFinite(h.history.loss[1]));
  assert.not.equal(weightsOf(m), before);
  canary();
});

test('fit/predict: the planned gather kernel flags an index the up-front check cannot see', () => {
  const m = deepEmbModel();
  const before = weightsOf(m);
  const bad = nm.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 1e6]]], [2, 2, 2], 'int32');
  throwsTyped(() => m.fitSync(bad, [[1], [2]], { verbose: 0, batchSize: 2, shuffle: false }), nm.ValueError, /Embedding 'deep_emb'/, /index 1000000/, /row 1 \(position 3\)/);
  assert.equal(weightsOf(m), before, 'a refused batch changes no weight');
  throwsTyped(() => m.predict(bad), nm.ValueError, /deep_emb/, /1000000/);
  throwsTyped(() => m.predict(nm.tensor([[[0, -2], [0, 0]]], [1, 2, 2], 'int32')), nm.ValueError, /deep_emb/, /-2/);
  throwsTyped(() => m.evaluateSync(bad, [[1], [2]], { verbose: 0 }), nm.ValueError, /deep_emb/);
  // The same plans still run on good data, and the heap is intact.
  const good = nm.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], [2, 2, 2], 'int32');
  const p = m.predict(good).dataSync();
  assert.ok(p.every(Number.isFinite));
  m.fitSync(good, [[1], [2]], { verbose: 0, batchSize: 2 });
  assert.not.equal(weightsOf(m), before);
  canary();
});

test('gather: in-range and negative indices as before, out-of-range refused with the range', () => {
  const t = nm.tensor([[1, 2], [3, 4], [5, 6]]);
  assert.equal(Array.from(nm.gather(t, [2, -1, 0], 0).dataSync()), [5, 6, 5, 6, 1, 2]);
  throwsTyped(() => nm.gather(t, [3], 0), nm.ValueError, /index 3/, /\[-3, 3\)/);
  throwsTyped(() => nm.gather(t, [-4], 0), nm.ValueError, /index -4/);
  canary();
});

function clsModel(loss = 'sparse_categorical_crossentropy') {
  const m = new nm.Sequential([new layers.Dense(3, { inputShape: [2], activation: 'softmax', name: 'probs' })]);
  m.compile({ optimizer: 'sgd', loss, metrics: ['accuracy'] });
  return m;
}
const X = [[1, 2], [3, 4], [5, 6]];

test('sparse-categorical labels: out of range, negative, fractional, NaN → ValueError naming the loss, value, row', () => {
  const m = clsModel();
  const before = weightsOf(m);
  const cases = [
    [[0, 1, 3], /label 3 at row 2 is outside \[0, 3\)/],
    [[0, -1, 2], /label -1 at row 1/],
    [[0, 1.5, 2], /label 1\.5 at row 1 is not an integer/],
    [[NaN, 1, 2], /label NaN at row 0 is NaN/],
    [[[0], [1], [7]], /label 7 at row 2/],
  ];
  for (const [y, re] of cases) {
    throwsTyped(() => m.fitSync(X, y, { verbose: 0 }), nm.ValueError, /sparse_categorical_crossentropy/, re);
    throwsTyped(() => m.evaluateSync(X, y, { verbose: 0 }), nm.ValueError, /sparse_categorical_crossentropy/, re);
  }
  throwsTyped(() => m.trainOnBatch(X, [0, 1, 5]), nm.ValueError, /label 5/);
  throwsTyped(() => m.fitSync(X, nm.tensor([0, 1, 9], [3], 'int32'), { verbose: 0 }), nm.ValueError, /label 9/);
  // Validation data is checked too, before the first training step.
  throwsTyped(() => m.fitSync(X, [0, 1, 2], { verbose: 0, validationData: [X, [0, 1, 4]] }), nm.ValueError, /label 4/);
  assert.equal(weightsOf(m), before);
  const h = m.fitSync(X, [0, 1, 2], { verbose: 0 });
  assert.ok(Number.isFinite(h.history.loss[0]));
  canary();
});

test('sampleWeight, classWeight and target shapes are refused before training starts', () => {
  const m = clsModel();
  const before = weightsOf(m);
  throwsTyped(() => m.fitSync(X, [0, 1, 2], { verbose: 0, sampleWeight: [1, 2] }), nm.ShapeError, /sampleWeight/, /\[3\]/, /\[2\]/);
  throwsTyped(() => m.fitSync(X, [0, 1, 2], { verbose: 0, sampleWeight: [1] }), nm.ShapeError, /sampleWeight/);
  throwsTyped(() => m.fitSync(X, [0, 1, 2], { verbose: 0, sampleWeight: [[1, 1], [1, 1], [1, 1]] }), nm.ShapeError, /sampleWeight/);
  throwsTyped(() => m.fitSync(X, [0, 1, 2], { verbose: 0, sampleWeight: [1, NaN, 1] }), nm.ValueError, /sampleWeight NaN at row 1/);
  throwsTyped(() => m.evaluateSync(X, [0, 1, 2], { verbose: 0, sampleWeight: [1, 2, 3, 4] }), nm.ShapeError, /sampleWeight/);
  throwsTyped(() => m.fitSync(X, [0, 1, 2], { verbose: 0, classWeight: { 0: 'x' } }), nm.ValueError, /classWeight\[0\]/, /'x'/);
  throwsTyped(() => m.fitSync(X, [0, 1, 2], { verbose: 0, classWeight: { a: 1 } }), nm.ValueError, /classWeight keys/);
  throwsTyped(() => m.fitSync(X, [0, 1, 2], { verbose: 0, classWeight: [1, 2] }), nm.ValueError, /classWeight/);
  throwsTyped(() => m.fitSync(X, [[0, 1, 0], [1, 0, 0], [0, 0, 1]], { verbose: 0 }), nm.ShapeError, /sparse_categorical_crossentropy/, /\[3, 3\]/);
  const r = new nm.Sequential([new layers.Dense(2, { inputShape: [2], name: 'reg' })]);
  r.compile({ optimizer: 'sgd', loss: 'mse' });
  const rBefore = weightsOf(r);
  throwsTyped(() => r.fitSync(X, [[1, 2, 3], [1, 2, 3], [1, 2, 3]], { verbose: 0 }), nm.ShapeError, /mean_squared_error/, /\[3, 3\]/, /\[null, 2\]/);
  assert.equal(weightsOf(r), rBefore);
  assert.equal(weightsOf(m), before);
  // Broadcastable targets still train, as in Keras ([n] against an output [null, 1]).
  const one = new nm.Sequential([new layers.Dense(1, { inputShape: [2] })]);
  one.compile({ optimizer: 'sgd', loss: 'mse' });
  assert.ok(Number.isFinite(one.fitSync(X, [1, 2, 3], { verbose: 0 }).history.loss[0]));
  canary();
});

test.run();
