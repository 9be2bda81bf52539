// sdk/regularizers.ts against real Keras 3.15 (test/fixtures/keras/gen_weight_utils.py): the
// penalties of L1, L2 and L1L2 on fixed 2-d and 3-d weights, configs, identifiers, and the
// penalty's gradient (it trains through autodiff).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../dist/neurasm.js';
import { fixtureJSON } from './helpers/fixtures.js';
import { gradCheck } from './helpers/gradcheck.js';

const ref = await fixtureJSON('weight_utils_reference.json');
const w = nm.tensor(ref.w, [3, 4]), w3 = nm.tensor(ref.w3, [2, 3, 4]);
const R = nm.regularizers;
const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}: got ${a}, Keras ${b}`);

const MADE = {
  L1: () => new R.L1(0.01), L2: () => new R.L2(0.02), L1L2: () => new R.L1L2(0.01, 0.02),
  L1L2_defaults: () => new R.L1L2(), l1l2_string: () => R.getRegularizer('l1l2'),
};

for (const [name, make] of Object.entries(MADE)) {
  test(`${name}: Keras's penalty and config`, () => {
    const r = make(), k = ref.regularizers[name];
    close(r.call(w).item(), k.penalty, `${name} on [3, 4]`);
    close(r.call(w3).item(), k.penalty_w3, `${name} on [2, 3, 4]`);
    assert.is(r.className, k.class_name);
    assert.equal(r.getConfig(), k.config);
    // A serialized regularizer (as in a layer config) comes back the same.
    assert.equal(R.getRegularizer(JSON.parse(JSON.stringify(r.serialize()))).getConfig(), k.config);
  });
}

test("the formulas: l1·Σ|w| + l2·Σw²; Keras's default factors", () => {
  const v = [1, -2, 3];
  assert.ok(Math.abs(new R.L1L2(0.5, 0.25).call(nm.tensor(v)).item() - (0.5 * 6 + 0.25 * 14)) < 1e-6);
  assert.equal([R.getRegularizer('l1').getConfig(), R.getRegularizer('L2').getConfig()], [{ l1: Math.fround(0.01) }, { l2: 0.01 }]);
  assert.throws(() => R.getRegularizer('l3'), /regularizer/);
});

test('the penalty differentiates (central differences; L1 away from 0)', () => {
  const v = new nm.Variable(nm.tensor([0.5, -0.7, 1.2, -0.3], [2, 2]));
  assert.ok(gradCheck(() => new R.L1L2(0.3, 0.2).call(v), [v], { eps: 1e-3 }) < 1e-3);
});

test('a layer regularizer adds its penalty to model.losses and to the training loss', () => {
  const model = new nm.Sequential([nm.Input({ shape: [4] }), new nm.layers.Dense(3, { kernelRegularizer: new R.L2(0.02), kernelInitializer: 'ones', useBias: false })]);
  close(model.losses.reduce((s, t) => s + t.item(), 0), 0.02 * 12, 'model.losses');
  model.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 0 }), loss: 'mse' });
  const x = nm.zeros([2, 4]), y = nm.zeros([2, 3]);
  close(model.trainOnBatch(x, y), 0.02 * 12, 'loss with zero data error');
});

test.run();
