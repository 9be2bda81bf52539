// The published package: `npm pack` gives a tarball that installs into an empty folder without
// the network (--prefer-offline: from the local cache, should it ever have dependencies) and
// works there by `import 'neurasm'` from Node, Deno and Bun, with its types found by tsc.
// Node-only (spawns processes); needs a built dist/ (npm test builds first).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const dir = mkdtempSync(join(tmpdir(), 'neurasm-pack-'));

function run(cmd, args, cwd = dir) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// The same small program for every runtime: a matMul, a gradient, and the package metadata.
const CHECK = `
import * as nm from 'neurasm';
const a = nm.tensor([[1, 2], [3, 4]]);
const W = nm.variable(nm.tensor([[1, 0], [0, 1]]));
const tape = new nm.GradientTape();
const loss = tape.record(() => nm.sum(nm.matMul(a, W)));
const [g] = tape.gradient(loss, [W]);
console.log(JSON.stringify({ y: nm.matMul(a, a).array(), g: g.array(), kernels: nm.getBackend().kernels }));
`;
// Independent reference: a·a and d(sum(a·W))/dW = aᵀ·1.
const EXPECTED = { y: [[7, 10], [15, 22]], g: [[4, 4], [6, 6]] };

let tarball;

test.before(() => {
  if (!existsSync(join(root, 'dist', 'neurasm.js'))) throw new Error('dist/neurasm.js is missing: run npm run build first');
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], root));
  tarball = join(dir, info.filename);
  test.files = info.files.map((f) => f.path);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock']);
  writeFileSync(join(dir, 'check.js'), CHECK);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball holds the bundle, its types and nothing from the source tree', () => {
  for (const f of ['package.json', 'README.md', 'dist/neurasm.js', 'dist/neurasm.d.ts']) assert.ok(test.files.includes(f), `missing ${f}`);
  const stray = test.files.filter((f) => /^(sdk|assembly|test|build|bench|examples)\//.test(f));
  assert.equal(stray, [], 'source files in the tarball');
});

for (const [runtime, cmd, args] of [
  ['node', process.execPath, ['check.js']],
  ['deno', bin('deno'), ['run', '--no-lock', '--no-prompt', 'check.js']], // with no permissions
  ['bun', bin('bun'), ['check.js']],
]) {
  test(`installed package works from ${runtime}`, () => {
    const out = JSON.parse(run(cmd, args).trim().split('\n').pop());
    assert.equal(out.y, EXPECTED.y);
    assert.equal(out.g, EXPECTED.g);
    assert.ok(/^wasm-/.test(out.kernels));
  });
}

test('tsc finds the types of the installed package', () => {
  // @ts-expect-error fails the compile if the line has no error, e.g. when types resolve to any.
  writeFileSync(join(dir, 'check.ts'), [
    `import { tensor, type Tensor } from 'neurasm';`,
    `const t: Tensor = tensor([1, 2]);`,
    `export const n: number = t.rank;`,
    `// @ts-expect-error rank is a number`,
    `export const s: string = t.rank;`,
  ].join('\n'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: {
    module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [],
  }, files: ['check.ts'] }));
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
});

test.run();
