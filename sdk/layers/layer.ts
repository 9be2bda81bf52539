// Layer: the Keras building block. A layer owns weights (Variables named '<layer>/<weight>'),
// computes with tensor ops in call() — so the same code runs eagerly, under a GradientTape and
// inside fit()'s traced plan — and, applied to symbolic tensors, records the functional graph.
// Keras masks: call() receives the inputs' mask, computeMask()/supportsMasking give the output's.
// Ends with registerLayer/deserializeLayer: layer classes in sdk/registry.ts by Keras class name.
import { ShapeError, StateError, ValueError, describeValue, fmtShape } from '../errors.js';
import { Tensor, type DType, type Shape } from '../tensor/tensor.js';
import { Variable } from '../tensor/variable.js';
import { toTensor, type TensorLike } from '../tensor/ops/creation.js';
import { trace } from '../tensor/graph.js';
import { getInitializer, type InitializerIdentifier } from '../initializers.js';
import type { Regularizer } from '../regularizers.js';
import type { Constraint } from '../constraints.js';
import { camelCase, checkKnownOptions, knownOptionsOnly } from '../options.js';
import { deserialize, register } from '../registry.js';

/** A shape with `null` for unknown dimensions (the batch). */
export type ShapeSpec = (number | null)[];

/** Keras's KerasTensor: a symbolic value in a functional model under construction. */
export class SymbolicTensor {
  constructor(
    readonly shape: ShapeSpec,
    readonly dtype: DType,
    readonly sourceLayer: Layer,
    readonly nodeIndex: number,
    readonly tensorIndex: number,
  ) {}
  get rank(): number { return this.shape.length; }
  get name(): string { return `${this.sourceLayer.name}[${this.nodeIndex}][${this.tensorIndex}]`; }
  toString(): string { return `<SymbolicTensor shape=${fmtShape(this.shape)}, dtype=${this.dtype}, name=${this.sourceLayer.name}>`; }
}

/** One application of a layer in a functional graph. */
export interface LayerNode {
  layer: Layer;
  inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
  /** Whether the layer was called with a list (merge layers) or a single tensor. */
  listInput: boolean;
}

/**
 * Keras's mask: per input, a bool tensor [batch, time] (false = a padded step to skip), or null;
 * a list with one entry per tensor for layers that take or return several.
 */
export type Mask = Tensor | null | (Tensor | null)[];

// Masks of eager tensors, as Keras's `_keras_mask` attribute (functional runs pass them explicitly).
const eagerMasks = new WeakMap<Tensor, Tensor>();
/** The mask attached to an eager layer output (Keras's `_keras_mask`), or null. */
export function getKerasMask(t: Tensor): Tensor | null { return eagerMasks.get(t) ?? null; }
function setKerasMask(t: Tensor, m: Tensor | null): void { if (m) eagerMasks.set(t, m); }

export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  dtype?: DType;
  /** Input shape without the batch dimension (the first layer of a Sequential model). */
  inputShape?: ShapeSpec;
  batchInputShape?: ShapeSpec;
  batchSize?: number;
  /** Shorthand for inputShape: [inputDim]. */
  inputDim?: number;
}

export interface WeightOptions {
  trainable?: boolean;
  regularizer?: Regularizer | null;
  constraint?: Constraint | null;
}

const nameCounts = new Map<string, number>();

