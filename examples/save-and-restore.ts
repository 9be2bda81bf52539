// The seed's save-and-restore: train an MNIST softmax classifier, save it to
// softmax_mnist_model.keras and .h5, load it in a NEW process, evaluate the same accuracy,
// and continue training from the restored optimizer state.
import * as nm from '../dist/neurasm.js';
import { args, quick } from './common.ts';

const outDir = new URL('./out/', import.meta.url).pathname;
const { mkdirSync } = await import('node:fs');
mkdirSync(outDir, { recursive: true });
const kerasPath = `${outDir}softmax_mnist_model.keras`, h5Path = `${outDir}softmax_mnist_model.h5`;

const [[xTrain, yTrain], [xTest, yTest]] = await nm.datasets.mnist.loadData();
const n = quick ? 6000 : 60000;
const x = xTrain.slice(`:${n}`).reshape([n, 784]).cast('float32').div(255), y = nm.toCategorical(yTrain.slice(`:${n}`));
const xt = xTest.reshape([10000, 784]).cast('float32').div(255), yt = nm.toCategorical(yTest);

if (args.includes('--restore')) {
  // The second process: load, evaluate, continue.
  for (const path of [kerasPath, h5Path]) {
    const model = await nm.loadModel(path);
    const { accuracy: acc } = await model.evaluate(xt, yt, { verbose: 0, returnDict: true });
    console.log(`restored ${path.split('/').pop()}: test accuracy ${acc.toFixed(4)}, optimizer at step ${model.optimizer!.iterations}`);
  }
  const model = await nm.loadModel(kerasPath);
  const h = await model.fit(x, y, { epochs: 1, batchSize: 100, verbose: 0 });
  const { accuracy: acc } = await model.evaluate(xt, yt, { verbose: 0, returnDict: true });
  console.log(`continued training: loss ${h.history.loss[0].toFixed(4)}, test accuracy ${acc.toFixed(4)}`);
} else {
  nm.setSeed(1);
  const model = new nm.Sequential([new nm.layers.Dense(10, { activation: 'softmax', inputShape: [784] })], { name: 'softmax_mnist' });
  model.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 0.5 }), loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  await model.fit(x, y, { epochs: quick ? 1 : 5, batchSize: 100, verbose: 2 });
  const { accuracy: acc } = await model.evaluate(xt, yt, { verbose: 0, returnDict: true });
  console.log(`trained: test accuracy ${acc.toFixed(4)}`);
  await model.save(kerasPath);
  await model.save(h5Path);
  console.log(`saved ${kerasPath} and ${h5Path}; now restoring in a new process…`);
  const g = globalThis as unknown as { Deno?: { execPath(): string; Command: new (c: string, o: { args: string[] }) => { outputSync(): { stdout: Uint8Array } } }; process: { execPath: string; execArgv: string[]; argv: string[] } };
  const self = new URL(import.meta.url).pathname;
  const extra = ['--restore', ...(quick ? ['--quick'] : [])];
  if (g.Deno) {
    const out = new g.Deno.Command(g.Deno.execPath(), { args: ['run', '-A', self, ...extra] }).outputSync();
    console.log(new TextDecoder().decode(out.stdout).trim());
  } else {
    const { execFileSync } = await import('node:child_process');
    const bun = typeof (globalThis as { Bun?: unknown }).Bun !== 'undefined';
    const argv = bun ? [self, ...extra] : [...g.process.execArgv, self, ...extra];
    console.log(execFileSync(g.process.execPath, argv, { encoding: 'utf8' }).trim());
  }
}
