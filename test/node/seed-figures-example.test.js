// examples/seed-figures.ts --quick: prints with precision 7, writes model.png (plot_model) and the
// figures as PNG files that decode, and normalises a table to mean 0, std 1.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { darkPixels, decodePng } from '../helpers/png.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'neurasm-figs-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('seed-figures --quick', async () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/seed-figures.ts', '--quick', `--out=${dir}`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  // Ten probabilities at precision 7 in scientific notation (they span more than 1e3), two lines.
  const probs = /확률 : \n(\[[^\]]*\])/.exec(out)[1];
  assert.is(probs.split('\n').length, 2, probs);
  assert.is((probs.match(/\d\.\d{7}e[-+]\d\d/g) ?? []).length, 10, probs);
  assert.match(out, /stds 1\.0000…1\.0000/);
  for (const f of ['model.png', 'history.png', 'confusion.png']) {
    const img = await decodePng(new Uint8Array(readFileSync(join(dir, f))));
    assert.ok(img.width > 100 && img.height > 100 && darkPixels(img) > 1000, `${f}: ${img.width}×${img.height}`);
  }
});

test.run();
