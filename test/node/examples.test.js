// The seed examples print what the seeds print: falling cost and accuracy 1.0 (softmax),
// XOR and OR learned. Run with --quick under Node (tsx); every runtime runs them in
// `npm run examples`.
import { tempDir } from '../helpers/tmp.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
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


// The data-file examples, on small generated files with Keras's layout.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npz, npyFloat64, npyInt64, npyObjectLists } from '../helpers/npz.js';

const dataDir = tempDir('neurasm-examples-');

test('boston-housing: k-fold validation and a final model on a generated boston_housing.npz', () => {
  const n = 120, x = [], y = [];
  for (let i = 0; i < n; i++) { const row = Array.from({ length: 13 }, (_, k) => ((i * 31 + k * 17) % 97) / 10 + k); x.push(...row); y.push(row[0] * 2 + row[5] + 10); }
  const path = join(dataDir, 'boston_housing.npz');
  writeFileSync(path, npz({ x: npyFloat64(x, [n, 13]), y: npyFloat64(y, [n]) }));
  const out = run('examples/boston-housing.ts', '--quick', '--path', path);
  assert.is((out.match(/^fold \d: validation MAE/gm) ?? []).length, 4);
  assert.match(out, /final model test \[mse, mae\]/);
});

test('reuters: trains on a generated reuters.npz', () => {
  const seqs = Array.from({ length: 200 }, (_, i) => Array.from({ length: 5 + (i % 7) }, (_, k) => (i * 13 + k * 7) % 900 + 1));
  const path = join(dataDir, 'reuters.npz');
  writeFileSync(path, npz({ x: npyObjectLists(seqs), y: npyInt64(seqs.map((_, i) => i % 46)) }));
  const out = run('examples/reuters.ts', '--quick', '--path', path);
  assert.match(out, /test \[loss, accuracy\]/);
});

test('imdb: without the data file it says what to get and exits cleanly', () => {
  const out = run('examples/imdb.ts', '--quick', '--path', join(dataDir, 'missing-imdb.npz'));
  assert.match(out, /IMDB data not available/);
});

test.run();
