// Errors a user reads: file-system errors come as a ValueError naming the absolute path (the
// raw Node error kept as `cause`), and fit()/evaluate() say which of x and y has how many samples.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as nm from '../../dist/neurasm.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('neurasm-errors-');

test('a missing file: ValueError naming the absolute path, ENOENT as cause', async () => {
  const rel = 'no-such-folder-neurasm/data.csv';
  try {
    await nm.loadCsv(rel);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, nm.ValueError);
    assert.ok(e.message.includes(resolve(rel)), e.message);
    assert.match(e.message, /no such file \(ENOENT\)/);
    assert.is(e.cause?.code, 'ENOENT');
  }
});

test('a folder given as a file: ValueError with EISDIR as cause', async () => {
  const sub = join(dir, 'a-folder');
  mkdirSync(sub);
  try {
    await nm.loadCsv(sub);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, nm.ValueError);
    assert.ok(e.message.includes(sub), e.message);
    assert.is(e.cause?.code, 'EISDIR');
  }
});

test('fit()/evaluate(): the sample-count error says which is x and which is y', async () => {
  const m = new nm.Sequential([new nm.layers.Dense(1, { inputShape: [3] })]);
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  const x = nm.zeros([64, 3]), y = nm.zeros([50, 1]);
  let fitError;
  try { await m.fit(x, y, { epochs: 1, verbose: 0 }); } catch (e) { fitError = e; }
  assert.instance(fitError, nm.ValueError);
  assert.match(fitError.message, /^fit\(\): x and y must have the same number of samples, got x: 64, y: 50\.$/);
  let evalError;
  try { await m.evaluate(x, y, { verbose: 0 }); } catch (e) { evalError = e; }
  assert.match(evalError?.message ?? '', /^evaluate\(\): x and y must have the same number of samples, got x: 64, y: 50\.$/);
});

test('with several inputs each is named by its index', async () => {
  const a = nm.Input({ shape: [2], name: 'a' }), b = nm.Input({ shape: [2], name: 'b' });
  const out = new nm.layers.Dense(1).apply(new nm.layers.Concatenate().apply([a, b]));
  const m = new nm.Model({ inputs: [a, b], outputs: out });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  let err;
  try { await m.fit([nm.zeros([8, 2]), nm.zeros([7, 2])], nm.zeros([8, 1]), { verbose: 0 }); } catch (e) { err = e; }
  assert.match(err?.message ?? '', /got x\[0\]: 8, x\[1\]: 7, y: 8\./);
});

test.run();
