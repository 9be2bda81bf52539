// The allocator never takes a bad size: every malformed shape or window parameter gives a typed
// error before any state changes, and afterwards the library still computes right (canary).
// Freed blocks coalesce and serve larger requests.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

/** exp([0,1,2]) and fresh tensors read back what was written; memory() stays finite. */
function canary(after) {
  const e = nm.exp([0, 1, 2]).dataSync();
  const want = [1, Math.E, Math.E ** 2];
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(e[i] - want[i]) < 1e-5, `${after}: exp canary ${e}`);
  const a = nm.tensor([1, 2, 3, 4], [2, 2]);
  const b = nm.tensor([10, 20, 30, 40], [2, 2]);
  assert.equal(Array.from(a.dataSync()), [1, 2, 3, 4], `${after}: fresh tensor a`);
  assert.equal(Array.from(b.dataSync()), [10, 20, 30, 40], `${after}: fresh tensor b`);
  assert.equal(Array.from(nm.zeros([5]).dataSync()), [0, 0, 0, 0, 0], `${after}: zeros`);
  const m = nm.memory();
  assert.ok(Number.isFinite(m.numBytes) && m.numBytes > 0, `${after}: memory().numBytes = ${m.numBytes}`);
}

const x4 = () => nm.ones([1, 4, 4, 1]);
const k2 = () => nm.ones([2, 2, 1, 1]);
const bad = [
  ['maxPool2d pool [0,0]', () => nm.maxPool2d(x4(), [0, 0]), nm.ValueError],
  ['maxPool2d strides [0,0]', () => nm.maxPool2d(x4(), [2, 2], [0, 0]), nm.ValueError],
  ['avgPool2d pool [-1,2]', () => nm.avgPool2d(x4(), [-1, 2]), nm.ValueError],
  ['avgPool2d pool [NaN,2]', () => nm.avgPool2d(x4(), [NaN, 2]), nm.ValueError],
  ['maxPool2d pool [1.5,2]', () => nm.maxPool2d(x4(), [1.5, 2]), nm.ValueError],
  ['maxPool2d strides [Infinity,1]', () => nm.maxPool2d(x4(), [2, 2], [Infinity, 1]), nm.ValueError],
  ['conv2d strides [0,0]', () => nm.conv2d(x4(), k2(), { strides: [0, 0] }), nm.ValueError],
  ['conv2d dilation [0,1]', () => nm.conv2d(x4(), k2(), { dilation: [0, 1] }), nm.ValueError],
  ['conv2d strides [1.5,1]', () => nm.conv2d(x4(), k2(), { strides: [1.5, 1] }), nm.ValueError],
  ['zeros([-1])', () => nm.zeros([-1]), nm.ShapeError],
  ['ones([NaN])', () => nm.ones([NaN]), nm.ShapeError],
  ['zeros([Infinity])', () => nm.zeros([Infinity]), nm.ShapeError],
  ['zeros([2.5])', () => nm.zeros([2.5]), nm.ShapeError],
  ['zeros([3,"x",1,8])', () => nm.zeros([3, 'x', 1, 8]), nm.ShapeError],
  ['tensor(values, [3,"x",1,8])', () => nm.tensor(new Float32Array(24), [3, 'x', 1, 8]), nm.ShapeError],
  ['tensor(values, [-2,-3])', () => nm.tensor(new Float32Array(6), [-2, -3]), nm.ShapeError],
  ['randomNormal([1e6,1e6])', () => nm.randomNormal([1e6, 1e6]), nm.ResourceError],
  ['zeros([2**40])', () => nm.zeros([2 ** 40]), nm.ResourceError],
  ['reshape to [2.5,1.6]', () => nm.reshape(nm.ones([4]), [2.5, 1.6]), nm.ShapeError],
  ['reshape to [NaN]', () => nm.reshape(nm.ones([4]), [NaN]), nm.ShapeError],
  ['broadcastTo [2,-2]', () => nm.broadcastTo(nm.ones([1]), [2, -2]), nm.ShapeError],
  ['broadcastTo [2.5]', () => nm.broadcastTo(nm.ones([1]), [2.5]), nm.ShapeError],
];

