// The seed MNIST MLP on the real data against real Keras (training_reference.json): same history
// keys, per-epoch loss within 0.01, test accuracy ≥ 0.975. Also: 20 epochs on a 2,000-image
// subset keep linear memory constant after the first epoch. (~30 s: the slowest test.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureJSON } from '../helpers/fixtures.js';

const ref = await fixtureJSON('training_reference.json');
const [[xTrain, yTrain], [xTest, yTest]] = await nm.datasets.mnist.loadData();
const x = xTrain.reshape([60000, 784]).cast('float32').div(255);
const y = nm.toCategorical(yTrain);
const xt = xTest.reshape([10000, 784]).cast('float32').div(255);
const yt = nm.toCategorical(yTest);

function seedModel(metrics = ['accuracy']) {
  const m = new nm.Sequential([new nm.layers.Dense(512, { activation: 'relu', inputShape: [784] }), new nm.layers.Dense(10, { activation: 'softmax' })]);
  m.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics });
  return m;
}

const runs = ref.runs ?? ref;
const main = runs.main;

test('5 epochs: Keras history keys, loss within 0.01 of Keras each epoch, test accuracy ≥ 0.975', async () => {
  nm.setSeed(0);
  const m = seedModel();
  const h = await m.fit(x, y, { epochs: 5, batchSize: 128, verbose: 0 });
  assert.equal(Object.keys(h.history).sort(), Object.keys(main.history).sort());
  h.history.loss.forEach((l, i) => assert.ok(Math.abs(l - main.history.loss[i]) < 0.01, `epoch ${i + 1}: loss ${l} vs Keras ${main.history.loss[i]}`));
  const [, acc] = await m.evaluate(xt, yt, { verbose: 0 });
  assert.ok(acc >= 0.975, `test accuracy ${acc}`);
});

test("metrics: ['acc'] gives history keys acc, loss as in Keras", async () => {
  const m = seedModel(['acc']);
  const h = await m.fit(x.slice(':1280'), y.slice(':1280'), { epochs: 1, batchSize: 128, verbose: 0 });
  assert.equal(Object.keys(h.history).sort(), Object.keys(runs.metrics_acc.history).sort());
});

test('validationSplit 0.2 adds val_accuracy and val_loss', async () => {
  const m = seedModel();
  const h = await m.fit(x.slice(':2560'), y.slice(':2560'), { epochs: 1, batchSize: 128, verbose: 0, validationSplit: 0.2 });
  assert.equal(Object.keys(h.history).sort(), Object.keys(runs.validation_split.history).sort());
});

test('20 epochs on 2,000 images: linear memory constant after the first epoch', async () => {
  const m = seedModel();
  const xs = x.slice(':2000'), ys = y.slice(':2000');
  await m.fit(xs, ys, { epochs: 1, batchSize: 128, verbose: 0 });
  const after1 = nm.memory();
  await m.fit(xs, ys, { epochs: 19, batchSize: 128, verbose: 0 });
  const after20 = nm.memory();
  assert.is(after20.wasmMemoryBytes, after1.wasmMemoryBytes);
  assert.ok(after20.numBytes <= after1.numBytes, `${after20.numBytes} > ${after1.numBytes}`);
});

test.run();
