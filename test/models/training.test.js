// The training loop: Keras history keys and semantics, errors with clear messages.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const { layers } = nm;

function xorModel(opts = {}) {
  const m = new nm.Sequential([
    new layers.Dense(8, { activation: 'relu', inputDim: 2 }),
    new layers.Dense(1, { activation: 'sigmoid' }),
  ]);
  m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['accuracy'], ...opts });
  return m;
}
const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const Y = [[0], [1], [1], [0]];

test('fit returns a History with Keras keys; val_ keys with validationSplit', async () => {
  nm.setSeed(3);
  const m = xorModel();
  const h = await m.fit(nm.tensor([...X, ...X]), nm.tensor([...Y, ...Y]), { epochs: 3, batchSize: 2, verbose: 0, validationSplit: 0.25 });
  assert.equal(Object.keys(h.history).sort(), ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
  assert.is(h.history.loss.length, 3);
  assert.equal(h.epoch, [0, 1, 2]);
  assert.equal(h.params.steps, 3); // 6 training samples, batch 2
});

test("metrics: ['acc'] keeps the user's spelling in history", async () => {
  const m = xorModel({ metrics: ['acc'] });
  const h = await m.fit(nm.tensor(X), nm.tensor(Y), { epochs: 1, verbose: 0 });
  assert.equal(Object.keys(h.history).sort(), ['acc', 'loss']);
});

test('epoch loss is the batch-size-weighted mean of the batch losses (last partial batch kept)', () => {
  nm.setSeed(5);
  const m = xorModel({ optimizer: nm.internalOptimizerForTests ? 'sgd' : 'adam' });
  // evaluate() over batches of 3 and 1 must equal evaluate() in one batch of 4.
  const a = m.evaluateSync(nm.tensor(X), nm.tensor(Y), { batchSize: 3, verbose: 0 });
  const b = m.evaluateSync(nm.tensor(X), nm.tensor(Y), { batchSize: 4, verbose: 0 });
  assert.ok(Math.abs(a[0] - b[0]) < 1e-6, `${a[0]} vs ${b[0]}`);
});

test('trainOnBatch returns the loss of the forward pass before the update', () => {
  nm.setSeed(7);
  const m = xorModel();
  const before = m.evaluateSync(nm.tensor(X), nm.tensor(Y), { verbose: 0 })[0];
  const r = m.trainOnBatch(nm.tensor(X), nm.tensor(Y));
  assert.ok(Math.abs(r[0] - before) < 1e-6, `${r[0]} vs ${before}`);
  const after = m.evaluateSync(nm.tensor(X), nm.tensor(Y), { verbose: 0 })[0];
  assert.ok(after !== before);
});

test('predict matches a hand-written forward pass with the weights', () => {
  const m = xorModel();
  const [W1, b1, W2, b2] = m.getWeights();
  const x = nm.tensor(X);
  const ref = nm.sigmoid(nm.relu(x.matMul(W1).add(b1)).matMul(W2).add(b2));
  const p = m.predict(x);
  const d = p.sub(ref).abs().max().item();
  assert.ok(d < 1e-6, `max diff ${d}`);
});

test('setWeights/getWeights round trip; a wrong shape changes nothing', () => {
  const m = xorModel();
  const w = m.getWeights();
  const zeros = w.map((t) => nm.zerosLike(t));
  assert.throws(() => m.setWeights([...zeros.slice(0, 3), nm.zeros([5])]), (e) => e instanceof nm.ShapeError && /\[1\]/.test(e.message) && /\[5\]/.test(e.message));
  assert.equal(m.getWeights()[0].array(), w[0].array());
  m.setWeights(zeros);
  assert.is(m.getWeights()[0].abs().sum().item(), 0);
});

test('fit before compile is a clear error', async () => {
  const m = new nm.Sequential([new layers.Dense(1, { inputDim: 2 })]);
  try { await m.fit(nm.tensor(X), nm.tensor(Y)); assert.unreachable('fit should throw'); }
  catch (e) { assert.instance(e, nm.StateError); assert.match(e.message, /compile/); }
});

test('an input of the wrong shape names the layer, the expected and the received shape', () => {
  const m = xorModel();
  assert.throws(() => m.predict(nm.zeros([4, 3])), (e) => e instanceof nm.ShapeError && /\[null, 2\]/.test(e.message) && /\[4, 3\]/.test(e.message) && /input_layer/.test(e.message));
});

test('validationSplit outside [0, 1) is rejected', async () => {
  const m = xorModel();
  for (const v of [-0.1, 1, 1.5]) {
    try { await m.fit(nm.tensor(X), nm.tensor(Y), { validationSplit: v, verbose: 0 }); assert.unreachable(); }
    catch (e) { assert.instance(e, nm.ValueError); assert.match(e.message, /validationSplit/); }
  }
});

test('unknown optimizer / loss names list the nearest valid names', () => {
  const m = new nm.Sequential([new layers.Dense(1, { inputDim: 2 })]);
  assert.throws(() => m.compile({ optimizer: 'adamm', loss: 'mse' }), (e) => e instanceof nm.UnknownIdentifierError && /adam/.test(e.message));
  assert.throws(() => m.compile({ optimizer: 'adam', loss: 'mean_squared_eror' }), (e) => e instanceof nm.UnknownIdentifierError && /mean_squared_error|mse/.test(e.message));
  assert.throws(() => new layers.Dense(2, { activation: 'relux' }), (e) => e instanceof nm.UnknownIdentifierError && /relu/.test(e.message));
});

test('TerminateOnNaN stops training and says at which batch', async () => {
  const m = new nm.Sequential([new layers.Dense(1, { inputDim: 1 })]);
  m.compile({ optimizer: 'adam', loss: 'mse' });
  const cb = new nm.TerminateOnNaN();
  const x = nm.tensor([[1], [2], [NaN], [4]]);
  const h = await m.fit(x, nm.tensor([[1], [2], [3], [4]]), { epochs: 5, batchSize: 1, shuffle: false, verbose: 0, callbacks: [cb] });
  assert.is(cb.stoppedAtBatch, 2);
  assert.is(h.history.loss.length, 1);
});

test('EarlyStopping stops when val_loss stops improving and restores the best weights', async () => {
  nm.setSeed(11);
  const m = xorModel({ optimizer: 'adam' });
  const es = new nm.EarlyStopping({ monitor: 'loss', patience: 0, mode: 'max', restoreBestWeights: true });
  const h = await m.fit(nm.tensor(X), nm.tensor(Y), { epochs: 10, verbose: 0, callbacks: [es] });
  assert.ok(h.history.loss.length < 10);
});

test('model.stopTraining = true stops after the batch', async () => {
  const m = xorModel();
  const cb = new nm.LambdaCallback({ onBatchEnd: (b) => { if (b === 1) m.stopTraining = true; } });
  let batches = 0;
  const count = new nm.LambdaCallback({ onBatchEnd: () => { batches++; } });
  await m.fit(nm.tensor(X), nm.tensor(Y), { epochs: 3, batchSize: 1, verbose: 0, callbacks: [cb, count] });
  assert.is(batches, 2);
});

test('setSeed makes two runs bit-identical (deterministic mode)', async () => {
  nm.setBackendFlags({ deterministic: true });
  const run = async () => {
    nm.setSeed(42);
    const m = xorModel();
    await m.fit(nm.tensor(X), nm.tensor(Y), { epochs: 5, batchSize: 2, verbose: 0 });
    return m.getWeights().map((t) => Array.from(t.dataSync()));
  };
  assert.equal(await run(), await run());
  nm.setBackendFlags({ deterministic: false });
});

test('functional model with two inputs, two outputs: history keys as Keras', async () => {
  const a = nm.Input({ shape: [3], name: 'a' });
  const b = nm.Input({ shape: [2], name: 'b' });
  const c = new layers.Concatenate().apply([a, b]);
  const cls = new layers.Dense(2, { activation: 'softmax', name: 'cls' }).apply(c);
  const reg = new layers.Dense(1, { name: 'reg' }).apply(c);
  const m = new nm.Model({ inputs: [a, b], outputs: [cls, reg] });
  m.compile({ optimizer: 'adam', loss: { cls: 'sparse_categorical_crossentropy', reg: 'mse' }, metrics: { cls: ['accuracy'] } });
  const h = await m.fit({ a: nm.ones([4, 3]), b: nm.ones([4, 2]) }, { cls: nm.tensor([0, 1, 0, 1], [4], 'int32'), reg: nm.zeros([4, 1]) }, { epochs: 1, verbose: 0 });
  assert.equal(Object.keys(h.history).sort(), ['cls_accuracy', 'cls_loss', 'loss', 'reg_loss']);
  const p = m.predict([nm.ones([4, 3]), nm.ones([4, 2])]);
  assert.is(p.length, 2);
  assert.equal(p[0].shape, [4, 2]);
});

test('a Sequential model without an input shape builds on first data', async () => {
  const m = new nm.Sequential([new layers.Dense(4, { activation: 'relu' }), new layers.Dense(1)]);
  m.compile({ optimizer: 'adam', loss: 'mse' });
  await m.fit(nm.tensor(X), nm.tensor(Y), { epochs: 1, verbose: 0 });
  assert.equal(m.layers[0].kernel.shape, [2, 4]);
});

test('memory stays flat while training: no growth of linear memory after the first epoch', async () => {
  const m = xorModel();
  const x = nm.randomUniform([256, 2]), y = nm.randomUniform([256, 1]);
  await m.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
  const before = nm.memory();
  await m.fit(x, y, { epochs: 5, batchSize: 32, verbose: 0 });
  const after = nm.memory();
  assert.is(after.wasmMemoryBytes, before.wasmMemoryBytes);
});

test.run();
