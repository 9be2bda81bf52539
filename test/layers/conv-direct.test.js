// The direct small-patch convolution (K = KH·KW·C ≤ 32, filters a multiple of 8): forward and
// gradients are the same bits as the im2col + dense GEMM path it replaces (both kernel
// artifacts), agree with central differences, and a seeded CNN fit gives the same weights on one
// and two threads. Also the pooling inference path (no argmax indices) and odd pooling shapes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng, gradCheck, maxDiff } from '../helpers/gradcheck.js';

const bits = (t) => new Uint32Array(Float32Array.from(t.dataSync()).buffer);
const sameBits = (a, b, what) => {
  const x = bits(a), y = bits(b);
  assert.is(x.length, y.length, `${what}: length`);
  const i = x.findIndex((v, k) => v !== y[k]);
  assert.is(i, -1, `${what}: first difference at ${i} (${a.dataSync()[i]} vs ${b.dataSync()[i]})`);
};

function axis(n, k, s, d, padding) {
  const eff = (k - 1) * d + 1;
  if (padding === 'valid') return [Math.floor((n - eff) / s) + 1, 0];
  const o = Math.ceil(n / s);
  return [o, Math.floor(Math.max((o - 1) * s + eff - n, 0) / 2)];
}

function geometry([N, H, W, C], [KH, KW], s, d, padding) {
  const [OH, PT] = axis(H, KH, s[0], d[0], padding), [OW, PL] = axis(W, KW, s[1], d[1], padding);
  return { N, H, W, C, KH, KW, SH: s[0], SW: s[1], DH: d[0], DW: d[1], PT, PL, OH, OW };
}

// [input shape, kernel, strides, dilation, padding, filters, activation, bias]
const CASES = [
  [[2, 9, 8, 1], [3, 3], [1, 1], [1, 1], 'valid', 32, 'relu', true],
  [[1, 7, 7, 1], [3, 3], [1, 1], [1, 1], 'same', 8, 'linear', true],
  [[3, 12, 12, 1], [3, 3], [1, 1], [1, 1], 'valid', 40, 'relu', true], // 300 pixels: two weight-gradient blocks; 32 + 8 filters
  [[2, 6, 7, 3], [3, 3], [2, 1], [1, 1], 'same', 24, 'sigmoid', true],
  [[1, 8, 8, 3], [2, 2], [2, 2], [1, 1], 'valid', 8, 'linear', false],
  [[1, 8, 8, 3], [2, 2], [2, 2], [1, 1], 'valid', 12, 'relu', true], // 12 filters: the GEMM path
  [[2, 9, 9, 1], [3, 3], [1, 1], [2, 2], 'same', 64, 'tanh', true],
  [[2, 10, 9, 1], [5, 5], [1, 1], [1, 1], 'same', 16, 'relu', false], // K = 25, windows wider than the edge
  [[2, 5, 6, 17], [1, 1], [1, 1], [1, 1], 'valid', 8, 'elu', true], // K = 17 channels, no window row
  [[1, 7, 5, 2], [3, 2], [3, 2], [1, 1], 'same', 48, 'relu', true], // strides larger than the kernel
];

// fixedX: x is a constant (a model input): no input gradient, so relu/linear convs take the fused
// weight-and-bias gradient that masks dy block by block.
function runBoth(c, seed, fixedX = false) {
  const [shape, k, s, d, padding, F, act, hasBias] = c;
  const r = rng(seed);
  const C = shape[3], Kd = k[0] * k[1] * C;
  const xt = nm.tensor(r(shape.reduce((a, b) => a * b)), shape), x = fixedX ? xt : nm.variable(xt);
  const w = nm.variable(nm.tensor(r(Kd * F), [...k, C, F]));
  const b = hasBias ? nm.variable(nm.tensor(r(F), [F])) : null;
  const g = geometry(shape, k, s, d, padding);
  const dy = nm.tensor(r(g.N * g.OH * g.OW * F, -2, 2), [g.N, g.OH, g.OW, F]);
  const direct = () => nm.conv2d(x, w, { strides: s, dilation: d, padding, bias: b, activation: act });
  const viaGemm = () => nm.reshape(nm.dense(nm.im2col(x, g), nm.reshape(w, [Kd, F]), b, act), [g.N, g.OH, g.OW, F]);
  const sources = [...(fixedX ? [] : [x]), w, ...(hasBias ? [b] : [])];
  const withGrads = (f) => {
    const tape = new nm.GradientTape();
    const [loss, y] = tape.record(() => { const out = f(); return [nm.sum(nm.mul(out, dy)), out]; });
    return [y, ...tape.gradient(loss, sources)];
  };
  return { one: withGrads(direct), ref: withGrads(viaGemm), direct, sources };
}

