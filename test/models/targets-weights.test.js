// How targets, sample/class weights and weighted metrics are treated, against real Keras 3
// (test/fixtures/keras/targets_weights_reference.json, made by gen_targets_weights.py): 1-D
// targets meet [n, 1] outputs instead of broadcasting, weights enter the loss only, weighted
// metrics log under their own names, loss reductions, Precision/Recall topK/classId, top-k ties.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureJSON } from '../helpers/fixtures.js';

const ref = await fixtureJSON('targets_weights_reference.json');
const { layers, losses, metrics } = nm;

function close(actual, expected, what, rel = 1e-5) {
  const a = (Array.isArray(actual) || ArrayBuffer.isView(actual) ? Array.from(actual).flat(Infinity) : [actual]).map(Number);
  const e = (Array.isArray(expected) ? expected.flat(Infinity) : [expected]).map(Number);
  assert.is(a.length, e.length, `${what}: length`);
  for (let i = 0; i < e.length; i++) {
    const tol = Math.max(1e-6, rel * Math.abs(e[i]));
    if (!(Math.abs(a[i] - e[i]) <= tol)) assert.unreachable(`${what}[${i}]: got ${a[i]}, Keras ${e[i]}`);
  }
}

function closeLogs(actual, expected, what, rel) {
  assert.equal(Object.keys(actual).sort(), Object.keys(expected).sort(), `${what}: keys`);
  for (const k of Object.keys(expected)) close(actual[k], expected[k], `${what}.${k}`, rel);
}

function modelFor(c) {
  const m = new nm.Sequential([nm.Input({ shape: [2] }), new layers.Dense(1, { activation: c.activation ?? 'linear' })]);
  m.setWeights(ref.initial_weights);
  m.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 0.1 }), loss: c.loss, metrics: c.metrics ?? undefined, weightedMetrics: c.weighted_metrics ?? undefined });
  return m;
}

const yOf = (c) => (c.y_shape.length === 1 ? nm.tensor(c.y) : nm.tensor(c.y, c.y_shape));

for (const c of ref.cases) {
  test(`${c.name}: evaluate at batch 1, 4, 6, then fit's history and weights equal Keras's`, async () => {
    const m = modelFor(c);
    const y = yOf(c);
    const evalArgs = c.eval_kwargs.sample_weight ? { sampleWeight: c.eval_kwargs.sample_weight } : {};
    for (const [b, logs] of Object.entries(c.evaluate_before)) {
      closeLogs(await m.evaluate(ref.x, y, { batchSize: Number(b), verbose: 0, returnDict: true, ...evalArgs }), logs, `evaluate(batch ${b})`);
    }
    const fitArgs = { epochs: 2, batchSize: 2, shuffle: false, verbose: 0 };
    if (c.fit_kwargs.sample_weight) fitArgs.sampleWeight = c.fit_kwargs.sample_weight;
    if (c.fit_kwargs.class_weight) fitArgs.classWeight = Object.fromEntries(Object.entries(c.fit_kwargs.class_weight).map(([k, v]) => [Number(k), v]));
    const h = await m.fit(ref.x, y, fitArgs);
    closeLogs(h.history, c.history, 'history', 2e-5);
    m.getWeights().forEach((w, i) => close(w.dataSync(), c.final_weights[i], `weight ${i}`, 2e-5));
  });
}

