// Real Keras files: every fixture model loads from .keras and .h5 and predicts Keras's outputs
// (layers not implemented yet fail with an error naming the class); round trips; safety; fuzz.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureBytes, fixtureJSON } from '../helpers/fixtures.js';
import { rng } from '../helpers/gradcheck.js';
import { unzipSync } from 'fflate';

const index = await fixtureJSON('models_index.json');

async function inputsOf(name) {
  const inp = await fixtureJSON(`${name}.inputs.json`);
  const m = index.models.find((x) => x.name === name);
  const dt = (k) => (m.input_dtypes?.[k] ?? 'float32').startsWith('int') ? 'int32' : 'float32';
  if (Array.isArray(inp)) return nm.tensor(inp, undefined, dt(m.input_names[0]));
  return m.input_names.map((k) => nm.tensor(inp[k], undefined, dt(k)));
}

async function expectedOf(name) {
  const out = await fixtureJSON(`${name}.outputs.json`);
  const m = index.models.find((x) => x.name === name);
  return Array.isArray(out) ? [out] : m.output_names.map((k) => out[k]);
}

for (const { name } of index.models) {
  for (const ext of ['keras', 'h5']) {
    test(`${name}.${ext} loads and predicts Keras's outputs within 1e-5 (or names the missing layer class)`, async () => {
      const bytes = await fixtureBytes(`${name}.${ext}`);
      let model;
      try {
        model = await nm.loadModel(bytes);
      } catch (e) {
        const cfgClasses = JSON.stringify(await fixtureJSON('models_index.json'));
        assert.instance(e, nm.UnknownIdentifierError, `${name}.${ext}: ${e.message}`);
        const missing = /Unknown layer class: '(\w+)'/.exec(e.message)?.[1];
        assert.ok(missing && !nm.layers[missing], `error names a missing layer class: ${e.message}`);
        void cfgClasses;
        return;
      }
      const p = model.predict(await inputsOf(name));
      const preds = Array.isArray(p) ? p : [p];
      const expected = await expectedOf(name);
      preds.forEach((t, i) => {
        const e = expected[i].flat(Infinity), g = t.dataSync();
        assert.is(g.length, e.length);
        e.forEach((v, j) => assert.ok(Math.abs(g[j] - v) <= 1e-5, `${name}.${ext} output ${i}[${j}]: ${g[j]} vs Keras ${v}`));
      });
      const info = index.models.find((x) => x.name === name);
      if (info.optimizer && model.optimizer) assert.is(model.optimizer.iterations, info.optimizer.iterations);
    });
  }
}

function trainedModel() {
  nm.setSeed(5);
  const a = nm.Input({ shape: [4], name: 'a' });
  const h = new nm.layers.Dense(6, { activation: 'relu', name: 'h' }).apply(a);
  const o = new nm.layers.Dense(3, { activation: 'softmax', name: 'o' }).apply(h);
  const m = new nm.Model({ inputs: a, outputs: o, name: 'rt' });
  m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return m;
}
const X = nm.randomUniform([16, 4], 0, 1, 'float32', 1);
const Y = nm.tensor(Array.from({ length: 16 }, (_, i) => i % 3), [16], 'int32');

for (const format of ['keras', 'h5', 'tfjs']) {
  test(`round trip through ${format}: identical predictions and summary`, async () => {
    const m = trainedModel();
    m.trainOnBatch(X, Y);
    const files = await m.toFiles(format);
    const back = await nm.loadModel(format === 'tfjs' ? files : Object.values(files)[0]);
    assert.equal(Array.from(back.predict(X).dataSync()), Array.from(m.predict(X).dataSync()));
    if (format !== 'tfjs') assert.is(back.summary({ printFn: null }), m.summary({ printFn: null }));
    else {
      // The TF.js layers format keeps no optimizer state: compare all but the optimizer lines.
      const strip = (s) => s.split('\n').filter((l) => !/^ (Total|Optimizer) params/.test(l)).join('\n');
      assert.is(strip(back.summary({ printFn: null })), strip(m.summary({ printFn: null })));
    }
  });
}

