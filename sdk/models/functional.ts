// Model: a graph of layers built from symbolic tensors (the functional API). Running it is a
// walk over the nodes in topological order with real (or traced) tensors, carrying each
// tensor's Keras mask from the layer that made it to the layers that take it.
import { ShapeError, StateError, ValueError, describeValue, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Layer, SymbolicTensor, uniqueName, type LayerConfig, type LayerNode, type Mask, type ShapeSpec } from '../layers/layer.js';
import { InputLayer } from '../layers/core.js';
import type { Variable } from '../tensor/variable.js';
import { Tensor as TensorClass } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/ops/creation.js';
import { Trainer, fitLoop, evaluateLoop, runAsync, runSync, track, disposeTemps, type CompileArgs, type FitArgs, type EvaluateArgs, type PredictArgs } from './training/index.js';
import { defaultPredictBatch, splitData, toSamples, type ModelData } from './data.js';
import type { History } from './training/callback.js';
import type { Logs } from './contracts.js';
import type { Optimizer } from '../optimizers/index.js';
import { summary, type SummaryArgs } from './summary.js';
import { requireIO } from './io-hook.js';
import { assertNotFitting, checkBatchArgs, checkPredictArgs, checkWeightList, guardFit } from './validate.js';

/** What evaluate() returns: the loss alone, or [loss, ...metrics] (or a dict with returnDict). */
export type EvaluateResult = number | number[] | Logs;

/** The options of trainOnBatch() and testOnBatch(). */
interface BatchArgs { sampleWeight?: ModelData; returnDict?: boolean }

/** A model's inputs or outputs as given to `new Model(...)`: one symbolic tensor, a list, or a dict by name. */
export type SymbolicTensors = SymbolicTensor | SymbolicTensor[] | Record<string, SymbolicTensor>;

/**
 * What predict() returns for a model with outputs `O`: one Tensor for one output tensor, a list
 * for a list of outputs, either for a dict (one Tensor when it holds one output).
 */
export type PredictResult<O extends SymbolicTensors = SymbolicTensors> =
  O extends SymbolicTensor ? TensorClass : O extends SymbolicTensor[] ? TensorClass[] : TensorClass | TensorClass[];

/** The options of the model-level call forms that take no tensors. */
interface ModelOptions { name?: string; trainable?: boolean }

export interface ModelArgs<O extends SymbolicTensors = SymbolicTensors> {
  inputs: SymbolicTensors;
  outputs: O;
  name?: string;
  trainable?: boolean;
}

/** The graph of a functional model: nodes in execution order. */
export class LayerGraph {
  readonly nodes: LayerNode[];
  readonly layers: Layer[];

  constructor(readonly inputs: SymbolicTensor[], readonly outputs: SymbolicTensor[]) {
    // Depth-first from the outputs gives a topological order of the nodes.
    const order: LayerNode[] = [];
    const seen = new Set<LayerNode>();
    const inputSet = new Set(inputs);
    const visit = (t: SymbolicTensor, path: Set<LayerNode>) => {
      const node = t.sourceLayer.inboundNodes[t.nodeIndex];
      if (seen.has(node)) return;
      if (path.has(node)) throw new ValueError('Model: the layer graph has a cycle.');
      if (node.inputs.length === 0 && !inputSet.has(t)) {
        throw new ValueError(`Model: output depends on Input '${t.sourceLayer.name}' which is not in the model's inputs.`);
      }
      path.add(node);
      for (const i of node.inputs) visit(i, path);
      path.delete(node);
      seen.add(node);
      order.push(node);
    };
    for (const i of inputs) visit(i, new Set());
    for (const o of outputs) visit(o, new Set());
    this.nodes = order;
    const layers: Layer[] = [];
    for (const n of order) if (!layers.includes(n.layer)) layers.push(n.layer);
    this.layers = layers;
  }

  /** Run the graph on tensors (eager or traced). */
  run(inputs: Tensor[], training: boolean): Tensor[] { return this.runWithMasks(inputs, training, null).outputs; }

