// The run-time table of option names (sdk/generated/option-keys.ts) is generated from the
// TypeScript declarations; this fails when an Args interface changed without regenerating it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';

test('the generated option table is up to date with the TypeScript declarations', () => {
  const out = execFileSync(process.execPath, ['build/gen-option-keys.js', '--check'], { encoding: 'utf8' });
  assert.match(out, /up to date/);
});

test.run();
