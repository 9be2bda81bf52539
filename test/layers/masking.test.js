// Keras masking (issue 11 item 10): Embedding(maskZero) and Masking make masks; RNNs,
// Bidirectional, GlobalAveragePooling1D and merges use them; Keras-written masked models
// (gen_masking.py, gen_round2.py: Keras 3.15.1) load from .keras and .h5 and predict Keras's
// numbers; 2 epochs of SGD on padded sequences end at Keras's weights.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureBytes, fixtureJSON, fixtureText } from '../helpers/fixtures.js';
import { gradCheck, rng } from '../helpers/gradcheck.js';

const { layers } = nm;
const worstDiff = (got, want) => { let w = 0; want.forEach((v, i) => { w = Math.max(w, Math.abs(got[i] - v)); }); return w; };
const values = (t) => Array.from(t.dataSync());

// ---------- Keras-written models ----------

const loadInputs = async (name) => {
  const inp = await fixtureJSON(`${name}.inputs.json`);
  if (!Array.isArray(inp)) return [nm.tensor(inp.tokens, undefined, 'int32'), nm.tensor(inp.feats)];
  return nm.tensor(inp, undefined, name === 'masking_simplernn_back' ? 'float32' : 'int32');
};

for (const name of ['masked_lstm', 'masked_bigru_gap', 'masking_simplernn_back', 'masked_merge_td']) {
  for (const ext of ['keras', 'h5']) {
    test(`${name}.${ext} (Keras-written, masked): predict equals Keras within 1e-5`, async () => {
      const model = await nm.loadModel(await fixtureBytes(`${name}.${ext}`), { compile: false });
      const got = model.predict(await loadInputs(name)).dataSync();
      const want = (await fixtureJSON(`${name}.outputs.json`)).flat(Infinity);
      assert.is(got.length, want.length);
      const w = worstDiff(got, want);
      assert.ok(w <= 1e-5, `${name}.${ext}: max |diff| ${w}`);
    });
  }
}

// Keras's summary of a functional model with masks also lists the recorded mask ops (NotEqual, Any, …),
// which are not layers here: only the Sequential ones are compared.
for (const name of ['masked_lstm', 'masked_bigru_gap', 'masking_simplernn_back']) {
  test(`${name}.keras: summary equals Keras's`, async () => {
    nm.layers.clearSession();
    const model = await nm.loadModel(await fixtureBytes(`${name}.keras`));
    assert.fixture(model.summary({ printFn: null }).trimEnd(), (await fixtureText(`${name}.summary.txt`)).trimEnd());
  });
}

test('the masked fixtures depend on the mask: predictions without it differ from Keras', async () => {
  for (const name of ['masked_lstm', 'masked_bigru_gap', 'masking_simplernn_back']) {
    const model = await nm.loadModel(await fixtureBytes(`${name}.keras`), { compile: false });
    const x = await loadInputs(name);
    // The same layers run without masks: the stack applied eagerly with an all-true mask source removed.
    let y = x;
    for (const l of model.layers) y = l.className === 'Masking' ? y : l.call(y, false, null);
    const want = (await fixtureJSON(`${name}.outputs.json`)).flat(Infinity);
    assert.ok(worstDiff(y.dataSync(), want) > 1e-3, `${name}: the fixture does not exercise the mask`);
  }
});

test('a masked functional model saved here loads back with the same predictions (.keras and .h5)', async () => {
  const model = await nm.loadModel(await fixtureBytes('masked_merge_td.keras'), { compile: false });
  const x = await loadInputs('masked_merge_td');
  const want = values(model.predict(x));
  for (const format of ['keras', 'h5']) {
    const files = await model.toFiles(format);
    const back = await nm.loadModel(Object.values(files)[0], { compile: false });
    assert.ok(worstDiff(back.predict(x).dataSync(), want) === 0, format);
  }
});

// ---------- fit on padded sequences: Keras's weights after 2 epochs ----------

