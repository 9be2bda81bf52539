// The standard callbacks that steer training, as in Keras (EarlyStopping, ReduceLROnPlateau,
// LearningRateScheduler, …); the base class, History and ProgbarLogger are re-exported from
// models/training/, where fit() uses them. The ones that write files (CSVLogger,
// ModelCheckpoint) are callbacks-writers.ts, TensorBoard is tensorboard/: the full entry's.
import { checkKnownOptions } from './options.js';
import { ValueError } from './errors.js';
import { Callback } from './models/training/callback.js';
import type { Logs } from './models/contracts.js';
import { better, type Mode } from './callbacks-monitor.js';

// The protocol, History and the progress bar are what fit() itself uses: they live with it.
export { Callback, History } from './models/training/callback.js';

export { ProgbarLogger } from './models/training/progbar.js';
export type { Logs, CallbackModel } from './models/contracts.js';


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
