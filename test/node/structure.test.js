// The layering of sdk/ (ARCHITECTURE.md, "Structure checks"): no import circle between its
// folders, `import type` and bare imports included — io, callbacks and TensorBoard see a model
// through models/contracts.ts, and models/ reaches io only through the io-hook door.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../build/import-circles.js', import.meta.url));

test('no import circle between the folders of sdk/', () => {
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8' });
  assert.match(out.split('\n')[0], /^0 import circle\(s\) between places/, out);
});

test.run();
