// Conv2D and pooling against naive JS loops; gradients against central differences.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng, gradCheck, maxDiff } from '../helpers/gradcheck.js';

const { layers } = nm;

// Output size and top/left padding of one axis, as the Keras docs define 'valid'/'same'.
function axis(n, k, s, d, padding) {
  const eff = (k - 1) * d + 1;
  if (padding === 'valid') return [Math.floor((n - eff) / s) + 1, 0];
  const o = Math.ceil(n / s);
  return [o, Math.floor(Math.max((o - 1) * s + eff - n, 0) / 2)];
}

function naiveConv(x, [N, H, W, C], k, [KH, KW, , F], b, s, d, padding) {
  const [OH, PT] = axis(H, KH, s[0], d[0], padding), [OW, PL] = axis(W, KW, s[1], d[1], padding);
  const y = new Float64Array(N * OH * OW * F);
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) for (let f = 0; f < F; f++) {
    let acc = b ? b[f] : 0;
    for (let i = 0; i < KH; i++) for (let j = 0; j < KW; j++) {
      const ih = oh * s[0] - PT + i * d[0], iw = ow * s[1] - PL + j * d[1];
      if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
      for (let c = 0; c < C; c++) acc += x[((n * H + ih) * W + iw) * C + c] * k[((i * KW + j) * C + c) * F + f];
    }
    y[((n * OH + oh) * OW + ow) * F + f] = acc;
  }
  return { y, shape: [N, OH, OW, F] };
}

function naivePool(isMax, x, [N, H, W, C], [KH, KW], s, padding) {
  const [OH, PT] = axis(H, KH, s[0], 1, padding), [OW, PL] = axis(W, KW, s[1], 1, padding);
  const y = new Float64Array(N * OH * OW * C);
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) for (let c = 0; c < C; c++) {
    let acc = isMax ? -Infinity : 0, cnt = 0;
    for (let i = 0; i < KH; i++) for (let j = 0; j < KW; j++) {
      const ih = oh * s[0] - PT + i, iw = ow * s[1] - PL + j;
      if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
      const v = x[((n * H + ih) * W + iw) * C + c];
      acc = isMax ? Math.max(acc, v) : acc + v;
      cnt++;
    }
    y[((n * OH + oh) * OW + ow) * C + c] = isMax ? acc : acc / cnt;
  }
  return { y, shape: [N, OH, OW, C] };
}

const CASES = [
  { padding: 'valid', strides: [1, 1], dilation: [1, 1], k: [3, 3] },
  { padding: 'same', strides: [1, 1], dilation: [1, 1], k: [3, 2] },
  { padding: 'same', strides: [2, 2], dilation: [1, 1], k: [3, 3] },
  { padding: 'valid', strides: [2, 1], dilation: [1, 1], k: [2, 3] },
  { padding: 'same', strides: [1, 1], dilation: [2, 2], k: [3, 3] },
  { padding: 'valid', strides: [1, 1], dilation: [2, 1], k: [2, 2] },
];

test('Conv2D forward equals a naive convolution (valid/same, strides, dilation, bias, relu)', () => {
  const r = rng(1);
  const xs = [2, 7, 6, 3];
  const xv = r(2 * 7 * 6 * 3);
  const x = nm.tensor(xv, xs);
  for (const c of CASES) {
    const conv = new layers.Conv2D(4, c.k, { padding: c.padding, strides: c.strides, dilationRate: c.dilation, activation: 'relu', biasInitializer: 'random_normal' });
    const y = conv.apply(x);
    const [k, b] = conv.getWeights();
    assert.equal(k.shape, [...c.k, 3, 4]);
    const ref = naiveConv(xv, xs, k.dataSync(), k.shape, b.dataSync(), c.strides, c.dilation, c.padding);
    assert.equal(y.shape, ref.shape, JSON.stringify(c));
    assert.equal(conv.computeOutputShape([null, ...xs.slice(1)]), [null, ...ref.shape.slice(1)]);
    const relu = ref.y.map((v) => Math.max(v, 0));
    assert.ok(maxDiff(y.dataSync(), relu) < 1e-5, JSON.stringify(c));
  }
});

