// `npm run fuzz [-- --seconds N --seed S]`: mutates real files for a set time (default 600 s)
// and loads each through the public API in a worker, with a 10 s watchdog per file; prints
// per format the files, clean loads, typed errors, untyped exceptions, wasm traps, hangs and
// canary failures. Files that gave anything but a load or a typed error go to the out folder.
import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { count, newTally, formatTally } from './fuzz-lib.js';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const seconds = Number(arg('seconds', 600));
const seed = Number(arg('seed', Date.now() % 100000));
const out = arg('out', join(tmpdir(), 'neurasm-fuzz'));
const PER_WORKER = 2000; // a fresh worker (and wasm memory) every 2,000 files
const WATCHDOG_MS = 10_000;
if (!(seconds > 0) || !Number.isFinite(seed)) { console.error('usage: node test/fuzz/run.js [--seconds N] [--seed S] [--out DIR]'); process.exit(2); }

const tally = newTally();
const failures = new Map(); // signature → { n, example }
const wrapped = new Map(); // raw causes behind typed errors
const t0 = Date.now();
let next = 0, workers = 0, peakMemory = 0;
mkdirSync(out, { recursive: true });

function record(sig, example, msg) {
  const f = failures.get(sig) ?? { n: 0, example };
  f.n++;
  failures.set(sig, f);
  if (f.n === 1) { writeFileSync(join(out, `${example.i}.bin`), msg.bytes ?? new Uint8Array(0)); if (msg.shard) writeFileSync(join(out, `${example.i}.shard.bin`), msg.shard); }
}

function runWorker(start) {
  return new Promise((resolve) => {
    workers++;
    const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { seed, start, count: PER_WORKER, full: true } });
    let current = null, timer = null, lastDone = start - 1;
    const stop = (why) => { clearTimeout(timer); w.terminate().then(() => resolve(why)); };
    w.on('message', (m) => {
      if (m.type === 'start') {
        current = m;
        clearTimeout(timer);
        timer = setTimeout(() => {
          count(tally, m.format, 'file'); count(tally, m.format, 'hang');
          record(`hang ${m.format} ${m.desc.split(/[@+{(]/)[0]}`, { i: m.i, name: m.name, desc: m.desc }, {});
          next = m.i + 1;
          stop('hang');
        }, WATCHDOG_MS);
        if (Date.now() - t0 > seconds * 1000) { next = m.i; stop('time'); }
      } else if (m.type === 'done') {
        clearTimeout(timer);
        lastDone = m.i;
        count(tally, m.format, 'file');
        count(tally, m.format, m.outcome);
        peakMemory = Math.max(peakMemory, m.memory?.wasmMemoryBytes ?? 0);
        if (m.canary) { count(tally, m.format, 'canary'); record(`canary ${m.canary}`, { i: m.i, name: current?.name, desc: current?.desc }, m); }
        if (m.wrapped) {
          count(tally, m.format, 'wrapped');
          const sig = `${m.wrapped.name}: ${m.wrapped.message.replace(/\d+/g, 'N').slice(0, 100)}`;
          const w = wrapped.get(sig) ?? { n: 0, example: { i: m.i, name: current?.name, desc: current?.desc, stack: m.wrapped.stack } };
          w.n++;
          wrapped.set(sig, w);
        }
        if (m.error) record(`${m.outcome} ${m.error.name}: ${m.error.message.replace(/\d+/g, 'N').slice(0, 120)}`, { i: m.i, name: current?.name, desc: current?.desc, stack: m.error.stack }, m);
      } else if (m.type === 'end') { next = lastDone + 1; stop('end'); }
    });
    w.on('error', (e) => {
      // A crash of the worker itself (not a thrown error inside a load) counts against the file.
      if (current) { count(tally, current.format, 'file'); count(tally, current.format, 'untyped'); record(`worker crash: ${e?.message}`, { i: current.i, name: current.name, desc: current.desc }, {}); }
      next = (current?.i ?? lastDone) + 1;
      clearTimeout(timer);
      resolve('crash');
    });
  });
}

while (Date.now() - t0 < seconds * 1000) {
  const why = await runWorker(next);
  if (why === 'time') break;
}

const secs = (Date.now() - t0) / 1000;
const total = Object.values(tally).reduce((n, t) => n + t.files, 0);
console.log(`\nneurasm fuzz: seed ${seed}, ${secs.toFixed(0)} s, ${total} files (${(total / secs).toFixed(1)}/s), ${workers} workers, peak wasm memory ${(peakMemory / 2 ** 20).toFixed(0)} MiB`);
console.log(formatTally(tally));
if (failures.size) {
  console.log(`\n${failures.size} kinds of failure (files in ${out}):`);
  for (const [sig, f] of failures) console.log(`  ${f.n}× ${sig}\n     e.g. #${f.example.i} ${f.example.name} ${f.example.desc}${f.example.stack ? `\n     ${f.example.stack.split('\n').slice(1, 4).join('\n     ')}` : ''}`);
}
if (wrapped.size) {
  console.log(`\nTyped errors made by the last-resort wrapper from a raw exception (${wrapped.size} kinds):`);
  for (const [sig, f] of [...wrapped].sort((a, b) => b[1].n - a[1].n)) console.log(`  ${f.n}× ${sig}\n     e.g. #${f.example.i} ${f.example.name} ${f.example.desc}\n     ${f.example.stack.split('\n').slice(1, 4).join('\n     ')}`);
}
const bad = Object.values(tally).reduce((n, t) => n + t.untyped + t.trap + t.hang + t.canary, 0);
console.log(`fuzz: ${total - bad} passed, ${bad} failed`);
process.exit(bad ? 1 : 0);
