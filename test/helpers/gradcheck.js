// Gradient checks for layer tests: GradientTape gradients against central finite
// differences, and small deterministic random numbers. No Node built-ins (runs everywhere).
import * as nm from '../../dist/neurasm.js';

/** Deterministic uniform numbers in [lo, hi) (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n, lo = -1, hi = 1) => Array.from({ length: n }, () => lo + (hi - lo) * next());
}

/**
 * Compare the tape gradient of L = sum(f() * R) (R fixed random weights) with respect to each
 * Variable in `sources` against central differences, at up to `samples` entries per source.
 * Returns the worst |analytic - numeric| / max(1, |numeric|).
 */
export function gradCheck(f, sources, { eps = 1e-2, samples = 10, seed = 7 } = {}) {
  const rand = rng(seed);
  const y0 = f();
  const R = rand(y0.size);
  const Rt = nm.tensor(R, y0.shape);
  const tape = new nm.GradientTape();
  const loss = tape.record(() => nm.sum(nm.mul(f(), Rt)));
  const grads = tape.gradient(loss, sources);
  const lossOf = () => { const y = f().dataSync(); let s = 0; for (let i = 0; i < y.length; i++) s += y[i] * R[i]; return s; };
  let worst = 0;
  sources.forEach((v, si) => {
    const g = grads[si].dataSync();
    const base = Float32Array.from(v.dataSync());
    const pick = base.length <= samples ? [...base.keys()] : rand(samples, 0, base.length).map(Math.floor);
    for (const i of pick) {
      const at = (d) => { const w = Float32Array.from(base); w[i] += d; v.assign(nm.tensor(w, v.shape)); return lossOf(); };
      const num = (at(eps) - at(-eps)) / (2 * eps);
      v.assign(nm.tensor(base, v.shape));
      worst = Math.max(worst, Math.abs(g[i] - num) / Math.max(1, Math.abs(num)));
    }
  });
  return worst;
}

/** Largest absolute difference between two flat arrays (lengths must match). */
export function maxDiff(a, b) {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
