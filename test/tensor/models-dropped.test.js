// 500 models created, used and dropped (no dispose(), no gc() call): their weights' and plans'
// memory comes back. Variables never spill (plans read them in place); the finalizer frees them,
// and the library makes the collector feel the wasm bytes it allocates (storage.ts), so it runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const MiB = 1 << 20;
const tick = () => new Promise((r) => setTimeout(r, 0));

test('500 models created and dropped return their weights', async () => {
  const x = nm.randomNormal([16, 128], 0, 1, 'float32', 4);
  const perModel = (128 * 512 + 512 + 512 * 10 + 10) * 4; // 283 KB of weights
  const start = nm.memory().numBytes;
  let peak = 0;
  for (let i = 1; i <= 500; i++) {
    const m = new nm.Sequential([new nm.layers.Dense(512, { activation: 'relu', inputShape: [128] }), new nm.layers.Dense(10)]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const p = m.predict(x);
    assert.equal(p.shape, [16, 10]);
    if (i % 10 === 0) await tick();
    peak = Math.max(peak, nm.memory().numBytes - start);
  }
  for (let i = 0; i < 20; i++) await tick();
  const all = 500 * perModel;
  assert.ok(peak < all / 2, `at most ${(peak / MiB).toFixed(1)} MiB were held at once; 500 models hold ${(all / MiB).toFixed(1)} MiB`);
});

test.run();
