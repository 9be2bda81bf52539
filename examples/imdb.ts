// The IMDB seed: multi-hot 10,000-word vectors → Dense(16, relu) → Dense(16, relu) →
// Dense(1, sigmoid), rmsprop, binary_crossentropy; 20 epochs with 10,000 reviews held out
// (validation loss turns up: overfitting), then a fresh model retrained for 4 epochs.
// Data: imdb.npz, the file keras.datasets.imdb downloads: from ~/.keras/datasets/ (downloaded there
// on first use, checked against Keras's hash) or --path; exits with status 1 when it cannot be had.
import * as nm from '../dist/neurasm.js';
import { flag, loadOrExit, quick } from './common.ts';

const data = await loadOrExit('IMDB', () => nm.datasets.imdb.loadData({ numWords: 10000, path: flag('path', '') || undefined }));
const [[trainData, trainLabels], [testData, testLabels]] = data;
const x = nm.vectorizeSequences(trainData, 10000), xt = nm.vectorizeSequences(testData, 10000);
const y = trainLabels.cast('float32'), yt = testLabels.cast('float32');

const build = () => {
  const m = new nm.Sequential([new nm.layers.Dense(16, { activation: 'relu', inputShape: [10000] }), new nm.layers.Dense(16, { activation: 'relu' }), new nm.layers.Dense(1, { activation: 'sigmoid' })]);
  m.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  return m;
};
const history = await build().fit(x.slice('10000:'), y.slice('10000:'), { epochs: quick ? 3 : 20, batchSize: 512, validationData: [x.slice(':10000'), y.slice(':10000')], verbose: 2 });
const best = history.history.val_loss.indexOf(Math.min(...history.history.val_loss));
console.log(`validation loss is lowest after epoch ${best + 1}, then rises: overfitting`);
await nm.saveSvg(new URL('./out/imdb.svg', import.meta.url).pathname, nm.plotHistory(history, { title: 'IMDB: training vs validation' }));
const model = build();
await model.fit(x, y, { epochs: 4, batchSize: 512, verbose: 0 });
console.log('retrained 4 epochs, test [loss, accuracy]:', await model.evaluate(xt, yt, { verbose: 0 }));
