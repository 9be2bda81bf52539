// Bidirectional and TimeDistributed against the wrapped layers run by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng, gradCheck, maxDiff } from '../helpers/gradcheck.js';

const { layers } = nm;
const B = 2, T = 4, F = 3, U = 5;
const xv = rng(31)(B * T * F);
const X = nm.tensor(xv, [B, T, F]);

test('Bidirectional(LSTM, returnSequences) = [forward, time-reversed backward] concatenated', () => {
  nm.layers.clearSession();
  const bi = new layers.Bidirectional(new layers.LSTM(U, { returnSequences: true }));
  assert.is(bi.name, 'bidirectional');
  const y = bi.apply(X);
  assert.equal(y.shape, [B, T, 2 * U]);
  assert.equal(bi.weights.map((w) => w.name), ['forward_lstm/lstm_cell/kernel', 'forward_lstm/lstm_cell/recurrent_kernel', 'forward_lstm/lstm_cell/bias',
    'backward_lstm/lstm_cell/kernel', 'backward_lstm/lstm_cell/recurrent_kernel', 'backward_lstm/lstm_cell/bias']);
  const w = bi.getWeights();
  const fwd = new layers.LSTM(U, { returnSequences: true }), bwd = new layers.LSTM(U, { returnSequences: true, goBackwards: true });
  fwd.apply(X); bwd.apply(X);
  fwd.setWeights(w.slice(0, 3)); bwd.setWeights(w.slice(3));
  const f = fwd.apply(X).dataSync(), b = bwd.apply(X).dataSync();
  const ref = [];
  for (let n = 0; n < B; n++) for (let t = 0; t < T; t++) {
    for (let j = 0; j < U; j++) ref.push(f[(n * T + t) * U + j]);
    for (let j = 0; j < U; j++) ref.push(b[(n * T + (T - 1 - t)) * U + j]);
  }
  assert.ok(maxDiff(y.dataSync(), ref) < 1e-6);
  const c = bi.getConfig();
  assert.equal([c.merge_mode, c.layer.class_name, c.layer.config.name, c.backward_layer.config.name, c.backward_layer.config.go_backwards], ['concat', 'LSTM', 'forward_lstm', 'backward_lstm', true]);
});

test('Bidirectional merge modes, returnState, summary and config round trip', () => {
  for (const [mode, op] of [['sum', (a, b) => a + b], ['mul', (a, b) => a * b], ['ave', (a, b) => (a + b) / 2]]) {
    const bi = new layers.Bidirectional(new layers.GRU(U), { mergeMode: mode });
    const y = bi.apply(X).dataSync();
    const f = bi.forwardLayer.apply(X).dataSync(), b = bi.backwardLayer.apply(X).dataSync();
    assert.ok(maxDiff(y, Array.from(f, (v, i) => op(v, b[i]))) < 1e-6, mode);
  }
  const bs = new layers.Bidirectional(new layers.LSTM(U, { returnState: true }));
  const outs = bs.apply(X);
  assert.equal(outs.map((t) => t.shape), [[B, 2 * U], [B, U], [B, U], [B, U], [B, U]]);
  assert.equal(bs.computeOutputShape([null, T, F]), [[null, 2 * U], [null, U], [null, U], [null, U], [null, U]]);
  const two = new layers.Bidirectional(new layers.SimpleRNN(U), { mergeMode: null }).apply(X);
  assert.is(two.length, 2);

  nm.layers.clearSession();
  const model = new nm.Sequential([nm.Input({ shape: [T, F] }), new layers.Bidirectional(new layers.LSTM(U, { returnSequences: true })),
    new layers.Bidirectional(new layers.GRU(U)), new layers.Dense(1)]);
  const text = model.summary({ printFn: null });
  assert.ok(text.includes('bidirectional (Bidirectional)') && text.includes('(None, 4, 10)') && text.includes('bidirectional_1'), text);
  // LSTM: 4·U·(F + U + 1) per direction; GRU (reset_after): 3·U·(2U + 2 + 2U)... counted from weights.
  assert.is(model.layers[0].countParams(), 2 * 4 * U * (F + U + 1));
  const cfg = model.layers[0].getConfig();
  const back = nm.layers.Bidirectional.fromConfig(cfg);
  assert.equal(back.forwardLayer.name, 'forward_lstm');
  assert.equal(back.backwardLayer.name, 'backward_lstm');
  assert.throws(() => new layers.Bidirectional(new layers.Dense(2)), /recurrent/);
  assert.throws(() => new layers.Bidirectional(new layers.LSTM(2), { mergeMode: 'max' }), /mergeMode/);
});

test('Bidirectional gradients and training', async () => {
  const x = nm.variable(nm.tensor(xv, [B, T, F]));
  const bi = new layers.Bidirectional(new layers.SimpleRNN(3, { returnSequences: true }));
  bi.apply(x);
  assert.ok(gradCheck(() => bi.apply(x), [x, ...bi.trainableWeights]) < 1e-2);
  nm.setSeed(5);
  const r = rng(32);
  const xs = nm.tensor(r(32 * 5 * 2), [32, 5, 2]);
  const v = xs.dataSync();
  // Label: is the first step's feature 0 larger than the last step's?
  const ys = nm.tensor(Array.from({ length: 32 }, (_, i) => (v[i * 10] > v[i * 10 + 8] ? 1 : 0)), [32], 'int32');
  const model = new nm.Sequential([nm.Input({ shape: [5, 2] }), new layers.Bidirectional(new layers.GRU(6)), new layers.Dense(2, { activation: 'softmax' })]);
  model.compile({ optimizer: new nm.optimizers.Adam({ learningRate: 0.03 }), loss: 'sparse_categorical_crossentropy' });
  const h = await model.fit(xs, ys, { epochs: 10, batchSize: 16, verbose: 0 });
  const loss = h.history.loss;
  assert.ok(loss[loss.length - 1] < loss[0] * 0.8, `loss ${loss[0]} → ${loss[loss.length - 1]}`);
});

test('TimeDistributed(Dense) and TimeDistributed(Conv2D) equal the layer applied per step', () => {
  nm.layers.clearSession();
  const td = new layers.TimeDistributed(new layers.Dense(4, { activation: 'tanh' }));
  assert.is(td.name, 'time_distributed');
  const y = td.apply(X);
  assert.equal(y.shape, [B, T, 4]);
  assert.equal(td.computeOutputShape([null, T, F]), [null, T, 4]);
  assert.equal(td.weights.map((w) => w.shape), [[F, 4], [4]]);
  const yd = td.layer.apply(nm.reshape(X, [B * T, F])).dataSync();
  assert.ok(maxDiff(y.dataSync(), yd) === 0);
  const x5 = nm.tensor(rng(33)(2 * 3 * 5 * 5 * 2), [2, 3, 5, 5, 2]);
  const tc = new layers.TimeDistributed(new layers.Conv2D(3, 3));
  const yc = tc.apply(x5);
  assert.equal(yc.shape, [2, 3, 3, 3, 3]);
  const frame = nm.slice(x5, [1, 2, null, null, null]);
  const ref = tc.layer.apply(nm.reshape(frame, [1, 5, 5, 2])).dataSync();
  assert.ok(maxDiff(nm.slice(yc, [1, 2, null, null, null]).dataSync(), ref) < 1e-6);
  const xv2 = nm.variable(X);
  assert.ok(gradCheck(() => td.apply(xv2), [xv2, ...td.trainableWeights]) < 1e-2);
  assert.equal(nm.layers.TimeDistributed.fromConfig(td.getConfig()).layer.className, 'Dense');
});

test.run();
