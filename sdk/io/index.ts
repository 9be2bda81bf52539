// Saving and loading models: one API over formats (.keras, .h5, TF.js) and places (paths,
// URLs, browser storage, downloads, memory). Loaded lazily by model.save() / loadModel(); the
// types it shares with the model code (what it sees of a model, its options) are in models/contracts.ts.
import { NeurasmError, ValueError } from '../errors.js';
import type { Format, IOApi, LoadModelOptions, SavedModel, SaveOptions } from '../models/contracts.js';
import { readKerasArchive, modelFromKerasArchive, writeKerasArchive, loadKerasWeights } from './keras.js';
import { readLegacyH5, writeLegacyH5, loadLegacyWeights } from './legacy-h5.js';
import { readTfjs, writeTfjs } from './tfjs.js';
import { readSource, scheme, sniff, toBytes, writeTarget, type Files, type Source } from './handlers.js';
import { readHdf5, writeHdf5 } from './hdf5.js';
import { weightsTree } from './artifacts.js';
import { FormatError, formatError } from './errors.js';
import type { ZipLimits } from './zip.js';
// A file may hold any layer: the families the page entry leaves out load with this module.
import '../layers/more.js';

export type { Format, LoadModelOptions, SaveOptions };

function formatOf(target: string, explicit?: Format): Format {
  if (explicit) return explicit;
  if (/\.keras$/i.test(target)) return 'keras';
  if (/\.(h5|hdf5)$/i.test(target)) return 'h5';
  if (/model\.json$|\.json$/i.test(target)) return 'tfjs';
  const sc = scheme(target);
  if (sc === 'indexeddb' || sc === 'localstorage') return 'keras';
  throw new ValueError(`Cannot tell the format of '${target}': use a name ending in .keras, .h5 or model.json, or pass {format}.`);
}

/** The saved model as bytes (keras, h5) or as files (tfjs: model.json + shard). */
export function modelToFiles(model: SavedModel, format: Format): Files {
  if (format === 'keras') return { 'model.keras': writeKerasArchive(model) };
  if (format === 'h5') return { 'model.h5': writeLegacyH5(model) };
  const { modelJson, shard } = writeTfjs(model);
  return { 'model.json': new TextEncoder().encode(JSON.stringify(modelJson)), 'group1-shard1of1.bin': shard };
}

export async function saveModel(model: SavedModel, target: string, options: SaveOptions = {}): Promise<void> {
  const format = formatOf(target, options.format);
  const files = modelToFiles(model, format);
  if (format !== 'tfjs') return writeTarget(target, toBytes(Object.values(files)[0]));
  const base = target.replace(/[^/]*$/, '');
  const sc = scheme(target);
  if (sc === 'downloads') {
    await writeTarget(target.endsWith('.json') ? target : `${target}.json`, toBytes(files['model.json']), 'application/json');
    return writeTarget(`downloads://group1-shard1of1.bin`, toBytes(files['group1-shard1of1.bin']));
  }
  await writeTarget(`${base}group1-shard1of1.bin`, toBytes(files['group1-shard1of1.bin']));
  await writeTarget(target, toBytes(files['model.json']));
}

/** Load a model from a path, URL, browser storage, bytes, or an object of files. */
export async function loadModel(source: Source, options: LoadModelOptions = {}): Promise<SavedModel> {
  const compile = options.compile ?? true;
  if (typeof source === 'string') {
    const bytes = await readSource(source);
    const format = options.format ?? sniff(bytes);
    if (format === 'tfjs') {
      const base = source.replace(/[^/]*$/, '');
      return typedAsync(() => readTfjs(parseJson(bytes), (p) => readSource(base + p), compile));
    }
    return fromBytes(bytes, format, compile, options);
  }
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const bytes = toBytes(source);
    const format = options.format ?? sniff(bytes);
    if (format === 'tfjs') throw new ValueError('A TF.js model needs its weight shards too: pass an object of files {"model.json": ..., "group1-shard1of1.bin": ...}.');
    return fromBytes(bytes, format, compile, options);
  }
  if (typeof source === 'object' && source !== null) {
    const files = source as Files;
    const json = Object.hasOwn(files, 'model.json') ? files['model.json'] : undefined;
    if (json !== undefined) {
      const mj = typeof json === 'object' && !(json instanceof Uint8Array) && !(json instanceof ArrayBuffer) ? (json as Record<string, unknown>) : parseJson(toBytes(json));
      return typedAsync(() => readTfjs(mj, async (p) => {
        const own = (k: string) => (Object.hasOwn(files, k) ? files[k] : undefined);
        const f = own(p) ?? own(p.replace(/^\.\//, ''));
        if (f === undefined) throw new FormatError(`TF.js model: shard '${p}' is missing from the files given.`);
        return toBytes(f);
      }, compile));
    }
    const entry = Object.entries(files).find(([k]) => /\.(keras|h5|hdf5)$/i.test(k));
    if (entry) return fromBytes(toBytes(entry[1]), sniff(toBytes(entry[1])), compile, options);
  }
  throw new ValueError('loadModel: expected a path, URL, indexeddb:// or localstorage:// location, bytes, or an object of files.');
}

function parseJson(bytes: Uint8Array): Record<string, unknown> {
  try { return JSON.parse(new TextDecoder().decode(bytes)); } catch { throw new FormatError('model.json is not valid JSON.'); }
}

function fromBytes(bytes: Uint8Array, format: Format, compile: boolean, limits: ZipLimits): SavedModel {
  return typed(() => {
    if (format === 'keras') return modelFromKerasArchive(readKerasArchive(bytes, limits), { compile });
    if (format === 'h5') return readLegacyH5(bytes, { compile });
    throw new ValueError(`Unsupported format ${format}.`);
  });
}

/** A damaged file can make any step fail: report it as a FormatError, never as a bare TypeError. */
function typed<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NeurasmError) throw e;
    throw formatError(`The model file is corrupt or not a model this version can read (${(e as Error)?.message ?? e}).`, e);
  }
}

async function typedAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof NeurasmError) throw e;
    throw formatError(`The model file is corrupt or not a model this version can read (${(e as Error)?.message ?? e}).`, e);
  }
}

/** Keras 3 '.weights.h5' (layers/<name>/vars/<i>) or a legacy weights file. */
export function weightsToBytes(model: SavedModel): Uint8Array { return writeHdf5(weightsTree(model, false)); }

export function loadWeightsFromBytes(model: SavedModel, bytes: Uint8Array): void {
  typed(() => {
    const root = readHdf5(bytes);
    if (root.children.has('layers')) loadKerasWeights(model, root, false);
    else loadLegacyWeights(model, root, false);
  });
}

export async function saveWeights(model: SavedModel, target: string): Promise<void> {
  await writeTarget(target, weightsToBytes(model));
}

export async function loadWeights(model: SavedModel, source: string | Uint8Array | ArrayBuffer): Promise<void> {
  const bytes = typeof source === 'string' ? await readSource(source) : toBytes(source);
  loadWeightsFromBytes(model, bytes);
}

/** What the core's io hook (sdk/models/io-hook.ts) calls. */
export const api: IOApi = { saveModel, modelToFiles, saveWeights, loadWeights, loadModel };
