// What the code around a model may see of it: io (saving, loading), callbacks and the trainer
// each get an interface here instead of the Model class, so none of them imports
// models/functional.ts and the model code imports none of them. Types only. A Model is all three.
import type { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import type { Layer, LayerNode, SymbolicTensor } from '../layers/layer.js';
import type { Optimizer } from '../optimizers/index.js';
import type { CompileArgs } from './training/compile.js';

/** The logs a callback gets: loss and metrics by Keras's names. */
export type Logs = Record<string, number>;

/** What io reads to save a model and sets up when it loads one (a model is a layer with its layers). */
export interface SavedModel extends Layer {
  readonly layers: Layer[];
  readonly optimizer: Optimizer | null;
  /** Keras's compile_config (null when not compiled). */
  compileConfig(): Record<string, unknown> | null;
  compile(args: CompileArgs): void;
}

/** What a callback may use of the model it is set on (Keras's `self.model`). */
export interface CallbackModel extends SavedModel {
  /** Set to stop fit() after the current batch. */
  stopTraining: boolean;
  save(target: string, options?: SaveOptions): Promise<void>;
  saveWeights(target: string): Promise<void>;
}

/** What the trainer (compile, step tracing, the epoch loops) uses of a model; it also hands the model to callbacks. */
export interface TrainedModel extends CallbackModel {
  /** The graph the step is traced over (null before the model is built). */
  readonly graph: {
    readonly nodes: readonly LayerNode[];
    runWithMasks(inputs: Tensor[], training: boolean, inputMasks: (Tensor | null)[] | null): { outputs: Tensor[]; masks: (Tensor | null)[] };
  } | null;
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  readonly inputNames: string[];
  readonly outputNames: string[];
  readonly trainableWeights: Variable[];
  readonly weights: Variable[];
  /** Throws when the tensors do not fit the input shapes. */
  checkInputs(xs: { shape: readonly number[] }[]): void;
}

// ---------- the io module, as models reach it (models/io-hook.ts) ----------

export type Format = 'keras' | 'h5' | 'tfjs';
export interface SaveOptions { format?: Format }
/** Files in memory by name (a TF.js model.json and its shards, or one .keras/.h5). */
export type Files = Record<string, Uint8Array | ArrayBuffer | string | object>;
/** A path, URL, indexeddb:// or localstorage:// location, bytes, or an object of files. */
export type Source = string | Uint8Array | ArrayBuffer | Files;

export interface LoadModelOptions {
  compile?: boolean;
  format?: Format;
  /** Largest uncompressed size of all entries of a .keras zip together (default 2 GiB). */
  maxUncompressedBytes?: number;
  /** Largest uncompressed size of one entry (default 2 GiB). */
  maxEntryBytes?: number;
}

/** What the lazily loaded io module (sdk/io/index.ts `api`) offers. */
export interface IOApi {
  saveModel(model: SavedModel, target: string, options: SaveOptions): Promise<void>;
  modelToFiles(model: SavedModel, format: Format): Files;
  saveWeights(model: SavedModel, target: string): Promise<void>;
  loadWeights(model: SavedModel, source: string | Uint8Array | ArrayBuffer): Promise<void>;
  /** A Model built by models/config.ts from the file's config. */
  loadModel(source: Source, options?: LoadModelOptions): Promise<SavedModel>;
}
