// Registers the built-in layer classes for deserialization.
import { registerLayer, configToArgs } from './registry.js';
import { InputLayer, Dense, Flatten, Reshape, Permute, RepeatVector, Dropout, Activation } from './core.js';
import { ReLU, LeakyReLU, ELU, Softmax } from './activation-layers.js';
import { Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate } from './merge.js';

registerLayer(InputLayer, (c) => new InputLayer({ batchShape: (c.batch_shape ?? c.batch_input_shape) as (number | null)[], name: c.name as string, dtype: (configToArgs(c).dtype as 'float32'), sparse: c.sparse === true }));
for (const cls of [Dense, Flatten, Reshape, Permute, RepeatVector, Dropout, Activation, ReLU, LeakyReLU, ELU, Softmax, Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate]) {
  registerLayer(cls);
}

// Convolution, pooling, normalization, embedding, recurrent layers and wrappers.
import { Conv2D, Conv1D } from './conv.js';
import { MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D } from './pooling.js';
import { BatchNormalization, LayerNormalization } from './normalization.js';
import { Embedding } from './embedding.js';
import { SimpleRNN, LSTM, GRU } from './recurrent.js';
import { Bidirectional, TimeDistributed } from './wrappers.js';
import { ZeroPadding2D, Cropping2D, UpSampling2D } from './reshaping.js';
const convAndPooling = [Conv2D, Conv1D, MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D];
const others = [BatchNormalization, LayerNormalization, Embedding, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, ZeroPadding2D, Cropping2D, UpSampling2D];
for (const cls of [...convAndPooling, ...others]) registerLayer(cls);