test('Conv2D: Keras weights, defaults and config', () => {
  nm.layers.clearSession();
  const conv = new layers.Conv2D(8, 3);
  assert.is(conv.name, 'conv2d');
  conv.apply(nm.zeros([1, 5, 5, 2]));
  assert.equal(conv.weights.map((w) => [w.name, w.shape]), [['conv2d/kernel', [3, 3, 2, 8]], ['conv2d/bias', [8]]]);
  const cfg = conv.getConfig();
  assert.equal([cfg.kernel_size, cfg.strides, cfg.padding, cfg.dilation_rate, cfg.data_format, cfg.activation, cfg.use_bias, cfg.groups],
    [[3, 3], [1, 1], 'valid', [1, 1], 'channels_last', 'linear', true, 1]);
  assert.is(new layers.Conv2D({ filters: 2, kernelSize: [1, 2] }).kernelSize[1], 2);
  assert.throws(() => new layers.Conv2D(4, 3, { padding: 'full' }), /padding/);
  assert.throws(() => new layers.Conv2D(4, 3).apply(nm.zeros([1, 5, 5])), /4-d/);
});

test('MaxPooling2D and AveragePooling2D equal naive pooling (valid/same, strides)', () => {
  const r = rng(2);
  const xs = [2, 7, 5, 3];
  const xv = r(2 * 7 * 5 * 3);
  const x = nm.tensor(xv, xs);
  for (const [isMax, Cls] of [[true, layers.MaxPooling2D], [false, layers.AveragePooling2D]]) {
    for (const [pool, strides, padding] of [[[2, 2], null, 'valid'], [[3, 3], [2, 2], 'same'], [[2, 3], [1, 2], 'valid'], [[2, 2], null, 'same']]) {
      const layer = new Cls(pool, { strides, padding });
      const y = layer.apply(x);
      const ref = naivePool(isMax, xv, xs, pool, strides ?? pool, padding);
      assert.equal(y.shape, ref.shape);
      assert.equal(layer.computeOutputShape([null, 7, 5, 3]), [null, ...ref.shape.slice(1)]);
      assert.ok(maxDiff(y.dataSync(), ref.y) < 1e-6, `${Cls.className} ${pool} ${padding}`);
    }
  }
  nm.layers.clearSession();
  const mp = new layers.MaxPooling2D();
  assert.is(mp.name, 'max_pooling2d');
  assert.equal(mp.getConfig().pool_size, [2, 2]);
  assert.equal(mp.getConfig().strides, [2, 2]);
});

test('global poolings reduce the spatial axes', () => {
  const r = rng(3);
  const v = r(2 * 4 * 3 * 5);
  const x2 = nm.tensor(v, [2, 4, 3, 5]);
  const avg = new layers.GlobalAveragePooling2D().apply(x2).dataSync();
  const mx = new layers.GlobalMaxPooling2D().apply(x2).dataSync();
  for (let n = 0; n < 2; n++) for (let c = 0; c < 5; c++) {
    let s = 0, m = -Infinity;
    for (let p = 0; p < 12; p++) { const e = v[(n * 12 + p) * 5 + c]; s += e; m = Math.max(m, e); }
    assert.ok(Math.abs(avg[n * 5 + c] - s / 12) < 1e-6);
    assert.is(mx[n * 5 + c], Math.fround(m));
  }
  const x1 = nm.tensor(v, [2, 12, 5]);
  assert.ok(maxDiff(new layers.GlobalAveragePooling1D().apply(x1).dataSync(), avg) < 1e-6);
  assert.ok(maxDiff(new layers.GlobalMaxPooling1D().apply(x1).dataSync(), mx) === 0);
  assert.equal(new layers.GlobalAveragePooling1D({ keepdims: true }).apply(x1).shape, [2, 1, 5]);
  nm.layers.clearSession();
  assert.is(new layers.GlobalAveragePooling1D().name, 'global_average_pooling1d');
  assert.throws(() => new layers.GlobalAveragePooling1D().apply(x2), /3-d/);
});

test('conv2d gradients (input, kernel, bias) match finite differences', () => {
  const r = rng(4);
  for (const c of [CASES[1], CASES[2], CASES[4]]) {
    const x = nm.variable(nm.tensor(r(2 * 5 * 5 * 2), [2, 5, 5, 2]));
    const conv = new layers.Conv2D(3, c.k, { padding: c.padding, strides: c.strides, dilationRate: c.dilation, activation: 'tanh' });
    conv.apply(x);
    const worst = gradCheck(() => conv.apply(x), [x, conv.kernel, conv.bias], { eps: 1e-2 });
    assert.ok(worst < 1e-2, `${JSON.stringify(c)}: ${worst}`);
  }
});

