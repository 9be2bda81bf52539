// npm run bench: every row of the issue's comparison table for neurasm and @tensorflow/tfjs
// (cpu, wasm) measured in this run on this machine, written to BENCHMARKS.md.
// Usage: node bench/run.js [--quick]   (--quick: fewer epochs and TF.js batches)
//        node bench/run.js --contention  (only the seed MLP on 1 and 2 threads with one core busy,
//        then quiet: bench/contention.js; prints, does not write BENCHMARKS.md)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, table } from './common.js';
import { measurePeak } from './simd-peak.js';
import { runGemm, gemmTable } from './gemm.js';
import { runPredict, predictTable } from './predict.js';
import { runStartup, bundleSizes } from './startup.js';
import { runBrowserEpochs } from './browser-epoch.js';
import { runPeers, peersTable } from './peers.js';

const root = fileURLToPath(new URL('../', import.meta.url));
if (process.argv.includes('--contention')) {
  for (const mode of [[], ['--quiet']]) execFileSync(process.execPath, [join(root, 'bench/contention.js'), ...mode], { stdio: 'inherit' });
  process.exit(0);
}
const quick = process.argv.includes('--quick');
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const load0 = loadavg();
const started = new Date();

console.log('== SIMD peak');
const peakPlain = await measurePeak('simd');
const peakFma = await measurePeak('relaxed');
let peakDeno = null;
try {
  const out = execFileSync(join(root, 'node_modules/.bin/deno'), ['run', '-A', join(root, 'bench/simd-peak.js')], { encoding: 'utf8' });
  peakDeno = /relaxed_madd \(FMA\): ([\d.]+)/.exec(out)?.[1] ?? null;
} catch { /* deno unavailable */ }

console.log('== GEMM');
const gemm = await runGemm();
// Node 20 has relaxed SIMD behind a flag: the FMA kernels' numbers, from a child process.
let gemmFma = null;
try {
  const json = join(mkdtempSync(join(tmpdir(), 'neurasm-gemm-')), 'fma.json');
  execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', join(root, 'bench/gemm.js'), '--neurasm-only', '--json', json], { stdio: 'inherit' });
  const r = JSON.parse(readFileSync(json, 'utf8'));
  if (r.kernels === 'wasm-relaxed-simd') gemmFma = r.rows;
} catch (e) { console.error(`FMA GEMM run skipped: ${e.message}`); }
const peakFmaFlag = (() => {
  try {
    const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', join(root, 'bench/simd-peak.js')], { encoding: 'utf8' });
    return Number(/relaxed_madd \(FMA\): ([\d.]+)/.exec(out)?.[1]) || null;
  } catch { return null; }
})();

console.log('== MNIST epoch (child processes, so each peak RSS is its own)');
const tmp = mkdtempSync(join(tmpdir(), 'neurasm-bench-'));
const epochRuns = (runtime, only, extra = []) => {
  const json = join(tmp, `${runtime}-${only}.json`);
  const script = join(root, 'bench/mnist-epoch.js');
  const [bin, args] = runtime === 'deno' ? [join(root, 'node_modules/.bin/deno'), ['run', '-A', script]]
    : runtime === 'bun' ? [join(root, 'node_modules/.bin/bun'), [script]]
    : runtime === 'node-fma' ? [process.execPath, ['--experimental-wasm-relaxed-simd', script]] : [process.execPath, [script]];
  execFileSync(bin, [...args, '--only', only, '--json', json, ...extra], { stdio: 'inherit' });
  return JSON.parse(readFileSync(json, 'utf8')).map((r) => ({ ...r, runtime }));
};
const epochs = quick ? ['--epochs', '1'] : ['--epochs', '3'];
// One process per thread count, so each peak RSS is its own.
const [ours] = epochRuns('node', 'neurasm', [...epochs, '--threads', '1']);
const [ours2] = epochRuns('node', 'neurasm', [...epochs, '--threads', '2']);
const oursFma = epochRuns('node-fma', 'neurasm', ['--epochs', '2', '--threads', '1,2']);
const otherRuntimes = [...epochRuns('deno', 'neurasm', ['--epochs', '2', '--threads', '1,2']), ...epochRuns('bun', 'neurasm', ['--epochs', '2', '--threads', '1,2'])];
console.log('== MNIST epoch in headless Chromium (page and Worker)');
let browserRuns = [];
try { browserRuns = await runBrowserEpochs(quick ? 1 : 2); } catch (e) { console.error(`chromium run skipped: ${e.message}`); }
const [tfWasm] = epochRuns('node', 'tfjs-wasm', ['--tfjs-batches', quick ? '15' : '40']);
const [tfCpu] = epochRuns('node', 'tfjs-cpu', ['--tfjs-batches', quick ? '3' : '8']);

