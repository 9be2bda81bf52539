// A model config read from a file is checked for the structure the model builder walks (layer
// lists, names, inbound nodes, keras_history references) before anything walks it, so a damaged
// file gets an error that names what was expected and what came, not a TypeError from deep
// inside the builder. The builder (models/config.ts) is in the core and stays small; files only
// come in through this module.
import { FormatError, describeValue } from '../errors.js';

const MODELS = new Set(['Sequential', 'Functional', 'Model']);

type Json = Record<string, unknown>;

function bad(where: string, what: string, got: unknown): FormatError {
  return new FormatError(`Model config, ${where}: ${what}, got ${describeValue(got)}.`);
}

/** A plain JSON object: not null, not an array. */
export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The config (after `prune`, if given) once it has the structure models/config.ts reads; else a
 * FormatError. The layer lists, names and model inputs/outputs are checked first, since `prune`
 * (io/mask-ops.ts) reads them too; each node's input references after it, since Keras's mask-only
 * op nodes, which `prune` leaves out, may take other arguments than tensors.
 */
export function checkModelConfig<T>(mc: T, prune?: (c: T) => T): T {
  checkModel(mc, 'the model', !prune);
  if (!prune) return mc;
  const out = prune(mc);
  checkModel(out, 'the model', true);
  return out;
}

function checkModel(mc: unknown, where: string, nodesToo: boolean): void {
  if (!isObject(mc) || typeof mc.class_name !== 'string') throw bad(where, 'expected {class_name, config}', mc);
  if (!MODELS.has(mc.class_name)) return; // not a model: the builder names the class it cannot build
  const cfg = mc.config ?? {};
  if (!isObject(cfg)) throw bad(where, 'config must be an object', cfg);
  const layers = cfg.layers ?? [];
  if (!Array.isArray(layers)) throw bad(where, "'layers' must be a list of layer configs", layers);
  const functional = mc.class_name !== 'Sequential';
  layers.forEach((e: unknown, i) => {
    const at = `${where}, layers[${i}]`;
    if (!isObject(e) || typeof e.class_name !== 'string') throw bad(at, 'expected {class_name, config}', e);
    if (e.config !== undefined && !isObject(e.config)) throw bad(at, 'config must be an object', e.config);
    if (MODELS.has(e.class_name)) checkModel(e, at, nodesToo); // a nested model
    if (!functional) return;
    const name = e.name ?? e.config?.name;
    if (typeof name !== 'string') throw bad(at, 'a layer needs a name string', name);
    const nodes = e.inbound_nodes ?? [];
    if (!Array.isArray(nodes)) throw bad(`layer '${name}'`, 'inbound_nodes must be a list', nodes);
    if (nodesToo) nodes.forEach((n: unknown, k) => checkNode(n, `layer '${name}', inbound node ${k}`));
  });
  if (!functional) return;
  for (const key of ['input_layers', 'output_layers']) {
    const v = cfg[key];
    if (Array.isArray(v) && typeof v[0] === 'string') checkHistory(v, `${where}, ${key}`);
    else if (Array.isArray(v)) v.forEach((h, i) => checkHistory(h, `${where}, ${key}[${i}]`));
    else throw bad(where, `${key} must be a [layer name, node index, tensor index] reference or a list of them`, v);
  }
}

/** Keras 3's {args, kwargs} (a list as the first arg: a layer called on a list), or Keras 2's list of references. */
function checkNode(node: unknown, where: string): void {
  if (isObject(node) && 'args' in node) {
    const args = node.args;
    if (!Array.isArray(args)) throw bad(where, 'args must be a list', args);
    const tensors = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    tensors.forEach((t, i) => {
      const c = isObject(t) ? t.config : undefined;
      checkHistory(isObject(c) ? c.keras_history : undefined, `${where}, input ${i}'s keras_history`);
    });
  } else if (Array.isArray(node)) {
    node.forEach((r, i) => checkHistory(Array.isArray(r) ? r.slice(0, 3) : r, `${where}, input ${i}`));
  } else {
    throw bad(where, 'expected {args, kwargs} or a list of references', node);
  }
}

function checkHistory(v: unknown, where: string): void {
  if (!Array.isArray(v) || typeof v[0] !== 'string' || !Number.isInteger(v[1]) || !Number.isInteger(v[2]) || v[1] < 0 || v[2] < 0) {
    throw bad(where, 'expected a [layer name, node index, tensor index] reference', v);
  }
}
