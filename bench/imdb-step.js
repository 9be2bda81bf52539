// The IMDB seed model (Dense(16, relu) → Dense(16, relu) → Dense(1, sigmoid) on 10,000-wide
// multi-hot vectors, rmsprop, binary_crossentropy, batch 512): milliseconds per training step on
// random multi-hot rows of the real data's density (≈1.5 % ones).
// --input dense (default): as the seed trains it, model.fit on a dense Tensor of 15,000 rows (its
//   partial_x_train), batch 512; each batch timed (onBatchBegin → onBatchEnd). The first step of
//   the fit (it traces the plan and holds the data as CSR) is reported apart, as is the fit's wall
//   time over its steps, which counts everything.
// --input batch: model.trainOnBatch on one dense batch, again and again (its CSR is held after the
//   first call, as in fit);
// --input sparse: the same batch as a SparseTensor with Input({sparse: true}) (each batch's CSR goes
//   straight to the sparse kernels); ab: batch and sparse, interleaved step by step, medians of each.
// Usage: node bench/imdb-step.js [--steps 8] [--epochs 2] [--threads 1] [--input dense|batch|sparse|ab] [--json out.json]
import { writeFileSync } from 'node:fs';
import { timeSteps, median } from './common.js';

const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const STEPS = Number(opt('steps', 8)), EPOCHS = Number(opt('epochs', 2)), THREADS = Number(opt('threads', 1)), INPUT = opt('input', 'dense'), B = 512, V = 10000;
if (!['dense', 'batch', 'sparse', 'ab'].includes(INPUT)) throw new Error(`--input must be dense, batch, sparse or ab, got ${INPUT}`);

const nm = await import(process.env.NEURASM_DIST ?? '../dist/neurasm.js');
const used = await nm.setNumThreads(THREADS);
nm.setSeed(1);
let s = 1;
const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
const ROWS = INPUT === 'dense' ? 15000 : B;
const xData = Float32Array.from({ length: ROWS * V }, () => (rand() < 0.015 ? 1 : 0));
const y = nm.tensor(Float32Array.from({ length: ROWS }, () => (rand() < 0.5 ? 1 : 0)), [ROWS, 1]);
const L = nm.layers;
function build(sparse) {
  const model = new nm.Sequential([nm.Input({ shape: [V], sparse }), new L.Dense(16, { activation: 'relu' }), new L.Dense(16, { activation: 'relu' }), new L.Dense(1, { activation: 'sigmoid' })]);
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy' });
  return model;
}
function setup(sparse) {
  const x = nm.tensor(xData, [B, V]), model = build(sparse);
  const data = sparse ? nm.SparseTensor.fromDense(x) : x;
  return () => model.trainOnBatch(data, y);
}
const kernels = nm.getBackend().kernels, thr = `${used} thread${used > 1 ? 's' : ''}`;
const results = [];
if (INPUT === 'ab') {
  const steps = { dense: setup(false), sparse: setup(true) }, times = { dense: [], sparse: [] };
  for (const k of ['dense', 'sparse']) steps[k]();
  for (let i = 0; i < STEPS; i++) for (const k of i % 2 ? ['sparse', 'dense'] : ['dense', 'sparse']) { const t0 = performance.now(); steps[k](); times[k].push(performance.now() - t0); }
  for (const k of ['dense', 'sparse']) results.push({ name: `neurasm IMDB model, ${k} input (${kernels}, ${thr})`, msPerStep: median(times[k]), all: times[k] });
  for (const r of results) console.log(`${r.name.padEnd(58)} ${r.msPerStep.toFixed(2)} ms/step wall (median of ${STEPS}, interleaved)`);
  console.log(`sparse input ÷ dense input: ${(results[1].msPerStep / results[0].msPerStep).toFixed(2)}`);
} else if (INPUT === 'dense') {
  const x = nm.tensor(xData, [ROWS, V]), model = build(false);
  const times = [], cpu = [];
  let t0 = 0, c0 = null;
  const timer = new nm.callbacks.LambdaCallback({
    onBatchBegin: () => { t0 = performance.now(); c0 = process.cpuUsage(); },
    onBatchEnd: () => { const c = process.cpuUsage(c0); times.push(performance.now() - t0); cpu.push((c.user + c.system) / 1000); },
  });
  const f0 = performance.now();
  await model.fit(x, y, { epochs: EPOCHS, batchSize: B, verbose: 0, callbacks: [timer] });
  const fitMs = performance.now() - f0, rest = times.slice(1);
  const r = {
    name: `neurasm IMDB model, fit on dense rows (${kernels}, ${thr})`, msPerStep: median(rest), cpuMsPerStep: median(cpu.slice(1)),
    firstStepMs: times[0], fitMsPerStep: fitMs / times.length, steps: times.length, all: rest,
  };
  console.log(`${r.name.padEnd(58)} ${r.msPerStep.toFixed(2)} ms/step wall, ${r.cpuMsPerStep.toFixed(2)} ms cpu (medians of ${rest.length} steps of a fit, ${EPOCHS} epochs of ${ROWS} rows); ` +
    `first step ${r.firstStepMs.toFixed(0)} ms (traces, holds the data as CSR); the fit's wall time ÷ steps ${r.fitMsPerStep.toFixed(2)} ms`);
  results.push(r);
} else {
  const r = { name: `neurasm IMDB model, ${INPUT === 'sparse' ? 'a SparseTensor batch' : 'one dense batch'} (${kernels}, ${thr})`, ...timeSteps(setup(INPUT === 'sparse'), STEPS) };
  console.log(`${r.name.padEnd(58)} ${r.msPerStep.toFixed(1)} ms/step wall, ${r.cpuMsPerStep.toFixed(1)} ms cpu (medians of ${STEPS})`);
  results.push(r);
}
const out = opt('json', null);
if (out) writeFileSync(out, JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
