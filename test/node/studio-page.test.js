// The studio page (examples/studio) in headless Chromium, served by its own serve.js: a real-Keras
// .keras opens (summary text equal to Keras's), a drawn digit is predicted as model.predict does in
// Node, a fine-tune in the worker runs, stops and resumes, and the downloaded .keras, .h5 and
// TF.js files load in Node and predict what the page predicts. Also: a TF.js model.json with its
// shard, a sequence and a tabular model against Keras's numbers, one thread without isolation.
// Screenshots go to a temp folder (to $STUDIO_SCREENSHOTS too when set, to look at them).
import { testIf } from '../helpers/skip.js';
import { tempDir } from '../helpers/tmp.js';
import { INSTALL_HINT, browserRequired } from '../runtimes/chromium-path.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { npyFloat64 } from '../helpers/npz.js';
import * as nm from '../../dist/neurasm.js';
import { serve } from '../../examples/studio/serve.js';
import { hasChromium, launch } from './chromium.js';

const cli = fileURLToPath(new URL('../../cli/neurasm.js', import.meta.url));
const fixture = (name) => fileURLToPath(new URL(`../fixtures/keras/${name}`, import.meta.url));
const tmp = tempDir('neurasm-studio-');
const keep = process.env.STUDIO_SCREENSHOTS;

async function shot(page, name) {
  const path = join(tmp, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (keep) { mkdirSync(keep, { recursive: true }); copyFileSync(path, join(keep, `${name}.png`)); }
}

function close(actual, expected, what) {
  assert.is(actual.length, expected.length, `${what}: length`);
  const worst = Math.max(...actual.map((v, i) => Math.abs(v - expected[i])));
  assert.ok(worst <= 1e-5, `${what}: differs by ${worst}`);
}

const nodePredict = async (source, values, shape, dtype = 'float32') => Array.from((await nm.loadModel(source)).predict(nm.tensor(values, shape, dtype)).dataSync());

/** A page of the studio that records console errors; waits until the worker is ready. */
async function openStudio(ctx, url) {
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(url);
  await page.waitForFunction(() => window.studio?.ready === true || window.studio?.errors.length > 0, null, { timeout: 30000 });
  return { page, errors };
}

async function openModel(page, files) {
  await page.evaluate(() => { window.studio.model = null; });
  await page.setInputFiles('#modelFiles', files);
  await page.waitForFunction(() => window.studio.model || window.studio.errors.length, null, { timeout: 20000 });
  const errs = await page.evaluate(() => window.studio.errors);
  assert.equal(errs, [], 'page errors while opening');
}

async function predictNow(page) {
  await page.evaluate(() => { window.studio.lastPrediction = null; });
  await page.click('#predict');
  await page.waitForFunction(() => window.studio.lastPrediction || window.studio.errors.length, null, { timeout: 10000 });
  return page.evaluate(() => window.studio.lastPrediction);
}

async function download(page, button, count = 1) {
  const got = [];
  const done = new Promise((resolve) => {
    page.on('download', async function onDownload(d) {
      const path = join(tmp, d.suggestedFilename());
      await d.saveAs(path);
      got.push({ name: d.suggestedFilename(), path });
      if (got.length === count) { page.off('download', onDownload); resolve(); }
    });
  });
  await page.click(button);
  await done;
  return got;
}

async function fineTune(page, file, epochs, batchSize) {
  await page.setInputFiles('#dataFile', file);
  await page.fill('#epochs', String(epochs));
  await page.fill('#batchSize', String(batchSize));
  await page.click('#fit');
  await page.waitForFunction(() => window.studio.fit.done || window.studio.errors.length, null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.studio.errors), []);
}

/** A small CSV for mlp_mnist: 48 rows of 784 pixels in [0, 1] (2 decimals) and a label 0–9. */
function mnistCsv() {
  let s = 1;
  const rand = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const rows = [];
  for (let r = 0; r < 48; r++) {
    const label = r % 10;
    const px = Array.from({ length: 784 }, (_, k) => (((k + label * 37) % 97 < 20 ? 0.6 : 0) + 0.4 * rand()).toFixed(2));
    rows.push([...px, label].join(','));
  }
  return `${rows.join('\n')}\n`;
}

