// IMDB, Reuters and Boston housing loaders on small .npz files made here with Keras's layout.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { npz, npyFloat64, npyInt64, npyObjectLists } from '../helpers/npz.js';

// np.random.RandomState(113).shuffle(np.arange(10)), computed with NumPy 2.4.6 — the order
// every keras.datasets loader uses.
const NUMPY_113_OF_10 = [9, 3, 6, 1, 0, 7, 4, 8, 2, 5];

const toUrl = (bytes) => `data:application/octet-stream;base64,${btoa(String.fromCharCode(...bytes))}`;

test("numpyShuffleIndices reproduces NumPy's RandomState(113).shuffle", () => {
  assert.equal(nm.datasets.numpyShuffleIndices(10, 113), NUMPY_113_OF_10);
});

test('readNpz reads numeric arrays and pickled object arrays of lists', async () => {
  const z = await nm.datasets.readNpz(npz({ a: npyFloat64([1.5, 2, 3, 4], [2, 2]), s: npyObjectLists([[1, 2], [300, 70000, 5], []]) }));
  assert.equal(z.a.shape, [2, 2]);
  assert.equal(Array.from(z.a.data), [1.5, 2, 3, 4]);
  assert.equal(z.s.data, [[1, 2], [300, 70000, 5], []]);
});

const reviews = Array.from({ length: 10 }, (_, i) => Array.from({ length: 2 + i }, (_, k) => (k * 7 + i) % 20 + 1));
const labels = reviews.map((_, i) => i % 2);

test('imdb.loadData: Keras shuffle, start char 1, index_from 3, oov 2 past num_words, maxlen', async () => {
  const file = npz({ x_train: npyObjectLists(reviews), y_train: npyInt64(labels), x_test: npyObjectLists(reviews.slice(0, 4)), y_test: npyInt64(labels.slice(0, 4)) });
  const [[x, y]] = await nm.datasets.imdb.loadData({ path: toUrl(file), numWords: 15 });
  const first = NUMPY_113_OF_10[0];
  assert.equal(x[0], [1, ...reviews[first].map((w) => (w + 3 < 15 ? w + 3 : 2))]);
  assert.equal(Array.from(y.dataSync()), NUMPY_113_OF_10.map((i) => labels[i]));
  const [[xs]] = await nm.datasets.imdb.loadData({ path: toUrl(file), maxlen: 6 });
  assert.ok(xs.every((s) => s.length < 6));
  assert.is(xs.length, NUMPY_113_OF_10.filter((i) => reviews[i].length + 1 < 6).length);
});

test('reuters.loadData: shuffled, then the last testSplit held out', async () => {
  const file = npz({ x: npyObjectLists(reviews), y: npyInt64(reviews.map((_, i) => i % 5)) });
  const [[xtr, ytr], [xte, yte]] = await nm.datasets.reuters.loadData({ path: toUrl(file), testSplit: 0.2 });
  assert.is(xtr.length, 8);
  assert.is(xte.length, 2);
  assert.equal(Array.from(yte.dataSync()), NUMPY_113_OF_10.slice(8).map((i) => i % 5));
  assert.equal(ytr.dtype, 'int32');
});

test('bostonHousing.loadData: float32 features, seed-113 order, 80/20 split', async () => {
  const x = Array.from({ length: 30 }, (_, i) => i), y = Array.from({ length: 10 }, (_, i) => 100 + i);
  const [[xtr, ytr], [xte, yte]] = await nm.datasets.bostonHousing.loadData({ path: toUrl(npz({ x: npyFloat64(x, [10, 3]), y: npyFloat64(y, [10]) })) });
  assert.equal(xtr.shape, [8, 3]);
  assert.equal(xte.shape, [2, 3]);
  assert.equal(Array.from(ytr.dataSync()), NUMPY_113_OF_10.slice(0, 8).map((i) => 100 + i));
  assert.equal(Array.from(xte.slice('0').dataSync()), [0, 1, 2].map((k) => NUMPY_113_OF_10[8] * 3 + k));
});

test('a missing data file says which file is needed and where to put it', async () => {
  try { await nm.datasets.imdb.loadData({ path: 'data:,' }); assert.unreachable(); }
  catch (e) { assert.instance(e, nm.NeurasmError); }
  // Offline (a mirror nobody listens on): the message names the URL and where the file goes
  // (the cache folder; in browsers and Workers, the Cache API or a URL of one's own).
  const browser = typeof window !== 'undefined' || typeof importScripts === 'function';
  try { await nm.datasets.reuters.loadData({ origin: 'http://127.0.0.1:9/' }); assert.unreachable(); }
  catch (e) {
    assert.instance(e, nm.ValueError);
    assert.match(e.message, /http:\/\/127\.0\.0\.1:9\/reuters\.npz/);
    assert.match(e.message, browser ? /Cache API .* pass its URL as \{path\}/ : /\.keras\/datasets\/reuters\.npz/);
  }
});

test.run();
