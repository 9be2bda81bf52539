// Saving and loading live in a second ES module, dist/neurasm-io.js (the HDF5 reader/writer, zip,
// the formats, and the .npz data sets), imported on first use. Models reach it through this hook,
// so the model code does not import the io code.
//
// The io module is built against the core (build/build.js): its imports of core modules read
// the core's own module objects, handed over here through one global slot just before the import,
// so both share one Tensor class, one layer registry and one wasm memory.
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

/** The key of the global slot the io module reads the core's modules from. */
export const CORE_SLOT = Symbol.for('neurasm.core-modules');

let coreModules: Record<string, object> | null = null;
let loading: Promise<IOApi> | null = null;

/** Called once by the entry module with the modules the io module imports. */
export function setCoreModules(modules: Record<string, object>): void { coreModules = modules; }

export function requireIO(): Promise<IOApi> {
  loading ??= (async () => {
    (globalThis as Record<symbol, unknown>)[CORE_SLOT] = coreModules;
    const io = (await import('./neurasm-io.js' as string)) as { api: IOApi };
    return io.api;
  })();
  return loading;
}

/** Load a model from a path, URL, browser storage, bytes, or an object of files. */
export async function loadModel(source: Source, options: LoadModelOptions = {}): Promise<Model> {
  return (await requireIO()).loadModel(source, options);
}