const browserTest = testIf(test, hasChromium(), `chromium not found (${INSTALL_HINT})`, browserRequired());

browserTest('studio: open a .keras, draw and predict, fine-tune with Stop/Resume, download .keras/.h5/TF.js', async () => {
  const server = await serve({ port: 0 });
  const ctx = await launch();
  try {
    const { page, errors } = await openStudio(ctx, server.url);
    // Once loaded, the page works offline, reloads included (its service worker keeps a copy).
    await page.waitForFunction(() => window.studio.offlineReady === true, null, { timeout: 20000 });
    await ctx.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => window.studio?.ready === true || window.studio?.errors.length > 0, null, { timeout: 30000 });
    const info = await page.evaluate(() => ({ ...window.studio, cores: navigator.hardwareConcurrency, coi: self.crossOriginIsolated, threadsText: document.getElementById('threads').textContent }));
    assert.equal(info.errors, []);
    assert.ok(info.coi && info.isolated, 'serve.js makes the page cross-origin isolated');
    assert.is(info.threads, Math.min(info.cores, 4), `threads: ${info.threadsText}`);
    assert.match(info.threadsText, new RegExp(`${info.threads} threads? \\(cross-origin isolated\\)`));

    // Open: the summary is Keras's text.
    await openModel(page, fixture('mlp_mnist.keras'));
    assert.is(await page.textContent('#summary'), readFileSync(fixture('mlp_mnist.summary.txt'), 'utf8').trimEnd());
    assert.is(await page.locator('#histograms canvas').count(), 4, 'a histogram per weight');
    assert.ok(await page.locator('#graph img').evaluate((img) => img.decode().then(() => img.naturalHeight > 100)), 'the graph SVG renders');
    const kinds = await page.evaluate(() => window.studio.model.inputs.map((i) => i.kind));
    assert.equal(kinds, ['image']);

    // Draw a "7" and predict: the page's output equals model.predict in Node on the same pixels.
    const box = await page.locator('#pad0').boundingBox();
    const at = (fx, fy) => [box.x + box.width * fx, box.y + box.height * fy];
    await page.mouse.move(...at(0.25, 0.2));
    await page.mouse.down();
    for (const [fx, fy] of [[0.5, 0.2], [0.75, 0.2], [0.65, 0.45], [0.55, 0.65], [0.48, 0.85]]) await page.mouse.move(...at(fx, fy), { steps: 6 });
    await page.evaluate(() => { window.studio.lastPrediction = null; });
    await page.mouse.up();
    await page.waitForFunction(() => window.studio.lastPrediction, null, { timeout: 10000 });
    const before = await page.evaluate(() => window.studio.lastPrediction);
    const pixels = before.input[0];
    assert.is(pixels.length, 784);
    assert.ok(pixels.filter((v) => v > 0.5).length > 30, 'the drawing reached the model');
    close(before.outputs[0].values, await nodePredict(fixture('mlp_mnist.keras'), pixels, [1, 28, 28]), 'drawn digit');
    assert.is(Number(await page.textContent('#class0')), before.outputs[0].values.indexOf(Math.max(...before.outputs[0].values)));
    await shot(page, 'studio-opened');

    // Fine-tune on a CSV in the worker: a short run first.
    const csv = join(tmp, 'digits.csv');
    writeFileSync(csv, mnistCsv());
    await page.setInputFiles('#dataFile', csv);
    await page.fill('#epochs', '2');
    await page.fill('#batchSize', '16');
    await page.click('#fit');
    await page.waitForFunction(() => window.studio.fit.done || window.studio.errors.length, null, { timeout: 30000 });
    let st = await page.evaluate(() => ({ fit: window.studio.fit, points: window.studio.points.length, errors: window.studio.errors }));
    assert.equal(st.errors, []);
    assert.is(st.points, 6, '2 epochs of 3 batches');
    assert.match(await page.textContent('#log'), /Epoch 1\/2\n3\/3 ━{20} \d+s \d+[mu]?s\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}\nEpoch 2\/2\n3\/3 ━{20}/);

    // Stop part-way through a long run; Resume goes on from the epoch that was cut short; Stop again.
    await page.fill('#epochs', '1000');
    await page.fill('#batchSize', '4');
    await page.click('#fit');
    const stopAfter = async (n) => {
      await page.waitForFunction((k) => window.studio.points.length >= k, n, { timeout: 30000 });
      await page.click('#stop');
      await page.waitForFunction(() => !window.studio.fit.running, null, { timeout: 30000 });
      const s1 = await page.evaluate(() => ({ fit: window.studio.fit, points: window.studio.points.length, epochs: window.studio.epochEnds.length, errors: window.studio.errors }));
      assert.equal(s1.errors, []);
      assert.ok(s1.fit.stopped && s1.fit.nextEpoch < 1000, `stopped part-way: ${JSON.stringify(s1.fit)}`);
      assert.ok(await page.isEnabled('#resume'), 'Resume is offered');
      assert.ok(!(await page.isEnabled('#stop')), 'Stop is not');
      await new Promise((r) => setTimeout(r, 300));
      assert.is(await page.evaluate(() => window.studio.points.length), s1.points, 'nothing trains after Stop');
      return s1;
    };
    const first = await stopAfter(30);
    assert.is(first.epochs, first.fit.nextEpoch, 'the completed epochs');
    await page.click('#resume');
    const second = await stopAfter(first.points + 30);
    assert.is(second.fit.runs, 3, 'fit, fit, resume');
    assert.equal(second.fit.startEpochs.slice(1), [0, first.fit.nextEpoch], 'Resume starts at the epoch that was stopped');
    assert.ok(second.fit.nextEpoch > first.fit.nextEpoch, 'and trains on');
    assert.match(await page.textContent('#log'), new RegExp(`Stopped (in|after) epoch \\d+/1000[^\n]*\nEpoch ${first.fit.nextEpoch + 1}/1000\n`));
    await shot(page, 'studio-fine-tuned');

    const hist = await page.evaluate(() => window.studio.model.histograms.map((h) => h.mean));
    const fresh = (await nm.loadModel(fixture('mlp_mnist.keras'))).layers.flatMap((l) => l.weights.map((v) => nm.mean(v).dataSync()[0]));
    assert.ok(hist.some((m, i) => Math.abs(m - fresh[i]) > 1e-6), 'the weight histograms were redrawn after fine-tuning');

    // The fine-tuned model predicts differently; each download loads in Node and predicts the same.
    const after = await predictNow(page);
    assert.equal(after.input[0], pixels);
    const changed = Math.max(...after.outputs[0].values.map((v, i) => Math.abs(v - before.outputs[0].values[i])));
    assert.ok(changed > 1e-3, `fine-tuning changed the predictions (by ${changed})`);
    const [keras] = await download(page, '#saveKeras');
    assert.is(keras.name, 'mlp_mnist.keras');
    close(await nodePredict(keras.path, pixels, [1, 28, 28]), after.outputs[0].values, 'downloaded .keras');
    const reloaded = await nm.loadModel(keras.path);
    assert.ok(reloaded.compileConfig(), 'the .keras keeps its training config');
    const [h5] = await download(page, '#saveH5');
    assert.is(h5.name, 'mlp_mnist.h5');
    close(await nodePredict(h5.path, pixels, [1, 28, 28]), after.outputs[0].values, 'downloaded .h5');
    const tfjs = await download(page, '#saveTfjs', 2);
    assert.equal(tfjs.map((f) => f.name).sort(), ['group1-shard1of1.bin', 'model.json']);
    const files = Object.fromEntries(tfjs.map((f) => [f.name, new Uint8Array(readFileSync(f.path))]));
    close(await nodePredict(files, pixels, [1, 28, 28]), after.outputs[0].values, 'downloaded TF.js');

    // A TF.js model picked as model.json + shard opens too (the files the page just wrote).
    await openModel(page, tfjs.map((f) => f.path));
    assert.is(await page.evaluate(() => window.studio.model.name), 'mlp_mnist');
    const again = await predictNow(page); // a fresh, blank pad
    assert.ok(again.input[0].every((v) => v === 0), 'the pad is blank after opening');
    close(again.outputs[0].values, await nodePredict(files, again.input[0], [1, 28, 28]), 'reopened TF.js');
    assert.equal(errors, []);
  } finally {
    await ctx.close();
    await server.close();
  }
});