/** Keras 3 auto-naming: dense, dense_1, dense_2, ... per prefix. */
export function uniqueName(prefix: string): string {
  const n = nameCounts.get(prefix) ?? 0;
  nameCounts.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/** Reset auto-naming counters (keras.backend.clear_session). */
export function clearSession(): void { nameCounts.clear(); }

/** Keras's to_snake_case: LeakyReLU → leaky_re_lu, Conv2D → conv2d. */
export function toSnakeCase(name: string): string {
  const s = name.replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return s.startsWith('_') ? `private${s}` : s;
}

export function dtypePolicyConfig(dtype: DType) {
  return { module: 'keras', class_name: 'DTypePolicy', config: { name: dtype }, registered_name: null };
}

export type LayerConfig = Record<string, unknown>;

/**
 * A layer constructor's options from either call form: Keras's `new Dense(512, {activation})`
 * (the first argument is the main value, `key`) or TF.js's `new Dense({units: 512, activation})`.
 * Anything else (null, a string where a number goes, …) is a ValueError naming the layer.
 */
export function layerArgs<A extends object>(layer: string | { className: string }, first: unknown, args: A | undefined, key: string, isValue: (v: unknown) => boolean): A {
  const cls = typeof layer === 'string' ? layer : layer.className;
  if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args))) {
    throw new ValueError(`${cls}: options must be an object, got ${args === null ? 'null' : Array.isArray(args) ? 'an array' : typeof args}.`);
  }
  if (isValue(first)) return { ...args, [key]: first } as A;
  if (first === undefined) return { ...args } as A;
  if (first === null || typeof first !== 'object' || Array.isArray(first)) {
    throw new ValueError(`${cls}: expected ${key} or an options object, got ${first === null ? 'null' : Array.isArray(first) ? 'an array' : `${typeof first} ${String(first)}`}.`);
  }
  return first as A;
}

/**
 * A layer's activity-regularization penalty of its output y, averaged over the batch as Keras
 * does (nothing without a regularizer). A function, not a method: a Model is a Layer too.
 */
export function addActivityLoss(layer: Layer, regularizer: Regularizer | null, y: Tensor, batch: number): void {
  if (regularizer) layer.activityLosses.push(regularizer.call(y).div(batch || 1));
}

/** layerArgs's tests of a main value: a number; a number or a list (sizes, paddings). */
export const isNumber = (v: unknown): boolean => typeof v === 'number';
export const isNumberOrList = (v: unknown): boolean => typeof v === 'number' || Array.isArray(v);

/**
 * The same for layers with two main values, Keras's `new Conv2D(32, 3, {padding})`: (first,
 * second, options), (first, options with `key2`) or TF.js's (options).
 */
export function layerArgs2<A extends object>(cls: string, first: unknown, second: unknown, args: A | undefined, key: string, key2: string): A {
  if (typeof first !== 'number') return layerArgs<A>(cls, first, undefined, key, () => false);
  if (typeof second === 'object' && second !== null && !Array.isArray(second)) return { ...second, [key]: first } as A;
  return { ...layerArgs<A>(cls, undefined, args, key2, () => false), [key]: first, [key2]: second } as A;
}

/**
 * Makes instances callable, so `new Dense(4)(x)` works as Keras's `Dense(4)(x)` does: the
 * constructor returns a function whose prototype is the class's, calling `this.apply`. The
 * function's own `name` and `length` are removed so the layer's fields take their place.
 */
class CallableInstance {
  constructor() {
    const self = function (...args: unknown[]): unknown {
      return (self as unknown as { apply(...a: unknown[]): unknown }).apply(...args);
    };
    delete (self as { name?: string }).name;
    delete (self as { length?: number }).length;
    Object.setPrototypeOf(self, new.target.prototype);
    return self;
  }
}

/** `layer(x)` is `layer.apply(x)` (same overloads). */
export interface Layer {
  (inputs: SymbolicTensor, options?: { training?: boolean }): SymbolicTensor;
  (inputs: SymbolicTensor[], options?: { training?: boolean }): SymbolicTensor;
  (inputs: TensorLike | Tensor[], options?: { training?: boolean; mask?: Mask }): Tensor | Tensor[];
}

