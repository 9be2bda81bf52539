// The repository stands on its own and `npm pack` ships a working package. In a temp folder:
//   clone/repo   git clone of this repository's HEAD, alone in its folder (no ../shared),
//                `npm ci` (or `npm install`, as .ci/run), `npm pack` (prepack builds dist/),
//                then its Node unit suite runs there (node test/run-node.js --unit);
//   consumer     an empty package that installs the tarball and imports it from Node, Deno
//                (no permissions) and Bun, type-checks a consumer with tsc --strict, and
//                require()s it from CommonJS (a clear "ES module only" error).
// Node-only, slow (an npm install, a build and a suite); run by npm test and CI, not test:unit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/tmp.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const dir = tempDir('neurasm-pack-');
const repo = join(dir, 'clone', 'repo');
const consumer = join(dir, 'consumer');
const MINUTES = 60_000;
// The commands' own temp files (npm install scripts write some) go into our folder too.
const childTmp = join(dir, 'tmp');
mkdirSync(childTmp);
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TMPDIR: childTmp, TMP: childTmp, TEMP: childTmp };
const opts = (cwd, timeout = 15 * MINUTES) => ({ cwd, encoding: 'utf8', env, timeout, maxBuffer: 64 << 20 });

const runSync = (cmd, args, cwd) => execFileSync(cmd, args, { ...opts(cwd), stdio: ['ignore', 'pipe', 'pipe'] });
// Resolves to { stdout, stderr, code }; never rejects (the tests look at what came).
const run = (cmd, args, cwd = consumer, timeout) => new Promise((ok) => execFile(cmd, args, opts(cwd, timeout), (err, stdout, stderr) =>
  ok({ stdout, stderr, code: err ? (err.code ?? 1) : 0, error: err ? `${cmd} ${args.join(' ')}: ${err.message}\n${stdout}\n${stderr}` : null })));

// The same small program for every runtime: a matMul and a gradient.
const CHECK = `
import * as nm from 'neurasm';
const a = nm.tensor([[1, 2], [3, 4]]);
const W = nm.variable(nm.tensor([[1, 0], [0, 1]]));
const tape = new nm.GradientTape();
const loss = tape.record(() => nm.sum(nm.matMul(a, W)));
const [g] = tape.gradient(loss, [W]);
// Saving and loading come from the package's second module (dist/neurasm-io.js).
const m = new nm.Sequential([new nm.layers.Dense(2, { inputShape: [2], kernelInitializer: 'ones' })]);
const files = await m.toFiles('keras');
const back = await nm.loadModel(files['model.keras']);
console.log(JSON.stringify({ y: nm.matMul(a, a).array(), g: g.array(), loaded: back.predict(a).array(), kernels: nm.getBackend().kernels, error: nm.ShapeError.name }));
`;
// Independent reference: a·a, d(sum(a·W))/dW = aᵀ·1, and a·ones(2, 2) + 0 from the reloaded model.
const EXPECTED = { y: [[7, 10], [15, 22]], g: [[4, 4], [6, 6]], loaded: [[3, 3], [7, 7]], error: 'ShapeError' };

// For tsc --strict: the Keras-style program without casts that test/node/types.test.js checks
// against dist/ (its @ts-expect-error lines fail the compile if they have no error, e.g. when
// the types resolve to any).
const CHECK_TS = readFileSync(join(root, 'test', 'types', 'consumer.ts'), 'utf8');

const CHECK_CJS = `
try { require('neurasm'); console.log(JSON.stringify({ loaded: true })); }
catch (e) { console.log(JSON.stringify({ loaded: false, code: e.code, message: e.message })); }
`;

const RUNTIMES = {
  node: [process.execPath, ['check.js']],
  deno: [bin('deno'), ['run', '--no-lock', '--no-prompt', 'check.js']],
  bun: [bin('bun'), ['check.js']],
};

let info = null, suite = null;
const started = {}; // name → promise of { stdout, stderr, code, error }; all started at once in before()

