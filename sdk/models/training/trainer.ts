// The compiled state of a model (Trainer): the optimizer and per-output specs from compile(),
// the plans traced so far (one per step signature), the user's data made into tensors, and the
// batch loop that copies rows into a plan and replays it — one pass of train/test batches with
// Keras-style running means, or predictions in batches.
import { heapF32, heapU8 } from '../../engine/memory.js';
import { BYTES_PER_ELEMENT, Tensor } from '../../tensor/tensor.js';
import { cast } from '../../tensor/ops/index.js';
import { checkLossTargets } from '../../losses.js';
import type { Optimizer } from '../../optimizers/index.js';
import { BatchCopier, borrowedTensor, splitData, toSamples, type ModelData } from '../data.js';
import { validateEpochData } from '../validate.js';
import type { Logs, TrainedModel } from '../contracts.js';
import type { Callback } from './callback.js';
import { logKeyNames, resolveCompile, validateCompileArgs, type CompileArgs, type OutputSpec } from './compile.js';
import { stepKey, traceStep, type Mode, type StepPlan } from './step.js';
import { track } from './temps.js';

const readScalar = (t: Tensor) => heapF32()[t.ptr >>> 2];

/** The compiled state of a model. */
export class Trainer {
  readonly optimizer: Optimizer;
  readonly outputs: OutputSpec[];
  private plans = new Map<string, StepPlan>();
  private copier = new BatchCopier();

  /** Resolve the identifiers without a model, so bad names fail at compile(). */
  static validate(args: CompileArgs): void { validateCompileArgs(args); }

  constructor(readonly model: TrainedModel, args: CompileArgs) {
    const { optimizer, outputs } = resolveCompile(args, model.outputNames);
    this.optimizer = optimizer;
    this.outputs = outputs;
  }

  private getPlan(mode: Mode, batch: number, xs: Tensor[], ys: Tensor[], withSw: boolean): StepPlan {
    const key = stepKey(mode, batch, xs, ys, withSw);
    let p = this.plans.get(key);
    if (!p) this.plans.set(key, p = traceStep(this.model, this.optimizer, this.outputs, mode, batch, xs, ys, withSw));
    return p;
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
    const { lossKeys, metricKeys } = logKeyNames(this.outputs);
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