export abstract class Layer extends CallableInstance {
  /** Registered class name, e.g. 'Dense'. Subclasses set it. */
  static className = 'Layer';
  name: string;
  private _trainable = true;
  readonly dtype: DType;
  built = false;
  /** Functional nodes where this layer was applied. */
  readonly inboundNodes: LayerNode[] = [];
  /** Batch input shape given at construction (inputShape / inputDim), if any. */
  batchInputShape: ShapeSpec | null = null;
  /** The input shape it was built with (for summary/config), per input. */
  builtInputShape: ShapeSpec | ShapeSpec[] | null = null;
  protected _trainableWeights: Variable[] = [];
  protected _nonTrainableWeights: Variable[] = [];
  /** Activity-regularization terms added during the current call (traced with it). */
  activityLosses: Tensor[] = [];
  /**
   * Keras's supports_masking: whether an input mask passes on to the output (computeMask's
   * default). False drops the mask, as Keras does for layers that do not support masking.
   */
  supportsMasking = false;

  constructor(args: LayerArgs = {}) {
    super();
    const cls = (this.constructor as typeof Layer).className;
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      throw new ValueError(`${cls}: options must be an object, got ${args === null ? 'null' : Array.isArray(args) ? 'an array' : typeof args}.`);
    }
    // A built-in layer refuses option keys its Args type does not have (user subclasses: no check).
    if (Object.hasOwn(new.target, 'className')) checkKnownOptions(cls, args, cls);
    this.name = args.name ?? uniqueName(toSnakeCase(cls));
    this._trainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    else if (args.inputDim !== undefined) this.batchInputShape = [args.batchSize ?? null, args.inputDim];
  }

  get className(): string { return (this.constructor as typeof Layer).className; }

  /** Whether its weights train. Setting it sets every layer inside too, as Keras does (a frozen BatchNormalization runs in inference mode). */
  get trainable(): boolean { return this._trainable; }
  set trainable(value: boolean) {
    this._trainable = value;
    for (const l of this.sublayers) l.trainable = value;
  }

  /** Create weights for an input shape. Subclasses call super.build() or set built. */
  build(inputShape: ShapeSpec | ShapeSpec[]): void {
    this.builtInputShape = inputShape;
    this.built = true;
  }

  /**
   * The computation, with tensor ops. `inputs` is a list for multi-input layers; `mask` is the
   * inputs' mask (Keras's `mask` argument), for the layers that use it.
   */
  abstract call(inputs: Tensor | Tensor[], training: boolean, mask?: Mask): Tensor | Tensor[];

  /**
   * @internal The rows of the table this layer's first input indexes (Embedding: inputDim), else
   * null: fit checks that a model input feeding it holds whole numbers in [0, rows).
   */
  indexedRows(): number | null { return null; }

  /** Keras's compute_mask: the output's mask from the inputs and their mask (default: pass it on when supportsMasking). */
  computeMask(inputs: Tensor | Tensor[], mask: Mask): Mask {
    void inputs;
    return this.supportsMasking ? mask ?? null : null;
  }

  /**
   * @internal call() and computeMask() together: how models run a layer with masks. Without an
   * input mask no mask op runs (a layer that makes masks, like Embedding, still does).
   */
  callWithMask(inputs: Tensor | Tensor[], training: boolean, mask: Mask): { outputs: Tensor | Tensor[]; mask: Mask } {
    const outputs = this.call(inputs, training, mask);
    return { outputs, mask: this.computeMask(inputs, mask) };
  }

  /** Whether call() takes a list of tensors (merge layers). */
  get takesList(): boolean { return false; }

  /**
   * Output shape for an input shape. The default traces call() on a stand-in batch: no kernel
   * runs, the ops only infer shapes. Layers override it where that is simpler.
   */
  computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec | ShapeSpec[] {
    const STAND_IN = 3;
    const multi = this.takesList;
    const shapes = (multi ? inputShape : [inputShape]) as ShapeSpec[];
    const { result } = trace((g) => {
      const xs = shapes.map((s) => g.placeholder(s.map((d, i) => (d === null ? (i === 0 ? STAND_IN : 1) : d)), this.dtype));
      return this.call(multi ? xs : xs[0], false);
    });
    const outs = Array.isArray(result) ? result : [result];
    const specs = outs.map((t) => t.shape.map((d, i) => (i === 0 && shapes[0][0] === null ? null : d)) as ShapeSpec);
    this.activityLosses = [];
    return Array.isArray(result) ? specs : specs[0];
  }

  /** Check an input against the shape the layer was built for (clear error, layer named). */
  protected checkInputShape(shape: readonly (number | null)[], index = 0): void {
    if (!Array.isArray(shape)) throw new ShapeError(`Layer '${this.name}' (${this.className}): expected an input shape (an array), got ${describeValue(shape)}.`);
    const built = this.builtInputShape;
    if (built === null) return;
    const expected = (this.takesList ? (built as ShapeSpec[])[index] : built) as ShapeSpec | undefined;
    if (!expected || !Array.isArray(expected)) return;
    const ok = expected.length === shape.length && expected.every((d, i) => i === 0 || d === null || d === shape[i]);
    if (!ok) {
      throw new ShapeError(`Layer '${this.name}' (${this.className}) expected input shape ${fmtShape(expected)}, but received input with shape ${fmtShape(shape)}.` +
        (expected.length !== shape.length ? ` (expected rank ${expected.length}, got ${shape.length})` : ''));
    }
  }

  /**
   * Apply the layer. On SymbolicTensors (functional API) it records a node and returns
   * SymbolicTensors; on real tensors it computes (building the weights on first use).
   * Typed for the usual one output, also for a list in (merge layers); a layer with several
   * outputs (an RNN with returnState) returns a list at run time.
   */
  apply(inputs: SymbolicTensor, options?: { training?: boolean }): SymbolicTensor;
  apply(inputs: SymbolicTensor[], options?: { training?: boolean }): SymbolicTensor;
  apply(inputs: TensorLike | Tensor[], options?: { training?: boolean; mask?: Mask }): Tensor | Tensor[];
  apply(inputs: SymbolicTensor | SymbolicTensor[] | TensorLike | Tensor[], options: { training?: boolean; mask?: Mask } = {}): SymbolicTensor | SymbolicTensor[] | Tensor | Tensor[] {
    if (options === null || typeof options !== 'object') throw new ValueError(`Layer '${this.name}'.apply(): options must be an object such as {training: true}, got ${describeValue(options)}.`);
    const list = Array.isArray(inputs) && inputs.length > 0 && (inputs[0] instanceof SymbolicTensor || inputs[0] instanceof Tensor) ? inputs as (SymbolicTensor | Tensor)[] : null;
    const items = list ?? [inputs as SymbolicTensor | TensorLike];
    if (items.some((t) => t instanceof SymbolicTensor)) {
      if (!items.every((t) => t instanceof SymbolicTensor)) throw new ValueError(`Layer '${this.name}': cannot mix symbolic tensors (from Input()) with concrete tensors in one call.`);
      // A one-element list is the same call as a single tensor for layers that take one input.
      return this.applySymbolic(items as SymbolicTensor[], this.takesList);
    }
    const ts = items.map((t) => toTensor(t as TensorLike));
    const shapes = ts.map((t) => t.shape as ShapeSpec);
    if (!this.built) this.build(this.takesList ? shapes.map((s) => [null, ...s.slice(1)]) : [null, ...shapes[0].slice(1)]);
    shapes.forEach((s, i) => this.checkInputShape(s, i));
    // Eager masks travel on the tensors, as Keras's `_keras_mask`.
    const mask: Mask = options.mask !== undefined ? options.mask : this.takesList ? ts.map(getKerasMask) : getKerasMask(ts[0]);
    const hasMask = Array.isArray(mask) ? mask.some((m) => m) : mask !== null;
    const x = this.takesList ? ts : ts[0];
    const { outputs: out, mask: outMask } = this.callWithMask(x, options.training ?? false, hasMask ? mask : null);
    if (outMask) {
      const outs = Array.isArray(out) ? out : [out];
      const ms = Array.isArray(outMask) ? outMask : [outMask];
      outs.forEach((t, i) => setKerasMask(t, ms[i] ?? null));
    }
    return out;
  }

  private applySymbolic(inputs: SymbolicTensor[], listInput: boolean): SymbolicTensor | SymbolicTensor[] {
    if (!Array.isArray(inputs) || !inputs.every((t) => t instanceof SymbolicTensor)) throw new ValueError(`Layer '${this.name}': expected a list of symbolic tensors, got ${describeValue(inputs)}.`);
    if (!this.takesList && inputs.length !== 1) {
      throw new ValueError(`Layer '${this.name}' (${this.className}) takes one input, got ${inputs.length}.`);
    }
    const shapes = inputs.map((t) => t.shape);
    const inShape = this.takesList ? shapes : shapes[0];
    if (!this.built) this.build(inShape);
    shapes.forEach((s, i) => this.checkInputShape(s, i));
    const outShape = this.computeOutputShape(inShape);
    const outShapes = (Array.isArray(outShape[0]) || (Array.isArray(outShape) && outShape.length === 0) ? outShape : [outShape]) as ShapeSpec[];
    const nodeIndex = this.inboundNodes.length;
    const outputs = outShapes.map((s, i) => new SymbolicTensor(s, this.dtype, this, nodeIndex, i));
    this.inboundNodes.push({ layer: this, inputs, outputs, listInput });
    return outputs.length === 1 ? outputs[0] : outputs;
  }

  /** Create a weight: a Variable named '<layer name>/<name>', initialised now. */
  addWeight(name: string, shape: Shape, initializer: InitializerIdentifier = 'glorot_uniform', options: WeightOptions = {}): Variable {
    const init = getInitializer(initializer).call(shape);
    const trainable = options.trainable ?? true;
    const v = new Variable(init, { name: `${this.name}/${name}`, trainable, regularizer: options.regularizer, constraint: options.constraint });
    init.dispose();
    (trainable ? this._trainableWeights : this._nonTrainableWeights).push(v);
    return v;
  }

  /** The layers this one is made of (a model's layers, a wrapper's inner layers); none for plain layers. */
  get sublayers(): Layer[] { return []; }

  /** This layer and every layer inside it, at any depth, each once (Keras's auto-tracking). */
  flattenLayers(): Layer[] {
    const out: Layer[] = [];
    const visit = (l: Layer) => { if (out.includes(l)) return; out.push(l); for (const c of l.sublayers) visit(c); };
    visit(this);
    return out;
  }

  /** Weights with a constraint, at any depth (the optimizer applies them after each update). */
  get constraints(): { variable: Variable; constraint: Constraint }[] {
    return this.weights.filter((v) => v.constraint).map((v) => ({ variable: v, constraint: v.constraint as Constraint }));
  }

  /** Weights with gradients (empty when the layer is frozen). */
  get trainableWeights(): Variable[] { return this.trainable ? this.ownTrainable() : []; }
  get nonTrainableWeights(): Variable[] { return this.trainable ? this.ownNonTrainable() : [...this.ownTrainable(), ...this.ownNonTrainable()]; }
  /** All weights, trainable first (Keras order). */
  get weights(): Variable[] { return [...this.trainableWeights, ...this.nonTrainableWeights]; }
  /** Weights in creation order regardless of trainable (the order of get_weights and saving). */
  get variablesInOrder(): Variable[] { return this.ownAll(); }

  protected ownTrainable(): Variable[] { return this._trainableWeights; }
  protected ownNonTrainable(): Variable[] { return this._nonTrainableWeights; }
  protected ownAll(): Variable[] {
    // Keras orders layer.weights as trainable then non-trainable within a layer.
    return [...this.ownTrainable(), ...this.ownNonTrainable()];
  }

  /** Copies of the weight values, as Tensors, in Keras order. */
  getWeights(): Tensor[] { return this.ownAll().map((v) => v.read()); }

  /** Set weights from Tensors or nested arrays; nothing changes if any shape is wrong. */
  setWeights(values: (Tensor | TensorLike)[]): void {
    if (!Array.isArray(values)) throw new ValueError(`Layer '${this.name}'.setWeights(): expected an array of weight arrays, got ${values === null ? 'null' : typeof values}.`);
    const vars = this.ownAll();
    if (values.length !== vars.length) {
      throw new ValueError(`Layer '${this.name}' (${this.className}) expects ${vars.length} weight arrays (${vars.map((v) => `${v.name} ${fmtShape(v.shape)}`).join(', ')}), got ${values.length}.`);
    }
    const ts = values.map((v, i) => {
      const t = toTensor(v as TensorLike);
      const want = vars[i].shape;
      if (t.size !== vars[i].size || t.shape.length !== want.length || t.shape.some((d, j) => d !== want[j])) {
        throw new ShapeError(`Layer '${this.name}': weight ${i} ('${vars[i].name}') expects shape ${fmtShape(want)}, got ${fmtShape(t.shape)}.`);
      }
      return t;
    });
    ts.forEach((t, i) => vars[i].assign(t));
  }

  countParams(): number {
    if (!this.built) throw new StateError(`Layer '${this.name}' is not built yet: call it on an input (or give inputShape) before countParams().`);
    return this.ownAll().reduce((n, v) => n + v.size, 0);
  }

  /** The weight-regularization penalties of the trainable weights at any depth, as Keras's layer.losses (ops: traced with a step). */
  get losses(): Tensor[] {
    return this.trainableWeights.filter((v) => v.regularizer).map((v) => v.regularizer!.call(v));
  }

  /** Sum of the weight-regularization penalties (null when there are none). */
  regularizationLoss(): Tensor | null {
    let total: Tensor | null = null;
    for (const r of this.losses) total = total === null ? r : total.add(r);
    return total;
  }

  /** Keras 3 config: name, trainable, dtype policy, plus the layer's own options. */
  getConfig(): LayerConfig {
    return { name: this.name, trainable: this.trainable, dtype: dtypePolicyConfig(this.dtype) };
  }

  override toString(): string { return `<${this.className} name=${this.name}, built=${this.built}>`; }
}

