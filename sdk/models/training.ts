// compile / fit / evaluate / predict. compile() resolves the pieces; the first call with a
// given batch size traces one step (forward, loss, backward, optimizer, metrics) into a Plan
// with fixed buffers; every batch then copies its rows in and replays the plan's kernels.
import { ShapeError, StateError, ValueError } from '../errors.js';
import { heapF32, heapU8 } from '../engine/memory.js';
import { BYTES_PER_ELEMENT, Tensor, type DType } from '../tensor/tensor.js';
import { trace } from '../tensor/graph.js';
import { Plan } from '../tensor/plan.js';
import { backprop } from '../tensor/tape.js';
import { add, mul, sum, cast, reshape, fill, gather, argMax } from '../tensor/ops/index.js';
import { makeRng, nextKey, shuffleInPlace } from '../tensor/random.js';
import { Callback, History, ProgbarLogger, type Logs } from '../callbacks.js';
import type { Model } from './functional.js';
import { BatchCopier, borrowedTensor, checkSameLength, splitData, toSamples, type ArrayData, type ModelData } from './data.js';
import { checkLossTargets, checkMetricName, getLoss, getMetric, getOptimizer, type Loss, type Metric, type Optimizer } from './compile-resolve.js';

export type LossIdentifier = string | Loss;
export type MetricIdentifier = string | Metric;

export interface CompileArgs {
  optimizer: string | Optimizer;
  loss: LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;
  metrics?: MetricIdentifier[] | Record<string, MetricIdentifier | MetricIdentifier[]> | MetricIdentifier[][];
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

interface OutputSpec { name: string; loss: Loss | null; weight: number; metricIds: MetricIdentifier[]; metrics: Metric[] | null }

interface StepPlan {
  plan: Plan;
  batch: number;
  xs: Tensor[];
  ys: Tensor[];
  sw: Tensor | null;
  total: Tensor;
  outputLosses: Tensor[];
  /** Per output, per metric with a traced fn: the batch sum of its values and how many there are (null otherwise). */
  metricSums: ({ sum: Tensor; count: number } | null)[][];
  preds: Tensor[];
}

type Mode = 'train' | 'test' | 'predict';

const readScalar = (t: Tensor) => heapF32()[t.ptr >> 2];

function normName(name: string): string { return name; }

/** The compiled state of a model. */
export class Trainer {
  readonly optimizer: Optimizer;
  readonly outputs: OutputSpec[];
  private plans = new Map<string, StepPlan>();
  private copier = new BatchCopier();

  /** Resolve the identifiers without a model, so bad names fail at compile(). */
  static validate(args: CompileArgs): void {
    if (!args || args.optimizer === undefined) throw new ValueError('compile(): `optimizer` is required (e.g. "rmsprop" or new optimizers.Adam()).');
    if (args.loss === undefined) throw new ValueError('compile(): `loss` is required (e.g. "categorical_crossentropy").');
    getOptimizer(args.optimizer);
    const ls = typeof args.loss === 'object' && !Array.isArray(args.loss) && !('call' in args.loss) ? Object.values(args.loss) : Array.isArray(args.loss) ? args.loss : [args.loss];
    for (const l of ls) getLoss(l as LossIdentifier);
    Trainer.validateMetrics(args.metrics);
  }

  private static validateMetrics(metrics: CompileArgs['metrics']): void {
    if (metrics === undefined) return;
    const all = Array.isArray(metrics) ? metrics.flat() : Object.values(metrics).flat();
    for (const m of all) checkMetricName(m as MetricIdentifier);
  }

