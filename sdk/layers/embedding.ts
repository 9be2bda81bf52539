// Embedding: row lookup (gather) into a [inputDim, outputDim] table; the gradient is the
// gather op's scatter-add. An index outside [0, inputDim) is a ValueError naming the layer,
// eagerly and in fit/predict plans (the kernel flags it and never reads outside the table).
// With maskZero, index 0 is padding: the layer's mask is `inputs != 0` (Keras's compute_mask).
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import { cast, notEqual } from '../tensor/ops/elementwise.js';
import { gatherAs } from '../tensor/ops/shape.js';
import { RandomUniform } from '../initializers.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import { Layer, layerArgs2, addActivityLoss, registerLayer, type LayerArgs, type LayerConfig, type Mask, type ShapeSpec } from './layer.js';
import { readWeightOptions, resolveRegularizer, weightConfig, weightOptions, type WeightArgs, type WeightFields } from './weight-options.js';

export interface EmbeddingArgs extends Omit<LayerArgs, 'inputDim'>, WeightArgs<'embeddings'> {
  /** Vocabulary size (here it is not a shorthand for inputShape). */
  inputDim?: number;
  outputDim?: number;
  activityRegularizer?: RegularizerIdentifier | null;
  maskZero?: boolean;
}

/** embeddingsInitializer, embeddingsRegularizer, embeddingsConstraint (readWeightOptions sets them). */
export interface Embedding extends WeightFields<'embeddings'> {}
export class Embedding extends Layer {
  static override className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly activityRegularizer: Regularizer | null;
  /** Whether index 0 is padding, masked for the layers downstream. */
  readonly maskZero: boolean;
  embeddings: Variable | null = null;

  override indexedRows(): number { return this.inputDim; }

  /** `new Embedding(1000, 16)` as in Keras, or `new Embedding({inputDim: 1000, outputDim: 16})`. */
  constructor(inputDim: number | EmbeddingArgs, outputDim?: number | EmbeddingArgs, args: EmbeddingArgs = {}) {
    // new Embedding(1000, 16, {...}), new Embedding(1000, {outputDim: 16, ...}) or new Embedding({inputDim, outputDim, ...}).
    const a = layerArgs2<EmbeddingArgs>('Embedding', inputDim, outputDim, args, 'inputDim', 'outputDim');
    const { inputDim: vocab, ...base } = a;
    super(base);
    if (!Number.isInteger(vocab) || (vocab as number) <= 0) throw new ValueError(`Embedding: inputDim (vocabulary size) must be a positive integer, got ${vocab}.`);
    if (!Number.isInteger(a.outputDim) || (a.outputDim as number) <= 0) throw new ValueError(`Embedding: outputDim must be a positive integer, got ${a.outputDim}.`);
    // null (TF.js writes mask_zero: null) means the default.
    if (a.maskZero !== undefined && a.maskZero !== null && typeof a.maskZero !== 'boolean') throw new ValueError('Embedding: maskZero must be a boolean.');
    this.maskZero = a.maskZero ?? false;
    // Keras: supports_masking = mask_zero (an incoming mask passes on only then).
    this.supportsMasking = this.maskZero;
    this.inputDim = vocab as number;
    this.outputDim = a.outputDim as number;
    readWeightOptions(this, a, { embeddings: new RandomUniform(-0.05, 0.05) });
    this.activityRegularizer = resolveRegularizer(a.activityRegularizer);
  }

  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], this.embeddingsInitializer, weightOptions(this, 'embeddings'));
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec { return [...(inputShape as ShapeSpec), this.outputDim]; }

  /** Keras: `inputs != 0` with maskZero, else no mask. */
  override computeMask(inputs: Tensor | Tensor[], mask: Mask): Mask {
    void mask;
    return this.maskZero ? notEqual(inputs as Tensor, 0) : null;
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    const y = gatherAs(this.embeddings!, x.dtype === 'int32' ? x : cast(x, 'int32'), 0, `Embedding '${this.name}'`, true);
    addActivityLoss(this, this.activityRegularizer, y, x.shape[0]);
    return y;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      input_dim: this.inputDim,
      output_dim: this.outputDim,
      ...weightConfig(this, 'initializer', ['embeddings']),
      ...weightConfig(this, 'regularizer', ['embeddings', 'activity']),
      ...weightConfig(this, 'constraint', ['embeddings']),
      mask_zero: this.maskZero,
      quantization_config: null,
    };
  }
}

registerLayer(Embedding);
