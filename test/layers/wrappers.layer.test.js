// Every layer of sdk/layers/wrappers.ts through runLayerTest (a fresh inner layer per instance).
import { test } from 'uvu';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

const L = nm.layers;

test('Bidirectional(LSTM)', () => runLayerTest(L.Bidirectional, { args: () => [new L.LSTM(2)], inputShape: [2, 3, 2], trainableWeights: 6, expectedOutputShape: [2, 4] }));
test('Bidirectional(GRU) sum, sequences', () => runLayerTest(L.Bidirectional, { args: () => [new L.GRU(2, { returnSequences: true }), { mergeMode: 'sum' }], inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 2] }));
test('TimeDistributed(Dense)', () => runLayerTest(L.TimeDistributed, { args: () => [new L.Dense(3)], inputShape: [2, 4, 2], trainableWeights: 2, expectedOutputShape: [2, 4, 3] }));

test.run();
