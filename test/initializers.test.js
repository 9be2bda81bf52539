// sdk/initializers.ts: Keras 3.15's configs (test/fixtures/keras/gen_weight_utils.py), Keras's
// fan computation and the statistics of each distribution (mean, standard deviation, limits),
// seeds (same seed, same values; the global seed fixes unseeded ones), truncation, Orthogonal and
// Identity.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../dist/neurasm.js';
import { fixtureJSON } from './helpers/fixtures.js';

const ref = await fixtureJSON('weight_utils_reference.json');
const I = nm.initializers;

function stats(t) {
  const v = Array.from(t.dataSync());
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, sd, min: Math.min(...v), max: Math.max(...v) };
}

test("every initializer's default config is Keras 3.15's (Identity also keeps its gain)", () => {
  for (const [name, config] of Object.entries(ref.initializers)) {
    if (name === 'VarianceScaling_custom') continue;
    const init = I.getInitializer(name);
    assert.is(init.className, name);
    // Keras 3.15's Identity has no get_config (its gain is lost on saving); here it is kept.
    assert.equal(init.getConfig(), name === 'Identity' ? { gain: 1 } : config, name);
    assert.equal(I.getInitializer({ class_name: name, config: init.getConfig() }).getConfig(), init.getConfig(), `${name} round trip`);
  }
  assert.equal(new I.VarianceScaling(2, 'fan_out', 'uniform', 4).getConfig(), ref.initializers.VarianceScaling_custom);
});

test("fans as Keras: dense [in, out], conv [k…, in, out] × receptive field", () => {
  assert.equal(I.computeFans([5, 7]), [5, 7]);
  assert.equal(I.computeFans([3, 3, 4, 8]), [36, 72]);
  assert.equal(I.computeFans([6]), [6, 6]);
  assert.equal(I.computeFans([]), [1, 1]);
});

const SHAPE = [200, 300]; // fan_in 200, fan_out 300, fan_avg 250
const CASES = [
  ['GlorotUniform', { sd: Math.sqrt(1 / 250), limit: Math.sqrt(3 / 250) }],
  ['GlorotNormal', { sd: Math.sqrt(1 / 250), limit: 2 * Math.sqrt(1 / 250) / 0.87962566 }],
  ['HeNormal', { sd: Math.sqrt(2 / 200), limit: 2 * Math.sqrt(2 / 200) / 0.87962566 }],
  ['HeUniform', { sd: Math.sqrt(2 / 200), limit: Math.sqrt(6 / 200) }],
  ['LecunNormal', { sd: Math.sqrt(1 / 200), limit: 2 * Math.sqrt(1 / 200) / 0.87962566 }],
  ['LecunUniform', { sd: Math.sqrt(1 / 200), limit: Math.sqrt(3 / 200) }],
  ['RandomNormal', { sd: 0.05 }],
  ['RandomUniform', { sd: 0.1 / Math.sqrt(12), limit: 0.05 }],
  ['TruncatedNormal', { sd: 0.05 * 0.87962566, limit: 0.1 }],
];
for (const [name, want] of CASES) {
  test(`${name}: mean 0, Keras's standard deviation${want.limit ? ' and limits' : ''}`, () => {
    nm.setSeed(1);
    const s = stats(I.getInitializer(name).call(SHAPE));
    assert.ok(Math.abs(s.mean) < 0.05 * want.sd, `${name} mean ${s.mean}`);
    assert.ok(Math.abs(s.sd / want.sd - 1) < 0.02, `${name} sd ${s.sd}, want ${want.sd}`);
    if (want.limit) assert.ok(s.max <= want.limit + 1e-6 && s.min >= -want.limit - 1e-6 && s.max > 0.95 * want.limit, `${name} range [${s.min}, ${s.max}], limit ${want.limit}`);
  });
}

test('truncated normals stay within 2 sd, also where 4 draws in a row were rejected (1e6 values)', () => {
  nm.setSeed(0);
  const v = nm.truncatedNormal([1000000]).dataSync();
  let worst = 0;
  for (const z of v) worst = Math.max(worst, Math.abs(z));
  assert.ok(worst <= 2, `max |z| ${worst}`);
});

test('VarianceScaling: scale and mode set the variance; untruncated_normal has no limit', () => {
  const s = stats(new I.VarianceScaling(3, 'fan_out', 'untruncated_normal').call(SHAPE));
  assert.ok(Math.abs(s.sd / Math.sqrt(3 / 300) - 1) < 0.02, `sd ${s.sd}`);
  assert.ok(s.max > 3 * Math.sqrt(3 / 300), 'tails beyond 3 sd');
  assert.throws(() => new I.VarianceScaling(0), /scale must be positive/);
});

test('seeds: a seeded initializer repeats its values; setSeed fixes unseeded ones', () => {
  const a = Array.from(new I.GlorotUniform(5).call([4, 4]).dataSync());
  assert.equal(Array.from(new I.GlorotUniform(5).call([4, 4]).dataSync()), a);
  assert.not.equal(Array.from(new I.GlorotUniform(6).call([4, 4]).dataSync()), a);
  nm.setSeed(3); const b = Array.from(new I.HeNormal().call([4, 4]).dataSync());
  nm.setSeed(3); assert.equal(Array.from(new I.HeNormal().call([4, 4]).dataSync()), b);
});

test('constants, Identity and Orthogonal', () => {
  assert.equal(Array.from(new I.Constant(0.5).call([3]).dataSync()), [0.5, 0.5, 0.5]);
  assert.equal(Array.from(new I.Identity(2).call([2, 3]).dataSync()), [2, 0, 0, 0, 2, 0]);
  for (const shape of [[6, 4], [4, 6], [2, 3, 5]]) {
    const q = new I.Orthogonal(1, 9).call(shape).dataSync();
    const cols = shape.at(-1), rows = q.length / cols;
    // Orthonormal rows or columns, whichever there are fewer of.
    const [n, m, at] = rows >= cols ? [cols, rows, (i, k) => q[k * cols + i]] : [rows, cols, (i, k) => q[i * cols + k]];
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let d = 0; for (let k = 0; k < m; k++) d += at(i, k) * at(j, k);
      assert.ok(Math.abs(d - (i === j ? 1 : 0)) < 1e-5, `${shape}: <${i}, ${j}> = ${d}`);
    }
  }
});

test.run();
