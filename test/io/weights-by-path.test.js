// Weights from .keras by path (issue 11.4): every weight is taken from its saving_lib path in
// model.weights.h5 (a Bidirectional LSTM stores backward_layer before forward_layer), and a
// file whose paths do not match the model is refused with a FormatError naming the path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unzipSync, zipSync } from 'fflate';
import { fixtureBytes } from '../helpers/fixtures.js';
import * as nm from '../../dist/neurasm.js';

const bytesOf = (name) => fixtureBytes(name);
const jsonOf = async (name) => JSON.parse(new TextDecoder().decode(await bytesOf(name)));

/** The .keras archive with `from` replaced by `to` (same length) inside model.weights.h5. */
function renamedInWeights(keras, from, to) {
  const files = unzipSync(keras);
  const h5 = files['model.weights.h5'].slice();
  const a = new TextEncoder().encode(from), b = new TextEncoder().encode(to);
  let n = 0;
  for (let i = 0; i + a.length <= h5.length; i++) {
    if (a.every((c, j) => h5[i + j] === c)) { h5.set(b, i); n++; }
  }
  assert.ok(n > 0, `'${from}' occurs in model.weights.h5`);
  return zipSync({ ...files, 'model.weights.h5': h5 });
}

for (const ext of ['keras', 'h5']) {
  test(`bidir_lstm.${ext} (Keras-written Bidirectional LSTM) predicts Keras's outputs within 1e-5`, async () => {
    const model = await nm.loadModel(await bytesOf(`bidir_lstm.${ext}`));
    const x = nm.tensor(await jsonOf('bidir_lstm.inputs.json'));
    const want = (await jsonOf('bidir_lstm.outputs.json')).flat(Infinity);
    const got = model.predict(x).dataSync();
    assert.is(got.length, want.length);
    want.forEach((v, i) => assert.ok(Math.abs(got[i] - v) <= 1e-5, `output ${i}: ${got[i]} vs Keras ${v}`));
    assert.is(model.optimizer.iterations, 8);
  });
}

test('.keras and .h5 of bidir_lstm give the same weights in the same order', async () => {
  const a = (await nm.loadModel(await bytesOf('bidir_lstm.keras'))).getWeights().map((w) => Array.from(w.dataSync()));
  const b = (await nm.loadModel(await bytesOf('bidir_lstm.h5'))).getWeights().map((w) => Array.from(w.dataSync()));
  assert.equal(a, b);
});

test('a .keras whose weight paths were renamed is refused with a FormatError naming the path', async () => {
  const keras = await bytesOf('bidir_lstm.keras');
  const bad = renamedInWeights(keras, 'forward_layer', 'forwarx_layer');
  try { await nm.loadModel(bad); assert.unreachable('loaded'); } catch (e) {
    assert.instance(e, nm.FormatError);
    assert.match(e.message, 'layers/bidirectional/forward_layer/cell/vars/0');
  }
  // A whole layer group renamed: the first missing path is named.
  try { await nm.loadModel(renamedInWeights(keras, 'dense', 'dxnse')); assert.unreachable('loaded'); } catch (e) {
    assert.instance(e, nm.FormatError);
    assert.match(e.message, 'layers/dense/vars/0');
  }
  // A cell group renamed in both directions.
  try { await nm.loadModel(renamedInWeights(keras, 'cell', 'cexl')); assert.unreachable('loaded'); } catch (e) {
    assert.instance(e, nm.FormatError);
    assert.match(e.message, /layers\/bidirectional\/(backward|forward)_layer\/cell\/vars\/0/);
  }
});

test('a file with a weight the model does not have is refused, naming that path', async () => {
  const withBias = new nm.Sequential([new nm.layers.Dense(3, { inputShape: [2] })]);
  const noBias = new nm.Sequential([new nm.layers.Dense(3, { inputShape: [2], useBias: false })]);
  const bytes = (await withBias.toFiles('keras'))['model.keras'];
  try { await noBias.loadWeights(unzipSync(bytes)['model.weights.h5']); assert.unreachable('loaded'); } catch (e) {
    assert.instance(e, nm.FormatError);
    assert.match(e.message, "'layers/dense/vars/1'");
  }
});

test('loadWeights by path: a mismatched file changes no weight', async () => {
  const model = await nm.loadModel(await bytesOf('bidir_lstm.keras'));
  const before = model.getWeights().map((w) => Array.from(w.dataSync()));
  const files = unzipSync(renamedInWeights(await bytesOf('bidir_lstm.keras'), 'backward_layer', 'backward_layex'));
  try { await model.loadWeights(files['model.weights.h5']); assert.unreachable('loaded'); } catch (e) {
    assert.instance(e, nm.FormatError);
    assert.match(e.message, 'layers/bidirectional/backward_layer/cell/vars/0');
  }
  assert.equal(model.getWeights().map((w) => Array.from(w.dataSync())), before);
});

test('neurasm writes Keras\'s paths: a saved Bidirectional/LSTM/TimeDistributed model round-trips and its archive has cell/forward_layer groups', async () => {
  nm.setSeed(3);
  const m = new nm.Sequential([
    new nm.layers.Bidirectional(new nm.layers.LSTM(3, { returnSequences: true }), { inputShape: [5, 2] }),
    new nm.layers.TimeDistributed(new nm.layers.Dense(2)),
    new nm.layers.GRU(2),
  ]);
  const x = nm.randomUniform([2, 5, 2], -1, 1, 'float32', 4);
  const bytes = (await m.toFiles('keras'))['model.keras'];
  const h5 = new TextDecoder('latin1').decode(unzipSync(bytes)['model.weights.h5']);
  for (const name of ['bidirectional', 'forward_layer', 'backward_layer', 'cell', 'time_distributed', 'gru']) assert.ok(h5.includes(name), `group '${name}' is written`);
  const back = await nm.loadModel(bytes);
  assert.equal(Array.from(back.predict(x).dataSync()), Array.from(m.predict(x).dataSync()));
});

test.run();
