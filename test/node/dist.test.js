// dist/neurasm.js is an ES module that browsers can load; esbuild's code splitting makes it and the
// modules it imports on first use (dist/neurasm-io.js: saving, loading, .npz data sets;
// neurasm-tensorboard.js; neurasm-png.js; the data set loaders and getFile) share their common
// code through chunks (dist/neurasm-chunk-HASH.js), so nothing is in two files. Static imports
// only of those chunks (the wasm is inline), no require(), Node built-ins only behind lazy
// import(). dist/neurasm.d.ts is one file. The published modules are readable (not minified,
// names kept); the minified twins (*.min.js) are what a page downloads, class names kept.
// The budget on what a page downloads to train and predict (neurasm.min.js and its static
// chunks) is 80 KiB gzip; this test prints the figure and the bytes per source file, and guards
// the figure reached (see GUARD_KIB) until the budget is met.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { staticImportsOf, dynamicImportsOf, pageDownload, breakdown, formatBreakdown } from '../../build/size.js';

const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
const read = (name) => readFileSync(distDir + name, 'utf8');
const js = read('neurasm.js');
const dts = read('neurasm.d.ts');
const io = read('neurasm-io.js');
const tb = read('neurasm-tensorboard.js');
const CHUNK = /^\.\/neurasm-chunk-[A-Z0-9]+(\.min)?\.js$/;
// A module and the chunks it imports statically: { name: source }.
const closure = (entry) => Object.fromEntries(pageDownload(distDir, entry).files.map((f) => [f.name, read(f.name)]));
const all = (files) => Object.values(files).join('\n');
const core = closure('neurasm.js');
// What a lazy module adds to what the core already loaded.
const added = (entry) => { const c = closure(entry); for (const k of Object.keys(core)) delete c[k]; return c; };
const LAZY = ['./neurasm-io.js', './neurasm-png.js', './neurasm-tensorboard.js'];

test('static imports only of shared chunks that are in dist/', () => {
  const files = readdirSync(distDir);
  for (const [name, src] of Object.entries(core)) {
    for (const s of staticImportsOf(src)) {
      assert.match(s, CHUNK, `${name} imports ${s}`);
      assert.ok(files.includes(s.slice(2)), `${name} imports ${s}, which is not in dist/`);
    }
  }
  for (const [name, src] of Object.entries(added('neurasm-io.js'))) for (const s of staticImportsOf(src)) assert.match(s, CHUNK, `${name} imports ${s}`);
});

