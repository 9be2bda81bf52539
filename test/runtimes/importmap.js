// The import map for browser runs: every bare specifier the test files (and the harness)
// import, and, transitively, the ones those packages' entry modules import (uvu → kleur,
// uvu/diff → diff, uvu/assert → dequal). Each resolves through the package's own "exports"
// (the browser/import condition, i.e. its ES module build). Paths are relative to the repo root.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\s]+)\1/g;
const isBare = (s) => !/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:)/i.test(s);

/** Bare specifiers imported by the source text. */
export function bareImports(src) {
  return [...src.matchAll(IMPORT)].map((m) => m[2]).filter(isBare);
}

/** { specifier: 'node_modules/pkg/…' } for the given repo-relative module files, transitively. */
export function importMap(repoRoot, files) {
  const imports = {};
  const todo = ['uvu', 'uvu/assert', 'kleur', ...files.flatMap((f) => localBareImports(repoRoot, f))];
  while (todo.length) {
    const spec = todo.pop();
    if (imports[spec]) continue;
    imports[spec] = resolve(repoRoot, spec);
    todo.push(...bareImports(readFileSync(join(repoRoot, imports[spec]), 'utf8')));
  }
  return imports;
}

// Bare imports of a repo file and of the repo files it imports by relative path (helpers),
// not looking inside dist/.
function localBareImports(repoRoot, file, seen = new Set()) {
  if (seen.has(file) || file.startsWith('dist/')) return [];
  seen.add(file);
  const src = readFileSync(join(repoRoot, file), 'utf8');
  const relative = [...src.matchAll(IMPORT)].map((m) => m[2]).filter((s) => /^\.{1,2}\/.*\.m?js$/.test(s));
  return [...bareImports(src), ...relative.flatMap((r) => localBareImports(repoRoot, normalize(join(dirname(file), r)), seen))];
}

function resolve(repoRoot, spec) {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  const pkg = parts.slice(0, n).join('/');
  const subpath = parts.length > n ? `./${parts.slice(n).join('/')}` : '.';
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8'));
  const exp = typeof manifest.exports === 'string' || manifest.exports?.import ? { '.': manifest.exports } : manifest.exports;
  const target = pick(exp?.[subpath]) ?? (subpath === '.' ? manifest.module : undefined);
  if (!target) throw new Error(`import map: no ES module entry for '${spec}' in ${pkg}/package.json`);
  return `node_modules/${pkg}/${target.replace(/^\.\//, '')}`;
}

// An exports entry: a string, or conditions where we want the browser / ES module one.
function pick(entry) {
  if (entry === undefined || entry === null || typeof entry === 'string') return entry ?? undefined;
  for (const cond of ['browser', 'import', 'default']) {
    const t = pick(entry[cond]);
    if (t) return t;
  }
  return undefined;
}
