// compile(): its arguments, checked and resolved per output — the loss, its weight and the
// metric identifiers of each output (metrics themselves once the first data's shapes are known,
// as Keras resolves 'accuracy'), and the log key of each in Keras's naming. Identifiers are
// resolved by the losses, optimizers and metrics modules' own get…().
import { ValueError } from '../../errors.js';
import { checkKnownOptions } from '../../options.js';
import { getLoss, type Loss, type LossIdentifier } from '../../losses.js';
import { getOptimizer, type Optimizer, type OptimizerIdentifier } from '../../optimizers/index.js';
import { checkMetricName, getMetric, Metric, type MetricIdentifier } from '../../metrics.js';

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

/** A compiled metric of one output; `weighted` ones see the sample weights (compile's weightedMetrics). */
export interface MetricEntry { metric: Metric; weighted: boolean }

/** One output's part of the compiled state. */
export interface OutputSpec {
  name: string; loss: Loss | null; weight: number;
  metricIds: MetricIdentifier[]; weightedIds: MetricIdentifier[];
  /** Resolved from the first data's shapes (Keras resolves 'accuracy' from them). */
  metrics: MetricEntry[] | null;
}

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

/** Resolve the identifiers without a model, so bad names fail at compile(). */
export function validateCompileArgs(args: CompileArgs): void {
  if (!args || typeof args !== 'object') throw new ValueError(`compile(): expected an options object {optimizer, loss, metrics}, got ${args === null ? 'null' : typeof args}.`);
  checkKnownOptions('compile()', args, 'CompileArgs', 'interface');
  if (args.loss === undefined) throw new ValueError('compile(): `loss` is required (e.g. "categorical_crossentropy").');
  getOptimizer(args.optimizer ?? 'rmsprop');
  const ls = typeof args.loss === 'object' && !Array.isArray(args.loss) && !('call' in args.loss) ? Object.values(args.loss) : Array.isArray(args.loss) ? args.loss : [args.loss];
  for (const l of ls) getLoss(l as LossIdentifier);
  for (const m of [...allMetricIds(args.metrics), ...allMetricIds(args.weightedMetrics)]) checkMetricName(m);
}

/** The optimizer and the per-output specs of a model whose outputs are `names`. */
export function resolveCompile(args: CompileArgs, names: string[]): { optimizer: Optimizer; outputs: OutputSpec[] } {
  validateCompileArgs(args);
  const optimizer = getOptimizer(args.optimizer ?? 'rmsprop');
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
  const outputs = names.map((name, i) => ({
    name, loss: losses[i] === null ? null : getLoss(losses[i] as LossIdentifier), weight: weights[i],
    metricIds: metricLists[i], weightedIds: weightedLists[i], metrics: null,
  }));
  if (outputs.every((o) => o.loss === null)) throw new ValueError('compile(): no loss given for any output.');
  return { optimizer, outputs };
}

/** Resolve metrics once the target shapes are known (Keras resolves 'accuracy' from shapes). */
export function resolveMetrics(outputs: OutputSpec[], ys: { shape: number[] }[], preds: { shape: (number | null)[] }[]): void {
  outputs.forEach((o, i) => {
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
export function logKeyNames(outputs: OutputSpec[]): { lossKeys: string[]; metricKeys: string[][] } {
  const multi = outputs.length > 1;
  const taken = new Map<string, number>();
  const metricKeys: string[][] = outputs.map((o) => (o.metrics ?? []).map(() => ''));
  for (const weighted of [false, true]) {
    outputs.forEach((o, i) => (o.metrics ?? []).forEach((e, j) => {
      if (e.weighted !== weighted) return;
      const prefix = multi ? `${o.name}_` : '';
      let key = prefix + e.metric.name;
      if (taken.has(key) && weighted) key = `${prefix}weighted_${e.metric.name}`;
      if (taken.has(key)) { const n = taken.get(key)!; taken.set(key, n + 1); key = `${key}_${n}`; } else taken.set(key, 1);
      metricKeys[i][j] = key;
    }));
  }
  return { lossKeys: multi ? outputs.map((o) => `${o.name}_loss`) : [], metricKeys };
}
