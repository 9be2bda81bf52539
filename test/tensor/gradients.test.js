// Every differentiable op: tape gradient against central finite differences, including
// broadcasting (gradients reduced back to the operand's shape).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { gradCheck, randomTensor, rng } from '../helpers/gradcheck.js';

const r = rng(42);
const pos = (shape) => randomTensor(shape, r, 0.5, 2);     // for log, sqrt, pow bases, div
const any = (shape) => randomTensor(shape, r, -1.5, 1.5);
const TOL = 2e-2;

const cases = {
  add: [(a, b) => nm.add(a, b), [any([2, 3]), any([3])]],
  sub: [(a, b) => nm.sub(a, b), [any([2, 1, 3]), any([4, 1])]],
  mul: [(a, b) => nm.mul(a, b), [any([3, 2]), any([3, 1])]],
  div: [(a, b) => nm.div(a, b), [any([2, 3]), pos([2, 3])]],
  pow: [(a, b) => nm.pow(a, b), [pos([2, 2]), any([2, 2])]],
  maximum: [(a, b) => nm.maximum(a, b), [any([5]), any([5])]],
  minimum: [(a, b) => nm.minimum(a, b), [any([5]), any([1])]],
  squaredDifference: [(a, b) => nm.squaredDifference(a, b), [any([3]), any([3])]],
  neg: [(a) => nm.neg(a), [any([4])]],
  abs: [(a) => nm.abs(a), [randomTensor([5], r, 0.2, 1)]],
  exp: [(a) => nm.exp(a), [any([3, 2])]],
  log: [(a) => nm.log(a), [pos([4])]],
  sqrt: [(a) => nm.sqrt(a), [pos([4])]],
  square: [(a) => nm.square(a), [any([2, 2])]],
  reciprocal: [(a) => nm.reciprocal(a), [pos([3])]],
  sin: [(a) => nm.sin(a), [any([3])]],
  cos: [(a) => nm.cos(a), [any([3])]],
  log1p: [(a) => nm.log1p(a), [pos([3])]],
  expm1: [(a) => nm.expm1(a), [any([3])]],
  rsqrt: [(a) => nm.rsqrt(a), [pos([3])]],
  erf: [(a) => nm.erf(a), [any([4])]],
  tan: [(a) => nm.tan(a), [randomTensor([4], rng(7), -1, 1)]], // away from the poles at ±π/2; its own stream, so the other cases draw what they drew
  clip: [(a) => nm.clip(a, -0.5, 0.5), [any([6])]],
  relu: [(a) => nm.relu(a), [randomTensor([6], r, 0.1, 1).mul(nm.tensor([1, -1, 1, -1, 1, -1]))]],
  sigmoid: [(a) => nm.sigmoid(a), [any([5])]],
  tanh: [(a) => nm.tanh(a), [any([5])]],
  elu: [(a) => nm.elu(a), [any([5])]],
  selu: [(a) => nm.selu(a), [any([5])]],
  softplus: [(a) => nm.softplus(a), [any([5])]],
  softsign: [(a) => nm.softsign(a), [any([5])]],
  silu: [(a) => nm.silu(a), [any([5])]],
  gelu: [(a) => nm.gelu(a), [any([5])]],
  gelu_tanh: [(a) => nm.gelu(a, true), [any([5])]],
  leakyRelu: [(a) => nm.leakyRelu(a, 0.1), [randomTensor([4], r, 0.1, 1).mul(nm.tensor([1, -1, 1, -1]))]],
  softmax: [(a) => nm.softmax(a), [any([3, 4])]],
  softmax_axis0: [(a) => nm.softmax(a, 0), [any([3, 4])]],
  logSoftmax: [(a) => nm.logSoftmax(a), [any([2, 5])]],
  matMul: [(a, b) => nm.matMul(a, b), [any([3, 4]), any([4, 2])]],
  matMul_tA: [(a, b) => nm.matMul(a, b, true, false), [any([4, 3]), any([4, 2])]],
  matMul_tB: [(a, b) => nm.matMul(a, b, false, true), [any([3, 4]), any([2, 4])]],
  matMul_tAtB: [(a, b) => nm.matMul(a, b, true, true), [any([4, 3]), any([2, 4])]],
  matMul_batched: [(a, b) => nm.matMul(a, b), [any([2, 3, 4]), any([4, 2])]],
  dot_vv: [(a, b) => nm.dot(a, b), [any([5]), any([5])]],
  dot_mv: [(a, b) => nm.dot(a, b), [any([3, 5]), any([5])]],
  dense_relu: [(x, w, b) => nm.dense(x, w, b, 'relu'), [any([4, 3]), any([3, 5]), any([5])]],
  dense_sigmoid: [(x, w, b) => nm.dense(x, w, b, 'sigmoid'), [any([2, 3]), any([3, 2]), any([2])]],
  sum_all: [(a) => nm.sum(a), [any([2, 3, 4])]],
  sum_axes: [(a) => nm.sum(a, [0, 2], true), [any([2, 3, 4])]],
  mean_axis: [(a) => nm.mean(a, 1), [any([3, 4])]],
  max_axis: [(a) => nm.max(a, -1), [any([3, 5])]],
  min_axis: [(a) => nm.min(a, 0), [any([4, 2])]],
  prod: [(a) => nm.prod(a, 1), [pos([2, 3])]],
  reshape: [(a) => nm.reshape(a, [3, -1]), [any([2, 3, 2])]],
  transpose: [(a) => nm.transpose(a, [2, 0, 1]), [any([2, 3, 4])]],
  slice: [(a) => nm.slice(a, ':, 1:-1'), [any([3, 5])]],
  slice_step: [(a) => nm.slice(a, '::2, ::-1'), [any([5, 3])]],
  gather: [(a) => nm.gather(a, [2, 0, 2], 0), [any([4, 3])]],
  gather_axis1: [(a) => nm.gather(a, [1, 1], 1), [any([2, 3])]],
  concat: [(a, b) => nm.concat([a, b], 1), [any([2, 3]), any([2, 2])]],
  stack: [(a, b) => nm.stack([a, b], 1), [any([2, 3]), any([2, 3])]],
  broadcastTo: [(a) => nm.broadcastTo(a, [3, 2, 4]), [any([2, 1])]],
  where: [(a, b) => nm.where(nm.tensor([true, false, true]), a, b), [any([3]), any([3])]],
  logSumExp: [(a) => nm.logSumExp(a, 1), [any([2, 4])]],
};

