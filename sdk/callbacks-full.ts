// The full entry's callbacks namespace: the standard callbacks (callbacks.ts) and the ones that
// write files, which the page entry (neurasm/core) leaves out: CSVLogger, ModelCheckpoint
// (callbacks-writers.ts) and TensorBoard (tensorboard/: the callback and its event writer).
export * from './callbacks.js';
export * from './callbacks-writers.js';
export { TensorBoard, type TensorBoardArgs } from './tensorboard/callback.js';
