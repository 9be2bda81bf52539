// Losses, Keras 3 formulas on the JAX backend: crossentropies on probabilities renormalise and
// clip to [1e-7, 1 - 1e-7]; every loss is written with ops, so it runs eagerly, under a tape
// and inside fit()'s plan, and its gradient comes from autodiff. Each loss class is registered
// (sdk/registry.ts) under its Keras names; getLoss resolves through it.
import { ShapeError, ValueError, describeValue, fmtShape } from './errors.js';
import { get, register } from './registry.js';
import { camelCase, optionsObject } from './options.js';
import { Tensor } from './tensor/tensor.js';
import { asTensor } from './tensor/ops/creation.js';
import { checkFlag, checkNumber } from './tensor/ops/util.js';
import {
  abs, add, cast, clip, div, equal, exp, lessEqual, log, log1p, logSoftmax, max, maximum, mean, mul, neg, oneHot,
  relu, reshape, softplus, sqrt, square, sub, sum, where,
} from './tensor/ops/index.js';

export const EPSILON = 1e-7;

export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;
export type Reduction = 'sum_over_batch_size' | 'sum' | 'none' | 'mean' | 'mean_with_sample_weight';
export const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'sum', 'none', 'mean', 'mean_with_sample_weight'];

const f32 = (t: Tensor) => (t.dtype === 'float32' ? t : cast(t, 'float32'));

/**
 * The targets and predictions of a loss or metric function, as tensors (arrays and numbers are
 * converted; anything else is a ValueError naming `where`). One instanceof each for tensors.
 */
export function lossArgs(where: string, yTrue: unknown, yPred: unknown): [Tensor, Tensor] {
  return [asTensor(yTrue, where, 'yTrue'), asTensor(yPred, where, 'yPred')];
}

/** A label-smoothing amount: a number in [0, 1]. */
function checkSmoothing(v: unknown, where: string): number {
  if (checkNumber(v, where, 'labelSmoothing') < 0 || (v as number) > 1) throw new ValueError(`${where}: labelSmoothing must be in [0, 1], got ${v}.`);
  return v as number;
}

/**
 * Keras's squeeze_or_expand_to_same_rank: when the ranks differ by one and the longer shape ends
 * in 1, drop that axis — or, when the shorter one is 1-D, give it a trailing axis instead. So
 * targets of shape [n] meet outputs of shape [n, 1] instead of broadcasting to [n, n].
 */
export function squeezeOrExpandToSameRank(a: Tensor, b: Tensor): [Tensor, Tensor] {
  [a, b] = [asTensor(a, 'squeezeOrExpandToSameRank', 'a'), asTensor(b, 'squeezeOrExpandToSameRank', 'b')];
  if (a.rank === b.rank) return [a, b];
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) {
    return b.rank === 1 ? [a, reshape(b, [...b.shape, 1])] : [reshape(a, a.shape.slice(0, -1)), b];
  }
  if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) {
    return a.rank === 1 ? [reshape(a, [...a.shape, 1]), b] : [a, reshape(b, b.shape.slice(0, -1))];
  }
  return [a, b];
}

/** The per-sample functions that squeeze or expand their arguments themselves, as Keras's do. */
function sameRank(name: string, fn: LossFunction): LossFunction {
  return (yTrue, yPred) => { const [t, p] = squeezeOrExpandToSameRank(...lossArgs(name, yTrue, yPred)); return fn(t, p); };
}

/** Crossentropies need equal shapes, as Keras's backend ops check (no silent broadcasting). */
function requireSameShape(what: string, yTrue: Tensor, yPred: Tensor): void {
  if (yTrue.rank !== yPred.rank || yTrue.shape.some((d, i) => d !== yPred.shape[i])) {
    const shapes = `got targets ${fmtShape(yTrue.shape)} and predictions ${fmtShape(yPred.shape)}`;
    const cls = what === 'binary_crossentropy' ? 'BinaryCrossentropy' : 'CategoricalCrossentropy';
    throw new ShapeError(`${what}: targets and predictions must have the same shape, ${shapes}. ` +
      `The loss object (compile({loss: '${what}'}) or new losses.${cls}()) matches [n] targets to [n, 1] outputs; the bare function does not, as in Keras.`);
  }
}

// ---------- per-sample functions (reduce the last axis) ----------

