// Metrics, Keras 3 semantics. Mean-style metrics have a per-sample `fn` written with ops, so
// fit() traces them into its plan and only reads a sum per batch; Precision, Recall and AUC
// keep confusion counts updated eagerly. Each metric is registered (sdk/registry.ts) under its
// Keras name; getMetric resolves through it.
import { optionsObject } from './options.js';
import { UnknownIdentifierError, ValueError, describeValue } from './errors.js';
import { get, has, nameKey, register, spellings } from './registry.js';
import { Tensor } from './tensor/tensor.js';
import { asTensor } from './tensor/ops/creation.js';
import { checkNumber } from './tensor/ops/util.js';
import {
  argMax, broadcastTo, cast, equal, greater, less, mean, mul, reshape, square, sub, sum, range,
} from './tensor/ops/index.js';
import * as L from './losses.js';

export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

const f32 = (t: Tensor) => (t.dtype === 'float32' ? t : cast(t, 'float32'));
const asF = (b: Tensor) => cast(b, 'float32');

// ---------- per-sample functions ----------

/** Exact equality, elementwise (keras.metrics.Accuracy); [n] targets meet [n, 1] outputs. */
export function accuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  [yTrue, yPred] = L.squeezeOrExpandToSameRank(...L.lossArgs('accuracy', yTrue, yPred));
  return asF(equal(f32(yTrue), f32(yPred)));
}

export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): Tensor {
  [yTrue, yPred] = L.squeezeOrExpandToSameRank(...L.lossArgs('binary_accuracy', yTrue, yPred));
  checkNumber(threshold, 'binary_accuracy', 'threshold');
  return asF(equal(f32(yTrue), asF(greater(yPred, threshold))));
}

function squeezeLabels(yTrue: Tensor, yPred: Tensor): Tensor {
  if (yTrue.rank === yPred.rank && yTrue.shape[yTrue.rank - 1] === 1) return reshape(yTrue, yTrue.shape.slice(0, -1));
  return yTrue;
}

export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  [yTrue, yPred] = L.lossArgs('sparse_categorical_accuracy', yTrue, yPred);
  const t = squeezeLabels(yTrue, yPred);
  return asF(equal(f32(t), asF(argMax(yPred, -1))));
}

export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  [yTrue, yPred] = L.lossArgs('categorical_accuracy', yTrue, yPred);
  return asF(equal(argMax(yTrue, -1), argMax(yPred, -1)));
}

/**
 * Whether the target class is among the k largest predictions. A tie at the k-th place counts as
 * inside, as Keras's in_top_k does: the rank is 1 + the number of strictly larger predictions.
 */
export function sparseTopKCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, k = 5): Tensor {
  [yTrue, yPred] = L.lossArgs('sparse_top_k_categorical_accuracy', yTrue, yPred);
  checkK(k, 'sparse_top_k_categorical_accuracy');
  if (yPred.rank === 0) throw new ValueError('sparse_top_k_categorical_accuracy: predictions must have a class axis (shape [batch, classes]), got a scalar.');
  const classes = yPred.shape[yPred.rank - 1];
  const t = reshape(f32(squeezeLabels(yTrue, yPred)), [-1, 1]);
  const idx = reshape(range(0, classes), [1, classes]);
  const onehot = asF(equal(idx, t));
  const pt = sum(mul(yPred, onehot), -1, true);
  const above = sum(asF(greater(yPred, pt)), -1);
  return asF(less(above, k));
}

export function topKCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, k = 5): Tensor {
  [yTrue, yPred] = L.lossArgs('top_k_categorical_accuracy', yTrue, yPred);
  checkK(k, 'top_k_categorical_accuracy');
  return sparseTopKCategoricalAccuracy(asF(argMax(yTrue, -1)), yPred, k);
}

/** k of the top-k metrics: a positive integer. */
function checkK(k: unknown, where: string): void {
  if (!Number.isInteger(k) || (k as number) < 1) throw new ValueError(`${where}: k must be a positive integer, got ${describeValue(k)}.`);
}

// ---------- metric objects ----------

