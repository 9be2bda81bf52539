// Core layers: InputLayer/Input, Dense, Flatten, Dropout, Activation, Reshape, Permute,
// RepeatVector.
import { checkKnownOptions } from '../options.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { Tensor, shapeSize, type DType } from '../tensor/tensor.js';
import { concat, dense, reshape, transpose, mul, expandDims } from '../tensor/ops/index.js';
import { SeedGenerator, dropoutMask } from './dropout-op.js';
import { getActivation, type ActivationFn, type ActivationIdentifier } from '../activations.js';
import { FUSABLE_ACTS } from '../tensor/ops/nn.js';
import { Layer, SymbolicTensor, layerArgs, isNumber, uniqueName, addActivityLoss, registerLayer, configToArgs, type LayerArgs, type LayerConfig, type ShapeSpec } from './layer.js';
import { KernelLayer, type KernelArgs } from './kernel-layer.js';

// ---------- InputLayer ----------

export interface InputLayerArgs {
  shape?: ShapeSpec; batchShape?: ShapeSpec; batchSize?: number; name?: string; dtype?: DType;
  /**
   * Keras's `sparse`: the input expects sparse data (a SparseTensor). Saved in the config. Sparse
   * data is accepted by any input and dense data by a sparse one, with the same results: a batch of
   * sparse data goes to the first Dense layer's sparse kernels, or is written densely one batch at a time.
   */
  sparse?: boolean;
}

export class InputLayer extends Layer {
  static override className = 'InputLayer';
  readonly output: SymbolicTensor;
  /** Keras's InputLayer.sparse. */
  readonly sparse: boolean;

  constructor(args: InputLayerArgs = {}) {
    if (args === null || typeof args !== 'object' || Array.isArray(args)) throw new ValueError(`Input: expected {shape, dtype, name}, got ${args === null ? 'null' : typeof args}.`);
    checkKnownOptions('Input', args, 'InputLayerArgs', 'interface');
    super({ name: args.name ?? uniqueName('input_layer'), dtype: args.dtype });
    const batchShape = args.batchShape ?? (args.shape ? [args.batchSize ?? null, ...args.shape] : null);
    if (!batchShape) throw new ValueError('InputLayer: give `shape` (without the batch dimension) or `batchShape`.');
    for (const d of batchShape.slice(1)) if (d !== null && (!Number.isInteger(d) || d < 0)) throw new ShapeError(`Input '${this.name}': invalid shape ${fmtShape(batchShape)}.`);
    if (args.sparse !== undefined && args.sparse !== null && typeof args.sparse !== 'boolean') throw new ValueError(`Input '${this.name}': sparse must be true or false, got ${typeof args.sparse === 'string' ? `'${args.sparse}'` : String(args.sparse)}.`);
    this.sparse = args.sparse === true;
    this.batchInputShape = batchShape;
    this.builtInputShape = batchShape;
    this.built = true;
    this.output = new SymbolicTensor(batchShape, this.dtype, this, 0, 0);
    this.inboundNodes.push({ layer: this, inputs: [], outputs: [this.output], listInput: false });
  }

  call(inputs: Tensor | Tensor[]): Tensor | Tensor[] { return inputs; }

  override getConfig(): LayerConfig {
    return { batch_shape: this.batchInputShape, dtype: this.dtype, sparse: this.sparse, ragged: false, name: this.name, optional: false };
  }
}

/** Keras's Input(): a symbolic tensor that starts a functional model. */
export function Input(args: InputLayerArgs): SymbolicTensor {
  return new InputLayer(args).output;
}

// ---------- Dense ----------

export interface DenseArgs extends LayerArgs, KernelArgs {
  units?: number;
}

export class Dense extends KernelLayer {
  static override className = 'Dense';
  /** Passes an input mask on (Keras's supports_masking). */
  override supportsMasking = true;
  readonly units: number;

