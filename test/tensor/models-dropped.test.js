// 500 models created, used and dropped (no dispose(), no gc() call) return their weights' and
// plans' memory. Variables never spill (plans read them in place): the finalizer frees them, and
// the library makes the collector feel the wasm bytes it allocates (storage.ts), so it runs. The
// check runs in a fresh process under plain `node`/`deno`/`bun` (a test process full of other
// tests' garbage is not what a program sees); in browsers, in this page or worker.
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
    const { modelsDropped } = await import('../helpers/models-dropped.js');
    return { where: 'this process', ...(await modelsDropped()) };
  }
}

test('500 models created and dropped return their weights', async () => {
  const { where, peak, all } = await measure();
  assert.ok(peak < all / 2, `in ${where}, at most ${(peak / MiB).toFixed(1)} MiB were held at once; 500 models hold ${(all / MiB).toFixed(1)} MiB`);
});

test.run();