const ref = await fixtureJSON('masking_reference.json');
const fitModels = {
  fit_embedding_lstm: (maskZero) => new nm.Sequential([nm.Input({ shape: [6], dtype: 'int32' }), new layers.Embedding(12, 3, { maskZero }), new layers.LSTM(4), new layers.Dense(1, { activation: 'sigmoid' })]),
  fit_embedding_bigru_gap: (maskZero) => new nm.Sequential([nm.Input({ shape: [6], dtype: 'int32' }), new layers.Embedding(12, 3, { maskZero }),
    new layers.Bidirectional(new layers.GRU(3, { returnSequences: true })), new layers.GlobalAveragePooling1D(), new layers.Dense(1, { activation: 'sigmoid' })]),
  // The output carries the mask: Keras's loss and accuracy are means over the unmasked steps.
  fit_masked_output_tagger: (maskZero) => new nm.Sequential([nm.Input({ shape: [6], dtype: 'int32' }), new layers.Embedding(12, 3, { maskZero }),
    new layers.LSTM(4, { returnSequences: true }), new layers.Dense(3, { activation: 'softmax' })]),
};
const tagger = (f) => f.name === 'fit_masked_output_tagger';
const targets = (f) => (tagger(f) ? nm.tensor(f.y, undefined, 'int32') : nm.tensor(f.y));

async function fitLikeKeras(f, maskZero) {
  const model = fitModels[f.name](maskZero);
  model.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 0.5 }), loss: tagger(f) ? 'sparse_categorical_crossentropy' : 'binary_crossentropy', metrics: ['accuracy'] });
  model.setWeights(f.initial_weights);
  const x = nm.tensor(f.x, undefined, 'int32'), y = targets(f);
  const history = await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
  const ws = model.getWeights();
  const worst = Math.max(...f.final_weights.map((w, i) => worstDiff(ws[i].dataSync(), [w].flat(Infinity))));
  return { model, x, history, worst };
}

for (const f of ref.fits) {
  test(`${f.name}: 2 epochs of SGD on padded sequences end at Keras's weights (1e-5), history and predictions`, async () => {
    assert.is(ref.keras_version, '3.15.1');
    const { model, x, history, worst } = await fitLikeKeras(f, true);
    assert.ok(worst <= 1e-5, `weights: max |diff| ${worst}`);
    for (const k of ['loss', 'accuracy']) assert.ok(worstDiff(history.history[k], f.history[k]) <= 1e-5, `${k}: ${history.history[k]} vs ${f.history[k]}`);
    assert.ok(worstDiff(model.predict(x).dataSync(), f.final_predictions.flat(Infinity)) <= 1e-5);
    // evaluate and the eager call see the same masks as the plans of predict.
    const p = values(model.predict(x));
    assert.ok(worstDiff(model.apply(x).dataSync(), p) <= 1e-6, 'eager apply vs predict');
    if (tagger(f)) {
      // The masked mean of the per-step crossentropy, by hand.
      // evaluate masks its metrics too (fit's history above does not: Keras 3 on JAX).
      let s = 0, n = 0, hits = 0;
      f.x.flat().forEach((tok, i) => {
        if (tok === 0) return;
        const row = p.slice(i * 3, i * 3 + 3), want = f.y.flat()[i];
        s -= Math.log(Math.min(Math.max(row[want], 1e-7), 1 - 1e-7));
        hits += row.indexOf(Math.max(...row)) === want ? 1 : 0;
        n++;
      });
      const [loss, acc] = model.evaluateSync(x, targets(f), { batchSize: 24 });
      assert.ok(Math.abs(loss - s / n) < 1e-5, `evaluate ${loss} vs masked mean ${s / n}`);
      assert.ok(Math.abs(acc - hits / n) < 1e-6, `evaluate accuracy ${acc} vs masked ${hits / n}`);
      return;
    }
    const loss = model.evaluateSync(x, nm.tensor(f.y), { batchSize: 5 })[0];
    const bce = f.y.reduce((s, t, i) => s - (t * Math.log(Math.min(Math.max(p[i], 1e-7), 1 - 1e-7)) + (1 - t) * Math.log(1 - Math.min(Math.max(p[i], 1e-7), 1 - 1e-7))), 0) / f.y.length;
    assert.ok(Math.abs(loss - bce) < 1e-5, `evaluate ${loss} vs ${bce}`);
  });
  test(`${f.name}: the same fit without maskZero does not reach Keras's weights (the test sees the mask)`, async () => {
    const { worst } = await fitLikeKeras(f, false);
    assert.ok(worst > 1e-4, `weights: max |diff| ${worst}`);
  });
}

