// Memory stays flat without dispose(): 10,000 steps of a tape-based training loop. Each step
// leaves a few small tensors to the garbage collector (the tape frees its own intermediates);
// the loop yields to the event loop now and then, as real programs do, so finalizers run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const gc = () => {
  const g = globalThis;
  if (typeof g.gc === 'function') g.gc();
  else if (g.Bun && typeof g.Bun.gc === 'function') g.Bun.gc(true);
};
const tick = () => new Promise((r) => setTimeout(r, 0));

test('10,000 tape steps: memory() does not grow after the first steps', async () => {
  const X = nm.randomNormal([8, 4], 0, 1, 'float32', 1);
  const Y = nm.oneHot(nm.tensor([0, 1, 2, 0, 1, 2, 0, 1], [8], 'int32'), 3);
  const W = nm.variable(nm.randomNormal([4, 3], 0, 1, 'float32', 2));
  const b = nm.variable(nm.zeros([3]));
  const step = () => {
    const tape = new nm.GradientTape();
    const cost = tape.record(() => nm.mean(nm.neg(nm.sum(nm.mul(Y, nm.log(nm.softmax(nm.add(nm.matMul(X, W), b)))), 1))));
    const [gW, gb] = tape.gradient(cost, [W, b]);
    W.assignSub(gW.mul(0.1));
    b.assignSub(gb.mul(0.1));
    return cost;
  };
  let first = Infinity, last = Infinity;
  const samples = [];
  for (let i = 1; i <= 10000; i++) {
    const c = step();
    if (i === 1) first = c.item();
    if (i === 10000) last = c.item();
    if (i % 500 === 0) {
      gc();
      await tick();
      await tick();
      samples.push(nm.memory());
    }
  }
  assert.ok(last < first, `cost fell: ${first} → ${last}`);
  const base = samples[1];
  for (const s of samples.slice(2)) {
    assert.ok(s.numTensors <= base.numTensors + 64, `tensors grew: ${base.numTensors} → ${s.numTensors}`);
    assert.ok(s.numBytes <= base.numBytes + 64 * 1024, `bytes grew: ${base.numBytes} → ${s.numBytes}`);
  }
  assert.is(samples[samples.length - 1].wasmMemoryBytes, base.wasmMemoryBytes);
});

test('tidy() frees everything but the result; keep() survives; dispose() frees now', () => {
  const before = nm.memory().numTensors;
  const kept = [];
  const out = nm.tidy(() => {
    const a = nm.ones([100]);
    kept.push(nm.keep(a.mul(3)));
    return a.add(1).sum();
  });
  assert.is(out.item(), 200);
  assert.is(kept[0].sum().item(), 300);
  assert.ok(nm.memory().numTensors <= before + 4);
  const t = nm.zeros([10]);
  t.dispose();
  assert.ok(t.isDisposed);
  assert.throws(() => t.dataSync(), (e) => e instanceof nm.StateError && /disposed/.test(e.message));
});

test.run();