browserTest('studio: integer sequences and CSV rows give Keras\'s predictions; one thread without isolation', async () => {
  const server = await serve({ port: 0, isolated: false });
  const ctx = await launch();
  try {
    const { page, errors } = await openStudio(ctx, server.url);
    const info = await page.evaluate(() => ({ threads: window.studio.threads, text: document.getElementById('threads').textContent }));
    assert.is(info.threads, 1);
    assert.match(info.text, /1 thread \(not cross-origin isolated/);

    await openModel(page, fixture('text_embed.keras'));
    assert.is(await page.textContent('#summary'), readFileSync(fixture('text_embed.summary.txt'), 'utf8').trimEnd());
    assert.equal(await page.evaluate(() => window.studio.model.inputs.map((i) => i.kind)), ['sequence']);
    const seqs = JSON.parse(readFileSync(fixture('text_embed.inputs.json'), 'utf8'));
    const keras = JSON.parse(readFileSync(fixture('text_embed.outputs.json'), 'utf8'));
    await page.fill('#input0', seqs[0].join(' '));
    let p = await predictNow(page);
    close(p.outputs[0].values, keras[0], 'text_embed vs Keras');
    close(p.outputs[0].values, await nodePredict(fixture('text_embed.keras'), seqs[0], [1, 20], 'int32'), 'text_embed vs Node');
    // TF.js files quantized to uint8 in four shards (by the CLI) open as well, and predict as the CLI does.
    const q = join(tmp, 'quantized');
    execFileSync(process.execPath, [cli, 'convert', fixture('text_embed.keras'), q, '--quantize', 'uint8', '--shard-size', '4KB'], { stdio: 'pipe' });
    writeFileSync(join(q, 'x.json'), JSON.stringify([seqs[1]]));
    const cliOut = JSON.parse(execFileSync(process.execPath, [cli, 'predict', join(q, 'model.json'), join(q, 'x.json')], { encoding: 'utf8' }))[0];
    const shards = readdirSync(q).filter((f) => f.endsWith('.bin'));
    assert.is(shards.length, 4);
    await openModel(page, [join(q, 'model.json'), ...shards.map((f) => join(q, f))]);
    await page.fill('#input0', seqs[1].join(', '));
    close((await predictNow(page)).outputs[0].values, cliOut, 'uint8 TF.js vs the CLI');
    assert.ok(Math.abs(cliOut[0] - keras[1][0]) < 1e-2, 'and near Keras');

    await page.fill('#input0', '1 2 x');
    await page.click('#predict');
    assert.match(await page.textContent('#predictStatus'), /value 3 is not an integer/);

    // Drag and drop (a DataTransfer made in the page, as a drop from the desktop delivers it).
    const bytes = [...readFileSync(fixture('xor.h5'))];
    await page.evaluate(() => { window.studio.model = null; });
    await page.evaluate((b) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(b)], 'xor.h5'));
      document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForFunction(() => window.studio.model || window.studio.errors.length, null, { timeout: 20000 });
    assert.match(await page.textContent('#status'), /opened xor\.h5/);
    assert.is(await page.textContent('#summary'), readFileSync(fixture('xor.summary.txt'), 'utf8').trimEnd());
    assert.equal(await page.evaluate(() => window.studio.model.inputs.map((i) => i.kind)), ['tabular']);
    const rows = JSON.parse(readFileSync(fixture('xor.inputs.json'), 'utf8'));
    const xorKeras = JSON.parse(readFileSync(fixture('xor.outputs.json'), 'utf8'));
    for (let i = 0; i < rows.length; i++) {
      await page.fill('#input0', rows[i].join(', '));
      p = await predictNow(page);
      close(p.outputs[0].values, xorKeras[i], `xor row ${i} vs Keras`);
    }
    await shot(page, 'studio-tabular');
    // Its TF.js download (loss 'mse') loads in @tensorflow/tfjs, which knows the full loss names only.
    const xorTfjs = Object.fromEntries((await download(page, '#saveTfjs', 2)).map((f) => [f.name, readFileSync(f.path)]));
    const mj = JSON.parse(xorTfjs['model.json']);
    assert.is(mj.trainingConfig.loss, 'mean_squared_error');
    const tf = await import('@tensorflow/tfjs');
    const bin = xorTfjs['group1-shard1of1.bin'];
    const tfModel = await tf.loadLayersModel({ load: async () => ({ modelTopology: mj.modelTopology, trainingConfig: mj.trainingConfig,
      weightSpecs: mj.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length) }) });
    close(Array.from(tfModel.predict(tf.tensor(rows)).dataSync()), xorKeras.flat(), 'xor TF.js download in @tensorflow/tfjs');

    // Two inputs and two outputs (a functional model): a box per input, every output shown.
    await openModel(page, fixture('functional_branches.keras'));
    const fx = JSON.parse(readFileSync(fixture('functional_branches.inputs.json'), 'utf8'));
    const fy = JSON.parse(readFileSync(fixture('functional_branches.outputs.json'), 'utf8'));
    await page.fill('#input0', fx.a[2].join(','));
    await page.fill('#input1', fx.b[2].join(','));
    p = await predictNow(page);
    assert.equal(p.outputs.map((o) => o.name), ['cls', 'reg']);
    close(p.outputs[0].values, fy.cls[2], 'functional_branches cls vs Keras');
    close(p.outputs[1].values, fy.reg[2], 'functional_branches reg vs Keras');
    assert.is(await page.textContent('#class0'), String(fy.cls[2].indexOf(Math.max(...fy.cls[2]))));
    await shot(page, 'studio-two-inputs');
    writeFileSync(join(tmp, 'rows.csv'), '1,2,3\n');
    await page.setInputFiles('#dataFile', join(tmp, 'rows.csv'));
    await page.click('#fit');
    await page.waitForFunction(() => window.studio.errors.length, null, { timeout: 10000 });
    assert.match(await page.textContent('#error'), /fine-tuning here takes models with one input and one output; this one has 2 and 2/);
    await page.evaluate(() => { window.studio.errors.length = 0; document.getElementById('error').textContent = ''; });

    // Fine-tuning on a .npz (x, y); then a file without a training config, compiled by the page.
    await openModel(page, fixture('xor.h5'));
    const npz = join(tmp, 'xor.npz');
    writeFileSync(npz, zipSync({ 'x.npy': npyFloat64(rows.flat(), [4, 2]), 'y.npy': npyFloat64([0, 1, 1, 0], [4, 1]) }));
    await fineTune(page, npz, 5, 2);
    assert.match(await page.textContent('#log'), /Fine-tuning on 4 rows of xor\.npz[\s\S]*Epoch 5\/5\n2\/2 ━{20} \d+s \d+[mu]?s\/step - loss: \d\.\d{4}/);
    const bare = join(tmp, 'xor-bare.h5');
    execFileSync(process.execPath, [cli, 'convert', fixture('xor.keras'), bare, '--no-optimizer'], { stdio: 'pipe' });
    await openModel(page, bare);
    assert.match(await page.textContent('#compiled'), /no training config/);
    const xorCsv = join(tmp, 'xor.csv');
    writeFileSync(xorCsv, 'a,b,xor\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    await fineTune(page, xorCsv, 3, 4);
    assert.match(await page.textContent('#log'), /compiled with optimizer 'adam', loss 'binary_crossentropy', metrics \["accuracy"\][\s\S]*Epoch 3\/3\n1\/1 ━{20} \d+s \d+[mu]?s\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}/);
    assert.match(await page.textContent('#compiled'), /^compiled: optimizer Adam, loss "binary_crossentropy"/);

    // A broken file is one readable error on the page, not a console error.
    const bad = join(tmp, 'broken.keras');
    writeFileSync(bad, 'not a zip');
    await page.setInputFiles('#modelFiles', bad);
    await page.waitForFunction(() => window.studio.errors.length > 0, null, { timeout: 10000 });
    assert.match(await page.textContent('#error'), /^open: FormatError: /);
    assert.equal(errors, []);
  } finally {
    await ctx.close();
    await server.close();
  }
});

test.run();
