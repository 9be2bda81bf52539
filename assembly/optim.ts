// Fused optimizer updates: one pass over a parameter buffer and its slots. The arithmetic
// follows Keras 3's update_step formulas operation by operation (float32).
import { ld, st, ldv, stv } from "./common";

// v -= g·lr
export function sgd(v: usize, g: usize, n: i32, lr: f32): void {
  let i = 0;
  const L = f32x4.splat(lr);
  for (; i + 4 <= n; i += 4) stv(v, i, f32x4.sub(ldv(v, i), f32x4.mul(ldv(g, i), L)));
  for (; i < n; i++) st(v, i, ld(v, i) - ld(g, i) * lr);
}

// m = -g·lr + m·momentum; v += m (nesterov: v += -g·lr + m·momentum)
export function sgd_momentum(v: usize, g: usize, m: usize, n: i32, lr: f32, momentum: f32, nesterov: bool): void {
  for (let i = 0; i < n; i++) {
    const step = -(ld(g, i) * lr);
    const mi = step + ld(m, i) * momentum;
    st(m, i, mi);
    st(v, i, ld(v, i) + (nesterov ? step + mi * momentum : mi));
  }
}

// velocity = rho·velocity + (1-rho)·g²; [centered: avg = rho·avg + (1-rho)·g, denom = velocity - avg² + eps]
// increment = lr·g / sqrt(denom); [momentum: mom = momentum·mom + increment, v -= mom] else v -= increment
export function rmsprop(v: usize, g: usize, vel: usize, mom: usize, avg: usize, n: i32,
                        lr: f32, rho: f32, oneMinusRho: f32, momentum: f32, eps: f32, centered: bool): void {
  let i = 0;
  if (!centered && mom == 0) {
    const R = f32x4.splat(rho), R1 = f32x4.splat(oneMinusRho), L = f32x4.splat(lr), E = f32x4.splat(eps);
    for (; i + 4 <= n; i += 4) {
      const gi = ldv(g, i);
      const vel2 = f32x4.add(f32x4.mul(R, ldv(vel, i)), f32x4.mul(R1, f32x4.mul(gi, gi)));
      stv(vel, i, vel2);
      stv(v, i, f32x4.sub(ldv(v, i), f32x4.div(f32x4.mul(L, gi), f32x4.sqrt(f32x4.add(vel2, E)))));
    }
  }
  for (; i < n; i++) {
    const gi = ld(g, i);
    const ve = rho * ld(vel, i) + oneMinusRho * (gi * gi);
    st(vel, i, ve);
    let denom: f32;
    if (centered) {
      const a = rho * ld(avg, i) + oneMinusRho * gi;
      st(avg, i, a);
      denom = ve - a * a + eps;
    } else denom = ve + eps;
    const inc = (lr * gi) / Mathf.sqrt(denom);
    if (mom != 0) {
      const mo = momentum * ld(mom, i) + inc;
      st(mom, i, mo);
      st(v, i, ld(v, i) - mo);
    } else st(v, i, ld(v, i) - inc);
  }
}

// m += (g - m)(1-β1); s += (g² - s)(1-β2); [amsgrad: ŝ = max(ŝ, s)]; v -= m·α / (sqrt(s) + ε)
export function adam(v: usize, g: usize, m: usize, s: usize, shat: usize, n: i32,
                     alpha: f32, oneMinusB1: f32, oneMinusB2: f32, eps: f32, amsgrad: bool): void {
  let i = 0;
  if (!amsgrad) {
    const A = f32x4.splat(alpha), B1 = f32x4.splat(oneMinusB1), B2 = f32x4.splat(oneMinusB2), E = f32x4.splat(eps);
    for (; i + 4 <= n; i += 4) {
      const gi = ldv(g, i);
      const mi = f32x4.add(ldv(m, i), f32x4.mul(f32x4.sub(gi, ldv(m, i)), B1));
      const si = f32x4.add(ldv(s, i), f32x4.mul(f32x4.sub(f32x4.mul(gi, gi), ldv(s, i)), B2));
      stv(m, i, mi);
      stv(s, i, si);
      stv(v, i, f32x4.sub(ldv(v, i), f32x4.div(f32x4.mul(mi, A), f32x4.add(f32x4.sqrt(si), E))));
    }
  }
  for (; i < n; i++) {
    const gi = ld(g, i);
    const mi = ld(m, i) + (gi - ld(m, i)) * oneMinusB1;
    let si = ld(s, i) + (gi * gi - ld(s, i)) * oneMinusB2;
    st(m, i, mi);
    st(s, i, si);
    if (amsgrad) { si = Mathf.max(ld(shat, i), si); st(shat, i, si); }
    st(v, i, ld(v, i) - (mi * alpha) / (Mathf.sqrt(si) + eps));
  }
}

