// The conv-side kernels on every channel count: im2col (the conv forward) and col2im (the conv
// input gradient) against naive float64 loops for C = 1…9 with padding, strides and dilation;
// max-pool backward (argmax indices recorded in the forward) and avg-pool backward against
// naive routing, with ties, overlapping windows and 'same' padding, exactly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng, maxDiff } from '../helpers/gradcheck.js';

function axis(n, k, s, d, padding) {
  const eff = (k - 1) * d + 1;
  if (padding === 'valid') return [Math.floor((n - eff) / s) + 1, 0];
  const o = Math.ceil(n / s);
  return [o, Math.floor(Math.max((o - 1) * s + eff - n, 0) / 2)];
}

// Visits every (output pixel, window cell inside the image) pair in the kernels' order.
function windows([N, H, W], [KH, KW], s, d, padding, f) {
  const [OH, PT] = axis(H, KH, s[0], d[0], padding), [OW, PL] = axis(W, KW, s[1], d[1], padding);
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const o = (n * OH + oh) * OW + ow;
    for (let i = 0; i < KH; i++) for (let j = 0; j < KW; j++) {
      const ih = oh * s[0] - PT + i * d[0], iw = ow * s[1] - PL + j * d[1];
      if (ih >= 0 && ih < H && iw >= 0 && iw < W) f(o, (n * H + ih) * W + iw, i * KW + j);
    }
  }
  return [OH, OW];
}

const GEOMS = [
  { k: [3, 3], s: [1, 1], d: [1, 1], padding: 'same' },
  { k: [3, 2], s: [2, 1], d: [1, 1], padding: 'valid' },
  { k: [2, 3], s: [1, 2], d: [1, 2], padding: 'same' },
  { k: [5, 5], s: [1, 1], d: [1, 1], padding: 'same' }, // windows wider than the image's edge
];

test('conv2d forward (im2col) and input gradient (col2im) equal naive loops for 1 to 9 channels', () => {
  const r = rng(31);
  for (let C = 1; C <= 9; C++) {
    for (const gm of GEOMS) {
      const shape = [2, 6, 5, C], F = 3;
      const xv = r(2 * 6 * 5 * C), kv = r(gm.k[0] * gm.k[1] * C * F);
      const x = nm.variable(nm.tensor(xv, shape)), k = nm.tensor(kv, [...gm.k, C, F]);
      const tape = new nm.GradientTape();
      const dyv = r(2 * 6 * 5 * F * 4);
      const [loss, y] = tape.record(() => {
        const out = nm.conv2d(x, k, { strides: gm.s, dilation: gm.d, padding: gm.padding });
        return [nm.sum(nm.mul(out, nm.tensor(dyv.slice(0, out.size), out.shape))), out];
      });
      const dx = tape.gradient(loss, x).dataSync();
      const ref = new Float64Array(y.size), dref = new Float64Array(xv.length);
      const [OH, OW] = windows(shape, gm.k, gm.s, gm.d, gm.padding, (o, p, cell) => {
        for (let c = 0; c < C; c++) for (let f = 0; f < F; f++) {
          const kk = kv[(cell * C + c) * F + f];
          ref[o * F + f] += xv[p * C + c] * kk;
          dref[p * C + c] += dyv[o * F + f] * kk;
        }
      });
      const what = `C=${C} ${JSON.stringify(gm)}`;
      assert.equal(y.shape, [2, OH, OW, F], what);
      assert.ok(maxDiff(y.dataSync(), ref) < 1e-5, `forward ${what}`);
      assert.ok(maxDiff(dx, dref) < 1e-5, `input gradient ${what}`);
    }
  }
});

test('pooling backward: max routes to the first maximum (indices from the forward), avg spreads evenly', () => {
  const r = rng(32);
  for (const C of [1, 3, 4, 5, 8, 17]) {
    // Overlapping windows, and non-overlapping ones (each cell written once): covering the image
    // exactly, with 'same' padding, and with strides larger than the pool (uncovered cells).
    for (const [k, s, padding] of [[[2, 2], [2, 2], 'valid'], [[3, 3], [1, 1], 'same'], [[3, 2], [2, 1], 'same'], [[2, 3], [1, 2], 'valid'],
      [[2, 2], [2, 2], 'same'], [[2, 2], [3, 3], 'valid'], [[1, 2], [2, 3], 'same'], [[5, 7], [5, 7], 'valid']]) {
      const shape = [C % 2 ? 1 : 2, 5, 7, C]; // batch 1 too
      // Small integers: many ties, so "first maximum" is really tested; one NaN-free run.
      const xv = r(shape[0] * 5 * 7 * C).map((v) => Math.round(v * 2));
      for (const isMax of [true, false]) {
        const x = nm.variable(nm.tensor(xv, shape));
        const tape = new nm.GradientTape();
        const [loss, y] = tape.record(() => {
          const out = isMax ? nm.maxPool2d(x, k, s, padding) : nm.avgPool2d(x, k, s, padding);
          return [nm.sum(nm.mul(out, nm.tensor(dyv(out.size), out.shape))), out];
        });
        const dx = tape.gradient(loss, x).dataSync();
        const dy = dyv(y.size);
        const nOut = y.size / C;
        const best = new Array(nOut * C).fill(-1), cnt = new Array(nOut).fill(0);
        windows(shape, k, s, [1, 1], padding, (o, p) => {
          cnt[o]++;
          for (let c = 0; c < C; c++) { const b = best[o * C + c]; if (b < 0 || xv[p * C + c] > xv[b]) best[o * C + c] = p * C + c; }
        });
        const ref = new Float32Array(xv.length);
        if (isMax) best.forEach((at, q) => { ref[at] = Math.fround(ref[at] + dy[q]); });
        else windows(shape, k, s, [1, 1], padding, (o, p) => { for (let c = 0; c < C; c++) ref[p * C + c] = Math.fround(ref[p * C + c] + Math.fround(dy[o * C + c] / cnt[o])); });
        const what = `${isMax ? 'max' : 'avg'} C=${C} ${k} ${s} ${padding}`;
        assert.equal(Array.from(dx), Array.from(ref), what);
        if (isMax) assert.equal(Array.from(y.dataSync()), best.map((at) => xv[at]), `forward ${what}`);
      }
    }
  }
  function dyv(n) { return Array.from({ length: n }, (_, i) => Math.fround(((i * 7) % 11) / 4 - 1)); }
});

test('max pooling with a NaN: the forward keeps each path rule, the gradient goes to the first greater cell', () => {
  // Windows [1, NaN, 5, 4] and [3, 2, 0, 6]; C = 1 takes the scalar path (NaN is skipped),
  // C = 4 the vector path (f32x4.max propagates NaN); both route dy to the cells of 5 and 6.
  const vals = [1, NaN, 3, 2, 5, 4, 0, 6];
  for (const C of [1, 4]) {
    const x = nm.variable(nm.tensor(vals.flatMap((v) => new Array(C).fill(v)), [1, 2, 4, C]));
    const tape = new nm.GradientTape();
    const [loss, y] = tape.record(() => { const out = nm.maxPool2d(x, [2, 2]); return [nm.sum(out), out]; });
    const dx = tape.gradient(loss, x).dataSync();
    const yv = y.dataSync();
    if (C === 1) assert.equal(Array.from(yv), [5, 6]);
    else { assert.ok(Number.isNaN(yv[0])); assert.is(yv[C], 6); }
    assert.equal(Array.from(dx), [0, 0, 0, 0, 1, 0, 0, 1].flatMap((v) => new Array(C).fill(v)), `C=${C}`);
  }
});

test.run();
