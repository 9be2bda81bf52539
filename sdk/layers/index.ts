// The layers namespace of the page entry (neurasm/core): `new layers.Dense(512, {activation: 'relu'})`.
// The families a dense model is made of; the others are in more.ts, which the full entry adds
// (all.ts) and loadModel loads by itself (sdk/io/index.ts imports it).
export { Layer, SymbolicTensor, type LayerArgs, type ShapeSpec, type LayerConfig, type Mask, clearSession, getKerasMask } from './layer.js';
export { InputLayer, Input, Dense, Flatten, Reshape, Permute, RepeatVector, Dropout, Activation } from './core.js';
export { ReLU, LeakyReLU, ELU, Softmax } from './activation-layers.js';
export { Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate } from './merge.js';
export { registerLayer } from './layer.js';
