// Checks on what users pass to fit / evaluate / predict / trainOnBatch, made before any step
// runs so a refused call changes no weight: the numeric options, sample and class weights,
// target shapes, sparse-categorical labels and the integer inputs that feed an Embedding.
// Also the model's busy state while a fit runs (a second fit or a compile() is refused).
import { ShapeError, StateError, ValueError, describeValue, fmtShape } from '../errors.js';
import { checkOptions as checkKeys, optionKeys } from '../options.js';
import { heapF32, heapI32 } from '../engine/memory.js';
import { Tensor } from '../tensor/tensor.js';
import { SparseTensor } from '../tensor/sparse-tensor.js';
import { InputLayer } from '../layers/core.js';
import * as L from '../losses.js';
import type { TrainedModel } from './contracts.js';
import { Callback } from './training/callback.js';

// ---------- options ----------

const describe = describeValue;

/** An integer in [min, max] (or undefined when optional). */
export function checkInt(v: unknown, what: string, min: number, max = 2 ** 31 - 1): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ValueError(`${what} must be an integer in [${min}, ${max === 2 ** 31 - 1 ? '2^31-1' : max}], got ${describe(v)}.`);
  }
}

function checkVerbose(v: unknown, what: string): void {
  if (v !== undefined && v !== 0 && v !== 1 && v !== 2 && v !== 'auto') throw new ValueError(`${what}: verbose must be 0, 1, 2 or 'auto', got ${describe(v)}.`);
}

function checkBool(v: unknown, what: string): void {
  if (v !== undefined && typeof v !== 'boolean') throw new ValueError(`${what} must be true or false, got ${describe(v)}.`);
}

/** An options argument: undefined or a plain object whose keys are all known. */
/** The options object of a call, its keys checked by the one rule of sdk/options.ts. */
function checkOptions(args: unknown, what: string, known: readonly string[]): Record<string, unknown> {
  if (args === undefined) return {};
  if (args === null || typeof args !== 'object' || Array.isArray(args) || args instanceof Tensor) {
    throw new ValueError(`${what}: options must be an object such as {batchSize: 32}, got ${describe(args)}.`);
  }
  checkKeys(what, args, known);
  return args as Record<string, unknown>;
}
const keysOf = (iface: string) => optionKeys(iface, 'interface') ?? [];

function checkCallbacks(v: unknown, what: string): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) throw new ValueError(`${what}: callbacks must be an array of Callback objects, got ${describe(v)}.`);
  // A Callback, or an object with its hooks (TensorBoard implements the interface without the class).
  const hooks = (c: unknown) => typeof c === 'object' && c !== null && ['setModel', 'setParams', 'onEpochEnd', 'onBatchEnd'].every((k) => typeof (c as Record<string, unknown>)[k] === 'function');
  v.forEach((c, i) => {
    if (!(c instanceof Callback) && !hooks(c)) throw new ValueError(`${what}: callbacks[${i}] must be a Callback (extend Callback or use new LambdaCallback({...})), got ${describe(c)}.`);
  });
}

/** classWeight: {classIndex: weight} with integer keys and finite numeric weights. */
export function checkClassWeight(cw: unknown, what: string): void {
  if (cw === undefined || cw === null) return;
  if (typeof cw !== 'object' || Array.isArray(cw) || cw instanceof Tensor) throw new ValueError(`${what}: classWeight must be an object {classIndex: weight}, got ${describe(cw)}.`);
  for (const [k, w] of Object.entries(cw)) {
    if (!/^(0|[1-9]\d*)$/.test(k)) throw new ValueError(`${what}: classWeight keys must be class indices (0, 1, ...), got key '${k}'.`);
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new ValueError(`${what}: classWeight[${k}] must be a finite number, got ${describe(w)}.`);
  }
}

