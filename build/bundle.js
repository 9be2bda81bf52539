// The SDK as ES modules by esbuild with code splitting: two public entries, dist/neurasm-core.js
// (sdk/core.ts, neurasm/core: train and predict) and dist/neurasm.js (sdk/index.ts: the core and
// the extras), and the modules they import on first use — dist/neurasm-io.js (sdk/io/: saving,
// loading), dist/neurasm-tensorboard.js (the event encoder),
// dist/neurasm-png.js (the resvg rasterizer), the data set loaders and getFile — with what they
// share in chunks (dist/neurasm-chunk-HASH.js): the core is one chunk and the kernels (inline,
// base64: no fetch, no file to find) another, so nothing is bundled twice and all share one
// Tensor class, one layer registry and one wasm memory. Readable by default (not minified, every
// name kept: what the package publishes); `minify` makes the twins a page downloads
// (neurasm-core.min.js, neurasm.min.js, neurasm-chunk-HASH.min.js, …), where class names are
// kept. Chunk names are content hashes; build/size.js follows the imports to say what a page
// downloads.
import { renameSync, writeFileSync, mkdirSync, readdirSync, unlinkSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { tmp } from './kernels.js';

/** The entry points: output name → source. The lazy ones are reached by import() from the core or the extras. */
export const ENTRIES = {
  'neurasm': 'sdk/index.ts',
  'neurasm-core': 'sdk/core.ts',
  'neurasm-io': 'sdk/io/index.ts',
  'neurasm-tensorboard': 'sdk/tensorboard/encode.ts',
  'neurasm-png': 'sdk/plot/rasterize.ts',
};
// esbuild makes one chunk per set of entries that reach a module. The kernels (≈ 12.5 KiB gzip of
// base64) are listed as an entry of their own so they get a chunk of their own: gzipped apart from
// the code they cost ≈ 1.4 KiB gzip less than mixed into it. That entry's file (a bare
// re-export that nothing imports) is not written.
const KERNELS_ENTRY = 'neurasm-kernels';

/**
 * Writes `<outdir>/<entry><suffix>.js` for each entry, the shared chunks
 * `<outdir>/neurasm-chunk-HASH<suffix>.js` (+ source maps), and removes chunks of earlier builds
 * of the same variant. Returns esbuild's metafile (bytes per input file in each output).
 * @param {{ root: string, outdir: string, minify?: boolean, suffix?: string, sourcemap?: 'linked' | 'inline' }} o
 */
export async function bundleModules({ root, outdir, minify = false, suffix = '', sourcemap = 'linked' }) {
  const out = join(root, 'build', 'out');
  mkdirSync(outdir, { recursive: true });
  // `neurasm-wasm:NAME` imports become inline Uint8Arrays.
  const wasmPlugin = {
    name: 'neurasm-wasm',
    setup(b) { b.onResolve({ filter: /^neurasm-wasm:/ }, (args) => ({ path: join(out, args.path.slice(13)) })); },
  };
  const result = await esbuild.build({
    entryPoints: Object.fromEntries([...Object.entries(ENTRIES), [KERNELS_ENTRY, 'build/out/kernels.bin']].map(([name, src]) => [`${name}${suffix}`, join(root, src)])),
    chunkNames: `neurasm-chunk-[hash]${suffix}`,
    write: false, outdir, bundle: true, splitting: true, format: 'esm', target: 'es2022', platform: 'neutral',
    // Names survive bundling (error.name is 'ShapeError', a History prints as History): all of
    // them in the readable build (esbuild keepNames); in the minified one only the classes'
    // (classNamesPlugin; keepNames there costs ≈ 4 KiB gzip).
    minify, keepNames: !minify, sourcemap, legalComments: 'none', external: ['node:*'], logLevel: 'warning',
    loader: { '.wasm': 'binary', '.bin': 'binary' }, metafile: true, absWorkingDir: root,
    plugins: [wasmPlugin, lazyOnCorePlugin(root, minify)],
  });
  // Chunk names change with their content: drop this variant's old ones first.
  const chunk = new RegExp(`^neurasm-chunk-[A-Z0-9]+${suffix.replace('.', '\\.')}\\.js(\\.map)?$`);
  const files = result.outputFiles.filter((f) => !basename(f.path).startsWith(`${KERNELS_ENTRY}${suffix}.js`));
  const fresh = new Set(files.map((f) => basename(f.path)));
  const isEntry = (p) => Object.keys(ENTRIES).some((e) => basename(p) === `${e}${suffix}.js`);
  for (const f of readdirSync(outdir)) if (chunk.test(f) && !fresh.has(f)) unlinkSync(join(outdir, f));
  const out2 = new Map(files.map((f) => [f.path, f.contents]));
  if (minify) {
    for (const f of files) {
      if (!f.path.endsWith('.js')) continue;
      if (isEntry(f.path)) { const text = foldReexports(f.text); if (text !== null) out2.set(f.path, Buffer.from(text)); continue; }
      const [code, map] = await mangle(f.text, out2.get(`${f.path}.map`), basename(f.path));
      out2.set(f.path, code);
      if (map) out2.set(`${f.path}.map`, map);
    }
  }
  for (const [path, bytes] of out2) { writeFileSync(tmp(path), bytes); renameSync(tmp(path), path); }
  for (const p of Object.keys(result.metafile.outputs)) if (basename(p).startsWith(`${KERNELS_ENTRY}${suffix}.js`)) delete result.metafile.outputs[p];
  return result.metafile;
}

/**
 * A minified chunk's names once more, by terser's mangler (no other transform): it names a
 * chunk's top-level bindings, which esbuild leaves longer, so the core chunk is ≈ 2 KiB gzip
 * smaller. The source map follows (esbuild's map in, the composed map out). The metafile's bytes
 * per input stay esbuild's: build/size.js's breakdown is a share, not a measure.
 */
async function mangle(code, esbuildMap, name) {
  const { minify } = await import('terser');
  const r = await minify(code, {
    module: true, compress: false, mangle: true, format: { comments: false },
    sourceMap: esbuildMap ? { content: Buffer.from(esbuildMap).toString('utf8'), url: `${name}.map` } : false,
  });
  return [Buffer.from(r.code), r.map ? Buffer.from(typeof r.map === 'string' ? r.map : JSON.stringify(r.map)) : null];
}

/**
 * The PNG rasterizer's resvg wasm build and a font, copied next to its module (from the installed
 * packages at build time, so figures rasterize offline in every runtime): dist/ and the dev build.
 */
export function copyPngAssets(root, outdir) {
  mkdirSync(join(outdir, 'fonts'), { recursive: true });
  for (const [from, to] of [
    ['node_modules/@resvg/resvg-wasm/index_bg.wasm', 'resvg.wasm'],
    ['node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'fonts/DejaVuSans.ttf'],
    ['node_modules/dejavu-fonts-ttf/LICENSE', 'fonts/DejaVuSans-LICENSE.txt'],
  ]) { writeFileSync(tmp(join(outdir, to)), readFileSync(join(root, from))); renameSync(tmp(join(outdir, to)), join(outdir, to)); }
}

// esbuild makes one chunk per set of entry points (import() targets count as entries) that reach
// a module. The lazy modules reach different parts of the core, so the core would be cut into
// several chunks (≈ 3 KiB gzip more than one file, as each is compressed apart). Each import()
// target gets an import of the core entry (sdk/core.ts) added, so every core module is reached
// by every entry and the core stays one chunk; the page has loaded an entry (and so the core)
// before any import() runs, so this loads nothing more.
function lazyOnCorePlugin(root, minify) {
  const entry = join(root, ENTRIES['neurasm-core']);
  const names = minify ? classNamesPlugin() : null;
  // The import() targets: the lazy entries, and every `import('./x.js')` in sdk/ (read before the
  // build, so the set does not depend on the order esbuild loads files in).
  const lazy = new Set(Object.values(ENTRIES).map((f) => join(root, f)));
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/\bimport\(\s*'(\.{1,2}\/[^']+)\.js'\s*\)/g)) lazy.add(resolve(dir, `${m[1]}.ts`));
    }
  };
  walk(join(root, 'sdk'));
  lazy.delete(entry);
  lazy.delete(join(root, ENTRIES.neurasm));
  return {
    name: 'neurasm-lazy-on-core',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(join(root, 'sdk'))) return undefined;
        let src = readFileSync(args.path, 'utf8');
        if (names) src = names(src);
        if (lazy.has(args.path)) src += `\nimport ${JSON.stringify(entry)};\n`;
        return { loader: 'ts', contents: src };
      });
    },
  };
}

