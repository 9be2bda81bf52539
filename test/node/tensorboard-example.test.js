// examples/mnist-tensorboard.ts trains with the callback and leaves logs `tensorboard --logdir` opens.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { byTag, readEvents } from '../helpers/tfevents.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'neurasm-tbex-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('mnist-tensorboard --quick: train/ and validation/ logs with epoch scalars and histograms', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/mnist-tensorboard.ts', '--quick', `--logdir=${dir}`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  assert.match(out, new RegExp(`tensorboard --logdir ${dir}`));
  const acc = Number(/final val_accuracy: (\d\.\d+)/.exec(out)[1]);
  assert.ok(acc > 0.7, `val_accuracy ${acc}`);
  const read = (run) => {
    const files = readdirSync(join(dir, run));
    assert.is(files.length, 1);
    return byTag(readEvents(new Uint8Array(readFileSync(join(dir, run, files[0])))));
  };
  const train = read('train'), val = read('validation');
  assert.equal(train.epoch_loss.map((s) => s.step), [0, 1]);
  assert.equal(val.epoch_accuracy.map((s) => s.step), [0, 1]);
  assert.ok(Math.abs(val.epoch_accuracy[1].value - acc) < 1e-4);
  assert.equal(train['sequential/dense/kernel/histogram'].map((s) => s.step), [0, 1]);
  assert.is(train.keras[0].plugin, 'graph_keras_model');
});

test.run();