export abstract class Metric {
  abstract readonly className: string;
  name: string;
  constructor(name: string) {
    if (typeof name !== 'string') throw new ValueError(`${new.target.name}: name must be a string, got ${describeValue(name)}.`);
    this.name = name;
  }
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
    const where = `${this.className}.updateState`;
    const r = samplewiseValues(this.fn!(toT(yTrue, where, 'yTrue'), toT(yPred, where, 'yPred')), sampleWeight ? toT(sampleWeight, where, 'sampleWeight') : null);
    for (const x of r.values.dataSync()) this.total += x;
    this.count += r.weights ? Array.from(r.weights.dataSync()).reduce((a, b) => a + b, 0) : r.count;
  }
  result(): number { return this.count === 0 ? 0 : this.finalize(this.total / this.count); }
  resetState(): void { this.total = 0; this.count = 0; }
  override getConfig() { return { ...super.getConfig(), ...this.extra }; }
}

function toT(x: Tensor | number[] | number[][], where: string, arg: string): Tensor { return asTensor(x, where, arg); }

/**
 * Keras's reduce_to_samplewise_values: one value per sample (the mean over the other axes), each
 * times its weight, with the weights matched to the values' rank. `count` is the number of samples
 * when there are no weights (the mean then divides by it), else `weights` (their sum).
 */
export function samplewiseValues(values: Tensor, sampleWeight: Tensor | null): { values: Tensor; weights: Tensor | null; count: number } {
  values = f32(asTensor(values, 'samplewiseValues', 'values'));
  if (sampleWeight !== null && sampleWeight !== undefined) sampleWeight = asTensor(sampleWeight, 'samplewiseValues', 'sampleWeight');
  let weights: Tensor | null = null;
  if (sampleWeight) {
    let w: Tensor;
    [values, w] = L.squeezeOrExpandToSameRank(values, f32(sampleWeight));
    if (values.rank > w.rank) values = mean(values, Array.from({ length: values.rank - w.rank }, (_, i) => w.rank + i));
    if (w.shape.some((d, i) => d !== values.shape[i])) w = broadcastTo(w, values.shape);
    values = mul(values, w);
    weights = w.rank > 1 ? mean(w, Array.from({ length: w.rank - 1 }, (_, i) => i + 1)) : w;
  }
  if (values.rank > 1) values = mean(values, Array.from({ length: values.rank - 1 }, (_, i) => i + 1));
  return { values, weights, count: values.rank >= 1 ? values.shape[0] : 1 };
}

export class Accuracy extends MeanMetricWrapper { constructor(name = 'accuracy') { super(name, 'Accuracy', accuracy); } }
export class BinaryAccuracy extends MeanMetricWrapper {
  constructor(name = 'binary_accuracy', readonly threshold = 0.5) { checkNumber(threshold, 'BinaryAccuracy', 'threshold'); super(name, 'BinaryAccuracy', (t, p) => binaryAccuracy(t, p, threshold), { threshold }); }
}
export class CategoricalAccuracy extends MeanMetricWrapper { constructor(name = 'categorical_accuracy') { super(name, 'CategoricalAccuracy', categoricalAccuracy); } }
export class SparseCategoricalAccuracy extends MeanMetricWrapper { constructor(name = 'sparse_categorical_accuracy') { super(name, 'SparseCategoricalAccuracy', sparseCategoricalAccuracy); } }
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  constructor(k = 5, name = 'top_k_categorical_accuracy') { checkK(k, 'TopKCategoricalAccuracy'); super(name, 'TopKCategoricalAccuracy', (t, p) => topKCategoricalAccuracy(t, p, k), { k }); }
}
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  constructor(k = 5, name = 'sparse_top_k_categorical_accuracy') { checkK(k, 'SparseTopKCategoricalAccuracy'); super(name, 'SparseTopKCategoricalAccuracy', (t, p) => sparseTopKCategoricalAccuracy(t, p, k), { k }); }
}
export class MeanAbsoluteError extends MeanMetricWrapper { constructor(name = 'mean_absolute_error') { super(name, 'MeanAbsoluteError', L.meanAbsoluteError); } }
export class MeanSquaredError extends MeanMetricWrapper { constructor(name = 'mean_squared_error') { super(name, 'MeanSquaredError', L.meanSquaredError); } }
export class RootMeanSquaredError extends MeanMetricWrapper {
  constructor(name = 'root_mean_squared_error') { super(name, 'RootMeanSquaredError', (t, p) => square(sub(p, f32(t)))); }
  override finalize(m: number): number { return Math.sqrt(m); }
}

/** Options of Precision and Recall (keras.metrics.Precision(thresholds, top_k, class_id, name)). */
export interface PrecisionRecallArgs { thresholds?: number | null; topK?: number | null; classId?: number | null; name?: string }