  constructor(readonly model: Model, args: CompileArgs) {
    if (!args || args.optimizer === undefined) throw new ValueError('compile(): `optimizer` is required (e.g. "rmsprop" or new optimizers.Adam()).');
    if (args.loss === undefined) throw new ValueError('compile(): `loss` is required (e.g. "categorical_crossentropy").');
    this.optimizer = getOptimizer(args.optimizer);
    Trainer.validateMetrics(args.metrics);
    const names = model.outputNames;
    const perOutput = <T>(v: T | T[] | Record<string, T> | undefined, what: string, dflt: T): T[] => {
      if (v === undefined) return names.map(() => dflt);
      if (Array.isArray(v)) {
        if (v.length !== names.length) throw new ValueError(`compile(): ${what} has ${v.length} entries but the model has ${names.length} outputs (${names.join(', ')}).`);
        return v;
      }
      if (typeof v === 'object' && v !== null && !(v as object).constructor?.name?.match(/Loss|Metric/) && Object.keys(v).every((k) => names.includes(k))) {
        return names.map((n) => (v as Record<string, T>)[n] ?? dflt);
      }
      return names.map(() => v as T);
    };
    const losses = perOutput<LossIdentifier | null>(args.loss as LossIdentifier, 'loss', null);
    const weights = perOutput<number>(args.lossWeights as number | number[] | Record<string, number> | undefined, 'lossWeights', 1);
    let metricLists: MetricIdentifier[][];
    if (args.metrics === undefined) metricLists = names.map(() => []);
    else if (Array.isArray(args.metrics)) {
      metricLists = args.metrics.length > 0 && Array.isArray(args.metrics[0]) && names.length > 1
        ? (args.metrics as MetricIdentifier[][])
        : names.map(() => args.metrics as MetricIdentifier[]);
    } else {
      const m = args.metrics as Record<string, MetricIdentifier | MetricIdentifier[]>;
      metricLists = names.map((n) => { const v = m[n]; return v === undefined ? [] : Array.isArray(v) ? v : [v]; });
    }
    this.outputs = names.map((name, i) => ({
      name, loss: losses[i] === null ? null : getLoss(losses[i] as LossIdentifier), weight: weights[i], metricIds: metricLists[i], metrics: null,
    }));
    if (this.outputs.every((o) => o.loss === null)) throw new ValueError('compile(): no loss given for any output.');
  }

  /** Resolve metrics once the target shapes are known (Keras resolves 'accuracy' from shapes). */
  private resolveMetrics(ys: Tensor[], preds: { shape: (number | null)[] }[]): void {
    this.outputs.forEach((o, i) => {
      if (o.metrics !== null) return;
      o.metrics = o.metricIds.map((id) => getMetric(id, { yTrueShape: ys[i].shape, yPredShape: preds[i].shape, lossName: o.loss?.name }));
    });
  }

  /** Log keys in Keras's naming: loss, <out>_loss, <metric> / <out>_<metric>. */
  private keyNames(): { lossKeys: string[]; metricKeys: string[][] } {
    const multi = this.outputs.length > 1;
    return {
      lossKeys: multi ? this.outputs.map((o) => `${o.name}_loss`) : [],
      metricKeys: this.outputs.map((o) => (o.metrics ?? []).map((m) => (multi ? `${o.name}_${normName(m.name)}` : normName(m.name)))),
    };
  }

