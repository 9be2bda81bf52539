// compile / fit / evaluate / predict. compile() resolves the pieces; the first call with a
// given batch size traces one step (forward, loss, backward, optimizer, metrics) into a Plan
// with fixed buffers; every batch then copies its rows in and replays the plan's kernels.
import { ShapeError, StateError, ValueError } from '../errors.js';
import { checkKnownOptions } from '../options.js';
import { heapF32, heapU8 } from '../engine/memory.js';
import { BYTES_PER_ELEMENT, Tensor, type DType } from '../tensor/tensor.js';
import { trace } from '../tensor/graph.js';
import { Plan } from '../tensor/plan.js';
import { backprop } from '../tensor/tape.js';
import { add, mul, sum, cast, reshape, fill, gather, argMax, div, equal, where } from '../tensor/ops/index.js';
import { squeezeOrExpandToSameRank } from '../losses.js';
import { makeRng, nextKey, shuffleInPlace } from '../tensor/random.js';
import { Callback, History, ProgbarLogger, type Logs } from '../callbacks.js';
import type { Model } from './functional.js';
import { BatchCopier, batchDType, borrowedTensor, checkSameLength, sliceRows, splitData, toSamples, type ArrayData, type ModelData } from './data.js';
import { checkLossTargets, checkMetricName, getLoss, getMetric, getOptimizer, samplewiseValues, Metric, type Loss, type Optimizer } from './compile-resolve.js';
import { checkEvaluateArgs, checkSampleWeight, validateEpochData } from './validate.js';

import type { LossIdentifier } from '../losses.js';
import type { MetricIdentifier } from '../metrics.js';
import type { OptimizerIdentifier } from '../optimizers/index.js';
export type { LossIdentifier, MetricIdentifier, OptimizerIdentifier };

export type MetricsArg = MetricIdentifier | MetricIdentifier[] | Record<string, MetricIdentifier | MetricIdentifier[]> | MetricIdentifier[][];

export interface CompileArgs {
  /** Defaults to 'rmsprop', as in Keras. */
  optimizer?: OptimizerIdentifier;
  loss: LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;
  /** Unweighted metrics: sampleWeight and classWeight enter the loss only (Keras 3). */
  metrics?: MetricsArg;
  /** Metrics weighted by sampleWeight/classWeight, logged under their own names. */
  weightedMetrics?: MetricsArg;
  lossWeights?: number[] | Record<string, number>;
}

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  /** 0 silent, 1 progress bar, 2 one line per epoch ('auto' = 1). */
  verbose?: 0 | 1 | 2 | 'auto';
  callbacks?: Callback[];
  validationSplit?: number;
  validationData?: [ModelData, ModelData] | [ModelData, ModelData, ArrayData];
  shuffle?: boolean;
  classWeight?: Record<number, number>;
  sampleWeight?: ArrayData;
  initialEpoch?: number;
  validationBatchSize?: number;
  validationFreq?: number;
  /** Print function for progress lines (default: stdout / console). */
  printFn?: (line: string) => void;
}

export interface EvaluateArgs { batchSize?: number; verbose?: 0 | 1 | 2 | 'auto'; sampleWeight?: ArrayData; returnDict?: boolean; callbacks?: Callback[] }
export interface PredictArgs { batchSize?: number; verbose?: 0 | 1 | 2 | 'auto' }


/** A compiled metric of one output; `weighted` ones see the sample weights (compile's weightedMetrics). */
interface MetricEntry { metric: Metric; weighted: boolean }

interface OutputSpec {
  name: string; loss: Loss | null; weight: number;
  metricIds: MetricIdentifier[]; weightedIds: MetricIdentifier[];
  /** Resolved from the first data's shapes (Keras resolves 'accuracy' from them). */
  metrics: MetricEntry[] | null;
}

interface StepPlan {
  plan: Plan;
  batch: number;
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor | null;
  total: Tensor;
  outputLosses: Tensor[];
  /** Per output, per metric with a traced fn: the batch sum of its per-sample values and their count or weight (null otherwise). */
  metricSums: ({ sum: Tensor; count: number | Tensor } | null)[][];
  preds: Tensor[];
}

