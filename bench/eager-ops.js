// Eager op overhead: microseconds per op of x = (x + 1) * 0.5 for a small (16 floats) and a
// large (1M floats) tensor, in three styles: every result disposed, results left to the library
// (no dispose: finalizers and spills, sdk/tensor/storage.ts), and tidy() per step. Each case runs
// in its own process (so one case's garbage is not the next one's bill); prints the median of 7
// samples per case, and the CPU time per op. To compare builds, run it against each, A/B interleaved:
//   node bench/eager-ops.js [--dist path/to/neurasm.js] [--json out.json]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { timeIt } from './common.js';

const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const dist = opt('dist', fileURLToPath(new URL('../dist/neurasm.js', import.meta.url)));
const SIZES = [['small (16 floats)', 16], ['large (1M floats)', 1 << 20]];
const STYLES = ['dispose()', 'no dispose', 'tidy()'];

if (opt('case', null) !== null) {
  const nm = await import(`file://${dist}`);
  const [label, n] = SIZES[Number(opt('size', 0))];
  const style = STYLES[Number(opt('case', 0))];
  let x = nm.fill([n], 0.5);
  const step = {
    'dispose()': () => { const t = x.add(1); const u = t.mul(0.5); t.dispose(); x.dispose(); x = u; },
    'no dispose': () => { x = x.add(1).mul(0.5); },
    'tidy()': () => { const old = x; x = nm.tidy(() => old.add(1).mul(0.5)); old.dispose(); },
  }[style];
  const r = timeIt(step, { minTime: 0.3 });
  // CPU time too: on a shared machine it moves less than wall time when other work competes.
  const reps = r.inner * r.samples, c0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) step();
  const c = process.cpuUsage(c0), cpuUs = (c.user + c.system) / reps / 2;
  console.log(JSON.stringify({ tensor: label, style, usPerOp: (r.median / 2) * 1e6, min: (r.min / 2) * 1e6, max: (r.max / 2) * 1e6, cpuUsPerOp: cpuUs, wasmMiB: nm.memory().wasmMemoryBytes / 2 ** 20 }));
} else {
  const rows = [];
  for (let s = 0; s < SIZES.length; s++) {
    for (let c = 0; c < STYLES.length; c++) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--dist', dist, '--size', String(s), '--case', String(c)], { encoding: 'utf8' });
      rows.push(JSON.parse(out.trim().split('\n').pop()));
    }
  }
  for (const r of rows) console.log(`${r.tensor.padEnd(18)} ${r.style.padEnd(11)} ${r.usPerOp.toFixed(2).padStart(9)} µs/op  (min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)}; cpu ${r.cpuUsPerOp.toFixed(2)} µs/op; wasm ${r.wasmMiB.toFixed(0)} MiB)`);
  const out = opt('json', null);
  if (out) writeFileSync(out, JSON.stringify({ dist, rows }, null, 2));
}
