// Trains in a Web Worker with the same ES module the page could import directly.
import * as nm from '../../dist/neurasm-core.min.js'; // neurasm/core: what a page downloads to train and predict (the ≤ 80 KiB gzip budget)

const post = (m, transfer) => self.postMessage(m, transfer ?? []);
let mnistModel = null;

function streamCallbacks(steps) {
  let epoch = 0;
  return new nm.LambdaCallback({
    onEpochBegin: (e) => { epoch = e; },
    onBatchEnd: (batch, logs) => post({ type: 'batch', epoch, batch, steps, logs: { loss: logs.loss, accuracy: logs.accuracy ?? 0 } }),
  });
}

async function trainXor(epochs) {
  nm.setSeed(1);
  const x = nm.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = nm.tensor([[0], [1], [1], [0]]);
  const model = new nm.Sequential([
    new nm.layers.Dense(8, { activation: 'relu', inputDim: 2 }),
    new nm.layers.Dense(1, { activation: 'sigmoid' }),
  ], { name: 'xor' });
  model.compile({ optimizer: new nm.optimizers.Adam({ learningRate: 0.05 }), loss: 'mse', metrics: ['accuracy'] });
  post({ type: 'summary', text: model.summary({ printFn: null }) });
  await model.fit(x, y, { epochs: epochs * 100, batchSize: 4, verbose: 2, printFn: () => {}, callbacks: [streamCallbacks(1)] });
  const p = Array.from(model.predict(x).dataSync());
  post({ type: 'line', line: `predictions: ${p.map((v) => v.toFixed(3)).join(', ')}` });
  post({ type: 'done', task: 'xor', predictions: p, message: `XOR: ${p.map((v) => Math.round(v)).join(' ')}` });
}

async function loadSample() {
  const buf = new Uint8Array(await (await fetch(new URL('./data/mnist-sample.bin', import.meta.url))).arrayBuffer());
  const dv = new DataView(buf.buffer);
  const nTrain = dv.getUint32(4, true), nTest = dv.getUint32(8, true);
  let o = 12;
  const take = (n) => { const s = buf.subarray(o, o + n); o += n; return s; };
  const xTrain = take(nTrain * 784), xTest = take(nTest * 784), yTrain = take(nTrain), yTest = take(nTest);
  const images = (bytes, n) => nm.tensor(bytes, [n, 784]).cast('float32').div(255);
  const labels = (bytes, n) => nm.oneHot(nm.tensor(bytes, [n]).cast('int32'), 10);
  return { x: images(xTrain, nTrain), y: labels(yTrain, nTrain), xt: images(xTest, nTest), yt: labels(yTest, nTest), nTrain };
}

async function trainMnist(epochs) {
  nm.setSeed(0);
  const d = await loadSample();
  const model = new nm.Sequential([
    new nm.layers.Dense(128, { activation: 'relu', inputShape: [784] }),
    new nm.layers.Dense(10, { activation: 'softmax' }),
  ], { name: 'mnist_mlp' });
  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  post({ type: 'summary', text: model.summary({ printFn: null }) });
  const batchSize = 64;
  await model.fit(d.x, d.y, {
    epochs, batchSize, verbose: 1,
    printFn: (line) => post({ type: 'line', line }),
    callbacks: [streamCallbacks(Math.ceil(d.nTrain / batchSize))],
  });
  const [loss, acc] = await model.evaluate(d.xt, d.yt, { verbose: 0 });
  mnistModel = model;
  post({ type: 'line', line: `test_loss: ${loss.toFixed(4)} - test_acc: ${acc.toFixed(4)}` });
  post({ type: 'done', task: 'mnist', testAccuracy: acc, message: `MNIST: test accuracy ${(acc * 100).toFixed(1)}% on ${d.xt.shape[0]} held-out images` });
}

self.onmessage = async ({ data: m }) => {
  try {
    if (m.type === 'xor') await trainXor(m.epochs);
    else if (m.type === 'mnist') await trainMnist(m.epochs);
    else if (m.type === 'predict') {
      const probs = Array.from(mnistModel.predict(nm.tensor(m.pixels, [1, 784])).dataSync());
      post({ type: 'prediction', probs, digit: probs.indexOf(Math.max(...probs)) });
    }
  } catch (e) {
    post({ type: 'error', message: `${e.name}: ${e.message}` });
  }
};

post({ type: 'ready', backend: nm.getBackend().kernels });
