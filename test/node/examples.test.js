// The seed examples print what the seeds print: falling cost and accuracy 1.0 (softmax),
// XOR and OR learned. Run with --quick under Node (tsx); every runtime runs them in
// `npm run examples`.
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

test.run();
