// The call forms a Keras user types: `Dense(4)(x)` as `new Dense(4)(x)` (layers and models are
// callable, the same call as `.apply`), and slicing that cannot read two ways (`x[4]` is
// `x.slice('4')`; a bare number is refused with both spellings).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const { layers } = nm;
const close = (a, b, tol = 1e-6) => a.length === b.length && Array.from(a).every((v, i) => Math.abs(v - b[i]) <= tol);

test('a layer called on symbolic tensors builds the same functional model as .apply', () => {
  const inputs = nm.Input({ shape: [3] });
  const h = new layers.Dense(4, { activation: 'relu' })(inputs);
  const outputs = new layers.Dense(2)(h);
  assert.instance(h, nm.SymbolicTensor);
  assert.equal(outputs.shape, [null, 2]);
  const model = new nm.Model(inputs, outputs);
  assert.is(model.layers.length, 3);
  const twin = (() => {
    const i = nm.Input({ shape: [3] });
    return new nm.Model(i, new layers.Dense(2).apply(new layers.Dense(4, { activation: 'relu' }).apply(i)));
  })();
  twin.setWeights(model.getWeights());
  const x = nm.tensor([[1, 2, 3], [-1, 0.5, 2]]);
  assert.ok(close(model.predict(x).dataSync(), twin.predict(x).dataSync()));
});

test('a layer called on a tensor computes eagerly; training is passed through', () => {
  const d = new layers.Dense(2, { kernelInitializer: 'ones', biasInitializer: 'zeros' });
  assert.equal(Array.from(d(nm.tensor([[1, 2]])).dataSync()), [3, 3]);
  const drop = new layers.Dropout(0.5, { seed: 1 });
  const x = nm.ones([1, 200]);
  assert.equal(Array.from(drop(x).dataSync()), Array.from(x.dataSync()), 'inference: identity');
  assert.ok(Array.from(drop(x, { training: true }).dataSync()).some((v) => v === 0), 'training: some units dropped');
});

test('a model is callable as a layer inside another model (Keras model(x))', () => {
  const inner = new nm.Sequential([new layers.Dense(3, { inputShape: [2] })], { name: 'inner' });
  const i = nm.Input({ shape: [2] });
  const outer = new nm.Model(i, new layers.Dense(1)(inner(i)));
  assert.equal(outer.layers.map((l) => l.name).slice(1), ['inner', outer.layers[2].name]);
  const x = nm.tensor([[1, 2]]);
  assert.ok(close(inner(x).dataSync(), inner.predict(x).dataSync()));
});

test('a callable layer keeps its identity: instanceof, name, config, errors that name its class', () => {
  const d = new layers.Dense(4, { name: 'my_dense' });
  assert.ok(d instanceof layers.Dense && d instanceof nm.Layer);
  assert.is(d.name, 'my_dense');
  assert.is(d.getConfig().name, 'my_dense');
  assert.is(d.getConfig().units, 4);
  d.name = 'renamed';
  assert.is(d.name, 'renamed');
  assert.is(String(d), '<Dense name=renamed, built=false>');
  try { nm.plotHistory(d); assert.unreachable(); } catch (e) {
    assert.instance(e, nm.ValueError);
    assert.match(e.message, /Dense/);
  }
});

test("x.slice('4') is Keras's x[4] (drops the axis); slice(4, -1) is x[4:]; a bare number is refused", () => {
  const x = nm.tensor(Array.from({ length: 18 }, (_, i) => i), [6, 3]);
  const row = x.slice('4');
  assert.equal(row.shape, [3]);
  assert.equal(Array.from(row.dataSync()), [12, 13, 14]);
  assert.equal(x.slice(4, -1).shape, [2, 3]);
  assert.equal(Array.from(x.slice(4, -1).dataSync()), Array.from(x.slice('4:').dataSync()));
  assert.equal(x.slice([4, 1]).shape, [2, 2], 'TF.js begin array: to the end of every axis');
  for (const call of [() => x.slice(4), () => nm.slice(x, 4)]) {
    try { call(); assert.unreachable(); } catch (e) {
      assert.instance(e, nm.ValueError);
      assert.match(e.message, "slice('4')");
      assert.match(e.message, "slice('4:')");
    }
  }
});

test.run();
