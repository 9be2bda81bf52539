// The import map for browser runs, resolved from each package's own "exports" (the "import"
// condition, i.e. its ES module build). Paths are relative to the repo root.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bare specifiers the test files and uvu import. */
export const SPECIFIERS = ['uvu', 'uvu/assert', 'uvu/diff', 'kleur', 'diff', 'dequal'];

export function importMap(repoRoot, specifiers = SPECIFIERS) {
  const imports = {};
  for (const spec of specifiers) {
    const [pkg, ...sub] = spec.split('/');
    const subpath = sub.length ? `./${sub.join('/')}` : '.';
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8'));
    const target = pick(manifest.exports?.[subpath]) ?? (subpath === '.' ? manifest.module : undefined);
    if (!target) throw new Error(`importmap: no ES module entry for '${spec}' in ${pkg}/package.json`);
    imports[spec] = `node_modules/${pkg}/${target.replace(/^\.\//, '')}`;
  }
  return imports;
}

// An exports entry: a string, or conditions where we want the browser/ESM one.
function pick(entry) {
  if (entry === undefined || typeof entry === 'string') return entry;
  for (const cond of ['browser', 'import', 'default']) {
    const t = pick(entry[cond]);
    if (t) return t;
  }
  return undefined;
}
