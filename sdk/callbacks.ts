// The standard callbacks, as in Keras (EarlyStopping, ReduceLROnPlateau, ModelCheckpoint, …); the
// base class, History and ProgbarLogger are re-exported from models/training/, where fit() uses them.
import { checkKnownOptions, checkOptions } from './options.js';
import { ValueError } from './errors.js';
import { Callback } from './models/training/callback.js';
import type { Logs } from './models/contracts.js';

// The protocol, History and the progress bar are what fit() itself uses: they live with it.
export { Callback, History } from './models/training/callback.js';

export { ProgbarLogger } from './models/training/progbar.js';
export type { Logs, CallbackModel } from './models/contracts.js';

type Mode = 'auto' | 'min' | 'max';

function better(mode: Mode, monitor: string): (a: number, b: number, delta: number) => boolean {
  const m = mode === 'auto' ? (/acc|auc|precision|recall/.test(monitor) && !monitor.includes('loss') ? 'max' : 'min') : mode;
  return m === 'min' ? (a, b, d) => a < b - d : (a, b, d) => a > b + d;
}

export interface EarlyStoppingArgs {
  monitor?: string; minDelta?: number; patience?: number; verbose?: number; mode?: Mode;
  baseline?: number | null; restoreBestWeights?: boolean; startFromEpoch?: number;
}

/** Stop when the monitored value stops improving (Keras semantics, incl. restoreBestWeights). */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly restoreBestWeights: boolean;
  private readonly isBetter: (a: number, b: number, d: number) => boolean;
  private wait = 0;
  private best = NaN;
  private bestWeights: import('./tensor/tensor.js').Tensor[] | null = null;
  stoppedEpoch = 0;
  constructor(private args: EarlyStoppingArgs = {}) {
    checkKnownOptions('EarlyStopping', args, 'EarlyStopping');
    super();
    if (args === null || typeof args !== 'object') throw new ValueError(`EarlyStopping: options must be an object such as {monitor: 'val_loss'}, got ${args === null ? 'null' : typeof args}.`);
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.isBetter = better(args.mode ?? 'auto', this.monitor);
  }
  override onTrainBegin(): void { this.wait = 0; this.best = this.args.baseline ?? NaN; this.bestWeights = null; this.stoppedEpoch = 0; }
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const v = logs[this.monitor];
    if (v === undefined) {
      console.warn(`EarlyStopping: metric '${this.monitor}' is not available; available: ${Object.keys(logs).join(', ')}.`);
      return;
    }
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = this.model!.getWeights();
    this.wait++;
    if (Number.isNaN(this.best) || this.isBetter(v, this.best, this.minDelta)) {
      this.best = v;
      this.wait = 0;
      if (this.restoreBestWeights) this.bestWeights = this.model!.getWeights();
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model!.stopTraining = true;
    }
  }
  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && (this.args.verbose ?? 0) > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights && this.stoppedEpoch > 0) this.model!.setWeights(this.bestWeights);
  }
}

/** Stop as soon as the loss is NaN or infinite; says at which batch. */
export class TerminateOnNaN extends Callback {
  /** The batch at which training stopped, or -1. */
  stoppedAtBatch = -1;
  override onBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      this.stoppedAtBatch = batch;
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      this.model!.stopTraining = true;
    }
  }
}

export interface ReduceLROnPlateauArgs { monitor?: string; factor?: number; patience?: number; verbose?: number; mode?: Mode; minDelta?: number; cooldown?: number; minLr?: number }

