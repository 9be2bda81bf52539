// Eager op overhead: microseconds per op for a small (16 floats) and a large (1M floats) tensor,
// in three styles: every result disposed, results left to the library (no dispose: the spill /
// finalizer path, sdk/tensor/storage.ts), and tidy() per step. Prints one line per case with
// the median of 7 samples, and the wasm memory reached. To compare builds, run it against each
// (A/B interleaved): node bench/eager-ops.js [--dist path/to/neurasm.js] [--json out.json]
import { writeFileSync } from 'node:fs';
import { timeIt } from './common.js';

const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const dist = opt('dist', new URL('../dist/neurasm.js', import.meta.url).href);
const nm = await import(dist.startsWith('/') ? `file://${dist}` : dist);

const rows = [];
for (const [label, n] of [['small (16 floats)', 16], ['large (1M floats)', 1 << 20]]) {
  const x0 = nm.fill([n], 0.5);
  // x = (x + 1) * 0.5: two ops per step.
  let a = x0.clone();
  const disposed = timeIt(() => { const t = a.add(1); const u = t.mul(0.5); t.dispose(); a.dispose(); a = u; }, { minTime: 0.3 });
  let b = x0.clone();
  const dropped = timeIt(() => { b = b.add(1).mul(0.5); }, { minTime: 0.3 });
  let c = x0.clone();
  const tidied = timeIt(() => { const old = c; c = nm.tidy(() => old.add(1).mul(0.5)); old.dispose(); }, { minTime: 0.3 });
  for (const [style, r] of [['dispose()', disposed], ['no dispose', dropped], ['tidy()', tidied]]) {
    rows.push({ tensor: label, style, usPerOp: (r.median / 2) * 1e6, min: (r.min / 2) * 1e6, max: (r.max / 2) * 1e6 });
  }
}
for (const r of rows) console.log(`${r.tensor.padEnd(18)} ${r.style.padEnd(11)} ${r.usPerOp.toFixed(2).padStart(9)} µs/op  (min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)})`);
console.log(`wasm memory: ${(nm.memory().wasmMemoryBytes / 2 ** 20).toFixed(0)} MiB${nm.internal?.storage ? `; spills ${nm.internal.storage.stats().spills}` : ''}`);
const out = opt('json', null);
if (out) writeFileSync(out, JSON.stringify({ dist, rows }, null, 2));