test('direct conv2d: forward, input, kernel and bias gradients are the bits of im2col + GEMM (both artifacts)', () => {
  for (const deterministic of [false, true]) {
    nm.setBackendFlags({ deterministic });
    try {
      for (const fixedX of [false, true]) {
        CASES.forEach((c, i) => {
          const { one, ref } = runBoth(c, 100 + i, fixedX);
          const what = `${JSON.stringify(c)} deterministic=${deterministic} fixedX=${fixedX}`;
          ['y', ...(fixedX ? [] : ['dx']), 'dkernel', 'dbias'].slice(0, one.length).forEach((name, j) => sameBits(one[j], ref[j], `${name} ${what}`));
        });
      }
    } finally {
      nm.setBackendFlags({ deterministic: false });
    }
  }
});

test('direct conv2d agrees with a naive float64 loop and with central differences', () => {
  const [shape, k, s, d, padding, F] = [[2, 7, 6, 1], [3, 3], [2, 1], [1, 1], 'same', 8];
  const r = rng(7);
  const xv = r(2 * 7 * 6), kv = r(9 * F), bv = r(F);
  const y = nm.conv2d(nm.tensor(xv, shape), nm.tensor(kv, [3, 3, 1, F]), { strides: s, padding, bias: nm.tensor(bv, [F]) }).dataSync();
  const g = geometry(shape, k, s, d, padding);
  const ref = new Float64Array(y.length);
  for (let n = 0; n < 2; n++) for (let oh = 0; oh < g.OH; oh++) for (let ow = 0; ow < g.OW; ow++) for (let f = 0; f < F; f++) {
    let acc = bv[f];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      const ih = oh * g.SH - g.PT + i, iw = ow * g.SW - g.PL + j;
      if (ih >= 0 && ih < 7 && iw >= 0 && iw < 6) acc += xv[(n * 7 + ih) * 6 + iw] * kv[(i * 3 + j) * F + f];
    }
    ref[((n * g.OH + oh) * g.OW + ow) * F + f] = acc;
  }
  assert.ok(maxDiff(y, ref) < 1e-5, `forward vs naive: ${maxDiff(y, ref)}`);
  // Smooth activations: central differences across relu's kink say nothing about the kernels.
  for (const c of [CASES[1], CASES[3], [...CASES[9].slice(0, 6), 'tanh', true]]) {
    const { direct, sources } = runBoth(c, 9);
    const worst = gradCheck(direct, sources, { eps: 1e-2, samples: 8 });
    assert.ok(worst < 2e-2, `gradcheck ${JSON.stringify(c)}: ${worst}`);
  }
});

test('two threads: a seeded small-CNN fit (direct first conv, GEMM second, max and average pooling) gives the weights of one thread', async () => {
  const run = async (threads) => {
    await nm.setNumThreads(threads);
    try {
      nm.setSeed(8);
      const x = nm.randomUniform([64, 14, 14, 1], 0, 1, 'float32', 80);
      const y = nm.oneHot(nm.tensor(Int32Array.from({ length: 64 }, (_, i) => (i * 7) % 10), [64], 'int32'), 10);
      const L = nm.layers;
      const model = new nm.Sequential([
        new L.Conv2D(16, 3, { activation: 'relu', inputShape: [14, 14, 1] }), new L.MaxPooling2D(2),
        new L.Conv2D(32, 3, { activation: 'relu', padding: 'same' }), new L.AveragePooling2D(2),
        new L.Flatten(), new L.Dense(10, { activation: 'softmax' }),
      ]);
      model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
      const h = await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0, shuffle: false });
      return { weights: model.getWeights(), loss: h.history.loss, pred: model.predict(x, { batchSize: 64 }) };
    } finally {
      await nm.setNumThreads(1);
    }
  };
  const one = await run(1), two = await run(2);
  assert.equal(two.loss, one.loss);
  one.weights.forEach((w, i) => sameBits(two.weights[i], w, `weight ${i}`));
  sameBits(two.pred, one.pred, 'predictions');
});

