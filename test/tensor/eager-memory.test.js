// Eager code without dispose() stays bounded, in synchronous loops too (no gc() is called here:
// the bound must hold under plain `node`). Buffers nobody disposed spill into JS-owned memory
// past a budget (sdk/tensor/storage.ts); the ones still in use come back when a kernel reads them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const MiB = 1 << 20;
const tick = () => new Promise((r) => setTimeout(r, 0));
const wasm = () => nm.memory().wasmMemoryBytes;
/** Growth allowed over the whole run: the spill budget, once over, plus slack for fragmentation. */
const BOUND = 160 * MiB;

/** x = (x + 1) * 0.5 on 16,384 floats (64 KiB): 2 ops and 128 KiB per iteration, nothing disposed. */
async function eagerLoop(iterations, awaitEvery) {
  const n = 16384;
  let x = nm.fill([n], 5);
  let want = 5;
  const start = wasm();
  let peak = start;
  for (let i = 1; i <= iterations; i++) {
    x = x.add(1).mul(0.5);
    want = Math.fround(Math.fround(want + 1) * 0.5);
    if (i % 100 === 0) {
      peak = Math.max(peak, wasm());
      if (awaitEvery) await tick();
    }
    if (i === 7 || i === iterations) {
      const v = x.dataSync();
      assert.is(v[0], want, `iteration ${i}`);
      assert.is(v[n - 1], want, `iteration ${i}, last element`);
    }
  }
  return { start, peak, end: wasm() };
}

test('10,000 ops of x = x.add(1).mul(0.5), fully synchronous: wasm memory bounded', async () => {
  const r = await eagerLoop(5000, false);
  assert.ok(r.peak - r.start <= BOUND, `wasm memory grew ${((r.peak - r.start) / MiB).toFixed(1)} MiB (bound ${BOUND / MiB}); without reclamation it would be 640 MiB`);
});

test('the same loop with an await every 100 iterations: bounded', async () => {
  const r = await eagerLoop(5000, true);
  assert.ok(r.peak - r.start <= BOUND, `wasm memory grew ${((r.peak - r.start) / MiB).toFixed(1)} MiB`);
});

test('values survive a spill and come back; views follow their buffer', () => {
  const a = nm.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
  const v = a.reshape([3, 2]);
  const i = nm.tensor([7, 8, 9], [3], 'int32');
  const u = nm.tensor(new Uint8Array([250, 1]));
  const b = nm.tensor([1, 0, 1]).greater(0.5);
  nm.internal.storage.spill();
  assert.ok(nm.internal.storage.stats().spillableBuffers === 0, 'everything unpinned spilled');
  // Reads of spilled buffers come from the JS copy.
  assert.equal(v.arraySync(), [[1, 2], [3, 4], [5, 6]]);
  assert.equal(Array.from(i.dataSync()), [7, 8, 9]);
  assert.equal(Array.from(u.dataSync()), [250, 1]);
  assert.equal(Array.from(b.dataSync()), [1, 0, 1]);
  // Kernels bring them back.
  assert.equal(Array.from(a.add(v.reshape([2, 3])).dataSync()), [2, 4, 6, 8, 10, 12]);
  assert.equal(Array.from(i.add(1).dataSync()), [8, 9, 10]);
  assert.equal(Array.from(nm.matMul(a, v).dataSync()), [22, 28, 49, 64]);
  a.dispose();
  assert.equal(Array.from(v.dataSync()), [1, 2, 3, 4, 5, 6], 'a view outlives the disposed tensor');
  nm.internal.storage.spill();
  v.dispose();
  assert.ok(v.isDisposed);
});

test('variables, tapes and tidy work across spills', () => {
  const w = nm.variable(nm.tensor([1, 2, 3]));
  const x = nm.tensor([4, 5, 6]);
  nm.internal.storage.spill();
  const tape = new nm.GradientTape();
  const y = tape.record(() => nm.sum(nm.mul(w, x)));
  nm.internal.storage.spill();
  const [g] = tape.gradient(y, [w]);
  assert.is(y.item(), 32);
  assert.equal(Array.from(g.dataSync()), [4, 5, 6]);
  w.assignSub(g);
  assert.equal(Array.from(w.dataSync()), [-3, -3, -3]);
  const before = nm.memory().numTensors;
  const r = nm.tidy(() => { nm.internal.storage.spill(); return x.mul(2).add(1).sum(); });
  assert.is(r.item(), 33);
  assert.ok(nm.memory().numTensors <= before + 1);
});

test('`using` (Symbol.dispose) frees a tensor at the end of its block', () => {
  const t = nm.ones([1000]);
  assert.is(typeof t[Symbol.dispose ?? Symbol.for('Symbol.dispose')], 'function');
  const before = nm.memory().numBytes;
  t[Symbol.dispose ?? Symbol.for('Symbol.dispose')]();
  assert.ok(t.isDisposed);
  assert.ok(nm.memory().numBytes < before);
});

test('fit after a spill: samples come back for each batch, same result as without', async () => {
  const run = async (spill) => {
    nm.setSeed(3);
    const x = nm.randomNormal([256, 8], 0, 1, 'float32', 11);
    const y = nm.matMul(x, nm.ones([8, 1]));
    const m = new nm.Sequential([new nm.layers.Dense(4, { activation: 'relu', inputShape: [8] }), new nm.layers.Dense(1)]);
    m.compile({ optimizer: 'adam', loss: 'mse' });
    const cb = new nm.LambdaCallback({ onBatchEnd: () => { if (spill) nm.internal.storage.spill(); } });
    const h = await m.fit(x, y, { epochs: 3, batchSize: 32, verbose: 0, callbacks: [cb], validationSplit: 0.25 });
    if (spill) nm.internal.storage.spill();
    return [h.history.loss, h.history.val_loss, Array.from(m.predict(x).dataSync())];
  };
  assert.equal(await run(true), await run(false));
});

test.run();