// ---------- the layers, by hand ----------

test('Embedding(maskZero): mask = inputs != 0, config mask_zero both ways, passes through Dense, dropped by Flatten', async () => {
  nm.layers.clearSession();
  const e = new layers.Embedding(10, 3, { maskZero: true });
  const y = e.apply(nm.tensor([[4, 0, 2], [0, 0, 1]], undefined, 'int32'));
  assert.equal(values(layers.getKerasMask(y)), [1, 0, 1, 0, 0, 1]);
  assert.is(e.getConfig().mask_zero, true);
  assert.is(new layers.Embedding(10, 3).getConfig().mask_zero, false);
  for (const format of ['keras', 'h5']) {
    const model = new nm.Sequential([nm.Input({ shape: [3], dtype: 'int32' }), new layers.Embedding(10, 3, { maskZero: true }), new layers.LSTM(2)]);
    const back = await nm.loadModel(Object.values(await model.toFiles(format))[0]);
    assert.is(back.layers[0].maskZero, true, format);
    const x = nm.tensor([[4, 0, 2]], undefined, 'int32');
    assert.equal(values(back.predict(x)), values(model.predict(x)), format);
  }
  const d = new layers.Dense(2).apply(y);
  assert.equal(values(layers.getKerasMask(d)), [1, 0, 1, 0, 0, 1]);
  assert.is(layers.getKerasMask(new layers.Flatten().apply(y)), null);
  assert.is(layers.getKerasMask(new layers.Embedding(10, 3).apply(nm.tensor([[1, 0]], undefined, 'int32'))), null);
  assert.throws(() => new layers.Embedding(10, 3, { maskZero: 'yes' }), /maskZero must be a boolean/);
});

test('Masking: a step is masked when all its features equal maskValue; output zeroed there; config and registry', async () => {
  const m = new layers.Masking({ maskValue: -1 });
  const x = nm.tensor([[[1, 2], [-1, -1], [-1, 3]]]);
  const y = m.apply(x);
  assert.equal(values(y), [1, 2, 0, 0, -1, 3]);
  assert.equal(values(layers.getKerasMask(y)), [1, 0, 1]);
  assert.equal(m.getConfig().mask_value, -1);
  assert.is(new layers.Masking().maskValue, 0);
  assert.is(new layers.Masking(2.5).maskValue, 2.5);
  assert.throws(() => new layers.Masking({ mask_value: 1 }), /maskValue/);
  // Saved and loaded in a model.
  const model = new nm.Sequential([nm.Input({ shape: [3, 2] }), new layers.Masking({ maskValue: -1 }), new layers.SimpleRNN(2)]);
  const back = await nm.loadModel(Object.values(await model.toFiles('keras'))[0]);
  assert.is(back.layers[0].className, 'Masking');
  assert.is(back.layers[0].maskValue, -1);
  assert.equal(values(back.predict(x)), values(model.predict(x)));
});

/** A SimpleRNN with fixed weights; `call` runs it on x [1, T, 1] with an optional mask. */
function fixedRnn(opts = {}) {
  const l = new layers.SimpleRNN(2, { activation: 'tanh', ...opts });
  l.build([null, null, 1]); // any number of steps
  l.setWeights([[[0.5, -0.3]], [[0.2, 0.1], [-0.4, 0.3]], [0.05, -0.02]]);
  return l;
}

