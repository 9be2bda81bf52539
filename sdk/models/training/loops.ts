// The epoch loops behind fit() and evaluate(): their options, the data made into tensors (with
// validation data or a validation split, sample and class weights), the callbacks around
// epochs and batches (History and the progress bar added as Keras adds them), and the epochs
// themselves. Written as generators so one loop serves fit() and fitSync() (see drive.ts).
import { ValueError } from '../../errors.js';
import { heapF32, heapU8 } from '../../engine/memory.js';
import { Tensor } from '../../tensor/tensor.js';
import { mul, reshape, fill, gather, argMax } from '../../tensor/ops/index.js';
import { makeRng, nextKey, shuffleInPlace } from '../../tensor/random.js';
import { checkSameLength, sliceRows, toSamples, type ArrayData, type ModelData } from '../data.js';
import { checkEvaluateArgs, checkSampleWeight, validateEpochData } from '../validate.js';
import type { Logs, TrainedModel } from '../contracts.js';
import { History, type Callback } from './callback.js';
import { ProgbarLogger } from './progbar.js';
import type { Trainer } from './trainer.js';
import { disposeTemps, track } from './temps.js';

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

function* callAll(callbacks: Callback[], f: (c: Callback) => void | Promise<void>): Generator<unknown, void> {
  for (const c of callbacks) { const r = f(c); if (r) yield r; }
}

export function* fitLoop(model: TrainedModel, trainer: Trainer, x: ModelData, y: ModelData, args: FitArgs): Generator<unknown, History> {
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

function* fitBody(model: TrainedModel, trainer: Trainer, x: ModelData, y: ModelData, args: FitArgs, temps: Tensor[],
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

export function* evaluateLoop(model: TrainedModel, trainer: Trainer, x: ModelData, y: ModelData, args: EvaluateArgs): Generator<unknown, Logs> {
  checkEvaluateArgs(args);
  const temps: Tensor[] = [];
  try {
    return yield* evaluateBody(model, trainer, x, y, args, temps);
  } finally {
    disposeTemps(temps);
  }
}

function* evaluateBody(model: TrainedModel, trainer: Trainer, x: ModelData, y: ModelData, args: EvaluateArgs, temps: Tensor[]): Generator<unknown, Logs> {
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

