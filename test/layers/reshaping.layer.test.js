// Every layer of sdk/layers/reshaping.ts through runLayerTest.
import { test } from 'uvu';
import * as nm from '../../dist/neurasm.js';
import { runLayerTest } from '../helpers/layer-test.js';

const L = nm.layers;

test('ZeroPadding2D', () => runLayerTest(L.ZeroPadding2D, { args: [[[1, 0], [0, 2]]], inputShape: [2, 2, 3, 1], expectedOutputShape: [2, 3, 5, 1] }));
test('Cropping2D', () => runLayerTest(L.Cropping2D, { args: [1], inputShape: [2, 4, 4, 2], expectedOutputShape: [2, 2, 2, 2] }));
test('UpSampling2D', () => runLayerTest(L.UpSampling2D, { args: [[2, 3]], inputShape: [2, 2, 2, 1], expectedOutputShape: [2, 4, 6, 1] }));

test.run();
