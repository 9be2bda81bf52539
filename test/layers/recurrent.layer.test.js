// Every layer of sdk/layers/recurrent.ts through runLayerTest.
import { test } from 'uvu';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

const L = nm.layers;

for (const cls of [L.SimpleRNN, L.LSTM, L.GRU]) {
  test(cls.className, () => runLayerTest(cls, { args: [3], inputShape: [2, 4, 2], trainableWeights: 3, expectedOutputShape: [2, 3] }));
  test(`${cls.className} returnSequences, goBackwards`, () => runLayerTest(cls, { args: [2, { returnSequences: true, goBackwards: true }], inputShape: [2, 3, 2], expectedOutputShape: [2, 3, 2] }));
}
test('GRU resetAfter false', () => runLayerTest(L.GRU, { args: [2, { resetAfter: false }], inputShape: [2, 3, 2] }));
test('LSTM no bias, unitForgetBias false', () => runLayerTest(L.LSTM, { args: [2, { useBias: false, unitForgetBias: false }], inputShape: [2, 3, 2], trainableWeights: 2 }));

test.run();
