// neurasm/core, the page entry, on its own (this file imports the full entry only at the end):
// it holds the layers of dense models; the other families (sdk/layers/more.ts) are known by name,
// building one says where it is, loadModel loads them with the io module, so real Keras files
// with convolutions and LSTMs load and predict Keras's numbers from the core, and they are saved
// as built-ins (no registered_name); a thread pool started before them gets their kernels.
// Node only: the checks need a process where the full entry has not been imported yet.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as core from '../../dist/neurasm-core.js';
import { fixtureBytes, fixtureJSON } from '../helpers/fixtures.js';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { tempDir } from '../helpers/tmp.js';

// What the core's registry knows before anything else is loaded.
const known = new Set(core.registry.spellings('layer'));

test('the core has the dense-model layers and not the other families', () => {
  for (const name of ['Dense', 'Dropout', 'Flatten', 'Activation', 'Concatenate', 'ReLU', 'Input']) assert.type(core.layers[name], 'function', name);
  for (const name of ['Conv2D', 'LSTM', 'BatchNormalization', 'Embedding', 'MaxPooling2D']) assert.is(core.layers[name], undefined, name);
  assert.is(core.conv2d, undefined, 'the convolution ops travel with their layers');
});

test('a family the core leaves out is known by name; building one says to import neurasm', () => {
  assert.ok(core.registry.has('layer', 'LSTM'));
  const config = { class_name: 'Sequential', config: { name: 's', layers: [
    { class_name: 'InputLayer', config: { batch_shape: [null, 5, 3], name: 'in' } },
    { class_name: 'LSTM', config: { units: 4, name: 'lstm' } },
  ] } };
  assert.throws(() => core.modelFromConfig(config), (e) => e instanceof core.StateError && /'LSTM' is in neurasm's full entry/.test(e.message) && /import \{ layers \} from 'neurasm'/.test(e.message));
});

test('a pool started before the convolution kernels loaded gets them: pooling splits over it, with one thread\'s numbers', async () => {
  // The core's pool runs first (no conv kernels in its workers); the next loadModel brings the
  // convolution module, the pool restarts with it, and by-sample jobs split again.
  assert.is(await core.setNumThreads(2), 2);
  const tuning = core.internal.poolTuning, saved = { ...tuning };
  try {
    const model = await core.loadModel(await fixtureBytes('cnn_mnist.keras'));
    const x = core.tensor(await fixtureJSON('cnn_mnist.inputs.json'));
    const one = model.predict(x).dataSync();
    for (let i = 0; i < 100 && core.getNumThreads() !== 2; i++) await new Promise((r) => setTimeout(r, 50));
    assert.is(core.getNumThreads(), 2, 'the pool is back after its restart');
    Object.assign(tuning, { minWork: 0, minWorkHot: 0, minFlops: 0, minFlopsHot: 0, adaptive: false });
    const before = core.internal.poolStats.sampleJobs, workerChunks = core.internal.poolStats.workerChunks;
    // A worker without the kernels would fail its chunk (a NeurasmError here); on a busy machine
    // the caller may take every chunk of a job, so predict until a worker has taken some.
    for (let i = 0; i < 50 && core.internal.poolStats.workerChunks === workerChunks; i++) {
      assert.equal(Array.from(model.predict(x).dataSync()), Array.from(one));
    }
    assert.ok(core.internal.poolStats.sampleJobs > before, 'pooling was split over the pool');
    assert.ok(core.internal.poolStats.workerChunks > workerChunks, 'the workers took chunks (they have the kernels)');
  } finally {
    Object.assign(tuning, saved);
    await core.setNumThreads(1);
  }
});

test('loadModel from the core loads convolutions and recurrent layers and predicts Keras\'s numbers', async () => {
  const index = await fixtureJSON('models_index.json');
  for (const name of ['cnn_mnist', 'rnn_small']) {
    const info = index.models.find((m) => m.name === name);
    const model = await core.loadModel(await fixtureBytes(`${name}.keras`));
    const dtype = String(info.input_dtypes).startsWith('int') ? 'int32' : 'float32';
    const got = model.predict(core.tensor(await fixtureJSON(`${name}.inputs.json`), undefined, dtype)).dataSync();
    const want = (await fixtureJSON(`${name}.outputs.json`)).flat(Infinity);
    assert.is(got.length, want.length, name);
    let worst = 0;
    want.forEach((v, i) => { worst = Math.max(worst, Math.abs(got[i] - v)); });
    assert.ok(worst <= 1e-5, `${name}: max |diff| ${worst}`);
    // Saved again, its layers are built-ins: no registered_name, as Keras writes its own layers.
    const file = `${tempDir()}/${name}.keras`;
    await model.save(file);
    const { 'config.json': cfg } = unzipSync(readFileSync(file));
    const layers = JSON.parse(new TextDecoder().decode(cfg)).config.layers;
    assert.ok(layers.length > 1);
    for (const l of layers) assert.ok(l.registered_name == null, `${name}: ${l.class_name} saved with registered_name ${l.registered_name}`);
  }
});

test('every layer class of the full entry is known to the core before the full entry loads', async () => {
  const full = await import('../../dist/neurasm.js');
  const classes = Object.values(full.layers).filter((c) => typeof c === 'function' && typeof c.className === 'string' && c.className !== 'Layer');
  assert.ok(classes.length > 40, `${classes.length} layer classes`);
  for (const c of classes) assert.ok(known.has(c.className), `${c.className} unknown to neurasm/core's registry`);
  // The same classes behind both entries: the core's layers are the full entry's.
  for (const [k, v] of Object.entries(core.layers)) assert.is(full.layers[k], v, k);
  assert.ok(new full.layers.LSTM(3) instanceof core.Layer);
});

test.run();
