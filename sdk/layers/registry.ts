// Layer class registry for deserialization. Only registered classes can be built from a
// config: nothing in a file is ever evaluated as code (Keras's safe mode).
import { UnknownIdentifierError, ValueError } from '../errors.js';
import type { Layer } from './layer.js';
import { knownOptionsOnly } from '../options.js';

export type LayerClass = (abstract new (...args: never[]) => Layer) & { className: string; fromConfig?: (config: Record<string, unknown>) => Layer };
type Factory = (config: Record<string, unknown>) => Layer;

const factories = new Map<string, Factory>();

/** Keras snake_case config keys → the camelCase options our constructors take. */
export function configToArgs(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k === 'dtype') {
      out.dtype = typeof v === 'object' && v !== null ? ((v as { config?: { name?: string } }).config?.name ?? 'float32') : v;
      continue;
    }
    if (k === 'batch_shape' || k === 'batch_input_shape') { out.batchInputShape = v; continue; }
    const camel = k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    out[camel] = v;
  }
  return out;
}

/** Register a layer class so configs naming it can be loaded (custom layers too). */
export function registerLayer(cls: LayerClass, factory?: Factory): void {
  if (!cls.className || cls.className === 'Layer') throw new ValueError('registerLayer: the class needs a static className (e.g. static className = "MyLayer").');
  // Keras configs carry keys that this implementation does not take (quantization_config, ...).
  const make: Factory = factory ?? cls.fromConfig ?? ((config) => new (cls as unknown as new (a: Record<string, unknown>) => Layer)(knownOptionsOnly(cls.className, configToArgs(config))));
  factories.set(cls.className, make);
}

export function registeredLayerNames(): string[] { return [...factories.keys()].sort(); }

/** Build a layer from {class_name, config}; refuses Lambda and unknown classes. */
export function deserializeLayer(className: string, config: Record<string, unknown>): Layer {
  if (className === 'Lambda') {
    throw new ValueError(`Refusing to load a Lambda layer ('${String(config.name ?? '?')}'): it holds Python code, and neurasm never evaluates code from a file. Re-create the layer in code and load the weights.`);
  }
  const make = factories.get(className);
  if (!make) throw new UnknownIdentifierError('layer class', className, registeredLayerNames());
  return make(config);
}
