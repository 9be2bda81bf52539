// sdk/constraints.ts against real Keras 3.15 (test/fixtures/keras/gen_weight_utils.py): MaxNorm,
// NonNeg, UnitNorm and MinMaxNorm projections of fixed weights over axis 0, 1 and [0, 1]; configs
// and identifiers; a constraint is enforced after each fit() step.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../dist/neurasm.js';
import { fixtureJSON } from './helpers/fixtures.js';
import { maxDiff } from './helpers/gradcheck.js';

const ref = await fixtureJSON('weight_utils_reference.json');
const C = nm.constraints;
const inputs = { w: nm.tensor(ref.w, [3, 4]), w3: nm.tensor(ref.w3, [2, 3, 4]) };

const MADE = {
  MaxNorm: () => new C.MaxNorm(1.5), MaxNorm_axis1: () => new C.MaxNorm(2, 1), NonNeg: () => new C.NonNeg(),
  UnitNorm: () => new C.UnitNorm(), UnitNorm_axis1: () => new C.UnitNorm(1),
  MinMaxNorm: () => new C.MinMaxNorm(0.5, 1, 0.7), MinMaxNorm_axes01: () => new C.MinMaxNorm(1, 3, 1, [0, 1]),
};

for (const [name, make] of Object.entries(MADE)) {
  test(`${name}: Keras's projection and config`, () => {
    const c = make(), k = ref.constraints[name];
    const got = Array.from(c.call(inputs[k.input]).dataSync());
    assert.ok(maxDiff(got, k.value) < 1e-6, `${name}: worst ${maxDiff(got, k.value)}`);
    assert.is(c.className, k.class_name);
    assert.equal(c.getConfig(), k.config);
    assert.equal(C.getConstraint(JSON.parse(JSON.stringify(c.serialize()))).getConfig(), k.config);
  });
}

test("Keras's identifiers and defaults", () => {
  assert.equal(C.getConstraint('max_norm').getConfig(), { max_value: 2, axis: 0 });
  assert.equal(C.getConstraint('unit_norm').getConfig(), { axis: 0 });
  assert.equal(C.getConstraint('min_max_norm').getConfig(), { min_value: 0, max_value: 1, rate: 1, axis: 0 });
  assert.is(C.getConstraint('non_neg').className, 'NonNeg');
  assert.throws(() => C.getConstraint('max'), /constraint/);
});

test('a kernel constraint holds after every fit() step', async () => {
  const layer = new nm.layers.Dense(3, { kernelConstraint: new C.MaxNorm(0.5), kernelInitializer: 'ones' });
  const model = new nm.Sequential([nm.Input({ shape: [4] }), layer]);
  model.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 0.5 }), loss: 'mse' });
  await model.fit(nm.ones([8, 4]), nm.fill([8, 3], 5), { epochs: 2, batchSize: 4, verbose: 0 });
  const k = layer.kernel.dataSync();
  for (let j = 0; j < 3; j++) {
    const norm = Math.hypot(...[0, 1, 2, 3].map((i) => k[i * 3 + j]));
    assert.ok(norm <= 0.5 + 1e-6, `column ${j} norm ${norm}`);
  }
});

test.run();
