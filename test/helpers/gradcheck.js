// The tests' one random-number generator and one gradient check: seeded data (the same in every
// runtime), naive comparisons, and tape gradients against central finite differences.
// No Node built-ins (runs everywhere).
import * as nm from '../../dist/neurasm.js';

/**
 * A seeded generator (mulberry32). `r()` is one number in [0, 1); `r(n, lo = -1, hi = 1)` is an
 * array of n numbers in [lo, hi), drawn from the same stream.
 */
export function rng(seed = 1) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n, lo = -1, hi = 1) => (n === undefined ? next() : Array.from({ length: n }, () => lo + (hi - lo) * next()));
}

export const size = (shape) => shape.reduce((a, b) => a * b, 1);

export function randomArray(shape, r = rng(), lo = -1, hi = 1) {
  return r(size(shape), lo, hi);
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

/** Largest absolute difference between two flat arrays (lengths must match). */
export function maxDiff(a, b) {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * The tape gradient of L = sum(f(...xs) · R) (R fixed random weights) with respect to each of
 * `xs`, against central differences of L summed in float64. An x is a Variable (perturbed in
 * place with assign; f may ignore its arguments, as a layer's call does) or a tensor or array
 * (perturbed copies are passed to f). Checks every entry of a tensor input and up to `samples`
 * entries of each Variable (layer weights are large). Returns the worst
 * |analytic - numeric| / max(1, |numeric|).
 */
export function gradCheck(f, xs, { eps = 1e-2, samples = 10, seed = 7 } = {}) {
  const ts = xs.map((x) => (x instanceof nm.Tensor ? x : nm.tensor(x)));
  const rand = rng(seed);
  const y0 = f(...ts);
  const R = rand(y0.size);
  const Rt = nm.tensor(R, y0.shape);
  const tape = new nm.GradientTape();
  const loss = tape.record(() => nm.sum(nm.mul(f(...ts), Rt)));
  const grads = tape.gradient(loss, ts);
  const lossOf = (args) => { const y = f(...args).dataSync(); let s = 0; for (let i = 0; i < y.length; i++) s += y[i] * R[i]; return s; };
  let worst = 0;
  ts.forEach((t, k) => {
    const g = grads[k].dataSync();
    const base = Float32Array.from(t.dataSync());
    const isVar = t instanceof nm.Variable;
    const pick = !isVar || base.length <= samples ? [...base.keys()] : rand(samples, 0, base.length).map(Math.floor);
    for (const i of pick) {
      const at = (d) => {
        const w = Float32Array.from(base); w[i] += d;
        if (isVar) { t.assign(nm.tensor(w, t.shape)); return lossOf(ts); }
        return lossOf(ts.map((u, j) => (j === k ? nm.tensor(w, t.shape) : u)));
      };
      const num = (at(eps) - at(-eps)) / (2 * eps);
      if (isVar) t.assign(nm.tensor(base, t.shape));
      worst = Math.max(worst, Math.abs(g[i] - num) / Math.max(1, Math.abs(num)));
    }
  });
  return worst;
}
