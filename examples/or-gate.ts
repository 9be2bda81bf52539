// The OR-gate seed: Dense(2, sigmoid) → Dense(1, sigmoid), SGD(lr=0.3), mse, batch 1, 500 epochs.
import * as nm from '../dist/neurasm.js';
import { quick } from './common.ts';

nm.setSeed(0);
const x = nm.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = nm.tensor([[0], [1], [1], [1]]);

const model = new nm.Sequential([
  new nm.layers.Dense(2, { activation: 'sigmoid', inputDim: 2 }),
  new nm.layers.Dense(1, { activation: 'sigmoid' }),
]);
model.compile({ optimizer: new nm.optimizers.SGD({ lr: 0.3 }), loss: 'mse', metrics: ['binary_accuracy'] });
const h = await model.fit(x, y, { epochs: quick ? 100 : 500, batchSize: 1, verbose: 0 });
console.log(`loss ${h.history.loss[0].toFixed(4)} → ${h.history.loss.at(-1)!.toFixed(4)}`);
const p = model.predict(x);
console.log(p.toString());
console.log('OR learned:', JSON.stringify(p.greater(0.5).cast('int32').reshape([-1]).array()) === '[0,1,1,1]');
