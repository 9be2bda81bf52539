// Moving weights between models and HDF5 trees, in Keras's layouts.
import { FormatError } from './errors.js';
import { ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { fromValues } from '../tensor/ops/creation.js';
import type { SavedModel } from '../models/contracts.js';
import type { Variable } from '../tensor/variable.js';
import { toSnakeCase, type Layer } from '../layers/layer.js';
import type { H5Dataset, H5Group, H5Node, WriteDataset, WriteGroup } from './hdf5.js';

/** A dataset as a float32/int32 tensor. */
export function datasetToTensor(d: H5Dataset, what: string): Tensor {
  const { data, shape } = d;
  if (Array.isArray(data)) throw new FormatError(`${what}: expected numbers, found strings.`);
  if (data instanceof Float32Array) return fromValues(data, shape, 'float32');
  if (data instanceof BigInt64Array) return fromValues(Array.from(data, Number), shape, 'int32');
  if (data instanceof Int32Array || data instanceof Uint8Array || data instanceof Int8Array || data instanceof Int16Array || data instanceof Uint16Array) return fromValues(data, shape, 'int32');
  return fromValues(Array.from(data as ArrayLike<number>), shape, 'float32');
}

export function tensorToDataset(t: Tensor): WriteDataset {
  const v = t.dataSync();
  return { shape: [...t.shape], data: t.dtype === 'float32' ? (v as Float32Array) : Int32Array.from(v) };
}

/** Datasets of a Keras 3 'vars' group (named 0, 1, 2, ...) in numeric order. */
export function varsList(g: H5Group, what: string): H5Dataset[] {
  const keys = [...g.children.keys()].filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
  return keys.map((k, i) => {
    if (Number(k) !== i) throw new FormatError(`${what}: variable ${i} is missing.`);
    const n = g.children.get(k)!;
    if (n.kind !== 'dataset') throw new FormatError(`${what}/${k} is not a dataset.`);
    return n;
  });
}

/**
 * Assign weights to layers only after every shape has been checked: a mismatched file leaves
 * the model untouched.
 */
export function assignAll(pairs: { layer: Layer; values: Tensor[] }[], varsOf: (l: Layer) => Variable[] = (l) => l.variablesInOrder): void {
  for (const { layer, values } of pairs) {
    const vars = varsOf(layer);
    if (values.length !== vars.length) {
      throw new FormatError(`Layer '${layer.name}' (${layer.className}) has ${vars.length} weights (${vars.map((v) => fmtShape(v.shape)).join(', ')}) but the file has ${values.length}.`);
    }
    values.forEach((t, i) => {
      if (t.size !== vars[i].size || t.shape.length !== vars[i].shape.length || t.shape.some((d, j) => d !== vars[i].shape[j])) {
        throw new ShapeError(`Layer '${layer.name}' (${layer.className}): weight '${vars[i].name}' has shape ${fmtShape(vars[i].shape)} but the file has ${fmtShape(t.shape)}.`);
      }
    });
  }
  for (const { layer, values } of pairs) varsOf(layer).forEach((v, i) => v.assign(values[i]));
}

/**
 * A layer's weights in the order of Keras's legacy formats (.h5 weight_names): trainable, then
 * non-trainable. The same as variablesInOrder for a plain layer; for a nested model it puts
 * every inner BatchNormalization statistic after all trainable weights, as Keras does.
 */
export function legacyWeightOrder(layer: Layer): Variable[] {
  return [...layer.trainableWeights, ...layer.nonTrainableWeights];
}

/**
 * The group name of each layer in a Keras 3 weights file: not the layer's name but its class
 * in snake case, numbered by occurrence in the model (dense, dense_1, ...; InputLayers count).
 */
export function kerasLayerKeys(model: SavedModel | { layers: Layer[] }): Map<Layer, string> {
  const seen = new Map<string, number>();
  const keys = new Map<Layer, string>();
  for (const l of model.layers) {
    const base = toSnakeCase(l.className);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    keys.set(l, n === 0 ? base : `${base}_${n}`);
  }
  return keys;
}

/** One weight and the path Keras's saving_lib gives it in model.weights.h5. */
export interface WeightPath { path: string; variable: Variable; layer: Layer }

/** RNN layers keep their weights on a cell (layers/lstm/cell/vars/<i>). */
const CELL_LAYERS = new Set(['LSTM', 'GRU', 'SimpleRNN']);

/** The attributes under which Keras stores a layer's sublayers, for layers that have them. */
function sublayers(layer: Layer): [string, Layer][] | null {
  const l = layer as unknown as { forwardLayer?: Layer; backwardLayer?: Layer; layer?: Layer; layers?: unknown };
  if (layer.className === 'Bidirectional') return [['forward_layer', l.forwardLayer!], ['backward_layer', l.backwardLayer!]];
  if (layer.className === 'TimeDistributed') return [['layer', l.layer!]];
  const nested = l.layers;
  if (Array.isArray(nested)) return [...kerasLayerKeys({ layers: nested as Layer[] })].map(([l, key]) => [`layers/${key}`, l]);
  return null;
}

/**
 * Every weight of the model with its path, as Keras's saving_lib forms them: a layer's own
 * variables at <prefix>/vars/<i>, sublayers under their attribute name (forward_layer,
 * backward_layer, layer, cell), the layers of a model under <prefix>/layers/<class key>.
 * `groups` collects every layer group visited (each gets a 'vars' group when written).
 */
export function kerasWeightPaths(model: SavedModel, groups: string[] = []): WeightPath[] {
  const out: WeightPath[] = [];
  const seen = new Set<Layer>();
  const walk = (layer: Layer, prefix: string) => {
    if (seen.has(layer)) return;
    seen.add(layer);
    groups.push(prefix);
    const subs = sublayers(layer);
    if (subs) { for (const [attr, sub] of subs) walk(sub, `${prefix}/${attr}`); return; }
    let dir = `${prefix}/vars`;
    if (CELL_LAYERS.has(layer.className)) { groups.push(`${prefix}/cell`); dir = `${prefix}/cell/vars`; }
    layer.variablesInOrder.forEach((variable, i) => out.push({ path: `${dir}/${i}`, variable, layer }));
  };
  for (const [l, key] of kerasLayerKeys(model)) walk(l, `layers/${key}`);
  return out;
}

/** Paths of every dataset under a group ('layers/dense/vars/0', ...), depth first. */
export function datasetPaths(node: H5Node | undefined, prefix: string, out: string[] = []): string[] {
  if (!node) return out;
  if (node.kind === 'dataset') { out.push(prefix); return out; }
  for (const [k, child] of node.children) datasetPaths(child, `${prefix}/${k}`, out);
  return out;
}

/**
 * Assign every weight from its path in a Keras 3 weights tree. The file must hold exactly the
 * model's paths with the model's shapes; the first mismatch is a FormatError naming the path,
 * and nothing is assigned unless everything matches.
 */
export function assignByPath(model: SavedModel, root: H5Group): void {
  const expected = kerasWeightPaths(model);
  const datasets: H5Dataset[] = [];
  for (const { path, variable, layer } of expected) {
    const n = getNodeAt(root, path);
    const what = `weight '${variable.name}' of layer '${layer.name}' (${layer.className})`;
    if (!n) {
      const parent = path.slice(0, path.lastIndexOf('/'));
      const near = nearestGroup(root, parent);
      throw new FormatError(`The weights file has no '${path}' for ${what}; ` +
        (near.path === parent ? `'${parent}' holds: ${near.names.join(', ') || 'nothing'}.` : `'${near.path || '/'}' holds: ${near.names.join(', ') || 'nothing'}.`) +
        ' The file was saved from a different model.');
    }
    if (n.kind !== 'dataset') throw new FormatError(`The weights file has a group at '${path}' where ${what} should be a dataset.`);
    if (n.shape.length !== variable.shape.length || n.shape.some((d, j) => d !== variable.shape[j])) {
      throw new ShapeError(`Layer '${layer.name}' (${layer.className}): weight '${variable.name}' has shape ${fmtShape(variable.shape)} but the file has ${fmtShape(n.shape)} at '${path}'.`);
    }
    datasets.push(n);
  }
  const want = new Set(expected.map((e) => e.path));
  const extra = datasetPaths(getNodeAt(root, 'layers'), 'layers').find((p) => !want.has(p));
  if (extra !== undefined) throw new FormatError(`The weights file has '${extra}', which is no weight of model '${model.name}' (its paths: ${[...want].slice(0, 6).join(', ')}${want.size > 6 ? ', …' : ''}).`);
  const values = datasets.map((d, i) => datasetToTensor(d, expected[i].path));
  expected.forEach(({ variable }, i) => variable.assign(values[i]));
  values.forEach((t) => t.dispose());
}

function getNodeAt(root: H5Group, path: string): H5Node | undefined {
  let cur: H5Node = root;
  for (const part of path.split('/')) {
    if (cur.kind !== 'group') return undefined;
    const next = cur.children.get(part);
    if (!next) return undefined;
    cur = next;
  }
  return cur;
}

/** The deepest existing group on the way to `path`, and the names it holds. */
function nearestGroup(root: H5Group, path: string): { path: string; names: string[] } {
  let cur: H5Group = root;
  let at = '';
  for (const part of path.split('/')) {
    const next = cur.children.get(part);
    if (!next || next.kind !== 'group') break;
    cur = next;
    at = at ? `${at}/${part}` : part;
  }
  return { path: at, names: [...cur.children.keys()] };
}

/** Layers that own weights, in model order. */
export function weightedLayers(model: SavedModel): Layer[] {
  return model.layers.filter((l) => l.variablesInOrder.length > 0);
}

/** Keras 3 weights tree: every weight at its saving_lib path (+ optimizer/vars/<i>). */
export function weightsTree(model: SavedModel, withOptimizer: boolean): WriteGroup {
  const root: WriteGroup = { children: { layers: { children: {} }, vars: { children: {} } } };
  const groupAt = (path: string): WriteGroup => {
    let cur = root;
    for (const part of path.split('/')) cur = (cur.children[part] ??= { children: {} }) as WriteGroup;
    return cur;
  };
  const groups: string[] = [];
  const paths = kerasWeightPaths(model, groups);
  for (const g of groups) groupAt(`${g}/vars`);
  for (const { path, variable } of paths) {
    const cut = path.lastIndexOf('/');
    groupAt(path.slice(0, cut)).children[path.slice(cut + 1)] = tensorToDataset(variable);
  }
  const opt = model.optimizer;
  if (withOptimizer && opt && opt.variables().length) {
    const vars: Record<string, WriteDataset> = {};
    opt.variables().forEach((v, i) => { vars[String(i)] = tensorToDataset(v.value); });
    root.children.optimizer = { children: { vars: { children: vars } } };
  }
  return root;
}
