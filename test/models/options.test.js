// One rule for options objects everywhere: camelCase names; an unknown key is refused with a
// ValueError that names the nearest key, or the camelCase form of Keras's snake_case spelling.
// The known keys come from the TypeScript declarations (build/gen-option-keys.js).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const { layers, optimizers, callbacks, losses } = nm;
const refuses = (f, re) => assert.throws(f, (e) => e instanceof nm.ValueError && re.test(e.message), String(re));

test("Keras's snake_case names are refused with the camelCase one", () => {
  refuses(() => new optimizers.SGD({ learning_rate: 0.1 }), /'learning_rate'.*'learningRate'/);
  refuses(() => new optimizers.Adam({ beta_1: 0.8 }), /'beta_1'.*'beta1'/);
  refuses(() => new layers.Dense(4, { input_shape: [3] }), /Dense: unknown option 'input_shape'.*'inputShape'/);
  refuses(() => new layers.LSTM(4, { return_sequences: true }), /'returnSequences'/);
  refuses(() => new callbacks.EarlyStopping({ restore_best_weights: true }), /'restoreBestWeights'/);
  refuses(() => new losses.BinaryCrossentropy({ from_logits: true }), /'fromLogits'/);
  refuses(() => nm.Input({ shape: [3], batch_size: 2 }), /'batchSize'/);
});

test('a misspelt key is refused with the nearest known keys', async () => {
  const m = new nm.Sequential([new layers.Dense(1, { inputShape: [2] })]);
  refuses(() => m.compile({ optimizer: 'sgd', loss: 'mse', metric: ['mae'] }), /compile\(\): unknown option 'metric'. Did you mean 'metrics'/);
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  let err = null;
  try { await m.fit([[1, 2]], [1], { epoch: 3, verbose: 0 }); } catch (e) { err = e; }
  assert.ok(err instanceof nm.ValueError && /fit\(\): unknown option 'epoch'.*'epochs'/.test(err.message), String(err));
  err = null;
  try { await m.evaluate([[1, 2]], [1], { batch_size: 1, verbose: 0 }); } catch (e) { err = e; }
  assert.ok(err instanceof nm.ValueError && /'batchSize'/.test(err.message), String(err));
  refuses(() => m.predict([[1, 2]], { batchsize: 1 }), /predict\(\): unknown option 'batchsize'. Did you mean 'batchSize'/);
  refuses(() => new layers.Conv2D(4, 3, { stride: 2 }), /Did you mean 'strides'/);
});

test('known keys, undefined values and the lr alias are accepted', () => {
  new optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true, clipnorm: undefined });
  new optimizers.SGD({ lr: 0.3 });
  new layers.Dense(4, { activation: 'relu', inputShape: [3], kernelInitializer: 'zeros', name: 'd' });
  new layers.Dropout(0.5, { seed: 1 });
});

test.run();
