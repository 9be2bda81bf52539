// Seeded training runs in deterministic mode. Every runtime reports the SHA-256 of the final
// weights of each run; the runner (run-all.js) checks they are the same everywhere, bit for bit.
//   tape: a 2-layer MLP trained by a GradientTape loop with plain SGD (the eager path);
//   fit:  the same kind of model through Sequential.compile/fit (traced plans, optimizer kernels,
//         seeded initializers and shuffling), when the model API is present.
//   wide: a wider fit whose matrix products are large enough to be split over threads, run with
//         two threads where the runtime has shared memory: the hash must still be everyone's.
//   sparse: a fit on mostly-zero (multi-hot) inputs, whose first layer takes the sparse-input
//         kernels, also on two threads; sparseFed: the same data as a SparseTensor (each batch's
//         CSR fed straight to those kernels), whose hash is the sparse run's.
//   cnn:  a small CNN fit (a one-channel 3×3 conv on the direct small-patch kernels, max pooling
//         with recorded indices, a 3×3×8 conv through im2col + GEMM, average pooling), two threads.

/** @returns {Promise<{ runs: Record<string, { hash: string, loss: number }>, kernels: string, relaxed: boolean }>} */
export async function trainingHashes(nm) {
  const { deterministic: before, relaxedSimdSupported: relaxed } = nm.getBackend();
  nm.setBackendFlags({ deterministic: true });
  try {
    const runs = { tape: await tapeRun(nm) };
    if (typeof nm.Sequential === 'function') runs.fit = await fitRun(nm);
    if (typeof nm.setNumThreads === 'function') runs.wide = await wideRun(nm);
    if (typeof nm.setNumThreads === 'function' && typeof nm.Sequential === 'function') runs.sparse = await sparseRun(nm);
    if (runs.sparse && typeof nm.SparseTensor === 'function') runs.sparseFed = await sparseRun(nm, true);
    if (typeof nm.setNumThreads === 'function' && typeof nm.Sequential === 'function') runs.cnn = await cnnRun(nm);
    return { runs, kernels: nm.getBackend().kernels, relaxed };
  } finally {
    nm.setBackendFlags({ deterministic: before });
  }
}

// 64 points in 8-d, labelled (one-hot, 4 classes) by the argmax of a fixed random linear "teacher".
function data(nm) {
  const x = nm.randomNormal([64, 8], 0, 1, 'float32', 101);
  const teacher = nm.randomNormal([8, 4], 0, 1, 'float32', 102);
  const y = nm.oneHot(nm.argMax(nm.matMul(x, teacher), 1), 4);
  return { x, y };
}

async function tapeRun(nm) {
  const { x, y } = data(nm);
  const W1 = nm.variable(nm.randomNormal([8, 16], 0, 0.5, 'float32', 1));
  const b1 = nm.variable(nm.zeros([16]));
  const W2 = nm.variable(nm.randomNormal([16, 4], 0, 0.5, 'float32', 2));
  const b2 = nm.variable(nm.zeros([4]));
  const params = [W1, b1, W2, b2];
  const lr = 0.1;
  let loss = NaN;
  for (let step = 0; step < 40; step++) {
    nm.tidy(() => {
      const tape = new nm.GradientTape();
      const l = tape.record(() => {
        const h = nm.dense(x, W1, b1, 'relu');
        const logits = nm.dense(h, W2, b2);
        return nm.neg(nm.mean(nm.sum(nm.mul(y, nm.logSoftmax(logits)), 1)));
      });
      const grads = tape.gradient(l, params);
      params.forEach((p, i) => p.assignSub(nm.mul(grads[i], lr)));
      loss = l.item();
    });
  }
  return { hash: await sha256(params), loss };
}

async function fitRun(nm) {
  const { x, y } = data(nm);
  nm.setSeed(7);
  const model = new nm.Sequential([
    new nm.layers.Dense(16, { activation: 'relu', inputShape: [8] }),
    new nm.layers.Dense(4, { activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
  const history = await model.fit(x, y, { epochs: 4, batchSize: 16, verbose: 0 });
  return { hash: await sha256(model.getWeights()), loss: history.history.loss.at(-1) };
}

async function wideRun(nm) {
  const x = nm.randomNormal([256, 96], 0, 1, 'float32', 103);
  const y = nm.oneHot(nm.argMax(nm.matMul(x, nm.randomNormal([96, 10], 0, 1, 'float32', 104)), 1), 10);
  nm.setSeed(8);
  const model = new nm.Sequential([
    new nm.layers.Dense(200, { activation: 'relu', inputShape: [96] }),
    new nm.layers.Dense(10, { activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy' });
  await nm.setNumThreads(2);
  try {
    const history = await model.fit(x, y, { epochs: 2, batchSize: 128, verbose: 0 });
    return { hash: await sha256(model.getWeights()), loss: history.history.loss.at(-1), threads: nm.getNumThreads() };
  } finally {
    await nm.setNumThreads(1);
  }
}

async function sparseRun(nm, fed = false) {
  // 192 rows of 600 columns, 8 ones per row at seeded places: ≈ 1.3 % non-zero.
  const hot = new Float32Array(192 * 600);
  let s = 9;
  for (let i = 0; i < 192; i++) for (let j = 0; j < 8; j++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; hot[i * 600 + (s % 600)] = 1; }
  const x = nm.tensor(hot, [192, 600]);
  const y = nm.oneHot(nm.argMax(nm.matMul(x, nm.randomNormal([600, 3], 0, 1, 'float32', 105)), 1), 3);
  nm.setSeed(9);
  const model = new nm.Sequential([
    new nm.layers.Dense(64, { activation: 'relu', inputShape: [600] }),
    new nm.layers.Dense(3, { activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
  await nm.setNumThreads(2);
  try {
    const history = await model.fit(fed ? nm.SparseTensor.fromDense(x) : x, y, { epochs: 3, batchSize: 64, verbose: 0 });
    return { hash: await sha256(model.getWeights()), loss: history.history.loss.at(-1), threads: nm.getNumThreads() };
  } finally {
    await nm.setNumThreads(1);
  }
}

async function cnnRun(nm) {
  const x = nm.randomUniform([48, 12, 12, 1], 0, 1, 'float32', 106);
  const y = nm.oneHot(nm.tensor(Int32Array.from({ length: 48 }, (_, i) => (i * 5) % 6), [48], 'int32'), 6);
  nm.setSeed(10);
  const L = nm.layers;
  const model = new nm.Sequential([
    new L.Conv2D(8, 3, { activation: 'relu', inputShape: [12, 12, 1] }), new L.MaxPooling2D(2),
    new L.Conv2D(12, 3, { activation: 'relu', padding: 'same' }), new L.AveragePooling2D(2),
    new L.Flatten(), new L.Dense(6, { activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
  await nm.setNumThreads(2);
  try {
    const history = await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    return { hash: await sha256(model.getWeights()), loss: history.history.loss.at(-1), threads: nm.getNumThreads() };
  } finally {
    await nm.setNumThreads(1);
  }
}

// SHA-256 of the raw float32 bytes of the tensors, in order.
async function sha256(tensors) {
  const parts = tensors.map((t) => new Uint8Array(Float32Array.from(t.dataSync()).buffer));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) { all.set(p, off); off += p.length; }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
