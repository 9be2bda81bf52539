// Threads: large matrix products split over a worker pool by output columns give the same bits
// as one thread. Where the runtime has no shared memory (a browser page that is not
// cross-origin isolated), setNumThreads falls back to one thread and says so.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const bits = (t) => new Uint32Array(Float32Array.from(t.dataSync()).buffer);
// Every bit, but a NaN's sign and payload: WebAssembly leaves those to the engine, and V8's two
// compilers differ (silu(NaN) is +NaN in Liftoff and −NaN in TurboFan, on one thread too), so a
// worker whose code has not tiered up yet may give the other NaN.
const isNaNBits = (v) => (v & 0x7f800000) === 0x7f800000 && (v & 0x7fffff) !== 0;
const sameBits = (a, b, what) => {
  const x = bits(a), y = bits(b);
  assert.is(x.length, y.length, `${what}: length`);
  const i = x.findIndex((v, k) => v !== y[k] && !(isNaNBits(v) && isNaNBits(y[k])));
  assert.is(i, -1, `${what}: first difference at ${i}`);
};

test('setNumThreads rejects what is not a thread count, and changes nothing', () => {
  const before = nm.getNumThreads(); // 1, or more once a large product started the pool
  for (const bad of [0, -1, 1.5, NaN, 1000]) assert.throws(() => nm.setNumThreads(bad), (e) => e instanceof nm.ValueError && /setNumThreads/.test(e.message));
  assert.is(nm.getNumThreads(), before);
});

test('two threads: matMul in every transposition, batched, split by rows and by columns, and dense with bias + relu are bit-identical to one thread', async () => {
  const shapes = [
    ['A·B', [200, 300], [300, 136], false, false],
    ['Aᵀ·B', [300, 200], [300, 250], true, false],
    ['A·Bᵀ', [130, 257], [203, 257], false, true],
    ['Aᵀ·Bᵀ', [96, 64], [520, 96], true, true],
    ['batched', [3, 64, 128], [3, 128, 96], false, false],
    ['tall A·B, split by rows', [333, 300], [300, 40], false, false],
    ['tall Aᵀ·B, split by rows', [256, 300], [256, 100], true, false],
  ];
  const inputs = shapes.map(([name, sa, sb, ta, tb], i) => [name, nm.randomNormal(sa, 0, 1, 'float32', 10 + i), nm.randomNormal(sb, 0, 1, 'float32', 20 + i), ta, tb]);
  // Fading values, as a long recurrent backward pass makes: A's rows and B's columns scaled from
  // 1 down to 2⁻¹³⁹, so some blocks hold products below 2⁻¹²⁵ (which count as zero) and some do
  // not, and the chunks of a split see other blocks than one thread does.
  const fade = (shape, seed, along) => {
    const [R, Cc] = shape, scale = Float32Array.from({ length: R * Cc }, (_, q) => 2 ** -((along === 0 ? Math.floor(q / Cc) : q % Cc) % 140));
    return nm.mul(nm.randomNormal(shape, 0, 1, 'float32', seed), nm.tensor(scale, shape));
  };
  inputs.push(['fading, split by rows', fade([333, 300], 40, 0), fade([300, 40], 41, 1), false, false]);
  inputs.push(['fading, split by columns', fade([40, 300], 42, 0), fade([300, 333], 43, 1), false, false]);
  inputs.push(['fading Aᵀ·B', fade([300, 256], 44, 1), fade([300, 100], 45, 1), true, false]);
  const x = nm.randomNormal([128, 300], 0, 1, 'float32', 30);
  const w = nm.randomNormal([300, 172], 0, 1, 'float32', 31), b = nm.randomNormal([172], 0, 1, 'float32', 32);
  const one = inputs.map(([, a, bb, ta, tb]) => nm.matMul(a, bb, ta, tb));
  const oneDense = nm.dense(x, w, b, 'relu');

  const n = await nm.setNumThreads(2);
  try {
    if (!nm.threadsSupported()) {
      assert.is(n, 1, 'no shared memory here: one thread');
      assert.is(nm.getNumThreads(), 1);
    } else {
      assert.is(n, 2);
      assert.is(nm.getNumThreads(), 2);
    }
    inputs.forEach(([name, a, bb, ta, tb], i) => sameBits(nm.matMul(a, bb, ta, tb), one[i], name));
    sameBits(nm.dense(x, w, b, 'relu'), oneDense, 'dense + bias + relu');
    // The memory grows while the workers are alive: they must see the new pages.
    const big = nm.zeros([40, 1024, 1024]);
    const a2 = nm.add(inputs[0][1], big.slice([0, 0, 0], [1, 200, 300]).reshape([200, 300]));
    sameBits(nm.matMul(a2, inputs[0][2]), one[0], 'after memory growth');
  } finally {
    assert.is(await nm.setNumThreads(1), 1);
  }
  assert.is(nm.getNumThreads(), 1);
});

