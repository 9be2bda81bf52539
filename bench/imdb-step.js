// The IMDB seed model (Dense(16, relu) → Dense(16, relu) → Dense(1, sigmoid) on 10,000-wide
// multi-hot vectors, rmsprop, binary_crossentropy, batch 512): milliseconds per training step
// (model.trainOnBatch) on random multi-hot rows of the real data's density (≈1.5 % ones).
// Usage: node bench/imdb-step.js [--steps 8] [--threads 1] [--json out.json]
import { writeFileSync } from 'node:fs';
import { timeSteps } from './common.js';

const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const STEPS = Number(opt('steps', 8)), THREADS = Number(opt('threads', 1)), B = 512, V = 10000;

const nm = await import(process.env.NEURASM_DIST ?? '../dist/neurasm.js');
const used = await nm.setNumThreads(THREADS);
nm.setSeed(1);
let s = 1;
const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
const x = nm.tensor(Float32Array.from({ length: B * V }, () => (rand() < 0.015 ? 1 : 0)), [B, V]);
const y = nm.tensor(Float32Array.from({ length: B }, () => (rand() < 0.5 ? 1 : 0)), [B, 1]);
const L = nm.layers;
const model = new nm.Sequential([new L.Dense(16, { activation: 'relu', inputShape: [V] }), new L.Dense(16, { activation: 'relu' }), new L.Dense(1, { activation: 'sigmoid' })]);
model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy' });
const r = { name: `neurasm IMDB model (${nm.getBackend().kernels}, ${used} thread${used > 1 ? 's' : ''})`, ...timeSteps(() => model.trainOnBatch(x, y), STEPS) };
console.log(`${r.name.padEnd(44)} ${r.msPerStep.toFixed(1)} ms/step wall, ${r.cpuMsPerStep.toFixed(1)} ms cpu (medians of ${STEPS})`);
const out = opt('json', null);
if (out) writeFileSync(out, JSON.stringify(r, null, 2));