/** fit()'s options, all checked before any data is touched. */
export function checkFitArgs(args: unknown): void {
  const a = checkOptions(args, 'fit()', keysOf('FitArgs'));
  if (a.epochs !== undefined) checkInt(a.epochs, 'fit(): epochs', 0);
  if (a.batchSize !== undefined) checkInt(a.batchSize, 'fit(): batchSize', 1);
  if (a.initialEpoch !== undefined) checkInt(a.initialEpoch, 'fit(): initialEpoch', 0);
  if (a.validationBatchSize !== undefined) checkInt(a.validationBatchSize, 'fit(): validationBatchSize', 1);
  if (a.validationFreq !== undefined) checkInt(a.validationFreq, 'fit(): validationFreq', 1);
  checkVerbose(a.verbose, 'fit()');
  checkBool(a.shuffle, 'fit(): shuffle');
  const vs = a.validationSplit;
  if (vs !== undefined && (typeof vs !== 'number' || !(vs >= 0 && vs < 1))) throw new ValueError(`fit(): validationSplit must be a number in [0, 1), got ${describe(vs)}.`);
  const vd = a.validationData;
  if (vd !== undefined && (!Array.isArray(vd) || vd.length < 2 || vd.length > 3)) {
    throw new ValueError(`fit(): validationData must be [x, y] or [x, y, sampleWeight], got ${describe(vd)}${Array.isArray(vd) ? ` of length ${vd.length}` : ''}.`);
  }
  checkCallbacks(a.callbacks, 'fit()');
  checkClassWeight(a.classWeight, 'fit()');
  if (a.printFn !== undefined && typeof a.printFn !== 'function') throw new ValueError(`fit(): printFn must be a function, got ${describe(a.printFn)}.`);
  if (a.sampleWeight === null) throw new ValueError('fit(): sampleWeight must be an array of per-sample weights, got null.');
}

/** evaluate()'s options. */
export function checkEvaluateArgs(args: unknown): void {
  const a = checkOptions(args, 'evaluate()', keysOf('EvaluateArgs'));
  if (a.batchSize !== undefined) checkInt(a.batchSize, 'evaluate(): batchSize', 1);
  checkVerbose(a.verbose, 'evaluate()');
  checkBool(a.returnDict, 'evaluate(): returnDict');
  checkCallbacks(a.callbacks, 'evaluate()');
  if (a.sampleWeight === null) throw new ValueError('evaluate(): sampleWeight must be an array of per-sample weights, got null.');
}

/** trainOnBatch() / testOnBatch() options. */
export function checkBatchArgs(args: unknown, what: string): void {
  const a = checkOptions(args, what, ['sampleWeight', 'returnDict']);
  checkBool(a.returnDict, `${what}: returnDict`);
  if (a.sampleWeight === null) throw new ValueError(`${what}: sampleWeight must be an array of per-sample weights, got null.`);
}

/** predict()'s options (batchSize 0 would loop forever). */
export function checkPredictArgs(args: unknown): void {
  const a = checkOptions(args, 'predict()', keysOf('PredictArgs'));
  if (a.batchSize !== undefined) checkInt(a.batchSize, 'predict(): batchSize', 1, Number.MAX_SAFE_INTEGER);
  checkVerbose(a.verbose, 'predict()');
}

// ---------- data ----------

/** The values of a float32 or int32 tensor, read in place (no copy). */
function valuesOf(t: Tensor): Float32Array | Int32Array {
  t.assertConcrete('validation');
  const h = t.dtype === 'int32' ? heapI32() : heapF32();
  const at = t.ptr >>> 2;
  return h.subarray(at, at + t.size);
}

// A tensor already checked for a given rule is not scanned again (fit checks every epoch's
// data, evaluate and predict the same arrays): tensors are immutable, variables are not cached.
const checked = new WeakMap<Tensor, Set<string>>();
function once(t: Tensor, rule: string, check: () => void): void {
  if (t.isVariable) { check(); return; }
  let s = checked.get(t);
  if (s?.has(rule)) return;
  check();
  if (!s) checked.set(t, (s = new Set()));
  s.add(rule);
}

/** Where flat element j of a [n, ...] tensor is: "row r" plus the position inside the row. */
function place(t: Tensor, j: number): string {
  const per = t.shape[0] > 0 ? t.size / t.shape[0] : 1;
  return per === 1 ? `row ${j}` : `row ${Math.floor(j / per)} (position ${j % per})`;
}