test('two threads: a seeded fit ends with the same weights as on one thread', async () => {
  const run = async (threads) => {
    await nm.setNumThreads(threads);
    try {
      nm.setSeed(5);
      const x = nm.randomNormal([256, 64], 0, 1, 'float32', 40);
      const y = nm.oneHot(nm.argMax(nm.matMul(x, nm.randomNormal([64, 5], 0, 1, 'float32', 41)), 1), 5);
      const model = new nm.Sequential([new nm.layers.Dense(256, { activation: 'relu', inputShape: [64] }), new nm.layers.Dense(5, { activation: 'softmax' })]);
      model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
      const h = await model.fit(x, y, { epochs: 2, batchSize: 128, verbose: 0 });
      return { weights: model.getWeights(), loss: h.history.loss };
    } finally {
      await nm.setNumThreads(1);
    }
  };
  const one = await run(1), two = await run(2);
  assert.equal(two.loss, one.loss);
  one.weights.forEach((w, i) => sameBits(two.weights[i], w, `weight ${i}`));
});

/** Runs fn with the pool made to split every product and elementwise kernel it can (no size threshold, no back-off). */
async function forcedSplit(fn) {
  const tuning = nm.internal.poolTuning, saved = { ...tuning };
  Object.assign(tuning, { minWork: 0, minWorkHot: 0, minFlops: 0, minFlopsHot: 0, adaptive: false });
  try { return await fn(); } finally { Object.assign(tuning, saved); }
}

test('two threads: optimizer updates split over the pool (every optimizer) give the weights of one thread, split or not', async () => {
  // 300×513 kernels (an odd size: the last range has a scalar tail).
  const run = async (threads, optimizer) => {
    await nm.setNumThreads(threads);
    try {
      nm.setSeed(6);
      const x = nm.randomNormal([128, 300], 0, 1, 'float32', 60);
      const y = nm.oneHot(nm.argMax(nm.matMul(x, nm.randomNormal([300, 4], 0, 1, 'float32', 61)), 1), 4);
      const model = new nm.Sequential([new nm.layers.Dense(513, { activation: 'relu', inputShape: [300] }), new nm.layers.Dense(4, { activation: 'softmax' })]);
      model.compile({ optimizer, loss: 'categorical_crossentropy' });
      const before = nm.internal.poolStats.elementwiseJobs;
      await model.fit(x, y, { epochs: 2, batchSize: 64, verbose: 0, shuffle: false });
      return { weights: model.getWeights(), split: nm.internal.poolStats.elementwiseJobs - before };
    } finally {
      await nm.setNumThreads(1);
    }
  };
  for (const opt of ['sgd', 'rmsprop', 'adam', 'adagrad', 'adadelta', 'adamax', 'nadam',
    () => new nm.optimizers.SGD({ momentum: 0.9, nesterov: true }), () => new nm.optimizers.RMSprop({ centered: true, momentum: 0.5 }),
    () => new nm.optimizers.Adam({ amsgrad: true, weightDecay: 0.01 })]) {
    const make = typeof opt === 'function' ? opt : () => opt;
    const what = typeof opt === 'string' ? opt : make().getConfig().name;
    const one = await run(1, make());
    const two = await run(2, make()); // the pool's own choice (it may back off on a busy machine)
    const split = await forcedSplit(() => run(2, make())); // every update split
    assert.is(one.split, 0);
    if (nm.threadsSupported()) assert.ok(split.split >= 4 * 2 * 2, `${what}: every update was split (${split.split} jobs)`);
    one.weights.forEach((w, i) => sameBits(two.weights[i], w, `${what} weight ${i}`));
    one.weights.forEach((w, i) => sameBits(split.weights[i], w, `${what} weight ${i} (split)`));
  }
});

