// The Keras 3 native format: a zip with config.json, metadata.json and model.weights.h5.
import { zipSync } from 'fflate';
import { readZip, type ZipLimits } from './zip.js';
import { FormatError } from './errors.js';
import { readHdf5, writeHdf5, getNode, type H5Group } from './hdf5.js';
import { assignByPath, datasetToTensor, varsList, weightsTree } from './artifacts.js';
import { withoutMaskOps } from './mask-ops.js';
import { modelFromConfig, type ModelConfig } from '../models/config.js';
import { checkModelConfig } from './config-check.js';
import type { SavedModel } from '../models/contracts.js';
import { optimizerFromConfig } from '../optimizers/index.js';
import type { CompileArgs } from '../models/training/compile.js';

export const KERAS_VERSION = '3.15.1';
const dec = new TextDecoder();
const enc = new TextEncoder();

export interface KerasArchive { config: ModelConfig & { compile_config?: Record<string, unknown> | null; build_config?: unknown }; metadata: Record<string, unknown>; weights: H5Group }

const ARCHIVE_FILES = new Set(['config.json', 'metadata.json', 'model.weights.h5']);

/** The three files of a .keras archive, within the zip limits (assets are not read). */
export function readKerasArchive(bytes: Uint8Array, limits?: ZipLimits): KerasArchive {
  const files = readZip(bytes, '.keras file', limits, (name) => ARCHIVE_FILES.has(name));
  for (const f of ['config.json', 'model.weights.h5']) if (!files[f]) throw new FormatError(`.keras file: ${f} is missing (found ${Object.keys(files).join(', ') || 'nothing'}).`);
  let config, metadata;
  try { config = JSON.parse(dec.decode(files['config.json'])); } catch { throw new FormatError('.keras file: config.json is not valid JSON.'); }
  try { metadata = files['metadata.json'] ? JSON.parse(dec.decode(files['metadata.json'])) : {}; } catch { throw new FormatError('.keras file: metadata.json is not valid JSON.'); }
  if (!config || typeof config !== 'object' || typeof config.class_name !== 'string') throw new FormatError('.keras file: config.json has no class_name.');
  return { config, metadata, weights: readHdf5(files['model.weights.h5']) };
}

/** Load weights (and optimizer state) from a Keras 3 weights tree into a built model, by path. */
export function loadKerasWeights(model: SavedModel, weights: H5Group, withOptimizer = true): void {
  assignByPath(model, weights);
  const optVars = getNode(weights, 'optimizer/vars');
  const opt = model.optimizer;
  if (withOptimizer && opt && optVars && optVars.kind === 'group') {
    const values = varsList(optVars, 'optimizer/vars').map((d, i) => datasetToTensor(d, `optimizer/vars/${i}`));
    if (values.length >= 2) {
      opt.build(model.trainableWeights);
      opt.setVariables(values);
    }
  }
}

/** compile() arguments from a Keras compile_config (optimizer, loss, metrics, loss weights). */
export function compileArgsFromConfig(cc: Record<string, unknown>): CompileArgs | null {
  if (!cc || typeof cc !== 'object' || Array.isArray(cc)) throw new FormatError(`The compile/training config must be an object, got ${JSON.stringify(cc)?.slice(0, 40)}.`);
  cc = { ...cc };
  if (!cc.optimizer && cc.optimizer_config) cc = { ...cc, optimizer: cc.optimizer_config }; // legacy training_config
  if (!cc.optimizer || !cc.loss) return null;
  const o = cc.optimizer as { class_name: string; config: Record<string, unknown> } | string;
  if (typeof o !== 'string' && (typeof o !== 'object' || typeof o.class_name !== 'string' || (o.config != null && (typeof o.config !== 'object' || Array.isArray(o.config))))) {
    throw new FormatError(`The compile config's optimizer must be a name or {class_name, config}, got ${JSON.stringify(o)?.slice(0, 60)}.`);
  }
  const optimizer = typeof o === 'string' ? o : optimizerFromConfig(o.class_name, o.config ?? {});
  const lossOf = (l: unknown): string => {
    if (typeof l === 'string') return l;
    const obj = l as { class_name?: string; config?: { name?: string } };
    return obj?.config?.name ?? obj?.class_name ?? String(l);
  };
  const loss = cc.loss && typeof cc.loss === 'object' && !Array.isArray(cc.loss) && !('class_name' in (cc.loss as object))
    ? Object.fromEntries(Object.entries(cc.loss as Record<string, unknown>).map(([k, v]) => [k, lossOf(v)]))
    : Array.isArray(cc.loss) ? (cc.loss as unknown[]).map(lossOf) : lossOf(cc.loss);
  const metricOf = (m: unknown): string => (typeof m === 'string' ? m : (m as { config?: { name?: string } })?.config?.name ?? String(m));
  let metrics: CompileArgs['metrics'];
  if (Array.isArray(cc.metrics)) metrics = (cc.metrics as unknown[]).map((m) => (Array.isArray(m) ? m.map(metricOf) : metricOf(m))) as CompileArgs['metrics'];
  else if (cc.metrics && typeof cc.metrics === 'object') {
    metrics = Object.fromEntries(Object.entries(cc.metrics as Record<string, unknown>).map(([k, v]) => [k, Array.isArray(v) ? v.map(metricOf) : metricOf(v)])) as CompileArgs['metrics'];
  }
  const lw = cc.loss_weights as CompileArgs['lossWeights'] | null;
  return { optimizer, loss: loss as CompileArgs['loss'], metrics, lossWeights: lw ?? undefined };
}

export interface LoadOptions { compile?: boolean }

export function modelFromKerasArchive(a: KerasArchive, options: LoadOptions = {}): SavedModel {
  const model = modelFromConfig(checkModelConfig(a.config, withoutMaskOps));
  if ((options.compile ?? true) && a.config.compile_config) {
    const args = compileArgsFromConfig(a.config.compile_config);
    if (args) model.compile(args);
  }
  loadKerasWeights(model, a.weights, options.compile ?? true);
  return model;
}

/** The Keras 3 top-level config of a model (what config.json holds). */
export function modelToConfig(model: SavedModel): Record<string, unknown> {
  const isSeq = model.className === 'Sequential';
  const cfg: Record<string, unknown> = {
    module: isSeq ? 'keras' : 'keras.src.models.functional',
    class_name: model.className,
    config: model.getConfig(),
    registered_name: null,
  };
  if (model.builtInputShape) cfg.build_config = { input_shape: model.builtInputShape };
  const cc = model.compileConfig();
  if (cc) cfg.compile_config = cc;
  return cfg;
}

export function writeKerasArchive(model: SavedModel): Uint8Array {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const metadata = { keras_version: KERAS_VERSION, date_saved: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}@${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`, saved_by: 'neurasm' };
  return zipSync({
    'metadata.json': [enc.encode(JSON.stringify(metadata)), { level: 0 }],
    'config.json': [enc.encode(JSON.stringify(modelToConfig(model))), { level: 0 }],
    'model.weights.h5': [writeHdf5(weightsTree(model, true)), { level: 0 }],
  });
}
