// SimpleRNN, LSTM, GRU against naive step-by-step cells written from the Keras equations;
// backprop through time against finite differences; Keras weight names/shapes and config.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng, gradCheck, maxDiff } from '../helpers/gradcheck.js';

const { layers } = nm;
const sig = (v) => 1 / (1 + Math.exp(-v));

// y[j] = sum_i v[i] * M[i, j] (+ b[j]); M row-major [rows, cols], column block [c0, c0 + n).
function vecMat(v, M, cols, c0, n, b) {
  return Array.from({ length: n }, (_, j) => v.reduce((s, e, i) => s + e * M[i * cols + c0 + j], b ? b[c0 + j] : 0));
}

/** Run a cell over [B, T, F] inputs; returns per-batch lists of states per step. */
function runRef(x, [B, T, F], step, init, backwards = false) {
  const out = [];
  for (let n = 0; n < B; n++) {
    let st = init();
    const seq = [];
    for (let k = 0; k < T; k++) {
      const t = backwards ? T - 1 - k : k;
      st = step(Array.from(x.slice((n * T + t) * F, (n * T + t + 1) * F)), st);
      seq.push(st);
    }
    out.push(seq);
  }
  return out;
}

const weightsOf = (layer) => layer.getWeights().map((w) => Array.from(w.dataSync()));

function simpleRef(layer) {
  const u = layer.units, [W, U, b] = weightsOf(layer);
  return { init: () => [new Array(u).fill(0)], step: (xt, [h]) => {
    const a = vecMat(xt, W, u, 0, u, b), r = vecMat(h, U, u, 0, u);
    return [a.map((e, j) => Math.tanh(e + r[j]))];
  } };
}

function lstmRef(layer) {
  const u = layer.units, [W, U, b] = weightsOf(layer);
  return { init: () => [new Array(u).fill(0), new Array(u).fill(0)], step: (xt, [h, c]) => {
    const z = (g) => vecMat(xt, W, 4 * u, g * u, u, b).map((e, j) => e + vecMat(h, U, 4 * u, g * u, u)[j]);
    const i = z(0).map(sig), f = z(1).map(sig), g = z(2).map(Math.tanh), o = z(3).map(sig);
    const c2 = c.map((e, j) => f[j] * e + i[j] * g[j]);
    return [c2.map((e, j) => o[j] * Math.tanh(e)), c2];
  } };
}

function gruRef(layer) {
  const u = layer.units, [W, U, bias] = weightsOf(layer);
  const after = layer.resetAfter;
  const bx = after ? bias.slice(0, 3 * u) : bias, bh = after ? bias.slice(3 * u) : null;
  return { init: () => [new Array(u).fill(0)], step: (xt, [h]) => {
    const xz = vecMat(xt, W, 3 * u, 0, u, bx), xr = vecMat(xt, W, 3 * u, u, u, bx), xh = vecMat(xt, W, 3 * u, 2 * u, u, bx);
    const rz = vecMat(h, U, 3 * u, 0, u, bh), rr = vecMat(h, U, 3 * u, u, u, bh);
    const z = xz.map((e, j) => sig(e + rz[j])), r = xr.map((e, j) => sig(e + rr[j]));
    const rh = after ? vecMat(h, U, 3 * u, 2 * u, u, bh).map((e, j) => r[j] * e) : vecMat(h.map((e, j) => r[j] * e), U, 3 * u, 2 * u, u);
    const hh = xh.map((e, j) => Math.tanh(e + rh[j]));
    return [h.map((e, j) => z[j] * e + (1 - z[j]) * hh[j])];
  } };
}

const SHAPE = [3, 5, 4];
const xv = rng(21)(SHAPE.reduce((a, b) => a * b), -1, 1);
const X = nm.tensor(xv, SHAPE);

// Random (nonzero) biases so every bias path is tested.
function randomize(layer, seed) {
  const r = rng(seed);
  layer.setWeights(layer.getWeights().map((w) => nm.tensor(r(w.size, -0.6, 0.6), w.shape)));
}

