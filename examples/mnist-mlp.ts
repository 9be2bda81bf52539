// The classic MNIST MLP (Deep Learning with Python, ch. 2): 784 → Dense(512, relu) →
// Dense(10, softmax), rmsprop, categorical_crossentropy, batch 128, 5 epochs, real MNIST.
// Run: npm start   (or npx tsx / npx deno run -A / npx bun examples/mnist-mlp.ts [--quick])
import * as nm from '../dist/neurasm.js';
import { quick } from './common.ts';

const [[trainImages, trainLabels], [testImages, testLabels]] = await nm.datasets.mnist.loadData();
console.log(`train ${trainImages.shape} ${trainImages.dtype}, test ${testImages.shape}`);

const network = new nm.Sequential();
network.add(new nm.layers.Dense(512, { activation: 'relu', inputShape: [28 * 28] }));
network.add(new nm.layers.Dense(10, { activation: 'softmax' }));
network.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
network.summary();

const n = quick ? 6000 : 60000;
const x = trainImages.slice(`:${n}`).reshape([n, 28 * 28]).cast('float32').div(255);
const y = nm.utils.toCategorical(trainLabels.slice(`:${n}`));
const xTest = testImages.reshape([10000, 28 * 28]).cast('float32').div(255);
const yTest = nm.utils.toCategorical(testLabels);

const start = performance.now();
const history = await network.fit(x, y, { epochs: quick ? 1 : 5, batchSize: 128 });
const perEpoch = (performance.now() - start) / 1000 / history.epoch.length;
const { loss: testLoss, accuracy: testAcc } = await network.evaluate(xTest, yTest, { verbose: 0, returnDict: true });
console.log(`test_loss: ${testLoss.toFixed(4)} - test_acc: ${testAcc.toFixed(4)} (${perEpoch.toFixed(2)} s per epoch, ${nm.getBackend().kernels}, ${nm.getNumThreads()} thread${nm.getNumThreads() > 1 ? 's' : ''})`);
