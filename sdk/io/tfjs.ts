// The TF.js layers format: model.json (modelTopology in Keras-2 style, weightsManifest) plus
// binary weight shards. Topologies are converted to and from the Keras 3 dialect here, so the
// model code only ever sees Keras 3 configs.
import { FormatError } from './errors.js';
import { fromValues } from '../tensor/ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Model } from '../models/functional.js';
import { modelFromConfig, type ModelConfig } from '../models/config.js';
import { assignAll, weightedLayers } from './artifacts.js';
import { compileArgsFromConfig, modelToConfig } from './keras.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keras 3 → Keras 2 / TF.js: plain dtype strings, {class_name, config} objects, batch_input_shape. */
function toKeras2(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toKeras2);
  if (!isObj(v)) return v;
  if (v.class_name === 'DTypePolicy' && isObj(v.config)) return v.config.name;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'module' || k === 'registered_name' || k === 'build_config' || k === 'shared_object_id' || k === 'quantization_config') continue;
    if (k === 'batch_shape') { out.batch_input_shape = x; continue; }
    if (k === 'optional' || k === 'ragged') continue;
    out[k] = toKeras2(x);
  }
  return out;
}

function keras3InboundToKeras2(nodes: unknown): unknown {
  if (!Array.isArray(nodes)) return [];
  return nodes.map((n) => {
    if (!isObj(n) || !Array.isArray(n.args)) return n;
    const args = Array.isArray(n.args[0]) ? (n.args[0] as Json[]) : (n.args as Json[]);
    return args.map((a) => { const h = (a.config as Json).keras_history as unknown[]; return [h[0], h[1], h[2], {}]; });
  });
}

export function topologyFromModel(model: Model): Json {
  const cfg = modelToConfig(model);
  const inner = cfg.config as Json;
  let config: Json;
  if (cfg.class_name === 'Sequential') {
    const layers = (inner.layers as Json[]).slice();
    let batch: unknown = null;
    if (layers[0]?.class_name === 'InputLayer') batch = (layers.shift()!.config as Json).batch_shape;
    const converted = layers.map((l) => ({ class_name: l.class_name, config: toKeras2(l.config) as Json }));
    if (batch && converted[0]) converted[0].config.batch_input_shape = batch;
    config = { name: inner.name, layers: converted };
  } else {
    config = {
      name: inner.name,
      layers: (inner.layers as Json[]).map((l) => ({ class_name: l.class_name, config: toKeras2(l.config), name: l.name, inbound_nodes: keras3InboundToKeras2(l.inbound_nodes) })),
      input_layers: Array.isArray((inner.input_layers as unknown[])[0]) ? inner.input_layers : [inner.input_layers],
      output_layers: Array.isArray((inner.output_layers as unknown[])[0]) ? inner.output_layers : [inner.output_layers],
    };
  }
  return { class_name: cfg.class_name === 'Sequential' ? 'Sequential' : 'Model', config, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' };
}

/** TF.js / Keras 2 topology → a Keras 3 model config our modelFromConfig reads. */
export function topologyToKeras3(topology: Json): ModelConfig {
  let t = topology;
  if (isObj(t.model_config)) t = t.model_config as Json; // Keras-converted files nest it
  const cls = String(t.class_name);
  const config = (t.config ?? {}) as Json;
  if (cls === 'Sequential') {
    const layers = (Array.isArray(config) ? config : (config.layers as Json[])) ?? [];
    return { class_name: 'Sequential', config: { name: config.name, layers: layers.map((l) => ({ class_name: l.class_name, config: l.config })) } };
  }
  if (cls === 'Model' || cls === 'Functional') {
    return { class_name: 'Functional', config: { ...config, layers: (config.layers as Json[]).map((l) => ({ ...l, name: l.name ?? (l.config as Json).name })) } };
  }
  throw new FormatError(`TF.js model.json: unsupported model class '${cls}'.`);
}

export interface WeightSpec { name: string; shape: number[]; dtype: string }

/** model.json + one shard with every weight, in model order. */
export function writeTfjs(model: Model): { modelJson: Json; shard: Uint8Array } {
  const specs: WeightSpec[] = [];
  const parts: Uint8Array[] = [];
  for (const l of weightedLayers(model)) {
    l.variablesInOrder.forEach((v) => {
      const short = v.name.split('/').slice(-2).join('/');
      specs.push({ name: short, shape: [...v.shape], dtype: v.dtype === 'int32' ? 'int32' : 'float32' });
      const d = v.dataSync();
      parts.push(new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice());
    });
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const shard = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { shard.set(p, o); o += p.length; }
  const cc = model.compileConfig();
  const modelJson: Json = {
    format: 'layers-model',
    generatedBy: 'neurasm',
    convertedBy: null,
    modelTopology: topologyFromModel(model),
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: specs }],
  };
  if (cc) modelJson.trainingConfig = { loss: cc.loss, metrics: cc.metrics, optimizer_config: { class_name: (cc.optimizer as Json).class_name, config: (cc.optimizer as Json).config } };
  return { modelJson, shard };
}

/** A model from model.json and a function that returns the bytes of a shard path. */
export async function readTfjs(modelJson: Json, fetchShard: (path: string) => Promise<Uint8Array>, compile = true): Promise<Model> {
  if (!isObj(modelJson.modelTopology)) throw new FormatError('TF.js model.json: no modelTopology (graph models are not supported; use a layers model).');
  const model = modelFromConfig(topologyToKeras3(modelJson.modelTopology as Json));
  const tc = modelJson.trainingConfig as Json | undefined;
  if (compile && tc && tc.optimizer_config && tc.loss) {
    const args = compileArgsFromConfig({ optimizer: tc.optimizer_config, loss: tc.loss, metrics: tc.metrics });
    if (args) model.compile(args);
  }
  const groups = (modelJson.weightsManifest ?? []) as { paths: string[]; weights: WeightSpec[] }[];
  const byName = new Map<string, Tensor>();
  for (const g of groups) {
    const chunks = await Promise.all(g.paths.map(fetchShard));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const buf = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) { buf.set(c, o); o += c.length; }
    let off = 0;
    for (const w of g.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const bytes = n * 4;
      if (off + bytes > buf.length) throw new FormatError(`TF.js weights: '${w.name}' needs ${bytes} bytes at offset ${off}, the shards hold ${buf.length}.`);
      if (w.dtype !== 'float32' && w.dtype !== 'int32') throw new FormatError(`TF.js weights: dtype ${w.dtype} of '${w.name}' is not supported.`);
      const view = buf.slice(off, off + bytes);
      byName.set(w.name, fromValues(w.dtype === 'float32' ? new Float32Array(view.buffer) : new Int32Array(view.buffer), w.shape, w.dtype));
      off += bytes;
    }
  }
  const pairs = weightedLayers(model).map((layer) => {
    const values = layer.variablesInOrder.map((v) => {
      const short = v.name.split('/').pop()!;
      const t = byName.get(`${layer.name}/${short}`) ?? byName.get(v.name);
      if (!t) throw new FormatError(`TF.js weights: no '${layer.name}/${short}' in the manifest (it has ${[...byName.keys()].slice(0, 8).join(', ')}…).`);
      return t;
    });
    return { layer, values };
  });
  assignAll(pairs);
  return model;
}
