// The Fashion-MNIST seed: the same data, two MLPs compared — 64-32-10 and 128-128-32-10,
// adam, sparse_categorical_crossentropy — with their curves side by side. Writes the
// comparison figure to examples/out/fashion-mnist.svg when the plot module is present.
import * as nm from '../dist/neurasm.js';
import { quick } from './common.ts';

const [[xTrain, yTrain], [xTest, yTest]] = await nm.datasets.fashionMnist.loadData();
const n = quick ? 6000 : 60000;
const x = xTrain.slice(`:${n}`).cast('float32').div(255), y = yTrain.slice(`:${n}`).cast('int32');
const xt = xTest.cast('float32').div(255), yt = yTest.cast('int32');
console.log(`Fashion-MNIST: ${x.shape[0]} training images, classes ${nm.datasets.fashionMnist.classNames.join(', ')}`);

function build(units: number[], name: string) {
  nm.setSeed(0);
  const model = new nm.Sequential([nm.Input({ shape: [28, 28] }), new nm.layers.Flatten(), ...units.map((u) => new nm.layers.Dense(u, { activation: 'relu' })), new nm.layers.Dense(10, { activation: 'softmax' })], { name });
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
}

const histories: Record<string, nm.History> = {};
for (const [name, units] of [['small_64_32', [64, 32]], ['large_128_128_32', [128, 128, 32]]] as const) {
  const model = build([...units], name);
  model.summary();
  histories[name] = await model.fit(x, y, { epochs: quick ? 2 : 10, batchSize: 128, validationSplit: 0.2, verbose: 2 });
  const { loss, accuracy: acc } = await model.evaluate(xt, yt, { verbose: 0, returnDict: true });
  console.log(`${name}: test loss ${loss.toFixed(4)}, test accuracy ${acc.toFixed(4)}`);
}

const svg = nm.plotHistory(histories, { metrics: ['loss', 'accuracy'], title: 'Fashion-MNIST: 64-32 vs 128-128-32' });
const path = new URL('./out/fashion-mnist.svg', import.meta.url).pathname;
await nm.saveSvg(path, svg);
console.log(`wrote ${path}`);
