// Models used as layers of other models, at any depth (Keras's nested models): building,
// training with the inner model's regularizers and constraints, frozen inner models, weights
// order, summary rows, and save/load round trips in every format.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const { layers } = nm;

function innerModel(name = 'inner') {
  return new nm.Sequential([
    new layers.Dense(5, { activation: 'relu', kernelRegularizer: nm.regularizers.l2(0.01), kernelConstraint: 'non_neg', inputShape: [6] }),
    new layers.BatchNormalization(),
    new layers.Dense(4),
  ], { name });
}
function nestedModel() {
  const inner = innerModel();
  const inp = nm.Input({ shape: [6] });
  const out = new layers.Dense(2, { activation: 'softmax', name: 'head' }).apply(inner.apply(inp));
  return { inner, model: new nm.Model(inp, out) };
}
/** The same layers without nesting, with the same weights. */
function flatCopy(nested) {
  const flat = new nm.Sequential([
    new layers.Dense(5, { activation: 'relu', kernelRegularizer: nm.regularizers.l2(0.01), kernelConstraint: 'non_neg', inputShape: [6] }),
    new layers.BatchNormalization(),
    new layers.Dense(4),
    new layers.Dense(2, { activation: 'softmax' }),
  ]);
  flat.setWeights(nested.getWeights());
  return flat;
}
const X = nm.randomNormal([16, 6], 0, 1, 'float32', 3);
const Y = nm.tensor(Array.from({ length: 16 }, (_, i) => i % 2));

test("a nested model's regularization loss is in model.losses and in the training loss; its constraint is applied", () => {
  const { model, inner } = nestedModel();
  assert.is(model.losses.length, 1);
  const flat = flatCopy(model);
  for (const m of [model, flat]) m.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 0.5 }), loss: 'sparse_categorical_crossentropy' });
  for (let step = 0; step < 3; step++) {
    const a = model.trainOnBatch(X, Y), b = flat.trainOnBatch(X, Y);
    assert.ok(Math.abs(a - b) < 1e-5, `step ${step}: nested ${a}, flat ${b}`);
  }
  assert.ok(Math.min(...inner.layers[0].weights[0].dataSync()) >= 0, 'non_neg kernel');
  const wa = model.getWeights(), wb = flat.getWeights();
  wa.forEach((w, i) => assert.ok(Math.max(...w.dataSync().map((v, j) => Math.abs(v - wb[i].dataSync()[j]))) < 1e-5, `weight ${i}`));
});

test('a constraint is enforced after optimizer.applyGradients in a custom GradientTape loop', () => {
  const { model, inner } = nestedModel();
  const opt = new nm.optimizers.SGD({ learningRate: 1 });
  const kernel = inner.layers[0].weights[0];
  for (let i = 0; i < 3; i++) {
    const tape = new nm.GradientTape();
    // A loss that pushes the kernel negative.
    const loss = tape.record(() => nm.sum(model.apply(X, { training: true })).add(nm.sum(kernel)));
    const grads = tape.gradient(loss, model.trainableWeights);
    opt.applyGradients(grads.map((g, j) => [g, model.trainableWeights[j]]));
  }
  assert.ok(Math.min(...kernel.dataSync()) >= 0, 'kernel stays non-negative');
});

test('a frozen nested model keeps its weights; BatchNormalization statistics are non-trainable at any depth', async () => {
  const { model, inner } = nestedModel();
  inner.trainable = false;
  assert.is(model.trainableWeights.length, 2);
  assert.is(model.nonTrainableWeights.length, 8);
  assert.is(model.losses.length, 0, 'frozen weights add no penalty (Keras: trainable_weights only)');
  const before = inner.getWeights().map((w) => Array.from(w.dataSync()));
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  await model.fit(X, Y, { epochs: 2, verbose: 0 });
  inner.getWeights().forEach((w, i) => assert.equal(Array.from(w.dataSync()), before[i], `inner weight ${i}`));
});

test("weights order is Keras's: layer by layer, into the nested model", () => {
  nm.layers.clearSession();
  const { model } = nestedModel();
  assert.equal(model.weights.map((w) => w.name), [
    'inner/dense/kernel', 'inner/dense/bias', 'inner/batch_normalization/gamma', 'inner/batch_normalization/beta',
    'inner/batch_normalization/moving_mean', 'inner/batch_normalization/moving_variance', 'inner/dense_1/kernel', 'inner/dense_1/bias',
    'head/kernel', 'head/bias',
  ]);
  model.setWeights(model.getWeights().map((t) => t.mul(0)));
  assert.ok(model.getWeights().every((t) => t.dataSync().every((v) => v === 0)));
});

test('Sequential inside Sequential builds from the inner input shape; summary has one row per nested model', () => {
  nm.layers.clearSession();
  const inner = innerModel();
  const outer = new nm.Sequential([inner, new layers.Dense(3)]);
  const lines = [];
  outer.summary({ printFn: (l) => lines.push(l) });
  const text = lines.join('\n');
  assert.match(text, /inner \(Sequential\)\s+│ \(None, 4\)\s+│\s+79 │/);
  assert.match(text, /dense_2 \(Dense\)\s+│ \(None, 3\)\s+│\s+15 │/);
  assert.match(text, /Total params: 94/);
  assert.is(outer.predict(nm.ones([2, 6])).shape[1], 3);
});

for (const format of ['keras', 'h5', 'tfjs']) {
  test(`nested model: ${format} round trip predicts the same (a layer also used in another model)`, async () => {
    const { model, inner } = nestedModel();
    new nm.Sequential([inner, new layers.Dense(3)]); // a second node on `inner`, not part of `model`
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
    await model.fit(X, Y, { epochs: 1, verbose: 0 });
    const back = await nm.loadModel(await model.toFiles(format));
    const a = model.predict(X).dataSync(), b = back.predict(X).dataSync();
    assert.ok(a.every((v, i) => Math.abs(v - b[i]) < 1e-6), format);
    assert.is(back.layers.find((l) => l.name === 'inner')?.className, 'Sequential');
  });
}

test.run();
