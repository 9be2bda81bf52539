// Every layer of sdk/layers/core.ts and activation-layers.ts through runLayerTest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

const L = nm.layers;

test('Dense', () => runLayerTest(L.Dense, { args: [3, { activation: 'tanh' }], inputShape: [2, 4], trainableWeights: 2, expectedOutputShape: [2, 3] }));
test('Dense on a 3-d input, no bias', () => runLayerTest(L.Dense, { args: [2, { useBias: false }], inputShape: [2, 3, 4], trainableWeights: 1 }));
test('Flatten', () => runLayerTest(L.Flatten, { inputShape: [2, 3, 2], expectedOutputShape: [2, 6] }));
test('Reshape', () => runLayerTest(L.Reshape, { args: [[3, -1]], inputShape: [2, 6], expectedOutputShape: [2, 3, 2] }));
test('Permute', () => runLayerTest(L.Permute, { args: [[2, 1]], inputShape: [2, 3, 4], expectedOutputShape: [2, 4, 3] }));
test('RepeatVector', () => runLayerTest(L.RepeatVector, { args: [3], inputShape: [2, 4], expectedOutputShape: [2, 3, 4] }));
test('Dropout (identity at inference)', () => runLayerTest(L.Dropout, { args: [0.5], inputShape: [2, 4], stochastic: true }));
test('Activation', () => runLayerTest(L.Activation, { args: ['sigmoid'], inputShape: [2, 4] }));
test('ReLU', () => runLayerTest(L.ReLU, { args: [{ negativeSlope: 0.1 }], inputShape: [2, 5] }));
test('LeakyReLU', () => runLayerTest(L.LeakyReLU, { args: [{ negativeSlope: 0.2 }], inputShape: [2, 5] }));
test('ELU', () => runLayerTest(L.ELU, { args: [{ alpha: 0.5 }], inputShape: [2, 5] }));
test('Softmax', () => runLayerTest(L.Softmax, { inputShape: [2, 5] }));

test('a seeded Dropout draws a new mask on every call, the same sequence for the same seed (Keras SeedGenerator)', () => {
  const x = nm.ones([4, 16]);
  const masks = (layer) => [0, 1].map(() => Array.from(layer.apply(x, { training: true }).dataSync()).join());
  const a = masks(new L.Dropout(0.5, { seed: 1 })), b = masks(new L.Dropout(0.5, { seed: 1 }));
  assert.is.not(a[0], a[1]);
  assert.equal(a, b);
});

test.run();