console.log('== eager ops (child process)');
const eagerJson = join(tmp, 'eager.json');
execFileSync(process.execPath, [join(root, 'bench/eager-ops.js'), '--json', eagerJson], { stdio: 'inherit' });
const eager = JSON.parse(readFileSync(eagerJson, 'utf8')).rows;
console.log('== training steps: Embedding+LSTM, small CNN; threads with one core busy');
const jsonOf = (script, args) => {
  const json = join(tmp, `${script.replace(/\W/g, '_')}-${args.join('_').replace(/\W/g, '')}.json`);
  try {
    execFileSync(process.execPath, [join(root, 'bench', script), ...args, '--json', json], { stdio: 'inherit' });
    return JSON.parse(readFileSync(json, 'utf8'));
  } catch (e) { console.error(`${script} ${args.join(' ')} skipped: ${e.message}`); return null; }
};
const steps = quick ? '3' : '8';
const stepRows = [
  ['Embedding(10000,32)+LSTM(32)+Dense(1), T=200, batch 128, adam', jsonOf('rnn-step.js', ['--cell', 'lstm', '--steps', steps])],
  ['Embedding(10000,32)+GRU(32)+Dense(1), T=200, batch 128, adam', jsonOf('rnn-step.js', ['--cell', 'gru', '--steps', steps])],
  ['small CNN (2×Conv+MaxPool, adam, batch 128, 28×28×1)', jsonOf('cnn-step.js', ['--steps', steps])],
];
const contention = [jsonOf('contention.js', ['--rounds', quick ? '1' : '3']), jsonOf('contention.js', ['--quiet', '--rounds', quick ? '1' : '3'])];

console.log('== Python peers: Keras 3 on JAX, PyTorch CPU (bench/peers/peers.py)');
const peers = runPeers({ quick });

console.log('== predict');
const pred = await runPredict();
console.log('== startup, bundle');
const start = runStartup(quick ? 3 : 5);
const sizes = bundleSizes();

const ratio = (a, b) => (a && b ? `${(a / b).toFixed(1)}×` : '—');
const g512 = gemm.find((r) => r.shape === '512³');
const gdW = gemm.find((r) => r.shape.includes('dW'));
const p = Object.fromEntries(pred.map((r) => [r.name, r]));
const s = Object.fromEntries(start.map((r) => [r.name, r]));
const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;

