// The test files: test/**/*.test.js. Every runtime runs them except the Node-only ones in
// test/node/. The quick unit loop (npm run test:unit) leaves out the BUNDLE tests, which check
// the built package (dist/, npm pack, a clone, the examples, the browser, the package's command
// cli/neurasm.js, which its test spawns some 100 times and under Deno and Bun), and the SLOW ones
// (full-data runs against Keras); npm test and CI run everything.
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const BUNDLE_TESTS = /^test\/node\/(dist|pack|cli|examples|web-page|studio-page|plot-render|types)\.test\.js$/;
// The seed MNIST MLP on all 60,000 images, 5 epochs, against Keras's history (≈ 30 s idle).
export const SLOW_TESTS = /^test\/node\/mnist-reference\.test\.js$/;

/**
 * Repo-relative paths with '/' separators, sorted; `pattern` is an optional regex on the path.
 * `node`: include test/node/ (Node's own suite); `unit`: without the BUNDLE and SLOW tests.
 */
export function testFiles(pattern, { node = false, unit = false } = {}) {
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
  return out.filter((f) => (node || !f.startsWith('test/node/')) && !(unit && (BUNDLE_TESTS.test(f) || SLOW_TESTS.test(f))) && (!re || re.test(f))).sort();
}
