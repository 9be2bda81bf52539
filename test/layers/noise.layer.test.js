// sdk/layers/noise.ts: GaussianNoise and SpatialDropout1D through runLayerTest, and Keras's
// semantics: identity at inference, noise only when training (fresh on every step of a plan),
// whole channels dropped, Keras 3.15's configs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

const L = nm.layers;

test('GaussianNoise', () => runLayerTest(L.GaussianNoise, { args: [0.1, { seed: 3 }], inputShape: [2, 3, 4], stochastic: true }));
test('SpatialDropout1D', () => runLayerTest(L.SpatialDropout1D, { args: [0.4], inputShape: [2, 3, 4], stochastic: true }));

test('GaussianNoise: identity at inference, N(0, stddev²) noise when training', () => {
  const x = nm.ones([200, 50]);
  const layer = new L.GaussianNoise(0.3);
  assert.equal(Array.from(layer.apply(x).dataSync()), Array.from(x.dataSync()));
  const noise = Array.from(layer.apply(x, { training: true }).dataSync(), (v) => v - 1);
  const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
  const sd = Math.sqrt(noise.reduce((a, b) => a + (b - mean) ** 2, 0) / noise.length);
  assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.3) < 0.01, `stddev ${sd}`);
});

test('SpatialDropout1D drops whole channels when training, scaled by 1/(1 - rate)', () => {
  nm.setSeed(4);
  const y = new L.SpatialDropout1D(0.5).apply(nm.ones([8, 5, 6]), { training: true }).dataSync();
  let dropped = 0;
  for (let b = 0; b < 8; b++) for (let c = 0; c < 6; c++) {
    const col = Array.from({ length: 5 }, (_, t) => y[(b * 5 + t) * 6 + c]);
    assert.ok(col.every((v) => v === col[0]) && (col[0] === 0 || col[0] === 2), `sample ${b} channel ${c}: ${col}`);
    if (col[0] === 0) dropped++;
  }
  assert.ok(dropped > 8 && dropped < 40, `${dropped} of 48 channels dropped`);
});

test('a training plan draws new noise on every step; predict() adds none', () => {
  nm.setSeed(1);
  const model = new nm.Sequential([nm.Input({ shape: [4] }), new L.GaussianNoise(0.5), new L.Dense(1, { kernelInitializer: 'ones', useBias: false })]);
  model.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 0 }), loss: 'mse' });
  const x = nm.ones([3, 4]), y = nm.zeros([3, 1]);
  const losses = [0, 1, 2].map(() => model.trainOnBatch(x, y));
  assert.ok(new Set(losses).size === 3, `losses ${losses}`);
  assert.equal(Array.from(model.predict(x).dataSync()), [4, 4, 4]);
});

test("configs are Keras 3.15's (SpatialDropout1D keeps four keys), and Keras's configs load", () => {
  const g = new L.GaussianNoise(0.1, { seed: 3, name: 'gaussian_noise' });
  assert.equal(g.getConfig(), { name: 'gaussian_noise', trainable: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null }, stddev: 0.1, seed: 3 });
  const s = new L.SpatialDropout1D(0.3, { name: 'spatial_dropout1d' });
  assert.equal(s.getConfig(), { rate: 0.3, seed: null, name: 'spatial_dropout1d', dtype: 'float32' });
  // The layers part of keras.Sequential([Input((4, 3)), SpatialDropout1D(0.3), GaussianNoise(0.2)]).get_config().
  const model = nm.modelFromConfig({ class_name: 'Sequential', config: { name: 'seq', layers: [
    { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4, 3], dtype: 'float32', sparse: false, name: 'input_layer' }, registered_name: null },
    { module: 'keras.layers', class_name: 'SpatialDropout1D', config: { rate: 0.3, seed: null, name: 'spatial_dropout1d_1', dtype: 'float32' }, registered_name: null },
    { module: 'keras.layers', class_name: 'GaussianNoise', config: { name: 'gaussian_noise_1', trainable: true, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null }, stddev: 0.2, seed: null }, registered_name: null },
  ] } });
  assert.equal(model.layers.map((l) => [l.className, l.name]), [['SpatialDropout1D', 'spatial_dropout1d_1'], ['GaussianNoise', 'gaussian_noise_1']]);
  assert.is(model.layers[1].stddev, 0.2);
});

test('seeded noise layers draw new numbers on every call, the same sequence for the same seed', () => {
  const x = nm.ones([4, 3, 8]);
  for (const make of [() => new L.GaussianNoise(0.3, { seed: 2 }), () => new L.SpatialDropout1D(0.5, { seed: 2 })]) {
    const draws = (layer) => [0, 1].map(() => Array.from(layer.apply(x, { training: true }).dataSync()).join());
    const a = draws(make()), b = draws(make());
    assert.is.not(a[0], a[1]);
    assert.equal(a, b);
  }
});

test('bad options are ValueErrors naming the layer', () => {
  assert.throws(() => new L.GaussianNoise(2), /GaussianNoise: stddev must be a number in \[0, 1\]/);
  assert.throws(() => new L.SpatialDropout1D(1), /SpatialDropout1D: rate must be in \[0, 1\)/);
  assert.throws(() => new L.SpatialDropout1D(0.2).apply(nm.ones([2, 3])), /SpatialDropout1D.*3-d/);
});

test.run();