export const meanSquaredError: LossFunction = sameRank('mean_squared_error', (yTrue, yPred) => mean(square(sub(yPred, f32(yTrue))), -1));
export const meanAbsoluteError: LossFunction = sameRank('mean_absolute_error', (yTrue, yPred) => mean(abs(sub(yPred, f32(yTrue))), -1));

export const meanAbsolutePercentageError: LossFunction = sameRank('mean_absolute_percentage_error', (yTrue, yPred) => {
  const t = f32(yTrue);
  const diff = abs(div(sub(t, yPred), maximum(abs(t), EPSILON)));
  return mul(mean(diff, -1), 100);
});

export const meanSquaredLogarithmicError: LossFunction = sameRank('mean_squared_logarithmic_error', (yTrue, yPred) => {
  const a = log(add(maximum(yPred, EPSILON), 1));
  const b = log(add(maximum(f32(yTrue), EPSILON), 1));
  return mean(square(sub(a, b)), -1);
});

export function huber(yTrue: Tensor, yPred: Tensor, delta = 1): Tensor {
  [yTrue, yPred] = squeezeOrExpandToSameRank(...lossArgs('huber', yTrue, yPred));
  checkNumber(delta, 'huber', 'delta');
  const err = sub(yPred, f32(yTrue));
  const a = abs(err);
  const quad = mul(square(err), 0.5);
  const lin = sub(mul(a, delta), 0.5 * delta * delta);
  return mean(where(lessEqual(a, delta), quad, lin), -1);
}

export function logCosh(yTrue: Tensor, yPred: Tensor): Tensor {
  [yTrue, yPred] = squeezeOrExpandToSameRank(...lossArgs('log_cosh', yTrue, yPred));
  const x = sub(yPred, f32(yTrue));
  return mean(sub(add(x, softplus(mul(x, -2))), Math.log(2)), -1);
}

export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, fromLogits = false, labelSmoothing = 0): Tensor {
  [yTrue, yPred] = lossArgs('binary_crossentropy', yTrue, yPred);
  checkFlag(fromLogits, 'binary_crossentropy', 'fromLogits');
  checkSmoothing(labelSmoothing, 'binary_crossentropy');
  requireSameShape('binary_crossentropy', yTrue, yPred);
  let t = f32(yTrue);
  if (labelSmoothing) t = add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
  let bce: Tensor;
  if (fromLogits) {
    // relu(x) - x·t + log(1 + exp(-|x|))
    bce = add(sub(relu(yPred), mul(yPred, t)), log1p(exp(neg(abs(yPred)))));
  } else {
    const p = clip(yPred, EPSILON, 1 - EPSILON);
    bce = neg(add(mul(t, log(p)), mul(sub(1, t), log(sub(1, p)))));
  }
  return mean(bce, -1);
}

export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, fromLogits = false, labelSmoothing = 0, axis = -1): Tensor {
  [yTrue, yPred] = lossArgs('categorical_crossentropy', yTrue, yPred);
  checkFlag(fromLogits, 'categorical_crossentropy', 'fromLogits');
  checkSmoothing(labelSmoothing, 'categorical_crossentropy');
  requireSameShape('categorical_crossentropy', yTrue, yPred);
  let t = f32(yTrue);
  if (labelSmoothing) {
    const k = yPred.shape[yPred.rank - 1];
    t = add(mul(t, 1 - labelSmoothing), labelSmoothing / k);
  }
  if (fromLogits) return neg(sum(mul(t, logSoftmax(yPred, axis)), axis));
  const p = clip(div(yPred, sum(yPred, axis, true)), EPSILON, 1 - EPSILON);
  return neg(sum(mul(t, log(p)), axis));
}