test('max pooling: the inference path (no indices) gives the forward of the training path; odd shapes route exactly', () => {
  const r = rng(12);
  // [shape, pool, strides, padding]: strides larger than the pool (uncovered cells), 'same'
  // windows past the edge, 17 channels (vector + tail), batch 1.
  const cases = [
    [[1, 7, 8, 17], [2, 2], [3, 3], 'valid'],
    [[2, 5, 7, 3], [2, 2], [2, 2], 'same'],
    [[1, 6, 6, 1], [2, 3], [2, 3], 'valid'],
    [[2, 7, 5, 4], [3, 3], [2, 2], 'same'],
    [[1, 9, 9, 5], [2, 2], [4, 3], 'same'],
  ];
  for (const [shape, k, s, padding] of cases) {
    const xv = r(shape.reduce((a, b) => a * b)).map((v) => Math.round(v * 3)); // ties
    for (const isMax of [true, false]) {
      const pool = (t) => (isMax ? nm.maxPool2d(t, k, s, padding) : nm.avgPool2d(t, k, s, padding));
      const x = nm.variable(nm.tensor(xv, shape));
      const plain = pool(nm.tensor(xv, shape)); // no tape: the plain forward
      const tape = new nm.GradientTape();
      const [loss, y] = tape.record(() => { const out = pool(x); return [nm.sum(nm.mul(out, nm.tensor(r(out.size), out.shape))), out]; });
      const dx = tape.gradient(loss, x);
      sameBits(plain, y, `forward ${isMax} ${shape} ${k} ${s} ${padding}`);
      // Every dy lands somewhere exactly once per window cell it routes to: max gradients sum to
      // sum(dy); average gradients also (each window's dy spread over its cells).
      assert.ok(Number.isFinite(dx.dataSync().reduce((a, b) => a + b, 0)));
    }
    // Traced: a model's predict (inference plan, plain max) equals the eager forward.
    const model = new nm.Sequential([new nm.layers.MaxPooling2D({ poolSize: k, strides: s, padding, inputShape: shape.slice(1) })]);
    sameBits(model.predict(nm.tensor(xv, shape)), nm.maxPool2d(nm.tensor(xv, shape), k, s, padding), `predict ${shape}`);
  }
});

test('pooling with strides larger than the pool inside a trained model: cells no window covers get 0 in a reused plan buffer', () => {
  // In a plan the pooling gradient's buffer shares bytes with earlier values, so a cell the
  // backward kernel does not write would corrupt the conv's weight gradient; an eager tape
  // (fresh zeroed buffers) gives the reference step.
  const L = nm.layers, shape = [2, 7, 8, 4];
  for (const Pool of [L.MaxPooling2D, L.AveragePooling2D]) {
    nm.setSeed(3);
    const x = nm.randomUniform(shape, -1, 1, 'float32', 1), y = nm.randomUniform([2, 2], -1, 1, 'float32', 2);
    const model = new nm.Sequential([new L.Conv2D(4, 1, { inputShape: shape.slice(1) }), new Pool({ poolSize: 2, strides: 3 }), new L.Flatten(), new L.Dense(2)]);
    model.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 1 }), loss: 'mse' });
    const w0 = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
    const tape = new nm.GradientTape();
    const loss = tape.record(() => nm.mean(nm.square(nm.sub(model.apply(x, { training: true }), y))));
    const grads = tape.gradient(loss, model.trainableWeights).map((g) => g.dataSync());
    model.trainOnBatch(x, y);
    model.getWeights().forEach((w, i) => {
      const want = w0[i].map((v, j) => v - grads[i][j]);
      assert.ok(maxDiff(w.dataSync(), want) < 1e-5, `${Pool.name} weight ${i}: ${maxDiff(w.dataSync(), want)}`);
    });
  }
});

test.run();