for (const [name, [f, inputs]] of Object.entries(cases)) {
  test(`gradient of ${name} matches finite differences`, () => {
    const err = gradCheck(f, inputs);
    assert.ok(err < TOL, `${name}: relative error ${err}`);
  });
}

test('second-order: gradient of a gradient (x³ → 6x)', () => {
  const x = nm.tensor([0.5, -1.5, 2]);
  const outer = new nm.GradientTape();
  const s = outer.record(() => {
    const inner = new nm.GradientTape();
    const y = inner.record(() => nm.sum(nm.pow(x, 3)));
    return nm.sum(inner.gradient(y, x)); // Σ 3x²
  });
  const h = outer.gradient(s, x);
  assert.equal(Array.from(h.dataSync()).map((v) => Math.round(v * 1000) / 1000), [3, -9, 12]);
});

test('unconnected sources get zero gradients; int inputs none', () => {
  const a = nm.variable(nm.tensor([1, 2])), b = nm.variable(nm.tensor([3, 4]));
  const tape = new nm.GradientTape();
  const y = tape.record(() => nm.sum(nm.square(a)));
  const [ga, gb] = tape.gradient(y, [a, b]);
  assert.equal(Array.from(ga.dataSync()), [2, 4]);
  assert.equal(Array.from(gb.dataSync()), [0, 0]);
});

test('grad, valueAndGrad, grads functional forms', () => {
  const f = (x) => nm.sum(nm.square(x));
  assert.equal(Array.from(nm.grad(f)(nm.tensor([1, -2])).dataSync()), [2, -4]);
  const { value, grad } = nm.valueAndGrad(f)(nm.tensor([3]));
  assert.is(value.item(), 9);
  assert.is(grad.item(), 6);
  const [ga, gb] = nm.grads((a, b) => nm.sum(nm.mul(a, b)))([nm.tensor([2]), nm.tensor([5])]);
  assert.equal([ga.item(), gb.item()], [5, 2]);
});

test('a non-persistent tape refuses a second gradient(); a persistent one allows it', () => {
  const x = nm.variable(nm.tensor([1, 2]));
  const t1 = new nm.GradientTape();
  const y1 = t1.record(() => nm.sum(nm.square(x)));
  t1.gradient(y1, [x]);
  assert.throws(() => t1.gradient(y1, [x]), (e) => e instanceof nm.StateError);
  const t2 = new nm.GradientTape({ persistent: true });
  const y2 = t2.record(() => nm.sum(nm.square(x)));
  t2.gradient(y2, [x]);
  assert.equal(Array.from(t2.gradient(y2, [x])[0].dataSync()), [2, 4]);
  t2.dispose();
});

test.run();