  /**
   * Run the graph and carry Keras masks from node to node (Keras's `_keras_mask` on each
   * tensor): a layer gets its inputs' masks in call() and computeMask() gives its outputs'.
   * With no mask anywhere no mask op is traced.
   */
  runWithMasks(inputs: Tensor[], training: boolean, inputMasks: (Tensor | null)[] | null): { outputs: Tensor[]; masks: (Tensor | null)[] } {
    const values = new Map<SymbolicTensor, Tensor>();
    const masks = new Map<SymbolicTensor, Tensor>();
    this.inputs.forEach((s, i) => { values.set(s, inputs[i]); const m = inputMasks?.[i]; if (m) masks.set(s, m); });
    for (const node of this.nodes) {
      if (node.layer instanceof InputLayer) continue;
      const args = node.inputs.map((s) => {
        const v = values.get(s);
        if (v === undefined) throw new StateError(`Model: missing value for ${s.name}.`);
        return v;
      });
      const inMasks = node.inputs.map((s) => masks.get(s) ?? null);
      const anyMask = inMasks.some((m) => m !== null);
      const mask = !anyMask ? null : node.listInput ? inMasks : inMasks[0];
      const r = node.layer.callWithMask(node.listInput ? args : args[0], training, mask);
      const outs = Array.isArray(r.outputs) ? r.outputs : [r.outputs];
      const outMasks = Array.isArray(r.mask) ? r.mask : [r.mask];
      node.outputs.forEach((s, i) => { values.set(s, outs[i]); const m = outMasks[i]; if (m) masks.set(s, m); });
    }
    return { outputs: this.outputs.map((o) => values.get(o)!), masks: this.outputs.map((o) => masks.get(o) ?? null) };
  }
}

import { tensor as makeTensor } from '../tensor/ops/creation.js';
function toSamplesLoose(v: TensorLike): TensorClass { return makeTensor(v); }

/** The options object behind `new Model(...)`, from either call form; anything else is refused. */
function positionalModelArgs(first: unknown, outputs: unknown, options: ModelOptions): ModelArgs | ModelOptions {
  const symbolic = (v: unknown) => v instanceof SymbolicTensor || (Array.isArray(v) && v.length > 0 && v.every((t) => t instanceof SymbolicTensor));
  if (symbolic(first) || outputs !== undefined) {
    if (!symbolic(first) && !(first && typeof first === 'object' && Object.values(first).every((t) => t instanceof SymbolicTensor))) {
      throw new ValueError('Model(inputs, outputs): `inputs` must be symbolic tensors from Input() (one, a list or a dict).');
    }
    if (outputs === undefined) throw new ValueError('Model(inputs, outputs): `outputs` is missing; pass the symbolic output tensor(s) of layer.apply(...) as the second argument.');
    return { ...options, inputs: first as ModelArgs['inputs'], outputs: outputs as ModelArgs['outputs'] };
  }
  if (first === null || typeof first !== 'object') throw new ValueError(`Model: expected {inputs, outputs} or (inputs, outputs), got ${first === null ? 'null' : typeof first}.`);
  const a = first as Record<string, unknown>;
  if (('inputs' in a) !== ('outputs' in a)) throw new ValueError(`Model: both \`inputs\` and \`outputs\` are needed, got only \`${'inputs' in a ? 'inputs' : 'outputs'}\`.`);
  return a as unknown as ModelArgs;
}

function asList<T>(x: T | T[] | Record<string, T>): { list: T[]; names: string[] | null } {
  if (Array.isArray(x)) return { list: x, names: null };
  if (x instanceof SymbolicTensor) return { list: [x as T], names: null };
  return { list: Object.values(x as Record<string, T>), names: Object.keys(x as Record<string, T>) };
}

/**
 * A functional model. `O` is the type of its outputs as given (one SymbolicTensor or a list), so
 * predict() is typed: `new Model({inputs, outputs: y})` predicts one Tensor, `outputs: [a, b]` a list.
 */
