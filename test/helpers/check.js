// Test helpers: seeded random data, naive float64 references, central-difference gradients.
import * as nm from '../../dist/neurasm.js';

/** A small seeded generator (mulberry32) so test data is the same in every runtime. */
export function rng(seed = 1) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const size = (shape) => shape.reduce((a, b) => a * b, 1);

export function randomArray(shape, r = rng(), lo = -1, hi = 1) {
  return Array.from({ length: size(shape) }, () => lo + (hi - lo) * r());
}

export function randomTensor(shape, r = rng(), lo = -1, hi = 1) {
  return nm.tensor(randomArray(shape, r, lo, hi), shape);
}

/** Max |a - b| relative to max(1, |b|). */
export function maxRelDiff(a, b) {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}

/**
 * Gradient of sum(f(...inputs) * w) (w fixed random weights) by the tape, against central
 * differences in float64-rounded steps. Returns the worst relative error over all inputs.
 */
export function gradCheck(f, inputs, { eps = 1e-2, seed = 7 } = {}) {
  const ts = inputs.map((x) => (x instanceof nm.Tensor ? x : nm.tensor(x)));
  const out0 = f(...ts);
  const w = randomTensor(out0.shape, rng(seed));
  const scalar = (...xs) => nm.sum(nm.mul(f(...xs), w));
  const tape = new nm.GradientTape();
  const loss = tape.record(() => scalar(...ts));
  const grads = tape.gradient(loss, ts);
  let worst = 0;
  ts.forEach((t, k) => {
    const base = Array.from(t.dataSync());
    const g = grads[k].dataSync();
    for (let i = 0; i < base.length; i++) {
      const plus = [...base]; plus[i] += eps;
      const minus = [...base]; minus[i] -= eps;
      const args = (vals) => ts.map((u, j) => (j === k ? nm.tensor(vals, [...t.shape]) : u));
      const fd = (scalar(...args(plus)).item() - scalar(...args(minus)).item()) / (2 * eps);
      worst = Math.max(worst, Math.abs(fd - g[i]) / Math.max(1, Math.abs(fd)));
    }
  });
  return worst;
}
