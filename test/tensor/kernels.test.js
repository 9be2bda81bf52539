// Kernels against naive float64 JS references on random data and awkward shapes
// (sizes 1, 3, 5, 17, 31, 127, non-multiples of 4, ranks 0 to 5).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { maxRelDiff, randomArray, rng, size } from '../helpers/gradcheck.js';

const r = rng(3);
const SIZES = [1, 3, 5, 17, 31, 127];
const SHAPES = [[], [1], [3], [5], [17], [31], [127], [2, 3], [3, 5, 2], [2, 1, 3, 5], [2, 3, 1, 2, 3]];

const unary = {
  neg: (x) => -x, abs: Math.abs, exp: Math.exp, square: (x) => x * x, sign: Math.sign, sin: Math.sin, cos: Math.cos,
  floor: Math.floor, ceil: Math.ceil, expm1: Math.expm1, relu: (x) => Math.max(x, 0), sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh, softplus: (x) => Math.log1p(Math.exp(x)), softsign: (x) => x / (1 + Math.abs(x)), silu: (x) => x / (1 + Math.exp(-x)),
  selu: (x) => (x > 0 ? 1.0507009873554805 * x : 1.0507009873554805 * 1.6732632423543772 * Math.expm1(x)),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
};
const positive = { log: Math.log, sqrt: Math.sqrt, reciprocal: (x) => 1 / x, log1p: Math.log1p, rsqrt: (x) => 1 / Math.sqrt(x) };

for (const shape of SHAPES) {
  test(`unary ops on shape [${shape}]`, () => {
    const a = randomArray(shape, r, -3, 3);
    const t = nm.tensor(a, shape);
    for (const [name, f] of Object.entries(unary)) {
      const got = nm[name](t).dataSync();
      assert.ok(maxRelDiff(got, a.map(f)) < 2e-6, `${name} on [${shape}]`);
    }
    const p = a.map((v) => Math.abs(v) + 0.1);
    const tp = nm.tensor(p, shape);
    for (const [name, f] of Object.entries(positive)) {
      assert.ok(maxRelDiff(nm[name](tp).dataSync(), p.map(f)) < 2e-6, `${name} on [${shape}]`);
    }
    // tan away from its poles (±π/2), of the float32 inputs (the slope magnifies their rounding).
    const h = a.map((v) => Math.fround(v / 2.5));
    assert.ok(maxRelDiff(nm.tan(nm.tensor(h, shape)).dataSync(), h.map(Math.tan)) < 2e-6, `tan on [${shape}]`);
  });
}

/** Naive broadcast of a binary function over NumPy shapes. */
function naiveBinary(f, a, as, b, bs) {
  const rank = Math.max(as.length, bs.length);
  const pa = [...Array(rank - as.length).fill(1), ...as], pb = [...Array(rank - bs.length).fill(1), ...bs];
  const out = pa.map((d, i) => Math.max(d, pb[i]));
  const res = new Array(size(out));
  const idx = new Array(rank).fill(0);
  for (let k = 0; k < res.length; k++) {
    let rem = k;
    for (let d = rank - 1; d >= 0; d--) { idx[d] = rem % out[d]; rem = Math.floor(rem / out[d]); }
    let ia = 0, ib = 0;
    for (let d = 0; d < rank; d++) { ia = ia * pa[d] + (pa[d] === 1 ? 0 : idx[d]); ib = ib * pb[d] + (pb[d] === 1 ? 0 : idx[d]); }
    res[k] = f(a[ia], b[ib]);
  }
  return { res, out };
}

const BROADCAST = [
  [[], []], [[5], []], [[], [3]], [[4], [4]], [[2, 3], [3]], [[2, 3], [2, 1]], [[2, 1], [1, 3]], [[3, 1, 5], [4, 1]],
  [[1, 17], [31, 1]], [[2, 3, 4, 5], [5]], [[2, 1, 4, 1, 3], [4, 1, 1]], [[127], [127]], [[128, 512], [512]],
];
const binary = { add: (x, y) => x + y, sub: (x, y) => x - y, mul: (x, y) => x * y, div: (x, y) => x / y, maximum: Math.max, minimum: Math.min,
  squaredDifference: (x, y) => (x - y) ** 2 };
const compare = { equal: (x, y) => +(x === y), greater: (x, y) => +(x > y), less: (x, y) => +(x < y), greaterEqual: (x, y) => +(x >= y), lessEqual: (x, y) => +(x <= y) };

