// ModelCheckpoint as Keras's: formatted paths, saveBestOnly with monitor/mode, weights only,
// batch frequency, missing folders made; learning_rate in the History with ReduceLROnPlateau.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as nm from '../../dist/neurasm.js';

const { layers, callbacks } = nm;
const X = nm.randomNormal([32, 3], 0, 1, 'float32', 1);
const Y = nm.tensor(Array.from({ length: 32 }, (_, i) => (i % 3) / 2));

function model() {
  const m = new nm.Sequential([new layers.Dense(4, { activation: 'relu', inputShape: [3] }), new layers.Dense(1)]);
  m.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 0.05 }), loss: 'mse' });
  return m;
}
const tmp = () => mkdtempSync(join(tmpdir(), 'neurasm-ckpt-'));

test('filepath with {epoch:02d} and {val_loss:.2f}, in a folder that does not exist yet', async () => {
  const dir = tmp();
  try {
    const m = model();
    const cb = new callbacks.ModelCheckpoint(join(dir, 'sub', 'deeper', 'm-{epoch:02d}-{val_loss:.2f}.keras'));
    const h = await m.fit(X, Y, { epochs: 3, verbose: 0, validationSplit: 0.25, callbacks: [cb] });
    const files = readdirSync(join(dir, 'sub', 'deeper')).sort();
    assert.equal(files, h.history.val_loss.map((v, i) => `m-0${i + 1}-${v.toFixed(2)}.keras`));
    const back = await nm.loadModel(join(dir, 'sub', 'deeper', files[2]));
    assert.ok(Math.abs(back.predict(X).dataSync()[0] - m.predict(X).dataSync()[0]) < 1e-6);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('saveBestOnly saves only when the monitored value improves (mode min/max/auto)', async () => {
  const dir = tmp();
  try {
    const m = model();
    const saved = [];
    const cb = new callbacks.ModelCheckpoint({ filepath: join(dir, 'best-{epoch}.weights.h5'), saveBestOnly: true, saveWeightsOnly: true, monitor: 'loss', mode: 'max' });
    const spy = new callbacks.LambdaCallback({ onEpochEnd: (e) => { saved.push(existsSync(join(dir, `best-${e + 1}.weights.h5`))); } });
    const h = await m.fit(X, Y, { epochs: 4, verbose: 0, callbacks: [cb, spy] });
    const expected = [];
    let best = null;
    for (const v of h.history.loss) { expected.push(best === null || v > best); if (best === null || v > best) best = v; }
    assert.equal(saved, expected);
    assert.is(cb.best, best);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('saveFreq in batches; bad filepaths and options are ValueErrors', async () => {
  const dir = tmp();
  try {
    const m = model();
    const cb = new callbacks.ModelCheckpoint(join(dir, 'e{epoch}-b{batch}.keras'), { saveFreq: 3 });
    await m.fit(X, Y, { epochs: 1, batchSize: 4, verbose: 0, callbacks: [cb] });
    assert.equal(readdirSync(dir).sort(), ['e1-b3.keras', 'e1-b6.keras']);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  assert.throws(() => new callbacks.ModelCheckpoint('model.json'), (e) => e instanceof nm.ValueError && /\.keras/.test(e.message));
  assert.throws(() => new callbacks.ModelCheckpoint('m.keras', { saveWeightsOnly: true }), (e) => e instanceof nm.ValueError && /\.weights\.h5/.test(e.message));
  assert.throws(() => new callbacks.ModelCheckpoint('m.keras', { save_best_only: true }), (e) => e instanceof nm.ValueError && /saveBestOnly/.test(e.message));
  assert.throws(() => new callbacks.ModelCheckpoint('m.keras', { saveFreq: 0 }), (e) => e instanceof nm.ValueError);
  assert.is(nm.callbacks.formatPath('w.{epoch:03d}-{acc:.3f}-{x:.2e}.keras', { epoch: 7, acc: 0.98765, x: 12345 }), 'w.007-0.988-1.23e+04.keras');
});

test('ReduceLROnPlateau puts learning_rate in the logs and the History every epoch (Keras 3)', async () => {
  const m = model();
  const h = await m.fit(X, Y, { epochs: 4, verbose: 0, validationSplit: 0.25, callbacks: [new callbacks.ReduceLROnPlateau({ patience: 0, factor: 0.5, minDelta: 10 })] });
  assert.equal(Object.keys(h.history).sort(), ['learning_rate', 'loss', 'val_loss']);
  const lr = h.history.learning_rate;
  assert.ok(Math.abs(lr[0] - 0.05) < 1e-7, `first ${lr[0]}`);
  assert.ok(lr.every((v, i) => i === 0 || v <= lr[i - 1]) && lr[3] < lr[0], lr.join(', '));
});

test.run();
