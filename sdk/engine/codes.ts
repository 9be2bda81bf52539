// Integer codes shared with the kernels (assembly/activations.ts, elementwise.ts, reduce.ts).

export const ACT = {
  linear: 0, relu: 1, sigmoid: 2, tanh: 3, leaky_relu: 5, elu: 6, selu: 7, softplus: 8,
  softsign: 9, silu: 10, gelu: 11, exponential: 12, hard_sigmoid: 13, relu6: 14,
  gelu_tanh: 15, hard_silu: 16, mish: 17, log_sigmoid: 18,
} as const;
export type ActName = keyof typeof ACT;

export const UNARY = {
  neg: 0, abs: 1, exp: 2, log: 3, sqrt: 4, square: 5, sign: 6, reciprocal: 7, sin: 8, cos: 9,
  log1p: 10, expm1: 11, floor: 12, ceil: 13, round: 14, rsqrt: 15, erf: 16, isnan: 17,
} as const;
export type UnaryName = keyof typeof UNARY;

export const BINARY = {
  add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6, equal: 7, greater: 8,
  less: 9, greaterEqual: 10, lessEqual: 11, notEqual: 12, squaredDifference: 13, atan2: 14, mod: 15,
} as const;
export type BinaryName = keyof typeof BINARY;

export const REDUCE = { sum: 0, max: 1, min: 2, prod: 3 } as const;
export type ReduceName = keyof typeof REDUCE;

// Storage type codes for the cast kernel.
export const STORAGE = { float32: 0, int32: 1, uint8: 2, bool: 3 } as const;
