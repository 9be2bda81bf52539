// `npx neurasm` (cli/neurasm.js) on the real-Keras fixture files: summary text equal to Keras's,
// predictions within 1e-5 of Keras's outputs.json, evaluate against Keras's own probabilities,
// inspect against models_index.json, .keras → TF.js loaded by @tensorflow/tfjs, lossless round
// trips between the three formats, and one-line errors with exit status 1.
import { tempDir } from '../helpers/tmp.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nm from '../../dist/neurasm.js';
import { npz, npyFloat64 } from '../helpers/npz.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** A real-Keras fixture file (the one place that knows where they live). */
const fixture = (name) => fileURLToPath(new URL(`../fixtures/keras/${name}`, import.meta.url));
const ownFixture = (name) => join(root, 'test/fixtures/keras', name);
const json = (name) => JSON.parse(readFileSync(fixture(name), 'utf8'));
const tmp = tempDir('neurasm-cli-');
const MODELS = ['mlp_mnist', 'xor', 'functional_branches', 'residual_mlp', 'cnn_mnist', 'text_embed', 'rnn_small', 'simplernn_small', 'activations_zoo'];

/** Runs the CLI; returns {status, stdout, stderr}. */
function cli(...args) {
  const r = spawnSync(process.execPath, [join(root, 'cli/neurasm.js'), ...args], { cwd: tmp, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function ok(...args) {
  const r = cli(...args);
  assert.is(r.status, 0, `neurasm ${args.join(' ')} → ${r.status}: ${r.stderr}`);
  return r.stdout;
}
/** A failure: status 1, nothing on stdout, exactly one line on stderr. */
function fails(pattern, ...args) {
  const r = cli(...args);
  assert.is(r.status, 1, `neurasm ${args.join(' ')} should fail: ${r.stdout}`);
  assert.is(r.stdout, '');
  assert.is(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
  assert.match(r.stderr, /^neurasm: /);
  assert.match(r.stderr, pattern);
}
const flat = (v) => (Array.isArray(v) ? v.flat(Infinity) : Object.values(v).flatMap((a) => a.flat(Infinity)));
function close(got, want, tol, what) {
  const g = flat(got), w = flat(want);
  assert.is(g.length, w.length, `${what}: ${g.length} values, Keras has ${w.length}`);
  const worst = Math.max(...g.map((x, i) => Math.abs(x - w[i])));
  assert.ok(worst <= tol, `${what}: max |diff| ${worst} > ${tol}`);
}

test('summary: equal to Keras\'s summary.txt for every fixture, .keras and .h5', () => {
  for (const m of MODELS) {
    const want = readFileSync(fixture(`${m}.summary.txt`), 'utf8').replace(/\n$/, '');
    for (const ext of ['keras', 'h5']) assert.fixture(ok('summary', fixture(`${m}.${ext}`)).replace(/\n$/, ''), want);
  }
});

test('summary --json: layers, shapes and parameter counts', () => {
  const s = JSON.parse(ok('summary', fixture('mlp_mnist.keras'), '--json'));
  const idx = json('models_index.json').models.find((m) => m.name === 'mlp_mnist');
  assert.is(s.totalParams, idx.param_count);
  assert.equal(s.layers.map((l) => l.class), ['Flatten', 'Dense', 'Dense']); // Keras's Sequential.layers: no InputLayer
  assert.equal(s.layers[1].outputShape, [null, 128]);
  assert.is(s.optimizerParams, 203542); // Keras's summary.txt: Optimizer params: 203,542
});

test('summary of a model given by URL (a local HTTP server)', async () => {
  const server = createServer((req, res) => res.end(readFileSync(fixture('xor.keras'))));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    // The CLI runs in a child process; this process must keep serving meanwhile.
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [join(root, 'cli/neurasm.js'), 'summary', `http://127.0.0.1:${server.address().port}/xor.keras`]);
    let text = '';
    child.stdout.on('data', (d) => { text += d; });
    const status = await new Promise((r) => child.on('close', r));
    assert.is(status, 0);
    assert.is(text.replace(/\n$/, ''), readFileSync(fixture('xor.summary.txt'), 'utf8').replace(/\n$/, ''));
  } finally { server.close(); }
});

test('predict: within 1e-5 of Keras\'s outputs.json for every fixture (.keras and .h5)', () => {
  for (const m of MODELS) {
    for (const ext of ['keras', 'h5']) close(JSON.parse(ok('predict', fixture(`${m}.${ext}`), fixture(`${m}.inputs.json`))), json(`${m}.outputs.json`), 1e-5, `${m}.${ext}`);
  }
});

test('predict: CSV (with a header), .npy and .npz inputs; --out writes a .npy', async () => {
  const x = json('xor.inputs.json');
  writeFileSync(join(tmp, 'xor.csv'), `a,b\n${x.map((r) => r.join(',')).join('\n')}\n`);
  close(JSON.parse(ok('predict', fixture('xor.keras'), 'xor.csv')), json('xor.outputs.json'), 1e-5, 'xor from CSV');
  const fb = json('functional_branches.inputs.json');
  writeFileSync(join(tmp, 'fb.npz'), npz({ b: npyFloat64(fb.b.flat(), [fb.b.length, 8]), a: npyFloat64(fb.a.flat(), [fb.a.length, 16]) }));
  close(JSON.parse(ok('predict', fixture('functional_branches.keras'), 'fb.npz')), json('functional_branches.outputs.json'), 1e-5, 'functional_branches from .npz by input name');
  const m = json('mlp_mnist.inputs.json');
  writeFileSync(join(tmp, 'mnist.npy'), npyFloat64(m.flat(Infinity), [8, 28, 28]));
  assert.match(ok('predict', fixture('mlp_mnist.keras'), 'mnist.npy', '--out', 'pred.npy'), /wrote pred\.npy \(shape \[8,10\], float32\)/);
  const back = await nm.datasets.readNpy(new Uint8Array(readFileSync(join(tmp, 'pred.npy'))));
  assert.equal(back.shape, [8, 10]);
  close(Array.from(back.data), json('mlp_mnist.outputs.json'), 1e-5, 'mlp_mnist via .npy in and out');
});

test('evaluate: loss and accuracy equal those computed from Keras\'s own probabilities', () => {
  const labels = [7, 2, 1, 0, 4, 1, 4, 9]; // the first 8 MNIST test labels (models_index.json notes)
  writeFileSync(join(tmp, 'labels.json'), JSON.stringify(labels));
  const p = json('mlp_mnist.outputs.json');
  const loss = -labels.reduce((s, y, i) => s + Math.log(Math.min(Math.max(p[i][y], 1e-7), 1 - 1e-7)), 0) / labels.length;
  const acc = labels.filter((y, i) => p[i].indexOf(Math.max(...p[i])) === y).length / labels.length;
  const r = JSON.parse(ok('evaluate', fixture('mlp_mnist.keras'), fixture('mlp_mnist.inputs.json'), 'labels.json', '--json'));
  assert.ok(Math.abs(r.loss - loss) < 1e-5, `loss ${r.loss} vs ${loss}`);
  assert.ok(Math.abs(r.accuracy - acc) < 1e-6, `accuracy ${r.accuracy} vs ${acc}`);
  assert.match(ok('evaluate', fixture('mlp_mnist.h5'), fixture('mlp_mnist.inputs.json'), 'labels.json'), /^accuracy: \d\.\d{4} - loss: \d\.\d{4}\n$|^loss: \d\.\d{4} - accuracy: \d\.\d{4}\n$/);
});

test('plot: an SVG with every layer', () => {
  assert.match(ok('plot', fixture('functional_branches.keras'), 'fb.svg'), /wrote fb\.svg/);
  const svg = readFileSync(join(tmp, 'fb.svg'), 'utf8');
  assert.match(svg, /^<svg[\s>]/);
  for (const name of ['dense_a', 'dense_b', 'concat', 'shared', 'cls', 'reg']) assert.match(svg, name);
  fails(/PNG needs a rasterizer/, 'plot', fixture('xor.keras'), 'x.png');
});

test('inspect: layers, weights with shapes and statistics, optimizer state, Keras version', () => {
  const idx = json('models_index.json').models.find((m) => m.name === 'xor');
  const r = JSON.parse(ok('inspect', fixture('xor.keras'), '--json'));
  assert.is(r.kerasVersion, '3.15.1');
  assert.is(r.refused, null);
  const weights = r.layers.flatMap((l) => l.weights);
  assert.equal(weights.map((w) => [w.name, w.shape]), idx.weights.map((w) => [w.path, w.shape]));
  assert.ok(weights.every((w) => w.min <= w.mean && w.mean <= w.max && w.std >= 0));
  assert.is(r.optimizer.class, idx.optimizer.class);
  assert.is(r.optimizer.iterations, idx.optimizer.iterations);
  assert.equal(r.optimizer.variables.map((v) => v.path), idx.optimizer.variables.map((v) => v.path ?? v));
  assert.is(r.compile.loss, 'mse');
  const text = ok('inspect', fixture('xor.h5'));
  assert.match(text, /written by Keras 3\.15\.1/);
  assert.match(text, /xor\/dense\/kernel \[2,8\] float32  min -?\d/);
  assert.match(text, /optimizer: Adam .* iterations 200, 10 state variables/);
  assert.match(text, /refused: nothing/);
});

test('inspect: a real Keras Lambda model is listed as refused, with the reason (exit 0)', () => {
  for (const ext of ['keras', 'h5']) {
    const text = ok('inspect', ownFixture(`lambda_model.${ext}`));
    assert.match(text, /written by Keras 3\.15\.1/);
    assert.match(text, /refused: ValueError: Refusing to load a Lambda layer \('double'\)/);
  }
  assert.match(ok('inspect', ownFixture('lambda_model.keras')), /layer classes in the file: Sequential, InputLayer, Dense, Lambda/);
  fails(/Lambda layer/, 'summary', ownFixture('lambda_model.keras'));
});

/** Serves `dir` on 127.0.0.1 while f runs (for tf.loadLayersModel over HTTP, as in a page). */
async function served(dir, f) {
  const server = createServer((req, res) => {
    const p = join(dir, decodeURIComponent(req.url.split('?')[0]));
    if (!p.startsWith(dir) || !existsSync(p)) { res.writeHead(404); res.end(); return; }
    res.end(readFileSync(p));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try { return await f(`http://127.0.0.1:${server.address().port}`); } finally { server.close(); }
}

const tf = await import('@tensorflow/tfjs');
const tfPredict = async (url, m) => {
  const model = await tf.loadLayersModel(url);
  const x = json(`${m}.inputs.json`);
  const xs = Array.isArray(x) ? tf.tensor(x, undefined, m === 'text_embed' ? 'int32' : 'float32') : Object.values(x).map((a) => tf.tensor(a));
  const ys = [model.predict(xs)].flat();
  return ys.flatMap((y) => Array.from(y.dataSync()));
};

test('convert .keras → TF.js: @tensorflow/tfjs loads it and predicts Keras\'s outputs (1e-5); shards of the chosen size', async () => {
  // rnn_small (GRU with Keras 3's reset_after=True) and activations_zoo (silu, gelu, …) use what
  // TF.js 4.22 does not have; every other fixture is checked.
  for (const m of ['mlp_mnist', 'cnn_mnist', 'text_embed', 'residual_mlp', 'xor', 'functional_branches', 'simplernn_small']) {
    ok('convert', fixture(`${m}.keras`), join(tmp, 'tfjs', m), '--shard-size', '64KB');
    const mj = JSON.parse(readFileSync(join(tmp, 'tfjs', m, 'model.json'), 'utf8'));
    const shards = mj.weightsManifest[0].paths;
    const sizes = shards.map((s) => readFileSync(join(tmp, 'tfjs', m, s)).length);
    assert.ok(sizes.every((n) => n <= 65536) && sizes.slice(0, -1).every((n) => n === 65536), `${m}: shard sizes ${sizes}`);
    assert.is(shards.at(-1), `group1-shard${shards.length}of${shards.length}.bin`);
    const got = await served(join(tmp, 'tfjs'), (u) => tfPredict(`${u}/${m}/model.json`, m));
    close(got, json(`${m}.outputs.json`), 1e-5, `${m} in @tensorflow/tfjs`);
  }
  assert.ok(JSON.parse(readFileSync(join(tmp, 'tfjs', 'mlp_mnist', 'model.json'), 'utf8')).weightsManifest[0].paths.length > 1);
});

test('convert --quantize float16|uint8: TF.js dequantizes them; neurasm reads them back to the same numbers', async () => {
  const tol = { float16: 1e-3, uint8: 1e-2 };
  for (const q of ['float16', 'uint8']) {
    ok('convert', fixture('mlp_mnist.keras'), join(tmp, `q-${q}`, 'model.json'), '--quantize', q);
    const mj = JSON.parse(readFileSync(join(tmp, `q-${q}`, 'model.json'), 'utf8'));
    assert.ok(mj.weightsManifest[0].weights.every((w) => w.quantization?.dtype === q));
    const bytes = readdirSync(join(tmp, `q-${q}`)).filter((f) => f.endsWith('.bin')).reduce((n, f) => n + readFileSync(join(tmp, `q-${q}`, f)).length, 0);
    assert.is(bytes, 101770 * (q === 'uint8' ? 1 : 2));
    const inTf = await served(join(tmp, `q-${q}`), (u) => tfPredict(`${u}/model.json`, 'mlp_mnist'));
    close(inTf, json('mlp_mnist.outputs.json'), tol[q], `${q} in TF.js vs Keras`);
    const ours = JSON.parse(ok('predict', join(tmp, `q-${q}`, 'model.json'), fixture('mlp_mnist.inputs.json')));
    close(ours, inTf, 1e-6, `${q}: neurasm vs TF.js on the same quantized file`);
  }
  fails(/--quantize: expected float16 or uint8, got 'int4'/, 'convert', fixture('xor.keras'), join(tmp, 'bad', 'model.json'), '--quantize', 'int4');
  fails(/apply to TF\.js output/, 'convert', fixture('xor.keras'), join(tmp, 'x.h5'), '--quantize', 'uint8');
});

/** Every weight and optimizer variable of a model file, as [name, shape, values]. */
async function contents(path) {
  const m = await nm.loadModel(path);
  const vars = m.weights.map((v) => [v.name, v.shape, Array.from(v.dataSync())]);
  const opt = (m.optimizer?.variables() ?? []).map((v) => [v.path, v.value.shape, Array.from(v.value.dataSync())]);
  return { vars, opt, config: JSON.stringify(m.getConfig?.() ?? null) };
}

test('round trips .keras → .h5 → .keras → TF.js → .keras are lossless', async () => {
  for (const m of ['functional_branches', 'rnn_small', 'cnn_mnist']) {
    const a = join(tmp, 'rt', `${m}.h5`), b = join(tmp, 'rt', `${m}.keras`), c = join(tmp, 'rt', m, 'model.json'), d = join(tmp, 'rt', `${m}.again.keras`);
    ok('convert', fixture(`${m}.keras`), a);
    ok('convert', a, b);
    ok('convert', b, c);
    ok('convert', c, d);
    const orig = await contents(fixture(`${m}.keras`));
    for (const p of [a, b]) assert.equal(await contents(p), orig, `${m}: ${p} differs`);
    const viaTfjs = await contents(d);
    assert.equal(viaTfjs.vars, orig.vars, `${m}: weights after TF.js`);
    assert.equal(viaTfjs.config, orig.config, `${m}: config after TF.js`);
    for (const p of [a, b, c, d]) assert.equal(JSON.parse(ok('predict', p, fixture(`${m}.inputs.json`))), JSON.parse(ok('predict', fixture(`${m}.keras`), fixture(`${m}.inputs.json`))));
  }
});

test('convert --no-optimizer: no optimizer state, no training config', () => {
  ok('convert', fixture('xor.keras'), join(tmp, 'bare.keras'), '--no-optimizer');
  const r = JSON.parse(ok('inspect', join(tmp, 'bare.keras'), '--json'));
  assert.is(r.optimizer, null);
  assert.is(r.compile, null);
  assert.match(ok('summary', join(tmp, 'bare.keras')), /Total params: 33 /);
  writeFileSync(join(tmp, 'y.json'), '[[0],[1],[1],[0]]');
  fails(/StateError: .*no training config/, 'evaluate', join(tmp, 'bare.keras'), fixture('xor.inputs.json'), 'y.json');
});

test('bad files and bad command lines: one line on stderr, exit status 1', () => {
  writeFileSync(join(tmp, 'garbage.keras'), 'this is not a zip');
  writeFileSync(join(tmp, 'cut.h5'), readFileSync(fixture('xor.h5')).subarray(0, 3000));
  writeFileSync(join(tmp, 'bad.json'), '{ not json');
  writeFileSync(join(tmp, 'half.keras'), readFileSync(fixture('xor.keras')).subarray(0, 9000));
  fails(/FormatError/, 'summary', 'garbage.keras');
  fails(/FormatError/, 'inspect', 'garbage.keras');
  fails(/FormatError|ValueError/, 'summary', 'cut.h5');
  fails(/FormatError|ValueError/, 'predict', 'half.keras', fixture('xor.inputs.json'));
  fails(/FormatError: .*not valid JSON/, 'summary', 'bad.json');
  fails(/cannot read model .*missing\.keras: no such file/, 'summary', 'missing.keras');
  fails(/cannot tell the format of 'model\.bin'/, 'summary', 'model.bin');
  fails(/unknown command 'sumary'/, 'sumary', 'x.keras');
  fails(/unknown option --fast/, 'summary', fixture('xor.keras'), '--fast');
  fails(/expected MODEL INPUT, got/, 'predict', fixture('xor.keras'));
  fails(/ShapeError: input 'input_layer': 3 values do not make rows of shape \[2\]/, 'predict', fixture('xor.keras'), join(tmp, 'three.json'), ...(writeFileSync(join(tmp, 'three.json'), '[1,2,3]'), []));
  fails(/--shard-size: expected a number of bytes/, 'convert', fixture('xor.keras'), join(tmp, 's'), '--shard-size', 'lots');
  const mj = JSON.parse(readFileSync(join(tmp, 'tfjs', 'mlp_mnist', 'model.json'), 'utf8'));
  mj.weightsManifest[0].paths = ['../../etc/passwd'];
  writeFileSync(join(tmp, 'escape.json'), JSON.stringify(mj));
  fails(/shard path '\.\.\/\.\.\/etc\/passwd' points outside the model's folder; refused/, 'summary', 'escape.json');
});

test('the same CLI under `npx neurasm` (the package bin), Deno and Bun', () => {
  const want = readFileSync(fixture('xor.summary.txt'), 'utf8').replace(/\n$/, '');
  const bin = (n) => join(root, 'node_modules', '.bin', n);
  const runs = {
    npx: spawnSync('npx', ['--no-install', 'neurasm', 'summary', fixture('xor.keras')], { cwd: root, encoding: 'utf8' }),
    deno: spawnSync(bin('deno'), ['run', '-A', '--no-lock', join(root, 'cli/neurasm.js'), 'summary', fixture('xor.keras')], { cwd: root, encoding: 'utf8' }),
    bun: spawnSync(bin('bun'), [join(root, 'cli/neurasm.js'), 'summary', fixture('xor.keras')], { cwd: root, encoding: 'utf8' }),
  };
  for (const [name, r] of Object.entries(runs)) {
    assert.is(r.status, 0, `${name}: ${r.stderr}`);
    assert.is(r.stdout.replace(/\n$/, ''), want, name);
  }
  const bad = spawnSync(bin('deno'), ['run', '-A', '--no-lock', join(root, 'cli/neurasm.js'), 'summary', 'missing.keras'], { cwd: tmp, encoding: 'utf8' });
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /^neurasm: ValueError: cannot read model .*missing\.keras: no such file\.\n$/);
});

test('--help for the tool and for every subcommand', () => {
  assert.match(ok('--help'), /neurasm summary MODEL/);
  for (const c of ['summary', 'convert', 'predict', 'evaluate', 'plot', 'inspect']) assert.match(ok(c, '--help'), new RegExp(`^Usage: neurasm ${c} `));
  assert.match(ok('convert', '--help'), /--quantize T/);
});

test.run();