export class ReduceLROnPlateau extends Callback {
  private wait = 0;
  private cooldownCounter = 0;
  private best = NaN;
  private readonly isBetter: (a: number, b: number, d: number) => boolean;
  constructor(private args: ReduceLROnPlateauArgs = {}) {
    checkKnownOptions('ReduceLROnPlateau', args, 'ReduceLROnPlateau');
    super();
    if (args === null || typeof args !== 'object') throw new ValueError(`ReduceLROnPlateau: options must be an object such as {monitor: 'val_loss'}, got ${args === null ? 'null' : typeof args}.`);
    if ((args.factor ?? 0.1) >= 1) throw new ValueError('ReduceLROnPlateau: factor must be < 1.');
    this.isBetter = better(args.mode ?? 'auto', args.monitor ?? 'val_loss');
  }
  override onTrainBegin(): void { this.wait = 0; this.cooldownCounter = 0; this.best = NaN; }
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const opt = this.model!.optimizer;
    // Keras 3 logs the learning rate every epoch (History runs after this callback, so it records it).
    if (opt) logs.learning_rate = Math.fround(getLR(opt));
    const v = logs[this.args.monitor ?? 'val_loss'];
    if (v === undefined) return;
    if (this.cooldownCounter > 0) { this.cooldownCounter--; this.wait = 0; }
    if (Number.isNaN(this.best) || this.isBetter(v, this.best, this.args.minDelta ?? 1e-4)) { this.best = v; this.wait = 0; return; }
    if (this.cooldownCounter > 0) return;
    this.wait++;
    if (this.wait >= (this.args.patience ?? 10) && opt) {
      const old = getLR(opt);
      const minLr = this.args.minLr ?? 0;
      if (old > minLr) {
        const lr = Math.max(old * (this.args.factor ?? 0.1), minLr);
        setLR(opt, lr);
        if ((this.args.verbose ?? 0) > 0) console.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${lr}.`);
        this.cooldownCounter = this.args.cooldown ?? 0;
        this.wait = 0;
      }
    }
  }
}

interface HasLR { learningRate: unknown }
function getLR(opt: HasLR): number { return typeof opt.learningRate === 'number' ? opt.learningRate : NaN; }
function setLR(opt: HasLR, lr: number): void {
  if (typeof opt.learningRate !== 'number') throw new ValueError('This optimizer uses a learning-rate schedule; it cannot be set by a callback.');
  opt.learningRate = lr;
}

/** Set the learning rate at the start of each epoch from schedule(epoch, lr). */
export class LearningRateScheduler extends Callback {
  constructor(private schedule: (epoch: number, lr: number) => number, private verbose = 0) { super(); }
  override onEpochBegin(epoch: number): void {
    const opt = this.model!.optimizer;
    if (!opt) return;
    const lr = this.schedule(epoch, getLR(opt));
    if (typeof lr !== 'number' || !Number.isFinite(lr)) throw new ValueError(`LearningRateScheduler: the schedule must return a finite number, got ${lr}.`);
    setLR(opt, lr);
    if (this.verbose > 0) console.log(`Epoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }
  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    const opt = this.model!.optimizer;
    if (opt) logs.learning_rate = Math.fround(getLR(opt));
  }
}

export interface ModelCheckpointArgs {
  /** Where to save; Python format fields such as `{epoch:02d}` and `{val_loss:.2f}` are filled in from the logs. */
  filepath: string;
  monitor?: string; verbose?: number; saveBestOnly?: boolean; saveWeightsOnly?: boolean; mode?: Mode;
  /** 'epoch', or a number of batches. */
  saveFreq?: 'epoch' | number;
  initialValueThreshold?: number | null;
}

