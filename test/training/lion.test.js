// Lion (sdk/optimizers/lion.ts, one class written with tensor ops) against real Keras 3.15
// (test/fixtures/keras/gen_lion.py → lion_trace.json): the same fixed-weight model, five
// train_on_batch steps, the weights and the momentum after each, by fit()'s traced plan and by a custom
// GradientTape loop with applyGradients; Keras's config, names and defaults.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureJSON } from '../helpers/fixtures.js';

const trace = await fixtureJSON('lion_trace.json');

function close(actual, expected, what) {
  assert.is(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const tol = Math.max(1e-6, 1e-5 * Math.abs(expected[i]));
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) assert.unreachable(`${what}[${i}]: got ${actual[i]}, Keras ${expected[i]}`);
  }
}

function setup(c) {
  const model = new nm.Sequential([nm.Input({ shape: [3] }), new nm.layers.Dense(3, { activation: 'tanh' }), new nm.layers.Dense(2)]);
  model.setWeights(trace.initial.map((w, i) => nm.tensor(w, model.getWeights()[i].shape)));
  const opt = nm.optimizers.optimizerFromConfig('Lion', c.config);
  return { model, opt, x: nm.tensor(trace.x, [4, 3]), y: nm.tensor(trace.y, [4, 2]) };
}

for (const [name, c] of Object.entries(trace.cases)) {
  test(`Lion ${name}: fit()'s plan gives Keras's weights after each of 5 steps`, () => {
    const { model, opt, x, y } = setup(c);
    model.compile({ optimizer: opt, loss: 'mse' });
    c.steps.forEach((s, k) => {
      const loss = model.trainOnBatch(x, y);
      close([loss], [s.loss], `step ${k + 1} loss`);
      model.getWeights().forEach((w, i) => close(Array.from(w.dataSync()), s.weights[i], `step ${k + 1} weight ${i}`));
      // The momentum decides later signs: check it too (the weights alone move by ±lr).
      const want = Object.entries(s.optimizer_variables);
      const slot = (p) => p.replace(/^\w+\//, '').replace(/^.*_(kernel|bias)_momentum$/, '$1_momentum'); // layer names differ by auto-naming
      assert.equal(opt.variables().map((v) => slot(v.path)), want.map(([p]) => slot(p)));
      opt.variables().forEach((v, i) => close(Array.from(v.value.dataSync()), want[i][1], `step ${k + 1} ${v.path}`));
    });
    assert.is(opt.iterations, 5);
  });

  test(`Lion ${name}: a GradientTape loop with applyGradients gives the same weights`, () => {
    const { model, opt, x, y } = setup(c);
    for (const s of c.steps) {
      const tape = new nm.GradientTape();
      const loss = tape.record(() => nm.mean(nm.square(nm.sub(model.apply(x, { training: true }), y))));
      const grads = tape.gradient(loss, model.trainableWeights);
      opt.applyGradients(grads.map((g, j) => [g, model.trainableWeights[j]]));
      model.getWeights().forEach((w, i) => close(Array.from(w.dataSync()), s.weights[i], 'custom loop weight'));
    }
  });
}

test("Lion's config, defaults and names are Keras's", async () => {
  assert.equal(new nm.optimizers.Lion().getConfig(), (await fixtureJSON('defaults.json')).optimizers.Lion);
  const c = trace.cases.defaults.config;
  const lion = new nm.optimizers.Lion({ learningRate: 0.01 });
  assert.equal(lion.getConfig(), { ...c, name: 'lion' });
  const d = nm.optimizers.getOptimizer('lion');
  assert.is(d.className, 'Lion');
  assert.equal([d.learningRate, d.beta1, d.beta2], [0.001, 0.9, 0.99]);
  assert.throws(() => new nm.optimizers.Lion({ beta1: 0 }), /Lion: beta1 must be in \(0, 1\]/);
  assert.throws(() => new nm.optimizers.Lion({ beta_1: 0.9 }), /use 'beta1'/);
  // Slot names as Keras's: <optimizer>/<variable path>_momentum.
  const v = new nm.Variable(nm.ones([2]), { name: 'dense/kernel' });
  lion.applyGradients([[nm.ones([2]), v]]);
  assert.equal(lion.variables().map((o) => o.path), ['lion/iteration', 'lion/learning_rate', 'lion/dense_kernel_momentum']);
  assert.equal(Array.from(v.dataSync()), [0.99, 0.99].map(Math.fround));
});

test.run();
