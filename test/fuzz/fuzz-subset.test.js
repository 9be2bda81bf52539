// The fast seeded subset of the fuzzer (the full one is `npm run fuzz`): a few hundred mutated
// .keras, .h5, Keras weights, TF.js and .npz/.npy files, each loaded through the public API.
// Every file loads or gives a NeurasmError: no untyped exception, no wasm trap, none taking
// over 10 s, and the canary (exp, a fresh tensor) is right after every file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seedFiles, mutate, load, outcome, canary, count, newTally, formatTally, rng } from './fuzz-lib.js';

const FILES = 500;

test(`fuzz subset: ${FILES} mutated files, 0 untyped, 0 traps, 0 hangs, canary always right`, async () => {
  const seeds = await seedFiles();
  const others = seeds.map((s) => s.bytes);
  const r = rng(20261201);
  const tally = newTally();
  const bad = [];
  for (let i = 0; i < FILES; i++) {
    const c = mutate(seeds[i % seeds.length], r, others);
    const f = c.seed.format;
    count(tally, f, 'file');
    const t0 = Date.now();
    let err;
    try { await load(c); } catch (e) { err = e; }
    const o = outcome(err);
    count(tally, f, o);
    if (o === 'untyped' || o === 'trap') bad.push(`#${i} ${c.seed.name} ${c.desc}: ${err?.name}: ${String(err?.message).slice(0, 160)}`);
    if (Date.now() - t0 > 10_000) { count(tally, f, 'hang'); bad.push(`#${i} ${c.seed.name} ${c.desc}: took ${Date.now() - t0} ms`); }
    const wrong = canary();
    if (wrong) { count(tally, f, 'canary'); bad.push(`#${i} ${c.seed.name} ${c.desc}: canary: ${wrong}`); }
  }
  console.log(formatTally(tally));
  assert.equal(bad, [], bad.join('\n'));
  const all = Object.values(tally);
  assert.is(all.reduce((n, t) => n + t.files, 0), FILES);
  assert.ok(all.reduce((n, t) => n + t.typed, 0) > FILES / 4, 'most mutants are refused with typed errors');
});

test.run();
