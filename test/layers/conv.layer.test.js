// Every layer of sdk/layers/conv.ts and pooling.ts through runLayerTest.
import { test } from 'uvu';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

const L = nm.layers;

test('Conv2D valid', () => runLayerTest(L.Conv2D, { args: [3, 3, { activation: 'tanh' }], inputShape: [2, 5, 5, 2], trainableWeights: 2, expectedOutputShape: [2, 3, 3, 3] }));
test('Conv2D same, strides 2', () => runLayerTest(L.Conv2D, { args: [2, [2, 3], { padding: 'same', strides: 2 }], inputShape: [2, 5, 4, 1], expectedOutputShape: [2, 3, 2, 2] }));
test('Conv2D dilated, no bias', () => runLayerTest(L.Conv2D, { args: [2, 2, { dilationRate: 2, useBias: false }], inputShape: [1, 5, 5, 2], trainableWeights: 1 }));
test('Conv1D', () => runLayerTest(L.Conv1D, { args: [3, 2], inputShape: [2, 6, 2], expectedOutputShape: [2, 5, 3] }));
test('Conv1D same, strides 2', () => runLayerTest(L.Conv1D, { args: [2, 3, { padding: 'same', strides: 2 }], inputShape: [2, 7, 2], expectedOutputShape: [2, 4, 2] }));

// Max pooling has kinks where two entries of a window tie; seeded inputs have no ties.
test('MaxPooling2D', () => runLayerTest(L.MaxPooling2D, { args: [2], inputShape: [2, 4, 4, 2], expectedOutputShape: [2, 2, 2, 2], grad: { eps: 1e-3 } }));
test('MaxPooling2D same, strides 1', () => runLayerTest(L.MaxPooling2D, { args: [2, { strides: 1, padding: 'same' }], inputShape: [1, 3, 3, 1], expectedOutputShape: [1, 3, 3, 1], grad: { eps: 1e-3 } }));
test('AveragePooling2D', () => runLayerTest(L.AveragePooling2D, { args: [2], inputShape: [2, 4, 5, 2], expectedOutputShape: [2, 2, 2, 2] }));
test('AveragePooling2D same', () => runLayerTest(L.AveragePooling2D, { args: [2, { padding: 'same' }], inputShape: [1, 3, 3, 2], expectedOutputShape: [1, 2, 2, 2] }));
test('MaxPooling1D', () => runLayerTest(L.MaxPooling1D, { args: [2], inputShape: [2, 6, 3], expectedOutputShape: [2, 3, 3], grad: { eps: 1e-3 } }));
test('AveragePooling1D same', () => runLayerTest(L.AveragePooling1D, { args: [2, { padding: 'same' }], inputShape: [2, 5, 3], expectedOutputShape: [2, 3, 3] }));
test('GlobalAveragePooling1D', () => runLayerTest(L.GlobalAveragePooling1D, { inputShape: [2, 4, 3], expectedOutputShape: [2, 3] }));
test('GlobalAveragePooling2D', () => runLayerTest(L.GlobalAveragePooling2D, { inputShape: [2, 3, 3, 2], expectedOutputShape: [2, 2] }));
test('GlobalMaxPooling1D', () => runLayerTest(L.GlobalMaxPooling1D, { inputShape: [2, 4, 3], expectedOutputShape: [2, 3], grad: { eps: 1e-3 } }));
test('GlobalMaxPooling2D', () => runLayerTest(L.GlobalMaxPooling2D, { inputShape: [2, 3, 3, 2], expectedOutputShape: [2, 2], grad: { eps: 1e-3 } }));
test('GlobalAveragePooling2D keepdims', () => runLayerTest(L.GlobalAveragePooling2D, { args: [{ keepdims: true }], inputShape: [2, 3, 3, 2], expectedOutputShape: [2, 1, 1, 2] }));

test.run();