type Mode = 'train' | 'test' | 'predict';

const readScalar = (t: Tensor) => heapF32()[t.ptr >>> 2];

/** Metrics given as one identifier, a list, a list per output, or a dict by output name → a list per output. */
function metricsPerOutput(metrics: MetricsArg | undefined, names: string[], what: string): MetricIdentifier[][] {
  if (metrics === undefined || metrics === null) return names.map(() => []);
  if (!Array.isArray(metrics) && (typeof metrics !== 'object' || metrics instanceof Metric)) return names.map(() => [metrics as MetricIdentifier]);
  if (Array.isArray(metrics)) {
    if (metrics.length > 0 && metrics.every((m) => Array.isArray(m)) && names.length > 1) {
      if (metrics.length !== names.length) throw new ValueError(`compile(): ${what} has ${metrics.length} lists but the model has ${names.length} outputs (${names.join(', ')}).`);
      return metrics as MetricIdentifier[][];
    }
    return names.map(() => metrics as MetricIdentifier[]);
  }
  const m = metrics as Record<string, MetricIdentifier | MetricIdentifier[]>;
  const unknown = Object.keys(m).filter((k) => !names.includes(k));
  if (unknown.length) throw new ValueError(`compile(): ${what} names output(s) ${unknown.map((k) => `'${k}'`).join(', ')}, but the model's outputs are ${names.map((n) => `'${n}'`).join(', ')}.`);
  return names.map((n) => { const v = Object.hasOwn(m, n) ? m[n] : undefined; return v === undefined ? [] : Array.isArray(v) ? v : [v]; });
}

/** Every metric identifier in a compile() metrics argument, for early name checks. */
function allMetricIds(metrics: MetricsArg | undefined): MetricIdentifier[] {
  if (metrics === undefined || metrics === null) return [];
  if (Array.isArray(metrics)) return (metrics as (MetricIdentifier | MetricIdentifier[])[]).flat();
  if (typeof metrics === 'object' && !(metrics instanceof Metric)) return Object.values(metrics).flat();
  return [metrics as MetricIdentifier];
}

/**
 * Keras's apply_mask (keras/src/losses/loss.py): the mask of a model output (a masked sequence
 * output) joins the sample weights. For a mean reduction the unmasked entries weigh
 * total/valid, so the loss is the mean over them; metrics (reduction 'sum') weigh them 1.
 */
function applyOutputMask(sw: Tensor | null, mask: Tensor | null, reduction: string): Tensor | null {
  if (!mask) return sw;
  let m = cast(mask, 'float32');
  if (reduction === 'mean' || reduction === 'sum_over_batch_size') {
    const valid = sum(m), none = equal(valid, 0);
    m = mul(m, where(none, 0, div(m.size, where(none, 1, valid)))); // divide_no_nan(total, valid)
  }
  if (!sw) return m;
  const [a, b] = squeezeOrExpandToSameRank(m, sw);
  return mul(a, b);
}

/** The compiled state of a model. */
export class Trainer {
  readonly optimizer: Optimizer;
  readonly outputs: OutputSpec[];
  private plans = new Map<string, StepPlan>();
  private copier = new BatchCopier();

  /** Resolve the identifiers without a model, so bad names fail at compile(). */
  static validate(args: CompileArgs): void {
    if (!args || typeof args !== 'object') throw new ValueError(`compile(): expected an options object {optimizer, loss, metrics}, got ${args === null ? 'null' : typeof args}.`);
    checkKnownOptions('compile()', args, 'CompileArgs', 'interface');
    if (args.loss === undefined) throw new ValueError('compile(): `loss` is required (e.g. "categorical_crossentropy").');
    getOptimizer(args.optimizer ?? 'rmsprop');
    const ls = typeof args.loss === 'object' && !Array.isArray(args.loss) && !('call' in args.loss) ? Object.values(args.loss) : Array.isArray(args.loss) ? args.loss : [args.loss];
    for (const l of ls) getLoss(l as LossIdentifier);
    for (const m of [...allMetricIds(args.metrics), ...allMetricIds(args.weightedMetrics)]) checkMetricName(m);
  }