for (const [name, make, ref] of [
  ['SimpleRNN', (o) => new layers.SimpleRNN(3, o), simpleRef],
  ['LSTM', (o) => new layers.LSTM(3, o), lstmRef],
  ['GRU (reset_after)', (o) => new layers.GRU(3, o), gruRef],
  ['GRU (reset_after=false)', (o) => new layers.GRU(3, { ...o, resetAfter: false }), gruRef],
]) {
  test(`${name} equals a naive step-by-step cell (last output, sequences, states, go_backwards)`, () => {
    for (const goBackwards of [false, true]) {
      const layer = make({ returnSequences: true, returnState: true, goBackwards });
      layer.apply(X);
      randomize(layer, 22);
      const { step, init } = ref(layer);
      const seqs = runRef(xv, SHAPE, step, init, goBackwards);
      const [seq, ...states] = layer.apply(X);
      assert.equal(seq.shape, [3, 5, 3]);
      assert.ok(maxDiff(seq.dataSync(), seqs.flatMap((s) => s.flatMap((st) => st[0]))) < 1e-5, `${name} sequences`);
      assert.is(states.length, name === 'LSTM' ? 2 : 1);
      states.forEach((st, k) => assert.ok(maxDiff(st.dataSync(), seqs.flatMap((s) => s[4][k])) < 1e-5, `${name} state ${k}`));
      const last = make({ goBackwards });
      last.apply(X);
      last.setWeights(layer.getWeights());
      const y = last.apply(X);
      assert.equal(y.shape, [3, 3]);
      assert.ok(maxDiff(y.dataSync(), seqs.flatMap((s) => s[4][0])) < 1e-5);
    }
  });

  test(`${name} gradients through time match finite differences`, () => {
    const x = nm.variable(nm.tensor(xv.slice(0, 2 * 4 * 4), [2, 4, 4]));
    const layer = make({ returnSequences: true });
    layer.apply(x);
    randomize(layer, 23);
    const worst = gradCheck(() => layer.apply(x), [x, ...layer.trainableWeights], { eps: 1e-2 });
    assert.ok(worst < 1e-2, `${name}: ${worst}`);
  });
}

test('Keras weight names, shapes, LSTM forget bias, defaults and config', () => {
  nm.layers.clearSession();
  const lstm = new layers.LSTM(8), gru = new layers.GRU(6), rnn = new layers.SimpleRNN(5);
  assert.equal([lstm.name, gru.name, rnn.name], ['lstm', 'gru', 'simple_rnn']);
  for (const l of [lstm, gru, rnn]) l.apply(nm.zeros([1, 2, 4]));
  const desc = (l) => l.weights.map((w) => [w.name, w.shape]);
  assert.equal(desc(lstm), [['lstm/lstm_cell/kernel', [4, 32]], ['lstm/lstm_cell/recurrent_kernel', [8, 32]], ['lstm/lstm_cell/bias', [32]]]);
  assert.equal(desc(gru), [['gru/gru_cell/kernel', [4, 18]], ['gru/gru_cell/recurrent_kernel', [6, 18]], ['gru/gru_cell/bias', [2, 18]]]);
  assert.equal(desc(rnn), [['simple_rnn/simple_rnn_cell/kernel', [4, 5]], ['simple_rnn/simple_rnn_cell/recurrent_kernel', [5, 5]], ['simple_rnn/simple_rnn_cell/bias', [5]]]);
  // unit_forget_bias: the forget block of the bias starts at 1.
  const b = Array.from(lstm.getWeights()[2].dataSync());
  assert.equal(b, [...new Array(8).fill(0), ...new Array(8).fill(1), ...new Array(16).fill(0)]);
  // The recurrent kernel is orthogonal: U·Uᵀ = I.
  const U = rnn.getWeights()[1];
  assert.ok(maxDiff(nm.matMul(U, U, false, true).dataSync(), nm.eye(5).dataSync()) < 1e-5);
  const c = lstm.getConfig();
  assert.equal([c.units, c.activation, c.recurrent_activation, c.unit_forget_bias, c.return_sequences, c.return_state, c.recurrent_initializer.class_name],
    [8, 'tanh', 'sigmoid', true, false, false, 'Orthogonal']);
  assert.is(gru.getConfig().reset_after, true);
  assert.ok(!('recurrent_activation' in rnn.getConfig()));
  assert.equal(new layers.LSTM(4, { returnState: true }).computeOutputShape([null, 7, 2]), [[null, 4], [null, 4], [null, 4]]);
  assert.throws(() => new layers.GRU(2).apply(nm.zeros([2, 3])), /3-d/);
});

