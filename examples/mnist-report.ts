// Evaluate an MNIST classifier like the seeds do after training: confusion matrix,
// classification report, and a grid of the digits it got wrong. Figures go to examples/out/.
import * as nm from '../dist/neurasm.js';
import { quick } from './common.ts';

const [[xTrain, yTrain], [xTest, yTest]] = await nm.datasets.mnist.loadData();
const n = quick ? 6000 : 60000;
const x = xTrain.slice(`:${n}`).reshape([n, 784]).cast('float32').div(255);
const xt = xTest.reshape([10000, 784]).cast('float32').div(255);

nm.setSeed(0);
const model = new nm.Sequential([new nm.layers.Dense(512, { activation: 'relu', inputShape: [784] }), new nm.layers.Dense(10, { activation: 'softmax' })]);
model.compile({ optimizer: 'rmsprop', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
const history = await model.fit(x, yTrain.slice(`:${n}`).cast('int32'), { epochs: quick ? 2 : 5, batchSize: 128, validationSplit: 0.1, verbose: 2 });

const predicted = model.predict(xt).argMax(1);
const report = nm.classificationReport(yTest, predicted, { digits: 4 });
console.log(report.text);
const cm = nm.confusionMatrix(yTest, predicted);

const wrong = Array.from(predicted.dataSync()).map((p, i) => (p !== yTest.dataSync()[i] ? i : -1)).filter((i) => i >= 0).slice(0, 24);
const out = new URL('./out/', import.meta.url).pathname;
await nm.saveSvg(`${out}mnist-history.svg`, nm.plotHistory(history, { title: 'MNIST MLP: loss and accuracy' }));
await nm.saveSvg(`${out}mnist-confusion.svg`, nm.plotConfusionMatrix(cm, { title: 'MNIST test set: confusion matrix' }));
await nm.saveSvg(`${out}mnist-misclassified.svg`, nm.imageGrid(xTest.gather(wrong), {
  labels: yTest.gather(wrong), predictions: predicted.gather(wrong), cols: 8, title: 'Misclassified test digits (true → predicted)',
}));
await nm.saveSvg(`${out}mnist-model.svg`, nm.plotModel(model, { showShapes: true, title: 'The MNIST MLP' }));
console.log(`${wrong.length} misclassified shown; figures: mnist-history.svg, mnist-confusion.svg, mnist-misclassified.svg, mnist-model.svg in ${out}`);
