// The options Keras gives every layer with a kernel and a bias (Dense, Conv1D, Conv2D):
// activation, initializers, regularizers, constraints — resolved and serialized once here.
import type { Shape } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import { getActivation, type ActivationFn, type ActivationIdentifier } from '../activations.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import { Layer, type LayerArgs, type LayerConfig } from './layer.js';
import { readWeightOptions, resolveRegularizer, weightConfig, weightOptions, type WeightArgs, type WeightFields } from './weight-options.js';

export interface KernelArgs extends WeightArgs<'kernel' | 'bias'> {
  activation?: ActivationIdentifier | null;
  useBias?: boolean;
  activityRegularizer?: RegularizerIdentifier | null;
}

/** kernelInitializer, kernelRegularizer, kernelConstraint and the bias's three (readWeightOptions sets them). */
export interface KernelLayer extends WeightFields<'kernel' | 'bias'> {}
export abstract class KernelLayer extends Layer {
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly activityRegularizer: Regularizer | null;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(a: LayerArgs & KernelArgs) {
    super(a);
    this.activation = getActivation(a.activation ?? null);
    this.useBias = a.useBias ?? true;
    readWeightOptions(this, a, { kernel: 'glorot_uniform', bias: 'zeros' });
    this.activityRegularizer = resolveRegularizer(a.activityRegularizer);
  }

  /** Create 'kernel' (and 'bias' of `units` when useBias). */
  protected addKernelAndBias(kernelShape: Shape, units: number): void {
    this.kernel = this.addWeight('kernel', kernelShape, this.kernelInitializer, weightOptions(this, 'kernel'));
    if (this.useBias) this.bias = this.addWeight('bias', [units], this.biasInitializer, weightOptions(this, 'bias'));
  }

  /** Keras config keys from activation to bias_constraint, in Keras's order. */
  protected kernelConfig(): LayerConfig {
    return {
      activation: this.activation.name,
      use_bias: this.useBias,
      ...weightConfig(this, 'initializer', ['kernel', 'bias']),
      ...weightConfig(this, 'regularizer', ['kernel', 'bias', 'activity']),
      ...weightConfig(this, 'constraint', ['kernel', 'bias']),
    };
  }
}