const summary = table(['what', 'neurasm', 'tfjs cpu', 'tfjs wasm (SIMD, 1 thread)', 'neurasm vs tfjs-wasm'], [
  ['seed MNIST MLP, s per epoch, 1 thread (784→512→10, rmsprop, batch 128, 60,000 images)', `${fmt(ours.secondsPerEpoch, 2)} (node, ${ours.name.includes('relaxed') ? 'FMA' : 'plain SIMD'})`, fmt(tfCpu.secondsPerEpoch, 1), fmt(tfWasm.secondsPerEpoch, 1), `${(tfWasm.secondsPerEpoch / ours.secondsPerEpoch).toFixed(1)}× faster`],
  ['the same, 2 threads', `${fmt(ours2.secondsPerEpoch, 2)} (node)`, '', '', `${(tfWasm.secondsPerEpoch / ours2.secondsPerEpoch).toFixed(1)}× faster`],
  ['test accuracy after those epochs (1 thread / 2 threads)', `${fmt(ours.testAccuracy, 4)} / ${fmt(ours2.testAccuracy, 4)}`, '—', '—', ''],
  ['matMul 512³, GFLOP/s', fmt(g512.neurasm), fmt(g512.cpu, 2), fmt(g512.wasm), ratio(g512.neurasm, g512.wasm)],
  ['matMul transposeA (784×128ᵀ·128×512), GFLOP/s', fmt(gdW.neurasm), fmt(gdW.cpu, 2), fmt(gdW.wasm), ratio(gdW.neurasm, gdW.wasm)],
  ['predict 1 sample, 784→128→10 (µs)', fmt(p.neurasm.one * 1e6), fmt(p['tfjs cpu'].one * 1e6), fmt(p['tfjs wasm'].one * 1e6), ratio(p['tfjs wasm'].one, p.neurasm.one)],
  ['predict 1,000 samples in one batch (samples/s)', `${fmt(1 / p.neurasm.batch)}k`, `${fmt(1 / p['tfjs cpu'].batch)}k`, `${fmt(1 / p['tfjs wasm'].batch)}k`, ratio(p['tfjs wasm'].batch, p.neurasm.batch)],
  ['process start → first prediction (node, ms)', fmt(s.neurasm.ms, 0), fmt(s['tfjs cpu'].ms, 0), fmt(s['tfjs wasm'].ms, 0), ratio(s['tfjs wasm'].ms, s.neurasm.ms)],
  ['what a browser downloads, gzip', `${kib(sizes[0].gzip)} (neurasm/core; the full entry ${kib(sizes[4].gzip)}; + ${kib(sizes[1].gzip)} io module on first save/load)`, kib(sizes[2].gzip), kib(sizes[3].gzip), ratio(sizes[3].gzip, sizes[0].gzip) + ' smaller'],
  ['peak RSS of the process during the MNIST run (MB), 1 thread', fmt(ours.maxRssMB, 0), fmt(tfCpu.maxRssMB, 0), fmt(tfWasm.maxRssMB, 0), `${(ours.maxRssMB / tfWasm.maxRssMB).toFixed(2)}× of tfjs-wasm`],
]);