test('trainOnBatch / testOnBatch with 1-D targets equal Keras', () => {
  const m = modelFor({ activation: 'sigmoid', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const y = nm.tensor(ref.cases[0].y);
  ref.on_batch.train_on_batch.forEach((logs, i) => closeLogs(m.trainOnBatch(ref.x, y, { returnDict: true }), logs, `trainOnBatch ${i}`));
  closeLogs(m.testOnBatch(ref.x, y, { returnDict: true }), ref.on_batch.test_on_batch, 'testOnBatch');
  m.getWeights().forEach((w, i) => close(w.dataSync(), ref.on_batch.weights[i], `weight ${i}`));
});

test('evaluate with [n] targets does not depend on the batch size (it broadcast to [n, n] before)', async () => {
  const m = modelFor({ activation: null, loss: 'mse', metrics: ['mae'] });
  const y = nm.tensor(ref.cases[2].y);
  const a = await m.evaluate(ref.x, y, { batchSize: 1, verbose: 0 });
  const b = await m.evaluate(ref.x, y, { batchSize: 6, verbose: 0 });
  close(a, b, 'batch 1 vs 6');
});

test('loss objects match [n] targets to [n, 1] predictions, and are callable as functions', () => {
  const { y_true, y_pred, values } = ref.loss_objects;
  const yt = nm.tensor(y_true), yp = nm.tensor(y_pred);
  for (const [cls, v] of Object.entries(values)) {
    const loss = new losses[cls]();
    close(loss.call(yt, yp).dataSync(), [v], `${cls}.call`);
    close(loss(yt, yp).dataSync(), [v], `${cls}()`);
    assert.ok(loss instanceof losses.Loss);
  }
});

test('bare loss functions: mse/mae/huber/log_cosh match ranks as Keras does; binary_crossentropy refuses unequal shapes', () => {
  const { y_true, y_pred } = ref.loss_objects;
  const yt = nm.tensor(y_true), yp = nm.tensor(y_pred);
  const fns = { mean_squared_error: losses.meanSquaredError, mean_absolute_error: losses.meanAbsoluteError, huber: losses.huber, log_cosh: losses.logCosh };
  for (const [name, fn] of Object.entries(fns)) {
    const v = fn(yt, yp);
    assert.equal(v.shape, ref.bare_functions[name].shape, name);
    close(v.dataSync(), ref.bare_functions[name].values, name);
  }
  assert.is(ref.bare_functions.binary_crossentropy.error, 'ValueError');
  assert.throws(() => losses.binaryCrossentropy(yt, yp), (e) => e instanceof nm.ShapeError && /\[6\].*\[6, 1\]/.test(e.message));
});

test('loss reductions, with and without sample weights, equal Keras (mean_with_sample_weight divides by the weights)', () => {
  const { y_true, y_pred, sample_weight, values } = ref.reductions;
  for (const [reduction, v] of Object.entries(values)) {
    const loss = new losses.MeanSquaredError({ reduction });
    close(loss(nm.tensor(y_true), nm.tensor(y_pred)).dataSync(), v.unweighted, `${reduction} unweighted`);
    close(loss(nm.tensor(y_true), nm.tensor(y_pred), nm.tensor(sample_weight)).dataSync(), v.weighted, `${reduction} weighted`);
  }
  assert.throws(() => new losses.MeanSquaredError({ reduction: 'average' }), (e) => e instanceof nm.ValueError);
});

test('Precision and Recall with topK, classId and thresholds equal Keras', () => {
  const { y_true, y_pred, cases } = ref.precision_recall;
  for (const c of cases) {
    const m = new metrics[c.class]({ thresholds: c.kwargs.thresholds, topK: c.kwargs.top_k, classId: c.kwargs.class_id });
    m.updateState(nm.tensor(y_true), nm.tensor(y_pred));
    close(m.result(), c.result, `${c.class}(${JSON.stringify(c.kwargs)})`);
  }
});

test('top-k accuracy counts a tie at the k-th place as inside the top k (in_top_k)', () => {
  const { y_true, y_pred, by_k } = ref.top_k;
  for (const [k, v] of Object.entries(by_k)) {
    const s = new metrics.SparseTopKCategoricalAccuracy(Number(k));
    s.updateState(nm.tensor(y_true, [4], 'int32'), nm.tensor(y_pred));
    close(s.result(), v.sparse, `sparse k=${k}`);
    const c = new metrics.TopKCategoricalAccuracy(Number(k));
    c.updateState(nm.utils.toCategorical(y_true, 4), nm.tensor(y_pred));
    close(c.result(), v.categorical, `categorical k=${k}`);
  }
});

test.run();
