// partition / join: the one-op slicing the recurrent layers use. Pieces against plain slices,
// gradients (some pieces unused: zeros) against finite differences, second order through the
// join, and the recurrent layers' traced backward: one join, no zero-filled slice adjoints.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { gradCheck, randomTensor, rng } from '../helpers/gradcheck.js';

const { partition } = nm.internal;
const r = rng(5);

test('pieces equal slices on odd shapes, every axis, squeezed or not', () => {
  const x = randomTensor([3, 5, 7], r);
  for (const [axis, sizes] of [[0, [1, 2]], [1, [2, 0, 3]], [2, [3, 1, 3]], [-1, [7]]]) {
    const ax = axis < 0 ? axis + 3 : axis;
    const parts = partition(x, axis, sizes);
    let at = 0;
    parts.forEach((p, i) => {
      const range = [null, null, null];
      range[ax] = [at, at + sizes[i]];
      at += sizes[i];
      const ref = nm.slice(x, range);
      assert.equal(p.shape, ref.shape);
      assert.equal(Array.from(p.dataSync()), Array.from(ref.dataSync()));
    });
  }
  const rows = partition(x, 1, [1, 1, 1, 1, 1], true);
  rows.forEach((p, t) => assert.equal(Array.from(p.dataSync()), Array.from(nm.slice(x, [null, t, null]).dataSync())));
  assert.equal(rows[0].shape, [3, 7]);
});

test('bad sizes are typed errors naming the shape', () => {
  const x = nm.zeros([2, 3]);
  assert.throws(() => partition(x, 1, [1, 1]), (e) => e instanceof nm.ShapeError && /add up to 2.*\[2,3\]|\[2, 3\]/.test(e.message));
  assert.throws(() => partition(x, 1, [1, -1, 3]), (e) => e instanceof nm.ValueError);
  assert.throws(() => partition(x, 1, [2, 1], true), (e) => e instanceof nm.ValueError);
  assert.throws(() => partition(x, 2, [3]), (e) => e instanceof nm.ValueError);
});

test('gradient vs finite differences, with unused pieces getting zeros', () => {
  const x = randomTensor([2, 6, 3], r);
  const w = randomTensor([2, 3], r);
  // pieces 0 and 2 of axis 1 used (1 unused), mixed with another input.
  const f = (a, b) => { const [p, , q] = partition(a, 1, [2, 3, 1]); return nm.add(nm.mul(nm.sum(p, 1), b), nm.square(nm.sum(q, 1))); };
  assert.ok(gradCheck(f, [x, w]) < 2e-2);
  const g = (a) => { const rows = partition(a, 1, [1, 1, 1, 1, 1, 1], true); return nm.add(nm.mul(rows[4], rows[1]), rows[5]); };
  assert.ok(gradCheck(g, [x]) < 2e-2);
  // the unused slots of the gradient are exactly zero
  const tape = new nm.GradientTape();
  const v = nm.variable(x);
  const loss = tape.record(() => nm.sum(partition(v, 1, [2, 3, 1])[0]));
  const d = tape.gradient(loss, v).arraySync();
  for (const b of d) b.forEach((row, t) => row.forEach((e) => assert.is(e, t < 2 ? 1 : 0)));
});

test('second order through the join (gradient of a gradient)', () => {
  const x = randomTensor([3, 4], r);
  // d/dx sum(piece1(x)^3): the inner gradient goes through join, the outer through partition.
  const f = (a) => {
    const tape = new nm.GradientTape();
    const v = nm.variable(a);
    const inner = tape.record(() => nm.sum(nm.pow(partition(v, 1, [1, 2, 1])[1], 3)));
    return tape.gradient(inner, v);
  };
  const outer = new nm.GradientTape();
  const xv = nm.variable(x);
  const s = outer.record(() => { const tape = new nm.GradientTape(); const l = tape.record(() => nm.sum(nm.pow(partition(xv, 1, [1, 2, 1])[1], 3))); return nm.sum(tape.gradient(l, xv)); });
  const g2 = outer.gradient(s, xv).arraySync();
  const xa = x.arraySync();
  xa.forEach((row, i) => row.forEach((e, j) => assert.ok(Math.abs(g2[i][j] - (j === 1 || j === 2 ? 6 * e : 0)) < 1e-4, `${i},${j}`)));
  assert.equal(f(x).shape, [3, 4]);
});

for (const [name, make] of [['LSTM', () => new nm.layers.LSTM(4)], ['GRU', () => new nm.layers.GRU(4)], ['SimpleRNN', () => new nm.layers.SimpleRNN(4)]]) {
  test(`${name} backward through time: one join into the projection's gradient, no slice adjoints`, () => {
    const layer = make();
    layer.apply(nm.zeros([2, 6, 3]));
    const { graph } = nm.internal.trace((g) => {
      const x = g.placeholder([2, 6, 3]);
      const y = layer.apply(x);
      return nm.internal.backprop(g.nodes, [nm.sum(y)], [null], [x, ...layer.trainableWeights]);
    });
    const names = graph.nodes.map((n) => n.op.name);
    assert.is(names.filter((n) => n === 'stridedScatter').length, 0, 'no zero-filled slice adjoints');
    const joins = graph.nodes.filter((n) => n.op.name === 'join' && n.outputs[0].shape[1] === 6);
    assert.is(joins.length, 1);
    assert.is(joins[0].inputs.length, 6);
  });
}

test.run();
