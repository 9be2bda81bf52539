// Seed 001's TensorBoard workflow: train the MNIST MLP with callbacks.TensorBoard(logDir,
// histogramFreq=1) and validation data, then open the logs with `tensorboard --logdir <dir>`.
// Run: npx tsx examples/mnist-tensorboard.ts [--quick] [--logdir=DIR]  (default: examples/out/logs/fit/<time>,
// a new run each time, as in TensorFlow's tutorial: log_dir = "logs/fit/" + datetime)
// (Deno: deno run -A; Bun: bun). In a browser, pass {sink: nm.summary.memorySink()}.
import * as nm from '../dist/neurasm.js';
import { flag, quick } from './common.ts';

const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
const logDir = flag('logdir', `examples/out/logs/fit/${stamp}`);
const [[trainImages, trainLabels], [testImages, testLabels]] = await nm.datasets.mnist.loadData();
const n = quick ? 2000 : 60000;
const x = trainImages.slice(`:${n}`).reshape([n, 784]).cast('float32').div(255);
const y = nm.utils.toCategorical(trainLabels.slice(`:${n}`));
const xTest = testImages.slice(':1000').reshape([1000, 784]).cast('float32').div(255);
const yTest = nm.utils.toCategorical(testLabels.slice(':1000'));

const model = new nm.Sequential([
  new nm.layers.Dense(512, { activation: 'relu', inputShape: [784] }),
  new nm.layers.Dense(10, { activation: 'softmax' }),
]);
model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });

const tensorboardCallback = new nm.callbacks.TensorBoard({ logDir, histogramFreq: 1 });
const hist = await model.fit(x, y, { batchSize: 128, epochs: quick ? 2 : 5, validationData: [xTest, yTest], callbacks: [tensorboardCallback], verbose: 2 });

console.log(`final val_accuracy: ${hist.history.val_accuracy.at(-1)!.toFixed(4)}`);
for (const f of tensorboardCallback.files) console.log(`wrote ${f}`);
console.log(`open them with: tensorboard --logdir ${logDir}`);
