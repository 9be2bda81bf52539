// Registers the built-in layer classes for deserialization.
import { registerLayer, configToArgs } from './registry.js';
import { InputLayer, Dense, Flatten, Reshape, Permute, RepeatVector, Dropout, Activation } from './core.js';
import { ReLU, LeakyReLU, ELU, Softmax } from './activation-layers.js';
import { Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate } from './merge.js';

registerLayer(InputLayer, (c) => new InputLayer({ batchShape: (c.batch_shape ?? c.batch_input_shape) as (number | null)[], name: c.name as string, dtype: (configToArgs(c).dtype as 'float32') }));
for (const cls of [Dense, Flatten, Reshape, Permute, RepeatVector, Dropout, Activation, ReLU, LeakyReLU, ELU, Softmax, Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate]) {
  registerLayer(cls);
}