export class Model<O extends SymbolicTensors = SymbolicTensors> extends Layer {
  static override className = 'Functional';
  /** @internal */ graph: LayerGraph | null = null;
  inputs: SymbolicTensor[] = [];
  outputs: SymbolicTensor[] = [];
  /** @internal Whether inputs/outputs were given as a single tensor (predict returns one tensor then). */
  protected singleInput = true;
  /** @internal */
  protected singleOutput = true;

  /**
   * `new Model({inputs, outputs, name})`, or positionally as Keras users write it:
   * `new Model(inputs, outputs)` / `new Model(inputs, outputs, {name})`.
   */
  constructor(args: ModelArgs<O>);
  constructor(inputs: SymbolicTensors, outputs: O, options?: ModelOptions);
  /** A model without a graph yet (subclasses such as Sequential set it). */
  constructor(options?: ModelOptions);
  constructor(argsOrInputs: ModelArgs | SymbolicTensors | ModelOptions = {}, outputs?: SymbolicTensors, options: ModelOptions = {}) {
    const args = positionalModelArgs(argsOrInputs, outputs, options);
    super({ name: args.name ?? uniqueName('functional'), trainable: args.trainable });
    if ('inputs' in args && 'outputs' in args) {
      const ins = asList(args.inputs), outs = asList(args.outputs);
      for (const t of [...ins.list, ...outs.list]) {
        if (!(t instanceof SymbolicTensor)) throw new ValueError(`Model '${this.name}': inputs and outputs must be symbolic tensors from Input() and layer.apply().`);
      }
      this.singleInput = ins.list.length === 1 && !Array.isArray(args.inputs);
      this.singleOutput = outs.list.length === 1 && !Array.isArray(args.outputs);
      this.setGraph(ins.list, outs.list);
    }
  }

  /** @internal */
  protected setGraph(inputs: SymbolicTensor[], outputs: SymbolicTensor[]): void {
    for (const [what, list] of [['inputs', inputs], ['outputs', outputs]] as const) {
      if (!Array.isArray(list) || !list.every((t) => t instanceof SymbolicTensor)) throw new ValueError(`Model '${this.name}': ${what} must be a list of symbolic tensors from Input() and layer.apply(), got ${describeValue(list)}.`);
    }
    this.inputs = inputs;
    this.outputs = outputs;
    this.graph = new LayerGraph(inputs, outputs);
    this.builtInputShape = inputs.length === 1 ? inputs[0].shape : inputs.map((i) => i.shape);
    this.built = true;
  }

  /** Layers in order (functional models include their InputLayers, as in Keras). */
  get layers(): Layer[] { return this.graph ? this.graph.layers : []; }
  override get sublayers(): Layer[] { return this.layers; }

  getLayer(name: string): Layer {
    const l = this.layers.find((x) => x.name === name);
    if (!l) throw new ValueError(`No such layer: '${name}'. Layers: ${this.layers.map((x) => x.name).join(', ')}.`);
    return l;
  }

  get inputNames(): string[] { return this.inputs.map((i) => i.sourceLayer.name); }
  get outputNames(): string[] { return this.outputs.map((o) => o.sourceLayer.name); }

  protected override ownTrainable(): Variable[] {
    return this.layers.flatMap((l) => l.trainableWeights);
  }
  protected override ownNonTrainable(): Variable[] {
    return this.layers.flatMap((l) => l.nonTrainableWeights);
  }
  /** Keras's model.weights order: layer by layer, each layer's own order. */
  protected override ownAll(): Variable[] {
    return this.layers.flatMap((l) => l.weights);
  }

  override get trainableWeights(): Variable[] { return this.trainable ? this.ownTrainable() : []; }
  override get nonTrainableWeights(): Variable[] { return this.trainable ? this.ownNonTrainable() : this.ownAll(); }
  override get weights(): Variable[] { return this.ownAll(); }

  override countParams(): number {
    return this.layers.reduce((n, l) => n + (l.built ? l.countParams() : 0), 0);
  }

