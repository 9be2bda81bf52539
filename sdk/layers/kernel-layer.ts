// The options Keras gives every layer with a kernel and a bias (Dense, Conv1D, Conv2D):
// activation, initializers, regularizers, constraints — resolved and serialized once here.
import type { Tensor, Shape } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import { getActivation, type ActivationFn, type ActivationIdentifier } from '../activations.js';
import { getInitializer, type Initializer, type InitializerIdentifier } from '../initializers.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import type { Constraint, ConstraintIdentifier } from '../constraints.js';
import { Layer, resolveConstraint, resolveRegularizer, type LayerArgs, type LayerConfig } from './layer.js';

export interface KernelArgs {
  activation?: ActivationIdentifier | null;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  activityRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

export abstract class KernelLayer extends Layer {
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly activityRegularizer: Regularizer | null;
  readonly kernelConstraint: Constraint | null;
  readonly biasConstraint: Constraint | null;
  kernel: Variable | null = null;
  bias: Variable | null = null;

  constructor(a: LayerArgs & KernelArgs) {
    super(a);
    this.activation = getActivation(a.activation ?? null);
    this.useBias = a.useBias ?? true;
    this.kernelInitializer = getInitializer(a.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = getInitializer(a.biasInitializer ?? 'zeros');
    this.kernelRegularizer = resolveRegularizer(a.kernelRegularizer);
    this.biasRegularizer = resolveRegularizer(a.biasRegularizer);
    this.activityRegularizer = resolveRegularizer(a.activityRegularizer);
    this.kernelConstraint = resolveConstraint(a.kernelConstraint);
    this.biasConstraint = resolveConstraint(a.biasConstraint);
  }

  /** Create 'kernel' (and 'bias' of `units` when useBias). */
  protected addKernelAndBias(kernelShape: Shape, units: number): void {
    this.kernel = this.addWeight('kernel', kernelShape, this.kernelInitializer, { regularizer: this.kernelRegularizer, constraint: this.kernelConstraint });
    if (this.useBias) this.bias = this.addWeight('bias', [units], this.biasInitializer, { regularizer: this.biasRegularizer, constraint: this.biasConstraint });
  }

  /** The activity-regularization penalty of an output, averaged over the batch as Keras does. */
  protected addActivityLoss(y: Tensor, batch: number): void {
    if (this.activityRegularizer) this.activityLosses.push(this.activityRegularizer.call(y).div(batch || 1));
  }

  /** Keras config keys from activation to bias_constraint, in Keras's order. */
  protected kernelConfig(): LayerConfig {
    return {
      activation: this.activation.name,
      use_bias: this.useBias,
      kernel_initializer: this.kernelInitializer.serialize(),
      bias_initializer: this.biasInitializer.serialize(),
      kernel_regularizer: this.kernelRegularizer?.serialize() ?? null,
      bias_regularizer: this.biasRegularizer?.serialize() ?? null,
      activity_regularizer: this.activityRegularizer?.serialize() ?? null,
      kernel_constraint: this.kernelConstraint?.serialize() ?? null,
      bias_constraint: this.biasConstraint?.serialize() ?? null,
    };
  }
}
