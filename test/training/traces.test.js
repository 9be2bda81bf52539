// Every case of the real-Keras traces.json: 12 optimizers × {mse, categorical_crossentropy} and
// 13 losses with SGD, reproduced through Sequential + compile + trainOnBatch from the same
// initial weights: loss before, the three step losses, the weights after each step and every
// optimizer variable, within 1e-5 relative (1e-6 absolute near 0).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureJSON } from '../helpers/fixtures.js';

const traces = await fixtureJSON('traces.json');

function close(actual, expected, what) {
  const a = Array.isArray(actual) || ArrayBuffer.isView(actual) ? Array.from(actual) : [actual];
  const e = (Array.isArray(expected) ? expected.flat(Infinity) : [expected]).map(Number);
  assert.is(a.length, e.length, `${what}: length`);
  for (let i = 0; i < e.length; i++) {
    const tol = Math.max(1e-6, 1e-5 * Math.abs(e[i]));
    if (!(Math.abs(a[i] - e[i]) <= tol)) assert.unreachable(`${what}[${i}]: got ${a[i]}, Keras ${e[i]} (diff ${Math.abs(a[i] - e[i])})`);
  }
}

function build(c) {
  nm.layers.clearSession();
  const model = new nm.Sequential([
    nm.Input({ shape: [5] }),
    new nm.layers.Dense(4, { activation: 'relu', name: 'hidden' }),
    new nm.layers.Dense(3, { activation: c.final_activation, name: 'out' }),
  ], { name: 'trace_net' });
  model.setWeights(c.initial_weights);
  const optimizer = nm.optimizers.optimizerFromConfig(c.optimizer.class, c.optimizer.config);
  model.compile({ optimizer, loss: c.loss });
  return { model, optimizer };
}

for (const c of traces.cases) {
  test(c.id, () => {
    const { model, optimizer } = build(c);
    const yDtype = c.loss === 'sparse_categorical_crossentropy' ? 'int32' : 'float32';
    const x = nm.tensor(c.x), y = nm.tensor(c.y, undefined, yDtype);
    close(model.evaluateSync(x, y, { verbose: 0 }), c.loss_before, 'loss_before');
    c.step_losses.forEach((expected, step) => {
      close(model.trainOnBatch(x, y), expected, `step ${step + 1} loss`);
      model.getWeights().forEach((w, i) => close(w.dataSync(), c.weights_after_each_step[step][i], `step ${step + 1} weight ${i}`));
    });
    close(model.evaluateSync(x, y, { verbose: 0 }), c.loss_after, 'loss_after');
    const vars = optimizer.variables();
    assert.equal(vars.map((v) => v.path.replace(/^[a-z_]+\//, '')), c.optimizer_variables_after.map((v) => v.path.replace(/^[a-z_]+\//, '')));
    vars.forEach((v, i) => close(v.value.dataSync(), c.optimizer_variables_after[i].value, v.path));
    assert.equal(optimizer.getConfig(), c.optimizer.config);
  });
}

test('default optimizer configs equal Keras defaults.json', async () => {
  const defaults = (await fixtureJSON('defaults.json')).optimizers;
  const made = { SGD: new nm.optimizers.SGD(), RMSprop: new nm.optimizers.RMSprop(), Adam: new nm.optimizers.Adam(), AdamW: new nm.optimizers.AdamW(),
    Adagrad: new nm.optimizers.Adagrad(), Adadelta: new nm.optimizers.Adadelta(), Nadam: new nm.optimizers.Nadam(), Adamax: new nm.optimizers.Adamax() };
  for (const [name, opt] of Object.entries(made)) assert.equal(opt.getConfig(), defaults[name], name);
});

test('lr is an alias of learningRate; strings resolve case-insensitively', () => {
  assert.is(new nm.optimizers.SGD({ lr: 0.3 }).getConfig().learning_rate, Math.fround(0.3));
  assert.is(nm.optimizers.getOptimizer('RMSprop').getConfig().name, 'rm_sprop');
  assert.throws(() => new nm.optimizers.SGD({ lr: 0.1, learningRate: 0.2 }), (e) => e instanceof nm.ValueError);
});

test.run();
