// Memory past 2 GiB: pointers above 2^31 must stay unsigned wherever they become indices. The
// checks run in a fresh process (test/helpers/high-memory-child.js), where nothing below 2 GiB
// is free, so every tensor they make lies above it. Skipped, with the reason printed, where the
// runtime cannot start one (browsers) or cannot grow WebAssembly memory that far.
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const names = ['a zeroed 2.1 GB tensor on fresh memory takes no resident memory', 'computations on tensors placed above 2 GiB', 'fit and predict with plans above 2 GiB'];
let report = null, why = '';
try {
  const { spawnSync } = await import('node:child_process');
  const child = new URL('../helpers/high-memory-child.js', import.meta.url);
  const argv = globalThis.Deno ? ['run', '-A', '--no-lock', child.href] : [child.pathname];
  const exe = globalThis.Deno ? Deno.execPath() : process.execPath;
  const r = spawnSync(exe, argv, { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 300_000 });
  const line = (r.stdout ?? '').trim().split('\n').pop();
  report = JSON.parse(line);
  if (report.skip) { why = `this runtime cannot grow WebAssembly memory past 2 GiB (${report.skip})`; report = null; }
} catch (e) {
  why = `no child process here (${e.message ?? e})`;
}

if (report === null) {
  console.log(`high-memory.test.js: skipped, ${why}`);
  for (const n of names) test.skip(n);
} else {
  for (const n of names) {
    test(n, () => {
      const r = report.results.find(([name]) => name === n);
      assert.ok(r, `the child ran '${n}'`);
      assert.is(r[1], null, r[1] ?? '');
    });
  }
}

test.run();
