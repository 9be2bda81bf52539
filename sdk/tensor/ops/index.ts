// The tensor ops of the page entry, as functions (TF.js style: add(a, b), sum(x, axis, keepDims)).
// Convolution and pooling (conv.ts) are in the full entry, with the layers that use them.
export * from './creation.js';
export * from './elementwise.js';
export * from './reduce.js';
export * from './shape.js';
export * from './linalg.js';
export * from './nn.js';
export * from './stats.js';