export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor, fromLogits = false): Tensor {
  [yTrue, yPred] = lossArgs('sparse_categorical_crossentropy', yTrue, yPred);
  checkFlag(fromLogits, 'sparse_categorical_crossentropy', 'fromLogits');
  if (yPred.rank === 0) throw new ShapeError(`sparse_categorical_crossentropy: predictions must have a class axis (shape [batch, classes]), got a scalar.`);
  const classes = yPred.shape[yPred.rank - 1];
  let labels = yTrue;
  if (labels.rank === yPred.rank && labels.shape[labels.rank - 1] === 1) labels = reshape(labels, labels.shape.slice(0, -1));
  if (labels.rank !== yPred.rank - 1 || labels.shape.some((d, i) => d !== yPred.shape[i])) {
    throw new ValueError(`sparse_categorical_crossentropy: labels of shape ${fmtShape(yTrue.shape)} do not match predictions of shape ${fmtShape(yPred.shape)} (expected one integer label per row).`);
  }
  const oh = oneHot(cast(labels, 'int32'), classes);
  if (fromLogits) return neg(sum(mul(oh, logSoftmax(yPred)), -1));
  const p = clip(div(yPred, sum(yPred, -1, true)), EPSILON, 1 - EPSILON);
  return neg(sum(mul(oh, log(p)), -1));
}

export function klDivergence(yTrue: Tensor, yPred: Tensor): Tensor {
  [yTrue, yPred] = lossArgs('kl_divergence', yTrue, yPred);
  const t = clip(f32(yTrue), EPSILON, 1), p = clip(yPred, EPSILON, 1);
  return sum(mul(t, log(div(t, p))), -1);
}

export function poisson(yTrue: Tensor, yPred: Tensor): Tensor {
  [yTrue, yPred] = lossArgs('poisson', yTrue, yPred);
  return mean(sub(yPred, mul(f32(yTrue), log(add(yPred, EPSILON)))), -1);
}

/** {0, 1} labels become {-1, 1}, as Keras does for hinge losses. */
function hingeLabels(yTrue: Tensor): Tensor {
  const t = f32(yTrue);
  if (t.storage !== null) {
    const v = t.dataSync();
    if (v.every((x) => x === 0 || x === 1)) return sub(mul(t, 2), 1);
    return t;
  }
  return t;
}

export function hinge(yTrue: Tensor, yPred: Tensor): Tensor { [yTrue, yPred] = lossArgs('hinge', yTrue, yPred); return mean(maximum(sub(1, mul(hingeLabels(yTrue), yPred)), 0), -1); }
export function squaredHinge(yTrue: Tensor, yPred: Tensor): Tensor { [yTrue, yPred] = lossArgs('squared_hinge', yTrue, yPred); return mean(square(maximum(sub(1, mul(hingeLabels(yTrue), yPred)), 0)), -1); }

export function categoricalHinge(yTrue: Tensor, yPred: Tensor): Tensor {
  [yTrue, yPred] = lossArgs('categorical_hinge', yTrue, yPred);
  const t = f32(yTrue);
  const pos = sum(mul(t, yPred), -1);
  const negv = max(mul(sub(1, t), yPred), -1);
  return maximum(add(sub(negv, pos), 1), 0);
}

function l2Normalize(x: Tensor, axis: number): Tensor {
  return div(x, sqrt(maximum(sum(square(x), axis, true), 1e-12)));
}

export function cosineSimilarity(yTrue: Tensor, yPred: Tensor, axis = -1): Tensor {
  [yTrue, yPred] = squeezeOrExpandToSameRank(...lossArgs('cosine_similarity', yTrue, yPred));
  return neg(sum(mul(l2Normalize(f32(yTrue), axis), l2Normalize(yPred, axis)), axis));
}

// ---------- Loss objects ----------

export interface LossOptions { reduction?: Reduction | null; name?: string; fromLogits?: boolean; labelSmoothing?: number; delta?: number; axis?: number }

export interface Loss {
  /** A loss object is callable, as in Keras: `bce(yTrue, yPred)` is `bce.call(yTrue, yPred)`. */
  (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): Tensor;
}

/**
 * A loss with a reduction, as keras.losses.Loss (a LossFunctionWrapper): call() matches the
 * target's rank to the prediction's, computes per-sample values, weights and reduces them.
 */