test('two threads: activations and their gradients, unary math, binary arithmetic, clip and where split by element ranges give the bits of one thread', async () => {
  const n = 70_013; // odd: the last range ends in a scalar tail
  const raw = nm.randomNormal([n], 0, 2, 'float32', 70).dataSync();
  raw.set([NaN, -0, 0, Infinity, -Infinity, 1e-40, -3, 3, 6, 0.5], 100); // special values land in some range
  const x = nm.tensor(raw, [n]), pos = nm.abs(x), w = nm.randomNormal([n], 0, 1, 'float32', 71);
  const acts = ['relu', 'sigmoid', 'tanh', 'leaky_relu', 'elu', 'selu', 'softplus', 'softsign', 'silu', 'gelu', 'exponential',
    'hard_sigmoid', 'relu6', 'gelu_tanh', 'hard_silu', 'mish', 'log_sigmoid'];
  const unary = ['neg', 'abs', 'exp', 'log', 'sqrt', 'square', 'sign', 'reciprocal', 'sin', 'cos', 'log1p', 'expm1', 'floor', 'ceil',
    'round', 'rsqrt', 'erf', 'isNaN', 'tan'];
  const binary = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'equal', 'greater', 'less', 'greaterEqual', 'lessEqual',
    'notEqual', 'squaredDifference', 'atan2', 'mod'];
  const grad = (name) => {
    const v = nm.variable(x);
    const tape = new nm.GradientTape();
    const l = tape.record(() => nm.sum(nm.mul(nm.activation(v, name, 0.1), w)));
    return tape.gradient(l, [v])[0];
  };
  const cases = [
    ...acts.map((a) => [`${a}`, () => nm.activation(x, a, 0.1)]),
    ...acts.map((a) => [`${a} gradient`, () => grad(a)]),
    ...unary.map((u) => [u, () => nm[u](u === 'log' || u === 'sqrt' || u === 'rsqrt' ? pos : x)]),
    ...binary.flatMap((b) => [[`${b}`, () => nm[b](x, w)], [`${b} scalar right`, () => nm[b](x, 1.5)], [`${b} scalar left`, () => nm[b](-0.75, x)]]),
    ['clip', () => nm.clip(x, -1, 0.5)],
    ['where', () => nm.where(nm.greater(x, w), x, w)],
  ];
  const one = cases.map(([, f]) => f());
  const jobs = await forcedSplit(async () => {
    await nm.setNumThreads(2);
    try {
      const before = nm.internal.poolStats.elementwiseJobs;
      cases.forEach(([name, f], i) => sameBits(f(), one[i], name));
      return nm.internal.poolStats.elementwiseJobs - before;
    } finally {
      await nm.setNumThreads(1);
    }
  });
  if (nm.threadsSupported()) assert.ok(jobs >= cases.length, `every case was split (${jobs} jobs for ${cases.length} cases)`);
});

test('two threads: pooling (forward, argmax routing, average; windows that overlap and that do not), im2col and col2im split by samples give the bits of one thread', async () => {
  const x0 = nm.randomNormal([7, 13, 11, 5], 0, 1, 'float32', 80); // 7 samples: chunks of uneven size
  const dyOf = (y) => nm.randomNormal(y.shape, 0, 1, 'float32', 81);
  /** y and dL/dx through a tape, for L = sum(y · fixed random weights). */
  const withGrad = (f) => {
    const v = nm.variable(x0);
    const tape = new nm.GradientTape();
    let y;
    const l = tape.record(() => { y = nm.keep(f(v)); return nm.sum(nm.mul(y, dyOf(y))); });
    return [y, tape.gradient(l, [v])[0]];
  };
  const k3 = nm.randomNormal([3, 3, 5, 8], 0, 0.3, 'float32', 82); // K = 45 > the direct kernels' 32: im2col + GEMM
  const cases = [
    ['max pool 2×2', (v) => nm.maxPool2d(v, [2, 2])],
    ['max pool 3×3 stride 2 same (overlapping)', (v) => nm.maxPool2d(v, [3, 3], [2, 2], 'same')],
    ['average pool 2×2 same', (v) => nm.avgPool2d(v, [2, 2], null, 'same')],
    ['average pool 3×3 stride 1 (overlapping)', (v) => nm.avgPool2d(v, [3, 3], [1, 1])],
    ['conv 3×3 (im2col, col2im)', (v) => nm.conv2d(v, k3, { padding: 'same' })],
    ['conv 3×3 stride 2 dilation 1', (v) => nm.conv2d(v, k3, { strides: [2, 2] })],
  ];
  const one = cases.map(([, f]) => withGrad(f));
  const plain = cases.map(([, f]) => f(x0)); // inference: max pooling without indices
  const jobs = await forcedSplit(async () => {
    await nm.setNumThreads(2);
    try {
      const before = nm.internal.poolStats.sampleJobs;
      cases.forEach(([name, f], i) => {
        const [y, dx] = withGrad(f);
        sameBits(y, one[i][0], `${name}: output`);
        sameBits(dx, one[i][1], `${name}: gradient`);
        sameBits(f(x0), plain[i], `${name}: inference`);
      });
      return nm.internal.poolStats.sampleJobs - before;
    } finally {
      await nm.setNumThreads(1);
    }
  });
  if (nm.threadsSupported()) assert.ok(jobs >= 2 * cases.length, `every case was split (${jobs} jobs for ${cases.length} cases)`);
});

