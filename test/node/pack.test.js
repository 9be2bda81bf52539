// The published package: `npm pack` gives a tarball that installs into an empty folder without
// the network (--prefer-offline: from the local cache, should it ever have dependencies) and
// works there by `import 'neurasm'` from Node, Deno (with no permissions) and Bun, with its
// types found by tsc. Node-only (spawns processes); needs a built dist/ (npm test builds first).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const dir = mkdtempSync(join(tmpdir(), 'neurasm-pack-'));
const opts = (cwd) => ({ cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });

const runSync = (cmd, args, cwd = dir) => execFileSync(cmd, args, { ...opts(cwd), stdio: ['ignore', 'pipe', 'pipe'] });
// Resolves to stdout; rejects with the command's output.
const run = (cmd, args) => new Promise((ok, fail) => execFile(cmd, args, opts(dir), (err, stdout, stderr) =>
  (err ? fail(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stdout}\n${stderr}`)) : ok(stdout))));

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
console.log(JSON.stringify({ y: nm.matMul(a, a).array(), g: g.array(), loaded: back.predict(a).array(), kernels: nm.getBackend().kernels }));
`;
// Independent reference: a·a, d(sum(a·W))/dW = aᵀ·1, and a·ones(2, 2) + 0 from the reloaded model.
const EXPECTED = { y: [[7, 10], [15, 22]], g: [[4, 4], [6, 6]], loaded: [[3, 3], [7, 7]] };

// For tsc. @ts-expect-error fails the compile if its line has no error, e.g. when the types
// resolve to any.
const CHECK_TS = [
  `import { tensor, type Tensor } from 'neurasm';`,
  `const t: Tensor = tensor([1, 2]);`,
  `export const n: number = t.rank;`,
  `// @ts-expect-error rank is a number`,
  `export const s: string = t.rank;`,
].join('\n');

const RUNTIMES = {
  node: [process.execPath, ['check.js']],
  deno: [bin('deno'), ['run', '--no-lock', '--no-prompt', 'check.js']],
  bun: [bin('bun'), ['check.js']],
};

let files = [];
const started = {}; // name → promise of stdout; all started at once in before()

test.before(() => {
  if (!existsSync(join(root, 'dist', 'neurasm.js'))) throw new Error('dist/neurasm.js is missing: run npm run build first');
  const [info] = JSON.parse(runSync('npm', ['pack', '--json', '--pack-destination', dir], root));
  files = info.files.map((f) => f.path);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  runSync('npm', ['install', join(dir, info.filename), '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock']);
  writeFileSync(join(dir, 'check.js'), CHECK);
  writeFileSync(join(dir, 'check.ts'), CHECK_TS);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: {
    module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [], skipLibCheck: true,
  }, files: ['check.ts'] }));
  for (const [name, [cmd, args]] of Object.entries(RUNTIMES)) started[name] = run(cmd, args);
  started.tsc = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
  for (const p of Object.values(started)) p.catch(() => {}); // awaited by the tests
});

test.after(async () => {
  await Promise.allSettled(Object.values(started));
  rmSync(dir, { recursive: true, force: true });
});

test('the tarball holds the bundle, its types and nothing from the source tree', () => {
  for (const f of ['package.json', 'README.md', 'dist/neurasm.js', 'dist/neurasm.d.ts']) assert.ok(files.includes(f), `missing ${f}`);
  const stray = files.filter((f) => /^(sdk|assembly|test|build|bench|examples)\//.test(f));
  assert.equal(stray, [], 'source files in the tarball');
});

for (const runtime of Object.keys(RUNTIMES)) {
  test(`installed package works from ${runtime}`, async () => {
    const out = JSON.parse((await started[runtime]).trim().split('\n').pop());
    assert.equal(out.y, EXPECTED.y);
    assert.equal(out.g, EXPECTED.g);
    assert.equal(out.loaded, EXPECTED.loaded);
    assert.ok(/^wasm-/.test(out.kernels));
  });
}

test('tsc finds the types of the installed package', async () => {
  await started.tsc;
});

test.run();