test('broadcasting table: every binary op against a naive NumPy-rule reference', () => {
  for (const [as, bs] of BROADCAST) {
    const a = randomArray(as, r, -2, 2), b = randomArray(bs, r, 0.5, 2).map((v, i) => (i % 3 === 0 ? v : -v));
    const ta = nm.tensor(a, as), tb = nm.tensor(b, bs);
    for (const [name, f] of Object.entries({ ...binary, ...compare })) {
      const { res, out } = naiveBinary(f, a.map(Math.fround), as, b.map(Math.fround), bs);
      const got = nm[name](ta, tb);
      assert.equal(got.shape, out, `${name} [${as}]·[${bs}] shape`);
      assert.ok(maxRelDiff(got.dataSync(), res) < 1e-6, `${name} [${as}] with [${bs}]`);
    }
  }
});

test('reductions over every axis subset (ranks 1 to 4) against naive sums', () => {
  for (const shape of [[7], [3, 5], [2, 3, 4], [2, 3, 1, 5]]) {
    const a = randomArray(shape, r);
    const t = nm.tensor(a, shape);
    const rank = shape.length;
    for (let mask = 1; mask < 1 << rank; mask++) {
      const axes = [...Array(rank).keys()].filter((d) => mask & (1 << d));
      const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const ref = { sum: new Array(size(outShape)).fill(0), max: new Array(size(outShape)).fill(-Infinity), min: new Array(size(outShape)).fill(Infinity) };
      for (let k = 0; k < a.length; k++) {
        let rem = k, o = 0, mul = 1;
        const idx = [];
        for (let d = rank - 1; d >= 0; d--) { idx[d] = rem % shape[d]; rem = Math.floor(rem / shape[d]); }
        for (let d = rank - 1; d >= 0; d--) { o += (axes.includes(d) ? 0 : idx[d]) * mul; mul *= outShape[d]; }
        ref.sum[o] += Math.fround(a[k]); ref.max[o] = Math.max(ref.max[o], Math.fround(a[k])); ref.min[o] = Math.min(ref.min[o], Math.fround(a[k]));
      }
      for (const op of ['sum', 'max', 'min']) {
        const got = nm[op](t, axes, true);
        assert.equal(got.shape, outShape, `${op} [${shape}] axes ${axes}`);
        assert.ok(maxRelDiff(got.dataSync(), ref[op]) < 1e-5, `${op} [${shape}] axes ${axes}`);
      }
      const count = axes.reduce((n, d) => n * shape[d], 1);
      assert.ok(maxRelDiff(nm.mean(t, axes, true).dataSync(), ref.sum.map((v) => v / count)) < 1e-5, `mean [${shape}] axes ${axes}`);
    }
  }
});

test('argMax / argMin return the first extreme index', () => {
  const t = nm.tensor([[1, 5, 5, 0], [3, 3, -1, 2]]);
  assert.equal(nm.argMax(t, 1).array(), [1, 0]);
  assert.equal(nm.argMin(t, 1).array(), [3, 2]);
  assert.equal(nm.argMax(t, 0).array(), [1, 0, 0, 1]);
});

test('matMul on odd shapes against a naive triple loop (all transposes)', () => {
  for (const [M, K, N] of [[1, 1, 1], [1, 784, 10], [3, 5, 7], [17, 31, 5], [33, 17, 65], [127, 3, 129], [5, 0, 3]]) {
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
      const a = randomArray([M * K], r), b = randomArray([K * N], r);
      const A = nm.tensor(a, tA ? [K, M] : [M, K]), B = nm.tensor(b, tB ? [N, K] : [K, N]);
      const ref = new Array(M * N).fill(0);
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.fround(tA ? a[k * M + i] : a[i * K + k]) * Math.fround(tB ? b[j * K + k] : b[k * N + j]);
        ref[i * N + j] = s;
      }
      const got = nm.matMul(A, B, tA, tB);
      assert.equal(got.shape, [M, N]);
      assert.ok(maxRelDiff(got.dataSync(), ref) < 1e-5, `matMul ${M}x${K}x${N} tA=${tA} tB=${tB}`);
    }
  }
});

