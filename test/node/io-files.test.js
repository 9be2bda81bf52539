// Saving to paths (Node/Deno/Bun file system) and TF.js interop with @tensorflow/tfjs itself.
import { testIf, hasCommand } from '../helpers/skip.js';
import { tempDir } from '../helpers/tmp.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import * as nm from '../../dist/neurasm.js';

const require = createRequire(import.meta.url);
const dir = tempDir('neurasm-io-');
const x = [[0.1, 0.2, 0.3], [1, -1, 0.5]];

function tiny() {
  const m = new nm.Sequential([new nm.layers.Dense(4, { activation: 'relu', inputShape: [3], name: 'hid' }), new nm.layers.Dense(2, { activation: 'softmax', name: 'out' })], { name: 'tiny' });
  m.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  m.trainOnBatch(nm.tensor(x), nm.tensor([[1, 0], [0, 1]]));
  return m;
}

test('save to .keras, .h5 and model.json paths (and file:// URLs), load back identical', async () => {
  const m = tiny();
  const want = Array.from(m.predict(nm.tensor(x)).dataSync());
  for (const name of ['m.keras', 'm.h5', 'tfjs/model.json']) {
    const path = join(dir, name);
    if (name.includes('/')) (await import('node:fs')).mkdirSync(join(dir, 'tfjs'), { recursive: true });
    await m.save(path);
    const back = await nm.loadModel(name === 'm.keras' ? `file://${path}` : path);
    assert.equal(Array.from(back.predict(nm.tensor(x)).dataSync()), want, name);
  }
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
});

test('saving over an existing file replaces it atomically (temporary file + rename)', async () => {
  const path = join(dir, 'atomic.keras');
  writeFileSync(path, 'old');
  await tiny().save(path);
  assert.is(readFileSync(path)[0], 0x50); // a zip now
});

test('a model saved by neurasm in TF.js format loads in @tensorflow/tfjs and predicts the same', async () => {
  const tf = require('@tensorflow/tfjs');
  const m = tiny();
  const files = await m.toFiles('tfjs');
  const mj = JSON.parse(new TextDecoder().decode(files['model.json']));
  const bin = files['group1-shard1of1.bin'];
  const t = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: mj.modelTopology, weightSpecs: mj.weightsManifest[0].weights, weightData: bin.slice().buffer }));
  const a = Array.from(t.predict(tf.tensor(x)).dataSync()), b = Array.from(m.predict(nm.tensor(x)).dataSync());
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-6, `${v} vs ${b[i]}`));
});

test('a model saved by @tensorflow/tfjs loads in neurasm and predicts the same', async () => {
  const tf = require('@tensorflow/tfjs');
  const t = tf.sequential({ layers: [tf.layers.dense({ units: 5, activation: 'relu', inputShape: [3] }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
  let saved;
  await t.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  const m = await nm.loadModel({ 'model.json': { modelTopology: saved.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: saved.weightSpecs }] }, 'w.bin': new Uint8Array(saved.weightData) });
  const a = Array.from(t.predict(tf.tensor(x)).dataSync()), b = Array.from(m.predict(nm.tensor(x)).dataSync());
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-6, `${v} vs ${b[i]}`));
});

const h5lsTest = testIf(test, hasCommand('h5ls'), 'h5ls not installed (apt-get install -y hdf5-tools)', process.env.NEURASM_REQUIRE_H5LS === '1');
h5lsTest('files written by neurasm are valid HDF5 for libhdf5 (h5ls)', async () => {
  const { execFileSync } = await import('node:child_process');
  const h5ls = 'h5ls';
  const path = join(dir, 'check.keras');
  await tiny().save(path);
  const { unzipSync } = await import('fflate');
  const h5 = unzipSync(readFileSync(path))['model.weights.h5'];
  writeFileSync(join(dir, 'w.h5'), h5);
  const out = execFileSync(h5ls, ['-r', join(dir, 'w.h5')], { encoding: 'utf8' });
  assert.match(out, /\/layers\/dense\/vars\/0\s+Dataset \{3, 4\}/);
  assert.match(out, /\/optimizer\/vars\/2\s+Dataset \{3, 4\}/);
});

const h5dumpTest = testIf(test, hasCommand('h5dump'), 'h5dump not installed (apt-get install -y hdf5-tools)', process.env.NEURASM_REQUIRE_H5LS === '1');
h5dumpTest("a legacy .h5 written by neurasm has Keras's training_config layout (optimizer_config, the keys Keras writes), read by libhdf5", async () => {
  const { execFileSync } = await import('node:child_process');
  // h5dump prints a string attribute unescaped on one line: (0): "{...}"
  const trainingConfig = (file) => JSON.parse(/\(0\): "(.*)"\s*$/m.exec(execFileSync('h5dump', ['-w', '0', '-a', '/training_config', file], { encoding: 'utf8' }))[1]);
  const path = join(dir, 'legacy.h5');
  await tiny().save(path);
  const ours = trainingConfig(path);
  const keras = trainingConfig('test/fixtures/keras/mlp_mnist.h5'); // written by Keras 3.15.1
  assert.equal(Object.keys(ours).sort(), Object.keys(keras).sort());
  assert.is(ours.optimizer, undefined);
  assert.equal(Object.keys(ours.optimizer_config).sort(), ['class_name', 'config']);
  assert.is(ours.optimizer_config.class_name, 'Adam');
  assert.equal(Object.keys(ours.optimizer_config.config).sort(), Object.keys(keras.optimizer_config.config).sort());
  const back = await nm.loadModel(path);
  assert.is(back.optimizer.iterations, 1, 'the optimizer state comes back');
});

test.run();
