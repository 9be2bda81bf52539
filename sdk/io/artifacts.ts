// Moving weights between models and HDF5 trees, in Keras's layouts.
import { FormatError } from './errors.js';
import { ShapeError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { fromValues } from '../tensor/ops/creation.js';
import type { Model } from '../models/functional.js';
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

/** All 'vars' datasets under a layer group, depth first (nested cells keep their order). */
export function layerVars(g: H5Node | undefined, what: string): H5Dataset[] {
  if (!g || g.kind !== 'group') return [];
  const out: H5Dataset[] = [];
  const vars = g.children.get('vars');
  if (vars && vars.kind === 'group') out.push(...varsList(vars, `${what}/vars`));
  for (const [k, child] of g.children) if (k !== 'vars' && child.kind === 'group') out.push(...layerVars(child, `${what}/${k}`));
  return out;
}

/**
 * Assign weights to layers only after every shape has been checked: a mismatched file leaves
 * the model untouched.
 */
export function assignAll(pairs: { layer: Layer; values: Tensor[] }[]): void {
  for (const { layer, values } of pairs) {
    const vars = layer.variablesInOrder;
    if (values.length !== vars.length) {
      throw new FormatError(`Layer '${layer.name}' (${layer.className}) has ${vars.length} weights (${vars.map((v) => fmtShape(v.shape)).join(', ')}) but the file has ${values.length}.`);
    }
    values.forEach((t, i) => {
      if (t.size !== vars[i].size || t.shape.length !== vars[i].shape.length || t.shape.some((d, j) => d !== vars[i].shape[j])) {
        throw new ShapeError(`Layer '${layer.name}' (${layer.className}): weight '${vars[i].name}' has shape ${fmtShape(vars[i].shape)} but the file has ${fmtShape(t.shape)}.`);
      }
    });
  }
  for (const { layer, values } of pairs) layer.variablesInOrder.forEach((v, i) => v.assign(values[i]));
}

/**
 * The group name of each layer in a Keras 3 weights file: not the layer's name but its class
 * in snake case, numbered by occurrence in the model (dense, dense_1, ...; InputLayers count).
 */
export function kerasLayerKeys(model: Model): Map<Layer, string> {
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

/** Layers that own weights, in model order. */
export function weightedLayers(model: Model): Layer[] {
  return model.layers.filter((l) => l.variablesInOrder.length > 0);
}

/** Keras 3 weights tree: layers/<name>/vars/<i> (+ optimizer/vars/<i>). */
export function weightsTree(model: Model, withOptimizer: boolean): WriteGroup {
  const layers: Record<string, WriteGroup> = {};
  for (const [l, key] of kerasLayerKeys(model)) {
    const vars: Record<string, WriteDataset> = {};
    l.variablesInOrder.forEach((v, i) => { vars[String(i)] = tensorToDataset(v); });
    layers[key] = { children: { vars: { children: vars, attrs: { name: l.name } } } };
  }
  const root: WriteGroup = { children: { layers: { children: layers }, vars: { children: {}, attrs: { name: model.name } } } };
  const opt = model.optimizer;
  if (withOptimizer && opt && opt.variables().length) {
    const vars: Record<string, WriteDataset> = {};
    opt.variables().forEach((v, i) => { vars[String(i)] = tensorToDataset(v.value); });
    root.children.optimizer = { children: { vars: { children: vars, attrs: { name: opt.name } } } };
  }
  return root;
}
