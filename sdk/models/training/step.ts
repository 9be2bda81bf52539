// Step tracing: one train, test or predict step of a model — the forward pass over its graph,
// each output's loss (masked outputs weighted by their mask), the regularization and activity
// penalties, the gradient, the optimizer's update and the metric sums — traced once into a Plan
// with fixed buffers that every batch of the same signature replays.
import { StateError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { trace } from '../../tensor/graph.js';
import { Plan } from '../../tensor/plan.js';
import { backprop } from '../../tensor/tape.js';
import { add, mul, sum, cast, div, equal, where } from '../../tensor/ops/index.js';
import { squeezeOrExpandToSameRank } from '../../losses.js';
import { samplewiseValues } from '../../metrics.js';
import type { Optimizer } from '../../optimizers/index.js';
import { batchDType } from '../data.js';
import type { TrainedModel } from '../contracts.js';
import { resolveMetrics, type OutputSpec } from './compile.js';

export type Mode = 'train' | 'test' | 'predict';

/** A traced step and the tensors of its buffers: inputs to copy batches into, values to read after a run. */
export interface StepPlan {
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

/** Everything that changes the traced step: the mode, the batch, the dtypes and per-sample shapes
 * of inputs and targets, and whether samples are weighted (a plan reinterprets its buffers' bits). */
export function stepKey(mode: Mode, batch: number, xs: Tensor[], ys: Tensor[], withSw: boolean): string {
  const sig = (t: Tensor) => `${t.dtype}[${t.shape.slice(1).join(',')}]`;
  return `${mode}:${batch}:${withSw ? 1 : 0}:${xs.map(sig).join(';')}:${mode === 'predict' ? '' : ys.map(sig).join(';')}`;
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

/** Trace one step for batches of `batch` rows shaped as `xs`/`ys` and plan it. */
export function traceStep(model: TrainedModel, optimizer: Optimizer, outputs: OutputSpec[], mode: Mode, batch: number,
  xs: Tensor[], ys: Tensor[], withSw: boolean): StepPlan {
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
    resolveMetrics(outputs, ys, preds);
    const outputLosses: Tensor[] = [];
    let total: Tensor | null = null;
    outputs.forEach((o, i) => {
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
    const metricSums = outputs.map((o, i) => (o.metrics ?? []).map(({ metric, weighted }) => {
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
      optimizer.apply(grads, vars); // also applies the variables' constraints
    }
    return { xph, yph, sw, preds, total: total!, outputLosses, metricSums };
  });
  const r = built.result;
  const metricScalars = r.metricSums.flat().flatMap((m) => (m === null ? [] : typeof m.count === 'number' ? [m.sum] : [m.sum, m.count]));
  const keepReadable = [...r.preds, r.total, ...r.outputLosses, ...metricScalars, ...r.yph];
  const plan = new Plan(built.graph, keepReadable);
  return { plan, batch, xs: r.xph, ys: r.yph, sw: r.sw, total: r.total, outputLosses: r.outputLosses, metricSums: r.metricSums, preds: r.preds };
}
