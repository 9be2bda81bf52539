// The seed examples print what the seeds print: falling cost and accuracy 1.0 (softmax),
// XOR and OR learned. Run with --quick under Node (tsx); every runtime runs them in
// `npm run examples`.
import { tempDir } from '../helpers/tmp.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = (file, ...args) => execFileSync(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });

test('softmax-classification: the cost falls and accuracy reaches 1.0', () => {
  const out = run('examples/softmax-classification.ts');
  const costs = [...out.matchAll(/^\s*(\d+) (\d+\.\d+)$/gm)].map((m) => Number(m[2]));
  assert.is(costs.length, 21);
  assert.ok(costs[costs.length - 1] < costs[0] / 10, `cost ${costs[0]} → ${costs[costs.length - 1]}`);
  assert.match(out, /accuracy:\s+1\b/);
});

test('xor: learned with learningRate 0.05', () => {
  const out = run('examples/xor.ts', '--quick');
  assert.match(out, /rounded: \[ 0, 1, 1, 0 \]/);
});

test('or-gate: learned with SGD(lr=0.3)', () => {
  const out = run('examples/or-gate.ts', '--quick');
  assert.match(out, /OR learned: true/);
});

test('thoracic-surgery: says whether the data is real or generated, and trains', () => {
  const out = run('examples/thoracic-surgery.ts', '--quick');
  assert.match(out, /GENERATED stand-in data|ThoraricSurgery\.csv:/);
  const m = /loss (\d+\.\d+) → (\d+\.\d+)/.exec(out);
  assert.ok(m && Number(m[2]) < Number(m[1]), out);
});


// The data-file examples. IMDB and Reuters run on GENERATED files in Keras's format (the real
// ones are downloads); Boston housing on the real rows npm ships, in Keras's split.
import { rmSync } from 'node:fs';
import { writeExampleData } from '../runtimes/example-data.js';

const data = writeExampleData();
const emptyHome = join(data.dir, 'keras-home'); // no cached Keras files: the npm rows are used
const runStatus = (file, args, env = {}) => spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', ...env } });

test('boston-housing: k-fold validation and a final model on the real 506 rows (npm package)', () => {
  const r = runStatus('examples/boston-housing.ts', ['--quick'], { KERAS_HOME: emptyHome });
  assert.is(r.status, 0, r.stderr);
  assert.is((r.stdout.match(/^fold \d: validation MAE/gm) ?? []).length, 4);
  const m = /final model test \[mse, mae\]: \[ ([\d.]+), ([\d.]+) \]/.exec(r.stdout);
  assert.ok(m, r.stdout);
  assert.ok(Number(m[2]) < 4.5, `test MAE ${m[2]} (predicting the mean price gives about 6.5)`);
});

test("reuters: trains on a GENERATED reuters.npz in Keras's format", () => {
  const out = run('examples/reuters.ts', '--quick', '--path', data.reuters);
  assert.match(out, /test \[loss, accuracy\]/);
});

test("imdb: trains on a GENERATED imdb.npz in Keras's format", () => {
  const out = run('examples/imdb.ts', '--quick', '--path', data.imdb);
  assert.match(out, /retrained 4 epochs, test \[loss, accuracy\]/);
});

test('imdb: without its data file it says what is missing and exits with status 1', () => {
  const r = runStatus('examples/imdb.ts', ['--quick', '--path', join(data.dir, 'missing', 'imdb.npz')]);
  assert.is(r.status, 1);
  assert.match(r.stderr, /IMDB data not available: imdb\.loadData\(\): cannot read .*missing\/imdb\.npz \(ENOENT\)/);
});

test.after(() => rmSync(data.dir, { recursive: true, force: true }));
test.run();
