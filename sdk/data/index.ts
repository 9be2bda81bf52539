// Data: datasets, preprocessing, CSV.
export { mnist, fashionMnist, parseIdx, FASHION_MNIST_CLASSES, type Dataset, type LoadArgs } from './datasets.js';
export {
  toCategorical, normalize, padSequences, vectorizeSequences, takeRows, shuffle, trainTestSplit, kFold, smoothCurve,
  StandardScaler, MinMaxScaler, RobustScaler, parseCsv, loadCsv, type PadArgs, type SplitArgs, type Fold, type CsvArgs,
} from './preprocessing.js';