// ---------- registration: configs → layers (nothing in a file is ever evaluated as code) ----------

export type LayerClass = (abstract new (...args: never[]) => Layer) & { className: string; fromConfig?: (config: Record<string, unknown>) => Layer };
type LayerFactory = (config: Record<string, unknown>) => Layer;

/** Keras snake_case config keys → the camelCase options our constructors take. */
export function configToArgs(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (k === 'dtype') {
      out.dtype = typeof v === 'object' && v !== null ? ((v as { config?: { name?: string } }).config?.name ?? 'float32') : v;
      continue;
    }
    if (k === 'batch_shape' || k === 'batch_input_shape') { out.batchInputShape = v; continue; }
    out[camelCase(k)] = v;
  }
  return out;
}

/** Register a layer class so configs naming it can be loaded (custom layers too). */
export function registerLayer(cls: LayerClass, factory?: LayerFactory): void {
  if (!cls.className || cls.className === 'Layer') throw new ValueError('registerLayer: the class needs a static className (e.g. static className = "MyLayer").');
  // Keras configs carry keys that this implementation does not take (quantization_config, ...).
  const make: LayerFactory = factory ?? cls.fromConfig ?? ((config) => new (cls as unknown as new (a: Record<string, unknown>) => Layer)(knownOptionsOnly(cls.className, configToArgs(config))));
  register('layer', cls.className, cls, { fromConfig: make });
}

/** Build a layer from {class_name, config}; refuses Lambda and unknown classes. */
export function deserializeLayer(className: string, config: Record<string, unknown>): Layer {
  if (className === 'Lambda') {
    throw new ValueError(`Refusing to load a Lambda layer ('${String(config.name ?? '?')}'): neurasm never evaluates code from a file (re-create it in code, then load the weights).`);
  }
  return deserialize<Layer>('layer', { class_name: className, config })!;
}
