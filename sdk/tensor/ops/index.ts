// All tensor ops, as functions (TF.js style: add(a, b), sum(x, axis, keepDims)).
export * from './creation.js';
export * from './elementwise.js';
export * from './reduce.js';
export * from './shape.js';
export * from './linalg.js';
export * from './nn.js';
export * from './conv.js';
export * from './stats.js';
