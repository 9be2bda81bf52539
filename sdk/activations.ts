// Activation lookup: Keras's names (and user functions) → a tensor function, with the kernel code that Dense and Conv fuse into their matrix product.
import { identifierString, own } from './options.js';
import { UnknownIdentifierError } from './errors.js';
import type { Tensor } from './tensor/tensor.js';
import type { ActName } from './generated/kernels.js';
import { activation as act, softmax } from './tensor/ops/nn.js';

export interface ActivationFn { name: string; apply(x: Tensor): Tensor; fusedName?: ActName }

const NAMES: Record<string, ActName> = {
  linear: 'linear', relu: 'relu', sigmoid: 'sigmoid', tanh: 'tanh', elu: 'elu', selu: 'selu', softplus: 'softplus',
  softsign: 'softsign', swish: 'silu', silu: 'silu', gelu: 'gelu', exponential: 'exponential', hard_sigmoid: 'hard_sigmoid',
  relu6: 'relu6', leaky_relu: 'leaky_relu', mish: 'mish', log_sigmoid: 'log_sigmoid', hard_silu: 'hard_silu',
};

export function getActivation(id: string | null | undefined | ((x: Tensor) => Tensor)): ActivationFn {
  if (typeof id === 'function') return { name: id.name || 'custom', apply: id };
  const name = identifierString('an activation', id ?? 'linear').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  if (name === 'softmax') return { name, apply: (x) => softmax(x) };
  const k = own(NAMES, name);
  if (!k) throw new UnknownIdentifierError('activation', String(id), [...Object.keys(NAMES), 'softmax']);
  return { name, apply: (x) => act(x, k, k === 'leaky_relu' ? 0.2 : k === 'elu' ? 1 : 0), fusedName: k };
}
