// Where splitting an elementwise kernel over two threads starts to pay: each kernel (optimizer
// updates, activations, unary math, binary arithmetic) at sizes from 4 Ki to 4 Mi elements, timed
// unsplit (the pool alive but the kernel kept on the calling thread), split while the workers are
// still spinning ("hot", back-to-back calls) and split after they went to sleep ("cold", 1 ms
// apart). Rounds interleave the three; the minimum (the least disturbed run on a shared machine)
// and the median are printed, in microseconds per call (eager calls: the op's own JS overhead is
// in every figure alike). The pool's back-off is off while timing.
// Usage: node bench/pool-elementwise.js [--rounds 15] [--only adam,relu] [--sizes 65536,262144] [--json out.json]
import { writeFileSync } from 'node:fs';
import { median } from './common.js';

const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const ROUNDS = Number(opt('rounds', 15));
const SIZES = opt('sizes', '4096,16384,32768,65536,131072,262144,524288,1048576,4194304').split(',').map(Number);

const nm = await import(process.env.NEURASM_DIST ?? '../dist/neurasm.js');
const { poolTuning, poolStats } = nm.internal;
if ((await nm.setNumThreads(2)) !== 2) throw new Error('no threads here');
const saved = { ...poolTuning };
poolTuning.adaptive = false;

const sleepMs = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

// Each case builds its operands for n elements and returns one call (its outputs disposed).
const optimizerCase = (make) => (n) => {
  const v = nm.variable(nm.randomNormal([n], 0, 1, 'float32', 1)), g = nm.randomNormal([n], 0, 0.01, 'float32', 2);
  const o = make();
  o.applyGradients([[g, v]]);
  return () => o.applyGradients([[g, v]]);
};
const unaryCase = (f) => (n) => {
  const x = nm.randomNormal([n], 0, 1, 'float32', 3);
  return () => f(x).dispose();
};
const CASES = {
  sgd: optimizerCase(() => new nm.optimizers.SGD({ learningRate: 1e-3 })),
  rmsprop: optimizerCase(() => new nm.optimizers.RMSprop()),
  adam: optimizerCase(() => new nm.optimizers.Adam()),
  relu: unaryCase((x) => nm.relu(x)),
  gelu: unaryCase((x) => nm.activation(x, 'gelu')),
  tanh: unaryCase((x) => nm.activation(x, 'tanh')),
  exp: unaryCase((x) => nm.exp(x)),
  sqrt: unaryCase((x) => nm.sqrt(x)),
  add: (n) => { const a = nm.randomNormal([n], 0, 1, 'float32', 4), b = nm.randomNormal([n], 0, 1, 'float32', 5); return () => nm.add(a, b).dispose(); },
  'mul scalar': unaryCase((x) => nm.mul(x, 1.5)),
};
const only = opt('only', null)?.split(',');

function timeMode(call, mode) {
  if (mode === 'one') { poolTuning.minWork = poolTuning.minWorkHot = Infinity; }
  else { poolTuning.minWork = poolTuning.minWorkHot = 0; }
  if (mode === 'cold') { sleepMs(1); const t0 = performance.now(); call(); return performance.now() - t0; }
  call(); // 'hot' and 'one': the workers are spinning (or idle) from a call just before
  const t0 = performance.now();
  for (let i = 0; i < 4; i++) call();
  return (performance.now() - t0) / 4;
}

const results = [];
for (const [name, make] of Object.entries(CASES)) {
  if (only && !only.includes(name)) continue;
  for (const n of SIZES) {
    const call = make(n);
    const t = { one: [], hot: [], cold: [] };
    const jobs0 = poolStats.elementwiseJobs;
    for (let r = 0; r < ROUNDS; r++) for (const mode of ['one', 'hot', 'cold']) t[mode].push(timeMode(call, mode) * 1000);
    const row = { kernel: name, n, splitJobs: poolStats.elementwiseJobs - jobs0 };
    for (const m of ['one', 'hot', 'cold']) { row[`${m}Min`] = Math.min(...t[m]); row[`${m}Median`] = median(t[m]); }
    row.hotSpeedup = row.oneMin / row.hotMin; row.coldSpeedup = row.oneMin / row.coldMin;
    results.push(row);
    console.log(`${name.padEnd(10)} n=${String(n).padStart(8)}  one ${row.oneMin.toFixed(1).padStart(8)} µs (median ${row.oneMedian.toFixed(1)})  `
      + `split hot ${row.hotMin.toFixed(1).padStart(8)} (${row.hotMedian.toFixed(1)})  cold ${row.coldMin.toFixed(1).padStart(8)} (${row.coldMedian.toFixed(1)})  `
      + `one/hot ${row.hotSpeedup.toFixed(2)}  one/cold ${row.coldSpeedup.toFixed(2)}`);
  }
}
Object.assign(poolTuning, saved);
await nm.setNumThreads(1);
const out = opt('json', null);
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
