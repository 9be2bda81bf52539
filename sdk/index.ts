// neurasm: the public surface — neurasm/core (sdk/core.ts: tensors, layers, models, losses,
// metrics, optimizers, callbacks, saving and loading) and the extras a program uses around
// training: data preprocessing, the data sets, evaluation reports and plots. The bundle shares the core's chunks between both entries, so a page that
// imports neurasm/core and later this entry downloads the core once (ARCHITECTURE.md "Bundle").
export * from './core.js';
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