// esbuild writes a minified entry as imports of the chunks' bindings under new local names, its
// own code, and one export of the public names: a binding the entry only passes on is named
// three times. Those go into `export { chunkName as PublicName, … } from "./chunk"` at the end
// instead (the same live bindings; the chunks load in the same order): neurasm-core.min.js,
// which is nothing else, ≈ 0.65 KiB gzip less; neurasm.min.js ≈ 0.7 KiB. The imports keep what
// the entry's code names (a name found anywhere else in the text is kept: the safe side), padded
// with spaces to their old length, so the code does not move and the source map still holds.
// Null if the file is not of that shape (kept as esbuild wrote it).
const IMPORT = /import\{([^}]*)\}from"(\.\/[^"]+)";/g;
const EXPORT = /export\{([^}]*)\};(\n\/\/# sourceMappingURL=[^\n]*\n?)?$/;
function foldReexports(src) {
  const ex = EXPORT.exec(src);
  const imports = [...src.matchAll(IMPORT)];
  if (!ex || imports.length === 0) return null;
  const pair = (p) => { const [a, b = a] = p.split(' as '); return [a, b]; };
  const from = new Map(); // local name → [chunk, the chunk's name]
  for (const m of imports) for (const [theirs, local] of m[1].split(',').map(pair)) from.set(local, [m[2], theirs]);
  let rest = src.slice(0, ex.index);
  for (const m of imports) rest = rest.replace(m[0], '');
  const esc = (n) => n.replace(/\$/g, '\\$');
  // A name the entry's code reads: not a property (`x.name`), but a spread (`...name`) is a read.
  const used = (n) => new RegExp(`(?<![\\w$])(?<![^.]\\.)${esc(n)}(?![\\w$])`).test(rest);
  const keep = [], moved = new Map(); // chunk → ['theirs as Public']
  for (const [local, as] of ex[1].split(',').map(pair)) {
    const f = from.get(local);
    if (!f || used(local)) { keep.push(local === as ? as : `${local} as ${as}`); continue; }
    if (!moved.has(f[0])) moved.set(f[0], []);
    moved.get(f[0]).push(f[1] === as ? as : `${f[1]} as ${as}`);
  }
  if (moved.size === 0) return null;
  const stillUsed = (local) => used(local) || keep.some((k) => k.split(' as ')[0] === local);
  const codeless = rest.replace(/import"[^"]+";/g, '').trim() === '';
  let out = src.slice(0, ex.index);
  for (const m of imports) {
    const names = m[1].split(',').map(pair).filter(([, local]) => stillUsed(local)).map(([t, l]) => (t === l ? l : `${t} as ${l}`));
    const stmt = names.length ? `import{${names.join(',')}}from"${m[2]}";` : `import"${m[2]}";`; // the chunk keeps its place in the load order
    out = out.replace(m[0], codeless ? stmt : stmt.padEnd(m[0].length, ' '));
  }
  const tail = [...moved].map(([chunk, names]) => `export{${names.join(',')}}from"${chunk}";`).join('');
  return `${out}${keep.length ? `export{${keep.join(',')}};` : ''}${tail}${ex[2] ?? '\n'}`;
}

// Each `class Name … {` in sdk/**/*.ts gets a static block that sets its `name` (what
// keepNames does, for classes only), so minified identifiers do not show in error names and
// printed objects.
const CLASS = /^(\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)\b[^{;]*\{)/gm;
function classNamesPlugin() {
  return (src) => src.replace(CLASS, (m, head, name) => `${head} static { Object.defineProperty(this, 'name', { value: ${JSON.stringify(name)} }); }`);
}
