// Every layer of sdk/layers/embedding.ts through runLayerTest (integer input: no input gradient).
import { test } from 'uvu';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

const ids = (s) => Array.from({ length: s[0] * s[1] }, (_, i) => (i * 7 + 3) % 10);

test('Embedding', () => runLayerTest(nm.layers.Embedding, { args: [10, 4], inputShape: [2, 5], inputDtype: 'int32', inputData: ids, trainableWeights: 1, expectedOutputShape: [2, 5, 4], grad: { samples: 20 } }));

test.run();
