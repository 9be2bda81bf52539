// NumPy-style helpers against naive float64 references, and their gradients against central
// finite differences: variance, std, moments, cumsum, sort, argsort, topk, percentile; clip, where
// and oneHot for float labels; the once-only float64 note.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { gradCheck, maxRelDiff, randomArray, rng } from '../helpers/gradcheck.js';

const close = (a, b, tol = 1e-5) => assert.ok(maxRelDiff(Array.from(a), b) < tol, `${Array.from(a)} vs ${b}`);
// A 3×4 matrix with distinct values spaced ≥ 0.1 (so ±eps in a finite difference keeps the order).
const M = [[0.3, -1.2, 2.5, 0.9], [1.7, 0.1, -0.6, 3.1], [-2.2, 0.5, 1.1, -0.4]];
const cols = (m) => m[0].map((_, j) => m.map((r) => r[j]));
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const variance = (v) => mean(v.map((x) => (x - mean(v)) ** 2));

test('std / variance / moments: NumPy ddof 0 per axis, keepDims, all axes', () => {
  const x = nm.tensor(M);
  close(nm.std(x, 0).dataSync(), cols(M).map((c) => Math.sqrt(variance(c))));
  close(x.std(1).dataSync(), M.map((r) => Math.sqrt(variance(r))));
  close(nm.variance(x).dataSync(), [variance(M.flat())]);
  assert.equal(x.variance(0, true).shape, [1, 4]);
  assert.equal(nm.std(x, [0, 1]).shape, []);
  const { mean: m, variance: v } = nm.moments(x, 1);
  close(m.dataSync(), M.map(mean));
  close(v.dataSync(), M.map(variance));
  assert.equal(nm.moments(x, 0, true).mean.shape, [1, 4]);
});

test("seed 000's normalisation: (x - x.mean(0)) / x.std(0) has mean 0 and std 1 per column", () => {
  const x = nm.tensor(randomArray([50, 3], rng(4), 0, 100), [50, 3]);
  const z = x.sub(x.mean(0)).div(x.std(0));
  close(z.mean(0).dataSync().map((v) => v + 1), [1, 1, 1], 1e-5);
  close(z.std(0).dataSync(), [1, 1, 1], 1e-5);
});

test('cumsum: flattened by default, along an axis, exclusive and reverse', () => {
  const x = nm.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.equal(Array.from(nm.cumsum(x).dataSync()), [1, 3, 6, 10, 15, 21]);
  assert.equal(nm.cumsum(x).shape, [6]);
  assert.equal(nm.cumsum(x, 0).arraySync(), [[1, 2, 3], [5, 7, 9]]);
  assert.equal(x.cumsum(1).arraySync(), [[1, 3, 6], [4, 9, 15]]);
  assert.equal(nm.cumsum(x, -1, true).arraySync(), [[0, 1, 3], [0, 4, 9]]);
  assert.equal(nm.cumsum(x, 1, false, true).arraySync(), [[6, 5, 3], [15, 11, 6]]);
  assert.equal(nm.cumsum(x, 1, true, true).arraySync(), [[5, 3, 0], [11, 6, 0]]);
  assert.throws(() => nm.cumsum(x, 2), /axis 2 is out of range/);
});

test('argsort / sort: ascending, stable for ties, NaN last, any axis', () => {
  assert.equal(Array.from(nm.argsort([3, 1, 2, 1]).dataSync()), [1, 3, 2, 0]);
  assert.is(nm.argsort([3, 1]).dtype, 'int32');
  assert.equal(Array.from(nm.argsort([2, NaN, -1]).dataSync()), [2, 0, 1]);
  assert.equal(nm.argsort(nm.tensor(M), 0).arraySync(), [[2, 0, 1, 2], [0, 1, 2, 0], [1, 2, 0, 1]]);
  assert.equal(nm.sort(nm.tensor(M)).arraySync(), M.map((r) => [...r].sort((a, b) => a - b)).map((r) => r.map(Math.fround)));
  assert.equal(nm.tensor(M).argsort().arraySync(), M.map((r) => r.map((_, i) => i).sort((a, b) => r[a] - r[b])));
  assert.throws(() => nm.argsort(nm.scalar(1)), (e) => e instanceof nm.ShapeError);
});

