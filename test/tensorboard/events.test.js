// TensorBoard logs read back by an independent decoder (test/helpers/tfevents.js): CRCs against
// known CRC-32C vectors, Keras's run folders, tags and steps, values equal to the History's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import * as encoder from '../../dist/neurasm-tensorboard.js';
import { crc32cBitwise, masked, readEvents, readRecords, byTag } from '../helpers/tfevents.js';

const ascii = (s) => new TextEncoder().encode(s);
// Published CRC-32C check values (RFC 3720 B.4 and the "123456789" check).
const VECTORS = [
  [ascii('123456789'), 0xe3069283],
  [new Uint8Array(32), 0x8a9136aa],
  [new Uint8Array(32).fill(0xff), 0x62a8ab43],
  [Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
  [Uint8Array.from({ length: 32 }, (_, i) => 31 - i), 0x113fdb5c],
];

test('CRC-32C: the library and the test decoder agree with the published vectors', () => {
  for (const [bytes, want] of VECTORS) {
    assert.is(encoder.crc32c(bytes), want);
    assert.is(crc32cBitwise(bytes), want);
  }
  assert.is(encoder.maskedCrc32c(ascii('123456789')), masked(0xe3069283));
});

test('a corrupted byte is caught by the record CRC', async () => {
  const sink = nm.summary.memorySink();
  const w = nm.summary.createFileWriter('run', { sink });
  w.scalar('x', 1.5, 3);
  await w.close();
  const bytes = Object.values(sink.files)[0];
  assert.is(readRecords(bytes).length, 2);
  const bad = bytes.slice();
  bad[bad.length - 6] ^= 1;
  assert.throws(() => readRecords(bad), /bad data CRC/);
});

test('summary writer: file_version event, scalar / histogram / text values, TF file name', async () => {
  const sink = nm.summary.memorySink();
  const w = nm.summary.createFileWriter('logs/run1/', { sink });
  assert.match(w.path, /^logs\/run1\/events\.out\.tfevents\.\d{10}\.[\w.-]+\.\d+\.\d+\.v2$/);
  w.scalar('loss', 0.25, 0);
  w.scalar('loss', 0.125, 1);
  w.histogram('w', [0, 1, 1, 2, 3, 10], 1, 5);
  w.text('note', '**hello**', 2);
  await w.flush();
  w.scalar('loss', 1 / 3, 2);
  await w.close();
  assert.throws(() => w.scalar('loss', 1, 3), (e) => e instanceof nm.StateError);
  const events = readEvents(sink.files[w.path]);
  assert.is(events[0].fileVersion, 'brain.Event:2');
  assert.ok(Math.abs(events[0].wallTime - Date.now() / 1000) < 60);
  const t = byTag(events);
  assert.equal(t.loss.map((s) => s.step), [0, 1, 2]);
  assert.equal(t.loss.map((s) => s.value), [0.25, 0.125, Math.fround(1 / 3)]);
  assert.is(t.loss[0].plugin, 'scalars');
  assert.equal(t.loss[0].tensor.shape, []);
  assert.is(t.loss[0].tensor.dtype, 1); // DT_FLOAT
  const h = t.w[0].tensor;
  assert.is(t.w[0].plugin, 'histograms');
  assert.is(h.dtype, 2); // DT_DOUBLE
  assert.equal(h.shape, [5, 3]);
  // [0, 10] in 5 buckets of width 2: counts 3 (0,1,1), 2 (2,3), 0, 0, 1 (10, last bucket closed)
  assert.equal(h.values, [0, 2, 3, 2, 4, 2, 4, 6, 0, 6, 8, 0, 8, 10, 1]);
  assert.equal(t.note[0].tensor.values, ['**hello**']);
  assert.is(t.note[0].plugin, 'text');
});

test('histogram of one distinct value and of nothing, as TensorBoard buckets them', async () => {
  const sink = nm.summary.memorySink();
  const w = nm.summary.createFileWriter('r', { sink });
  w.histogram('same', [2, 2, 2], 0, 3);
  w.histogram('empty', [], 0, 2);
  await w.close();
  const t = byTag(readEvents(sink.files[w.path]));
  assert.equal(t.same[0].tensor.values, [2, 2, 0, 2, 2, 0, 2, 2, 3]);
  assert.equal(t.empty[0].tensor.values, [0, 0, 0, 0, 0, 0]);
});

test('bad summary input is a typed error naming what came', () => {
  const w = nm.summary.createFileWriter('r', { sink: nm.summary.memorySink() });
  assert.throws(() => w.scalar('x', 1, 1.5), /step must be an integer, got 1.5/);
  assert.throws(() => w.scalar('x', '1', 0), /value must be a number/);
  assert.throws(() => w.scalar('', 1, 0), /non-empty string/);
  assert.throws(() => w.histogram('h', [1], 0, -1), /buckets must be a non-negative integer/);
  assert.throws(() => nm.summary.createFileWriter(''), (e) => e instanceof nm.ValueError);
});

function model() {
  nm.setSeed(11);
  const m = new nm.Sequential([
    new nm.layers.Dense(4, { activation: 'relu', inputShape: [3], name: 'dense' }),
    new nm.layers.Dense(2, { activation: 'softmax', name: 'dense_1' }),
  ], { name: 'sequential' });
  m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return m;
}
const X = nm.tensor(Array.from({ length: 10 }, (_, i) => [i / 10, (i % 3) / 3, ((i * 7) % 5) / 5]));
const Y = nm.tensor(Array.from({ length: 10 }, (_, i) => i % 2));

test('TensorBoard callback: Keras run folders, tags, steps; values are the History values', async () => {
  const sink = nm.summary.memorySink();
  const m = model();
  const tb = new nm.callbacks.TensorBoard({ logDir: 'logs/fit', histogramFreq: 1, sink });
  const h = await m.fit(X, Y, { epochs: 3, batchSize: 4, verbose: 0, validationData: [X, Y], callbacks: [tb] });
  const files = Object.keys(sink.files).sort();
  assert.is(files.length, 2);
  assert.match(files[0], /^logs\/fit\/train\/events\.out\.tfevents\./);
  assert.match(files[1], /^logs\/fit\/validation\/events\.out\.tfevents\./);
  const train = byTag(readEvents(sink.files[files[0]]));
  const val = byTag(readEvents(sink.files[files[1]]));
  assert.equal(Object.keys(train).sort(), [
    'epoch_accuracy', 'epoch_learning_rate', 'epoch_loss', 'keras',
    'sequential/dense/bias/histogram', 'sequential/dense/kernel/histogram',
    'sequential/dense_1/bias/histogram', 'sequential/dense_1/kernel/histogram',
  ]);
  assert.equal(Object.keys(val).sort(), ['epoch_accuracy', 'epoch_loss', 'evaluation_accuracy_vs_iterations', 'evaluation_loss_vs_iterations']);
  for (const k of ['loss', 'accuracy']) {
    assert.equal(train[`epoch_${k}`].map((s) => s.step), [0, 1, 2]);
    assert.equal(train[`epoch_${k}`].map((s) => s.value), h.history[k].map(Math.fround));
    assert.equal(val[`epoch_${k}`].map((s) => s.value), h.history[`val_${k}`].map(Math.fround));
    // Keras writes these at optimizer.iterations: 3 batches per epoch.
    assert.equal(val[`evaluation_${k}_vs_iterations`].map((s) => s.step), [3, 6, 9]);
  }
  assert.equal(train.epoch_learning_rate.map((s) => s.value), [0.001, 0.001, 0.001].map(Math.fround));
  // The model's Keras config at step 0, for the graph tab.
  assert.is(train.keras[0].plugin, 'graph_keras_model');
  assert.is(train.keras[0].content, '1');
  assert.is(train.keras[0].step, 0);
  const cfg = JSON.parse(train.keras[0].tensor.values[0]);
  assert.is(cfg.class_name, 'Sequential');
  assert.equal(cfg.config.layers.map((l) => l.class_name), ['InputLayer', 'Dense', 'Dense']);
  // The last histogram is of the final weights: counts add up, edges span min..max.
  const kernel = m.layers.find((l) => l.name === 'dense').weights[0].dataSync();
  const hist = train['sequential/dense/kernel/histogram'];
  assert.equal(hist.map((s) => s.step), [0, 1, 2]);
  const v = hist[2].tensor.values;
  assert.equal(hist[2].tensor.shape, [30, 3]);
  assert.is(v.filter((_, i) => i % 3 === 2).reduce((a, b) => a + b, 0), kernel.length);
  assert.is(v[0], Math.min(...kernel));
  assert.is(v[v.length - 2], Math.max(...kernel));
});

test("updateFreq: 'batch' and N add batch_* scalars at the global batch number", async () => {
  for (const [freq, steps] of [['batch', [1, 2, 3, 4, 5, 6]], [2, [2, 4, 6]]]) {
    const sink = nm.summary.memorySink();
    const m = model();
    const tb = new nm.callbacks.TensorBoard({ logDir: 'l', updateFreq: freq, writeGraph: false, sink });
    await m.fit(X, Y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [tb] });
    const files = Object.keys(sink.files);
    assert.equal(files.map((f) => f.split('/')[1]), ['train'], 'no validation run without validation data');
    const t = byTag(readEvents(sink.files[files[0]]));
    assert.equal(Object.keys(t).sort(), ['batch_accuracy', 'batch_loss', 'epoch_accuracy', 'epoch_learning_rate', 'epoch_loss']);
    assert.equal(t.batch_loss.map((s) => s.step), steps);
  }
});

test('TensorBoard: default options write no batch scalars and no histograms', async () => {
  const sink = nm.summary.memorySink();
  await model().fit(X, Y, { epochs: 1, verbose: 0, callbacks: [new nm.callbacks.TensorBoard({ sink })] });
  const [f] = Object.keys(sink.files);
  assert.match(f, /^logs\/train\//);
  assert.equal(Object.keys(byTag(readEvents(sink.files[f]))).sort(), ['epoch_accuracy', 'epoch_learning_rate', 'epoch_loss', 'keras']);
});

test('TensorBoard: bad options are typed errors listing the valid ones', () => {
  const TB = nm.callbacks.TensorBoard;
  assert.throws(() => new TB({ updateFreq: 'step' }), /updateFreq must be 'epoch', 'batch' or a positive integer, got "step"/);
  assert.throws(() => new TB({ updateFreq: 0 }), (e) => e instanceof nm.ValueError);
  assert.throws(() => new TB({ histogramFreq: -1 }), /histogramFreq must be a non-negative integer/);
  assert.throws(() => new TB({ log_dir: 'x' }), /unknown option 'log_dir'.*'logDir'/);
});

test.run();
