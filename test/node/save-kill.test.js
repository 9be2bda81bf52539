// A save killed with SIGKILL (issue 13.7) never corrupts the existing file, and the next save
// leaves no temporary behind. Node only: it spawns a child process that saves in a loop.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nm from '../../dist/neurasm.js';

function model() {
  const m = new nm.Sequential([new nm.layers.Dense(4, { inputShape: [2], activation: 'relu' }), new nm.layers.Dense(1)]);
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  return m;
}

const dist = fileURLToPath(new URL('../../dist/neurasm.js', import.meta.url));

/** A child that saves a 2-million-weight model to `path` in a loop until killed. */
function saver(path) {
  const code = `
    const nm = await import(${JSON.stringify(dist)});
    const m = new nm.Sequential([new nm.layers.Dense(2000, { inputShape: [1000] })]);
    process.stdout.write('ready\\n');
    for (;;) await m.save(${JSON.stringify(path)});`;
  return spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
}

test('a save killed with SIGKILL never corrupts the existing file; the next save removes its temporary', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurasm-kill-'));
  try {
    const path = join(dir, 'model.keras');
    const original = model();
    await original.save(path);
    const want = Array.from(original.predict([[0.5, -1]]).dataSync());
    let sawTemp = false;
    for (let attempt = 0; attempt < 6 && !sawTemp; attempt++) {
      const child = saver(path);
      await new Promise((r) => child.stdout.once('data', r));
      // Kill at a moment when a temporary exists (mid-write), or after a while if none is seen.
      const t0 = Date.now();
      while (Date.now() - t0 < 4000 && !readdirSync(dir).some((f) => f.endsWith('.tmp'))) await new Promise((r) => setTimeout(r, 1));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      sawTemp = readdirSync(dir).some((f) => f.endsWith('.tmp'));
      // Whatever was interrupted, the file is a complete model: the original or a whole new save.
      const loaded = await nm.loadModel(path);
      const width = loaded.inputs[0].shape[1];
      assert.ok(width === 2 || width === 1000, `input width ${width}`);
      assert.ok(loaded.predict(nm.zeros([1, width])).dataSync().every(Number.isFinite));
    }
    assert.ok(sawTemp, 'a kill left a temporary file mid-save at least once (otherwise the cleanup is untested)');
    // The child's model replaced ours only by a whole-file rename; put ours back and check it loads exactly.
    await original.save(path);
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary left after the next save');
    const back = await nm.loadModel(path);
    assert.equal(Array.from(back.predict([[0.5, -1]]).dataSync()), want);
    assert.ok(existsSync(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
