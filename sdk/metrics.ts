// Metrics, Keras 3 semantics. Mean-style metrics have a per-sample `fn` written with ops, so
// fit() traces them into its plan and only reads a sum per batch; Precision, Recall and AUC
// keep confusion counts updated eagerly.
import { UnknownIdentifierError, ValueError } from './errors.js';
import { Tensor } from './tensor/tensor.js';
import {
  add, argMax, cast, equal, greater, less, mul, reshape, square, sub, sum, tensor, range,
} from './tensor/ops/index.js';
import * as L from './losses.js';

export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

const f32 = (t: Tensor) => (t.dtype === 'float32' ? t : cast(t, 'float32'));
const asF = (b: Tensor) => cast(b, 'float32');

// ---------- per-sample functions ----------

/** Exact equality, elementwise (keras.metrics.Accuracy). */
export function accuracy(yTrue: Tensor, yPred: Tensor): Tensor { return asF(equal(f32(yTrue), f32(yPred))); }

export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): Tensor {
  return asF(equal(f32(yTrue), asF(greater(yPred, threshold))));
}

function squeezeLabels(yTrue: Tensor, yPred: Tensor): Tensor {
  if (yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1) return reshape(yTrue, yTrue.shape.slice(0, -1));
  return yTrue;
}

export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  const t = squeezeLabels(yTrue, yPred);
  return asF(equal(f32(t), asF(argMax(yPred, -1))));
}

export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  return asF(equal(argMax(yTrue, -1), argMax(yPred, -1)));
}

/** Whether the target class is among the k largest predictions (ties broken by lower index, as top_k does). */
export function sparseTopKCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, k = 5): Tensor {
  const classes = yPred.shape[yPred.rank - 1];
  const t = reshape(f32(squeezeLabels(yTrue, yPred)), [-1, 1]);
  const idx = reshape(range(0, classes), [1, classes]);
  const onehot = asF(equal(idx, t));
  const pt = sum(mul(yPred, onehot), -1, true);
  const above = sum(asF(greater(yPred, pt)), -1);
  const tiedBefore = sum(mul(asF(equal(yPred, pt)), asF(less(idx, t))), -1);
  return asF(less(add(above, tiedBefore), k));
}

export function topKCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, k = 5): Tensor {
  return sparseTopKCategoricalAccuracy(asF(argMax(yTrue, -1)), yPred, k);
}

// ---------- metric objects ----------

export abstract class Metric {
  abstract readonly className: string;
  constructor(public name: string) {}
  /** Per-sample values for mean-style metrics (traceable); absent for stateful ones. */
  fn?: MetricFn;
  /** Turn the running mean into the result (RootMeanSquaredError takes the square root). */
  finalize(mean: number): number { return mean; }
  abstract updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void;
  abstract result(): number;
  abstract resetState(): void;
  getConfig(): Record<string, unknown> { return { name: this.name, dtype: 'float32' }; }
}

/** Weighted mean of per-sample values (Keras's MeanMetricWrapper). */
export class MeanMetricWrapper extends Metric {
  readonly className: string;
  private total = 0;
  private count = 0;
  constructor(name: string, className: string, fn: MetricFn, private readonly extra: Record<string, unknown> = {}) {
    super(name);
    this.className = className;
    this.fn = fn;
  }
  updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void {
    const v = this.fn!(toT(yTrue), toT(yPred));
    const vals = v.dataSync();
    if (sampleWeight) {
      const w = f32(toT(sampleWeight)).dataSync();
      const per = vals.length / w.length;
      for (let i = 0; i < vals.length; i++) { const wi = w[Math.floor(i / per)]; this.total += vals[i] * wi; this.count += wi; }
    } else {
      for (const x of vals) this.total += x;
      this.count += vals.length;
    }
  }
  result(): number { return this.count === 0 ? 0 : this.finalize(this.total / this.count); }
  resetState(): void { this.total = 0; this.count = 0; }
  override getConfig() { return { ...super.getConfig(), ...this.extra }; }
}

function toT(x: Tensor | number[] | number[][]): Tensor { return x instanceof Tensor ? x : tensor(x as number[]); }