  /** `new Dense(512, {activation: 'relu'})` as in Keras, or `new Dense({units: 512, ...})` as in TF.js. */
  constructor(units: number | DenseArgs, args: DenseArgs = {}) {
    const a = layerArgs<DenseArgs>('Dense', units, args, 'units', isNumber);
    super(a);
    if (!Number.isInteger(a.units) || (a.units as number) <= 0) throw new ValueError(`Dense: units must be a positive integer, got ${a.units}.`);
    this.units = a.units as number;
  }

  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    const s = inputShape as ShapeSpec;
    const k = s[s.length - 1];
    if (k === null || k === undefined) throw new ShapeError(`Layer '${this.name}' (Dense): the last dimension of the input must be known, got ${fmtShape(s)}.`);
    this.addKernelAndBias([k, this.units], this.units);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const s = inputShape as ShapeSpec;
    return [...s.slice(0, -1), this.units];
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    const fused = this.activation.fusedName !== undefined && FUSABLE_ACTS.has(this.activation.fusedName);
    let y = fused
      ? dense(x, this.kernel!, this.bias, this.activation.fusedName, this.activation.fusedName === 'leaky_relu' ? 0.2 : this.activation.fusedName === 'elu' ? 1 : 0)
      : this.activation.apply(dense(x, this.kernel!, this.bias, 'linear'));
    addActivityLoss(this, this.activityRegularizer, y, x.shape[0]);
    return y;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), units: this.units, ...this.kernelConfig() };
  }
}

// ---------- Flatten, Reshape, Permute, RepeatVector ----------

export class Flatten extends Layer {
  static override className = 'Flatten';
  override computeOutputShape(s: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const shape = s as ShapeSpec;
    const rest = shape.slice(1);
    return [shape[0], rest.some((d) => d === null) ? null : shapeSize(rest as number[])];
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    return reshape(x, [x.shape[0], shapeSize(x.shape.slice(1))]);
  }
  override getConfig(): LayerConfig { return { ...super.getConfig(), data_format: 'channels_last' }; }
}

export interface ReshapeArgs extends LayerArgs { targetShape?: number[] }

export class Reshape extends Layer {
  static override className = 'Reshape';
  readonly targetShape: number[];
  constructor(targetShape: number[] | ReshapeArgs, args: ReshapeArgs = {}) {
    const a = layerArgs<ReshapeArgs>('Reshape', targetShape, args, 'targetShape', (v) => Array.isArray(v));
    super(a);
    if (!a.targetShape) throw new ValueError('Reshape: targetShape is required.');
    this.targetShape = [...a.targetShape];
  }
  override computeOutputShape(s: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const shape = s as ShapeSpec;
    const size = shapeSize(shape.slice(1) as number[]);
    const known = shapeSize(this.targetShape.filter((d) => d !== -1));
    const out = this.targetShape.map((d) => (d === -1 ? size / known : d));
    if (shapeSize(out) !== size || !out.every(Number.isInteger)) {
      throw new ShapeError(`Layer '${this.name}' (Reshape): cannot reshape input ${fmtShape(shape)} (${size} values per sample) to target shape ${fmtShape(this.targetShape)}.`);
    }
    return [shape[0], ...out];
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    return reshape(x, [x.shape[0], ...this.targetShape]);
  }
  override getConfig(): LayerConfig { return { ...super.getConfig(), target_shape: this.targetShape }; }
}

export interface PermuteArgs extends LayerArgs { dims?: number[] }

/** Permute the non-batch axes; dims are 1-based, as in Keras. */
export class Permute extends Layer {
  static override className = 'Permute';
  readonly dims: number[];
  constructor(dims: number[] | PermuteArgs, args: PermuteArgs = {}) {
    const a = layerArgs<PermuteArgs>('Permute', dims, args, 'dims', (v) => Array.isArray(v));
    super(a);
    if (!a.dims || [...a.dims].sort((x, y) => x - y).some((d, i) => d !== i + 1)) {
      throw new ValueError(`Permute: dims must be a permutation of 1..n (1-based, batch excluded), got [${a.dims}].`);
    }
    this.dims = [...a.dims];
  }
  call(inputs: Tensor | Tensor[]): Tensor { return transpose(inputs as Tensor, [0, ...this.dims]); }
  override getConfig(): LayerConfig { return { ...super.getConfig(), dims: this.dims }; }
}

