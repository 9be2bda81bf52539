// The XOR seed: Dense(8, relu) → Dense(1, sigmoid), adam, mse, batch 4.
// Run: npx tsx examples/xor.ts   |   npx deno run -A examples/xor.ts   |   npx bun examples/xor.ts
import * as nm from '../dist/neurasm.js';
import { quick } from './common.ts';

nm.setSeed(1);
const x = nm.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = nm.tensor([[0], [1], [1], [0]]);

function build(learningRate?: number) {
  const model = new nm.Sequential([
    new nm.layers.Dense(8, { activation: 'relu', inputDim: 2 }),
    new nm.layers.Dense(1, { activation: 'sigmoid' }),
  ]);
  model.compile({ optimizer: learningRate ? new nm.optimizers.Adam({ learningRate }) : 'adam', loss: 'mse', metrics: ['accuracy'] });
  return model;
}

// The seed's 100 epochs at Adam's default learning rate (0.001) barely move the weights:
// Keras too ends this run with accuracy around 0.5–0.75.
const seed = build();
seed.summary();
let h = await seed.fit(x, y, { epochs: quick ? 10 : 100, batchSize: 4, verbose: 0 });
console.log(`default learning rate, ${h.epoch.length} epochs: loss ${h.history.loss.at(-1)!.toFixed(4)}, accuracy ${h.history.accuracy.at(-1)}`);

// A larger step learns XOR: train until all four points are right.
const model = build(0.05);
let epochs = 0;
let acc = 0;
while (acc < 1 && epochs < 2000) {
  h = await model.fit(x, y, { epochs: 50, batchSize: 4, verbose: 0 });
  epochs += 50;
  acc = h.history.accuracy.at(-1)!;
}
const p = model.predict(x);
console.log(`learningRate 0.05: all four points right after ${epochs} epochs (loss ${h.history.loss.at(-1)!.toFixed(4)})`);
console.log('predictions:');
console.log(p.toString());
console.log('rounded:', p.round().reshape([-1]).array());