export class Accuracy extends MeanMetricWrapper { constructor(name = 'accuracy') { super(name, 'Accuracy', accuracy); } }
export class BinaryAccuracy extends MeanMetricWrapper {
  constructor(name = 'binary_accuracy', readonly threshold = 0.5) { super(name, 'BinaryAccuracy', (t, p) => binaryAccuracy(t, p, threshold), { threshold }); }
}
export class CategoricalAccuracy extends MeanMetricWrapper { constructor(name = 'categorical_accuracy') { super(name, 'CategoricalAccuracy', categoricalAccuracy); } }
export class SparseCategoricalAccuracy extends MeanMetricWrapper { constructor(name = 'sparse_categorical_accuracy') { super(name, 'SparseCategoricalAccuracy', sparseCategoricalAccuracy); } }
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  constructor(k = 5, name = 'top_k_categorical_accuracy') { super(name, 'TopKCategoricalAccuracy', (t, p) => topKCategoricalAccuracy(t, p, k), { k }); }
}
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  constructor(k = 5, name = 'sparse_top_k_categorical_accuracy') { super(name, 'SparseTopKCategoricalAccuracy', (t, p) => sparseTopKCategoricalAccuracy(t, p, k), { k }); }
}
export class MeanAbsoluteError extends MeanMetricWrapper { constructor(name = 'mean_absolute_error') { super(name, 'MeanAbsoluteError', L.meanAbsoluteError); } }
export class MeanSquaredError extends MeanMetricWrapper { constructor(name = 'mean_squared_error') { super(name, 'MeanSquaredError', L.meanSquaredError); } }
export class RootMeanSquaredError extends MeanMetricWrapper {
  constructor(name = 'root_mean_squared_error') { super(name, 'RootMeanSquaredError', (t, p) => square(sub(p, f32(t)))); }
  override finalize(m: number): number { return Math.sqrt(m); }
}

/** Confusion counts at thresholds, shared by Precision, Recall and AUC. */
function confusion(yTrue: Tensor, yPred: Tensor, thresholds: number[], sampleWeight?: Tensor | null) {
  const t = f32(toT(yTrue)).dataSync(), p = f32(toT(yPred)).dataSync();
  if (t.length !== p.length) throw new ValueError(`Confusion metrics: y_true has ${t.length} values but y_pred has ${p.length}.`);
  const w = sampleWeight ? f32(toT(sampleWeight)).dataSync() : null;
  const per = w ? p.length / w.length : 1;
  const n = thresholds.length;
  const thr = thresholds.map(Math.fround); // compared in float32, as Keras does
  const tp = new Float64Array(n), fp = new Float64Array(n), tn = new Float64Array(n), fn = new Float64Array(n);
  for (let i = 0; i < p.length; i++) {
    const wi = w ? w[Math.floor(i / per)] : 1;
    const pos = t[i] > 0.5;
    for (let k = 0; k < n; k++) {
      const predPos = p[i] > thr[k];
      if (pos) { if (predPos) tp[k] += wi; else fn[k] += wi; }
      else if (predPos) fp[k] += wi; else tn[k] += wi;
    }
  }
  return { tp, fp, tn, fn };
}

const divNoNan = (a: number, b: number) => (b === 0 ? 0 : a / b);

export class Precision extends Metric {
  readonly className = 'Precision';
  private tp = 0; private fp = 0;
  constructor(name = 'precision', readonly thresholds: number | null = null) { super(name); }
  updateState(yTrue: Tensor, yPred: Tensor, sw?: Tensor | null): void {
    const c = confusion(yTrue, yPred, [this.thresholds ?? 0.5], sw);
    this.tp += c.tp[0]; this.fp += c.fp[0];
  }
  result(): number { return divNoNan(this.tp, this.tp + this.fp); }
  resetState(): void { this.tp = 0; this.fp = 0; }
  override getConfig() { return { ...super.getConfig(), thresholds: this.thresholds, top_k: null, class_id: null }; }
}

export class Recall extends Metric {
  readonly className = 'Recall';
  private tp = 0; private fn_ = 0;
  constructor(name = 'recall', readonly thresholds: number | null = null) { super(name); }
  updateState(yTrue: Tensor, yPred: Tensor, sw?: Tensor | null): void {
    const c = confusion(yTrue, yPred, [this.thresholds ?? 0.5], sw);
    this.tp += c.tp[0]; this.fn_ += c.fn[0];
  }
  result(): number { return divNoNan(this.tp, this.tp + this.fn_); }
  resetState(): void { this.tp = 0; this.fn_ = 0; }
  override getConfig() { return { ...super.getConfig(), thresholds: this.thresholds, top_k: null, class_id: null }; }
}

