// BatchNormalization: training (batch statistics + moving averages) and inference against a
// naive reference; gradients against finite differences; updates inside fit()'s plan.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng, gradCheck, maxDiff } from '../helpers/gradcheck.js';

const { layers } = nm;

// Per-channel (last axis) mean and biased variance.
function moments(v, C) {
  const n = v.length / C, m = new Float64Array(C), s = new Float64Array(C);
  for (let i = 0; i < v.length; i++) m[i % C] += v[i] / n;
  for (let i = 0; i < v.length; i++) s[i % C] += (v[i] - m[i % C]) ** 2 / n;
  return [m, s];
}

const normRef = (v, C, m, s, g, b, eps) => Array.from(v, (e, i) => ((e - m[i % C]) / Math.sqrt(s[i % C] + eps)) * g[i % C] + b[i % C]);

test('BatchNormalization: Keras weights, defaults and config', () => {
  nm.layers.clearSession();
  const bn = new layers.BatchNormalization();
  assert.is(bn.name, 'batch_normalization');
  bn.apply(nm.zeros([2, 3]));
  assert.equal(bn.weights.map((w) => [w.name, w.shape, w.trainable]), [
    ['batch_normalization/gamma', [3], true], ['batch_normalization/beta', [3], true],
    ['batch_normalization/moving_mean', [3], false], ['batch_normalization/moving_variance', [3], false]]);
  assert.equal(bn.trainableWeights.length, 2);
  assert.equal(bn.nonTrainableWeights.length, 2);
  const c = bn.getConfig();
  assert.equal([c.axis, c.momentum, c.epsilon, c.center, c.scale], [-1, 0.99, 0.001, true, true]);
  assert.equal(bn.getWeights().map((w) => Array.from(w.dataSync())), [[1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1]]);
});

test('BatchNormalization training uses batch statistics and moves the averages; inference uses them', () => {
  const r = rng(11);
  const C = 4;
  const v = r(5 * 3 * C, -2, 3);
  const x = nm.tensor(v, [5, 3, C]);
  const bn = new layers.BatchNormalization({ momentum: 0.9, epsilon: 0.01 });
  bn.apply(x);
  const g = r(C, 0.5, 1.5), b = r(C);
  bn.setWeights([nm.tensor(g), nm.tensor(b), nm.tensor(r(C)), nm.tensor(r(C, 0.5, 2))]);
  const [mm0, mv0] = bn.getWeights().slice(2).map((t) => Array.from(t.dataSync()));
  const y = bn.apply(x, { training: true });
  const [m, s] = moments(v, C);
  assert.ok(maxDiff(y.dataSync(), normRef(v, C, m, s, g, b, 0.01)) < 1e-5);
  const [mm, mv] = bn.getWeights().slice(2).map((t) => t.dataSync());
  assert.ok(maxDiff(mm, mm0.map((e, i) => 0.9 * e + 0.1 * m[i])) < 1e-6);
  assert.ok(maxDiff(mv, mv0.map((e, i) => 0.9 * e + 0.1 * s[i])) < 1e-6);
  const yi = bn.apply(x);
  assert.ok(maxDiff(yi.dataSync(), normRef(v, C, mm, mv, g, b, 0.01)) < 1e-5);
  // Inference leaves the moving statistics alone; a frozen layer runs in inference mode.
  assert.ok(maxDiff(bn.getWeights()[2].dataSync(), mm) === 0);
  bn.trainable = false;
  assert.ok(maxDiff(bn.apply(x, { training: true }).dataSync(), yi.dataSync()) === 0);
});

test('BatchNormalization on another axis, without center/scale', () => {
  const r = rng(12);
  const v = r(4 * 3 * 2);
  const bn = new layers.BatchNormalization({ axis: 1, center: false, scale: false });
  const y = bn.apply(nm.tensor(v, [4, 3, 2]), { training: true });
  assert.equal(bn.weights.map((w) => w.name.split('/')[1]), ['moving_mean', 'moving_variance']);
  // Move axis 1 last for the reference.
  const t = [];
  for (let n = 0; n < 4; n++) for (let k = 0; k < 2; k++) for (let c = 0; c < 3; c++) t.push(v[(n * 3 + c) * 2 + k]);
  const [m, s] = moments(t, 3);
  const ref = Array.from(v, (e, i) => { const c = Math.floor(i / 2) % 3; return (e - m[c]) / Math.sqrt(s[c] + 1e-3); });
  assert.ok(maxDiff(y.dataSync(), ref) < 1e-5);
});

