// Keras records the masks of a functional model as op nodes in its config (NotEqual for an
// Embedding's mask, LogicalOr/Any for a merge's, …) and hands them to layers as a `mask` kwarg.
// neurasm's layers recompute the same masks (computeMask), so before a Keras file's config is
// built, the op nodes whose outputs only ever serve as masks are left out, in every functional
// model at any depth; any other op node stays (and is refused as an unknown layer class).
import type { ModelConfig, SerializedLayer } from '../models/config.js';

/** Every layer name a value references through keras_history, at any depth. */
function historyNames(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) { for (const x of v) historyNames(x, out); return out; }
  if (v && typeof v === 'object') {
    const h = (v as { config?: { keras_history?: unknown } }).config?.keras_history;
    if (Array.isArray(h) && typeof h[0] === 'string') out.push(h[0]);
    else for (const x of Object.values(v)) historyNames(x, out);
  }
  return out;
}

/**
 * Keras records the masks of a functional model as op nodes in its config (NotEqual of an
 * Embedding's mask, LogicalOr/Any of a merge's, …) and hands them to layers as a `mask` kwarg.
 * The masks are recomputed here by the layers' computeMask (the same Keras semantics), so the
 * op nodes whose outputs only ever serve as masks are left out; any other op node stays an
 * unknown layer class.
 */
function maskOnlyOps(entries: SerializedLayer[], outputNames: string[]): Set<string> {
  const nameOf = (e: SerializedLayer) => (e.name ?? e.config?.name) as string;
  // An op node: module keras.src.ops.* (.keras); in a legacy .h5 (no module) a config without
  // the `trainable` every layer config has (an op's config holds only its name and arguments).
  const isOp = (e: SerializedLayer) => (typeof e.module === 'string' ? e.module.startsWith('keras.src.ops')
    : e.class_name !== 'InputLayer' && !Object.hasOwn(e.config ?? {}, 'trainable'));
  const ops = new Set(entries.filter(isOp).map(nameOf));
  if (ops.size === 0) return ops;
  // Uses as data: positional args, and every kwarg but `mask`.
  const dataUses: [string, string][] = outputNames.map((o) => [o, '']); // a model output is data
  for (const e of entries) {
    for (const node of (e.inbound_nodes ?? []) as unknown[]) {
      const n = node as { args?: unknown; kwargs?: Record<string, unknown> };
      const keras3 = n && typeof n === 'object' && !Array.isArray(n) && 'args' in n;
      // Keras 2 / TF.js nodes: [[layer name, node, tensor, kwargs], ...].
      const used = keras3 ? historyNames([n.args, ...Object.entries(n.kwargs ?? {}).filter(([k]) => k !== 'mask').map(([, v]) => v)])
        : Array.isArray(node) ? (node as unknown[]).map((r) => (Array.isArray(r) ? String(r[0]) : '')) : [];
      for (const u of used) dataUses.push([u, nameOf(e)]);
    }
  }
  let changed = true;
  while (changed) {
    changed = false;
    for (const [used, by] of dataUses) if (ops.has(used) && !ops.has(by)) { ops.delete(used); changed = true; }
  }
  return ops;
}

/** The config with the mask-only op nodes of every functional model (at any depth) left out. */
export function withoutMaskOps<T extends ModelConfig | Record<string, unknown>>(node: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = walk(x);
    const cfg = out.config as Record<string, unknown> | undefined;
    if ((o.class_name === 'Functional' || o.class_name === 'Model') && cfg && Array.isArray(cfg.layers)) {
      const refs = Array.isArray(cfg.output_layers) && typeof cfg.output_layers[0] === 'string' ? [cfg.output_layers] : (cfg.output_layers ?? []) as unknown[][];
      const skip = maskOnlyOps(cfg.layers as SerializedLayer[], refs.map((r) => String(r[0])));
      if (skip.size) out.config = { ...cfg, layers: (cfg.layers as SerializedLayer[]).filter((e) => !skip.has((e.name ?? e.config?.name) as string)) };
    }
    return out;
  };
  return walk(node) as T;
}