export class Loss {
  // Defined on the callable instance by the constructor.
  declare readonly reduction: Reduction;
  declare readonly name: string;
  declare readonly fn: LossFunction;
  declare private readonly extraConfig: Record<string, unknown>;
  constructor(name: string, fn: LossFunction, options: LossOptions = {}, extraConfig: Record<string, unknown> = {}) {
    if (typeof name !== 'string') throw new ValueError(`Loss: name must be a string, got ${describeValue(name)}.`);
    if (typeof fn !== 'function') throw new ValueError(`Loss '${name}': fn must be a function (yTrue, yPred) => per-sample losses, got ${describeValue(fn)}.`);
    options = lossOptions(new.target === Loss ? 'Loss' : name, options);
    if (extraConfig === null || typeof extraConfig !== 'object') throw new ValueError(`Loss '${name}': extraConfig must be an object, got ${describeValue(extraConfig)}.`);
    // The instance is a function whose prototype is this class's, so `loss(yTrue, yPred)` works.
    const self = ((yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null) => self.call(yTrue, yPred, sampleWeight)) as unknown as Loss;
    Object.setPrototypeOf(self, new.target.prototype);
    const reduction = options.reduction === null ? 'none' : options.reduction ?? 'sum_over_batch_size';
    if (!REDUCTIONS.includes(reduction)) throw new ValueError(`Loss '${name}': reduction must be one of ${REDUCTIONS.join(', ')}, got '${String(reduction)}'.`);
    for (const [k, v] of Object.entries({ reduction, name, fn, extraConfig })) {
      Object.defineProperty(self, k, { value: v, writable: false, enumerable: k !== 'extraConfig', configurable: true });
    }
    return self;
  }

  /** Per-sample values, optionally weighted, then reduced (keras/src/losses/loss.py). */
  call(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): Tensor {
    const [t, p] = squeezeOrExpandToSameRank(...lossArgs(this.name, yTrue, yPred));
    const sw = sampleWeight === undefined || sampleWeight === null ? null : asTensor(sampleWeight, this.name, 'sampleWeight');
    return reduceWeightedValues(this.fn(t, p), sw, this.reduction);
  }

  getConfig(): Record<string, unknown> { return { name: this.name, reduction: this.reduction, ...this.extraConfig }; }
}

/** Weight per-sample loss values (the weights matched to their rank) and reduce them, as Keras does. */
export function reduceWeightedValues(values: Tensor, sampleWeight: Tensor | null, reduction: Reduction): Tensor {
  values = asTensor(values, 'reduceWeightedValues', 'values');
  if (sampleWeight !== null && sampleWeight !== undefined) sampleWeight = asTensor(sampleWeight, 'reduceWeightedValues', 'sampleWeight');
  if (!REDUCTIONS.includes(reduction)) throw new ValueError(`reduceWeightedValues: reduction must be one of ${REDUCTIONS.join(', ')}, got ${describeValue(reduction)}.`);
  let sw: Tensor | null = null;
  if (sampleWeight) {
    [values, sw] = squeezeOrExpandToSameRank(values, f32(sampleWeight));
    values = mul(values, sw);
  }
  if (reduction === 'none' || values.rank === 0 || (values.rank === 1 && values.shape[0] === 0)) return values;
  const total = sum(values);
  if (reduction === 'sum') return total;
  if (reduction === 'mean_with_sample_weight' && sw) return divNoNan(total, sum(sw));
  return div(total, Math.max(values.size, 1));
}

/** a / b, or 0 where b is 0 (Keras's divide_no_nan). */
function divNoNan(a: Tensor, b: Tensor): Tensor {
  const zero = equal(b, 0);
  return where(zero, 0, div(a, where(zero, 1, b)));
}

/** A loss class's options, checked: an object (or nothing) with known keys and values of the right kind. */
function lossOptions(cls: string, options: LossOptions | undefined): LossOptions {
  const o = optionsObject(cls, options, 'LossOptions');
  if (o.name !== undefined && typeof o.name !== 'string') throw new ValueError(`${cls}: name must be a string, got ${describeValue(o.name)}.`);
  if (o.fromLogits !== undefined) checkFlag(o.fromLogits, cls, 'fromLogits');
  if (o.labelSmoothing !== undefined) checkSmoothing(o.labelSmoothing, cls);
  if (o.delta !== undefined) checkNumber(o.delta, cls, 'delta');
  if (o.axis !== undefined && !Number.isInteger(o.axis)) throw new ValueError(`${cls}: axis must be an integer, got ${describeValue(o.axis)}.`);
  return o;
}

