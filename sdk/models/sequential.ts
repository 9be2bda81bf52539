// Sequential: a stack of layers. It becomes a functional graph as soon as its input shape is
// known — from the first layer's inputShape, an Input layer, or the first data it sees.
import { ValueError } from '../errors.js';
import { Layer, SymbolicTensor, uniqueName, type LayerConfig, type ShapeSpec } from '../layers/layer.js';
import { InputLayer } from '../layers/core.js';
import { Model, serializeLayerInGraph } from './functional.js';
import { Tensor } from '../tensor/tensor.js';
import type { ModelData } from './data.js';

/** `layers` may start with `Input({shape})` (its symbolic tensor) or an InputLayer, as in Keras. */
export interface SequentialArgs { layers?: (Layer | SymbolicTensor)[]; name?: string; trainable?: boolean }

/** A stack of layers: one input, one output, so predict() returns one Tensor. */
export class Sequential extends Model<SymbolicTensor> {
  static override className = 'Sequential';
  /** @internal */ private stack: Layer[] = [];
  /** @internal */ private inputLayer: InputLayer | null = null;

  /** `new Sequential([layers], {name})` as in Keras, or `new Sequential({layers, name})` as in TF.js. */
  constructor(layers?: (Layer | SymbolicTensor)[] | SequentialArgs, args: { name?: string; trainable?: boolean } = {}) {
    const a: SequentialArgs = Array.isArray(layers) ? { ...args, layers } : { ...(layers ?? {}), ...args };
    super({ name: a.name ?? uniqueName('sequential'), trainable: a.trainable });
    for (const l of a.layers ?? []) this.add(l);
  }

  /** Layers without the InputLayer, as Keras 3 lists them for Sequential. */
  override get layers(): Layer[] { return [...this.stack]; }

  add(layer: Layer | SymbolicTensor): void {
    if (layer instanceof SymbolicTensor) layer = layer.sourceLayer;
    if (!(layer instanceof Layer)) throw new ValueError(`Sequential.add: expected a Layer, got ${typeof layer}.`);
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.inputLayer) throw new ValueError('Sequential.add: an InputLayer can only come first.');
      this.inputLayer = layer;
      return;
    }
    if (this.stack.some((l) => l.name === layer.name)) {
      throw new ValueError(`Sequential.add: a layer named '${layer.name}' is already in the model; layer names must be unique.`);
    }
    this.stack.push(layer);
    this.graph = null;
    this.built = false;
    // Build as soon as the input shape is known, so shape errors surface at add() like Keras.
    const shape = this.knownInputShape();
    if (shape) this.buildGraph(shape);
  }

  pop(): Layer {
    const l = this.stack.pop();
    if (!l) throw new ValueError('Sequential.pop: the model has no layers.');
    this.graph = null;
    this.built = false;
    const shape = this.knownInputShape();
    if (shape && this.stack.length) this.buildGraph(shape);
    return l;
  }

  /** @internal */
  private knownInputShape(): ShapeSpec | null {
    if (this.inputLayer) return this.inputLayer.batchInputShape;
    const first = this.stack[0];
    // A built model as the first layer knows its input shape.
    if (first instanceof Model && first.inputs.length === 1) return first.inputs[0].shape;
    return first?.batchInputShape ?? null;
  }

  /** @internal Build the functional graph for a batch input shape (called on first use with data). */
  buildGraph(batchInputShape: ShapeSpec): void {
    if (this.stack.length === 0) throw new ValueError(`Sequential model '${this.name}' has no layers.`);
    if (!this.inputLayer) this.inputLayer = new InputLayer({ batchShape: batchInputShape, name: uniqueName('input_layer'), dtype: this.stack[0].dtype });
    let x: SymbolicTensor = this.inputLayer.output;
    for (const l of this.stack) {
      const y = l.apply(x);
      if (Array.isArray(y)) throw new ValueError(`Sequential: layer '${l.name}' returns several outputs; use the functional API.`);
      x = y;
    }
    this.setGraph([this.inputLayer.output], [x]);
    // Keras 3 gives a Sequential model's variables paths under the model: 'mlp_mnist/dense/kernel'.
    for (const l of this.stack) for (const v of l.variablesInOrder) if (!v.name.startsWith(`${this.name}/`)) v.name = `${this.name}/${v.name}`;
  }

  /** @internal Build from the first data seen when no input shape was given (Keras's deferred build). */
  override ensureBuilt(x: ModelData): void {
    if (this.graph) return;
    const first = Array.isArray(x) && x.length === 1 && (x[0] instanceof Tensor) ? x[0] : x;
    let shape: number[];
    if (first instanceof Tensor) shape = first.shape;
    else if (Array.isArray(first)) { shape = []; let cur: unknown = first; while (Array.isArray(cur)) { shape.push(cur.length); cur = cur[0]; } }
    else if (typeof first === 'object' && first !== null && 'shape' in first) shape = (first as { shape: number[] }).shape;
    else throw new ValueError(`Sequential model '${this.name}' has no input shape: give the first layer inputShape, or pass a Tensor or nested arrays.`);
    this.buildGraph([null, ...shape.slice(1)]);
  }

  override getConfig(): LayerConfig {
    const layers: Record<string, unknown>[] = [];
    if (this.inputLayer) layers.push({ module: 'keras.layers', class_name: 'InputLayer', config: this.inputLayer.getConfig(), registered_name: null });
    for (const l of this.stack) {
      const e = serializeLayerInGraph(l);
      delete e.name;
      delete e.inbound_nodes;
      layers.push(e);
    }
    return { name: this.name, trainable: this.trainable, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null }, layers };
  }
}