test('optimizer state survives save → load: continuing training is bit-identical (deterministic mode)', async () => {
  nm.setBackendFlags({ deterministic: true });
  const m = trainedModel();
  m.trainOnBatch(X, Y);
  m.trainOnBatch(X, Y);
  const back = await nm.loadModel((await m.toFiles('keras'))['model.keras']);
  assert.is(back.optimizer.iterations, 2);
  for (let i = 0; i < 3; i++) { m.trainOnBatch(X, Y); back.trainOnBatch(X, Y); }
  assert.equal(back.getWeights().map((w) => Array.from(w.dataSync())), m.getWeights().map((w) => Array.from(w.dataSync())));
  nm.setBackendFlags({ deterministic: false });
});

test('saveWeights/loadWeights round trip; mismatched weights give a typed error and change nothing', async () => {
  const m = trainedModel();
  const bytes = (await m.toFiles('keras'))['model.keras'];
  const other = trainedModel();
  const before = other.getWeights().map((w) => Array.from(w.dataSync()));
  const archive = await nm.loadModel(bytes);
  assert.equal(archive.getWeights()[0].array(), m.getWeights()[0].array());
  // weights of a [4→5→3] model into a [4→6→3] model: refused, nothing changed
  const wrong = new nm.Sequential([new nm.layers.Dense(5, { inputShape: [4], name: 'h' }), new nm.layers.Dense(3, { name: 'o' })]);
  const wrongWeights = unzipSync((await wrong.toFiles('keras'))['model.keras'])['model.weights.h5'];
  try {
    await other.loadWeights(wrongWeights);
    assert.unreachable();
  } catch (e) { assert.instance(e, nm.NeurasmError); }
  assert.equal(other.getWeights().map((w) => Array.from(w.dataSync())), before);
  try {
    await other.loadWeights(new Uint8Array(0));
    assert.unreachable();
  } catch (e) { assert.instance(e, nm.NeurasmError); }
  assert.equal(other.getWeights().map((w) => Array.from(w.dataSync())), before);
});

test('a Lambda layer or an unknown class is refused with a clear error, nothing evaluated', async () => {
  const cfg = { class_name: 'Sequential', config: { name: 's', layers: [
    { class_name: 'InputLayer', config: { batch_shape: [null, 2], name: 'in' } },
    { class_name: 'Lambda', config: { name: 'evil', function: 'os.system("rm -rf /")' } },
  ] } };
  assert.throws(() => nm.modelFromConfig(cfg), (e) => e instanceof nm.ValueError && /Lambda/.test(e.message) && /never evaluates code/.test(e.message));
  cfg.config.layers[1] = { class_name: 'MyCustomLayer', config: { name: 'c' } };
  assert.throws(() => nm.modelFromConfig(cfg), (e) => e instanceof nm.UnknownIdentifierError && /MyCustomLayer/.test(e.message));
});

test('a custom layer loads once registered with registerLayer', () => {
  class Double extends nm.Layer {
    static className = 'Double';
    call(x) { return x.mul(2); }
  }
  nm.registerLayer(Double);
  const m = nm.modelFromConfig({ class_name: 'Sequential', config: { name: 's2', layers: [
    { class_name: 'InputLayer', config: { batch_shape: [null, 2], name: 'in2' } }, { class_name: 'Double', config: { name: 'dbl' } }] } });
  assert.equal(m.predict(nm.tensor([[1, 2]])).array(), [[2, 4]]);
});

test('fuzz: 1,000 truncated or byte-flipped model files each load or give a typed error', async () => {
  const sources = [await fixtureBytes('xor.keras'), await fixtureBytes('xor.h5'), (await trainedModel().toFiles('keras'))['model.keras']];
  const r = rng(99);
  let loaded = 0, typed = 0;
  for (let i = 0; i < 1000; i++) {
    const src = sources[i % sources.length];
    let bytes = src.slice();
    if (r() < 0.4) bytes = bytes.slice(0, Math.floor(r() * bytes.length));
    const flips = 1 + Math.floor(r() * 8);
    for (let k = 0; k < flips && bytes.length; k++) bytes[Math.floor(r() * bytes.length)] ^= 1 << Math.floor(r() * 8);
    try {
      const m = await nm.loadModel(bytes, { compile: false });
      m.predict(nm.zeros([1, 2]));
      loaded++;
    } catch (e) {
      if (!(e instanceof nm.NeurasmError)) assert.unreachable(`copy ${i}: untyped ${e?.name}: ${e?.message}`);
      typed++;
    }
  }
  assert.is(loaded + typed, 1000);
});

test.run();
