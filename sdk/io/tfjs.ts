// The TF.js layers format: model.json (modelTopology in Keras-2 style, weightsManifest) plus
// binary weight shards. Topologies are converted to and from the Keras 3 dialect here, so the
// model code only ever sees Keras 3 configs.
import { FormatError } from './errors.js';
import { fromValues } from '../tensor/ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import type { SavedModel } from '../models/contracts.js';
import type { Layer } from '../layers/layer.js';
import { modelFromConfig, type ModelConfig } from '../models/config.js';
import { checkModelConfig, isObject } from './config-check.js';
import { assignAll, weightedLayers } from './artifacts.js';
import { compileArgsFromConfig, modelToConfig } from './keras.js';

type Json = Record<string, unknown>;

/** Keras 3 → Keras 2 / TF.js: plain dtype strings, {class_name, config} objects, batch_input_shape. */
function toKeras2(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toKeras2);
  if (!isObject(v)) return v;
  if (v.class_name === 'DTypePolicy' && isObject(v.config)) return v.config.name;
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
    if (!isObject(n) || !Array.isArray(n.args)) return n;
    const args = Array.isArray(n.args[0]) ? (n.args[0] as Json[]) : (n.args as Json[]);
    return args.map((a) => { const h = (a.config as Json).keras_history as unknown[]; return [h[0], h[1], h[2], {}]; });
  });
}

export function topologyFromModel(model: SavedModel): Json {
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
  if (isObject(t.model_config)) t = t.model_config as Json; // Keras-converted files nest it
  const cls = String(t.class_name);
  const config = (t.config ?? {}) as Json;
  if (!isObject(config) && !Array.isArray(config)) throw new FormatError(`TF.js model.json: modelTopology.config must be an object, got ${JSON.stringify(config)?.slice(0, 40)}.`);
  const layersOf = (v: unknown): Json[] => {
    const list = v ?? [];
    if (!Array.isArray(list)) throw new FormatError(`TF.js model.json: the model's layers must be a list, got ${JSON.stringify(list)?.slice(0, 40)}.`);
    list.forEach((l, i) => {
      if (!isObject(l) || typeof l.class_name !== 'string' || !isObject(l.config)) throw new FormatError(`TF.js model.json: layer ${i} must be {class_name: string, config: {...}}, got ${JSON.stringify(l)?.slice(0, 60)}.`);
    });
    return list as Json[];
  };
  if (cls === 'Sequential') {
    const layers = layersOf(Array.isArray(config) ? config : config.layers);
    return { class_name: 'Sequential', config: { name: (config as Json).name, layers: layers.map((l) => ({ class_name: l.class_name, config: l.config })) } };
  }
  if (cls === 'Model' || cls === 'Functional') {
    if (!isObject(config)) throw new FormatError('TF.js model.json: a functional model needs a config object.');
    return { class_name: 'Functional', config: { ...config, layers: layersOf(config.layers).map((l) => ({ ...l, name: l.name ?? (l.config as Json).name })) } };
  }
  throw new FormatError(`TF.js model.json: unsupported model class '${cls.slice(0, 40)}'.`);
}

export interface WeightSpec { name: string; shape: number[]; dtype: string; quantization?: Quantization }
/** TF.js converter's weight quantization: float16 halves, or uint8/uint16 affine (value = q·scale + min). */
export interface Quantization { dtype: 'float16' | 'uint8' | 'uint16'; scale?: number; min?: number; original_dtype?: string }
const STORED_BYTES: Record<string, number> = { float32: 4, int32: 4, float16: 2, uint8: 1, uint16: 2 };

/** An IEEE half (its 16 bits) as a number. */
function halfToFloat(h: number): number {
  const e = (h >> 10) & 0x1f, m = h & 0x3ff, sign = h & 0x8000 ? -1 : 1;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** One weight's stored bytes as float32 (or int32) values: quantized weights expanded, as tf.loadLayersModel does. */
function decodeWeight(w: WeightSpec, bytes: Uint8Array): Float32Array | Int32Array {
  const q = w.quantization;
  if (!q) return w.dtype === 'float32' ? new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4) : new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length / STORED_BYTES[q.dtype];
  const f = new Float32Array(n);
  if (q.dtype === 'float16') for (let i = 0; i < n; i++) f[i] = halfToFloat(view.getUint16(2 * i, true));
  else if (q.dtype === 'uint8') for (let i = 0; i < n; i++) f[i] = bytes[i] * q.scale! + q.min!;
  else for (let i = 0; i < n; i++) f[i] = view.getUint16(2 * i, true) * q.scale! + q.min!;
  return w.dtype === 'int32' ? Int32Array.from(f, Math.round) : f;
}

/**
 * TF.js weight name: '<layer>/<weight>' without Keras 3's cell level ('lstm/lstm_cell/kernel' →
 * 'lstm/kernel'); weights of wrapped layers keep the inner layer's name, under the wrapper's
 * ('bidirectional/forward_lstm/kernel'), so the two directions stay distinct.
 */
