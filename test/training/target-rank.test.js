// Targets of shape [n] against predictions [n, 1] meet as [n, 1] (Keras's
// squeeze_or_expand_to_same_rank), in losses, metrics and fit(); they never broadcast to [n, n].
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const yTrue = nm.tensor([1, 2, 3]), yPred = nm.tensor([[1], [4], [3]]);

test('mse / mae / binary accuracy: [n] targets against [n, 1] predictions', () => {
  // Per sample: (0, 4, 0) → 4/3; broadcasting would give the mean over a 3×3 grid (= 2).
  assert.ok(Math.abs(new nm.losses.MeanSquaredError().call(yTrue, yPred).item() - 4 / 3) < 1e-6);
  assert.equal(Array.from(nm.losses.meanAbsoluteError(yTrue, yPred).dataSync()), [0, 2, 0]);
  assert.equal(nm.losses.meanSquaredError(yPred, yTrue).shape, [3]);
  const acc = nm.metrics.binaryAccuracy(nm.tensor([1, 0, 1]), nm.tensor([[0.9], [0.2], [0.3]]));
  assert.equal(Array.from(acc.dataSync()).flat(), [1, 1, 0]);
});

test('fit() on [n] targets learns y = 2x + 1 (a [n, n] broadcast would only learn the mean)', async () => {
  nm.setSeed(1);
  const x = nm.tensor(Array.from({ length: 64 }, (_, i) => [i / 32 - 1]));
  const y = nm.tensor(Array.from({ length: 64 }, (_, i) => 2 * (i / 32 - 1) + 1));
  const m = new nm.Sequential([nm.Input({ shape: [1] }), new nm.layers.Dense(1)]);
  m.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
  const h = await m.fit(x, y, { epochs: 60, batchSize: 16, verbose: 0 });
  assert.ok(h.history.loss.at(-1) < 1e-3, `final loss ${h.history.loss.at(-1)}`);
  assert.ok(h.history.mae.at(-1) < 0.03, `final mae ${h.history.mae.at(-1)}`);
});

test.run();
