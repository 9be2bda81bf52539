// Weight initializers, Keras 3 formulas, seeded through the global stream (setSeed); each class
// registered (sdk/registry.ts) under its Keras name ('glorot_uniform', which also finds 'GlorotUniform').
import { ValueError } from './errors.js';
import { deserialize, get, register } from './registry.js';
import { fill, fromValues, randomNormal, randomUniform, truncatedNormal } from './tensor/ops/creation.js';
import type { Shape, Tensor } from './tensor/tensor.js';
import { nextKey, makeRng } from './tensor/random.js';

export type InitializerConfig = { class_name: string; config: Record<string, unknown> };

export abstract class Initializer {
  abstract readonly className: string;
  abstract call(shape: Shape, dtype?: 'float32'): Tensor;
  getConfig(): Record<string, unknown> { return {}; }
  /** Keras 3 serialized form. */
  serialize(): InitializerConfig & { module: string; registered_name: null } {
    return { module: 'keras.initializers', class_name: this.className, config: this.getConfig(), registered_name: null };
  }
}

/** fan_in, fan_out as Keras computes them (receptive field × channels for conv kernels). */
export function computeFans(shape: Shape): [number, number] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new ValueError(`computeFans: expected a shape (non-negative integers), got ${JSON.stringify(shape) ?? String(shape)}.`);
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

export class Zeros extends Initializer { readonly className = 'Zeros'; call(shape: Shape) { return fill(shape, 0); } }
export class Ones extends Initializer { readonly className = 'Ones'; call(shape: Shape) { return fill(shape, 1); } }

export class Constant extends Initializer {
  readonly className = 'Constant';
  constructor(readonly value = 0) { super(); }
  call(shape: Shape) { return fill(shape, this.value); }
  override getConfig() { return { value: this.value }; }
}

export class RandomNormal extends Initializer {
  readonly className = 'RandomNormal';
  constructor(readonly mean = 0, readonly stddev = 0.05, readonly seed: number | null = null) { super(); }
  call(shape: Shape) { return randomNormal(shape, this.mean, this.stddev, 'float32', this.seed ?? undefined); }
  override getConfig() { return { mean: this.mean, stddev: this.stddev, seed: this.seed }; }
}

export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  constructor(readonly minval = -0.05, readonly maxval = 0.05, readonly seed: number | null = null) { super(); }
  call(shape: Shape) { return randomUniform(shape, this.minval, this.maxval, 'float32', this.seed ?? undefined); }
  override getConfig() { return { minval: this.minval, maxval: this.maxval, seed: this.seed }; }
}

export class TruncatedNormal extends Initializer {
  readonly className = 'TruncatedNormal';
  constructor(readonly mean = 0, readonly stddev = 0.05, readonly seed: number | null = null) { super(); }
  call(shape: Shape) { return truncatedNormal(shape, this.mean, this.stddev, 'float32', this.seed ?? undefined); }
  override getConfig() { return { mean: this.mean, stddev: this.stddev, seed: this.seed }; }
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

export class VarianceScaling extends Initializer {
  readonly className: string = 'VarianceScaling';
  constructor(readonly scale = 1, readonly mode: FanMode = 'fan_in', readonly distribution: Distribution = 'truncated_normal', readonly seed: number | null = null) {
    super();
    if (!(scale > 0)) throw new ValueError(`VarianceScaling: scale must be positive, got ${scale}.`);
  }
  call(shape: Shape): Tensor {
    const [fanIn, fanOut] = computeFans(shape);
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    const seed = this.seed ?? undefined;
    if (this.distribution === 'truncated_normal') {
      // 0.879… is the stddev of a unit normal truncated to [-2, 2].
      return truncatedNormal(shape, 0, Math.sqrt(scale) / 0.8796256610342398, 'float32', seed);
    }
    if (this.distribution === 'untruncated_normal') return randomNormal(shape, 0, Math.sqrt(scale), 'float32', seed);
    const limit = Math.sqrt(3 * scale);
    return randomUniform(shape, -limit, limit, 'float32', seed);
  }
  // input_axes/output_axes: Keras 3.15's options for fans of einsum kernels (always null here).
  override getConfig(): Record<string, unknown> { return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed, input_axes: null, output_axes: null }; }
}

function vs(name: string, scale: number, mode: FanMode, distribution: Distribution) {
  return class extends VarianceScaling {
    override readonly className = name;
    constructor(seed: number | null = null) { super(scale, mode, distribution, seed); }
    override getConfig() { return { seed: this.seed, input_axes: null, output_axes: null }; }
  };
}

