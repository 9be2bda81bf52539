// One fuzz worker (see run.js): builds cases start, start+1, … from the seed, loads each,
// runs the canary, and reports 'start' before and 'done' after every file, so the parent's
// watchdog can end a worker stuck on one file.
import { parentPort, workerData } from 'node:worker_threads';
import * as nm from '../../dist/neurasm.js';
import { seedFiles, mutate, load, outcome, canary, wrappedCause, rng } from './fuzz-lib.js';

const { seed, start, count, full } = workerData;
const seeds = await seedFiles({ full });
const others = seeds.map((s) => s.bytes);

/** Case i is the same whichever worker builds it. */
export function caseAt(i) {
  const r = rng((seed * 1_000_003 + i * 7919) >>> 0);
  return mutate(seeds[Math.floor(r() * seeds.length)], r, others);
}

for (let i = start; i < start + count; i++) {
  const c = caseAt(i);
  parentPort.postMessage({ type: 'start', i, format: c.seed.format, name: c.seed.name, desc: c.desc });
  const t0 = performance.now();
  let err;
  try { await load(c); } catch (e) { err = e; }
  const o = outcome(err);
  const wrong = canary();
  const bad = o === 'untyped' || o === 'trap' || wrong;
  const cause = wrappedCause(err);
  parentPort.postMessage({
    type: 'done', i, format: c.seed.format, outcome: o, ms: performance.now() - t0, canary: wrong,
    wrapped: cause ? { name: cause?.name, message: String(cause?.message).slice(0, 200), stack: String(cause?.stack).split('\n').slice(0, 5).join('\n') } : null,
    error: err && bad ? { name: err?.name, message: String(err?.message).slice(0, 300), stack: String(err?.stack).split('\n').slice(0, 6).join('\n') } : null,
    bytes: bad ? c.bytes : null, shard: bad && c.shard ? c.shard : null, memory: nm.memory(),
  });
}
parentPort.postMessage({ type: 'end' });
