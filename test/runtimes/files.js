// The test files every runtime runs: test/**/*.test.js except the Node-only ones in test/node/.
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Repo-relative paths with '/' separators, sorted; `pattern` is an optional regex on the path. */
export function testFiles(pattern) {
  const re = pattern ? new RegExp(pattern) : null;
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== 'out' && e.name !== 'fixtures') walk(p); }
      else if (e.name.endsWith('.test.js')) out.push(relative(repoRoot, p).split(sep).join('/'));
    }
  };
  walk(join(repoRoot, 'test'));
  return out.filter((f) => !f.startsWith('test/node/') && (!re || re.test(f))).sort();
}
