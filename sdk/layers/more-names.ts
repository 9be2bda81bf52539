// The class names layers/more.ts registers, for the page entry's registry (registerElsewhere in
// sdk/core.ts): without loading their code, neurasm/core knows them and says where they are.
// test/registry.test.js checks this list against the classes of more.ts.
export const MORE_LAYER_NAMES: readonly string[] = [
  'Conv2D', 'Conv1D',
  'MaxPooling2D', 'AveragePooling2D', 'MaxPooling1D', 'AveragePooling1D',
  'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D',
  'BatchNormalization', 'LayerNormalization', 'Embedding', 'Masking',
  'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'TimeDistributed',
  'ZeroPadding2D', 'Cropping2D', 'UpSampling2D', 'GaussianNoise', 'SpatialDropout1D',
];
