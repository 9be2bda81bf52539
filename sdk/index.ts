// neurasm: the public surface — neurasm/core (sdk/core.ts: tensors, dense-model layers, models,
// losses, metrics, optimizers, callbacks that steer training, saving and loading) and the rest:
// every other layer family (convolution, recurrent, …) with the convolution ops, the callbacks
// that write files (CSVLogger, ModelCheckpoint, TensorBoard), data preprocessing, the data sets,
// evaluation reports and plots. The bundle shares the core's chunks between both entries, so a
// page that imports neurasm/core and later this entry downloads the core once (ARCHITECTURE.md
// "Bundle").
export * from './core.js';
// The core's internals (for the SDK's tests), the recurrent layers' partition op and their cells.
import { internal as coreInternal } from './core.js';
import { partition } from './tensor/ops/partition.js';
import { gruCell, lstmCell } from './tensor/ops/cells.js';
import { recurrentCells } from './layers/recurrent.js';
/** @internal */
export const internal = { ...coreInternal, partition, lstmCell, gruCell, recurrentCells };
// Every layer family: the core's and layers/more.ts (this name takes the place of the core's).
export * as layers from './layers/all.js';
export * from './tensor/ops/conv.js';
// The callbacks that write files (in this entry's callbacks namespace), and TensorBoard's
// writer, as tf.summary (the sinks a browser passes to its callback).
export * as callbacks from './callbacks-full.js';
export { CSVLogger, ModelCheckpoint } from './callbacks-writers.js';
export { TensorBoard } from './tensorboard/callback.js';
export * as summary from './tensorboard/index.js';
// Keras's serialize_keras_object; registry.deserialize is its inverse.
export { serialize } from './serialization.js';
export * as datasets from './data/datasets.js';
export { getFile, type GetFileOptions } from './data/datasets.js';
export * as utils from './data/preprocessing.js';
export {
  toCategorical, normalize, padSequences, vectorizeSequences, shuffle, trainTestSplit, kFold, smoothCurve,
  StandardScaler, MinMaxScaler, RobustScaler, parseCsv, loadCsv,
} from './data/preprocessing.js';
export * as plot from './plot/index.js';
export { plotHistory, plotModel, imageGrid, plotConfusionMatrix, saveSvg, saveFigure, svgToPng, type PlotModelArgs, type PngOptions } from './plot/index.js';
export { confusionMatrix, classificationReport, precisionScore, recallScore, f1Score, type ClassificationReport } from './evaluation.js';