test('pooling gradients match finite differences', () => {
  const r = rng(5);
  const x = nm.variable(nm.tensor(r(2 * 5 * 6 * 2), [2, 5, 6, 2]));
  for (const layer of [new layers.MaxPooling2D(2), new layers.MaxPooling2D(3, { strides: 2, padding: 'same' }), new layers.AveragePooling2D(2),
    new layers.AveragePooling2D(3, { strides: 2, padding: 'same' }), new layers.GlobalMaxPooling2D(), new layers.GlobalAveragePooling2D()]) {
    const worst = gradCheck(() => layer.apply(x), [x], { eps: 1e-3, samples: 30 });
    assert.ok(worst < 1e-2, `${layer.className}: ${worst}`);
  }
});

test('Conv1D and 1-d pooling equal the naive 2-d references over a height-1 image', () => {
  nm.layers.clearSession();
  const r = rng(7);
  const xv = r(2 * 9 * 3);
  const x = nm.tensor(xv, [2, 9, 3]);
  for (const [padding, strides, dil] of [['valid', 1, 1], ['same', 2, 1], ['same', 1, 2]]) {
    const conv = new layers.Conv1D(4, 3, { padding, strides, dilationRate: dil, biasInitializer: 'random_normal' });
    const y = conv.apply(x);
    const [k, b] = conv.getWeights();
    assert.equal(k.shape, [3, 3, 4]);
    const ref = naiveConv(xv, [2, 1, 9, 3], k.dataSync(), [1, 3, 3, 4], b.dataSync(), [1, strides], [1, dil], padding);
    assert.equal(y.shape, [2, ref.shape[2], 4]);
    assert.equal(conv.computeOutputShape([null, 9, 3]), [null, ref.shape[2], 4]);
    assert.ok(maxDiff(y.dataSync(), ref.y) < 1e-5);
    const c = conv.getConfig();
    assert.equal([c.kernel_size, c.strides, c.dilation_rate], [[3], [strides], [dil]]);
  }
  for (const [isMax, Cls] of [[true, layers.MaxPooling1D], [false, layers.AveragePooling1D]]) {
    const p = new Cls(3, { strides: 2, padding: 'same' });
    const ref = naivePool(isMax, xv, [2, 1, 9, 3], [1, 3], [1, 2], 'same');
    assert.ok(maxDiff(p.apply(x).dataSync(), ref.y) < 1e-6);
    assert.equal(p.computeOutputShape([null, 9, 3]), [null, ref.shape[2], 3]);
  }
  nm.layers.clearSession();
  assert.equal([new layers.MaxPooling1D().name, new layers.Conv1D(1, 1).name], ['max_pooling1d', 'conv1d']);
  const xg = nm.variable(nm.tensor(r(2 * 6 * 2), [2, 6, 2]));
  const c1 = new layers.Conv1D(2, 3, { padding: 'same', activation: 'tanh' });
  c1.apply(xg);
  assert.ok(gradCheck(() => c1.apply(xg), [xg, c1.kernel, c1.bias]) < 1e-2);
});

test('a small CNN trains with fit() (conv/pool gradients inside the traced plan)', async () => {
  nm.setSeed(1);
  const r = rng(6);
  const n = 32;
  const x = nm.tensor(r(n * 8 * 8, 0, 1), [n, 8, 8, 1]);
  // Label: is the upper half brighter than the lower half?
  const xv = x.dataSync();
  const y = nm.tensor(Array.from({ length: n }, (_, i) => { let d = 0; for (let p = 0; p < 64; p++) d += (p < 32 ? 1 : -1) * xv[i * 64 + p]; return d > 0 ? 1 : 0; }), [n], 'int32');
  const model = new nm.Sequential([nm.Input({ shape: [8, 8, 1] }), new layers.Conv2D(4, 3, { activation: 'relu', padding: 'same' }), new layers.MaxPooling2D(2),
    new layers.Flatten(), new layers.Dense(2, { activation: 'softmax' })]);
  model.compile({ optimizer: new nm.optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy' });
  const h = await model.fit(x, y, { epochs: 15, batchSize: 16, verbose: 0 });
  const loss = h.history.loss;
  assert.ok(loss[loss.length - 1] < loss[0] * 0.8, `loss ${loss[0]} → ${loss[loss.length - 1]}`);
});

test.run();
