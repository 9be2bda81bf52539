// The layer families outside the page entry (neurasm/core keeps to what a dense model needs, for
// its download budget): convolution, pooling, normalization, embedding and masking, recurrent
// layers and their wrappers, 2-D padding and resizing, noise. The full entry exports them
// (all.ts); loadModel imports this module with the io module, so any saved model loads from
// either entry. Their names are listed in more-names.ts for the page entry's registry. The
// option names of everything only the full entry has (these families, the convolution ops, the
// callbacks that write files: generated) are added here, which the full entry always loads.
import { addOptionKeys } from '../options.js';
import { MORE_CLASS_OPTION_KEYS, MORE_INTERFACE_OPTION_KEYS } from '../generated/option-keys-more.js';
addOptionKeys(MORE_CLASS_OPTION_KEYS, MORE_INTERFACE_OPTION_KEYS);
export { Conv2D, Conv1D, type Conv2DArgs, type Conv1DArgs } from './conv.js';
export { MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D, type Pooling2DArgs, type Pooling1DArgs, type GlobalPoolingArgs } from './pooling.js';
export { BatchNormalization, LayerNormalization, type BatchNormalizationArgs, type LayerNormalizationArgs } from './normalization.js';
export { Embedding, type EmbeddingArgs } from './embedding.js';
export { Masking, type MaskingArgs } from './masking.js';
export { SimpleRNN, LSTM, GRU, type RNNArgs, type LSTMArgs, type GRUArgs } from './recurrent.js';
export { Bidirectional, TimeDistributed, type BidirectionalArgs, type TimeDistributedArgs, type MergeMode } from './wrappers.js';
export { ZeroPadding2D, Cropping2D, UpSampling2D, type ZeroPadding2DArgs, type Cropping2DArgs, type UpSampling2DArgs } from './reshaping.js';
export { GaussianNoise, SpatialDropout1D, type GaussianNoiseArgs, type SpatialDropout1DArgs } from './noise.js';
