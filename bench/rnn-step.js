// Embedding(10000, 32) + LSTM/GRU/SimpleRNN(32) + Dense(1, sigmoid), T=200, batch 128, adam,
// binary_crossentropy: milliseconds per training step (model.trainOnBatch on random tokens).
// Usage: node bench/rnn-step.js [--cell lstm|gru|simple_rnn] [--steps 10] [--threads 1] [--json out.json]
import { writeFileSync } from 'node:fs';
import { timeSteps } from './common.js';

const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const CELL = opt('cell', 'lstm'), STEPS = Number(opt('steps', 10)), THREADS = Number(opt('threads', 1));
const B = 128, T = 200, V = 10000;

// NEURASM_DIST: another build's dist/neurasm.js (for A/B timings of two builds).
const nm = await import(process.env.NEURASM_DIST ?? '../dist/neurasm.js');
const used = await nm.setNumThreads(THREADS);
nm.setSeed(1);
const tokens = Int32Array.from({ length: B * T }, (_, i) => (i * 2654435761 >>> 0) % V);
const x = nm.tensor(tokens, [B, T], 'int32');
const y = nm.tensor(Float32Array.from({ length: B }, (_, i) => i % 2), [B, 1]);
const Cell = { lstm: nm.layers.LSTM, gru: nm.layers.GRU, simple_rnn: nm.layers.SimpleRNN }[CELL];
const model = new nm.Sequential([new nm.layers.Embedding(V, 32, { inputShape: [T] }), new Cell(32), new nm.layers.Dense(1, { activation: 'sigmoid' })]);
model.compile({ optimizer: 'adam', loss: 'binary_crossentropy' });
const r = { name: `neurasm ${CELL} (${nm.getBackend().kernels}, ${used} thread${used > 1 ? 's' : ''})`, ...timeSteps(() => model.trainOnBatch(x, y), STEPS) };
console.log(`${r.name.padEnd(40)} ${r.msPerStep.toFixed(1)} ms/step wall, ${r.cpuMsPerStep.toFixed(1)} ms cpu (medians of ${STEPS}; min wall ${Math.min(...r.all).toFixed(1)})`);
const out = opt('json', null);
if (out) writeFileSync(out, JSON.stringify(r, null, 2));
