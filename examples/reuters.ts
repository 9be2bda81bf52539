// The Reuters seed: 46 topics, multi-hot 10,000 words → 64 → 64 → 46 softmax, rmsprop,
// categorical_crossentropy, 9 epochs. Data: reuters.npz from ~/.keras/datasets/ (downloaded there
// on first use, checked against Keras's hash) or --path; exits with status 1 when it cannot be had.
import * as nm from '../dist/neurasm.js';
import { flag, loadOrExit, quick } from './common.ts';

const data = await loadOrExit('Reuters', () => nm.datasets.reuters.loadData({ numWords: 10000, path: flag('path', '') || undefined }));
const [[trainData, trainLabels], [testData, testLabels]] = data;
const x = nm.vectorizeSequences(trainData, 10000), xt = nm.vectorizeSequences(testData, 10000);
const y = nm.toCategorical(trainLabels, 46), yt = nm.toCategorical(testLabels, 46);
const model = new nm.Sequential([new nm.layers.Dense(64, { activation: 'relu', inputShape: [10000] }), new nm.layers.Dense(64, { activation: 'relu' }), new nm.layers.Dense(46, { activation: 'softmax' })]);
model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
const h = await model.fit(x, y, { epochs: quick ? 2 : 9, batchSize: 512, validationSplit: 0.1, verbose: 2 });
await nm.saveSvg(new URL('./out/reuters.svg', import.meta.url).pathname, nm.plotHistory(h, { title: 'Reuters' }));
console.log('test [loss, accuracy]:', await model.evaluate(xt, yt, { verbose: 0 }));