test('topk: the k largest along the last axis, largest first, lower index first on ties', () => {
  const { values, indices } = nm.topk(nm.tensor([[1, 5, 3, 5], [0, -1, 2, 1]]), 2);
  assert.equal(values.arraySync(), [[5, 5], [2, 1]]);
  assert.equal(indices.arraySync(), [[1, 3], [2, 3]]);
  assert.is(indices.dtype, 'int32');
  assert.equal(nm.topk([4, 9, 1]).indices.arraySync(), [1]);
  assert.throws(() => nm.topk([1, 2], 3), /k must be an integer in \[0, 2\]/);
});

test("percentile: NumPy's linear method, q lists, axes, keepDims", () => {
  const v = [7, 1, 3, 9, 5];
  // np.percentile([7,1,3,9,5], [0, 25, 50, 90, 100]) = [1, 3, 5, 8.2, 9]
  close(nm.percentile(v, [0, 25, 50, 90, 100]).dataSync(), [1, 3, 5, 8.2, 9]);
  assert.equal(nm.percentile(v, 50).shape, []);
  // np.percentile(M, 30, axis=1)
  const ref = M.map((r) => { const s = [...r].sort((a, b) => a - b); const p = 0.3 * 3; const lo = Math.floor(p); return s[lo] + (s[lo + 1] - s[lo]) * (p - lo); });
  close(nm.percentile(nm.tensor(M), 30, 1).dataSync(), ref);
  assert.equal(nm.percentile(nm.tensor(M), [10, 90], 0).shape, [2, 4]);
  assert.equal(nm.percentile(nm.tensor(M), 50, 1, true).shape, [3, 1]);
  assert.throws(() => nm.percentile(v, 101), /q must be in \[0, 100\], got 101/);
  assert.throws(() => nm.percentile(v, []), (e) => e instanceof nm.ValueError);
});

test('clip by value, where, and oneHot of float labels (as the seeds use them)', () => {
  assert.equal(Array.from(nm.clip([-2, 0.5, 3], 0, 1).dataSync()), [0, 0.5, 1]);
  assert.equal(Array.from(nm.tensor([-2, 0.5, 3]).clipByValue(-1, 1).dataSync()), [-1, 0.5, 1]);
  assert.equal(Array.from(nm.where(nm.greater([1, -1, 2], 0), [10, 20, 30], 0).dataSync()), [10, 0, 30]);
  assert.equal(nm.oneHot(nm.tensor([2, 0, 1]), 3).arraySync(), [[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
  assert.equal(nm.tensor([1, 0]).oneHot(2).arraySync(), [[0, 1], [1, 0]]);
});

const TOL = 2e-2;
const grads = {
  variance: [(a) => nm.variance(a, 0), [M]],
  std: [(a) => nm.std(a, 1, true), [M]],
  moments_mean: [(a) => nm.moments(a, 1).mean, [M]],
  moments_variance: [(a) => nm.moments(a, [0, 1]).variance, [M]],
  cumsum: [(a) => nm.cumsum(a, 1), [M]],
  cumsum_exclusive_reverse: [(a) => nm.cumsum(a, 0, true, true), [M]],
  cumsum_flat: [(a) => nm.cumsum(a), [M]],
  sort: [(a) => nm.sort(a, 0), [M]],
  topk_values: [(a) => nm.topk(a, 2).values, [M]],
  percentile: [(a) => nm.percentile(a, [30, 75], 1), [M]],
  percentile_all: [(a) => nm.percentile(a, 40), [M]],
};
for (const [name, [f, inputs]] of Object.entries(grads)) {
  test(`gradient of ${name} matches finite differences`, () => {
    const err = gradCheck(f, inputs);
    assert.ok(err < TOL, `${name}: relative error ${err}`);
  });
}

test('float64 input becomes float32 with a note printed once', () => {
  const warn = console.warn;
  const seen = [];
  console.warn = (...a) => seen.push(a.join(' '));
  try {
    const t = nm.tensor(new Float64Array([0.1, 0.2]));
    nm.tensor(new Float64Array([1, 2]), [2, 1]);
    assert.is(t.dtype, 'float32');
    assert.equal(Array.from(t.dataSync()), [Math.fround(0.1), Math.fround(0.2)]);
  } finally {
    console.warn = warn;
  }
  // The note may have been printed by an earlier test file in this process; never twice.
  assert.ok(seen.length <= 1, `${seen.length} notes`);
  if (seen.length) assert.match(seen[0], /float64 input converted to float32/);
});

test.run();