function tfjsWeightName(layer: Layer, varName: string): string {
  // Variable names may carry the model's name first ('sequential/lstm/lstm_cell/kernel').
  const parts = varName.split('/').filter((p) => !p.endsWith('_cell'));
  const at = parts.lastIndexOf(layer.name);
  return at >= 0 ? parts.slice(at).join('/') : [layer.name, ...parts.slice(-2)].join('/');
}

/** model.json + one shard with every weight, in model order. */
export function writeTfjs(model: SavedModel): { modelJson: Json; shard: Uint8Array } {
  const specs: WeightSpec[] = [];
  const parts: Uint8Array[] = [];
  for (const l of weightedLayers(model)) {
    l.variablesInOrder.forEach((v) => {
      specs.push({ name: tfjsWeightName(l, v.name), shape: [...v.shape], dtype: v.dtype === 'int32' ? 'int32' : 'float32' });
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
  const loss = cc ? tfjsLoss(cc.loss) : undefined;
  // A loss TF.js cannot name (huber) would make tf.loadLayersModel refuse the whole file: leave the
  // training config out then; topology and weights still load everywhere.
  if (cc && loss !== undefined) modelJson.trainingConfig = { loss, metrics: cc.metrics, optimizer_config: { class_name: (cc.optimizer as Json).class_name, config: (cc.optimizer as Json).config } };
  return { modelJson, shard };
}

/** Keras loss names → the snake_case names TF.js's loader turns into its own (it knows no 'mse'). */
const TFJS_LOSS: Record<string, string> = {
  mse: 'mean_squared_error', mae: 'mean_absolute_error', mape: 'mean_absolute_percentage_error', msle: 'mean_squared_logarithmic_error',
  kld: 'kullback_leibler_divergence', kl_divergence: 'kullback_leibler_divergence', log_cosh: 'logcosh', cosine_similarity: 'cosine_proximity',
};
const TFJS_KNOWN = new Set(['mean_squared_error', 'mean_absolute_error', 'mean_absolute_percentage_error', 'mean_squared_logarithmic_error',
  'squared_hinge', 'hinge', 'categorical_hinge', 'logcosh', 'categorical_crossentropy', 'sparse_categorical_crossentropy',
  'binary_crossentropy', 'kullback_leibler_divergence', 'poisson', 'cosine_proximity']);
/** Back from TF.js's names to Keras's, when reading. */
const KERAS_LOSS: Record<string, string> = { cosine_proximity: 'cosine_similarity' };

/** A compile config's loss (a name, a list or a dict of names) in TF.js's names, or undefined if TF.js lacks one. */
function tfjsLoss(loss: unknown): unknown {
  if (typeof loss === 'string') { const n = TFJS_LOSS[loss] ?? loss; return TFJS_KNOWN.has(n) ? n : undefined; }
  if (Array.isArray(loss)) { const out = loss.map(tfjsLoss); return out.includes(undefined) ? undefined : out; }
  if (isObject(loss)) { const out = Object.entries(loss).map(([k, v]) => [k, tfjsLoss(v)]); return out.some(([, v]) => v === undefined) ? undefined : Object.fromEntries(out); }
  return undefined;
}

function kerasLoss(loss: unknown): unknown {
  if (typeof loss === 'string') return KERAS_LOSS[loss] ?? loss;
  if (Array.isArray(loss)) return loss.map(kerasLoss);
  if (isObject(loss)) return Object.fromEntries(Object.entries(loss).map(([k, v]) => [k, kerasLoss(v)]));
  return loss;
}

/**
 * A shard path as a model.json may name it: relative, inside the model's folder. Refused before
 * anything is read, so a file gives no hint about what exists outside its folder: '..' segments
 * (also percent-encoded or with backslashes), absolute paths, drive letters, URLs, NUL bytes.
 */
export function checkShardPath(p: unknown): string {
  if (typeof p !== 'string' || p.length === 0 || p.length > 1024) throw new FormatError(`TF.js weightsManifest: a shard path must be a non-empty relative path, got ${JSON.stringify(p)?.slice(0, 80)}.`);
  let decoded = p;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try { next = decodeURIComponent(decoded); } catch { throw new FormatError(`TF.js weightsManifest: shard path ${JSON.stringify(p)} has a broken percent-escape.`); }
    if (next === decoded) break;
    decoded = next;
  }
  for (const form of [p, decoded]) {
    const why = /[\u0000-\u001f]/.test(form) ? 'control characters'
      : /^[a-z][a-z0-9+.-]*:/i.test(form) ? 'a URL scheme or drive letter'
        : /^[\\/]/.test(form) ? 'an absolute path'
          : form.split(/[\\/]/).some((seg) => seg === '..') ? "a '..' segment" : '';
    if (why) throw new FormatError(`TF.js weightsManifest: shard path ${JSON.stringify(p)} has ${why}; shards must be inside the model's folder.`);
  }
  return p;
}

/** The manifest's groups, every path, name, dtype and shape checked before any shard is read. */
function checkManifest(m: unknown): { paths: string[]; weights: WeightSpec[] }[] {
  if (!Array.isArray(m)) throw new FormatError(`TF.js model.json: weightsManifest must be a list of groups, got ${typeof m}.`);
  return m.map((g, gi) => {
    if (!isObject(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights)) throw new FormatError(`TF.js weightsManifest group ${gi}: expected {paths: [...], weights: [...]}.`);
    const paths = g.paths.map(checkShardPath);
    const weights = g.weights.map((w, wi) => {
      if (!isObject(w) || typeof w.name !== 'string') throw new FormatError(`TF.js weightsManifest group ${gi}, weight ${wi}: expected {name, shape, dtype}.`);
      const q = w.quantization;
      let quantization: Quantization | undefined;
      if (q !== undefined) {
        if (!isObject(q) || !['float16', 'uint8', 'uint16'].includes(q.dtype as string)) throw new FormatError(`TF.js weights: quantization ${JSON.stringify(q)?.slice(0, 80)} of '${w.name}' is not supported (float16, uint8 or uint16).`);
        if (q.dtype !== 'float16' && !(Number.isFinite(q.scale) && Number.isFinite(q.min))) throw new FormatError(`TF.js weights: '${w.name}' is quantized to ${q.dtype} without a finite scale and min.`);
        quantization = { dtype: q.dtype as Quantization['dtype'], scale: q.scale as number, min: q.min as number };
      }
      // A quantized weight's own dtype is what it expands to (the TF.js converter writes original_dtype too).
      const dtype = quantization ? ((q as Json).original_dtype ?? w.dtype ?? 'float32') : w.dtype;
      if (dtype !== 'float32' && dtype !== 'int32') throw new FormatError(`TF.js weights: dtype ${JSON.stringify(dtype)} of '${w.name}' is not supported (float32 or int32).`);
      const shape = w.shape;
      if (!Array.isArray(shape) || shape.length > 32 || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
        throw new FormatError(`TF.js weights: '${w.name}' has shape ${JSON.stringify(shape)?.slice(0, 80)}; expected a list of non-negative integers.`);
      }
      const n = (shape as number[]).reduce((a, b) => a * b, 1);
      if (!Number.isSafeInteger(n * 4) || n * 4 > 2 ** 32) throw new FormatError(`TF.js weights: '${w.name}' of shape ${JSON.stringify(shape)} is too large.`);
      return { name: w.name, shape: shape as number[], dtype, ...(quantization ? { quantization } : {}) };
    });
    return { paths, weights };
  });
}

/** A model from model.json and a function that returns the bytes of a shard path. */
export async function readTfjs(modelJson: Json, fetchShard: (path: string) => Promise<Uint8Array>, compile = true): Promise<SavedModel> {
  if (!isObject(modelJson.modelTopology)) throw new FormatError('TF.js model.json: no modelTopology (graph models are not supported; use a layers model).');
  const groups = checkManifest(modelJson.weightsManifest ?? []);
  const model = modelFromConfig(checkModelConfig(topologyToKeras3(modelJson.modelTopology as Json)));
  const tc = modelJson.trainingConfig as Json | undefined;
  if (compile && isObject(tc) && tc.optimizer_config && tc.loss) {
    const args = compileArgsFromConfig({ optimizer: tc.optimizer_config, loss: kerasLoss(tc.loss), metrics: tc.metrics });
    if (args) model.compile(args);
  }
  const byName = new Map<string, Tensor>();
  for (const g of groups) {
    const chunks = await Promise.all(g.paths.map(fetchShard));
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const buf = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) { buf.set(c, o); o += c.length; }
    let off = 0;
    for (const w of g.weights) {
      const bytes = w.shape.reduce((a, b) => a * b, 1) * STORED_BYTES[w.quantization?.dtype ?? w.dtype];
      if (off + bytes > buf.length) throw new FormatError(`TF.js weights: '${w.name}' needs ${bytes} bytes at offset ${off}, the shards hold ${buf.length}.`);
      byName.set(w.name, fromValues(decodeWeight(w, buf.slice(off, off + bytes)), w.shape, w.dtype as 'float32' | 'int32'));
      off += bytes;
    }
  }
  const pairs = weightedLayers(model).map((layer) => {
    const values = layer.variablesInOrder.map((v) => {
      const short = v.name.split('/').pop()!;
      const t = byName.get(tfjsWeightName(layer, v.name)) ?? byName.get(`${layer.name}/${short}`) ?? byName.get(v.name);
      if (!t) throw new FormatError(`TF.js weights: no '${layer.name}/${short}' in the manifest (it has ${[...byName.keys()].slice(0, 8).join(', ')}…).`);
      return t;
    });
    return { layer, values };
  });
  assignAll(pairs);
  return model;
}