/**
 * Confusion counts at thresholds, shared by Precision, Recall and AUC, as Keras's
 * update_confusion_matrix_variables: with `topK` only each row's k largest predictions can be
 * positive (ties go to the lower index, as top_k picks them); with `classId` only that column counts.
 */
function confusion(yTrue: Tensor, yPred: Tensor, thresholds: number[], sampleWeight?: Tensor | null, topK: number | null = null, classId: number | null = null) {
  const tt = toT(yTrue, 'Confusion metrics', 'yTrue'), pt = toT(yPred, 'Confusion metrics', 'yPred');
  let t: Float32Array = Float32Array.from(f32(tt).dataSync()), p: Float32Array = Float32Array.from(f32(pt).dataSync());
  if (t.length !== p.length) throw new ValueError(`Confusion metrics: y_true has ${t.length} values but y_pred has ${p.length}.`);
  const cols = pt.rank >= 2 ? pt.shape[pt.rank - 1] : 1;
  if (topK !== null) p = keepTopK(p, cols, topK);
  if (classId !== null) {
    if (pt.rank < 2) throw new ValueError(`Confusion metrics: classId needs predictions of shape [samples, classes], got ${JSON.stringify(pt.shape)}.`);
    if (!Number.isInteger(classId) || classId < 0 || classId >= cols) throw new ValueError(`Confusion metrics: classId must be an integer in [0, ${cols}), got ${classId}.`);
    const rows = p.length / cols;
    const pick = (v: Float32Array) => Float32Array.from({ length: rows }, (_, r) => v[r * cols + classId]);
    t = pick(t); p = pick(p);
  }
  const w = sampleWeight ? f32(toT(sampleWeight, 'Confusion metrics', 'sampleWeight')).dataSync() : null;
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

/** Each row's k largest values kept, the rest set to -Infinity (Keras's _filter_top_k). */
function keepTopK(p: Float32Array, cols: number, k: number): Float32Array {
  const out = new Float32Array(p.length).fill(-Infinity);
  const idx = Array.from({ length: cols }, (_, i) => i);
  for (let r = 0; r < p.length; r += cols) {
    const order = idx.slice().sort((a, b) => p[r + b] - p[r + a] || a - b);
    for (const j of order.slice(0, k)) out[r + j] = p[r + j];
  }
  return out;
}

const divNoNan = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Precision and Recall share their options; `new Precision('name', 0.3)` (older form) also works. */
function precisionRecallArgs(kind: string, nameOrArgs: string | PrecisionRecallArgs | undefined, thresholds: number | null | undefined): Required<PrecisionRecallArgs> {
  const a: PrecisionRecallArgs = typeof nameOrArgs === 'string' ? { name: nameOrArgs, thresholds } : nameOrArgs ?? { thresholds };
  const topK = a.topK ?? null;
  if (topK !== null && (!Number.isInteger(topK) || topK < 1)) throw new ValueError(`${kind}: topK must be a positive integer, got ${topK}.`);
  const thr = a.thresholds ?? null;
  if (thr !== null && !(typeof thr === 'number' && thr >= 0 && thr <= 1)) throw new ValueError(`${kind}: thresholds must be a number in [0, 1], got ${String(thr)}.`);
  return { name: a.name ?? kind.toLowerCase(), thresholds: thr, topK, classId: a.classId ?? null };
}

/** The threshold Keras uses: 0.5, or -Infinity with topK (a top-k prediction is positive). */
const thresholdOf = (a: Required<PrecisionRecallArgs>) => a.thresholds ?? (a.topK !== null ? -Infinity : 0.5);

/** Precision and Recall: true positives over true positives plus false positives (or negatives). */
abstract class PrecisionRecall extends Metric {
  readonly thresholds: number | null;
  readonly topK: number | null;
  readonly classId: number | null;
  private tp = 0; private other = 0;
  /** Which count goes beside the true positives: 'fp' (Precision) or 'fn' (Recall). */
  protected abstract readonly against: 'fp' | 'fn';
  constructor(cls: string, nameOrArgs?: string | PrecisionRecallArgs, thresholds?: number | null) {
    const a = precisionRecallArgs(cls, nameOrArgs, thresholds);
    super(a.name);
    this.thresholds = a.thresholds; this.topK = a.topK; this.classId = a.classId;
  }
  updateState(yTrue: Tensor, yPred: Tensor, sw?: Tensor | null): void {
    const c = confusion(yTrue, yPred, [thresholdOf(this)], sw, this.topK, this.classId);
    this.tp += c.tp[0]; this.other += c[this.against][0];
  }
  result(): number { return divNoNan(this.tp, this.tp + this.other); }
  resetState(): void { this.tp = 0; this.other = 0; }
  override getConfig() { return { ...super.getConfig(), thresholds: this.thresholds, top_k: this.topK, class_id: this.classId }; }
}

export class Precision extends PrecisionRecall {
  readonly className = 'Precision';
  protected readonly against = 'fp';
  constructor(nameOrArgs?: string | PrecisionRecallArgs, thresholds?: number | null) { super('Precision', nameOrArgs, thresholds); }
}

export class Recall extends PrecisionRecall {
  readonly className = 'Recall';
  protected readonly against = 'fn';
  constructor(nameOrArgs?: string | PrecisionRecallArgs, thresholds?: number | null) { super('Recall', nameOrArgs, thresholds); }
}

/** More thresholds than this would be memory, not precision (Keras's default is 200). */
const MAX_THRESHOLDS = 1_000_000;

export interface AUCArgs { name?: string; numThresholds?: number; curve?: 'ROC' | 'PR' }

/** Area under the ROC or PR curve from confusion counts at evenly spaced thresholds (Keras's AUC). */
export class AUC extends Metric {
  readonly className = 'AUC';
  readonly numThresholds: number;
  readonly curve: 'ROC' | 'PR';
  private readonly thresholds: number[];
  private tp: Float64Array; private fp: Float64Array; private tn: Float64Array; private fn_: Float64Array;
  constructor(args?: AUCArgs) {
    const a = optionsObject('AUC', args, 'AUCArgs');
    super(a.name ?? 'auc');
    this.numThresholds = a.numThresholds ?? 200;
    this.curve = a.curve ?? 'ROC';
    if (!Number.isInteger(this.numThresholds) || this.numThresholds < 2 || this.numThresholds > MAX_THRESHOLDS) {
      throw new ValueError(`AUC: numThresholds must be an integer in [2, ${MAX_THRESHOLDS}], got ${describeValue(this.numThresholds)}.`);
    }
    if (this.curve !== 'ROC' && this.curve !== 'PR') throw new ValueError(`AUC: curve must be 'ROC' or 'PR', got ${describeValue(this.curve)}.`);
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
    const v = f32(toT(values, 'Mean.updateState', 'values')).dataSync();
    const w = sampleWeight ? f32(toT(sampleWeight, 'Mean.updateState', 'sampleWeight')).dataSync() : null;
    v.forEach((x, i) => { const wi = w ? w[i] : 1; this.total += x * wi; this.count += wi; });
  }
  result(): number { return divNoNan(this.total, this.count); }
  resetState(): void { this.total = 0; this.count = 0; }
}

// ---------- identifiers ----------

const lossMetric = (lossFnName: string) => (name: string) => new MeanMetricWrapper(name, 'MeanMetricWrapper', L.getLossFunction(lossFnName));

export interface MetricContext { yTrueShape: readonly (number | null)[]; yPredShape: readonly (number | null)[]; lossName?: string }

/** The Keras metric names ('accuracy' and 'crossentropy' pick their variant from the shapes, as in Keras). */
export type MetricName =
  | 'accuracy' | 'acc' | 'crossentropy' | 'ce'
  | 'binary_accuracy' | 'categorical_accuracy' | 'sparse_categorical_accuracy' | 'top_k_categorical_accuracy' | 'sparse_top_k_categorical_accuracy'
  | 'mean_absolute_error' | 'mae' | 'mean_squared_error' | 'mse' | 'root_mean_squared_error' | 'rmse'
  | 'mean_absolute_percentage_error' | 'mape' | 'mean_squared_logarithmic_error' | 'msle'
  | 'binary_crossentropy' | 'categorical_crossentropy' | 'sparse_categorical_crossentropy' | 'kl_divergence' | 'poisson'
  | 'cosine_similarity' | 'hinge' | 'squared_hinge' | 'categorical_hinge' | 'log_cosh_error' | 'precision' | 'recall' | 'auc';
/** A metric: a Keras name (any other string is looked up at run time), a Metric, or a function (yTrue, yPred) → per-sample values. */
export type MetricIdentifier = MetricName | (string & {}) | Metric | MetricFn;

/**
 * Resolve a metric as Keras 3's compile does: 'accuracy'/'acc' (and 'crossentropy'/'ce') pick
 * the binary, sparse or categorical variant from the target and output shapes — not from the
 * loss, as TF.js does — and keep the user's spelling as the metric (and history key) name.
 */
export function getMetric(id: MetricIdentifier, ctx: MetricContext): Metric {
  if (id instanceof Metric) return id;
  if (typeof id === 'function') return new MeanMetricWrapper(id.name || 'custom_metric', 'MeanMetricWrapper', id);
  if (typeof id !== 'string') throw new ValueError(`Expected a metric name, function or Metric, got ${describeValue(id)}.`);
  if (ctx === null || typeof ctx !== 'object' || !Array.isArray(ctx.yTrueShape) || !Array.isArray(ctx.yPredShape)) {
    throw new ValueError(`getMetric('${id}'): the context must be {yTrueShape, yPredShape} (shape arrays), got ${describeValue(ctx)}.`);
  }
  const key = nameKey(id);
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
  return get<Metric>('metric', id, { name: id });
}

const SHAPED = ['accuracy', 'acc', 'crossentropy', 'ce'];

/** Validate a metric name without shapes (compile() calls this early). */
export function checkMetricName(id: MetricIdentifier): void {
  if (typeof id !== 'string') return;
  if (!SHAPED.includes(nameKey(id)) && !has('metric', id)) throw new UnknownIdentifierError('metric', id, spellings('metric'));
}

// Keras's names; by the one naming rule each is also its class name ('binary_accuracy' ≡
// 'BinaryAccuracy', 'auc' ≡ 'AUC'). A factory gets the config's name or the spelling compile() was
// given (Keras keeps it as the metric's name) and the config.
type MetricConfig = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const confusionArgs = (name: string, c: MetricConfig) => ({ name, thresholds: num(c.thresholds), topK: num(c.top_k), classId: num(c.class_id) });
const BUILT_IN: [string, (name: string, c: MetricConfig) => Metric, ...string[]][] = [
  ['accuracy', (n) => new Accuracy(n)], ['binary_accuracy', (n, c) => new BinaryAccuracy(n, num(c.threshold))],
  ['categorical_accuracy', (n) => new CategoricalAccuracy(n)], ['sparse_categorical_accuracy', (n) => new SparseCategoricalAccuracy(n)],
  ['top_k_categorical_accuracy', (n, c) => new TopKCategoricalAccuracy(num(c.k), n)],
  ['sparse_top_k_categorical_accuracy', (n, c) => new SparseTopKCategoricalAccuracy(num(c.k), n)],
  ['mean_absolute_error', (n) => new MeanAbsoluteError(n), 'mae'], ['mean_squared_error', (n) => new MeanSquaredError(n), 'mse'],
  ['root_mean_squared_error', (n) => new RootMeanSquaredError(n), 'rmse'],
  ['mean_absolute_percentage_error', lossMetric('mape'), 'mape'], ['mean_squared_logarithmic_error', lossMetric('msle'), 'msle'],
  ['binary_crossentropy', lossMetric('binary_crossentropy')], ['categorical_crossentropy', lossMetric('categorical_crossentropy')],
  ['sparse_categorical_crossentropy', lossMetric('sparse_categorical_crossentropy')], ['kl_divergence', lossMetric('kl_divergence')],
  ['poisson', lossMetric('poisson')], ['cosine_similarity', (n) => new MeanMetricWrapper(n, 'CosineSimilarity', (t, p) => mul(L.cosineSimilarity(t, p), -1))],
  ['hinge', lossMetric('hinge')], ['squared_hinge', lossMetric('squared_hinge')], ['categorical_hinge', lossMetric('categorical_hinge')],
  ['log_cosh_error', lossMetric('log_cosh')],
  ['precision', (n, c) => new Precision(confusionArgs(n, c))], ['recall', (n, c) => new Recall(confusionArgs(n, c))],
  ['auc', (n, c) => new AUC({ name: n, numThresholds: num(c.num_thresholds), curve: c.curve as 'ROC' | 'PR' | undefined })],
];
for (const [name, make, ...aliases] of BUILT_IN) {
  register('metric', name, (c) => make(typeof c.name === 'string' ? c.name : name, c), { aliases });
}