  constructor(readonly model: Model, args: CompileArgs) {
    Trainer.validate(args);
    this.optimizer = getOptimizer(args.optimizer ?? 'rmsprop');
    const names = model.outputNames;
    const perOutput = <T>(v: T | T[] | Record<string, T> | undefined, what: string, dflt: T): T[] => {
      if (v === undefined) return names.map(() => dflt);
      if (Array.isArray(v)) {
        if (v.length !== names.length) throw new ValueError(`compile(): ${what} has ${v.length} entries but the model has ${names.length} outputs (${names.join(', ')}).`);
        return v;
      }
      // A per-output dict is a plain object keyed by output names (a Loss or Metric instance is not).
      if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && Object.keys(v).every((k) => names.includes(k))) {
        return names.map((n) => (v as Record<string, T>)[n] ?? dflt);
      }
      return names.map(() => v as T);
    };
    const losses = perOutput<LossIdentifier | null>(args.loss as LossIdentifier, 'loss', null);
    const weights = perOutput<number>(args.lossWeights as number | number[] | Record<string, number> | undefined, 'lossWeights', 1);
    const metricLists = metricsPerOutput(args.metrics, names, 'metrics');
    const weightedLists = metricsPerOutput(args.weightedMetrics, names, 'weightedMetrics');
    this.outputs = names.map((name, i) => ({
      name, loss: losses[i] === null ? null : getLoss(losses[i] as LossIdentifier), weight: weights[i],
      metricIds: metricLists[i], weightedIds: weightedLists[i], metrics: null,
    }));
    if (this.outputs.every((o) => o.loss === null)) throw new ValueError('compile(): no loss given for any output.');
  }

  /** Resolve metrics once the target shapes are known (Keras resolves 'accuracy' from shapes). */
  private resolveMetrics(ys: Tensor[], preds: { shape: (number | null)[] }[]): void {
    this.outputs.forEach((o, i) => {
      if (o.metrics !== null) return;
      const ctx = { yTrueShape: ys[i].shape, yPredShape: preds[i].shape, lossName: o.loss?.name };
      o.metrics = [
        ...o.metricIds.map((id) => ({ metric: getMetric(id, ctx), weighted: false })),
        ...o.weightedIds.map((id) => ({ metric: getMetric(id, ctx), weighted: true })),
      ];
    });
  }

  /**
   * Log keys in Keras's naming (CompileMetrics.result): loss, <out>_loss, then the metrics as
   * <metric> or <out>_<metric>; a weighted metric whose name is taken becomes weighted_<metric>,
   * and later repeats get _1, _2, ...
   */
  private keyNames(): { lossKeys: string[]; metricKeys: string[][] } {
    const multi = this.outputs.length > 1;
    const taken = new Map<string, number>();
    const metricKeys: string[][] = this.outputs.map((o) => (o.metrics ?? []).map(() => ''));
    for (const weighted of [false, true]) {
      this.outputs.forEach((o, i) => (o.metrics ?? []).forEach((e, j) => {
        if (e.weighted !== weighted) return;
        const prefix = multi ? `${o.name}_` : '';
        let key = prefix + e.metric.name;
        if (taken.has(key) && weighted) key = `${prefix}weighted_${e.metric.name}`;
        if (taken.has(key)) { const n = taken.get(key)!; taken.set(key, n + 1); key = `${key}_${n}`; } else taken.set(key, 1);
        metricKeys[i][j] = key;
      }));
    }
    return { lossKeys: multi ? this.outputs.map((o) => `${o.name}_loss`) : [], metricKeys };
  }

  private getPlan(mode: Mode, batch: number, xs: Tensor[], ys: Tensor[], withSw: boolean): StepPlan {
    // Everything that changes the traced step: the mode, the batch, the dtypes and per-sample shapes
    // of inputs and targets, and whether samples are weighted (a plan reinterprets its buffers' bits).
    const sig = (t: Tensor) => `${t.dtype}[${t.shape.slice(1).join(',')}]`;
    const key = `${mode}:${batch}:${withSw ? 1 : 0}:${xs.map(sig).join(';')}:${mode === 'predict' ? '' : ys.map(sig).join(';')}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const model = this.model;
    if (!model.graph) throw new StateError(`Model '${model.name}' is not built.`);
    const built = trace((g) => {
      const xph = xs.map((x, i) => g.placeholder([batch, ...x.shape.slice(1)], batchDType(x, model.inputs[i].dtype)));
      const yph = mode === 'predict' ? [] : ys.map((y) => g.placeholder([batch, ...y.shape.slice(1)], y.dtype));
      const sw = withSw ? g.placeholder([batch], 'float32') : null;
      const everyLayer = model.flattenLayers();
      for (const l of everyLayer) l.activityLosses = [];
      // Outputs with their Keras masks: a masked output's loss and metrics skip the masked entries.
      const { outputs: preds, masks: outMasks } = model.graph!.runWithMasks(xph, mode === 'train', null);
      if (mode === 'predict') return { xph, yph, sw, preds, total: preds[0], outputLosses: [], metricSums: [] };
      this.resolveMetrics(ys, preds);
      const outputLosses: Tensor[] = [];
      let total: Tensor | null = null;
      this.outputs.forEach((o, i) => {
        if (!o.loss) return;
        const l = o.loss.call(yph[i], preds[i], applyOutputMask(sw, outMasks[i], o.loss.reduction));
        outputLosses.push(l);
        const w = o.weight === 1 ? l : mul(l, o.weight);
        total = total === null ? w : add(total, w);
      });
      // Weight penalties of the trainable weights and activity penalties of this call, at any depth.
      const reg = model.regularizationLoss();
      if (reg) total = add(total!, reg);
      for (const layer of everyLayer) for (const a of layer.activityLosses) total = add(total!, a);
      const metricSums = this.outputs.map((o, i) => (o.metrics ?? []).map(({ metric, weighted }) => {
        if (!metric.fn) return null;
        // One value per sample, as Keras's Mean; only weighted metrics see the sample weights.
        // Keras 3 (JAX) masks the metrics of evaluate but not of fit: its train step hands the
        // metrics the outputs from value_and_grad's aux, which no longer carry the mask.
        const mask = mode === 'train' ? null : outMasks[i];
        const r = samplewiseValues(metric.fn(yph[i], preds[i]), applyOutputMask(weighted ? sw : null, mask, 'sum'));
        return { sum: sum(r.values), count: r.weights ? sum(r.weights) : r.count };
      }));
      if (mode === 'train') {
        const vars = model.trainableWeights;
        const grads = backprop(g.nodes, [total!], [null], vars);
        this.optimizer.apply(grads, vars); // also applies the variables' constraints
      }
      return { xph, yph, sw, preds, total: total!, outputLosses, metricSums };
    });
    const r = built.result;
    const metricScalars = r.metricSums.flat().flatMap((m) => (m === null ? [] : typeof m.count === 'number' ? [m.sum] : [m.sum, m.count]));
    const keepReadable = [...r.preds, r.total, ...r.outputLosses, ...metricScalars, ...r.yph];
    const plan = new Plan(built.graph, keepReadable);
    const sp: StepPlan = { plan, batch, xs: r.xph, ys: r.yph, sw: r.sw, total: r.total, outputLosses: r.outputLosses, metricSums: r.metricSums, preds: r.preds };
    this.plans.set(key, sp);
    return sp;
  }

  /** Forget plans (after the optimizer, weights or trainable flags change structurally). */
  resetPlans(): void {
    for (const p of this.plans.values()) p.plan.dispose();
    this.plans.clear();
  }

  // ---------- data ----------

  /**
   * Tensors made from the user's arrays (conversions, casts, splits) are ours: the caller
   * disposes them when the call ends (see `temps`), so memory does not wait for the GC.
   */
  prepareX(x: ModelData, temps: Tensor[], what = 'x'): Tensor[] {
    const model = this.model;
    // The common case (predicting on one tensor of the input's dtype) skips the conversions.
    if (x instanceof Tensor && model.inputs.length === 1 && x.rank > 0 && x.dtype === model.inputs[0].dtype) {
      model.checkInputs([x]);
      return [x];
    }
    const arrays = splitData(x, model.inputNames, 'input');
    const ts = arrays.map((a, i) => track(a, toSamples(a, model.inputs[i].shape, model.inputs[i].dtype === 'float32' ? 'float32' : model.inputs[i].dtype, `${what} (input '${model.inputNames[i]}')`, true), temps));
    model.checkInputs(ts);
    return ts;
  }

  prepareY(y: ModelData, temps: Tensor[], what = 'y'): Tensor[] {
    const arrays = splitData(y, this.model.outputNames, 'output');
    return arrays.map((a, i) => {
      let t = track(a, toSamples(a, this.model.outputs[i].shape, null, `${what} (output '${this.model.outputNames[i]}')`), temps);
      const o = this.outputs[i];
      if (o.loss) checkLossTargets(o.loss, t.shape, this.model.outputs[i].shape.map((d) => d ?? -1), t.dtype);
      if (t.dtype !== 'float32' && t.dtype !== 'int32') t = track(null, cast(t, 'float32'), temps);
      return t;
    });
  }

  // ---------- running ----------

  /** One pass over the data in batches; train or test mode. Accumulates Keras-style means. */
  *runEpoch(mode: 'train' | 'test', xs: Tensor[], ys: Tensor[], sw: Tensor | null, batchSize: number, order: Int32Array | null,
    callbacks: Callback[], onBatch: ((batch: number, logs: Logs) => void) | null): Generator<unknown, Logs> {
    validateEpochData(this, xs, ys, sw, batchSize, mode === 'train' ? 'fit()' : 'evaluate()');
    const n = xs[0].shape[0];
    const steps = Math.ceil(n / batchSize);
    let lossSum = 0, seen = 0;
    const outLossSums = this.outputs.map(() => 0);
    let metricTotals: number[][] | null = null;
    let metricCounts: number[][] | null = null;
    for (const o of this.outputs) for (const e of o.metrics ?? []) e.metric.resetState();
    let logs: Logs = {};
    for (let step = 0; step < steps; step++) {
      const start = step * batchSize;
      const b = Math.min(batchSize, n - start);
      if (mode === 'train') for (const c of callbacks) { const r = c.onBatchBegin(step, {}); if (r) yield r; }
      const p = this.getPlan(mode, b, xs, ys, sw !== null);
      if (metricTotals === null) {
        for (const o of this.outputs) for (const e of o.metrics ?? []) e.metric.resetState();
        metricTotals = this.outputs.map((o) => (o.metrics ?? []).map(() => 0));
        metricCounts = this.outputs.map((o) => (o.metrics ?? []).map(() => 0));
      }
      xs.forEach((x, i) => this.copier.copy(x, p.xs[i], order, start, b));
      ys.forEach((y, i) => this.copier.copy(y, p.ys[i], order, start, b));
      if (sw && p.sw) this.copier.copy(sw, p.sw, order, start, b);
      p.plan.run();
      const loss = readScalar(p.total);
      lossSum += loss * b;
      seen += b;
      p.outputLosses.forEach((l, i) => { outLossSums[i] += readScalar(l) * b; });
      this.outputs.forEach((o, i) => (o.metrics ?? []).forEach(({ metric, weighted }, j) => {
        const s = p.metricSums[i]?.[j];
        if (s) {
          metricTotals![i][j] += readScalar(s.sum);
          metricCounts![i][j] += typeof s.count === 'number' ? s.count : readScalar(s.count);
        } else {
          metric.updateState(borrowedTensor(p.ys[i].ptr, p.ys[i].shape, p.ys[i].dtype), borrowedTensor(p.preds[i].ptr, p.preds[i].shape, p.preds[i].dtype),
            weighted && p.sw ? borrowedTensor(p.sw.ptr, p.sw.shape, 'float32') : null);
        }
      }));
      logs = this.collectLogs(lossSum / seen, outLossSums.map((s) => s / seen), metricTotals!, metricCounts!, p);
      if (onBatch) onBatch(step, logs);
      if (mode === 'train') {
        for (const c of callbacks) { const r = c.onBatchEnd(step, { ...logs }); if (r) yield r; }
        if (this.model.stopTraining) break;
      }
      yield null; // a point where the async driver may give the event loop a turn
    }
    return logs;
  }

  private collectLogs(loss: number, outLosses: number[], metricTotals: number[][], metricCounts: number[][], p: StepPlan): Logs {
    const { lossKeys, metricKeys } = this.keyNames();
    const logs: Logs = { loss };
    lossKeys.forEach((k, i) => { logs[k] = outLosses[i]; });
    this.outputs.forEach((o, i) => (o.metrics ?? []).forEach(({ metric }, j) => {
      const count = metricCounts[i][j];
      logs[metricKeys[i][j]] = p.metricSums[i]?.[j] ? metric.finalize(count === 0 ? 0 : metricTotals[i][j] / count) : metric.result();
    }));
    // Keras prints and records keys in sorted order.
    return Object.fromEntries(Object.keys(logs).sort().map((k) => [k, logs[k]]));
  }

  /** Predictions for all rows, in batches (whole input at once by default). */
  predict(xs: Tensor[], batchSize: number): Tensor[] {
    const n = xs[0].shape[0];
    const outs = this.model.outputs.map((o) => Tensor.alloc([n, ...(o.shape.slice(1) as number[])], 'float32'));
    for (let start = 0; start < n; start += batchSize) {
      const b = Math.min(batchSize, n - start);
      const p = this.getPlan('predict', b, xs, [], false);
      for (let i = 0; i < xs.length; i++) this.copier.copy(xs[i], p.xs[i], null, start, b);
      p.plan.run();
      for (let i = 0; i < p.preds.length; i++) {
        const pr = p.preds[i], bytes = pr.size * BYTES_PER_ELEMENT[pr.dtype];
        const to = outs[i].ptr + start * (bytes / b); // before the heap view: it may bring outs[i] back
        heapU8().copyWithin(to, pr.ptr, pr.ptr + bytes);
      }
    }
    return outs;
  }

  dispose(): void {
    this.resetPlans();
    this.copier.dispose();
  }
}

/** Record `made` as a temporary unless it is the user's own tensor. */
export function track(given: unknown, made: Tensor, temps: Tensor[]): Tensor {
  if (made !== given) temps.push(made);
  return made;
}

/** Dispose temporaries (a tensor may appear twice). */
export function disposeTemps(temps: Tensor[]): void {
  if (temps.length === 0) return;
  for (const t of new Set(temps)) t.dispose();
  temps.length = 0;
}

// ---------- the loops, as generators driven sync or async ----------

export interface FitState {
  trainer: Trainer;
  history: History;
}

/** Drive a generator synchronously (ignores promises from async callbacks). */
export function runSync<T>(gen: Generator<unknown, T>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Give the event loop a turn: setImmediate where it exists, else a MessageChannel hop. */
function macrotask(): Promise<void> {
  const g = globalThis as unknown as { setImmediate?: (f: () => void) => void };
  if (typeof g.setImmediate === 'function') return new Promise((r) => g.setImmediate!(r));
  if (typeof MessageChannel !== 'undefined') {
    return new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => { c.port1.close(); r(); }; c.port2.postMessage(0); });
  }
  return new Promise((r) => setTimeout(r, 0));
}

/** Drive a generator, awaiting callback promises and yielding to the event loop every ~16 ms. */
export async function runAsync<T>(gen: Generator<unknown, T>): Promise<T> {
  let last = now();
  let input: unknown = undefined;
  for (;;) {
    const r = gen.next(input);
    if (r.done) return r.value;
    input = undefined;
    if (r.value && typeof (r.value as Promise<unknown>).then === 'function') { await r.value; last = now(); continue; }
    if (now() - last > 16) { await macrotask(); last = now(); }
  }
}

function* callAll(callbacks: Callback[], f: (c: Callback) => void | Promise<void>): Generator<unknown, void> {
  for (const c of callbacks) { const r = f(c); if (r) yield r; }
}

export function* fitLoop(model: Model, trainer: Trainer, x: ModelData, y: ModelData, args: FitArgs): Generator<unknown, History> {
  const epochs = args.epochs ?? 1;
  const batchSize = args.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValueError(`fit(): batchSize must be a positive integer, got ${batchSize}.`);
  const vs = args.validationSplit ?? 0;
  if (typeof vs !== 'number' || !(vs >= 0 && vs < 1)) throw new ValueError(`fit(): validationSplit must be in [0, 1), got ${vs}.`);
  const temps: Tensor[] = [];
  try {
    return yield* fitBody(model, trainer, x, y, args, temps, epochs, batchSize, vs);
  } finally {
    disposeTemps(temps);
  }
}

function* fitBody(model: Model, trainer: Trainer, x: ModelData, y: ModelData, args: FitArgs, temps: Tensor[],
  epochs: number, batchSize: number, vs: number): Generator<unknown, History> {
  let xs = trainer.prepareX(x, temps);
  let ys = trainer.prepareY(y, temps);
  const n0 = checkSameLength({ x: xs, y: ys }, 'fit()');
  let sw: Tensor | null = args.sampleWeight !== undefined ? track(args.sampleWeight, toSamples(args.sampleWeight, [null], 'float32', 'sampleWeight'), temps) : null;
  checkSampleWeight(sw, n0, 'fit()');
  if (args.classWeight) sw = track(null, classWeights(ys[0], args.classWeight, sw), temps);
  let valX: Tensor[] | null = null, valY: Tensor[] | null = null, valSw: Tensor | null = null;
  if (args.validationData) {
    valX = trainer.prepareX(args.validationData[0], temps, 'validationData x');
    valY = trainer.prepareY(args.validationData[1], temps, 'validationData y');
    if (args.validationData[2] !== undefined) valSw = track(args.validationData[2], toSamples(args.validationData[2], [null], 'float32', 'validationData sampleWeight'), temps);
  } else if (vs > 0) {
    // Keras takes the last fraction, before shuffling.
    const split = Math.floor(n0 * (1 - vs));
    if (split === 0 || split === n0) throw new ValueError(`fit(): validationSplit ${vs} of ${n0} samples leaves an empty training or validation set.`);
    const part = (t: Tensor, a: number, b: number) => sliceRows(t, a, b, () => { // SparseTensor rows: sliced in data.ts
      const idx = track(null, rangeInt(a, b), temps);
      return track(null, gather(t, idx, 0), temps);
    });
    valX = xs.map((t) => part(t, split, n0));
    valY = ys.map((t) => part(t, split, n0));
    if (sw) valSw = part(sw, split, n0);
    xs = xs.map((t) => part(t, 0, split));
    ys = ys.map((t) => part(t, 0, split));
    if (sw) sw = part(sw, 0, split);
  }
  if (valX && valY) validateEpochData(trainer, valX, valY, valSw, args.validationBatchSize ?? batchSize, 'fit() validation data');
  const n = xs[0].shape[0];
  const steps = Math.ceil(n / batchSize);
  const verbose = args.verbose === 'auto' || args.verbose === undefined ? 1 : args.verbose;
  const history = new History();
  // As in Keras, History (and the progress bar) come after the user's callbacks, so they see
  // what those add to the logs (learning_rate from ReduceLROnPlateau).
  const callbacks: Callback[] = [...(args.callbacks ?? []), history];
  if (verbose !== 0) callbacks.push(new ProgbarLogger(verbose, args.printFn ?? null));
  const params = { verbose, epochs, steps };
  for (const c of callbacks) { c.setModel(model); c.setParams(params); }
  (history as History & { params: Record<string, unknown> }).params = params;
  model.stopTraining = false;
  yield* callAll(callbacks, (c) => c.onTrainBegin({}));
  const rng = makeRng(nextKey());
  const order = new Int32Array(n);
  let logs: Logs = {};
  for (let epoch = args.initialEpoch ?? 0; epoch < epochs; epoch++) {
    yield* callAll(callbacks, (c) => c.onEpochBegin(epoch, {}));
    for (let i = 0; i < n; i++) order[i] = i;
    if (args.shuffle ?? true) shuffleInPlace(order, rng);
    logs = yield* trainer.runEpoch('train', xs, ys, sw, batchSize, order, callbacks, null);
    const freq = args.validationFreq ?? 1;
    if (valX && valY && (epoch + 1) % freq === 0) {
      const vlogs = yield* trainer.runEpoch('test', valX, valY, valSw, args.validationBatchSize ?? batchSize, null, [], null);
      for (const k of Object.keys(vlogs)) logs[`val_${k}`] = vlogs[k];
    }
    yield* callAll(callbacks, (c) => c.onEpochEnd(epoch, logs));
    if (model.stopTraining) break;
  }
  yield* callAll(callbacks, (c) => c.onTrainEnd(logs));
  return history;
}

function rangeInt(a: number, b: number): Tensor {
  const t = Tensor.alloc([b - a], 'int32');
  const h = new Int32Array(heapU8().buffer, t.ptr, b - a);
  for (let i = 0; i < b - a; i++) h[i] = a + i;
  return t;
}

/** Per-sample weights from class weights (labels: sparse or one-hot), times any sample weights. */
function classWeights(y: Tensor, cw: Record<number, number>, sw: Tensor | null): Tensor {
  const labels = y.rank > 1 && y.shape[y.rank - 1] > 1 ? argMax(y, -1).dataSync() : reshape(y, [-1]).dataSync();
  const w = Array.from(labels, (l) => cw[Math.round(l)] ?? 1);
  const t = fill([w.length], 0);
  heapF32().set(w, t.ptr >>> 2);
  return sw ? mul(t, sw) : t;
}

export function* evaluateLoop(model: Model, trainer: Trainer, x: ModelData, y: ModelData, args: EvaluateArgs): Generator<unknown, Logs> {
  checkEvaluateArgs(args);
  const temps: Tensor[] = [];
  try {
    return yield* evaluateBody(model, trainer, x, y, args, temps);
  } finally {
    disposeTemps(temps);
  }
}

function* evaluateBody(model: Model, trainer: Trainer, x: ModelData, y: ModelData, args: EvaluateArgs, temps: Tensor[]): Generator<unknown, Logs> {
  const xs = trainer.prepareX(x, temps);
  const ys = trainer.prepareY(y, temps);
  checkSameLength({ x: xs, y: ys }, 'evaluate()');
  const sw = args.sampleWeight !== undefined ? track(args.sampleWeight, toSamples(args.sampleWeight, [null], 'float32', 'sampleWeight'), temps) : null;
  const verbose = args.verbose === 'auto' || args.verbose === undefined ? 1 : args.verbose;
  const n = xs[0].shape[0];
  const batchSize = args.batchSize ?? 32;
  const bar = verbose !== 0 ? new ProgbarLogger(verbose) : null;
  if (bar) { bar.setModel(model); bar.setParams({ epochs: 0, steps: Math.ceil(n / batchSize) }); bar.onEpochBegin(0); }
  const logs = yield* trainer.runEpoch('test', xs, ys, sw, batchSize, null, [], bar ? (b, l) => bar.onBatchEnd(b, l) : null);
  if (bar) bar.onEpochEnd(0, logs);
  return logs;
}

export { ShapeError, type DType };