test('no require(); dynamic imports only of node: built-ins, the lazy modules and their chunks', () => {
  assert.not.match(all(core), /\brequire\s*\(/);
  const dyn = [...new Set(Object.values(core).flatMap(dynamicImportsOf).filter((s) => !s.startsWith('node:')))];
  for (const m of LAZY) assert.ok(dyn.includes(m), `the core imports ${m} on first use`);
  for (const s of dyn.filter((d) => !LAZY.includes(d))) assert.match(s, CHUNK, `the core imports ${s}`);
  assert.equal(Object.values(added('neurasm-io.js')).flatMap(dynamicImportsOf).filter((s) => !s.startsWith('node:')), []);
});

test('the io module holds the HDF5 and zip code and no copy of the core', () => {
  const ioOwn = all(added('neurasm-io.js'));
  assert.match(io, /\\x89HDF|HDF5|superblock/i);
  assert.not.match(all(core), /superblock/i, 'the HDF5 reader is not in the core');
  assert.not.match(ioOwn, /FinalizationRegistry|WebAssembly\.Memory/, 'no tensor runtime in the io module');
  assert.ok(ioOwn.length < all(core).length / 3, `io ${ioOwn.length} bytes vs core ${all(core).length}`);
});

test('the TensorBoard encoder is its own module: no core inside, nothing loaded but itself', () => {
  assert.equal(Object.keys(added('neurasm-tensorboard.js')), ['neurasm-tensorboard.js']);
  assert.equal(dynamicImportsOf(tb), []);
  assert.match(tb, /brain\.Event:2/);
  assert.not.match(all(core), /brain\.Event:2/, 'the encoder is not in the core');
  assert.not.match(tb, /FinalizationRegistry|WebAssembly/);
});

test('the PNG rasterizer is its own module with its wasm and font beside it; the core holds none of it', () => {
  const png = read('neurasm-png.js');
  assert.equal(Object.keys(added('neurasm-png.js')), ['neurasm-png.js']);
  assert.equal(dynamicImportsOf(png).filter((s) => !s.startsWith('node:')), []);
  assert.not.match(png, /GradientTape|Sequential|kernels\.bin/, 'no copy of the core');
  assert.not.match(all(core), /__wbindgen|initWasm/, 'the rasterizer is not in the core');
  const wasm = readFileSync(distDir + 'resvg.wasm');
  assert.equal([...wasm.subarray(0, 4)], [0, 0x61, 0x73, 0x6d]);
  const font = readFileSync(distDir + 'fonts/DejaVuSans.ttf');
  assert.equal([...font.subarray(0, 4)], [0, 1, 0, 0], 'a TrueType font');
});

test('getFile and the MNIST loaders are not in the core (imported on first use)', () => {
  assert.not.match(all(core), /731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1/, 'the MNIST loader is not in the core');
  assert.not.match(all(core), /\.part\b|fileHash/, 'getFile is not in the core');
});

test('the bundle is an ES module with named exports', () => {
  assert.match(js, /export\s*\{[^}]*\btensor\b/);
});

test('the types are one file', () => {
  assert.not.match(dts, /from\s+['"]\.{1,2}\//);
  assert.match(dts, /declare class Tensor\b/);
});

// The figure reached so far; the budget is 80. Lower this when the page download shrinks.
// (96.1 KiB with code splitting alone; 103.0 with masking, sparse inputs and the typed argument
// checks of the same stop: the budget is not met, see ARCHITECTURE.md "Bundle"; 105.2 with the
// direct small-patch conv and the pooling backward kernels, ≈ 1.6 KiB gzip of wasm in each artifact.
// Both artifacts share one gzip stream: past ≈ 32.5 KB of simd.wasm (32,243 bytes now) the second
// no longer falls inside deflate's 32 KiB window and the kernels chunk doubles, ≈ +15 KiB.)
const BUDGET_KIB = 80, GUARD_KIB = 105.5;
const minMeta = fileURLToPath(new URL('../../build/out/bundle-meta.min.json', import.meta.url));

test(`what a page downloads to train and predict (neurasm.min.js + its chunks) is ≤ ${GUARD_KIB} KiB gzip (budget ${BUDGET_KIB}); lazy modules are minified twins`, () => {
  const page = pageDownload(distDir, 'neurasm.min.js');
  const kib = (n) => (n / 1024).toFixed(1);
  console.log(`  a page downloads ${page.files.length} files, ${kib(page.gzip)} KiB gzip (budget ${BUDGET_KIB}${page.gzip > BUDGET_KIB * 1024 ? `: over by ${kib(page.gzip - BUDGET_KIB * 1024)}` : ': met'}): ${page.files.map((f) => `${f.name} ${kib(f.gzip)}`).join(', ')}`);
  const rows = breakdown(distDir, 'neurasm.min.js', minMeta, { byFile: true });
  if (rows) for (const l of formatBreakdown(rows, 25)) console.log(`    ${l}`);
  assert.ok(page.gzip <= GUARD_KIB * 1024, `${kib(page.gzip)} KiB gzip`);
  const min = all(closure('neurasm.min.js'));
  const dyn = [...new Set(dynamicImportsOf(min).filter((s) => !s.startsWith('node:')))];
  for (const m of LAZY) assert.ok(dyn.includes(m.replace(/\.js$/, '.min.js')), `imports the minified ${m}`);
  for (const s of dyn) assert.match(s, /\.min\.js$/, `${s} is a minified twin`);
  for (const s of Object.values(closure('neurasm-io.min.js')).flatMap(staticImportsOf)) assert.match(s, CHUNK);
});

test('the published modules are readable: short lines, not minified', () => {
  const code = all(core).split('\n').filter((l) => !l.startsWith('//# sourceMappingURL'));
  // The inline kernels are one long string literal; every other line is short.
  // So is a row of a data table (the generated option names: `Dense: ["@layer", "activation", …],`).
  const table = /^\s*\w+: \[("[\w@]*"(, )?)*\],?$/;
  const long = code.filter((l) => l.length > 300 && !/new Uint8Array|__toBinary|"[A-Za-z0-9+/=]{300,}"/.test(l) && !table.test(l));
  assert.ok(code.length > 1000, `${code.length} lines`);
  assert.ok(long.length <= 3, `${long.length} long lines, e.g. ${long[0]?.slice(0, 120)}`);
});

for (const [file, mod] of [['neurasm.js', '../../dist/neurasm.js'], ['neurasm.min.js', '../../dist/neurasm.min.js']]) {
  test(`${file}: class names survive bundling`, async () => {
    const nm = await import(mod);
    for (const name of ['ShapeError', 'ValueError', 'NeurasmError', 'Tensor', 'Sequential', 'Model', 'History']) {
      assert.ok(nm[name], `${name} is exported`);
      assert.is(nm[name].name, name);
    }
    assert.is(nm.layers.Dense.name, 'Dense');
    const e = (() => { try { nm.add(nm.zeros([2]), nm.zeros([3])); } catch (err) { return err; } })();
    assert.is(e.name, 'ShapeError');
    assert.match(String(e), /^ShapeError: add: /);
  });
}

test('an uncaught error in Node prints a short source line, then the message', () => {
  let stderr = '';
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', `import * as nm from ${JSON.stringify(new URL('../../dist/neurasm.js', import.meta.url).href)}; nm.add(nm.zeros([2]), nm.zeros([3]));`], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (e) { stderr = e.stderr; }
  const before = stderr.slice(0, stderr.indexOf('ShapeError: add:'));
  assert.ok(stderr.includes('ShapeError: add:'), stderr.slice(0, 500));
  assert.ok(before.length < 1000, `${before.length} characters before the message`);
});

test("an application bundler keeps every chunk import (package.json's sideEffects), and the bundle runs", async () => {
  const { build } = await import('esbuild');
  const { mkdirSync, symlinkSync, writeFileSync } = await import('node:fs');
  const { tempDir } = await import('../helpers/tmp.js');
  const dir = tempDir('neurasm-app-');
  mkdirSync(`${dir}/node_modules`);
  symlinkSync(fileURLToPath(new URL('../../', import.meta.url)), `${dir}/node_modules/neurasm`);
  writeFileSync(`${dir}/app.mjs`, "import { Sequential, layers, tensor } from 'neurasm';\n" +
    "const m = new Sequential([new layers.Dense(2, { inputShape: [3], kernelInitializer: 'ones' })]);\n" +
    'console.log(JSON.stringify(Array.from(m.predict(tensor([[1, 2, 3]])).dataSync())));\n');
  const r = await build({ entryPoints: [`${dir}/app.mjs`], bundle: true, format: 'esm', platform: 'node', outfile: `${dir}/out.mjs`, logLevel: 'silent' });
  assert.equal(r.warnings.map((w) => w.text), [], 'esbuild warnings (an ignored bare import means a chunk would be dropped)');
  assert.is(execFileSync(process.execPath, [`${dir}/out.mjs`], { encoding: 'utf8' }).trim(), '[6,6]');
});

test.run();
