// The SDK as ES modules by esbuild: the core (sdk/index.ts, with the kernels inline), the io
// module (sdk/io/index.ts), which the core imports on first save/load, and the TensorBoard and
// PNG modules, imported on first use. Readable by default
// (not minified, every name kept: what the package publishes); `minify` makes the pair a page
// downloads (neurasm.min.js imports neurasm-io.min.js), where class names are kept.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { tmp } from './kernels.js';

// Besides sdk/io/: the .npz data sets (zip + pickle readers) travel in the io module too.
const IO_DATA_FILES = ['data/npz', 'data/text-datasets'];

/**
 * Writes `<outdir>/neurasm<suffix>.js` and `<outdir>/neurasm-io<suffix>.js` (+ source maps).
 * @param {{ root: string, outdir: string, minify?: boolean, suffix?: string, sourcemap?: 'linked' | 'inline' }} o
 */
export async function bundleModules({ root, outdir, minify = false, suffix = '', sourcemap = 'linked' }) {
  const out = join(root, 'build', 'out');
  const common = {
    write: false, outdir, bundle: true, format: 'esm', target: 'es2022', platform: 'neutral',
    // Names survive bundling (error.name is 'ShapeError', a History prints as History): all of
    // them in the readable build (esbuild keepNames); in the minified one only the classes'
    // (classNamesPlugin; keepNames there costs ≈ 4 KiB gzip of the 80 KiB budget).
    minify, keepNames: !minify, sourcemap, legalComments: 'none', external: ['node:*'], logLevel: 'warning',
  };
  mkdirSync(outdir, { recursive: true });
  const plugins = minify ? [classNamesPlugin(root)] : [];
  const write = (result) => {
    for (const f of result.outputFiles) { writeFileSync(tmp(f.path), f.contents); renameSync(tmp(f.path), f.path); }
  };

  // `neurasm-wasm:NAME` imports become inline Uint8Arrays; the core's import of the io module
  // stays an import of its sibling file.
  const wasmPlugin = {
    name: 'neurasm-wasm',
    setup(b) { b.onResolve({ filter: /^neurasm-wasm:/ }, (args) => ({ path: join(out, args.path.slice(13)) })); },
  };
  const ioExternal = {
    name: 'neurasm-io-external',
    setup(b) { b.onResolve({ filter: /neurasm-(io|tensorboard|png)\.js$/ }, (a) => ({ path: `./${a.path.split('/').pop().replace(/\.js$/, '')}${suffix}.js`, external: true })); },
  };
  write(await esbuild.build({ ...common, entryPoints: { [`neurasm${suffix}`]: join(root, 'sdk/index.ts') },
    loader: { '.wasm': 'binary', '.bin': 'binary' }, plugins: [wasmPlugin, ioExternal, ...plugins] }));

  // The io module's imports of core modules become reads of the core's own module objects
  // (handed over by sdk/models/io-hook.ts), so nothing of the core is bundled twice.
  const index = readFileSync(join(root, 'sdk/index.ts'), 'utf8');
  const sdkDir = join(root, 'sdk') + '/';
  const coreModulePlugin = {
    name: 'neurasm-core-modules',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const file = resolve(args.resolveDir, args.path).replace(/\.js$/, '');
        const inIoModule = file.startsWith(join(sdkDir, 'io') + '/') || IO_DATA_FILES.includes(file.slice(sdkDir.length));
        if (!args.importer || inIoModule) return undefined;
        const key = file.slice(sdkDir.length);
        if (!index.includes(`'${key}': `)) throw new Error(`sdk/io imports ${key}: add it to setCoreModules in sdk/index.ts`);
        return { path: key, namespace: 'core-module' };
      });
      b.onLoad({ filter: /.*/, namespace: 'core-module' }, (args) => ({
        loader: 'js',
        contents: `const m = globalThis[Symbol.for('neurasm.core-modules')]?.[${JSON.stringify(args.path)}];
if (!m) throw new Error('neurasm-io.js is imported by neurasm.js when it is first needed; import neurasm instead.');
module.exports = m;`,
      }));
    },
  };
  write(await esbuild.build({ ...common, entryPoints: { [`neurasm-io${suffix}`]: join(root, 'sdk/io/index.ts') }, plugins: [coreModulePlugin, ...plugins] }));

  // Lazily imported modules that import nothing of the core: the TensorBoard event encoder and
  // the PNG rasterizer (resvg's wasm build, loaded from dist/resvg.wasm).
  write(await esbuild.build({ ...common, entryPoints: { [`neurasm-tensorboard${suffix}`]: join(root, 'sdk/tensorboard/encode.ts') }, plugins }));
  write(await esbuild.build({ ...common, entryPoints: { [`neurasm-png${suffix}`]: join(root, 'sdk/plot/rasterize.ts') }, plugins }));
}

// Each `class Name … {` in sdk/**/*.ts gets a static block that sets its `name` (what
// keepNames does, for classes only), so minified identifiers do not show in error names and
// printed objects.
const CLASS = /^(\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)\b[^{;]*\{)/gm;
function classNamesPlugin(root) {
  return {
    name: 'neurasm-class-names',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(join(root, 'sdk'))) return undefined;
        const src = readFileSync(args.path, 'utf8');
        return { loader: 'ts', contents: src.replace(CLASS, (m, head, name) => `${head} static { Object.defineProperty(this, 'name', { value: ${JSON.stringify(name)} }); }`) };
      });
    },
  };
}
