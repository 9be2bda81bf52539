// Seed 003's MNIST workflow after training, and seed 000's NumPy lines: scale the pixels,
// one-hot labels, print a prediction with np.set_printoptions(precision=7), save the model
// graph with plot_model(to_file='model.png', show_shapes=True, show_layer_names=True), the
// history curves and the confusion matrix as PNG; normalise a feature table with mean and std.
// Run: npx tsx examples/seed-figures.ts [--quick] [--out=examples/out/]   (Deno: run -A; Bun)
import * as nm from '../dist/neurasm.js';
import { flag, quick } from './common.ts';

const out = flag('out', 'examples/out/').replace(/\/?$/, '/');
const [[trainImages, trainLabels], [testImages, testLabels]] = await nm.datasets.mnist.loadData();
const n = quick ? 3000 : 60000;
const xTrain = trainImages.slice(`:${n}`).reshape([n, 784]).astype('float32').div(255);
const xTest = testImages.reshape([10000, 784]).astype('float32').div(255);
const yTrain = nm.utils.toCategorical(trainLabels.slice(`:${n}`), 10);
const yTest = nm.utils.toCategorical(testLabels, 10);

nm.setSeed(3);
const model = new nm.Sequential([
  new nm.layers.Dense(512, { activation: 'relu', inputShape: [784] }),
  new nm.layers.Dense(10, { activation: 'softmax' }),
]);
model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
const history = await model.fit(xTrain, yTrain, { epochs: quick ? 2 : 5, batchSize: 128, validationSplit: 0.2, verbose: 2 });

const results = model.predict(xTest);
console.log(results.shape);
nm.setPrintOptions({ precision: 7 });
console.log(`각 클래스에 속할 확률 : \n${results.slice('0')}`);
nm.setPrintOptions(null);

await nm.plotModel(model, { toFile: `${out}model.png`, showShapes: true, showLayerNames: true });
await nm.saveFigure(`${out}history.png`, nm.plotHistory(history));
const predicted = results.argMax(1);
await nm.saveFigure(`${out}confusion.png`, nm.plotConfusionMatrix(nm.confusionMatrix(testLabels, predicted)));
console.log(`wrote ${out}model.png, ${out}history.png, ${out}confusion.png`);

// Seed 000: each feature (column) minus its mean, divided by its standard deviation. A table
// with Boston housing's shape stands in for the data here.
let trainData = nm.randomUniform([404, 13], 0, 100);
const mean = trainData.mean(0);
trainData = trainData.sub(mean);
const std = trainData.std(0);
trainData = trainData.div(std);
console.log(`normalised: column means within ${nm.max(nm.abs(trainData.mean(0))).item().toExponential(1)} of 0, stds ${nm.min(trainData.std(0)).item().toFixed(4)}…${nm.max(trainData.std(0)).item().toFixed(4)}`);