for (const [name, f, type] of bad) {
  test(`${name}: ${type.name}, and the library still computes right`, () => {
    const before = nm.memory();
    assert.throws(f, (e) => e instanceof type && e.message.length > 20, `${name} should throw ${type.name}`);
    const after = nm.memory();
    assert.ok(Number.isFinite(after.numBytes), `numBytes ${after.numBytes}`);
    assert.ok(after.wasmMemoryBytes <= before.wasmMemoryBytes * 2 + (64 << 20), 'no huge growth from a refused request');
    canary(name);
  });
}

test('every refused shape leaves the heap as it was (then the canary)', () => {
  for (const [, f] of bad) { try { f(); } catch { /* expected */ } }
  canary('all bad inputs in a row');
});

test('freed neighbours coalesce: 64 freed 1 MiB blocks serve one 32 MiB request without growing', () => {
  // Earlier tests in the same process (one process per runtime in Deno, Bun and browsers) may
  // leave holes and undisposed tensors: those are spilled out of the heap first, the blocks are
  // pinned (no spill moves them), and taken until the last 64 sit side by side.
  nm.internal.storage.spill();
  const MiB = 1 << 20, held = [];
  let small = [];
  while (held.length < 512) {
    const t = nm.zeros([256 * 1024]);
    nm.internal.storage.pin(t);
    held.push(t);
    small = held.slice(-64);
    if (small.length === 64 && small.every((b, i) => i === 0 || b.ptr === small[i - 1].ptr + MiB)) break;
  }
  assert.ok(small.every((b, i) => i === 0 || b.ptr === small[i - 1].ptr + MiB), '64 adjacent 1 MiB blocks');
  const fence = nm.ones([16]); // keeps the freed run from being the heap's tail
  const grown = nm.memory().wasmMemoryBytes, start = small[0].ptr;
  for (const t of small) t.dispose();
  const big = nm.fill([8 * 1024 * 1024], 2); // 32 MiB
  assert.is(nm.memory().wasmMemoryBytes, grown, 'memory did not grow: the coalesced run was reused');
  assert.is(big.ptr, start, 'the 32 MiB block starts where the freed run does');
  for (const t of held.slice(0, -64)) t.dispose();
  assert.is(big.sum().item(), 16 * 1024 * 1024);
  assert.is(fence.sum().item(), 16);
  big.dispose(); fence.dispose();
  canary('coalescing');
});

test('reused blocks come back zeroed', () => {
  const a = nm.fill([1000], 7);
  a.dispose();
  const b = nm.zeros([1000]);
  assert.is(b.sum().item(), 0);
  const c = nm.fill([3000], 5); c.dispose();
  const d = nm.zeros([2500]);
  assert.is(d.sum().item(), 0);
  // A large block (past the free ones, so at the top): freed, it lowers the top, and the next
  // block of its size extends from there over the same bytes.
  const e = nm.fill([3 << 20], 3); const at = e.ptr; e.dispose();
  const f = nm.zeros([3 << 20]);
  assert.is(f.ptr, at, 'the new block reuses the freed bytes');
  assert.is(f.sum().item(), 0);
  f.dispose();
});

test('random allocations and frees: every zeros() reads zero, every live tensor keeps its values', () => {
  // Sizes from one float to 1.5 MiB, so blocks are reused, split, merged, and freed at the top
  // (which lowers it) in every order; values are checked in wasm (max |x|), not copied out.
  let s = 20261202;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const live = [];
  for (let step = 0; step < 1500; step++) {
    if (live.length > 0 && r() < 0.45) {
      const [t] = live.splice(Math.floor(r() * live.length), 1);
      t.tensor.dispose();
      continue;
    }
    const n = 1 + Math.floor(r() ** 3 * 393216);
    if (r() < 0.5) {
      const z = nm.zeros([n]);
      assert.is(nm.max(nm.abs(z)).item(), 0, `step ${step}: zeros([${n}]) read non-zero`);
      live.push({ tensor: z, value: 0 });
    } else {
      const v = 1 + Math.floor(r() * 100);
      live.push({ tensor: nm.fill([n], v), value: v });
    }
  }
  for (const { tensor, value } of live) {
    assert.is(nm.min(tensor).item(), value);
    assert.is(nm.max(tensor).item(), value);
    tensor.dispose();
  }
  canary('random allocations');
});

test.run();