/**
 * Save the model (or its weights) during training, as keras.callbacks.ModelCheckpoint: every
 * epoch or every `saveFreq` batches, or only when `monitor` improved; missing folders are made.
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly saveFreq: 'epoch' | number;
  best: number | null;
  private readonly isBetter: (a: number, b: number, d: number) => boolean;
  private epoch = 0;
  private batchesSinceSave = 0;
  constructor(filepathOrArgs: string | ModelCheckpointArgs, args: Omit<ModelCheckpointArgs, 'filepath'> = {}) {
    if (args === null || typeof args !== 'object') throw new ValueError(`ModelCheckpoint: options must be an object, got ${args === null ? 'null' : typeof args}.`);
    if (typeof filepathOrArgs !== 'string' && (filepathOrArgs === null || typeof filepathOrArgs !== 'object')) {
      throw new ValueError(`ModelCheckpoint: expected a filepath string or {filepath, ...}, got ${filepathOrArgs === null ? 'null' : typeof filepathOrArgs}.`);
    }
    const a: ModelCheckpointArgs = typeof filepathOrArgs === 'string' ? { ...args, filepath: filepathOrArgs } : filepathOrArgs;
    checkKnownOptions('ModelCheckpoint', a, 'ModelCheckpointArgs', 'interface');
    super();
    if (typeof a.filepath !== 'string' || a.filepath === '') throw new ValueError(`ModelCheckpoint: filepath must be a non-empty string, got ${String(a.filepath)}.`);
    this.filepath = a.filepath;
    this.monitor = a.monitor ?? 'val_loss';
    this.saveBestOnly = a.saveBestOnly ?? false;
    this.saveWeightsOnly = a.saveWeightsOnly ?? false;
    this.saveFreq = a.saveFreq ?? 'epoch';
    this.best = a.initialValueThreshold ?? null;
    this.verbose = a.verbose ?? 0;
    if (this.saveFreq !== 'epoch' && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0)) {
      throw new ValueError(`ModelCheckpoint: saveFreq must be 'epoch' or a positive integer (batches), got ${String(this.saveFreq)}.`);
    }
    if (this.saveWeightsOnly && !this.filepath.endsWith('.weights.h5')) {
      throw new ValueError(`ModelCheckpoint: with saveWeightsOnly the filepath must end in '.weights.h5' (the Keras weights format), got '${this.filepath}'.`);
    }
    if (!this.saveWeightsOnly && !/\.(keras|h5)$/.test(this.filepath)) {
      throw new ValueError(`ModelCheckpoint: the filepath must end in '.keras' (the Keras model format) or '.h5', got '${this.filepath}'.`);
    }
    this.isBetter = better(a.mode ?? 'auto', this.monitor);
  }
  private readonly verbose: number;
  override onTrainBegin(): void { this.batchesSinceSave = 0; }
  override onEpochBegin(epoch: number): void { this.epoch = epoch; }
  override async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    if (++this.batchesSinceSave < this.saveFreq) return;
    this.batchesSinceSave = 0;
    await this.save(this.epoch, batch, logs);
  }
  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') await this.save(epoch, null, logs);
  }
  private async save(epoch: number, batch: number | null, logs: Logs): Promise<void> {
    const path = formatPath(this.filepath, { ...logs, epoch: epoch + 1, ...(batch !== null && !('batch' in logs) ? { batch: batch + 1 } : {}) });
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        console.warn(`ModelCheckpoint: can save the best model only with '${this.monitor}' available; saving anyway.`);
      } else {
        const bestText = this.best === null ? 'None' : this.best.toFixed(5);
        if (this.best !== null && !this.isBetter(current, this.best, 0)) {
          if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${bestText}`);
          return;
        }
        if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${bestText} to ${current.toFixed(5)}, saving model to ${path}`);
        this.best = current;
      }
    } else if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: saving model to ${path}`);
    await makeParentFolder(path);
    if (this.saveWeightsOnly) await this.model!.saveWeights(path);
    else await this.model!.save(path);
  }
}

/** Python's str.format for a checkpoint path: {name}, {name:02d}, {name:.2f}, {name:.3e}. */
export function formatPath(pattern: string, values: Record<string, number>): string {
  if (typeof pattern !== 'string') throw new ValueError(`formatPath: the pattern must be a string, got ${pattern === null ? 'null' : typeof pattern}.`);
  if (values === null || typeof values !== 'object') throw new ValueError(`formatPath: the values must be an object, got ${values === null ? 'null' : typeof values}.`);
  return pattern.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::(0?)(\d*)(?:\.(\d+))?([dfeg]?))?\}/g, (_m, name: string, zero: string, width: string, prec: string, type: string) => {
    if (!Object.hasOwn(values, name)) throw new ValueError(`ModelCheckpoint: cannot fill '{${name}}' in the filepath '${pattern}': the logs have ${Object.keys(values).join(', ')}.`);
    const v = values[name];
    let text = type === 'd' ? String(Math.trunc(v)) : type === 'e' ? v.toExponential(prec ? Number(prec) : 6).replace(/e([+-])(\d)$/, 'e$10$2')
      : type === 'f' || prec ? v.toFixed(prec ? Number(prec) : 6) : String(v);
    if (width) text = text.padStart(Number(width), zero ? '0' : ' ');
    return text;
  });
}