/** Integer indices in [0, n): Embedding inputs (fractions truncate, as the layer's cast does) and sparse labels (must be whole). */
function checkIndices(t: Tensor, n: number, whole: boolean, who: string, what: string): void {
  once(t, `${whole ? 'labels' : 'indices'}:${n}:${who}`, () => {
    const v = valuesOf(t);
    for (let j = 0; j < v.length; j++) {
      const x = v[j];
      const k = whole ? x : Math.trunc(x);
      if (!(k >= 0 && k < n) || (whole && !Number.isInteger(x))) {
        const why = Number.isNaN(x) ? 'is NaN' : whole && !Number.isInteger(x) && Number.isFinite(x) ? 'is not an integer' : `is outside [0, ${n})`;
        throw new ValueError(`${who}: ${what} ${x} at ${place(t, j)} ${why}.`);
      }
    }
  });
}

const SPARSE = [L.SparseCategoricalCrossentropy];
const BUILTIN = [L.MeanSquaredError, L.MeanAbsoluteError, L.MeanAbsolutePercentageError, L.MeanSquaredLogarithmicError, L.Huber,
  L.LogCosh, L.BinaryCrossentropy, L.CategoricalCrossentropy, L.KLDivergence, L.Poisson, L.Hinge, L.SquaredHinge,
  L.CategoricalHinge, L.CosineSimilarity];

/** Targets a built-in (non-sparse) loss can take: same rank (or one less/more with a trailing 1), broadcastable dims. */
function checkTargetShape(lossName: string, y: readonly number[], out: readonly (number | null)[], output: string): void {
  let a = y.slice(1), b = out.slice(1);
  if (a.length === b.length + 1 && a[a.length - 1] === 1) a = a.slice(0, -1);
  else if (b.length === a.length + 1 && b[b.length - 1] === 1) b = b.slice(0, -1);
  const ok = a.length === b.length && a.every((d, i) => b[i] === null || d === b[i] || d === 1 || b[i] === 1);
  if (!ok) throw new ShapeError(`Loss '${lossName}' (output '${output}'): targets of shape ${fmtShape(y)} do not fit the output shape ${fmtShape(out)}.`);
}

interface TrainerView {
  model: TrainedModel;
  outputs: { name: string; loss: L.Loss | null }[];
}

/**
 * Everything runEpoch is about to feed the plans: batch size, sample weights, target shapes,
 * sparse labels and Embedding inputs. Runs before the first step, so a refused call changes no weight.
 */
export function validateEpochData(trainer: TrainerView, xs: Tensor[], ys: Tensor[], sw: Tensor | null, batchSize: number, what: string): void {
  checkInt(batchSize, `${what}: batchSize`, 1, Number.MAX_SAFE_INTEGER);
  const n = xs[0]?.shape[0] ?? 0;
  if (sw) checkSampleWeight(sw, n, what);
  const model = trainer.model;
  trainer.outputs.forEach((o, i) => {
    const y = ys[i], out = model.outputs[i]?.shape;
    if (!o.loss || !y || !out) return;
    if (SPARSE.some((c) => o.loss instanceof c)) {
      const lead = out.slice(0, -1);
      const yLead = y.rank === out.length && y.shape[y.rank - 1] === 1 ? y.shape.slice(0, -1) : y.shape;
      if (yLead.length !== lead.length || yLead.some((d, j) => j > 0 && lead[j] !== null && d !== lead[j])) {
        throw new ShapeError(`Loss '${o.loss.name}' (output '${o.name}'): expected one integer label per row, shape ${fmtShape([...lead])} or ${fmtShape([...lead, 1])}, got targets of shape ${fmtShape(y.shape)}.`);
      }
      const classes = out[out.length - 1];
      if (classes !== null) checkIndices(y, classes, true, `Loss '${o.loss.name}' (output '${o.name}')`, 'label');
    } else if (BUILTIN.some((c) => o.loss instanceof c)) {
      checkTargetShape(o.loss.name, y.shape, out, o.name);
    }
  });
  checkEmbeddingInputs(model, xs);
}