test('matMul reads subnormal inputs as zero (flush-to-zero, as TF on CPU), keeps NaN, ±∞ and -0, in every transposition', () => {
  const M = 9, K = 37, N = 13; // above the few-rows path, odd edges
  const raw = Float32Array.from(randomArray([M, K], r)), wRaw = Float32Array.from(randomArray([K, N], r));
  const tiny = [1e-40, -3e-39, 1.4e-45, -1.17e-38];
  tiny.forEach((v, i) => { raw[7 * i + 3] = v; wRaw[11 * i + 5] = -v; });
  const flushed = (a) => a.map((v) => (Math.abs(v) < 2 ** -126 ? 0 : v));
  for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
    const t = (a, rows, cols, tr) => (tr ? nm.transpose(nm.tensor(a, [rows, cols])) : nm.tensor(a, [rows, cols]));
    const got = nm.matMul(t(raw, M, K, false), t(wRaw, K, N, false)).dataSync();
    const want = nm.matMul(t(flushed(raw), M, K, false), t(flushed(wRaw), K, N, false)).dataSync();
    assert.equal(Array.from(got), Array.from(want), `tA=${tA} tB=${tB}`);
    const a = tA ? nm.transpose(nm.tensor(raw, [M, K])) : nm.tensor(raw, [M, K]), b = tB ? nm.transpose(nm.tensor(wRaw, [K, N])) : nm.tensor(wRaw, [K, N]);
    const viaT = nm.matMul(a, b, tA, tB).dataSync();
    assert.equal(Array.from(viaT), Array.from(want), `matMul(…, ${tA}, ${tB})`);
  }
  const special = Float32Array.from(raw); special[0] = NaN; special[K + 1] = Infinity;
  const y = nm.matMul(nm.tensor(special, [M, K]), nm.tensor(wRaw, [K, N])).dataSync();
  assert.ok(Number.isNaN(y[0]) && !Number.isFinite(y[N]), 'NaN and ∞ go through');
});

test('matMul counts a product as zero when its factors\' exponents put it below 2⁻¹²⁵ (every subnormal product: flush-to-zero, as TF on CPU), and keeps those just above, in every transposition', () => {
  // Rows of A: 0 ordinary; 1 at 2⁻¹⁰⁰ and 2 at 2⁻⁹⁵, against B at 2⁻²⁹: row 1's products are all
  // below 2⁻¹²⁶ (IEEE would sum them to a subnormal), row 2's all at least 2⁻¹²⁴.
  const M = 9, K = 37, N = 13;
  const pow2 = (e) => 2 ** e, mant = () => (1 + r()) * (r() < 0.5 ? -1 : 1);
  const a = Float32Array.from({ length: M * K }, (_, i) => {
    const row = Math.floor(i / K);
    return mant() * (row === 1 ? pow2(-100) : row === 2 ? pow2(-95) : 1);
  });
  const b = Float32Array.from({ length: K * N }, () => mant() * pow2(-29));
  // The same rows with row 1 zeroed and row 2 scaled by 2⁶⁴ (exact): no product near 2⁻¹²⁶.
  const a2 = a.map((v, i) => { const row = Math.floor(i / K); return row === 1 ? 0 : row === 2 ? v * pow2(64) : v; });
  const want = nm.matMul(nm.tensor(a2, [M, K]), nm.tensor(b, [K, N])).dataSync();
  for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
    const A = tA ? nm.transpose(nm.tensor(a, [M, K])) : nm.tensor(a, [M, K]), B = tB ? nm.transpose(nm.tensor(b, [K, N])) : nm.tensor(b, [K, N]);
    const got = nm.matMul(A, B, tA, tB).dataSync();
    for (let j = 0; j < N; j++) {
      assert.is(got[j], want[j], `tA=${tA} tB=${tB}: row 0, column ${j}`);
      assert.is(got[N + j], 0, `tA=${tA} tB=${tB}: row 1 (products below 2⁻¹²⁶), column ${j}`);
      assert.is(got[2 * N + j] * pow2(64), want[2 * N + j], `tA=${tA} tB=${tB}: row 2 (products ≥ 2⁻¹²⁴), column ${j}`);
    }
  }
});

test('softmax and logSoftmax rows against float64 references', () => {
  for (const cols of SIZES) {
    const a = randomArray([3, cols], r, -5, 5);
    const ref = [], lref = [];
    for (let i = 0; i < 3; i++) {
      const row = a.slice(i * cols, (i + 1) * cols).map(Math.fround);
      const m = Math.max(...row), s = row.reduce((acc, v) => acc + Math.exp(v - m), 0);
      row.forEach((v) => { ref.push(Math.exp(v - m) / s); lref.push(v - m - Math.log(s)); });
    }
    assert.ok(maxRelDiff(nm.softmax(nm.tensor(a, [3, cols])).dataSync(), ref) < 2e-6, `softmax cols=${cols}`);
    assert.ok(maxRelDiff(nm.logSoftmax(nm.tensor(a, [3, cols])).dataSync(), lref) < 2e-6, `logSoftmax cols=${cols}`);
  }
});