test('SimpleRNN: a masked step carries the state; the output there repeats the previous one (or zeros with zeroOutputForMask)', () => {
  const x = nm.tensor([[[1], [7], [2]]]);
  const mask = nm.tensor([[1, 0, 1]], undefined, 'bool');
  const skipped = fixedRnn().apply(nm.tensor([[[1], [2]]]));
  const last = fixedRnn().apply(x, { mask });
  assert.ok(worstDiff(last.dataSync(), values(skipped)) < 1e-7, 'state carried over the masked step');
  const seq = fixedRnn({ returnSequences: true }).apply(x, { mask });
  const s = values(seq);
  assert.equal(s.slice(2, 4), s.slice(0, 2), 'masked step repeats the previous output');
  assert.equal(values(layers.getKerasMask(seq)), [1, 0, 1], 'returnSequences passes the mask on');
  const z = values(fixedRnn({ returnSequences: true, zeroOutputForMask: true }).apply(x, { mask }));
  assert.equal(z.slice(2, 4), [0, 0]);
  assert.is(layers.getKerasMask(last), null, 'returnSequences=false drops the mask');
  // goBackwards: the masked step is skipped in reverse order too.
  const back = fixedRnn({ goBackwards: true }).apply(x, { mask });
  const backSkipped = fixedRnn({ goBackwards: true }).apply(nm.tensor([[[1], [2]]]));
  assert.ok(worstDiff(back.dataSync(), values(backSkipped)) < 1e-7);
  // returnState: the states are the carried ones and have no mask.
  const [o, h] = fixedRnn({ returnState: true }).apply(x, { mask });
  assert.equal(values(o), values(h));
  assert.is(layers.getKerasMask(h), null);
  assert.throws(() => fixedRnn().apply(x, { mask: nm.tensor([[1, 0]], undefined, 'bool') }), /mask must have shape/);
});

test('LSTM and GRU: leading masked steps keep zero states (the masked sequence equals the unpadded one)', () => {
  for (const Cls of [layers.LSTM, layers.GRU]) {
    const l = new Cls(3);
    l.build([null, null, 2]);
    const r = rng(3);
    const x = nm.tensor(r(2 * 4 * 2), [2, 4, 2]);
    const mask = nm.tensor([[0, 0, 1, 1], [1, 1, 1, 1]], undefined, 'bool');
    const y = values(l.apply(x, { mask }));
    const tail = values(l.apply(nm.tensor(Array.from(x.dataSync()).slice(4, 8), [1, 2, 2])));
    assert.ok(worstDiff(y.slice(0, 3), tail) < 1e-6, Cls.className);
  }
});

test('gradients through masked steps (where) match finite differences for SimpleRNN, LSTM, GRU', () => {
  for (const Cls of [layers.SimpleRNN, layers.LSTM, layers.GRU]) {
    const l = new Cls(3, { returnSequences: true });
    const r = rng(5);
    const x = nm.variable(nm.tensor(r(2 * 4 * 2), [2, 4, 2]));
    const mask = nm.tensor([[1, 0, 1, 0], [0, 1, 1, 1]], undefined, 'bool');
    l.apply(x.read());
    const worst = gradCheck(() => l.apply(x, { mask }), [x, ...l.trainableWeights], { eps: 1e-2 });
    assert.ok(worst < 1e-2, `${Cls.className}: ${worst}`);
  }
});

test('Bidirectional: the mask reaches both directions; returnSequences outputs zeros at masked steps and passes the mask', () => {
  const bi = new layers.Bidirectional(new layers.SimpleRNN(2, { returnSequences: true }));
  bi.build([null, null, 1]);
  const x = nm.tensor([[[1], [2], [0]]]);
  const mask = nm.tensor([[1, 1, 0]], undefined, 'bool');
  const y = bi.apply(x, { mask });
  assert.equal(values(y).slice(8, 12), [0, 0, 0, 0]);
  assert.equal(values(layers.getKerasMask(y)), [1, 1, 0]);
  assert.is(bi.forwardLayer.zeroOutputForMask, true);
  assert.is(bi.getConfig().layer.config.zero_output_for_mask, true);
  // The backward direction skips the padded step: its output at step 0 is the unpadded run's.
  const bwd = bi.backwardLayer.apply(nm.tensor([[[1], [2]]]));
  const yb = values(y);
  assert.ok(worstDiff(yb.slice(2, 4), values(bwd).slice(2, 4)) < 1e-6);
  const last = new layers.Bidirectional(new layers.SimpleRNN(2)).apply(x, { mask });
  assert.is(layers.getKerasMask(last), null);
});

test('GlobalAveragePooling1D averages the unmasked steps; GlobalMaxPooling1D ignores the mask (Keras 3.15)', () => {
  const x = nm.tensor([[[1, 10], [3, 20], [100, 100]]]);
  const mask = nm.tensor([[1, 1, 0]], undefined, 'bool');
  const avg = new layers.GlobalAveragePooling1D().apply(x, { mask });
  assert.equal(values(avg), [2, 15]);
  assert.is(layers.getKerasMask(avg), null);
  assert.equal(values(new layers.GlobalMaxPooling1D().apply(x, { mask })), [100, 100]);
});

