// Preprocessing utilities: Keras's to_categorical (fixture), pad_sequences semantics,
// vectorize_sequences, splits, k-fold, scalers, CSV errors with line and column.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureJSON } from '../helpers/fixtures.js';

const ref = await fixtureJSON('metrics_reference.json');

test('toCategorical equals keras.utils.to_categorical on every fixture example', () => {
  for (const ex of ref.to_categorical) {
    const out = nm.utils.toCategorical(nm.tensor(ex.input, undefined, 'int32'), ex.kwargs.num_classes);
    assert.equal(out.shape, ex.shape, JSON.stringify(ex.input));
    assert.equal(out.array(), ex.output);
  }
});

test('padSequences: pre/post padding and truncation, maxlen, value', () => {
  const s = [[1, 2, 3], [4, 5], [6, 7, 8, 9]];
  assert.equal(nm.padSequences(s).array(), [[0, 1, 2, 3], [0, 0, 4, 5], [6, 7, 8, 9]]);
  assert.equal(nm.padSequences(s, { maxlen: 3 }).array(), [[1, 2, 3], [0, 4, 5], [7, 8, 9]]);
  assert.equal(nm.padSequences(s, { maxlen: 3, truncating: 'post', padding: 'post', value: -1 }).array(), [[1, 2, 3], [4, 5, -1], [6, 7, 8]]);
  assert.throws(() => nm.padSequences(s, { padding: 'middle' }), (e) => e instanceof nm.ValueError);
});

test('vectorizeSequences is multi-hot', () => {
  const v = nm.vectorizeSequences([[1, 3, 3], [0]], 5);
  assert.equal(v.array(), [[0, 1, 0, 1, 0], [1, 0, 0, 0, 0]]);
});

test('normalize divides by the L2 norm of each row (zero rows stay zero)', () => {
  const n = nm.normalize([[3, 4], [0, 0]]).array();
  assert.equal(n, [[0.6000000238418579, 0.800000011920929], [0, 0]]);
});

test('trainTestSplit: sizes, same permutation across arrays, reproducible with randomState, stratify', () => {
  const x = nm.range(0, 20).reshape([20, 1]), y = nm.range(0, 20);
  const [xa, xb, ya, yb] = nm.trainTestSplit(x, y, { testSize: 0.25, randomState: 1 });
  assert.equal(xa.shape, [15, 1]);
  assert.equal(xb.shape, [5, 1]);
  assert.equal(xa.reshape([-1]).array(), ya.array());
  assert.equal(nm.trainTestSplit(x, y, { testSize: 0.25, randomState: 1 })[1].array(), xb.array());
  const labels = nm.tensor([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  const [, , , lt] = nm.trainTestSplit(x, labels, { testSize: 0.5, randomState: 2, stratify: labels });
  const ones = Array.from(lt.dataSync()).filter((v) => v === 1).length;
  assert.is(ones, 6);
});

test('kFold gives k disjoint validation folds covering the data', () => {
  const folds = nm.kFold(12, 4);
  assert.is(folds.length, 4);
  const all = folds.flatMap((f) => f.validation).sort((a, b) => a - b);
  assert.equal(all, [...Array(12).keys()]);
  folds.forEach((f) => assert.is(f.train.length + f.validation.length, 12));
});

test('scalers fit per feature and invert', () => {
  const x = nm.tensor([[1, 10], [2, 20], [3, 60]]);
  const s = new nm.StandardScaler().fit(x);
  const z = s.transform(x);
  const col0 = Array.from(z.dataSync()).filter((_, i) => i % 2 === 0);
  assert.ok(Math.abs(col0.reduce((a, b) => a + b, 0)) < 1e-6);
  const back = s.inverseTransform(z).dataSync();
  Array.from(x.dataSync()).forEach((v, i) => assert.ok(Math.abs(back[i] - v) < 1e-4));
  const mm = new nm.MinMaxScaler().fitTransform(x).array();
  assert.equal(mm.map((r) => r[0]), [0, 0.5, 1]);
  const rb = new nm.RobustScaler().fitTransform(nm.tensor([[1], [2], [3], [4], [100]])).reshape([-1]).array();
  assert.is(rb[2], 0);
});

test('parseCsv reads numbers and reports a bad cell with its line and column', () => {
  const t = nm.parseCsv('a,b,c\n1,2,3\n4,5,6\n', { skipRows: 1, useCols: [0, 2] });
  assert.equal(t.array(), [[1, 3], [4, 6]]);
  assert.throws(() => nm.parseCsv('1,2\n3,x\n'), (e) => e instanceof nm.ValueError && /line 2/.test(e.message) && /column 2/.test(e.message));
});

test('smoothCurve is the seeds’ exponential moving average', () => {
  assert.equal(nm.smoothCurve([1, 2, 3], 0.5), [1, 1.5, 2.25]);
});

test('shuffle applies one seeded permutation to all arrays', () => {
  const [a, b] = nm.shuffle([nm.range(0, 10), nm.range(0, 10).mul(2)], 3);
  assert.equal(b.array(), a.mul(2).array());
  assert.equal(nm.shuffle([nm.range(0, 10)], 3)[0].array(), a.array());
  assert.not.equal(a.array(), nm.range(0, 10).array());
});

test('parseIdx reads the IDX format and rejects bad magic numbers', () => {
  const bytes = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
  const t = nm.datasets.parseIdx(bytes);
  assert.equal(t.shape, [2, 3]);
  assert.is(t.dtype, 'uint8');
  assert.equal(t.array(), [[1, 2, 3], [4, 5, 6]]);
  assert.throws(() => nm.datasets.parseIdx(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), (e) => e instanceof nm.ValueError);
});

test.run();