export const GlorotUniform = vs('GlorotUniform', 1, 'fan_avg', 'uniform');
export const GlorotNormal = vs('GlorotNormal', 1, 'fan_avg', 'truncated_normal');
export const HeNormal = vs('HeNormal', 2, 'fan_in', 'truncated_normal');
export const HeUniform = vs('HeUniform', 2, 'fan_in', 'uniform');
export const LecunNormal = vs('LecunNormal', 1, 'fan_in', 'truncated_normal');
export const LecunUniform = vs('LecunUniform', 1, 'fan_in', 'uniform');

export class Identity extends Initializer {
  readonly className = 'Identity';
  constructor(readonly gain = 1) { super(); }
  call(shape: Shape) {
    if (shape.length !== 2) throw new ValueError(`Identity initializer: expected a 2-d shape, got [${shape}].`);
    const [r, c] = shape;
    const v = new Array<number>(r * c).fill(0);
    for (let i = 0; i < Math.min(r, c); i++) v[i * c + i] = this.gain;
    return fromValues(v, [...shape], 'float32');
  }
  override getConfig() { return { gain: this.gain }; }
}

/** Orthogonal: Gram–Schmidt on a seeded normal matrix (Keras uses QR; same distribution). */
export class Orthogonal extends Initializer {
  readonly className = 'Orthogonal';
  constructor(readonly gain = 1, readonly seed: number | null = null) { super(); }
  call(shape: Shape) {
    if (shape.length < 2) throw new ValueError(`Orthogonal initializer: expected rank ≥ 2, got [${shape}].`);
    const cols = shape[shape.length - 1];
    const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const [n, m] = rows < cols ? [cols, rows] : [rows, cols]; // build n×m with n ≥ m, orthonormal columns
    const rng = makeRng(nextKey(this.seed ?? undefined));
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const q: number[][] = [];
    for (let j = 0; j < m; j++) {
      let v = Array.from({ length: n }, gauss);
      for (const u of q) { const d = v.reduce((s, x, i) => s + x * u[i], 0); v = v.map((x, i) => x - d * u[i]); }
      const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
      q.push(v.map((x) => x / norm));
    }
    const out = new Array<number>(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      out[r * cols + c] = this.gain * (rows < cols ? q[r][c] : q[c][r]);
    }
    return fromValues(out, [...shape], 'float32');
  }
  override getConfig() { return { gain: this.gain, seed: this.seed }; }
}

/** The Keras initializer names (class names such as 'GlorotUniform' work too). */
export type InitializerName =
  | 'zeros' | 'ones' | 'constant' | 'glorot_uniform' | 'glorot_normal' | 'he_normal' | 'he_uniform' | 'lecun_normal' | 'lecun_uniform'
  | 'random_normal' | 'random_uniform' | 'truncated_normal' | 'variance_scaling' | 'orthogonal' | 'identity';
/** An initializer: a Keras name (any other string is looked up at run time), an Initializer, or a Keras config. */
export type InitializerIdentifier = InitializerName | (string & {}) | Initializer | InitializerConfig;

/** Resolve 'glorot_uniform', 'glorotUniform', a class name, a config object or an instance. */
export function getInitializer(id: InitializerIdentifier): Initializer {
  if (id instanceof Initializer) return id;
  if (typeof id === 'object' && id !== null && 'class_name' in id) return deserialize<Initializer>('initializer', id, 'initializer')!;
  return get<Initializer>('initializer', id);
}

type Seed = number | null;
const seed = (c: Record<string, unknown>) => c.seed as Seed;
const fans = (cls: new (seed?: Seed) => Initializer) => (c: Record<string, unknown>) => new cls(seed(c));
// By the one naming rule 'glorot_uniform' is also the class name 'GlorotUniform'.
const BUILT_IN: [InitializerName, (c: Record<string, unknown>) => Initializer][] = [
  ['zeros', () => new Zeros()], ['ones', () => new Ones()], ['constant', (c) => new Constant(c.value as number)],
  ['glorot_uniform', fans(GlorotUniform)], ['glorot_normal', fans(GlorotNormal)],
  ['he_normal', fans(HeNormal)], ['he_uniform', fans(HeUniform)],
  ['lecun_normal', fans(LecunNormal)], ['lecun_uniform', fans(LecunUniform)],
  ['random_normal', (c) => new RandomNormal(c.mean as number, c.stddev as number, seed(c))],
  ['random_uniform', (c) => new RandomUniform(c.minval as number, c.maxval as number, seed(c))],
  ['truncated_normal', (c) => new TruncatedNormal(c.mean as number, c.stddev as number, seed(c))],
  ['variance_scaling', (c) => new VarianceScaling(c.scale as number, c.mode as FanMode, c.distribution as Distribution, seed(c))],
  ['orthogonal', (c) => new Orthogonal(c.gain as number, seed(c))],
  ['identity', (c) => new Identity(c.gain as number)],
];
for (const [name, make] of BUILT_IN) register('initializer', name, make);
