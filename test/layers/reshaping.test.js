// ZeroPadding2D, Cropping2D, UpSampling2D against index arithmetic in JS; gradients; fit().
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng, gradCheck } from '../helpers/gradcheck.js';

const { layers } = nm;
const [N, H, W, C] = [2, 3, 4, 2];
const xv = rng(41)(N * H * W * C);
const X = nm.tensor(xv, [N, H, W, C]);
const at = (n, h, w, c) => xv[((n * H + h) * W + w) * C + c];

/** Expected output by a function of the output index. */
function expectEach(y, f) {
  const [n0, h0, w0, c0] = y.shape, v = y.dataSync();
  for (let n = 0; n < n0; n++) for (let h = 0; h < h0; h++) for (let w = 0; w < w0; w++) for (let c = 0; c < c0; c++) {
    const e = f(n, h, w, c), got = v[((n * h0 + h) * w0 + w) * c0 + c];
    if (Math.abs(got - e) > 1e-7) assert.unreachable(`at ${[n, h, w, c]}: ${got} vs ${e}`);
  }
}

test('ZeroPadding2D pads top/bottom/left/right with zeros', () => {
  nm.layers.clearSession();
  const zp = new layers.ZeroPadding2D([[1, 2], [0, 3]]);
  assert.is(zp.name, 'zero_padding2d');
  const y = zp.apply(X);
  assert.equal(y.shape, [N, H + 3, W + 3, C]);
  assert.equal(zp.computeOutputShape([null, H, W, C]), [null, H + 3, W + 3, C]);
  expectEach(y, (n, h, w, c) => (h >= 1 && h < 1 + H && w < W ? at(n, h - 1, w, c) : 0));
  assert.equal(new layers.ZeroPadding2D().getConfig().padding, [[1, 1], [1, 1]]);
  assert.equal(new layers.ZeroPadding2D([2, 1]).padding, [[2, 2], [1, 1]]);
  assert.throws(() => new layers.ZeroPadding2D([[1, -1], [0, 0]]), /padding/);
});

test('Cropping2D removes rows and columns', () => {
  nm.layers.clearSession();
  const cr = new layers.Cropping2D([[1, 0], [1, 2]]);
  assert.is(cr.name, 'cropping2d');
  const y = cr.apply(X);
  assert.equal(y.shape, [N, H - 1, W - 3, C]);
  expectEach(y, (n, h, w, c) => at(n, h + 1, w + 1, c));
  assert.throws(() => new layers.Cropping2D(2).apply(X), /leaves nothing/);
});

test('UpSampling2D repeats rows and columns (nearest)', () => {
  nm.layers.clearSession();
  const up = new layers.UpSampling2D([2, 3]);
  assert.is(up.name, 'up_sampling2d');
  const y = up.apply(X);
  assert.equal(y.shape, [N, 2 * H, 3 * W, C]);
  expectEach(y, (n, h, w, c) => at(n, Math.floor(h / 2), Math.floor(w / 3), c));
  assert.equal(new layers.UpSampling2D().getConfig().size, [2, 2]);
  assert.throws(() => new layers.UpSampling2D({ interpolation: 'bilinear' }), /nearest/);
});

test('gradients of the reshaping layers match finite differences', () => {
  const x = nm.variable(X);
  for (const l of [new layers.ZeroPadding2D([[1, 0], [2, 1]]), new layers.Cropping2D([[0, 1], [1, 1]]), new layers.UpSampling2D(2)]) {
    assert.ok(gradCheck(() => nm.tanh(l.apply(x)), [x], { samples: 16 }) < 1e-2, l.className);
  }
});

test('a conv autoencoder with padding, cropping and upsampling trains with fit()', async () => {
  nm.setSeed(6);
  const r = rng(42);
  const x = nm.tensor(r(16 * 6 * 6, 0, 1), [16, 6, 6, 1]);
  const model = new nm.Sequential([nm.Input({ shape: [6, 6, 1] }), new layers.ZeroPadding2D(1), new layers.Conv2D(4, 3, { activation: 'relu' }),
    new layers.MaxPooling2D(2), new layers.UpSampling2D(2), new layers.ZeroPadding2D(1), new layers.Cropping2D(1), new layers.Conv2D(1, 3, { padding: 'same' })]);
  assert.equal(model.outputs[0].shape, [null, 6, 6, 1]);
  model.compile({ optimizer: new nm.optimizers.Adam({ learningRate: 0.02 }), loss: 'mse' });
  const h = await model.fit(x, x, { epochs: 15, batchSize: 8, verbose: 0 });
  const loss = h.history.loss;
  assert.ok(loss[loss.length - 1] < loss[0] * 0.7, `loss ${loss[0]} → ${loss[loss.length - 1]}`);
});

test.run();
