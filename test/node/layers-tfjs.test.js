// Models with conv, pooling, normalization, embedding, recurrent and wrapper layers built and
// saved by @tensorflow/tfjs itself load in neurasm and predict the same values (Node only:
// it needs the tfjs package).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import * as nm from '../../dist/neurasm.js';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');

async function maxDiffAfterLoad(t, x, dtype = 'float32') {
  let saved;
  await t.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  const json = { modelTopology: saved.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: saved.weightSpecs }] };
  const m = await nm.loadModel({ 'model.json': new TextEncoder().encode(JSON.stringify(json)), 'w.bin': new Uint8Array(saved.weightData) });
  const a = t.predict(tf.tensor(x, undefined, dtype)).dataSync(), b = m.predict(nm.tensor(x, undefined, dtype)).dataSync();
  assert.is(b.length, a.length);
  let d = 0;
  a.forEach((v, i) => { d = Math.max(d, Math.abs(v - b[i])); });
  return d;
}

const seq = (b, t, f) => Array.from({ length: b }, (_, i) => Array.from({ length: t }, (_, j) => Array.from({ length: f }, (_, k) => Math.sin(i * 3 + j * 1.3 + k))));
const image = () => Array.from({ length: 2 }, (_, i) => Array.from({ length: 6 }, (_, h) => Array.from({ length: 6 }, (_, w) => [Math.sin(i + h + w * 2), Math.cos(h * w + i)])));
// TF.js's recurrent default is its own hard sigmoid (Keras 2 formula); these models use sigmoid.
const S = { recurrentActivation: 'sigmoid' };

const CASES = {
  'conv2d, maxPooling2d, batchNormalization, averagePooling2d': [() => tf.sequential({ layers: [
    tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [6, 6, 2] }), tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.batchNormalization(), tf.layers.averagePooling2d({ poolSize: 3, strides: 1 }), tf.layers.flatten(), tf.layers.dense({ units: 2 })] }), image],
  'stacked lstm': [() => tf.sequential({ layers: [tf.layers.lstm({ units: 4, returnSequences: true, inputShape: [5, 3], ...S }), tf.layers.lstm({ units: 3, ...S }), tf.layers.dense({ units: 1 })] }), () => seq(2, 5, 3)],
  'gru (reset_after false, the TF.js default)': [() => tf.sequential({ layers: [tf.layers.gru({ units: 4, inputShape: [5, 3], ...S }), tf.layers.dense({ units: 1 })] }), () => seq(2, 5, 3)],
  simpleRNN: [() => tf.sequential({ layers: [tf.layers.simpleRNN({ units: 4, inputShape: [5, 3] }), tf.layers.dense({ units: 1 })] }), () => seq(2, 5, 3)],
  'bidirectional, timeDistributed, globalAveragePooling1d': [() => tf.sequential({ layers: [
    tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, returnSequences: true, ...S }), inputShape: [5, 3] }),
    tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2 }) }), tf.layers.globalAveragePooling1d(), tf.layers.dense({ units: 1 })] }), () => seq(2, 5, 3)],
  'embedding, conv1d, globalMaxPooling1d': [() => tf.sequential({ layers: [tf.layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 6 }),
    tf.layers.conv1d({ filters: 3, kernelSize: 2 }), tf.layers.globalMaxPooling1d(), tf.layers.dense({ units: 1 })] }), () => [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 19]], 'int32'],
  layerNormalization: [() => tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3] }), tf.layers.layerNormalization()] }), () => [[1, 2, 3], [0, -1, 2]]],
};

for (const [name, [make, input, dtype]] of Object.entries(CASES)) {
  test(`TF.js model (${name}) loads and predicts the same within 1e-5`, async () => {
    const d = await maxDiffAfterLoad(make(), input(), dtype);
    assert.ok(d <= 1e-5, `max |diff| ${d}`);
  });
}

