// The seed's softmax classification with a hand-written training loop: 8 samples × 4
// features, 3 one-hot classes, hypothesis softmax(X·W + b), cross-entropy cost, 2001 steps of
// plain gradient descent (learning rate 0.1) through a GradientTape. No dispose() anywhere.
// Run: npx tsx | npx deno run -A | npx bun  examples/softmax-classification.ts [--quick]
import * as nm from '../dist/neurasm.js';
import { quick } from './common.ts';

nm.setSeed(777);
const xData = [[1, 2, 1, 1], [2, 1, 3, 2], [3, 1, 3, 4], [4, 1, 5, 5], [1, 7, 5, 5], [1, 2, 5, 6], [1, 6, 6, 6], [1, 7, 7, 7]];
const yData = [[0, 0, 1], [0, 0, 1], [0, 0, 1], [0, 1, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0], [1, 0, 0]];
const X = nm.tensor(xData);
const Y = nm.tensor(yData);

const W = nm.variable(nm.randomNormal([4, 3]), true, 'weight');
const b = nm.variable(nm.randomNormal([3]), true, 'bias');
const hypothesis = () => nm.softmax(nm.add(nm.matMul(X, W), b));
const learningRate = 0.1;

const steps = quick ? 501 : 2001;
for (let step = 0; step < steps; step++) {
  const tape = new nm.GradientTape();
  const cost = tape.record(() => nm.mean(nm.neg(nm.sum(nm.mul(Y, nm.log(hypothesis())), 1))));
  const [gW, gb] = tape.gradient(cost, [W, b]);
  W.assignSub(gW.mul(learningRate));
  b.assignSub(gb.mul(learningRate));
  if (step % 100 === 0) console.log(String(step).padStart(4), cost.item().toFixed(6));
}

const H = hypothesis();
const predicted = nm.argMax(H, 1);
const actual = nm.argMax(Y, 1);
console.log('predicted:', JSON.stringify(predicted.array()));
console.log('actual:   ', JSON.stringify(actual.array()));
console.log('accuracy: ', nm.mean(nm.cast(nm.equal(predicted, actual), 'float32')).item());
