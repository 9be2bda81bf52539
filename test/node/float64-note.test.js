// A float64 input is converted to float32 with one note, printed once per process (Node).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';

test('the float64 note is printed exactly once, on stderr', () => {
  const src = `import * as nm from './dist/neurasm.js';
const a = nm.tensor(new Float64Array([0.1, 0.2]));
const b = nm.tensor(new Float64Array([3]), [1, 1]);
nm.tensor(new Float32Array([1]));
console.log([a.dtype, b.dtype, a.dataSync()[0] === Math.fround(0.1)].join(" "));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', src], { cwd: new URL('../../', import.meta.url), encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), 'float32 float32 true');
  assert.is((r.stderr.match(/float64 input converted to float32/g) ?? []).length, 1, r.stderr);
});

test.run();
