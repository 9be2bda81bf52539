// INTERIM adapter: resolves optimizer/loss/metric identifiers for compile(). The real
// implementations come from the training branch; this file then only re-exports them.
import { UnknownIdentifierError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import * as o from '../tensor/ops/index.js';

export interface Loss { name: string; call(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): Tensor }
export interface Metric { name: string; fn?: (yTrue: Tensor, yPred: Tensor) => Tensor; updateState(yTrue: Tensor, yPred: Tensor, sw?: Tensor | null): void; result(): number; resetState(): void }
export interface Optimizer { apply(grads: Tensor[], vars: Variable[]): void; iterations: number; learningRate: unknown; getConfig(): Record<string, unknown>; variables(): { path: string; value: Variable }[] }

const EPS = 1e-7;
function perSample(name: string, yTrue: Tensor, yPred: Tensor): Tensor {
  switch (name) {
    case 'mse': case 'mean_squared_error': return o.mean(o.square(o.sub(yTrue, yPred)), -1);
    case 'categorical_crossentropy': {
      const p = o.clip(o.div(yPred, o.sum(yPred, -1, true)), EPS, 1 - EPS);
      return o.neg(o.sum(o.mul(yTrue, o.log(p)), -1));
    }
    case 'sparse_categorical_crossentropy': {
      const p = o.clip(o.div(yPred, o.sum(yPred, -1, true)), EPS, 1 - EPS);
      const oh = o.oneHot(o.reshape(o.cast(yTrue, 'int32'), [-1]), yPred.shape[yPred.rank - 1]);
      return o.neg(o.sum(o.mul(oh, o.log(p)), -1));
    }
    case 'binary_crossentropy': {
      const p = o.clip(yPred, EPS, 1 - EPS);
      return o.mean(o.neg(o.add(o.mul(yTrue, o.log(p)), o.mul(o.sub(1, yTrue), o.log(o.sub(1, p))))), -1);
    }
  }
  throw new UnknownIdentifierError('loss', name, ['mse', 'categorical_crossentropy', 'sparse_categorical_crossentropy', 'binary_crossentropy']);
}

export function getLoss(id: string | Loss): Loss {
  if (typeof id !== 'string') return id;
  const name = id.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  perSample; // validated at call
  return { name, call: (yt, yp, sw) => { const l = perSample(name, yt, yp); return o.mean(sw ? o.mul(l, sw) : l); } };
}

export function getMetric(id: string | Metric, ctx: { yTrueShape: (number | null)[]; yPredShape: (number | null)[]; lossName?: string }): Metric {
  if (typeof id !== 'string') return id;
  let total = 0, count = 0;
  const sparse = ctx.yTrueShape.length === ctx.yPredShape.length - 1 || (ctx.yTrueShape[ctx.yTrueShape.length - 1] === 1 && (ctx.yPredShape[ctx.yPredShape.length - 1] ?? 0) > 1);
  const binary = ctx.yPredShape[ctx.yPredShape.length - 1] === 1;
  const fn = (yt: Tensor, yp: Tensor): Tensor => {
    if (binary) return o.cast(o.equal(yt, o.cast(o.greater(yp, 0.5), 'float32')), 'float32').reshape([-1]);
    if (sparse) return o.cast(o.equal(o.reshape(o.cast(yt, 'float32'), [-1]), o.cast(o.argMax(yp, -1), 'float32')), 'float32');
    return o.cast(o.equal(o.argMax(yt, -1), o.argMax(yp, -1)), 'float32');
  };
  return {
    name: id, fn,
    updateState(yt, yp) { const v = fn(yt, yp).dataSync(); for (const x of v) total += x; count += v.length; },
    result: () => (count ? total / count : 0),
    resetState() { total = 0; count = 0; },
  };
}

class RMSprop implements Optimizer {
  iterations = 0;
  private slots = new Map<Variable, Variable>();
  constructor(public learningRate = 0.001, private rho = 0.9, private eps = 1e-7) {}
  apply(grads: Tensor[], vars: Variable[]): void {
    vars.forEach((v, i) => {
      let s = this.slots.get(v);
      if (!s) { s = new (v.constructor as typeof Variable)(o.zerosLike(v), { name: `${v.name}_velocity`, trainable: false }); this.slots.set(v, s); }
      const g = grads[i];
      s.assign(o.add(o.mul(s, this.rho), o.mul(o.square(g), 1 - this.rho)));
      v.assign(o.sub(v, o.div(o.mul(g, this.learningRate), o.sqrt(o.add(s, this.eps)))));
    });
  }
  getConfig() { return { name: 'rmsprop', learning_rate: this.learningRate }; }
  variables() { return [...this.slots.values()].map((value) => ({ path: value.name, value })); }
}

class Adam implements Optimizer {
  iterations = 0;
  private m = new Map<Variable, Variable>();
  private vv = new Map<Variable, Variable>();
  private step: Variable | null = null;
  constructor(public learningRate = 0.001) {}
  apply(grads: Tensor[], vars: Variable[]): void {
    const V = vars[0].constructor as typeof Variable;
    if (!this.step) this.step = new V(o.scalar(0), { name: 'iteration', trainable: false });
    const t = o.add(this.step, 1);
    const corr = o.div(o.sqrt(o.sub(1, o.pow(0.999, t))), o.sub(1, o.pow(0.9, t)));
    vars.forEach((v, i) => {
      if (!this.m.has(v)) { this.m.set(v, new V(o.zerosLike(v), { trainable: false })); this.vv.set(v, new V(o.zerosLike(v), { trainable: false })); }
      const m = this.m.get(v)!, s = this.vv.get(v)!, g = grads[i];
      m.assign(o.add(m, o.mul(o.sub(g, m), 0.1)));
      s.assign(o.add(s, o.mul(o.sub(o.square(g), s), 0.001)));
      v.assign(o.sub(v, o.div(o.mul(o.mul(m, corr), this.learningRate), o.add(o.sqrt(s), 1e-7))));
    });
    this.step.assign(t);
  }
  getConfig() { return { name: 'adam', learning_rate: this.learningRate }; }
  variables() { return []; }
}

export function getOptimizer(id: string | Optimizer): Optimizer {
  if (typeof id !== 'string') return id;
  if (id.toLowerCase() === 'rmsprop') return new RMSprop();
  if (id.toLowerCase() === 'adam') return new Adam();
  throw new UnknownIdentifierError('optimizer', id, ['rmsprop', 'adam']);
}

export function checkLossTargets(_loss: Loss, _yTrueShape: number[], _yPredShape: number[], _dtype: string): void { /* interim */ }
