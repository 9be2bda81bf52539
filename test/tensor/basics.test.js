// Tensor basics: creation, printing, shape errors, autodiff against finite differences.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

test('tensor() infers shape and dtype; array() round-trips', () => {
  const a = nm.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.equal(a.shape, [2, 3]);
  assert.is(a.dtype, 'float32');
  assert.is(a.rank, 2);
  assert.equal(a.array(), [[1, 2, 3], [4, 5, 6]]);
  assert.is(nm.tensor(new Int32Array([1, 2])).dtype, 'int32');
});

test('toString prints like NumPy', () => {
  assert.is(nm.tensor([[1, 2], [3, 4.5]]).toString(), '[[1.  2. ]\n [3.  4.5]]');
  assert.is(nm.tensor([0.1, 0.25]).toString(), '[0.1  0.25]');
  assert.is(nm.softmax(nm.tensor([1, 2, 3])).toString(), '[0.09003057 0.24472848 0.66524094]');
});

test('matMul of [2,3]·[4,5] names both shapes', () => {
  assert.throws(() => nm.matMul(nm.zeros([2, 3]), nm.zeros([4, 5])), (e) => e instanceof nm.ShapeError && /\[2, 3\]/.test(e.message) && /\[4, 5\]/.test(e.message));
});

test('adding [3] + [4] names both shapes', () => {
  assert.throws(() => nm.add(nm.zeros([3]), nm.zeros([4])), (e) => e instanceof nm.ShapeError && /\[3\]/.test(e.message) && /\[4\]/.test(e.message));
});

test('reshape to a wrong size names both sizes', () => {
  assert.throws(() => nm.zeros([2, 3]).reshape([4, 2]), (e) => e instanceof nm.ShapeError && /6/.test(e.message) && /8/.test(e.message));
});

test('a bad dtype is named', () => {
  assert.throws(() => nm.zeros([2], 'float64'), (e) => e instanceof nm.DTypeError && /float64/.test(e.message));
});

test('gradient of sum((X·W)²) matches central differences', () => {
  const X = nm.tensor([[1, 2, 3], [4, 5, 6]]);
  const W = nm.variable(nm.randomNormal([3, 2], 0, 1, 'float32', 7));
  const f = (w) => nm.sum(nm.square(nm.matMul(X, w)));
  const tape = new nm.GradientTape();
  const loss = tape.record(() => f(W));
  const [g] = tape.gradient(loss, [W]);
  const w0 = Array.from(W.dataSync());
  const gv = g.dataSync();
  for (let i = 0; i < w0.length; i++) {
    const eps = 1e-2;
    const p = [...w0]; p[i] += eps;
    const m = [...w0]; m[i] -= eps;
    const fd = (f(nm.tensor(p, [3, 2])).item() - f(nm.tensor(m, [3, 2])).item()) / (2 * eps);
    assert.ok(Math.abs(fd - gv[i]) < 1e-2 * Math.max(1, Math.abs(fd)), `grad[${i}] ${gv[i]} vs finite difference ${fd}`);
  }
});

test.run();