  private getPlan(mode: Mode, batch: number, xs: Tensor[], ys: Tensor[], withSw: boolean): StepPlan {
    const key = `${mode}:${batch}:${withSw ? 1 : 0}`;
    const cached = this.plans.get(key);
    if (cached) return cached;
    const model = this.model;
    if (!model.graph) throw new StateError(`Model '${model.name}' is not built.`);
    const built = trace((g) => {
      const xph = xs.map((x) => g.placeholder([batch, ...x.shape.slice(1)], x.dtype));
      const yph = mode === 'predict' ? [] : ys.map((y) => g.placeholder([batch, ...y.shape.slice(1)], y.dtype));
      const sw = withSw ? g.placeholder([batch], 'float32') : null;
      for (const l of model.graph!.layers) l.activityLosses = [];
      const preds = model.graph!.run(xph, mode === 'train');
      if (mode === 'predict') return { xph, yph, sw, preds, total: preds[0], outputLosses: [], metricSums: [] };
      this.resolveMetrics(ys, preds);
      const outputLosses: Tensor[] = [];
      let total: Tensor | null = null;
      this.outputs.forEach((o, i) => {
        if (!o.loss) return;
        const l = o.loss.call(yph[i], preds[i], sw);
        outputLosses.push(l);
        const w = o.weight === 1 ? l : mul(l, o.weight);
        total = total === null ? w : add(total, w);
      });
      for (const layer of model.graph!.layers) {
        const r = layer.regularizationLoss();
        if (r) total = add(total!, r);
        for (const a of layer.activityLosses) total = add(total!, a);
      }
      const metricSums = this.outputs.map((o, i) => (o.metrics ?? []).map((m) => {
        if (!m.fn) return null;
        const v = m.fn(yph[i], preds[i]);
        // With sample weights each sample's values count with its weight (one value per sample).
        return { sum: sum(sw ? mul(reshape(v, [-1]), sw) : v), count: sw ? -1 : v.size };
      }));
      if (mode === 'train') {
        const vars = model.trainableWeights;
        const grads = backprop(g.nodes, [total!], [null], vars);
        this.optimizer.apply(grads, vars);
        for (const layer of model.graph!.layers) for (const { variable, constraint } of layer.constraints) variable.assign(constraint.call(variable));
      }
      return { xph, yph, sw, preds, total: total!, outputLosses, metricSums };
    });
    const r = built.result;
    const keepReadable = [...r.preds, r.total, ...r.outputLosses, ...r.metricSums.flat().filter((m) => m !== null).map((m) => m!.sum), ...r.yph];
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
    const ts = arrays.map((a, i) => track(a, toSamples(a, model.inputs[i].shape, model.inputs[i].dtype === 'float32' ? 'float32' : model.inputs[i].dtype, `${what} (input '${model.inputNames[i]}')`), temps));
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
    const n = xs[0].shape[0];
    const steps = Math.ceil(n / batchSize);
    let lossSum = 0, seen = 0;
    const outLossSums = this.outputs.map(() => 0);
    let metricTotals: number[][] | null = null;
    let metricCounts: number[][] | null = null;
    let weightTotal = 0;
    for (const o of this.outputs) for (const m of o.metrics ?? []) m.resetState();
    let logs: Logs = {};
    for (let step = 0; step < steps; step++) {
      const start = step * batchSize;
      const b = Math.min(batchSize, n - start);
      if (mode === 'train') for (const c of callbacks) { const r = c.onBatchBegin(step, {}); if (r) yield r; }
      const p = this.getPlan(mode, b, xs, ys, sw !== null);
      if (metricTotals === null) {
        for (const o of this.outputs) for (const m of o.metrics ?? []) m.resetState();
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
      let batchWeight = b;
      if (sw) { const h = heapF32(); batchWeight = 0; for (let i = 0; i < b; i++) batchWeight += h[(p.sw!.ptr >> 2) + i]; }
      weightTotal += batchWeight;
      this.outputs.forEach((o, i) => (o.metrics ?? []).forEach((m, j) => {
        const s = p.metricSums[i]?.[j];
        if (s) {
          metricTotals![i][j] += readScalar(s.sum);
          metricCounts![i][j] += s.count < 0 ? batchWeight : s.count;
        } else {
          m.updateState(borrowedTensor(p.ys[i].ptr, p.ys[i].shape, p.ys[i].dtype), borrowedTensor(p.preds[i].ptr, p.preds[i].shape, p.preds[i].dtype),
            p.sw ? borrowedTensor(p.sw.ptr, p.sw.shape, 'float32') : null);
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
    this.outputs.forEach((o, i) => (o.metrics ?? []).forEach((m, j) => {
      logs[metricKeys[i][j]] = p.metricSums[i]?.[j] ? m.finalize(metricTotals[i][j] / Math.max(metricCounts[i][j], 1e-30)) : m.result();
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
      const heap = heapU8();
      for (let i = 0; i < p.preds.length; i++) {
        const pr = p.preds[i], bytes = pr.size * BYTES_PER_ELEMENT[pr.dtype];
        heap.copyWithin(outs[i].ptr + start * (bytes / b), pr.ptr, pr.ptr + bytes);
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
    const part = (t: Tensor, a: number, b: number) => {
      const idx = track(null, rangeInt(a, b), temps);
      return track(null, gather(t, idx, 0), temps);
    };
    valX = xs.map((t) => part(t, split, n0));
    valY = ys.map((t) => part(t, split, n0));
    if (sw) valSw = part(sw, split, n0);
    xs = xs.map((t) => part(t, 0, split));
    ys = ys.map((t) => part(t, 0, split));
    if (sw) sw = part(sw, 0, split);
  }
  const n = xs[0].shape[0];
  const steps = Math.ceil(n / batchSize);
  const verbose = args.verbose === 'auto' || args.verbose === undefined ? 1 : args.verbose;
  const history = new History();
  const callbacks: Callback[] = [history, ...(args.callbacks ?? [])];
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
  heapF32().set(w, t.ptr >> 2);
  return sw ? mul(t, sw) : t;
}

export function* evaluateLoop(model: Model, trainer: Trainer, x: ModelData, y: ModelData, args: EvaluateArgs): Generator<unknown, Logs> {
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
