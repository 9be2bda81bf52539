// Temporary folders for Node-only tests: made under the OS temp folder, removed when the
// process exits (whether the tests passed or not), so a run leaves nothing behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = [];
process.on('exit', () => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

/** A new empty folder `<tmp>/<prefix>XXXXXX`, removed at exit. */
export function tempDir(prefix = 'neurasm-test-') {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
