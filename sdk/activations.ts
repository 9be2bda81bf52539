// Keras's activations: each name registered (sdk/registry.ts) as a tensor function with the kernel
// code that Dense and Conv fuse into their matrix product; getActivation also takes user functions.
import { get, register } from './registry.js';
import type { Tensor } from './tensor/tensor.js';
import type { ActName } from './generated/kernels.js';
import { activation as act, softmax } from './tensor/ops/nn.js';

export interface ActivationFn { name: string; apply(x: Tensor): Tensor; fusedName?: ActName }

const NAMES: Record<string, ActName> = {
  linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', elu: 'elu', selu: 'selu', softplus: 'softplus',
  softsign: 'softsign', swish: 'silu', silu: 'silu', gelu: 'gelu', exponential: 'exponential', hard_sigmoid: 'hard_sigmoid',
  relu6: 'relu6', leaky_relu: 'leaky_relu', mish: 'mish', log_sigmoid: 'log_sigmoid', hard_silu: 'hard_silu',
} satisfies Record<Exclude<ActivationName, 'softmax'>, ActName>;

/** The Keras activation names. */
export type ActivationName =
  | 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'elu' | 'selu' | 'softplus' | 'softsign' | 'swish' | 'silu' | 'gelu'
  | 'exponential' | 'hard_sigmoid' | 'relu6' | 'leaky_relu' | 'mish' | 'log_sigmoid' | 'hard_silu';
/** An activation: a Keras name (any other string is looked up at run time) or a function of a tensor. */
export type ActivationIdentifier = ActivationName | (string & {}) | ((x: Tensor) => Tensor);

export function getActivation(id: ActivationIdentifier | null | undefined): ActivationFn {
  if (typeof id === 'function') return { name: id.name || 'custom', apply: id };
  return get<ActivationFn>('activation', id ?? 'linear');
}

for (const [name, k] of Object.entries(NAMES)) {
  register('activation', name, () => ({ name, apply: (x: Tensor) => act(x, k, k === 'leaky_relu' ? 0.2 : k === 'elu' ? 1 : 0), fusedName: k }));
}
register('activation', 'softmax', () => ({ name: 'softmax', apply: (x: Tensor) => softmax(x) }));