  /** Check input tensors against the model's input shapes; the error names the input layer. */
  checkInputs(xs: { shape: readonly number[] }[]): void {
    if (!Array.isArray(xs) || !xs.every((x) => x !== null && typeof x === 'object' && Array.isArray(x.shape))) {
      throw new ValueError(`Model '${this.name}'.checkInputs(): expected a list of tensors (objects with a shape), got ${describeValue(xs)}.`);
    }
    if (xs.length !== this.inputs.length) {
      throw new ValueError(`Model '${this.name}' expects ${this.inputs.length} input(s) (${this.inputNames.join(', ')}), got ${xs.length}.`);
    }
    xs.forEach((x, i) => {
      const want = this.inputs[i].shape;
      const ok = want.length === x.shape.length && want.every((d, j) => d === null || d === x.shape[j]);
      if (!ok) {
        throw new ShapeError(`Input '${this.inputs[i].sourceLayer.name}' of model '${this.name}' expected shape ${fmtShape(want)}, but received input with shape ${fmtShape(x.shape)}.`);
      }
    });
  }

  call(inputs: Tensor | Tensor[], training = false, mask: Mask = null): Tensor | Tensor[] {
    return this.callWithMask(inputs, training, mask).outputs;
  }

  /** A model used as a layer passes masks through its graph, as Keras's Functional.call(mask=). */
  override callWithMask(inputs: Tensor | Tensor[], training: boolean, mask: Mask): { outputs: Tensor | Tensor[]; mask: Mask } {
    if (!this.graph) throw new StateError(`Model '${this.name}' has no graph yet: give the first layer an inputShape or call it on data.`);
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    const ms = mask === null || mask === undefined ? null : Array.isArray(mask) ? mask : [mask];
    const r = this.graph.runWithMasks(xs, training, ms);
    return r.outputs.length === 1 ? { outputs: r.outputs[0], mask: r.masks[0] } : { outputs: r.outputs, mask: r.masks };
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec | ShapeSpec[] {
    void inputShape;
    const shapes = this.outputs.map((o) => o.shape);
    return shapes.length === 1 ? shapes[0] : shapes;
  }

  // ---------- training API ----------

  /** Set by callbacks (or by you) to stop fit() after the current batch. */
  stopTraining = false;
  /** @internal */ trainer: Trainer | null = null;

  get optimizer(): Optimizer | null { return this.trainer?.optimizer ?? null; }

  /** Configure training: optimizer, loss(es), metrics, loss weights. Plans memory on first use. */
  compile(args: CompileArgs): void {
    assertNotFitting(this, 'compile()');
    this.trainer?.dispose();
    this.trainer = null;
    this.pendingCompile = args;
    // Resolve now so unknown names fail at compile() (Sequential without inputs: on first data).
    if (this.graph) this.trainer = new Trainer(this, args);
    else Trainer.validate(args);
  }
  /** @internal compile args waiting for the graph (Sequential without an input shape). */
  pendingCompile: CompileArgs | null = null;

  /** @internal Build from data when the model has no input shape yet (Sequential). */
  ensureBuilt(_x: ModelData): void {}

  /** @internal */
  requireTrainer(what: string): Trainer {
    if (!this.trainer && this.pendingCompile && this.graph) this.trainer = new Trainer(this, this.pendingCompile);
    if (!this.trainer) throw new StateError(`${what}: the model must be compiled first: call model.compile({optimizer, loss, metrics}) before ${what}.`);
    return this.trainer;
  }

  /** Train for a number of epochs; resolves to a History (history.history.loss, ...). */
  async fit(x: ModelData, y: ModelData, args: FitArgs = {}): Promise<History> {
    this.ensureBuilt(x);
    const t = this.requireTrainer('fit()');
    return runAsync(guardFit(this, args, fitLoop(this, t, x, y, args)));
  }

  /** fit() without yielding to the event loop (async callbacks are not awaited). */
  fitSync(x: ModelData, y: ModelData, args: FitArgs = {}): History {
    this.ensureBuilt(x);
    const t = this.requireTrainer('fit()');
    return runSync(guardFit(this, args, fitLoop(this, t, x, y, args)));
  }

  /** @internal */
  private evaluateResult(logs: Logs, returnDict?: boolean): EvaluateResult {
    if (returnDict) return logs;
    const keys = this.metricsNames(logs);
    return keys.length === 1 ? logs.loss : keys.map((k) => logs[k]);
  }

  /** @internal Keras order: loss, per-output losses, then metrics. */
  private metricsNames(logs: Logs): string[] {
    if (logs === null || typeof logs !== 'object') throw new ValueError(`Model '${this.name}': expected the logs of an evaluation (an object), got ${describeValue(logs)}.`);
    const rest = Object.keys(logs).filter((k) => k !== 'loss');
    const outLosses = rest.filter((k) => this.outputNames.some((n) => k === `${n}_loss`));
    return ['loss', ...outLosses, ...rest.filter((k) => !outLosses.includes(k))];
  }

  /**
   * Loss (and metrics) on data, as in Keras: the loss alone when it is the only value (no
   * metrics, one output), else [loss, ...metrics]; with `{returnDict: true}` the Logs by name.
   * Which of the first two comes depends on compile(), so TypeScript sees `number | number[]`:
   * narrow it with `Array.isArray`, or ask for the dict.
   */
  evaluate(x: ModelData, y: ModelData, args: EvaluateArgs & { returnDict: true }): Promise<Logs>;
  evaluate(x: ModelData, y: ModelData, args?: EvaluateArgs & { returnDict?: false }): Promise<number | number[]>;
  evaluate(x: ModelData, y: ModelData, args?: EvaluateArgs): Promise<EvaluateResult>;
  async evaluate(x: ModelData, y: ModelData, args: EvaluateArgs = {}): Promise<EvaluateResult> {
    this.ensureBuilt(x);
    const logs = await runAsync(evaluateLoop(this, this.requireTrainer('evaluate()'), x, y, args));
    return this.evaluateResult(logs, args.returnDict);
  }

  evaluateSync(x: ModelData, y: ModelData, args: EvaluateArgs & { returnDict: true }): Logs;
  evaluateSync(x: ModelData, y: ModelData, args?: EvaluateArgs & { returnDict?: false }): number | number[];
  evaluateSync(x: ModelData, y: ModelData, args?: EvaluateArgs): EvaluateResult;
  evaluateSync(x: ModelData, y: ModelData, args: EvaluateArgs = {}): EvaluateResult {
    this.ensureBuilt(x);
    const logs = runSync(evaluateLoop(this, this.requireTrainer('evaluate()'), x, y, args));
    return this.evaluateResult(logs, args.returnDict);
  }

  /**
   * Predictions: one Tensor for one output (Sequential, `outputs: y`), a list for a list of
   * outputs (typed so: PredictResult). The whole input is one batch unless batchSize says otherwise.
   */
  predict(x: ModelData, args: PredictArgs = {}): PredictResult<O> {
    checkPredictArgs(args);
    this.ensureBuilt(x);
    // An uncompiled model predicts through its own plans (the loss and optimizer are unused).
    const t = this.trainer ?? (this.predictOnly ??= new Trainer(this, { optimizer: 'rmsprop', loss: 'mse' }));
    const temps: TensorClass[] = [];
    try {
      const xs = t.prepareX(x, temps);
      const outs = t.predict(xs, args.batchSize ?? defaultPredictBatch(xs));
      return (outs.length === 1 && this.singleOutput ? outs[0] : outs) as PredictResult<O>;
    } finally {
      disposeTemps(temps);
    }
  }
  /** @internal plans for predict() on an uncompiled model */
  private predictOnly: Trainer | null = null;

  predictOnBatch(x: ModelData): PredictResult<O> { return this.predict(x, { batchSize: Number.MAX_SAFE_INTEGER }); }

  /** One gradient step on one batch; returns the loss before the update (or [loss, ...metrics]). */
  trainOnBatch(x: ModelData, y: ModelData, args: BatchArgs & { returnDict: true }): Logs;
  trainOnBatch(x: ModelData, y: ModelData, args?: BatchArgs & { returnDict?: false }): number | number[];
  trainOnBatch(x: ModelData, y: ModelData, args?: BatchArgs): EvaluateResult;
  trainOnBatch(x: ModelData, y: ModelData, args: BatchArgs = {}): EvaluateResult { return this.onBatch('train', x, y, args); }

  testOnBatch(x: ModelData, y: ModelData, args: BatchArgs & { returnDict: true }): Logs;
  testOnBatch(x: ModelData, y: ModelData, args?: BatchArgs & { returnDict?: false }): number | number[];
  testOnBatch(x: ModelData, y: ModelData, args?: BatchArgs): EvaluateResult;
  testOnBatch(x: ModelData, y: ModelData, args: BatchArgs = {}): EvaluateResult { return this.onBatch('test', x, y, args); }

  /** @internal trainOnBatch and testOnBatch: one train or test step over the batch. */
  private onBatch(mode: 'train' | 'test', x: ModelData, y: ModelData, args: BatchArgs): EvaluateResult {
    const what = `${mode}OnBatch()`;
    checkBatchArgs(args, what);
    this.ensureBuilt(x);
    const t = this.requireTrainer(what);
    const temps: TensorClass[] = [];
    try {
      const xs = t.prepareX(x, temps), ys = t.prepareY(y, temps);
      const sw = args.sampleWeight !== undefined ? track(null, toSamples(splitData(args.sampleWeight, ['w'], 'weight')[0], [null], 'float32', 'sampleWeight'), temps) : null;
      const logs = runSync(t.runEpoch(mode, xs, ys, sw, xs[0].shape[0], null, [], null));
      return this.evaluateResult(logs, args.returnDict);
    } finally {
      disposeTemps(temps);
    }
  }

  /** The weights of all layers as Tensors, in Keras's get_weights() order. */
  override getWeights(): TensorClass[] { return this.weights.map((v) => v.read()); }

  /** Set all weights (Tensors or nested arrays); nothing changes if any count or shape is wrong. */
  override setWeights(values: (TensorClass | TensorLike)[]): void {
    checkWeightList(values, this);
    const vars = this.weights;
    if (values.length !== vars.length) {
      throw new ValueError(`Model '${this.name}' has ${vars.length} weight arrays, got ${values.length}.`);
    }
    const ts = values.map((v, i) => {
      const t = v instanceof TensorClass ? v : toSamplesLoose(v as TensorLike);
      if (t.size !== vars[i].size || t.shape.some((d, j) => d !== vars[i].shape[j])) {
        throw new ShapeError(`Model '${this.name}': weight ${i} ('${vars[i].name}') expects shape ${fmtShape(vars[i].shape)}, got ${fmtShape(t.shape)}.`);
      }
      return t;
    });
    ts.forEach((t, i) => vars[i].assign(t));
  }

  /** Keras's compile_config for saving (null when not compiled). */
  compileConfig(): Record<string, unknown> | null {
    const a = this.pendingCompile;
    if (!a) return null;
    const opt = this.trainer?.optimizer ?? null;
    const ser = (v: unknown): unknown => (typeof v === 'string' ? v : v && (typeof v === 'object' || typeof v === 'function') && 'name' in v ? (v as { name: string }).name : v);
    const loss = typeof a.loss === 'string' || Array.isArray(a.loss) ? (Array.isArray(a.loss) ? a.loss.map(ser) : a.loss)
      : typeof a.loss === 'object' && a.loss !== null && !('call' in a.loss) ? Object.fromEntries(Object.entries(a.loss).map(([k, v]) => [k, ser(v)])) : ser(a.loss);
    const serList = (v: unknown) => (Array.isArray(v) ? v.map(ser) : ser(v));
    const serMetrics = (ms: CompileArgs['metrics']) => {
      if (ms === undefined) return null;
      if (Array.isArray(ms)) return ms.map(serList);
      if (typeof ms === 'object' && !('updateState' in ms)) return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, serList(v)]));
      return [ser(ms)];
    };
    const metrics = serMetrics(a.metrics);
    return {
      optimizer: opt ? { module: 'keras.optimizers', class_name: opt.className, config: opt.getConfig(), registered_name: null } : a.optimizer ?? 'rmsprop',
      loss, loss_weights: a.lossWeights ?? null, metrics, weighted_metrics: serMetrics(a.weightedMetrics), run_eagerly: false, steps_per_execution: 1, jit_compile: true,
    };
  }

  /** Save the model (architecture, weights, optimizer state, compile config): '.keras', '.h5' or a TF.js 'model.json', to a path or storage URL. */
  async save(target: string, options: { format?: 'keras' | 'h5' | 'tfjs' } = {}): Promise<void> {
    return (await requireIO()).saveModel(this, target, options);
  }

  /** The saved model as files in memory ({'model.keras': bytes} or TF.js files). */
  async toFiles(format: 'keras' | 'h5' | 'tfjs' = 'keras'): Promise<Record<string, Uint8Array | object | string | ArrayBuffer>> {
    return (await requireIO()).modelToFiles(this, format);
  }

  /** Save only the weights (Keras 3 .weights.h5 layout). */
  async saveWeights(target: string): Promise<void> {
    return (await requireIO()).saveWeights(this, target);
  }

  /** Load weights saved by saveWeights (or a Keras .weights.h5 / legacy .h5); nothing changes on a mismatch. */
  async loadWeights(source: string | Uint8Array | ArrayBuffer): Promise<void> {
    return (await requireIO()).loadWeights(this, source);
  }

  /** Print (and return) the Keras summary table. */
  summary(args: SummaryArgs = {}): string { return summary(this, args); }

  override getConfig(): LayerConfig {
    // Only this graph's nodes are saved (a layer may also be used in other models), numbered
    // among themselves as Keras does, so references stay valid when the file is loaded alone.
    const inGraph = new Set(this.graph?.nodes ?? []);
    const nodeIndex = (t: SymbolicTensor) => {
      const kept = t.sourceLayer.inboundNodes.filter((n) => inGraph.has(n) || n.inputs.length === 0);
      const i = kept.indexOf(t.sourceLayer.inboundNodes[t.nodeIndex]);
      return i < 0 ? t.nodeIndex : i;
    };
    const layers = this.layers.map((layer) => serializeLayerInGraph(layer, (n) => inGraph.has(n), nodeIndex));
    const ref = (t: SymbolicTensor) => [t.sourceLayer.name, nodeIndex(t), t.tensorIndex];
    return {
      name: this.name,
      trainable: this.trainable,
      layers,
      input_layers: this.singleInput ? ref(this.inputs[0]) : this.inputs.map(ref),
      output_layers: this.singleOutput ? ref(this.outputs[0]) : this.outputs.map(ref),
    };
  }
}

/** A layer's entry in a functional config: class, config, build_config, inbound_nodes. */
export function serializeLayerInGraph(layer: Layer, keep: (n: LayerNode) => boolean = () => true,
  nodeIndex: (t: SymbolicTensor) => number = (t) => t.nodeIndex): Record<string, unknown> {
  const inbound = layer.inboundNodes
    .filter((n) => n.inputs.length > 0 && keep(n))
    .map((n) => {
      const args = n.inputs.map((t) => ({
        class_name: '__keras_tensor__',
        config: { shape: t.shape, dtype: t.dtype, keras_history: [t.sourceLayer.name, nodeIndex(t), t.tensorIndex] },
      }));
      return { args: n.listInput ? [args] : args, kwargs: {} };
    });
  const entry: Record<string, unknown> = {
    module: layer instanceof Model ? (layer.className === 'Sequential' ? 'keras' : 'keras.src.models.functional') : 'keras.layers',
    class_name: layer.className,
    config: layer.getConfig(),
    registered_name: null,
  };
  if (!(layer instanceof InputLayer) && layer.builtInputShape) entry.build_config = { input_shape: layer.builtInputShape };
  entry.name = layer.name;
  entry.inbound_nodes = inbound;
  return entry;
}

