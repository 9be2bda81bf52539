// The callback protocol the epoch loops drive (Keras's keras.callbacks.Callback): the hooks
// around training, the model they are set on (seen through models/contracts.ts), and History,
// the callback fit() returns. The standard callbacks are in sdk/callbacks.ts.
import type { CallbackModel, Logs } from '../contracts.js';
// Type only, and inside models/: a user's callback sees the whole Model (predict, evaluate,
// layers), as Keras's self.model; the loops hand over a Model and read it as a CallbackModel.
import type { Model } from '../functional.js';

export abstract class Callback {
  /** Set by fit() before training starts. */
  model: Model | null = null;
  params: Record<string, unknown> = {};
  /** fit() hands over the model it trains (always a Model; the loops see it as a CallbackModel). */
  setModel(model: CallbackModel): void { this.model = model as Model; }
  setParams(params: Record<string, unknown>): void { this.params = params; }
  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  onTestEnd(_logs?: Logs): void | Promise<void> {}
  onPredictBegin(_logs?: Logs): void | Promise<void> {}
  onPredictEnd(_logs?: Logs): void | Promise<void> {}
}

/** The History object fit() returns: history[key] is the per-epoch list. */
export class History extends Callback {
  epoch: number[] = [];
  history: Record<string, number[]> = {};
  override onTrainBegin(): void { this.epoch = []; }
  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const k of Object.keys(logs)) (this.history[k] ??= []).push(logs[k]);
  }
}