test('transpose and slice on ranks 0 to 5 against index arithmetic', () => {
  const shape = [2, 3, 4, 1, 5];
  const a = randomArray(shape, r);
  const t = nm.tensor(a, shape);
  const perm = [4, 0, 2, 3, 1];
  const tt = nm.transpose(t, perm);
  assert.equal(tt.shape, perm.map((p) => shape[p]));
  const strides = [60, 20, 5, 5, 1];
  const out = tt.dataSync();
  let k = 0;
  const os = perm.map((p) => shape[p]);
  for (let i0 = 0; i0 < os[0]; i0++) for (let i1 = 0; i1 < os[1]; i1++) for (let i2 = 0; i2 < os[2]; i2++) for (let i3 = 0; i3 < os[3]; i3++) for (let i4 = 0; i4 < os[4]; i4++) {
    const idx = [i0, i1, i2, i3, i4];
    const src = perm.reduce((acc, p, d) => acc + idx[d] * strides[p], 0);
    assert.is(out[k++], Math.fround(a[src]));
  }
  assert.equal(nm.tensor(7).transpose().shape, []);
  // the seeds' slices
  const x = nm.range(0, 5 * 28 * 28).reshape([5, 28, 28]);
  assert.equal(x.slice('1:3').shape, [2, 28, 28]);
  assert.equal(x.slice(':, 14:, 14:').shape, [5, 14, 14]);
  assert.equal(x.slice(':, 7:-7, 7:-7').shape, [5, 14, 14]);
  assert.is(x.slice(':, 7:-7, 7:-7').dataSync()[0], 7 * 28 + 7);
  const n = 2;
  assert.equal(x.slice(`${2 * n}:${2 * (n + 1)}`).shape, [1, 28, 28]);
  assert.equal(x.slice([[-2, null]]).shape, [2, 28, 28]);
  assert.equal(nm.slice(nm.range(0, 10), [2], [3]).array(), [2, 3, 4]); // TF.js begin/size form
});

test('gather, concat, stack, oneHot, cast, where on awkward sizes', () => {
  const a = randomArray([5, 3], r);
  const t = nm.tensor(a, [5, 3]);
  const g = nm.gather(t, [4, 0, -1], 0).dataSync();
  assert.equal(Array.from(g).slice(0, 3), a.slice(12, 15).map(Math.fround));
  assert.equal(nm.concat([t, t], 0).shape, [10, 3]);
  assert.equal(nm.stack([t, t, t], 2).shape, [5, 3, 3]);
  assert.equal(nm.oneHot(nm.tensor([0, 2, 9], [3], 'int32'), 3).array(), [[1, 0, 0], [0, 0, 1], [0, 0, 0]]);
  assert.equal(nm.tensor([1.7, -1.7, 0.2]).cast('int32').array(), [1, -1, 0]);
  assert.equal(nm.tensor([0, 2, -1]).cast('bool').array(), [false, true, true]);
  assert.equal(nm.where(nm.tensor([true, false]), nm.tensor([1, 2]), nm.tensor([3, 4])).array(), [1, 4]);
});

test('random: seeded, same numbers for the same seed; moments as expected', () => {
  const u1 = nm.randomUniform([10000], 0, 1, 'float32', 5).dataSync();
  const u2 = nm.randomUniform([10000], 0, 1, 'float32', 5).dataSync();
  assert.equal(Array.from(u1.slice(0, 20)), Array.from(u2.slice(0, 20)));
  const mean = (v) => v.reduce((s, x) => s + x, 0) / v.length;
  assert.ok(Math.abs(mean(u1) - 0.5) < 0.02);
  const n = nm.randomNormal([20000], 1, 2, 'float32', 9).dataSync();
  assert.ok(Math.abs(mean(n) - 1) < 0.05);
  const sd = Math.sqrt(mean(Array.from(n, (x) => (x - 1) ** 2)));
  assert.ok(Math.abs(sd - 2) < 0.05, `sd ${sd}`);
  const tn = nm.truncatedNormal([20000], 0, 1, 'float32', 2).dataSync();
  assert.ok(Math.max(...tn) <= 2 && Math.min(...tn) >= -2);
});

test.run();
