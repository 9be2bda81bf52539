export * from './tensor.js';
export * from './ops/index.js';
export { Variable, variable, type VariableOptions } from './variable.js';
export { GradientTape, grad, grads, valueAndGrad, valueAndGrads, backprop, type GradientTapeOptions } from './tape.js';
export { setSeed } from './random.js';