export interface RepeatVectorArgs extends LayerArgs { n?: number }

export class RepeatVector extends Layer {
  static override className = 'RepeatVector';
  readonly n: number;
  constructor(n: number | RepeatVectorArgs, args: RepeatVectorArgs = {}) {
    const a = layerArgs<RepeatVectorArgs>('RepeatVector', n, args, 'n', isNumber);
    super(a);
    if (!Number.isInteger(a.n) || (a.n as number) < 1) throw new ValueError(`RepeatVector: n must be a positive integer, got ${a.n}.`);
    this.n = a.n as number;
  }
  call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    if (x.rank !== 2) throw new ShapeError(`Layer '${this.name}' (RepeatVector) expects a 2-d input [batch, features], got ${fmtShape(x.shape)}.`);
    const row = expandDims(x, 1);
    return concat(Array.from({ length: this.n }, () => row), 1);
  }
  override getConfig(): LayerConfig { return { ...super.getConfig(), n: this.n }; }
}

// ---------- Dropout, Activation ----------

export interface DropoutArgs extends LayerArgs { rate?: number; seed?: number | null; noiseShape?: number[] | null }

export class Dropout extends Layer {
  static override className = 'Dropout';
  /** Passes an input mask on (Keras's supports_masking). */
  override supportsMasking = true;
  readonly rate: number;
  readonly seed: number | null;
  constructor(rate: number | DropoutArgs, args: DropoutArgs = {}) {
    const cls = new.target.className; // Dropout, or a subclass (SpatialDropout1D)
    const a = layerArgs<DropoutArgs>(cls, rate, args, 'rate', isNumber);
    super(a);
    if (typeof a.rate !== 'number' || a.rate < 0 || a.rate >= 1) throw new ValueError(`${cls}: rate must be in [0, 1), got ${a.rate}.`);
    this.rate = a.rate;
    this.seed = a.seed ?? null;
    this.seedGenerator = this.seed === null ? null : new SeedGenerator(this.seed);
  }
  /** A seeded layer's stream: each call draws a new mask, the same sequence for the same seed (Keras). */
  protected readonly seedGenerator: SeedGenerator | null;
  override computeOutputShape(s: ShapeSpec | ShapeSpec[]): ShapeSpec { return s as ShapeSpec; }
  call(inputs: Tensor | Tensor[], training: boolean): Tensor {
    const x = inputs as Tensor;
    if (!training || this.rate === 0) return x;
    return mul(x, dropoutMask(x.shape, this.rate, this.seedGenerator));
  }
  override getConfig(): LayerConfig { return { ...super.getConfig(), rate: this.rate, seed: this.seed, noise_shape: null }; }
}

export interface ActivationArgs extends LayerArgs { activation?: ActivationIdentifier }

export class Activation extends Layer {
  static override className = 'Activation';
  /** Passes an input mask on (Keras's supports_masking). */
  override supportsMasking = true;
  readonly activation: ActivationFn;
  constructor(activation: ActivationIdentifier | ActivationArgs, args: ActivationArgs = {}) {
    const a = layerArgs<ActivationArgs>('Activation', activation, args, 'activation', (v) => typeof v === 'string' || typeof v === 'function');
    super(a);
    this.activation = getActivation(a.activation ?? 'linear');
  }
  override computeOutputShape(s: ShapeSpec | ShapeSpec[]): ShapeSpec { return s as ShapeSpec; }
  call(inputs: Tensor | Tensor[]): Tensor { return this.activation.apply(inputs as Tensor); }
  override getConfig(): LayerConfig { return { ...super.getConfig(), activation: this.activation.name }; }
}

registerLayer(InputLayer, (c) => new InputLayer({ batchShape: (c.batch_shape ?? c.batch_input_shape) as (number | null)[], name: c.name as string, dtype: (configToArgs(c).dtype as 'float32'), sparse: c.sparse === true }));
for (const cls of [Dense, Flatten, Reshape, Permute, RepeatVector, Dropout, Activation]) registerLayer(cls);
