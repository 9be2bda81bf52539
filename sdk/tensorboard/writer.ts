// Summary writers (like tf.summary): scalars, histograms and text are checked and buffered here;
// flush() encodes them as TFRecord-framed Event protobufs (the encoder is a second module,
// dist/neurasm-tensorboard.js, imported on first flush) and appends them to an
// `events.out.tfevents.*` file — on the file system in Node, Deno and Bun, or to any EventSink
// (browsers: memorySink(), then a download, IndexedDB or a directory handle).
import { StateError, ValueError } from '../errors.js';
import type { SummaryRecord } from './encode.js';

/** Where event bytes go: `append` adds bytes to the end of the file at `path` (creating it). */
export interface EventSink {
  append(path: string, bytes: Uint8Array): void | Promise<void>;
}

/** An EventSink keeping files in memory (browsers: hand `files[path]` to a download or IndexedDB). */
export interface MemorySink extends EventSink { files: Record<string, Uint8Array> }

export function memorySink(): MemorySink {
  const files: Record<string, Uint8Array> = {};
  return {
    files,
    append(path, bytes) {
      const old = files[path] ?? new Uint8Array(0);
      const b = new Uint8Array(old.length + bytes.length);
      b.set(old); b.set(bytes, old.length);
      files[path] = b;
    },
  };
}

type NodeFs = { appendFile(p: string, d: Uint8Array): Promise<void>; mkdir(p: string, o: object): Promise<unknown> };

/** The file system sink of Node, Deno and Bun (node:fs, imported on first write). */
export function fileSink(): EventSink {
  let fs: NodeFs | null = null;
  return {
    async append(path, bytes) {
      fs ??= (await import('node:fs/promises' as string)) as NodeFs;
      const dir = path.slice(0, path.lastIndexOf('/'));
      if (dir) await fs.mkdir(dir, { recursive: true });
      await fs.appendFile(path, bytes);
    },
  };
}

type Encoder = { encodeRecords(r: SummaryRecord[]): Uint8Array };
let encoder: Promise<Encoder> | null = null;
const loadEncoder = () => (encoder ??= import('./encode.js'));

const g = globalThis as {
  process?: { pid?: number; versions?: { node?: string }; getBuiltinModule?(m: string): { hostname?(): string } | undefined };
  Deno?: { hostname?(): string; pid?: number };
};
/** Node, Deno and Bun (a file system through node:fs). */
export const hasFileSystem = () => typeof g.process?.versions?.node === 'string' || g.Deno !== undefined;

function hostname(): string {
  let host = 'localhost';
  try { host = g.Deno?.hostname?.() ?? g.process?.getBuiltinModule?.('node:os')?.hostname?.() ?? host; } catch { /* Deno without --allow-sys */ }
  return host.replace(/[^A-Za-z0-9._-]/g, '_');
}

export interface FileWriterOptions {
  /** Where the bytes go; default: the file system (Node, Deno, Bun); browsers must give one. */
  sink?: EventSink;
  /** Appended to the file name; TF2 writers use '.v2' (the default). */
  filenameSuffix?: string;
}

const now = () => Date.now() / 1000;
let uid = 0;

/**
 * One event file in `logDir`. Summaries are buffered; `flush()` (or `close()`) appends them.
 * The file name is TensorFlow's: events.out.tfevents.<seconds>.<host>.<pid>.<n><suffix>.
 */
export class SummaryWriter {
  readonly path: string;
  private pending: SummaryRecord[] = [];
  private closed = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly sink: EventSink;

  constructor(readonly logDir: string, options: FileWriterOptions = {}) {
    if (typeof logDir !== 'string' || logDir === '') throw new ValueError(`createFileWriter: logDir must be a non-empty string, got ${JSON.stringify(logDir)}.`);
    if (!options.sink && !hasFileSystem()) throw new ValueError('createFileWriter: this runtime has no file system; pass {sink} (e.g. memorySink()).');
    this.sink = options.sink ?? fileSink();
    const secs = String(Math.floor(now())).padStart(10, '0');
    const pid = g.process?.pid ?? g.Deno?.pid ?? 0;
    this.path = `${logDir.replace(/[\\/]+$/, '')}/events.out.tfevents.${secs}.${hostname()}.${pid}.${uid++}${options.filenameSuffix ?? '.v2'}`;
    this.pending.push({ kind: 'version', wallTime: now() });
  }

  private check(tag: string, step: number): void {
    if (this.closed) throw new StateError(`SummaryWriter(${this.logDir}): the writer is closed.`);
    if (typeof tag !== 'string' || tag === '') throw new ValueError(`summary: the name must be a non-empty string, got ${JSON.stringify(tag)}.`);
    if (!Number.isSafeInteger(step)) throw new ValueError(`summary '${tag}': step must be an integer, got ${step}.`);
  }

  /** A scalar (the Scalars tab), like tf.summary.scalar. */
  scalar(name: string, value: number, step: number): void {
    this.check(name, step);
    if (typeof value !== 'number') throw new ValueError(`summary '${name}': value must be a number, got ${typeof value}.`);
    this.pending.push({ kind: 'scalar', wallTime: now(), step, tag: name, value });
  }

  /** A histogram (the Histograms tab) of `buckets` equal-width buckets (30, as tf.summary.histogram). */
  histogram(name: string, values: ArrayLike<number> | { dataSync(): ArrayLike<number> }, step: number, buckets = 30): void {
    this.check(name, step);
    if (!Number.isInteger(buckets) || buckets < 0) throw new ValueError(`summary '${name}': buckets must be a non-negative integer, got ${buckets}.`);
    const v = 'dataSync' in values ? values.dataSync() : values;
    this.pending.push({ kind: 'histogram', wallTime: now(), step, tag: name, values: Float64Array.from(v), buckets });
  }

  /** A text summary (the Text tab shows it as Markdown), like tf.summary.text. */
  text(name: string, text: string, step: number): void {
    this.check(name, step);
    this.pending.push({ kind: 'text', wallTime: now(), step, tag: name, text: String(text), plugin: 'text', content: '' });
  }

  /** @internal A string tensor under another plugin (the Keras model config: 'graph_keras_model'). */
  pluginText(name: string, text: string, step: number, plugin: string, content: string): void {
    this.check(name, step);
    this.pending.push({ kind: 'text', wallTime: now(), step, tag: name, text, plugin, content });
  }

  /** Append everything buffered to the file. */
  flush(): Promise<void> {
    const records = this.pending;
    this.pending = [];
    // A failed append was reported to its caller; later flushes still run.
    if (records.length) this.chain = this.chain.catch(() => {}).then(async () => this.sink.append(this.path, (await loadEncoder()).encodeRecords(records)));
    return this.chain;
  }

  /** Flush, then refuse further summaries. */
  async close(): Promise<void> {
    const done = this.flush();
    this.closed = true;
    await done;
  }
}

/** A summary writer for `logDir`, like tf.summary.create_file_writer. */
export function createFileWriter(logDir: string, options: FileWriterOptions = {}): SummaryWriter {
  return new SummaryWriter(logDir, options);
}