test('merges: Add ORs the masks (none if an input has none), Concatenate(axis=1) joins them, Multiply/Maximum use them', () => {
  const a = nm.tensor([[[1], [2]]]), b = nm.tensor([[[5], [-4]]]);
  const ma = nm.tensor([[1, 0]], undefined, 'bool'), mb = nm.tensor([[0, 0]], undefined, 'bool');
  const add = new layers.Add();
  assert.equal(values(layers.getKerasMask(add.apply([a, b], { mask: [ma, mb] }))), [1, 0]);
  assert.is(layers.getKerasMask(add.apply([a, b], { mask: [ma, null] })), null);
  const cat = new layers.Concatenate({ axis: 1 }).apply([a, b], { mask: [ma, null] });
  assert.equal(values(layers.getKerasMask(cat)), [1, 0, 1, 1]);
  const catLast = new layers.Concatenate().apply([a, b], { mask: [ma, null] });
  assert.equal(values(layers.getKerasMask(catLast)), [1, 1]);
  // Multiply: masked entries count as 1; with every input masked, entries masked in all are 0.
  assert.equal(values(new layers.Multiply().apply([a, b], { mask: [ma, null] })), [5, -4]);
  assert.equal(values(new layers.Multiply().apply([a, b], { mask: [ma, mb] })), [1, 0]);
  // Maximum: a masked entry takes the other input's value.
  assert.equal(values(new layers.Maximum().apply([a, b], { mask: [ma, mb] })), [1, 2]);
  assert.equal(values(new layers.Maximum().apply([a, b], { mask: [null, mb] })), [1, 2]);
});

test('BatchNormalization in training uses the moments of the unmasked steps (Keras 3.15 numbers)', () => {
  const x = nm.tensor([[[1, 2], [3, 5], [100, -50]], [[0, 1], [7, 7], [9, -3]]]);
  const mask = nm.tensor([[1, 1, 0], [1, 0, 1]], undefined, 'bool');
  const bn = new layers.BatchNormalization({ momentum: 0.5 });
  const y = bn.apply(x, { training: true, mask });
  // keras.layers.BatchNormalization(momentum=0.5)(x, training=True, mask=mask), Keras 3.15.1 / JAX.
  const want = [-0.6444770097732544, 0.26209521293640137, -0.0716085433959961, 1.3104760646820068, 27.712509155273438, -17.90983772277832,
    -0.9309111833572388, -0.087365061044693, 1.074128270149231, 2.009396553039551, 1.6469966173171997, -1.485206127166748];
  assert.ok(worstDiff(y.dataSync(), want) < 1e-4, `${values(y)}`);
  assert.ok(worstDiff(bn.movingMean.dataSync(), [1.625, 0.625]) < 1e-5);
  assert.ok(worstDiff(bn.movingVariance.dataSync(), [6.59375, 4.59375]) < 1e-4);
  assert.equal(values(layers.getKerasMask(y)), [1, 1, 0, 1, 0, 1]);
});

test('TimeDistributed passes the mask on; a nested masked Sequential passes it out', () => {
  const e = new layers.Embedding(5, 2, { maskZero: true });
  const inner = new nm.Sequential([nm.Input({ shape: [3], dtype: 'int32' }), e, new layers.TimeDistributed(new layers.Dense(2))]);
  const inp = nm.Input({ shape: [3], dtype: 'int32' });
  const out = new layers.GlobalAveragePooling1D().apply(inner.apply(inp));
  const model = new nm.Model(inp, out);
  const x = nm.tensor([[1, 2, 0]], undefined, 'int32');
  const seq = values(inner.predict(x));
  assert.equal(values(layers.getKerasMask(inner.apply(x))), [1, 1, 0]);
  const got = values(model.predict(x));
  assert.ok(worstDiff(got, [(seq[0] + seq[2]) / 2, (seq[1] + seq[3]) / 2]) < 1e-6);
});

test.run();