const md = `# Benchmarks

Produced by \`npm run bench${quick ? ' -- --quick' : ''}\` (\`node bench/run.js${quick ? ' --quick' : ''}\`) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC.
Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; Node ${process.version}; @tensorflow/tfjs 4.22.0.
Load average before/after the run: ${load0} / ${loadavg()} (other work on the machine makes every number noisier;
ratios are measured in the same run, so they are the trustworthy part).

## Against TF.js

${summary}

TF.js epochs are timed on ${tfWasm.measuredBatches} (wasm) and ${tfCpu.measuredBatches} (cpu) batches of the real data
(\`model.fit\` on the first rows, with the full 60,000-image tensors in memory) and scaled to the 469 batches of an epoch.
neurasm's epoch is the median of full epochs of \`model.fit\`.

## MNIST epoch in every runtime

${table(['runtime', 'kernels, threads', 's per epoch (median)', 'all epochs (s)', 'test accuracy'], [ours, ours2, ...oursFma.map((r) => ({ ...r, runtimeVersion: `${r.runtimeVersion} --experimental-wasm-relaxed-simd` })), ...otherRuntimes, ...browserRuns].map((r) => [
    r.runtimeVersion ?? r.name.split(' (')[0], r.name.replace(/^[^(]*\(/, '').replace(/\)$/, ''), fmt(r.secondsPerEpoch, 2), (r.all ?? []).map((t) => fmt(t, 2)).join(', '), fmt(r.testAccuracy, 4)]))}

Node 20 has no relaxed SIMD without a flag, so it runs the plain-SIMD kernels; Deno, Bun and Chromium
use the FMA ones. The Chromium page is served cross-origin isolated (COOP/COEP headers), which
is what gives it shared memory and threads. Each run builds a fresh model (different random
initial weights), so accuracies differ a little.

## Against native Keras (JAX) and PyTorch (\`bench/peers.js\`)

${peersTable(peers)}

Each framework runs in its own process, pinned to as many cores as it has threads (XLA's and torch's intra-op
threads set to match), interleaved round by round; medians of ${quick ? 1 : 3} rounds. Versions: ${[...new Set(peers.flatMap((r) => [r.kerasJax.version, r.torch.version]).filter(Boolean))].join('; ') || 'none found'}.
neurasm's kernels: ${peers[0]?.neurasm.version ?? 'wasm-simd (plain SIMD under Node 20)'}; the FMA column runs the same script under Node 20's
\`--experimental-wasm-relaxed-simd\` (${peers[0]?.fma?.version ?? 'skipped'}): the relaxed-SIMD kernels that Node ≥ 22, Deno and Chromium run by default.
A ratio above 1 means neurasm is faster.
Keras/JAX and PyTorch use native code (XLA / MKL-DNN with AVX-512 where the CPU has it); neurasm runs WebAssembly SIMD.

## Training steps (ms per step, 1 thread, node; median wall time and the process's CPU time)

${table(['model', 'ms/step (wall)', 'ms/step (CPU)'], stepRows.map(([what, r]) => [what, r ? fmt(r.msPerStep, 1) : 'skipped', r ? fmt(r.cpuMsPerStep, 1) : 'skipped']))}

From \`bench/rnn-step.js\` and \`bench/cnn-step.js\` (\`model.trainOnBatch\` after the first, traced, step).

## Two threads against one, with one core busy and quiet (\`bench/contention.js\`, \`npm run bench -- --contention\`)

${table(['machine', '1 thread, s/epoch', '2 threads, s/epoch', '2 threads / 1 thread (median of rounds)', 'same weights'], contention.map((r) => (r
    ? [r.mode, fmt(r.oneThread, 2), fmt(r.twoThreads, 2), fmt(r.ratio, 2), r.sameWeights ? 'yes' : 'NO']
    : ['skipped', '', '', '', ''])))}

The seed MLP, scaled from ${contention[0]?.batches ?? '—'} batches per round; "one core busy" runs a spinning child process beside it.

## SIMD peak (one thread, independent accumulator chains, no memory traffic)

| runtime | f32x4 mul+add | relaxed_madd (FMA) |
| --- | --- | --- |
| node ${process.version} | ${fmt(peakPlain)} GFLOP/s | ${peakFma === null ? 'not supported' : `${fmt(peakFma)} GFLOP/s`} |
| node ${process.version} --experimental-wasm-relaxed-simd | — | ${fmt(peakFmaFlag)} GFLOP/s |
| deno | — | ${peakDeno ?? '—'} GFLOP/s |

## matMul (GFLOP/s; square, and the MLP's three products)

${gemmTable(gemm)}

With FMA (node --experimental-wasm-relaxed-simd, the relaxed-SIMD kernels), GFLOP/s:

${gemmFma ? table(['matMul', '1 thread', '2 threads'], gemmFma.map((r) => [r.shape, fmt(r.neurasm), fmt(r.neurasm2)])) : '(not measured: this Node has no relaxed SIMD)'}

512³ runs at ${((g512.neurasm / peakPlain) * 100).toFixed(0)}% of the plain-SIMD peak measured above; the transposed products run at
${((Math.min(...gemm.filter((r) => r.shape.startsWith('MLP')).map((r) => r.neurasm)) / gemm.find((r) => r.shape.startsWith('MLP forward')).neurasm) * 100).toFixed(0)}% or more of the plain one.

## Inference

${predictTable(pred)}

## Eager ops (\`node bench/eager-ops.js\`): µs per op, x = (x + 1) * 0.5

${table(['tensor', 'every result disposed', 'no dispose (left to the library)', 'tidy() per step'], [...new Set(eager.map((r) => r.tensor))].map((t) => [t, ...['dispose()', 'no dispose', 'tidy()'].map((st) => fmt(eager.find((r) => r.tensor === t && r.style === st).usPerOp, 2))]))}

Results nobody disposes spill into JS memory once they pass the budget (README, "Memory without dispose()"):
in a loop that never yields, each such byte is copied once more; disposed or tidied results are never copied.

## Bundle size

${table(['what', 'raw', 'gzip'], sizes.map((r) => [r.name, kib(r.raw), kib(r.gzip)]))}
`;
writeFileSync(join(root, 'BENCHMARKS.md'), md);
console.log('\nwrote BENCHMARKS.md');