// v = v - v·wd·lr (decoupled weight decay, applied before the update as Keras does)
export function weight_decay(v: usize, n: i32, wd: f32, lr: f32): void {
  for (let i = 0; i < n; i++) { const x = ld(v, i); st(v, i, x - x * wd * lr); }
}

// acc += g²; v -= lr·g / sqrt(acc + ε)
export function adagrad(v: usize, g: usize, acc: usize, n: i32, lr: f32, eps: f32): void {
  for (let i = 0; i < n; i++) {
    const gi = ld(g, i);
    const a = ld(acc, i) + gi * gi;
    st(acc, i, a);
    st(v, i, ld(v, i) - (lr * gi) / Mathf.sqrt(a + eps));
  }
}

// ag = ρ·ag + (1-ρ)g²; Δ = -(sqrt(ad + ε)·g) / sqrt(ag + ε); ad = ρ·ad + (1-ρ)Δ²; v += lr·Δ
export function adadelta(v: usize, g: usize, ag: usize, ad: usize, n: i32, lr: f32, rho: f32, oneMinusRho: f32, eps: f32): void {
  for (let i = 0; i < n; i++) {
    const gi = ld(g, i);
    const a = rho * ld(ag, i) + oneMinusRho * (gi * gi);
    st(ag, i, a);
    const delta = -((Mathf.sqrt(ld(ad, i) + eps) * gi) / Mathf.sqrt(a + eps));
    st(ad, i, rho * ld(ad, i) + oneMinusRho * (delta * delta));
    st(v, i, ld(v, i) + lr * delta);
  }
}

// m += (g - m)(1-β1); u = max(β2·u, |g|); v -= lr·m / ((1-β1^t)(u + ε))
export function adamax(v: usize, g: usize, m: usize, u: usize, n: i32, lr: f32, oneMinusB1: f32, b2: f32, oneMinusB1Power: f32, eps: f32): void {
  for (let i = 0; i < n; i++) {
    const gi = ld(g, i);
    const mi = ld(m, i) + (gi - ld(m, i)) * oneMinusB1;
    const ui = Mathf.max(b2 * ld(u, i), Mathf.abs(gi));
    st(m, i, mi);
    st(u, i, ui);
    st(v, i, ld(v, i) - (lr * mi) / (oneMinusB1Power * (ui + eps)));
  }
}

// Nadam: m, s as Adam; m̂ = u_{t+1}·m/(1-Π_{t+1}) + (1-u_t)·g/(1-Π_t); ŝ = s/(1-β2^t); v -= m̂·lr/(sqrt(ŝ)+ε)
export function nadam(v: usize, g: usize, m: usize, s: usize, n: i32, lr: f32, oneMinusB1: f32, oneMinusB2: f32,
                      ut1: f32, oneMinusProd1: f32, oneMinusUt: f32, oneMinusProd: f32, oneMinusB2Power: f32, eps: f32): void {
  for (let i = 0; i < n; i++) {
    const gi = ld(g, i);
    const mi = ld(m, i) + (gi - ld(m, i)) * oneMinusB1;
    const si = ld(s, i) + (gi * gi - ld(s, i)) * oneMinusB2;
    st(m, i, mi);
    st(s, i, si);
    const mhat = (ut1 * mi) / oneMinusProd1 + (oneMinusUt * gi) / oneMinusProd;
    const shat = si / oneMinusB2Power;
    st(v, i, ld(v, i) - (mhat * lr) / (Mathf.sqrt(shat) + eps));
  }
}
