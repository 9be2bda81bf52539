// IMDB, Reuters and Boston housing from the .npz files Keras uses, with keras.datasets'
// exact semantics (NumPy's seed-113 shuffle, start/oov characters, index_from, maxlen,
// num_words, skip_top, test_split). Sequences come back as plain arrays of word indices.
import { ValueError } from '../errors.js';
import { fromValues } from '../tensor/ops/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { isBrowser, readBytes, exists } from './files.js';
import { readNpz, type NpyArray } from './npz.js';
import { numpyShuffleIndices } from './numpy-random.js';

export type Sequences = number[][];
export type TextDataset = [[Sequences, Tensor], [Sequences, Tensor]];

/** Where to look for a Keras data file: the given path, Keras's own cache, the working directory. */
async function locate(file: string, path: string | undefined, loader: string): Promise<Uint8Array> {
  if (path) return readBytes(path);
  if (!isBrowser) {
    const g = globalThis as { process?: { env: Record<string, string | undefined>; cwd(): string }; Deno?: { env: { get(k: string): string | undefined }; cwd(): string } };
    const home = g.Deno ? g.Deno.env.get('HOME') : g.process?.env.HOME;
    const cwd = g.Deno ? g.Deno.cwd() : g.process?.cwd();
    for (const candidate of [home && `${home}/.keras/datasets/${file}`, cwd && `${cwd}/${file}`, cwd && `${cwd}/data/${file}`]) {
      if (candidate && (await exists(candidate))) return readBytes(candidate);
    }
  }
  throw new ValueError(`${loader}: ${file} was not found. It is the file keras.datasets downloads: put it in ~/.keras/datasets/${file} (where Keras keeps it), in the working directory, or pass {path: '/where/it/is/${file}'} (a URL in browsers).`);
}

const ints = (a: NpyArray): number[] => Array.from(a.data as ArrayLike<number>, Number);
const lists = (a: NpyArray, what: string): Sequences => {
  if (a.dtype !== 'object') throw new ValueError(`${what}: expected an object array of sequences, got dtype ${a.dtype}.`);
  return (a.data as unknown[]).map((s) => (Array.isArray(s) ? (s as number[]) : Array.from(s as ArrayLike<number>)));
};

export interface SequenceArgs {
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
    const z = readNpz(await locate('imdb.npz', args.path, 'imdb.loadData()'), 'imdb.npz');
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
  async getWordIndex(args: { path?: string } = {}): Promise<Record<string, number>> {
    return JSON.parse(new TextDecoder().decode(await locate('imdb_word_index.json', args.path, 'imdb.getWordIndex()')));
  },
};

export interface ReutersArgs extends SequenceArgs { testSplit?: number }

export const reuters = {
  /** keras.datasets.reuters.load_data: newswires as word-index lists, 46 topic labels. */
  async loadData(args: ReutersArgs = {}): Promise<TextDataset> {
    const z = readNpz(await locate('reuters.npz', args.path, 'reuters.loadData()'), 'reuters.npz');
    const xs0 = lists(z.x, 'reuters x'), ys0 = ints(z.y);
    const o = numpyShuffleIndices(xs0.length, args.seed ?? 113);
    const { xs, labels } = prepare(o.map((i) => xs0[i]), o.map((i) => ys0[i]), args, 'reuters.loadData()');
    const idx = Math.floor(xs.length * (1 - (args.testSplit ?? 0.2)));
    return [[xs.slice(0, idx), labelsTensor(labels.slice(0, idx))], [xs.slice(idx), labelsTensor(labels.slice(idx))]];
  },
  async getWordIndex(args: { path?: string } = {}): Promise<Record<string, number>> {
    return JSON.parse(new TextDecoder().decode(await locate('reuters_word_index.json', args.path, 'reuters.getWordIndex()')));
  },
};

export const bostonHousing = {
  /** keras.datasets.boston_housing.load_data: 13 features, median price; shuffled with seed 113, last testSplit held out. */
  async loadData(args: { path?: string; testSplit?: number; seed?: number } = {}): Promise<[[Tensor, Tensor], [Tensor, Tensor]]> {
    const z = readNpz(await locate('boston_housing.npz', args.path, 'bostonHousing.loadData()'), 'boston_housing.npz');
    const [n, d] = z.x.shape;
    const x = z.x.data as Float64Array, y = z.y.data as Float64Array;
    const o = numpyShuffleIndices(n, args.seed ?? 113);
    const split = Math.floor(n * (1 - (args.testSplit ?? 0.2)));
    const rows = (ids: number[]) => fromValues(ids.flatMap((i) => Array.from(x.subarray(i * d, (i + 1) * d))), [ids.length, d], 'float32');
    const vals = (ids: number[]) => fromValues(ids.map((i) => y[i]), [ids.length], 'float32');
    return [[rows(o.slice(0, split)), vals(o.slice(0, split))], [rows(o.slice(split)), vals(o.slice(split))]];
  },
};
