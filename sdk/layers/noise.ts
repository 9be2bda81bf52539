// Noise layers (Keras's layers/regularization): GaussianNoise and SpatialDropout1D. Identity at
// inference; when training they add noise or drop whole channels, drawn afresh on every run of
// a traced step (effect ops, as the dropout mask). This file ends with their registrations.
import { K } from '../engine/wasm.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { run1, type OpSpec } from '../tensor/op.js';
import type { Shape, Tensor } from '../tensor/tensor.js';
import { add, mul } from '../tensor/ops/index.js';
import { SeedGenerator, dropoutMask, randomStream, type SeedLike } from './dropout-op.js';
import { Layer, layerArgs, isNumber, registerLayer, type LayerArgs, type LayerConfig, type ShapeSpec } from './layer.js';
import { Dropout } from './core.js';

interface NoiseAttrs { shape: Shape; stddev: number; seed: SeedLike }

const normalNoise: OpSpec<NoiseAttrs> = {
  name: 'gaussianNoise',
  effect: true, // never constant-folded: a plan draws new noise on every step
  infer: (_i, { shape }) => [{ shape, dtype: 'float32' }],
  kernel: (_i, [y], { stddev, seed }) => {
    const draw = randomStream(seed);
    return () => {
      const [key, offset] = draw(y.size);
      K.random_normal(y.ptr, y.size, key, offset, 0, stddev, 0);
    };
  },
};

export interface GaussianNoiseArgs extends LayerArgs { stddev?: number; seed?: number | null }

/** Adds zero-mean Gaussian noise of `stddev` while training (Keras's GaussianNoise). */
export class GaussianNoise extends Layer {
  static override className = 'GaussianNoise';
  /** Passes an input mask on (Keras's supports_masking). */
  override supportsMasking = true;
  readonly stddev: number;
  readonly seed: number | null;
  constructor(stddev: number | GaussianNoiseArgs, args: GaussianNoiseArgs = {}) {
    const a = layerArgs<GaussianNoiseArgs>('GaussianNoise', stddev, args, 'stddev', isNumber);
    super(a);
    if (typeof a.stddev !== 'number' || !(a.stddev >= 0 && a.stddev <= 1)) throw new ValueError(`GaussianNoise: stddev must be a number in [0, 1], got ${a.stddev}.`);
    this.stddev = a.stddev;
    this.seed = a.seed ?? null;
    this.seedGenerator = this.seed === null ? null : new SeedGenerator(this.seed);
  }
  private readonly seedGenerator: SeedGenerator | null;
  override computeOutputShape(s: ShapeSpec | ShapeSpec[]): ShapeSpec { return s as ShapeSpec; }
  call(inputs: Tensor | Tensor[], training: boolean): Tensor {
    const x = inputs as Tensor;
    if (!training || this.stddev === 0) return x;
    return add(x, run1(normalNoise, [], { shape: [...x.shape], stddev: this.stddev, seed: this.seedGenerator }));
  }
  override getConfig(): LayerConfig { return { ...super.getConfig(), stddev: this.stddev, seed: this.seed }; }
}

export interface SpatialDropout1DArgs extends LayerArgs { rate?: number; seed?: number | null }

/** Dropout of whole channels of a [batch, steps, channels] input while training (Keras's SpatialDropout1D). */
export class SpatialDropout1D extends Dropout {
  static override className = 'SpatialDropout1D';
  constructor(rate: number | SpatialDropout1DArgs, args: SpatialDropout1DArgs = {}) { super(rate, args); }
  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    const s = inputShape as ShapeSpec;
    if (s.length !== 3) throw new ShapeError(`Layer '${this.name}' (SpatialDropout1D) expects a 3-d input [batch, steps, channels], got ${fmtShape(s)}.`);
    super.build(inputShape);
  }
  override call(inputs: Tensor | Tensor[], training: boolean): Tensor {
    const x = inputs as Tensor;
    if (!training || this.rate === 0) return x;
    // One keep/drop per (sample, channel), broadcast over the steps: Keras's noise shape (B, 1, C).
    return mul(x, dropoutMask([x.shape[0], 1, x.shape[2]], this.rate, this.seedGenerator));
  }
  // Keras's BaseSpatialDropout.get_config: these four keys only.
  override getConfig(): LayerConfig { return { rate: this.rate, seed: this.seed, name: this.name, dtype: this.dtype }; }
}

registerLayer(GaussianNoise);
registerLayer(SpatialDropout1D);
