// The legacy Keras HDF5 format (model.save('m.h5')): attrs model_config / training_config,
// model_weights/<layer>/<weight path> with weight_names, optimizer_weights.
import { FormatError } from './errors.js';
import { readHdf5, writeHdf5, getNode, type H5Group, type WriteGroup, type WriteDataset } from './hdf5.js';
import { assignAll, datasetToTensor, legacyWeightOrder, tensorToDataset, weightedLayers } from './artifacts.js';
import { withoutMaskOps } from './mask-ops.js';
import { modelFromConfig } from '../models/config.js';
import { checkModelConfig } from './config-check.js';
import type { SavedModel } from '../models/contracts.js';
import { compileArgsFromConfig, KERAS_VERSION, modelToConfig, type LoadOptions } from './keras.js';

const str = (v: unknown) => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : []);

export function readLegacyH5(bytes: Uint8Array, options: LoadOptions = {}): SavedModel {
  const root = readHdf5(bytes);
  const mc = root.attrs.model_config;
  if (typeof mc !== 'string') throw new FormatError('.h5 file: no model_config attribute (is it a weights-only file? use loadWeights).');
  let config;
  try { config = JSON.parse(mc); } catch { throw new FormatError('.h5 file: model_config is not valid JSON.'); }
  const model = modelFromConfig(checkModelConfig(config, withoutMaskOps));
  const tc = root.attrs.training_config;
  if ((options.compile ?? true) && typeof tc === 'string') {
    try {
      const args = compileArgsFromConfig(JSON.parse(tc));
      if (args) model.compile(args);
    } catch (e) {
      if (e instanceof SyntaxError) throw new FormatError('.h5 file: training_config is not valid JSON.');
      throw e;
    }
  }
  loadLegacyWeights(model, root, options.compile ?? true);
  return model;
}

/** Weights from model_weights (and optimizer_weights) of a legacy .h5 tree. */
export function loadLegacyWeights(model: SavedModel, root: H5Group, withOptimizer = true): void {
  const mw = (getNode(root, 'model_weights') ?? root) as H5Group;
  const pairs = weightedLayers(model).map((layer) => {
    const g = mw.children.get(layer.name);
    if (!g || g.kind !== 'group') throw new FormatError(`.h5 file: no weights for layer '${layer.name}'.`);
    const names = str(g.attrs.weight_names);
    const values = names.map((n) => {
      const d = getNode(g, n);
      if (!d || d.kind !== 'dataset') throw new FormatError(`.h5 file: weight '${n}' of layer '${layer.name}' is missing.`);
      return datasetToTensor(d, n);
    });
    return { layer, values };
  });
  assignAll(pairs, legacyWeightOrder);
  const ow = getNode(root, 'optimizer_weights');
  const opt = model.optimizer;
  if (withOptimizer && opt && ow && ow.kind === 'group') {
    const names = str(ow.attrs.weight_names);
    const values = names.map((n) => {
      const d = getNode(ow, n);
      if (!d || d.kind !== 'dataset') throw new FormatError(`.h5 file: optimizer weight '${n}' is missing.`);
      return datasetToTensor(d, n);
    });
    if (values.length >= 2) { opt.build(model.trainableWeights); opt.setVariables(values); }
  }
}

/** Nested groups for a '/'-separated dataset path. */
function put(g: WriteGroup, path: string, d: WriteDataset): void {
  const parts = path.split('/');
  let cur = g;
  for (const p of parts.slice(0, -1)) cur = (cur.children[p] ??= { children: {} }) as WriteGroup;
  cur.children[parts[parts.length - 1]] = d;
}

export function writeLegacyH5(model: SavedModel): Uint8Array {
  const cfg = modelToConfig(model);
  const mw: WriteGroup = { children: {}, attrs: { layer_names: model.layers.map((l) => l.name), backend: 'jax', keras_version: KERAS_VERSION } };
  for (const l of model.layers) {
    const g: WriteGroup = { children: {}, attrs: { weight_names: legacyWeightOrder(l).map((v) => v.name) } };
    legacyWeightOrder(l).forEach((v) => put(g, v.name, tensorToDataset(v)));
    mw.children[l.name] = g;
  }
  const root: WriteGroup = {
    children: { model_weights: mw },
    attrs: { keras_version: KERAS_VERSION, backend: 'jax', model_config: JSON.stringify({ class_name: cfg.class_name, config: cfg.config }) },
  };
  if (cfg.compile_config) {
    // Keras's legacy layout: the compile config without 'optimizer', plus 'optimizer_config'
    // {class_name, config} (keras/src/legacy/saving/saving_utils.py model_metadata).
    const { optimizer, ...rest } = cfg.compile_config as Record<string, unknown> & { optimizer?: { class_name?: string; config?: unknown } };
    root.attrs!.training_config = JSON.stringify({ ...rest, optimizer_config: { class_name: optimizer?.class_name, config: optimizer?.config } });
  }
  const opt = model.optimizer;
  if (opt && opt.variables().length) {
    const ow: WriteGroup = { children: {}, attrs: { weight_names: opt.variables().map((v) => v.path) } };
    for (const v of opt.variables()) put(ow, v.path, tensorToDataset(v.value));
    root.children.optimizer_weights = ow;
  }
  return writeHdf5(root);
}
