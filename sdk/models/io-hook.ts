// Saving and loading live in their own module (sdk/io/: the HDF5 reader/writer, zip, the formats,
// and the .npz data sets), imported on first use. Models reach it through this hook, so the model
// code does not import the io code: the entry (sdk/index.ts) hands over the dynamic import, and
// the bundler splits it into dist/neurasm-io.js with the code both share in shared chunks (one
// Tensor class, one layer registry, one wasm memory).
import { StateError } from '../errors.js';
import type { Model } from './functional.js';
import type { Source } from '../io/handlers.js';
import type { LoadModelOptions } from '../io/index.js';
import type { imdb, reuters, bostonHousing } from '../data/text-datasets.js';
import type { readNpz, readNpy } from '../data/npz.js';

export interface IOApi {
  saveModel(model: Model, target: string, options: { format?: 'keras' | 'h5' | 'tfjs' }): Promise<void>;
  modelToFiles(model: Model, format: 'keras' | 'h5' | 'tfjs'): Record<string, Uint8Array | object | string | ArrayBuffer>;
  saveWeights(model: Model, target: string): Promise<void>;
  loadWeights(model: Model, source: string | Uint8Array | ArrayBuffer): Promise<void>;
  loadModel(source: Source, options?: LoadModelOptions): Promise<Model>;
  data: { imdb: typeof imdb; reuters: typeof reuters; bostonHousing: typeof bostonHousing; readNpz: typeof readNpz; readNpy: typeof readNpy };
}

let loader: (() => Promise<IOApi>) | null = null;
let loading: Promise<IOApi> | null = null;

/** Called once by the entry module: how to import the io module. */
export function setIOLoader(load: () => Promise<IOApi>): void { loader = load; }

export function requireIO(): Promise<IOApi> {
  if (!loader) return Promise.reject(new StateError('neurasm: the io module loader is not set (import neurasm, not its internal modules).'));
  loading ??= loader().catch((e) => { loading = null; throw e; });
  return loading;
}

/** Load a model from a path, URL, browser storage, bytes, or an object of files. */
export async function loadModel(source: Source, options: LoadModelOptions = {}): Promise<Model> {
  return (await requireIO()).loadModel(source, options);
}
