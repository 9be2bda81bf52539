// The callbacks that write files, as in Keras: ModelCheckpoint (the model or its weights, as
// training goes) and CSVLogger (the epochs' logs). The full entry's (callbacks-full.ts), with
// TensorBoard; the page entry keeps the callbacks that steer training (callbacks.ts).
import { checkKnownOptions, checkOptions } from './options.js';
import { ValueError } from './errors.js';
import { Callback } from './models/training/callback.js';
import type { Logs } from './models/contracts.js';
import { better, type Mode } from './callbacks-monitor.js';

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