export interface AUCArgs { name?: string; numThresholds?: number; curve?: 'ROC' | 'PR' }

/** Area under the ROC or PR curve from confusion counts at evenly spaced thresholds (Keras's AUC). */
export class AUC extends Metric {
  readonly className = 'AUC';
  readonly numThresholds: number;
  readonly curve: 'ROC' | 'PR';
  private readonly thresholds: number[];
  private tp: Float64Array; private fp: Float64Array; private tn: Float64Array; private fn_: Float64Array;
  constructor(args: AUCArgs = {}) {
    super(args.name ?? 'auc');
    this.numThresholds = args.numThresholds ?? 200;
    this.curve = args.curve ?? 'ROC';
    if (this.numThresholds < 2) throw new ValueError(`AUC: numThresholds must be ≥ 2, got ${this.numThresholds}.`);
    const eps = 1e-7;
    const inner = Array.from({ length: this.numThresholds - 2 }, (_, i) => (i + 1) / (this.numThresholds - 1));
    this.thresholds = [0 - eps, ...inner, 1 + eps];
    this.tp = new Float64Array(this.numThresholds); this.fp = new Float64Array(this.numThresholds);
    this.tn = new Float64Array(this.numThresholds); this.fn_ = new Float64Array(this.numThresholds);
  }
  updateState(yTrue: Tensor, yPred: Tensor, sw?: Tensor | null): void {
    const c = confusion(yTrue, yPred, this.thresholds, sw);
    for (let k = 0; k < this.numThresholds; k++) { this.tp[k] += c.tp[k]; this.fp[k] += c.fp[k]; this.tn[k] += c.tn[k]; this.fn_[k] += c.fn[k]; }
  }
  result(): number {
    const n = this.numThresholds, tp = this.tp, fp = this.fp, tn = this.tn, fn = this.fn_;
    if (this.curve === 'PR') {
      let auc = 0;
      for (let i = 0; i < n - 1; i++) {
        const dtp = tp[i] - tp[i + 1];
        const p0 = tp[i] + fp[i], p1 = tp[i + 1] + fp[i + 1];
        const dp = p0 - p1;
        const slope = divNoNan(dtp, Math.max(dp, 0));
        const intercept = tp[i + 1] - slope * p1;
        const ratio = p0 > 0 && p1 > 0 ? divNoNan(p0, Math.max(p1, 0)) : 1;
        auc += divNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1] + fn[i + 1], 0));
      }
      return auc;
    }
    const recall = (i: number) => divNoNan(tp[i], tp[i] + fn[i]);
    const fpr = (i: number) => divNoNan(fp[i], fp[i] + tn[i]);
    let auc = 0;
    for (let i = 0; i < n - 1; i++) auc += (fpr(i) - fpr(i + 1)) * (recall(i) + recall(i + 1)) / 2;
    return auc;
  }
  resetState(): void { this.tp.fill(0); this.fp.fill(0); this.tn.fill(0); this.fn_.fill(0); }
  override getConfig() {
    return { ...super.getConfig(), num_thresholds: this.numThresholds, curve: this.curve, summation_method: 'interpolation', multi_label: false, num_labels: null, label_weights: null, from_logits: false };
  }
}

/** A running weighted mean of values (keras.metrics.Mean). */
export class Mean extends Metric {
  readonly className = 'Mean';
  private total = 0; private count = 0;
  constructor(name = 'mean') { super(name); }
  updateState(values: Tensor, _unused?: Tensor, sampleWeight?: Tensor | null): void {
    const v = f32(toT(values)).dataSync();
    const w = sampleWeight ? f32(toT(sampleWeight)).dataSync() : null;
    v.forEach((x, i) => { const wi = w ? w[i] : 1; this.total += x * wi; this.count += wi; });
  }
  result(): number { return divNoNan(this.total, this.count); }
  resetState(): void { this.total = 0; this.count = 0; }
}

// ---------- identifiers ----------

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

