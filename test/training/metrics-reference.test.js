// metrics_reference.json from real Keras: metric objects batch by batch, metric functions,
// per-sample losses and their means, loss objects with options, 'accuracy' resolution.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureJSON } from '../helpers/fixtures.js';

const ref = await fixtureJSON('metrics_reference.json');
const near = (a, e, what, rel = 1e-5) => assert.ok(Math.abs(a - e) <= Math.max(1e-6, rel * Math.abs(e)), `${what}: got ${a}, Keras ${e}`);

function makeMetric(entry) {
  const c = entry.config;
  switch (entry.class) {
    case 'Accuracy': return new nm.metrics.Accuracy(c.name);
    case 'BinaryAccuracy': return new nm.metrics.BinaryAccuracy(c.name, c.threshold);
    case 'CategoricalAccuracy': return new nm.metrics.CategoricalAccuracy(c.name);
    case 'SparseCategoricalAccuracy': return new nm.metrics.SparseCategoricalAccuracy(c.name);
    case 'TopKCategoricalAccuracy': return new nm.metrics.TopKCategoricalAccuracy(c.k, c.name);
    case 'SparseTopKCategoricalAccuracy': return new nm.metrics.SparseTopKCategoricalAccuracy(c.k, c.name);
    case 'Precision': return new nm.metrics.Precision(c.name, c.thresholds);
    case 'Recall': return new nm.metrics.Recall(c.name, c.thresholds);
    case 'AUC': return new nm.metrics.AUC({ name: c.name, numThresholds: c.num_thresholds, curve: c.curve });
    case 'MeanAbsoluteError': return new nm.metrics.MeanAbsoluteError(c.name);
    case 'MeanSquaredError': return new nm.metrics.MeanSquaredError(c.name);
    case 'RootMeanSquaredError': return new nm.metrics.RootMeanSquaredError(c.name);
    default: throw new Error(`no metric class ${entry.class}`);
  }
}

for (const [name, entry] of Object.entries(ref.metrics)) {
  test(`metric ${name}`, () => {
    const m = makeMetric(entry);
    entry.batches.forEach((b, i) => {
      const dtype = entry.class.startsWith('Sparse') ? 'int32' : 'float32';
      m.updateState(nm.tensor(b.y_true, undefined, dtype), nm.tensor(b.y_pred));
      near(m.result(), entry.result_after_each_batch[i], `${name} after batch ${i + 1}`);
    });
    const cfg = m.getConfig();
    for (const [k, v] of Object.entries(entry.config)) if (k !== 'name' && k !== 'dtype') assert.equal(cfg[k], v, `${name} config ${k}`);
  });
}

test('metric functions per sample', () => {
  const I = ref.inputs;
  const fns = {
    binary_accuracy: () => nm.metrics.binaryAccuracy(nm.tensor(I.bin_true), nm.tensor(I.bin_pred)),
    categorical_accuracy: () => nm.metrics.categoricalAccuracy(nm.tensor(I.cat_true), nm.tensor(I.cat_pred)),
    sparse_categorical_accuracy: () => nm.metrics.sparseCategoricalAccuracy(nm.tensor(I.sparse_true, undefined, 'int32'), nm.tensor(I.cat_pred)),
    'top_k_categorical_accuracy(k=2)': () => nm.metrics.topKCategoricalAccuracy(nm.tensor(I.cat_true), nm.tensor(I.cat_pred), 2),
    mean_absolute_error: () => nm.losses.meanAbsoluteError(nm.tensor(ref.losses.mae.y_true), nm.tensor(ref.losses.mae.y_pred)),
    mean_squared_error: () => nm.losses.meanSquaredError(nm.tensor(ref.losses.mse.y_true), nm.tensor(ref.losses.mse.y_pred)),
  };
  for (const [k, f] of Object.entries(fns)) {
    const got = Array.from(f().dataSync());
    ref.functions[k].per_sample.forEach((e, i) => near(got[i], e, `${k}[${i}]`));
  }
});

for (const [name, entry] of Object.entries(ref.losses)) {
  test(`loss ${name}`, () => {
    const dtype = name.startsWith('sparse') || name.startsWith('Sparse') ? 'int32' : 'float32';
    const yt = nm.tensor(entry.y_true, undefined, dtype), yp = nm.tensor(entry.y_pred);
    if (entry.function) {
      const per = nm.losses.getLossFunction(entry.function)(yt, yp).dataSync();
      entry.per_sample.forEach((e, i) => near(per[i], e, `${name}[${i}]`));
      near(nm.losses.getLoss(name).call(yt, yp).item(), entry.mean, `${name} mean`);
    } else {
      const loss = {
        'SparseCategoricalCrossentropy(from_logits=True)': () => new nm.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
        'CategoricalCrossentropy(label_smoothing=0.1)': () => new nm.losses.CategoricalCrossentropy({ labelSmoothing: 0.1 }),
        'BinaryCrossentropy(from_logits=True)': () => new nm.losses.BinaryCrossentropy({ fromLogits: true }),
        'Huber(delta=0.5)': () => new nm.losses.Huber({ delta: 0.5 }),
      }[name]();
      near(loss.call(yt, yp).item(), entry.value, name);
    }
  });
}

test("'accuracy' and 'acc' resolve from shapes as Keras 3 does, keeping the user's name", () => {
  const r = (id, yt, yp) => nm.metrics.getMetric(id, { yTrueShape: yt, yPredShape: yp });
  assert.instance(r('accuracy', [null, 1], [null, 1]), nm.metrics.BinaryAccuracy);
  assert.instance(r('accuracy', [null], [null, 10]), nm.metrics.SparseCategoricalAccuracy);
  assert.instance(r('acc', [null, 1], [null, 10]), nm.metrics.SparseCategoricalAccuracy);
  assert.instance(r('acc', [null, 10], [null, 10]), nm.metrics.CategoricalAccuracy);
  assert.is(r('acc', [null, 10], [null, 10]).name, 'acc');
  assert.ok(ref.accuracy_string_resolution.includes('BinaryAccuracy'));
});

test('an unknown metric lists the nearest names', () => {
  assert.throws(() => nm.metrics.getMetric('accuracyy', { yTrueShape: [null], yPredShape: [null, 2] }), (e) => e instanceof nm.UnknownIdentifierError && /accuracy/.test(e.message));
});

test('integer labels with categorical_crossentropy suggest sparse_categorical_crossentropy', async () => {
  const m = new nm.Sequential([new nm.layers.Dense(3, { activation: 'softmax', inputDim: 2 })]);
  m.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
  try {
    await m.fit(nm.ones([4, 2]), nm.tensor([0, 1, 2, 1], [4], 'int32'), { verbose: 0 });
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, nm.ValueError);
    assert.match(e.message, /sparse_categorical_crossentropy/);
  }
});

test.run();
