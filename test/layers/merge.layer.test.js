// Every layer of sdk/layers/merge.ts through runLayerTest (list inputs).
import { test } from 'uvu';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

const L = nm.layers;
const two = [[2, 3], [2, 3]];

for (const cls of [L.Add, L.Subtract, L.Multiply, L.Average]) {
  test(cls.className, () => runLayerTest(cls, { inputShape: two, expectedOutputShape: [2, 3] }));
}
// The seeded inputs have pairs 7e-4 apart: a step below that stays on one side of max/min's kink.
for (const cls of [L.Maximum, L.Minimum]) {
  test(cls.className, () => runLayerTest(cls, { inputShape: two, expectedOutputShape: [2, 3], grad: { eps: 1e-4 } }));
}
test('Add of three', () => runLayerTest(L.Add, { inputShape: [[2, 3], [2, 3], [2, 3]] }));
test('Concatenate', () => runLayerTest(L.Concatenate, { inputShape: [[2, 3, 2], [2, 3, 4]], expectedOutputShape: [2, 3, 6] }));
test('Concatenate on axis 1', () => runLayerTest(L.Concatenate, { args: [{ axis: 1 }], inputShape: [[2, 1, 2], [2, 3, 2]], expectedOutputShape: [2, 4, 2] }));

test.run();