test('RNN dropout: one input mask per sequence while training, none at inference', () => {
  const F = 400, rate = 0.25;
  // Linear SimpleRNN that sums its inputs, with no recurrence: every step shows sum(x * mask).
  const rnn = new layers.SimpleRNN(1, { activation: 'linear', dropout: rate, returnSequences: true, useBias: false });
  const x = nm.ones([4, 3, F]);
  rnn.apply(x);
  rnn.setWeights([nm.ones([F, 1]), nm.zeros([1, 1])]);
  const y = rnn.apply(x, { training: true }).dataSync();
  for (let n = 0; n < 4; n++) {
    const kept = y[n * 3] * (1 - rate);
    assert.ok(Math.abs(kept - Math.round(kept)) < 1e-3 && kept > 0.6 * F && kept < 0.9 * F, `kept ${kept}`);
    assert.ok(Math.abs(y[n * 3 + 1] - y[n * 3]) < 1e-3 && Math.abs(y[n * 3 + 2] - y[n * 3]) < 1e-3, 'same mask at every step');
  }
  // Two samples' kept counts can match by chance (≈3 %); all four hardly ever (≈1e-4).
  assert.ok([1, 2, 3].some((n) => Math.abs(y[0] - y[n * 3]) > 1e-3), 'different masks per sample');
  assert.equal(Array.from(rnn.apply(x).dataSync()), new Array(12).fill(F));
  // Recurrent dropout masks h_prev before h_prev·U: with W = 1, U = I, two steps of x = 1
  // give h_2 = 1 + mask ∈ {1, 3} (mask values 0 or 1/(1 - 0.5)).
  const u = 200;
  const rd = new layers.SimpleRNN(u, { activation: 'linear', recurrentDropout: 0.5, useBias: false });
  rd.apply(nm.ones([1, 2, 1]));
  rd.setWeights([nm.ones([1, u]), nm.eye(u)]);
  const h2 = Array.from(rd.apply(nm.ones([1, 2, 1]), { training: true }).dataSync());
  const threes = h2.filter((v) => Math.abs(v - 3) < 1e-5).length;
  assert.ok(h2.every((v) => Math.abs(v - 1) < 1e-5 || Math.abs(v - 3) < 1e-5), 'values 1 or 3');
  assert.ok(threes > 0.3 * u && threes < 0.7 * u, `${threes} of ${u} kept`);
  assert.ok(Array.from(rd.apply(nm.ones([1, 2, 1])).dataSync()).every((v) => Math.abs(v - 2) < 1e-5), 'no dropout at inference');
  const lstm = new layers.LSTM(3, { recurrentDropout: 0.5 });
  assert.equal([lstm.getConfig().dropout, lstm.getConfig().recurrent_dropout], [0, 0.5]);
  assert.throws(() => new layers.GRU(2, { dropout: 1 }), /dropout/);
});

test('an LSTM model trains with fit()', async () => {
  nm.setSeed(4);
  const r = rng(24);
  const n = 32;
  const x = nm.tensor(r(n * 6 * 2), [n, 6, 2]);
  // Label: sign of the sum of the first feature over time.
  const v = x.dataSync();
  const y = nm.tensor(Array.from({ length: n }, (_, i) => { let s = 0; for (let t = 0; t < 6; t++) s += v[(i * 6 + t) * 2]; return s > 0 ? 1 : 0; }), [n], 'int32');
  const model = new nm.Sequential([nm.Input({ shape: [6, 2] }), new layers.LSTM(6, { returnSequences: true }), new layers.GRU(4), new layers.Dense(2, { activation: 'softmax' })]);
  model.compile({ optimizer: new nm.optimizers.Adam({ learningRate: 0.02 }), loss: 'sparse_categorical_crossentropy' });
  const h = await model.fit(x, y, { epochs: 12, batchSize: 16, verbose: 0 });
  const loss = h.history.loss;
  assert.ok(loss[loss.length - 1] < loss[0] * 0.8, `loss ${loss[0]} → ${loss[loss.length - 1]}`);
});

test.run();
