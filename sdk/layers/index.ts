// The layers namespace: `new layers.Dense(512, {activation: 'relu'})`.
export { Layer, SymbolicTensor, type LayerArgs, type ShapeSpec, type LayerConfig, clearSession } from './layer.js';
export { InputLayer, Input, Dense, Flatten, Reshape, Permute, RepeatVector, Dropout, Activation } from './core.js';
export { ReLU, LeakyReLU, ELU, Softmax } from './activation-layers.js';
export { Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate } from './merge.js';
export { registerLayer } from './registry.js';