test("a compiled model saved by neurasm in TF.js's format loads in tf.loadLayersModel with its loss (TF.js knows no 'mse')", async () => {
  const cases = [['mse', 'meanSquaredError'], ['mae', 'meanAbsoluteError'], ['kld', 'kullbackLeiblerDivergence'], ['log_cosh', 'logcosh'],
    ['binary_crossentropy', 'binaryCrossentropy'], ['sparse_categorical_crossentropy', 'sparseCategoricalCrossentropy']];
  for (const [loss, tfName] of cases) {
    const m = new nm.Sequential([new nm.layers.Dense(2, { inputShape: [3] })]);
    m.compile({ optimizer: 'adam', loss, metrics: ['mae'] });
    const files = await m.toFiles('tfjs');
    const json = JSON.parse(new TextDecoder().decode(files['model.json']));
    const w = files[json.weightsManifest[0].paths[0]];
    const t = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights,
      weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength), trainingConfig: json.trainingConfig }));
    assert.is(t.loss, tfName, loss);
    const back = await nm.loadModel(files);
    assert.is(back.compileConfig().loss, json.trainingConfig.loss, 'compiled again when loaded back');
  }
  // huber has no TF.js name: the file leaves the training config out rather than be refused.
  const h = new nm.Sequential([new nm.layers.Dense(1, { inputShape: [2] })]);
  h.compile({ optimizer: 'sgd', loss: 'huber' });
  const json = JSON.parse(new TextDecoder().decode((await h.toFiles('tfjs'))['model.json']));
  assert.is(json.trainingConfig, undefined);
});

test("quantized TF.js weights (the converter's float16, uint8 and uint16) load expanded to float32, as tf.loadLayersModel does", async () => {
  const m = new nm.Sequential([new nm.layers.Dense(3, { inputShape: [2], name: 'd' })]);
  const files = await m.toFiles('tfjs');
  const json = JSON.parse(new TextDecoder().decode(files['model.json']));
  const specs = json.weightsManifest[0].weights; // d/kernel [2, 3], d/bias [3]
  const kernel = [0.5, -1, 2, 0.25, 0, -0.75], bias = [1, -2, 0.125];
  const half = { 0.5: 0x3800, '-1': 0xbc00, 2: 0x4000, 0.25: 0x3400, 0: 0, '-0.75': 0xba00, 1: 0x3c00, '-2': 0xc000, 0.125: 0x3000 };
  const cases = {
    float16: [{ dtype: 'float16' }, (v) => half[v], Uint16Array],
    uint8: [{ dtype: 'uint8', scale: 0.125, min: -2 }, (v) => (v + 2) / 0.125, Uint8Array],
    uint16: [{ dtype: 'uint16', scale: 0.125, min: -2 }, (v) => (v + 2) / 0.125, Uint16Array],
  };
  for (const [name, [quantization, code, Arr]] of Object.entries(cases)) {
    const q = { ...json, weightsManifest: [{ paths: ['q.bin'], weights: specs.map((w) => ({ ...w, quantization: { ...quantization, original_dtype: 'float32' } })) }] };
    const data = Arr.from([...kernel, ...bias], code);
    const back = await nm.loadModel({ 'model.json': new TextEncoder().encode(JSON.stringify(q)), 'q.bin': new Uint8Array(data.buffer) });
    const [k, b] = back.getWeights().map((t) => Array.from(t.dataSync()));
    assert.equal(k, kernel, name);
    assert.equal(b, bias, name);
  }
  const bad = { ...json, weightsManifest: [{ paths: ['q.bin'], weights: specs.map((w) => ({ ...w, quantization: { dtype: 'uint8' } })) }] };
  try {
    await nm.loadModel({ 'model.json': new TextEncoder().encode(JSON.stringify(bad)), 'q.bin': new Uint8Array(9) });
    assert.unreachable();
  } catch (e) { assert.instance(e, nm.FormatError); assert.match(e.message, /without a finite scale and min/); }
});

test.run();