test.before(() => {
  mkdirSync(dirname(repo), { recursive: true });
  runSync('git', ['clone', '-q', root, repo], dir);
  // The same fallback as .ci/run: npm ci, or npm install from the same lock.
  try { runSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], repo); }
  catch { runSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], repo); }
  [info] = JSON.parse(runSync('npm', ['pack', '--json', '--pack-destination', dir], repo).replace(/^[^[]*/s, ''));
  // The clone's own Node suite (without these bundle tests) starts now and runs alongside.
  suite = run(process.execPath, ['test/run-node.js', '--unit'], repo, 30 * MINUTES);
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  runSync('npm', ['install', join(dir, info.filename), '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], consumer);
  writeFileSync(join(consumer, 'check.js'), CHECK);
  writeFileSync(join(consumer, 'check.cjs'), CHECK_CJS);
  writeFileSync(join(consumer, 'check.ts'), CHECK_TS);
  writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: {
    module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [], skipLibCheck: false,
  }, files: ['check.ts'] }));
  for (const [name, [cmd, args]] of Object.entries(RUNTIMES)) started[name] = run(cmd, args);
  started.tsc = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
  started.require = run(process.execPath, ['check.cjs']);
});

test.after(async () => {
  await Promise.allSettled([...Object.values(started), suite]);
  rmSync(dir, { recursive: true, force: true });
});

test('the tarball holds the modules, their types, README and LICENSE, and nothing from the source tree', () => {
  const files = info.files.map((f) => f.path);
  console.log(`tarball ${info.filename}: ${(info.size / 1024).toFixed(0)} KiB packed, ${(info.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${files.length} files: ${files.join(', ')}`);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/neurasm.js', 'dist/neurasm-io.js', 'dist/neurasm.min.js', 'dist/neurasm-io.min.js', 'dist/neurasm.d.ts', 'dist/require.cjs']) {
    assert.ok(files.includes(f), `missing ${f}`);
  }
  // Besides the modules: the command line (cli/), and the PNG rasterizer's wasm, font and notices.
  const stray = files.filter((f) => !/^(package\.json|README\.md|LICENSE|cli\/neurasm\.js|dist\/[^/]+\.(js|js\.map|d\.ts|cjs)|dist\/resvg\.wasm|dist\/resvg-NOTICE\.txt|dist\/fonts\/DejaVuSans(\.ttf|-LICENSE\.txt))$/.test(f));
  assert.equal(stray, [], 'files that are not the package');
});

test('the clone has no dist/ until npm pack builds it, and nothing of ../shared', () => {
  assert.ok(existsSync(join(repo, 'dist', 'neurasm.js')), 'prepack built dist/');
  assert.equal(readdirSync(dirname(repo)), ['repo'], 'the clone is alone in its folder');
});

for (const runtime of Object.keys(RUNTIMES)) {
  test(`installed package works from ${runtime}`, async () => {
    const r = await started[runtime];
    assert.is(r.error, null);
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    for (const k of Object.keys(EXPECTED)) assert.equal(out[k], EXPECTED[k], k);
    assert.ok(/^wasm-/.test(out.kernels));
  });
}

test('tsc --strict type-checks a consumer of the installed package', async () => {
  const r = await started.tsc;
  assert.is(r.error, null);
});

test("require('neurasm') says it is an ES module and how to import it", async () => {
  const r = await started.require;
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  assert.is(out.loaded, false);
  assert.is(out.code, 'ERR_REQUIRE_ESM');
  assert.match(out.message, /ES module only/);
  assert.match(out.message, /await import\('neurasm'\)/);
});

test('the clone tests itself: its Node unit suite passes with no sibling folders', async () => {
  const r = await suite;
  const line = /^node: (\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(r.stdout);
  assert.ok(line, `no summary line:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`);
  console.log(`clone suite: ${line[0]}`);
  assert.ok(Number(line[1]) > 100, line[0]);
  assert.is(Number(line[2]), 0, `${line[0]}\n${r.stdout.slice(-4000)}`);
  assert.is(r.code, 0);
});

test.run();
