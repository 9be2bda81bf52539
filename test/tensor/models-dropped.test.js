// 500 models created, used and dropped (no dispose(), no gc() call) return their weights' and
// plans' memory. Variables never spill (plans read them in place): the finalizer frees them, and
// the library makes the collector feel the wasm bytes it allocates (storage.ts), so it runs. The
// check runs in a fresh process under plain `node`/`deno`/`bun` (a test process full of other
// tests' garbage is not what a program sees); in browsers, in a fresh Worker started from this
// page or worker.
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const MiB = 1 << 20;

async function measure() {
  try {
    const { spawnSync } = await import('node:child_process');
    const file = new URL('../helpers/models-dropped.js', import.meta.url);
    const r = globalThis.Deno ? spawnSync(Deno.execPath(), ['run', '-A', '--no-lock', file.href], { encoding: 'utf8' })
      : spawnSync(process.execPath, [file.pathname], { encoding: 'utf8' });
    return { where: 'a fresh process', ...JSON.parse(r.stdout.trim().split('\n').pop()) };
  } catch {
    if (typeof Worker === 'function') return await inFreshWorker();
    const { modelsDropped } = await import('../helpers/models-dropped.js');
    return { where: 'this process', ...(await modelsDropped()) };
  }
}

/** Browsers: the check in a new module Worker (its own heap and wasm memory), as a fresh process. */
function inFreshWorker() {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('../helpers/models-dropped-worker.js', import.meta.url), { type: 'module' });
    const timer = setTimeout(() => { w.terminate(); reject(new Error('the models-dropped Worker gave no answer in 120 s')); }, 120_000);
    w.onmessage = ({ data }) => {
      clearTimeout(timer); w.terminate();
      if (data.ok) resolve({ where: 'a fresh Worker', ...data }); else reject(new Error(`in the Worker: ${data.error}`));
    };
    w.onerror = (e) => { clearTimeout(timer); w.terminate(); reject(new Error(`the Worker failed: ${e.message}`)); };
  });
}

test('500 models created and dropped return their weights', async () => {
  const { where, peak, all } = await measure();
  console.log(`  500 dropped models, in ${where}: at most ${(peak / MiB).toFixed(1)} MiB held at once (all hold ${(all / MiB).toFixed(1)})`);
  assert.ok(peak < all / 2, `in ${where}, at most ${(peak / MiB).toFixed(1)} MiB were held at once; 500 models hold ${(all / MiB).toFixed(1)} MiB`);
});

test.run();