export class MeanSquaredError extends Loss { constructor(o?: LossOptions) { o = lossOptions('MeanSquaredError', o); super(o.name ?? 'mean_squared_error', meanSquaredError, o); } }
export class MeanAbsoluteError extends Loss { constructor(o?: LossOptions) { o = lossOptions('MeanAbsoluteError', o); super(o.name ?? 'mean_absolute_error', meanAbsoluteError, o); } }
export class MeanAbsolutePercentageError extends Loss { constructor(o?: LossOptions) { o = lossOptions('MeanAbsolutePercentageError', o); super(o.name ?? 'mean_absolute_percentage_error', meanAbsolutePercentageError, o); } }
export class MeanSquaredLogarithmicError extends Loss { constructor(o?: LossOptions) { o = lossOptions('MeanSquaredLogarithmicError', o); super(o.name ?? 'mean_squared_logarithmic_error', meanSquaredLogarithmicError, o); } }
export class Huber extends Loss {
  constructor(o?: LossOptions) { o = lossOptions('Huber', o); const d = o.delta ?? 1; super(o.name ?? 'huber_loss', (t, p) => huber(t, p, d), o, { delta: d }); }
}
export class LogCosh extends Loss { constructor(o?: LossOptions) { o = lossOptions('LogCosh', o); super(o.name ?? 'log_cosh', logCosh, o); } }
export class BinaryCrossentropy extends Loss {
  constructor(o?: LossOptions) {
    o = lossOptions('BinaryCrossentropy', o);
    const fl = o.fromLogits ?? false, ls = o.labelSmoothing ?? 0;
    super(o.name ?? 'binary_crossentropy', (t, p) => binaryCrossentropy(t, p, fl, ls), o, { from_logits: fl, label_smoothing: ls, axis: -1 });
  }
}
export class CategoricalCrossentropy extends Loss {
  constructor(o?: LossOptions) {
    o = lossOptions('CategoricalCrossentropy', o);
    const fl = o.fromLogits ?? false, ls = o.labelSmoothing ?? 0, ax = o.axis ?? -1;
    super(o.name ?? 'categorical_crossentropy', (t, p) => categoricalCrossentropy(t, p, fl, ls, ax), o, { from_logits: fl, label_smoothing: ls, axis: ax });
  }
}
export class SparseCategoricalCrossentropy extends Loss {
  constructor(o?: LossOptions) {
    o = lossOptions('SparseCategoricalCrossentropy', o);
    const fl = o.fromLogits ?? false;
    super(o.name ?? 'sparse_categorical_crossentropy', (t, p) => sparseCategoricalCrossentropy(t, p, fl), o, { from_logits: fl, ignore_class: null });
  }
}
export class KLDivergence extends Loss { constructor(o?: LossOptions) { o = lossOptions('KLDivergence', o); super(o.name ?? 'kl_divergence', klDivergence, o); } }
export class Poisson extends Loss { constructor(o?: LossOptions) { o = lossOptions('Poisson', o); super(o.name ?? 'poisson', poisson, o); } }
export class Hinge extends Loss { constructor(o?: LossOptions) { o = lossOptions('Hinge', o); super(o.name ?? 'hinge', hinge, o); } }
export class SquaredHinge extends Loss { constructor(o?: LossOptions) { o = lossOptions('SquaredHinge', o); super(o.name ?? 'squared_hinge', squaredHinge, o); } }
export class CategoricalHinge extends Loss { constructor(o?: LossOptions) { o = lossOptions('CategoricalHinge', o); super(o.name ?? 'categorical_hinge', categoricalHinge, o); } }
export class CosineSimilarity extends Loss {
  constructor(o?: LossOptions) { o = lossOptions('CosineSimilarity', o); const ax = o.axis ?? -1; super(o.name ?? 'cosine_similarity', (t, p) => cosineSimilarity(t, p, ax), o, { axis: ax }); }
}

/** The Keras loss names and aliases (editors complete them; camelCase spellings work too). */
export type LossName =
  | 'mean_squared_error' | 'mse' | 'mean_absolute_error' | 'mae' | 'mean_absolute_percentage_error' | 'mape'
  | 'mean_squared_logarithmic_error' | 'msle' | 'huber' | 'huber_loss' | 'log_cosh' | 'logcosh'
  | 'binary_crossentropy' | 'categorical_crossentropy' | 'sparse_categorical_crossentropy'
  | 'kl_divergence' | 'kld' | 'kullback_leibler_divergence' | 'poisson' | 'hinge' | 'squared_hinge' | 'categorical_hinge'
  | 'cosine_similarity';
