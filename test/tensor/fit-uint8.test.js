// fit/evaluate/predict on uint8 samples convert each batch to float32 as it is copied: the same
// numbers as float32 samples, without a float32 copy of the whole array.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const N = 4096, D = 2048; // 8 MiB as uint8, 32 MiB as float32
const raw = new Uint8Array(N * D);
for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761 >>> 24) & 0xff;
const labels = new Float32Array(N);
for (let i = 0; i < N; i++) labels[i] = raw[i * D] > 127 ? 1 : 0;

function build() {
  nm.setSeed(7);
  const m = new nm.Sequential([new nm.layers.Dense(4, { activation: 'relu', inputShape: [D] }), new nm.layers.Dense(1, { activation: 'sigmoid' })]);
  m.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 1e-4 }), loss: 'binary_crossentropy' });
  return m;
}

test('uint8 samples: same losses and weights as their float32 copy; no whole-array float32 copy', async () => {
  const x8 = nm.tensor(raw, [N, D]);
  const y = nm.tensor(labels, [N, 1]);
  const a = build();
  const before = nm.memory().numBytes;
  let peak = 0;
  const probe = new nm.LambdaCallback({ onBatchEnd: () => { peak = Math.max(peak, nm.memory().numBytes - before); } });
  const h8 = await a.fit(x8, y, { epochs: 2, batchSize: 256, verbose: 0, validationSplit: 0.25, callbacks: [probe] });
  // A float32 copy of x and of its two parts would be 2 × 32 MiB; uint8 parts (and x itself, if
  // it was spilled and comes back) are 16 MiB.
  assert.ok(peak < N * D * 4, `fit on uint8 held ${peak} extra bytes at most; one float32 copy is ${N * D * 4}`);

  const xf = nm.tensor(Float32Array.from(raw), [N, D]);
  const b = build();
  const hf = await b.fit(xf, y, { epochs: 2, batchSize: 256, verbose: 0, validationSplit: 0.25 });
  assert.equal(h8.history.loss, hf.history.loss);
  assert.equal(h8.history.val_loss, hf.history.val_loss);
  const wa = a.getWeights().map((t) => Array.from(t.dataSync())), wb = b.getWeights().map((t) => Array.from(t.dataSync()));
  assert.equal(wa, wb);
  assert.equal(Array.from(a.predict(x8, { batchSize: 100 }).dataSync()), Array.from(b.predict(xf, { batchSize: 100 }).dataSync()));
  const ea = await a.evaluate(x8, y, { verbose: 0 }), eb = await b.evaluate(xf, y, { verbose: 0 });
  assert.equal(ea, eb);
  // A plain Uint8Array shaped by the model works the same way.
  const hr = await build().fit(raw, labels, { epochs: 1, batchSize: 256, verbose: 0 });
  assert.ok(Number.isFinite(hr.history.loss[0]));
});

test.run();
