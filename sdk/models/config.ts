// Models from Keras 3 config JSON (config.json of a .keras file, model_config of an .h5):
// Sequential and Functional, rebuilt through the layer registry only — never from code. And
// loadModel(), which has the lazily loaded io module (io-hook.ts) read a file and build the
// model with modelFromConfig.
import { ValueError, describeValue } from '../errors.js';
import { deserializeLayer, registerLayer } from '../layers/layer.js';
import { SymbolicTensor, type Layer } from '../layers/layer.js';
import { InputLayer } from '../layers/core.js';
import { Model } from './functional.js';
import { Sequential } from './sequential.js';
import { requireIO } from './io-hook.js';
import type { LoadModelOptions, Source } from './contracts.js';

export interface SerializedLayer {
  class_name: string;
  config: Record<string, unknown>;
  module?: string;
  registered_name?: string | null;
  name?: string;
  inbound_nodes?: unknown[];
  build_config?: { input_shape?: unknown };
}

export interface ModelConfig { class_name: string; config: Record<string, unknown>; module?: string }

type History = [string, number, number];

/** A Sequential or functional model from its Keras 3 config. */
export function modelFromConfig(mc: ModelConfig): Model {
  if (mc === null || typeof mc !== 'object' || typeof mc.class_name !== 'string') {
    const got = typeof mc === 'object' && mc !== null ? 'an object without a class_name string' : describeValue(mc);
    throw new ValueError(`modelFromConfig: expected a Keras model config {class_name: 'Sequential' | 'Functional', config: {...}}, got ${got}.`);
  }
  const cls = mc.class_name;
  const cfg = mc.config ?? {};
  if (cls === 'Sequential') return sequentialFromConfig(cfg);
  if (cls === 'Functional' || cls === 'Model') return functionalFromConfig(cfg);
  throw new ValueError(`Cannot build a model of class '${cls}': expected Sequential or Functional.`);
}

function sequentialFromConfig(cfg: Record<string, unknown>): Sequential {
  const entries = (cfg.layers ?? []) as SerializedLayer[];
  const model = new Sequential([], { name: cfg.name as string | undefined });
  for (const e of entries) {
    const layer = deserializeLayer(e.class_name, e.config ?? {});
    model.add(layer);
  }
  // Layers saved without an InputLayer but with a build_config still know their input shape.
  const first = entries[0];
  if (!model.graph && first && first.class_name !== 'InputLayer') {
    const shape = first.build_config?.input_shape as (number | null)[] | undefined;
    if (Array.isArray(shape)) model.buildGraph(shape);
  }
  if (cfg.trainable === false) model.trainable = false;
  return model;
}

function functionalFromConfig(cfg: Record<string, unknown>): Model {
  const entries = (cfg.layers ?? []) as SerializedLayer[];
  const layers = new Map<string, Layer>();
  for (const e of entries) {
    const name = (e.name ?? e.config?.name) as string;
    if (layers.has(name)) throw new ValueError(`Model config: two layers are named '${name}'.`);
    layers.set(name, deserializeLayer(e.class_name, e.config ?? {}));
  }
  // outputs[layerName][nodeIndex] = the node's output tensors, filled as nodes are applied.
  const produced = new Map<string, SymbolicTensor[][]>();
  for (const [name, layer] of layers) if (layer instanceof InputLayer) produced.set(name, [[layer.output]]);
  const lookup = ([name, node, index]: History): SymbolicTensor | undefined => produced.get(name)?.[node]?.[index];

  // Apply nodes in config order; a node whose inputs are not ready yet waits (Keras does the same).
  const pending: { layer: Layer; name: string; args: unknown }[] = [];
  for (const e of entries) {
    const name = (e.name ?? e.config?.name) as string;
    const layer = layers.get(name)!;
    if (layer instanceof InputLayer) continue;
    for (const node of (e.inbound_nodes ?? []) as unknown[]) pending.push({ layer, name, args: node });
  }
  let progress = true;
  while (pending.length && progress) {
    progress = false;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      const { refs, list } = nodeInputs(p.args);
      const ins = refs.map(lookup);
      if (ins.some((t) => t === undefined)) continue;
      const out = p.layer.apply(list ? (ins as SymbolicTensor[]) : (ins as SymbolicTensor[]).slice(0, 1) as unknown as SymbolicTensor[]);
      const outs = Array.isArray(out) ? out : [out];
      const arr = produced.get(p.name) ?? [];
      arr.push(outs as SymbolicTensor[]);
      produced.set(p.name, arr);
      pending.splice(i, 1);
      i--;
      progress = true;
    }
  }
  if (pending.length) throw new ValueError(`Model config: cannot connect layer(s) ${pending.map((p) => `'${p.name}'`).join(', ')} (missing inputs).`);
  const refsOf = (v: unknown): History[] => (Array.isArray(v) && typeof v[0] === 'string' ? [v as History] : (v as History[]));
  const inputs = refsOf(cfg.input_layers).map((h) => required(lookup(h), h));
  const outputs = refsOf(cfg.output_layers).map((h) => required(lookup(h), h));
  // A one-element list (TF.js always writes lists) still makes a single-input/-output model.
  const single = (v: unknown) => (Array.isArray(v) && typeof v[0] === 'string') || (Array.isArray(v) && v.length === 1);
  const model = new Model({
    inputs: single(cfg.input_layers) ? inputs[0] : inputs,
    outputs: single(cfg.output_layers) ? outputs[0] : outputs,
    name: cfg.name as string | undefined,
  });
  if (cfg.trainable === false) model.trainable = false;
  return model;
}

// A model can be a layer of another model, at any depth (Keras's nested models).
registerLayer(Sequential, (c) => sequentialFromConfig(c));
registerLayer(Model, (c) => functionalFromConfig(c));

function required(t: SymbolicTensor | undefined, h: History): SymbolicTensor {
  if (!t) throw new ValueError(`Model config: no tensor ${h[0]}[${h[1]}][${h[2]}].`);
  return t;
}

/** The keras_history references of a node's args: Keras 3 ({args, kwargs}) and Keras 2 ([[name, node, index, kwargs], ...]) forms. */
function nodeInputs(node: unknown): { refs: History[]; list: boolean } {
  if (node && typeof node === 'object' && !Array.isArray(node) && 'args' in node) {
    const args = (node as { args: unknown[] }).args;
    const first = args[0];
    const ref = (t: unknown): History => {
      const h = (t as { config: { keras_history: History } }).config.keras_history;
      return [h[0], h[1], h[2]];
    };
    if (Array.isArray(first)) return { refs: first.map(ref), list: true };
    return { refs: args.map(ref), list: args.length > 1 };
  }
  if (Array.isArray(node)) {
    const refs = (node as unknown[][]).map((r) => [r[0], r[1], r[2]] as History);
    return { refs, list: refs.length > 1 };
  }
  throw new ValueError('Model config: unrecognised inbound node format.');
}

/** Load a model from a path, URL, browser storage, bytes, or an object of files. */
export async function loadModel(source: Source, options: LoadModelOptions = {}): Promise<Model> {
  // The io module builds every model it loads with modelFromConfig above: a Model.
  return (await (await requireIO()).loadModel(source, options)) as Model;
}
