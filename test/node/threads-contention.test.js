// Threads under contention (Node: two spinning child processes keep the cores busy): a seeded fit on
// two threads finishes and ends with the same weights, bit for bit, as on one thread; the pool
// really split products (and a late worker took whatever chunks it could). The same with every
// elementwise kernel split (optimizer updates, a separate activation and its gradient).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import * as nm from '../../dist/neurasm.js';

const bits = (t) => new Uint32Array(Float32Array.from(t.dataSync()).buffer);

async function fit(threads, { activation = 'relu', optimizer = 'rmsprop' } = {}) {
  await nm.setNumThreads(threads);
  try {
    nm.setSeed(9);
    const x = nm.randomNormal([512, 96], 0, 1, 'float32', 50);
    const y = nm.oneHot(nm.argMax(nm.matMul(x, nm.randomNormal([96, 7], 0, 1, 'float32', 51)), 1), 7);
    const model = new nm.Sequential(activation === 'relu'
      ? [new nm.layers.Dense(320, { activation: 'relu', inputShape: [96] }), new nm.layers.Dense(7, { activation: 'softmax' })]
      : [new nm.layers.Dense(320, { inputShape: [96] }), new nm.layers.Activation(activation), new nm.layers.Dense(7, { activation: 'softmax' })]);
    model.compile({ optimizer, loss: 'categorical_crossentropy' });
    const h = await model.fit(x, y, { epochs: 3, batchSize: 128, verbose: 0, shuffle: false });
    return { weights: model.getWeights(), loss: h.history.loss };
  } finally {
    await nm.setNumThreads(1);
  }
}

test('two threads with both cores kept busy by other processes: same weights as one thread', async () => {
  if (!nm.threadsSupported()) { console.warn('skipped: no shared memory'); return; }
  const one = await fit(1);
  const busy = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  try {
    const before = nm.internal.poolStats.jobs;
    const two = await fit(2);
    assert.ok(nm.internal.poolStats.jobs > before, 'products were split over the pool');
    assert.equal(two.loss, one.loss);
    one.weights.forEach((w, i) => {
      const a = bits(w), b = bits(two.weights[i]);
      assert.is(a.findIndex((v, k) => v !== b[k]), -1, `weight ${i}`);
    });
  } finally {
    for (const b of busy) b.kill('SIGKILL');
  }
});

test('two threads with both cores busy, every elementwise kernel split (updates, tanh and its gradient): same weights as one thread', async () => {
  if (!nm.threadsSupported()) { console.warn('skipped: no shared memory'); return; }
  const opts = { activation: 'tanh', optimizer: 'adam' };
  const one = await fit(1, opts);
  const tuning = nm.internal.poolTuning, saved = { ...tuning };
  const busy = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  try {
    const auto = await fit(2, opts); // the pool's own choices (it backs off while it loses)
    Object.assign(tuning, { minWork: 0, minWorkHot: 0, adaptive: false });
    const before = nm.internal.poolStats.elementwiseJobs;
    const split = await fit(2, opts);
    assert.ok(nm.internal.poolStats.elementwiseJobs - before >= 12 * 3, 'elementwise kernels were split over the pool');
    for (const two of [auto, split]) {
      assert.equal(two.loss, one.loss);
      one.weights.forEach((w, i) => {
        const a = bits(w), b = bits(two.weights[i]);
        assert.is(a.findIndex((v, k) => v !== b[k]), -1, `weight ${i}`);
      });
    }
  } finally {
    Object.assign(tuning, saved);
    for (const b of busy) b.kill('SIGKILL');
  }
});

test.run();
