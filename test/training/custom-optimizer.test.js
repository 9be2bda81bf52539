// A user optimizer written with tensor ops (updateStep + Variable.assign) trains a model in fit()
// — traced into the plan, reading a learning-rate schedule at every step — to the weights the
// same rule gives written by hand in a GradientTape loop.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { maxDiff } from '../helpers/gradcheck.js';

/** Heavy-ball momentum: vel = μ·vel − lr·g; w += vel. */
class Momentum extends nm.optimizers.Optimizer {
  className = 'Momentum';
  constructor(args = {}) { super('momentum', 0.1, args); this.mu = 0.8; }
  slotGroups() { return [['velocity']]; }
  updateStep(g, v, [vel], lr) {
    vel.assign(nm.sub(nm.mul(vel, this.mu), nm.mul(g, lr)));
    v.assign(nm.add(v, vel));
  }
}

const values = (n, k) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.9 + k));
const x = nm.tensor(values(24, 1), [8, 3]), y = nm.tensor(values(8, 2), [8, 1]);
const lrAt = (t) => 0.1 * 0.5 ** (t / 2); // ExponentialDecay(0.1, decaySteps 2, decayRate 0.5)

function makeModel() {
  const model = new nm.Sequential([nm.Input({ shape: [3] }), new nm.layers.Dense(4, { activation: 'tanh' }), new nm.layers.Dense(1)]);
  model.setWeights(model.getWeights().map((w, i) => nm.tensor(values(w.size, 3 + i).map((v) => 0.5 * v), w.shape)));
  return model;
}

test('a tensor-op optimizer in fit() = the same rule by hand in a GradientTape loop', async () => {
  const fitted = makeModel();
  const opt = new Momentum({ learningRate: new nm.optimizers.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 }) });
  fitted.compile({ optimizer: opt, loss: 'mse' });
  await fitted.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
  assert.is(opt.iterations, 6);

  const byHand = makeModel();
  const vars = byHand.trainableWeights;
  const vel = vars.map((v) => new Float32Array(v.size));
  for (let t = 0; t < 6; t++) {
    const rows = (t % 2) * 4;
    const xb = nm.slice(x, [rows, 0], [4, 3]), yb = nm.slice(y, [rows, 0], [4, 1]);
    const tape = new nm.GradientTape();
    const loss = tape.record(() => nm.mean(nm.square(nm.sub(byHand.apply(xb, { training: true }), yb))));
    const grads = tape.gradient(loss, vars);
    const lr = Math.fround(lrAt(t));
    vars.forEach((v, i) => {
      const g = grads[i].dataSync(), w = Float32Array.from(v.dataSync());
      for (let j = 0; j < w.length; j++) {
        vel[i][j] = Math.fround(Math.fround(vel[i][j] * Math.fround(0.8)) - Math.fround(g[j] * lr));
        w[j] = Math.fround(w[j] + vel[i][j]);
      }
      v.assign(nm.tensor(w, v.shape));
    });
  }
  fitted.getWeights().forEach((w, i) => {
    const d = maxDiff(Array.from(w.dataSync()), Array.from(byHand.getWeights()[i].dataSync()));
    assert.ok(d < 1e-6, `weight ${i}: fit vs the hand loop differ by ${d}`);
  });
  // The rule did train, and the schedule was read at run time (a constant 0.1 ends elsewhere).
  const constant = makeModel();
  constant.compile({ optimizer: new Momentum({ learningRate: 0.1 }), loss: 'mse' });
  await constant.fit(x, y, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
  assert.ok(maxDiff(Array.from(constant.getWeights()[0].dataSync()), Array.from(fitted.getWeights()[0].dataSync())) > 1e-4);
  assert.ok(maxDiff(Array.from(makeModel().getWeights()[0].dataSync()), Array.from(fitted.getWeights()[0].dataSync())) > 1e-3);
});

test('an optimizer with neither update() nor updateStep() is a ValueError when applied', () => {
  class Empty extends nm.optimizers.Optimizer { className = 'Empty'; constructor() { super('empty', 0.1, {}); } slotGroups() { return []; } }
  const v = new nm.Variable(nm.ones([2]));
  assert.throws(() => new Empty().applyGradients([[nm.ones([2]), v]]), /Empty: an optimizer defines update\(\) .* or updateStep\(\)/);
});

test.run();
