// The layers namespace: `new layers.Dense(512, {activation: 'relu'})`.
export { Layer, SymbolicTensor, type LayerArgs, type ShapeSpec, type LayerConfig, type Mask, clearSession, getKerasMask } from './layer.js';
export { InputLayer, Input, Dense, Flatten, Reshape, Permute, RepeatVector, Dropout, Activation } from './core.js';
export { ReLU, LeakyReLU, ELU, Softmax } from './activation-layers.js';
export { Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate } from './merge.js';
export { registerLayer } from './layer.js';
export { Conv2D, Conv1D, type Conv2DArgs, type Conv1DArgs } from './conv.js';
export { MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D, type Pooling2DArgs, type Pooling1DArgs, type GlobalPoolingArgs } from './pooling.js';
export { BatchNormalization, LayerNormalization, type BatchNormalizationArgs, type LayerNormalizationArgs } from './normalization.js';
export { Embedding, type EmbeddingArgs } from './embedding.js';
export { Masking, type MaskingArgs } from './masking.js';
export { SimpleRNN, LSTM, GRU, type RNNArgs, type LSTMArgs, type GRUArgs } from './recurrent.js';
export { Bidirectional, TimeDistributed, type BidirectionalArgs, type TimeDistributedArgs, type MergeMode } from './wrappers.js';
export { ZeroPadding2D, Cropping2D, UpSampling2D, type ZeroPadding2DArgs, type Cropping2DArgs, type UpSampling2DArgs } from './reshaping.js';
export { GaussianNoise, SpatialDropout1D, type GaussianNoiseArgs, type SpatialDropout1DArgs } from './noise.js';
