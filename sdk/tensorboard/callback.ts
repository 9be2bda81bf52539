// The TensorBoard callback (keras.callbacks.TensorBoard): per-epoch (and per-batch) scalars in
// <logDir>/train and <logDir>/validation, weight histograms, and the model's Keras config for
// the graph tab — the tags, steps and run folders Keras 3 writes.
import { checkOptions } from '../options.js';
import { ValueError } from '../errors.js';
import type { Callback } from '../models/training/callback.js';
import type { CallbackModel, Logs } from '../models/contracts.js';
import type { Model } from '../models/functional.js';
import { createFileWriter, hasFileSystem, type EventSink, type SummaryWriter } from './writer.js';

export interface TensorBoardArgs {
  /** The run's folder (or the path prefix given to `sink`); default 'logs'. */
  logDir?: string;
  /** Write weight histograms every this many epochs (0: never). */
  histogramFreq?: number;
  /** Write the model's Keras config (TensorBoard's graph tab shows it). Default true. */
  writeGraph?: boolean;
  /** 'epoch' (default), 'batch', or N: also write `batch_*` scalars every N batches. */
  updateFreq?: 'epoch' | 'batch' | number;
  /** Where the event files go (browsers must give one; see memorySink()). */
  sink?: EventSink;
}

const KEYS = ['logDir', 'histogramFreq', 'writeGraph', 'updateFreq', 'sink'];

/**
 * Write TensorBoard logs while training: `tensorboard --logdir <logDir>` shows them.
 * Implements the Callback interface without extending the class, so this file needs the models/
 * folder only for types.
 */
export class TensorBoard implements Callback {
  model: Model | null = null;
  params: Record<string, unknown> = {};
  readonly logDir: string;
  readonly histogramFreq: number;
  readonly writeGraph: boolean;
  readonly updateFreq: 'epoch' | number;
  private readonly sink: EventSink | undefined;
  private writers: { train?: SummaryWriter; validation?: SummaryWriter } = {};
  private globalTrainBatch = 0;
  private testEnded = false;

  constructor(args: TensorBoardArgs = {}) {
    if (args === null || typeof args !== 'object') throw new ValueError(`TensorBoard: options must be an object such as {logDir: 'logs'}, got ${args === null ? 'null' : typeof args}.`);
    checkOptions('TensorBoard', args, KEYS);
    this.logDir = String(args.logDir ?? 'logs').replace(/[\\/]+$/, '') || '.';
    const hf = args.histogramFreq ?? 0;
    if (!Number.isInteger(hf) || hf < 0) throw new ValueError(`TensorBoard: histogramFreq must be a non-negative integer, got ${hf}.`);
    this.histogramFreq = hf;
    this.writeGraph = args.writeGraph ?? true;
    const uf = args.updateFreq ?? 'epoch';
    if (uf !== 'epoch' && uf !== 'batch' && !(Number.isInteger(uf) && (uf as number) > 0)) {
      throw new ValueError(`TensorBoard: updateFreq must be 'epoch', 'batch' or a positive integer, got ${JSON.stringify(uf)}.`);
    }
    this.updateFreq = uf === 'batch' ? 1 : uf;
    if (!args.sink && !hasFileSystem()) throw new ValueError('TensorBoard: this runtime has no file system; pass {sink} (e.g. summary.memorySink()).');
    this.sink = args.sink;
  }

  /** The event files written so far (their paths). */
  get files(): string[] { return Object.values(this.writers).map((w) => w.path); }

  private writer(run: 'train' | 'validation'): SummaryWriter {
    return (this.writers[run] ??= createFileWriter(`${this.logDir}/${run}`, { sink: this.sink }));
  }

  setParams(params: Record<string, unknown>): void { this.params = params; }

  /** As Keras: new writers (new event files) for each model set, and the model config at step 0. */
  setModel(model: CallbackModel): void {
    this.model = model as Model;
    this.writers = {};
    if (this.writeGraph && (model.className === 'Sequential' || model.className === 'Functional')) {
      const cfg: Record<string, unknown> = {
        module: model.className === 'Sequential' ? 'keras' : 'keras.src.models.functional',
        class_name: model.className, config: model.getConfig(), registered_name: null,
      };
      if (model.builtInputShape) cfg.build_config = { input_shape: model.builtInputShape };
      const cc = model.compileConfig();
      if (cc) cfg.compile_config = cc;
      this.writer('train').pluginText('keras', JSON.stringify(cfg), 0, 'graph_keras_model', '1');
    }
  }

  onTrainBegin(): void { this.globalTrainBatch = 0; }
  onEpochBegin(): void { this.testEnded = false; }
  onBatchBegin(): void {}
  onTestBegin(): void {}
  onPredictBegin(): void {}
  onPredictEnd(): void {}

  onBatchEnd(_batch: number, logs: Logs = {}): void {
    this.globalTrainBatch++;
    if (this.updateFreq === 'epoch' || this.globalTrainBatch % this.updateFreq !== 0) return;
    const w = this.writer('train');
    for (const [k, v] of Object.entries(logs)) if (typeof v === 'number') w.scalar(`batch_${k}`, v, this.globalTrainBatch);
  }

  /** Keras writes evaluation_<metric>_vs_iterations at the end of each evaluation. */
  onTestEnd(logs: Logs = {}): void {
    this.testEnded = true;
    this.writeEvaluation(logs);
  }

  private writeEvaluation(logs: Logs): void {
    const step = this.model?.optimizer?.iterations;
    if (step === undefined) return;
    const w = this.writer('validation');
    for (const [k, v] of Object.entries(logs)) w.scalar(`evaluation_${k}_vs_iterations`, v, step);
  }

  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const train: Logs = {}, val: Logs = {};
    for (const [k, v] of Object.entries(logs)) {
      if (typeof v !== 'number') continue;
      if (k.startsWith('val_')) val[k.slice(4)] = v; else train[k] = v;
    }
    const lr = this.learningRate();
    if (lr !== null) train.learning_rate = lr;
    // fit() runs its validation pass without onTestEnd; write what Keras's on_test_end would.
    if (!this.testEnded && Object.keys(val).length) this.writeEvaluation(val);
    if (Object.keys(train).length) { const w = this.writer('train'); for (const [k, v] of Object.entries(train)) w.scalar(`epoch_${k}`, v, epoch); }
    if (Object.keys(val).length) { const w = this.writer('validation'); for (const [k, v] of Object.entries(val)) w.scalar(`epoch_${k}`, v, epoch); }
    if (this.histogramFreq && epoch % this.histogramFreq === 0) this.logWeights(epoch);
    await this.flush();
  }

  async onTrainEnd(): Promise<void> {
    await Promise.all(Object.values(this.writers).map((w) => w.close()));
  }

  /** Append what is buffered to the event files. */
  async flush(): Promise<void> {
    await Promise.all(Object.values(this.writers).map((w) => w.flush()));
  }

  private learningRate(): number | null {
    const opt = this.model?.optimizer;
    if (!opt) return null;
    const lr = opt.learningRate;
    return typeof lr === 'number' ? lr : lr.call(opt.iterations);
  }

  /** Keras's tag: the variable's path (its name here, e.g. 'sequential/dense/kernel') + '/histogram'. */
  private logWeights(epoch: number): void {
    const w = this.writer('train');
    for (const layer of this.model!.layers) {
      for (const v of layer.weights) w.histogram(`${v.name.replace(/:/g, '_')}/histogram`, v.dataSync(), epoch);
    }
  }
}