/** A loss: a Keras name (any other string is looked up at run time), a Loss, or a function (yTrue, yPred) → per-sample values. */
export type LossIdentifier = LossName | (string & {}) | Loss | LossFunction;

export function getLoss(id: LossIdentifier): Loss {
  if (id instanceof Loss) return id;
  if (typeof id === 'function') return new Loss(id.name || 'custom_loss', id);
  if (typeof id !== 'string') throw new ValueError(`Expected a loss name, function or Loss object, got ${typeof id}.`);
  return get<Loss>('loss', id);
}

/** The per-sample function of a loss name (keras.losses.get for functions): the loss's own, with its defaults. */
export function getLossFunction(id: string): LossFunction {
  return getLoss(id).fn;
}

/**
 * Check targets against a loss before training: integer labels with categorical_crossentropy
 * are a classic mistake; Keras's error message is cryptic, ours suggests the fix.
 */
export function checkLossTargets(loss: Loss, yTrueShape: readonly number[], yPredShape: readonly number[], yTrueDtype: string): void {
  if (!(loss instanceof Loss)) throw new ValueError(`checkLossTargets: loss must be a Loss object (see getLoss()), got ${describeValue(loss)}.`);
  if (!Array.isArray(yTrueShape) || !Array.isArray(yPredShape)) throw new ValueError(`checkLossTargets: the target and prediction shapes must be arrays, got ${describeValue(yTrueShape)} and ${describeValue(yPredShape)}.`);
  const classes = yPredShape[yPredShape.length - 1];
  if (loss.name === 'categorical_crossentropy') {
    const last = yTrueShape[yTrueShape.length - 1];
    const sparseLooking = yTrueShape.length < yPredShape.length || (last === 1 && classes > 1) || (yTrueDtype === 'int32' && last !== classes);
    if (sparseLooking) {
      throw new ValueError(`categorical_crossentropy expects one-hot targets of shape [batch, ${classes}], but got targets of shape ${fmtShape(yTrueShape)}` +
        `${yTrueDtype === 'int32' ? ' (integer labels)' : ''}. Use loss 'sparse_categorical_crossentropy' for integer labels, or one-hot encode them with utils.toCategorical().`);
    }
  }
}


/** A loss's Keras config (name, reduction, from_logits, ...) as the options its class takes. */
function optionsFromConfig(c: Record<string, unknown>): LossOptions {
  const o: Record<string, unknown> = {};
  for (const k of ['name', 'reduction', 'from_logits', 'label_smoothing', 'axis', 'delta']) if (c[k] !== undefined) o[camelCase(k)] = c[k];
  return o as LossOptions;
}

// By the one naming rule each name is also its class name ('mean_squared_error' ≡ 'MeanSquaredError').
const BUILT_IN: [new (o?: LossOptions) => Loss, LossName, ...LossName[]][] = [
  [MeanSquaredError, 'mean_squared_error', 'mse'], [MeanAbsoluteError, 'mean_absolute_error', 'mae'],
  [MeanAbsolutePercentageError, 'mean_absolute_percentage_error', 'mape'], [MeanSquaredLogarithmicError, 'mean_squared_logarithmic_error', 'msle'],
  [Huber, 'huber_loss'], [LogCosh, 'log_cosh', 'logcosh'], [BinaryCrossentropy, 'binary_crossentropy'],
  [CategoricalCrossentropy, 'categorical_crossentropy'], [SparseCategoricalCrossentropy, 'sparse_categorical_crossentropy'],
  [KLDivergence, 'kl_divergence', 'kld', 'kullback_leibler_divergence'], [Poisson, 'poisson'], [Hinge, 'hinge'],
  [SquaredHinge, 'squared_hinge'], [CategoricalHinge, 'categorical_hinge'], [CosineSimilarity, 'cosine_similarity'],
];
for (const [cls, name, ...aliases] of BUILT_IN) register('loss', name, cls, { aliases, fromConfig: (c) => new cls(optionsFromConfig(c)) });
// Keras's function huber (default name 'huber') against the class Huber (name 'huber_loss'); by the
// one naming rule 'Huber' is 'huber' too, and a config's own name wins either way.
register('loss', 'huber', (c) => new Huber({ name: 'huber', ...optionsFromConfig(c) }));
