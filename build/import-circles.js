// Import circles of sdk/: `node build/import-circles.js [--files]`. Reads every import and
// re-export of sdk/**/*.ts (`import type` included, bare `import './x.js'` and literal `import()` too) and prints the
// circles (strongly connected groups) between places: a folder directly under sdk/ is one place,
// a file directly in sdk/ is its own. With --files, the circles between single files as well.
// Exits 0; test/node/structure.test.js fails when there is a circle between places, the file
// count is for ARCHITECTURE.md and review.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sdk = join(root, 'sdk');
const files = [];
const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.ts')) files.push(p); } };
walk(sdk);

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
const place = (f) => { const r = relative(sdk, f).split('/'); return r.length === 1 ? `sdk/${r[0]}` : `sdk/${r[0]}/`; };
const fileEdges = new Map(files.map((f) => [f, new Set()]));
for (const f of files) {
  const src = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of src.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(f), spec).replace(/\.js$/, '.ts');
    if (fileEdges.has(target) && target !== f) fileEdges.get(f).add(target);
  }
}

/** Strongly connected components with more than one member (Tarjan). */
function circles(edges) {
  let index = 0;
  const idx = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const visit = (v) => {
    idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const c = [];
      let w;
      do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const placeEdges = new Map();
for (const [f, ts] of fileEdges) for (const t of ts) {
  const a = place(f), b = place(t);
  if (!placeEdges.has(a)) placeEdges.set(a, new Set());
  if (a !== b) placeEdges.get(a).add(b);
}
const between = circles(placeEdges);
console.log(`${between.length} import circle(s) between places of sdk/ (a folder, or a file at sdk/'s top)`);
for (const c of between) {
  console.log(`  ${c.join(' ⇄ ')}`);
  for (const a of c) for (const f of files) if (place(f) === a) for (const t of fileEdges.get(f)) if (place(t) !== a && c.includes(place(t))) console.log(`    ${relative(root, f)} → ${relative(root, t)}`);
}
if (process.argv.includes('--files')) {
  const fc = circles(fileEdges);
  console.log(`${fc.length} import circle(s) between files of sdk/`);
  for (const c of fc) console.log(`  ${c.length} files: ${c.map((f) => relative(root, f)).join(', ')}`);
}
