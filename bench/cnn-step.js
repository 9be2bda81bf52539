// A small CNN (Conv2D(32, 3, relu) → MaxPooling2D → Conv2D(64, 3, relu) → MaxPooling2D →
// Flatten → Dense(10, softmax)), 28×28×1 inputs, adam, batch 128: milliseconds per training
// step (model.trainOnBatch), wall and process CPU time. With --kernels, also the pooling and
// conv-side kernels alone (forward + backward through a GradientTape) at the model's shapes.
// Usage: node bench/cnn-step.js [--steps 8] [--threads 1] [--kernels] [--json out.json]
//        NEURASM_DIST: another build's dist/neurasm.js (A/B of two builds).
import { writeFileSync } from 'node:fs';
import { median, timeSteps } from './common.js';

const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const STEPS = Number(opt('steps', 8)), THREADS = Number(opt('threads', 1)), B = 128;

const nm = await import(process.env.NEURASM_DIST ?? '../dist/neurasm.js');
const used = await nm.setNumThreads(THREADS);
nm.setSeed(1);
const x = nm.randomUniform([B, 28, 28, 1], 0, 1, 'float32', 2);
const y = nm.oneHot(nm.tensor(Int32Array.from({ length: B }, (_, i) => i % 10), [B], 'int32'), 10);
const L = nm.layers;
const model = new nm.Sequential([
  new L.Conv2D(32, 3, { activation: 'relu', inputShape: [28, 28, 1] }), new L.MaxPooling2D(2),
  new L.Conv2D(64, 3, { activation: 'relu' }), new L.MaxPooling2D(2),
  new L.Flatten(), new L.Dense(10, { activation: 'softmax' }),
]);
model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
const r = { name: `neurasm small CNN (${nm.getBackend().kernels}, ${used} thread${used > 1 ? 's' : ''})`, ...timeSteps(() => model.trainOnBatch(x, y), STEPS) };
console.log(`${r.name.padEnd(44)} ${r.msPerStep.toFixed(1)} ms/step wall, ${r.cpuMsPerStep.toFixed(1)} ms cpu (medians of ${STEPS})`);

if (argv.includes('--kernels')) {
  // Forward + backward of one op at the model's shapes, in a tape: process CPU ms per call
  // (median of 7 samples of 3 calls; CPU time is steadier than wall time on a loaded machine).
  const fb = (f, shape) => {
    const v = nm.variable(nm.randomUniform(shape, -1, 1, 'float32', 3));
    const once = () => nm.tidy(() => { const tape = new nm.GradientTape(); const l = tape.record(() => nm.sum(f(v))); tape.gradient(l, v); });
    once();
    const ms = [];
    for (let s = 0; s < 7; s++) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < 3; i++) once();
      const c = process.cpuUsage(c0);
      ms.push((c.user + c.system) / 3000);
    }
    return median(ms);
  };
  const k3 = nm.randomUniform([3, 3, 1, 32], -1, 1, 'float32', 4), k3b = nm.randomUniform([3, 3, 32, 64], -1, 1, 'float32', 5);
  r.kernels = {
    'maxPool 2x2 [128,26,26,32] fwd+bwd': fb((v) => nm.maxPool2d(v, [2, 2]), [B, 26, 26, 32]),
    'avgPool 2x2 [128,26,26,32] fwd+bwd': fb((v) => nm.avgPool2d(v, [2, 2]), [B, 26, 26, 32]),
    'conv1 (C=1) fwd+bwd, input grad': fb((v) => nm.conv2d(v, k3), [B, 28, 28, 1]),
    'conv2 (C=32) fwd+bwd, input grad': fb((v) => nm.conv2d(v, k3b), [B, 13, 13, 32]),
  };
  for (const [k, ms] of Object.entries(r.kernels)) console.log(`  ${k.padEnd(40)} ${ms.toFixed(2)} ms cpu`);
}
const out = opt('json', null);
if (out) writeFileSync(out, JSON.stringify(r, null, 2));
