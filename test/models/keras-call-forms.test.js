// The call forms Keras users type (the seeds as written): positional Model(inputs, outputs),
// metrics: 'accuracy' as one string, compile() without an optimizer, and plans keyed by
// everything that changes the bits (dtypes, shapes, weighting).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const { layers } = nm;

test('new Model(inputs, outputs) positional, as Keras users write it', () => {
  const inp = nm.Input({ shape: [3] });
  const out = new layers.Dense(2).apply(inp);
  const m = new nm.Model(inp, out);
  assert.is(m.layers.length, 2);
  assert.equal(m.outputs[0].shape, [null, 2]);
  const named = new nm.Model([inp], [out], { name: 'positional' });
  assert.is(named.name, 'positional');
  assert.is(named.predict(nm.ones([4, 3]))[0].shape[1], 2);
  assert.throws(() => new nm.Model(inp), (e) => e instanceof nm.ValueError && /outputs/.test(e.message));
  assert.throws(() => new nm.Model({ inputs: inp }), (e) => e instanceof nm.ValueError && /outputs/.test(e.message));
  assert.throws(() => new nm.Model(null), (e) => e instanceof nm.ValueError);
});

test("metrics: 'accuracy' as a single string (Keras 2 style, as the seeds write it)", async () => {
  const m = new nm.Sequential([new layers.Dense(1, { activation: 'sigmoid', inputShape: [2] })]);
  m.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: 'accuracy' });
  const h = await m.fit([[0, 0], [1, 1]], [0, 1], { epochs: 1, verbose: 0 });
  assert.equal(Object.keys(h.history).sort(), ['accuracy', 'loss']);
});

test("compile() without an optimizer uses 'rmsprop', as Keras does", () => {
  const m = new nm.Sequential([new layers.Dense(1, { inputShape: [2] })]);
  m.compile({ loss: 'mse' });
  assert.is(m.optimizer.className, 'RMSprop');
});

test('a plan is keyed by target dtype: int32 then float32 targets give the same loss (8.5e17 before)', async () => {
  const m = new nm.Sequential([new layers.Dense(1, { activation: 'sigmoid', inputShape: [2] })]);
  m.compile({ optimizer: 'sgd', loss: 'binary_crossentropy' });
  const x = [[0, 1], [1, 0], [1, 1], [0, 0]];
  const a = await m.evaluate(x, nm.tensor([[1], [0], [1], [0]], [4, 1], 'int32'), { verbose: 0 });
  const b = await m.evaluate(x, nm.tensor([[1], [0], [1], [0]]), { verbose: 0 });
  assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);
});

test('a plan is keyed by target shape: [n] then [n, 1] targets, and with and without weights', async () => {
  const m = new nm.Sequential([new layers.Dense(1, { inputShape: [2] })]);
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  const x = [[0, 1], [1, 0], [1, 1], [0, 0]];
  const a = await m.evaluate(x, [1, 2, 3, 4], { verbose: 0 });
  const b = await m.evaluate(x, [[1], [2], [3], [4]], { verbose: 0 });
  const c = await m.evaluate(x, [1, 2, 3, 4], { verbose: 0, sampleWeight: [1, 1, 1, 1] });
  const d = await m.evaluate(x, [1, 2, 3, 4], { verbose: 0, sampleWeight: [2, 0, 0, 0] });
  assert.ok(Math.abs(a - b) < 1e-6 && Math.abs(a - c) < 1e-6, `${a} ${b} ${c}`);
  const p = m.predict(x).dataSync();
  assert.ok(Math.abs(d - (2 * (p[0] - 1) ** 2) / 4) < 1e-5, `weighted ${d}`);
});

test('weightedMetrics log as weighted_<name> when the name is taken, under their own name otherwise', async () => {
  const m = new nm.Sequential([new layers.Dense(1, { activation: 'sigmoid', inputShape: [2] })]);
  m.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: ['accuracy'], weightedMetrics: ['accuracy', 'mse'] });
  const logs = await m.evaluate([[0, 1], [1, 0]], [1, 0], { verbose: 0, returnDict: true, sampleWeight: [1, 0] });
  assert.equal(Object.keys(logs).sort(), ['accuracy', 'loss', 'mse', 'weighted_accuracy']);
});

test.run();