test('BatchNormalization gradients (training and inference) match finite differences', () => {
  const r = rng(13);
  const x = nm.variable(nm.tensor(r(6 * 3, -1, 2), [6, 3]));
  const bn = new layers.BatchNormalization({ momentum: 0 });
  bn.apply(x);
  bn.setWeights([nm.tensor(r(3, 0.5, 1.5)), nm.tensor(r(3)), nm.tensor(r(3)), nm.tensor(r(3, 0.5, 2))]);
  const [, , mm, mv] = bn.getWeights();
  const reset = () => bn.setWeights([...bn.getWeights().slice(0, 2), mm, mv]);
  assert.ok(gradCheck(() => bn.apply(x, { training: true }), [x, bn.gamma, bn.beta]) < 1e-2);
  reset();
  assert.ok(gradCheck(() => bn.apply(x), [x, bn.gamma, bn.beta]) < 1e-2);
});

test('fit() updates the moving statistics through the traced plan', async () => {
  nm.setSeed(2);
  const r = rng(14);
  const x = nm.tensor(r(32 * 4, 1, 3), [32, 4]);
  const y = nm.tensor(r(32), [32, 1]);
  const bn = new layers.BatchNormalization({ momentum: 0.5 });
  const model = new nm.Sequential([nm.Input({ shape: [4] }), bn, new layers.Dense(1)]);
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  await model.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0, shuffle: false });
  // With one full batch per step, the moving mean after 3 steps is (1 - 0.5^3) * batch mean.
  const [m] = moments(x.dataSync(), 4);
  assert.ok(maxDiff(bn.getWeights()[2].dataSync(), Array.from(m, (e) => 0.875 * e)) < 1e-5);
});

test('LayerNormalization normalizes each sample; Keras weights, config, gradients', () => {
  nm.layers.clearSession();
  const r = rng(15);
  const v = r(4 * 3 * 5, -2, 2);
  const ln = new layers.LayerNormalization();
  assert.is(ln.name, 'layer_normalization');
  const x = nm.tensor(v, [4, 3, 5]);
  ln.apply(x);
  assert.equal(ln.weights.map((w) => [w.name, w.shape]), [['layer_normalization/gamma', [5]], ['layer_normalization/beta', [5]]]);
  const g = r(5, 0.5, 1.5), b = r(5);
  ln.setWeights([nm.tensor(g), nm.tensor(b)]);
  const ref = [];
  for (let row = 0; row < 12; row++) {
    const e = v.slice(row * 5, row * 5 + 5);
    const m = e.reduce((s, t) => s + t, 0) / 5, s2 = e.reduce((s, t) => s + (t - m) ** 2, 0) / 5;
    e.forEach((t, j) => ref.push(((t - m) / Math.sqrt(s2 + 1e-3)) * g[j] + b[j]));
  }
  assert.ok(maxDiff(ln.apply(x).dataSync(), ref) < 1e-5);
  const c = ln.getConfig();
  assert.equal([c.axis, c.epsilon, c.center, c.scale, c.rms_scaling], [[-1], 0.001, true, true, false]);
  // Over axes [1, 2]: one mean per sample.
  const ln2 = new layers.LayerNormalization({ axis: [1, 2], center: false });
  const y2 = ln2.apply(x).dataSync();
  assert.equal(ln2.weights.map((w) => w.shape), [[3, 5]]);
  const m0 = v.slice(0, 15).reduce((s, t) => s + t, 0) / 15, s0 = v.slice(0, 15).reduce((s, t) => s + (t - m0) ** 2, 0) / 15;
  assert.ok(Math.abs(y2[7] - (v[7] - m0) / Math.sqrt(s0 + 1e-3)) < 1e-5);
  const xv = nm.variable(nm.tensor(r(3 * 4), [3, 4]));
  const ln3 = new layers.LayerNormalization();
  ln3.apply(xv);
  ln3.setWeights([nm.tensor(r(4, 0.5, 1.5)), nm.tensor(r(4))]);
  assert.ok(gradCheck(() => ln3.apply(xv), [xv, ln3.gamma, ln3.beta]) < 1e-2);
});

test.run();