const lossMetric = (lossFnName: string) => (name: string) => new MeanMetricWrapper(name, 'MeanMetricWrapper', L.getLossFunction(lossFnName));

const BY_NAME: Record<string, (name: string) => Metric> = {
  binary_accuracy: (n) => new BinaryAccuracy(n), categorical_accuracy: (n) => new CategoricalAccuracy(n),
  sparse_categorical_accuracy: (n) => new SparseCategoricalAccuracy(n),
  top_k_categorical_accuracy: (n) => new TopKCategoricalAccuracy(5, n), sparse_top_k_categorical_accuracy: (n) => new SparseTopKCategoricalAccuracy(5, n),
  mean_absolute_error: (n) => new MeanAbsoluteError(n), mae: (n) => new MeanAbsoluteError(n),
  mean_squared_error: (n) => new MeanSquaredError(n), mse: (n) => new MeanSquaredError(n),
  root_mean_squared_error: (n) => new RootMeanSquaredError(n), rmse: (n) => new RootMeanSquaredError(n),
  mean_absolute_percentage_error: lossMetric('mape'), mape: lossMetric('mape'),
  mean_squared_logarithmic_error: lossMetric('msle'), msle: lossMetric('msle'),
  binary_crossentropy: lossMetric('binary_crossentropy'), categorical_crossentropy: lossMetric('categorical_crossentropy'),
  sparse_categorical_crossentropy: lossMetric('sparse_categorical_crossentropy'), kl_divergence: lossMetric('kl_divergence'),
  poisson: lossMetric('poisson'), cosine_similarity: (n) => new MeanMetricWrapper(n, 'CosineSimilarity', (t, p) => mul(L.cosineSimilarity(t, p), -1)),
  hinge: lossMetric('hinge'), squared_hinge: lossMetric('squared_hinge'), categorical_hinge: lossMetric('categorical_hinge'),
  log_cosh_error: lossMetric('log_cosh'),
  precision: (n) => new Precision(n), recall: (n) => new Recall(n), auc: () => new AUC(),
};

export interface MetricContext { yTrueShape: readonly (number | null)[]; yPredShape: readonly (number | null)[]; lossName?: string }

export type MetricIdentifier = string | Metric | MetricFn;

/**
 * Resolve a metric as Keras 3's compile does: 'accuracy'/'acc' (and 'crossentropy'/'ce') pick
 * the binary, sparse or categorical variant from the target and output shapes — not from the
 * loss, as TF.js does — and keep the user's spelling as the metric (and history key) name.
 */
export function getMetric(id: MetricIdentifier, ctx: MetricContext): Metric {
  if (id instanceof Metric) return id;
  if (typeof id === 'function') return new MeanMetricWrapper(id.name || 'custom_metric', 'MeanMetricWrapper', id);
  if (typeof id !== 'string') throw new ValueError(`Expected a metric name, function or Metric, got ${typeof id}.`);
  const key = snake(id);
  const yt = ctx.yTrueShape, yp = ctx.yPredShape;
  const binary = yp[yp.length - 1] === 1;
  const sparse = yt.length < yp.length || (yt[yt.length - 1] === 1 && (yp[yp.length - 1] ?? 2) > 1);
  if (key === 'accuracy' || key === 'acc') {
    if (binary) return new BinaryAccuracy(id);
    if (sparse) return new SparseCategoricalAccuracy(id);
    return new CategoricalAccuracy(id);
  }
  if (key === 'crossentropy' || key === 'ce') {
    return lossMetric(binary ? 'binary_crossentropy' : sparse ? 'sparse_categorical_crossentropy' : 'categorical_crossentropy')(id);
  }
  const make = BY_NAME[key];
  if (!make) throw new UnknownIdentifierError('metric', id, ['accuracy', 'acc', ...Object.keys(BY_NAME)]);
  return make(id);
}

/** Validate a metric name without shapes (compile() calls this early). */
export function checkMetricName(id: MetricIdentifier): void {
  if (typeof id !== 'string') return;
  const key = snake(id);
  if (['accuracy', 'acc', 'crossentropy', 'ce'].includes(key) || key in BY_NAME) return;
  throw new UnknownIdentifierError('metric', id, ['accuracy', 'acc', ...Object.keys(BY_NAME)]);
}