test('two threads: sparse-input products (the forward and the weight gradient, rows of very uneven non-zeros) split by rows give one thread\'s bits', async () => {
  // MNIST-like rows: 300 columns, a band in the middle non-zero at ≈ 40 %, the borders always zero.
  const M = 256, Kd = 300, raw = new Float32Array(M * Kd);
  let s = 5;
  for (let i = 0; i < M; i++) for (let k = 90; k < 210; k++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; if (s % 5 < 2) raw[i * Kd + k] = (s % 97) / 97; }
  const x = nm.tensor(raw, [M, Kd]);
  const y = nm.oneHot(nm.argMax(nm.matMul(x, nm.randomNormal([Kd, 6], 0, 1, 'float32', 90)), 1), 6);
  const run = async (threads) => {
    await nm.setNumThreads(threads);
    try {
      nm.setSeed(13);
      const model = new nm.Sequential([new nm.layers.Dense(130, { activation: 'relu', inputShape: [Kd] }), new nm.layers.Dense(6, { activation: 'softmax' })]);
      model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
      const jobs = nm.internal.poolStats.sparseJobs, sparse = nm.internal.sparseStats.sparse;
      await model.fit(x, y, { epochs: 2, batchSize: 128, verbose: 0, shuffle: false });
      const eager = nm.dense(x, model.layers[0].getWeights()[0], model.layers[0].getWeights()[1], 'relu');
      return { weights: [...model.getWeights(), eager], jobs: nm.internal.poolStats.sparseJobs - jobs, sparse: nm.internal.sparseStats.sparse - sparse };
    } finally {
      await nm.setNumThreads(1);
    }
  };
  const prev = nm.internal.setSparseInputMode('on');
  try {
    const one = await run(1);
    assert.ok(one.sparse >= 2 * 2 * 2, 'the sparse kernels ran');
    const two = await run(2), split = await forcedSplit(() => run(2)), split3 = await forcedSplit(() => run(3));
    if (nm.threadsSupported()) assert.ok(split.jobs >= 2 * 2 * 2, `sparse products were split (${split.jobs} jobs)`);
    one.weights.forEach((w, i) => sameBits(two.weights[i], w, `weight ${i}`));
    one.weights.forEach((w, i) => sameBits(split.weights[i], w, `weight ${i} (split)`));
    one.weights.forEach((w, i) => sameBits(split3.weights[i], w, `weight ${i} (3 threads, split)`));
  } finally {
    nm.internal.setSparseInputMode(prev);
  }
});

test('deterministic mode: a fit on 1, 2 and 3 threads (the pool\'s choices, and everything split) ends with the same bits', async () => {
  const before = nm.getBackend().deterministic;
  nm.setBackendFlags({ deterministic: true });
  const run = async (threads) => {
    await nm.setNumThreads(threads);
    try {
      nm.setSeed(12);
      const x = nm.randomNormal([256, 96], 0, 1, 'float32', 80);
      const y = nm.oneHot(nm.argMax(nm.matMul(x, nm.randomNormal([96, 10], 0, 1, 'float32', 81)), 1), 10);
      const model = new nm.Sequential([
        new nm.layers.Dense(200, { activation: 'relu', inputShape: [96] }), new nm.layers.Dense(768),
        new nm.layers.Activation('gelu'), new nm.layers.Dense(10, { activation: 'softmax' }),
      ]);
      model.compile({ optimizer: 'nadam', loss: 'categorical_crossentropy' });
      await model.fit(x, y, { epochs: 2, batchSize: 128, verbose: 0 });
      return model.getWeights();
    } finally {
      await nm.setNumThreads(1);
    }
  };
  try {
    const one = await run(1);
    for (const [what, w] of [['2 threads', await run(2)], ['3 threads', await run(3)],
      ['2 threads, all split', await forcedSplit(() => run(2))], ['3 threads, all split', await forcedSplit(() => run(3))]]) {
      one.forEach((t, i) => sameBits(w[i], t, `${what}: weight ${i}`));
    }
  } finally {
    nm.setBackendFlags({ deterministic: before });
  }
});

test.run();