/** Make the folder a file goes into (Node, Deno, Bun); nothing to do for URLs and in browsers. */
async function makeParentFolder(path: string): Promise<void> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || typeof (globalThis as { process?: unknown }).process === 'undefined' && typeof (globalThis as { Deno?: unknown }).Deno === 'undefined') return;
  const dir = path.replace(/[\\/][^\\/]*$/, '');
  if (dir === path || dir === '') return;
  const fs = await import('node:fs/promises' as string) as { mkdir(p: string, o: { recursive: boolean }): Promise<unknown> };
  await fs.mkdir(dir, { recursive: true });
}

export interface LambdaCallbackArgs {
  onEpochBegin?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onEpochEnd?: (epoch: number, logs?: Logs) => void | Promise<void>;
  onBatchBegin?: (batch: number, logs?: Logs) => void | Promise<void>;
  onBatchEnd?: (batch: number, logs?: Logs) => void | Promise<void>;
  onTrainBegin?: (logs?: Logs) => void | Promise<void>;
  onTrainEnd?: (logs?: Logs) => void | Promise<void>;
}

export class LambdaCallback extends Callback {
  constructor(private fns: LambdaCallbackArgs) { super(); checkKnownOptions('LambdaCallback', fns, 'LambdaCallback'); }
  override onEpochBegin(e: number, l?: Logs) { return this.fns.onEpochBegin?.(e, l); }
  override onEpochEnd(e: number, l?: Logs) { return this.fns.onEpochEnd?.(e, l); }
  override onBatchBegin(b: number, l?: Logs) { return this.fns.onBatchBegin?.(b, l); }
  override onBatchEnd(b: number, l?: Logs) { return this.fns.onBatchEnd?.(b, l); }
  override onTrainBegin(l?: Logs) { return this.fns.onTrainBegin?.(l); }
  override onTrainEnd(l?: Logs) { return this.fns.onTrainEnd?.(l); }
}

/**
 * Log epoch results as CSV. Give a path (Node, Deno, Bun: written at each epoch end) or a
 * function receiving each line; `text` holds everything written.
 */
export class CSVLogger extends Callback {
  text = '';
  private keys: string[] | null = null;
  constructor(private target: string | ((line: string) => void), private options: { separator?: string; append?: boolean } = {}) {
    super();
    checkOptions('CSVLogger', options, ['separator', 'append']);
  }
  override onTrainBegin(): void { this.keys = null; if (!this.options.append) this.text = ''; }
  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const sep = this.options.separator ?? ',';
    let out = '';
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      if (!this.options.append || this.text === '') out += ['epoch', ...this.keys].join(sep) + '\n';
    }
    out += [String(epoch), ...this.keys.map((k) => String(logs[k] ?? ''))].join(sep) + '\n';
    this.text += out;
    if (typeof this.target === 'function') { for (const l of out.trimEnd().split('\n')) this.target(l); return; }
    const fs = await import('node:fs/promises' as string) as { writeFile(p: string, d: string): Promise<void> };
    await fs.writeFile(this.target, this.text);
  }
}
export { TensorBoard, type TensorBoardArgs } from './tensorboard/callback.js';
