// The Python peers (bench/peers/peers.py: Keras 3 on JAX, PyTorch CPU) next to neurasm on the
// same workloads, each in its own process, interleaved framework by framework and repeated.
// Python or a framework that is missing gives a row that says so ("skipped: …"), never a number.
// Usage: node bench/peers.js [--quick] [--json out.json]   (run.js calls runPeers)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, table } from './common.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const PY = process.env.PYTHON ?? 'python3';

/** One peer run: its JSON line, or {skipped}. */
function python(framework, workload, args) {
  try {
    const out = execFileSync(PY, [join(root, 'bench/peers/peers.py'), framework, workload, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30 * 60_000 });
    return JSON.parse(out.trim().split('\n').at(-1));
  } catch (e) {
    return { skipped: e.code === 'ENOENT' ? `${PY} not found` : `failed: ${String(e.stderr ?? e.message).trim().split('\n').at(-1).slice(0, 160)}` };
  }
}

/**
 * One neurasm run of the same workload (the bench/*.js script's JSON). `fma`: with Node 20's
 * --experimental-wasm-relaxed-simd, so the relaxed-SIMD (FMA) kernels run, as they do by default
 * in Node ≥ 22, Deno and Chromium; without it Node 20 runs the plain-SIMD ones.
 */
function neurasm(workload, threads, { steps, epochs }, fma = false) {
  const tmp = mkdtempSync(join(tmpdir(), 'neurasm-peers-'));
  const json = join(tmp, 'r.json');
  const [script, args] = {
    'mlp-epoch': ['mnist-epoch.js', ['--only', 'neurasm', '--epochs', String(epochs), '--threads', String(threads)]],
    'imdb-step': ['imdb-step.js', ['--epochs', String(epochs), '--threads', String(threads)]], // the steps of a fit
    'imdb-step-sparse': ['imdb-step.js', ['--steps', String(steps), '--threads', String(threads), '--input', 'sparse']],
    'lstm-step': ['rnn-step.js', ['--cell', 'lstm', '--steps', String(steps), '--threads', String(threads)]],
    'cnn-step': ['cnn-step.js', ['--steps', String(steps), '--threads', String(threads)]],
  }[workload];
  execFileSync(process.execPath, [...(fma ? ['--experimental-wasm-relaxed-simd'] : []), join(root, 'bench', script), ...args, '--json', json], { stdio: ['ignore', 'ignore', 'inherit'] });
  const r = JSON.parse(readFileSync(json, 'utf8'));
  return Array.isArray(r) ? r[0] : r;
}

export const WORKLOADS = [
  ['mlp-epoch', 'seed MNIST MLP, s/epoch (784→512→10, rmsprop, batch 128, real data)', [1, 2]],
  // neurasm: the median step of a fit on 15,000 dense rows (the seed's partial_x_train), which
  // holds them as CSR on its first step (reported apart by imdb-step.js); the peers: train_on_batch.
  ['imdb-step', 'IMDB seed model, ms/step (10,000-wide multi-hot, 16-16-1, batch 512; neurasm: steps of a fit on dense rows)', [1]],
  // The same data given to neurasm as a SparseTensor (Input({sparse: true})); the peers keep the
  // dense multi-hot arrays a Keras or torch user writes for this seed.
  ['imdb-step-sparse', 'the same, neurasm fed a SparseTensor (the peers dense, as their users write it)', [1]],
  ['lstm-step', 'Embedding(10000,32)+LSTM(32), T=200, batch 128, ms/step', [1]],
  ['cnn-step', 'small CNN (2×Conv+Pool, adam, batch 128), ms/step', [1]],
];

/** Every workload × thread count × framework, `rounds` times interleaved; medians. */
export function runPeers({ quick = false, rounds = quick ? 1 : 3 } = {}) {
  // The IMDB steps take 1–10 ms: 40 of them, so that the JITs and caches of every framework are warm.
  const epochs = quick ? 1 : 2, stepsOf = (w) => (quick ? 3 : w.startsWith('imdb') ? 40 : 8);
  const rows = [];
  for (const [workload, what, threadCounts] of WORKLOADS) {
    const steps = stepsOf(workload);
    for (const threads of threadCounts) {
      const runs = { neurasm: [], fma: [], 'keras-jax': [], torch: [] };
      for (let r = 0; r < rounds; r++) {
        console.log(`== peers: ${workload}, ${threads} thread(s), round ${r + 1}/${rounds}`);
        runs.neurasm.push(neurasm(workload, threads, { steps, epochs }));
        try { runs.fma.push(neurasm(workload, threads, { steps, epochs }, true)); } catch (e) { runs.fma.push({ skipped: `failed: ${String(e.message).split('\n')[0].slice(0, 120)}` }); }
        for (const fw of ['keras-jax', 'torch']) runs[fw].push(python(fw, workload === 'imdb-step-sparse' ? 'imdb-step' : workload, ['--threads', String(threads), '--steps', String(steps), '--epochs', String(epochs)]));
      }
      const value = (r) => (r.skipped ? null : workload === 'mlp-epoch' ? r.secondsPerEpoch : r.msPerStep);
      const cell = (list) => {
        const ok = list.filter((r) => !r.skipped);
        return ok.length ? { value: median(ok.map(value)), version: ok[0].version ?? ok[0].name, accuracy: ok[0].testAccuracy } : { skipped: list[0].skipped };
      };
      // A run whose kernels are not the relaxed ones (the flag had no effect) is not an FMA figure.
      const fma = runs.fma.map((r) => (r.skipped || String(r.name ?? r.version ?? '').includes('relaxed') ? r : { skipped: 'the relaxed-SIMD kernels did not run' }));
      rows.push({ workload, what, threads, neurasm: cell(runs.neurasm), fma: cell(fma), kerasJax: cell(runs['keras-jax']), torch: cell(runs.torch) });
    }
  }
  return rows;
}

export function peersTable(rows) {
  const show = (c) => (c.skipped ? `skipped: ${c.skipped}` : fmt(c.value, c.value < 10 ? 2 : 1));
  const ratio = (a, b) => (a.skipped || b.skipped ? '—' : `${(b.value / a.value).toFixed(2)}×`);
  const fma = (r) => r.fma ?? { skipped: 'not run' };
  return table(['workload', 'threads', 'neurasm (plain SIMD)', 'neurasm (FMA)', 'Keras 3 / JAX', 'PyTorch CPU', 'Keras/JAX time ÷ neurasm time', 'torch time ÷ neurasm time', 'the same, FMA: ÷ Keras/JAX, ÷ torch'],
    rows.map((r) => [r.what, String(r.threads), show(r.neurasm), show(fma(r)), show(r.kerasJax), show(r.torch), ratio(r.neurasm, r.kerasJax), ratio(r.neurasm, r.torch),
      `${ratio(fma(r), r.kerasJax)}, ${ratio(fma(r), r.torch)}`]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = runPeers({ quick: process.argv.includes('--quick') });
  console.log(peersTable(rows));
  const i = process.argv.indexOf('--json');
  if (i > 0) writeFileSync(process.argv[i + 1], JSON.stringify(rows, null, 2));
}
