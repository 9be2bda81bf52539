// Every layer of sdk/layers/masking.ts through runLayerTest, and Embedding with maskZero (its
// mask does not change its values; the mask semantics are in masking.test.js).
import { test } from 'uvu';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

// [2, 4, 3] with whole zero steps (masked) and single zero features (not masked).
const steps = (s) => Array.from({ length: s[0] * s[1] * s[2] }, (_, i) => {
  const step = Math.floor(i / s[2]) % s[1];
  return step === 1 || (i % 7 === 0) ? 0 : ((i * 37) % 11) / 5 - 1;
});
const ids = (s) => Array.from({ length: s[0] * s[1] }, (_, i) => (i % 3 === 0 ? 0 : (i * 7 + 3) % 10));

// No finite differences at masked steps: moving one feature off maskValue unmasks the step (a jump).
test('Masking', () => runLayerTest(nm.layers.Masking, { args: [{ maskValue: 0 }], inputShape: [2, 4, 3], inputData: steps, expectedOutputShape: [2, 4, 3], grad: false }));
test('Masking(maskValue -1)', () => runLayerTest(nm.layers.Masking, { args: [-1], inputShape: [2, 4, 3], expectedOutputShape: [2, 4, 3] }));
test('Embedding(maskZero)', () => runLayerTest(nm.layers.Embedding, { args: [10, 4, { maskZero: true }], inputShape: [2, 5], inputDtype: 'int32', inputData: ids, trainableWeights: 1, expectedOutputShape: [2, 5, 4], grad: { samples: 20 } }));

test.run();