/** The model inputs that feed an Embedding (a layer with indexedRows()) directly: their values must be row indices of its table. */
export function checkEmbeddingInputs(model: TrainedModel, xs: Tensor[]): void {
  const graph = model.graph;
  if (!graph) return;
  for (const node of graph.nodes) {
    const rows = node.layer.indexedRows();
    if (rows === null) continue;
    const src = node.inputs[0];
    if (!src || !(src.sourceLayer instanceof InputLayer)) continue;
    const i = model.inputs.indexOf(src);
    const x = xs[i] as unknown;
    const what = `${(node.layer.constructor as { className?: string }).className ?? 'Embedding'} '${node.layer.name}'`;
    if (x instanceof SparseTensor) x.checkIndexValues(rows, what);
    else if (i >= 0 && xs[i]) checkIndices(xs[i], rows, false, what, 'index');
  }
}

/** Sample weights: one finite number per sample. */
export function checkSampleWeight(sw: Tensor | null, n: number, what: string): void {
  if (!sw) return;
  if (sw.shape[0] !== n || sw.size !== n) {
    throw new ShapeError(`${what}: sampleWeight must hold one weight per sample (shape [${n}]), got shape ${fmtShape(sw.shape)}.`);
  }
  once(sw, 'weights', () => {
    const v = valuesOf(sw);
    for (let j = 0; j < v.length; j++) if (!Number.isFinite(v[j])) throw new ValueError(`${what}: sampleWeight ${v[j]} at row ${j} is not a finite number.`);
  });
}

/** A tensor the running call reads from was disposed: a StateError instead of reading freed memory. */
export function checkDataAlive(t: Tensor): void {
  if (t.storage === null && t.trace === null) {
    throw new StateError(`A data tensor (shape ${fmtShape(t.shape)}) was disposed while fit/evaluate/predict was using it; dispose it after the call returns.`);
  }
}

// ---------- busy state ----------

interface FitState { inStep: boolean }
const fitting = new WeakMap<object, FitState>();

/**
 * compile(), setWeights() and a second fit() while a fit runs are refused. The fit's own
 * callbacks (EarlyStopping restoring the best weights) may call setWeights between steps.
 */
export function assertNotFitting(model: TrainedModel, what: string, allowFromCallbacks = false): void {
  const s = fitting.get(model);
  if (!s || (allowFromCallbacks && s.inStep)) return;
  throw new StateError(`${what}: model '${model.name}' is in the middle of fit(); wait for fit() to finish (await it)${allowFromCallbacks ? ' or do this from one of its callbacks' : ''}.`);
}

/** Run a fit loop with its options checked and the model marked busy until it ends. */
export function* guardFit<T>(model: TrainedModel, args: unknown, inner: Generator<unknown, T>): Generator<unknown, T> {
  assertNotFitting(model, 'fit()');
  checkFitArgs(args);
  const state: FitState = { inStep: false };
  fitting.set(model, state);
  try {
    let input: unknown;
    for (;;) {
      // Between steps other code may run (fit awaits callbacks and yields to the event loop).
      for (const v of model.weights) {
        if (v.isDisposed) throw new StateError(`fit(): weight '${v.name}' of model '${model.name}' was disposed while fit() was using it.`);
      }
      state.inStep = true;
      let r: IteratorResult<unknown, T>;
      try { r = inner.next(input); } finally { state.inStep = false; }
      if (r.done) return r.value;
      input = yield r.value;
    }
  } finally {
    fitting.delete(model);
    inner.return(undefined as T);
  }
}

/** setWeights(values): an array with one entry per weight. */
export function checkWeightList(values: unknown, model: TrainedModel): void {
  assertNotFitting(model, 'setWeights()', true);
  if (!Array.isArray(values)) throw new ValueError(`setWeights(): expected an array of weight arrays (one per weight, as getWeights() returns), got ${describe(values)}.`);
}
