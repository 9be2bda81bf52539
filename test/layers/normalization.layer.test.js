// Every layer of sdk/layers/normalization.ts through runLayerTest.
import { test } from 'uvu';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

const L = nm.layers;

test('BatchNormalization', () => runLayerTest(L.BatchNormalization, { inputShape: [4, 3], trainableWeights: 2, nonTrainableWeights: 2 }));
test('BatchNormalization, training-mode gradient', () => runLayerTest(L.BatchNormalization, { args: [{ momentum: 0.9 }], inputShape: [4, 2, 3], grad: { training: true } }));
test('BatchNormalization on axis 1, no scale', () => runLayerTest(L.BatchNormalization, { args: [{ axis: 1, scale: false }], inputShape: [3, 2, 4], trainableWeights: 1 }));
test('LayerNormalization', () => runLayerTest(L.LayerNormalization, { inputShape: [2, 5], trainableWeights: 2 }));
test('LayerNormalization over two axes', () => runLayerTest(L.LayerNormalization, { args: [{ axis: [-2, -1] }], inputShape: [2, 3, 4] }));

test.run();
