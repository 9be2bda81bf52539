// Saving and loading live in their own module (sdk/io/: the HDF5 reader/writer, zip, the formats),
// imported on first use. Models reach it through this door, so the model code does not import
// the io code (io imports models/, never the other way): the entry (sdk/index.ts) hands over the
// dynamic import, and the bundler splits it into dist/neurasm-io.js with the code both share in
// shared chunks (one Tensor class, one layer registry, one wasm memory). What the io module
// offers, and what it may see of a model, is in contracts.ts.
import { StateError } from '../errors.js';
import type { IOApi } from './contracts.js';

let loader: (() => Promise<IOApi>) | null = null;
let loading: Promise<IOApi> | null = null;

/** Called once by the entry module: how to import the io module. */
export function setIOLoader(load: () => Promise<IOApi>): void { loader = load; }

export function requireIO(): Promise<IOApi> {
  if (!loader) return Promise.reject(new StateError('neurasm: the io module loader is not set (import neurasm, not its internal modules).'));
  loading ??= loader().catch((e) => { loading = null; throw e; });
  return loading;
}
