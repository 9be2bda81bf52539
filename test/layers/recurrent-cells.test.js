// The recurrent layers' cell ops (one op a time step, tensor/ops/cells.ts) against the op-by-op
// step they replace: the same bits forward, through a GradientTape and over a fit, with states,
// sequences, go_backwards, masks and dropout; and the op's own checks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng } from '../helpers/gradcheck.js';

const { layers } = nm;
const cells = nm.internal.recurrentCells;
const bits = (t) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));
const sameBits = (a, b, what) => {
  const x = bits(a), y = bits(b);
  assert.is(x.length, y.length, `${what}: length`);
  const i = x.findIndex((v, k) => v !== y[k]);
  assert.is(i, -1, `${what}: first difference at ${i} (${a.dataSync()[i]} vs ${b.dataSync()[i]})`);
};

/** fn() run op by op and with the cells (awaited: a fit traces after its first await); returns both results. */
async function both(fn) {
  const saved = cells.fused;
  try {
    cells.fused = false;
    const plain = await fn();
    cells.fused = true;
    return [plain, await fn()];
  } finally {
    cells.fused = saved;
  }
}

const B = 3, T = 6, F = 5;
const xv = rng(31)(B * T * F, -1.5, 1.5);
// Rows 1 and 2 end with masked (all-zero) steps, row 2 also starts with one.
for (const [b, t] of [[1, 4], [1, 5], [2, 0], [2, 5]]) xv.fill(0, (b * T + t) * F, (b * T + t + 1) * F);
const X = nm.tensor(xv, [B, T, F]);

function randomized(layer, seed) {
  const r = rng(seed);
  layer.setWeights(layer.getWeights().map((w) => nm.tensor(r(w.size, -0.8, 0.8), w.shape)));
  return layer;
}

const CELL_OP = { LSTM: 'lstmCell', GRU: 'gruCell' };
const CASES = [
  ['LSTM', (o) => new layers.LSTM(4, o)],
  ['GRU', (o) => new layers.GRU(4, o)],
];
const OPTIONS = [
  {},
  { returnSequences: true, returnState: true },
  { returnSequences: true, goBackwards: true },
  { useBias: false, returnState: true },
];

for (const [name, make] of CASES) {
  test(`${name}: the cell op gives the op-by-op step's bits, forward and through a tape (sequences, states, go_backwards, no bias)`, async () => {
    for (const o of OPTIONS) {
      const [plain, fused] = await both(() => {
        const layer = make(o);
        layer.apply(X);
        randomized(layer, 32);
        const x = nm.variable(X);
        const tape = new nm.GradientTape();
        const outs = [tape.record(() => layer.apply(x))].flat();
        // Every output in the loss, each with its own weights, so each sends its own gradient.
        const loss = tape.record(() => outs.reduce((s, y, k) => nm.add(s, nm.sum(nm.mul(y, nm.tensor(rng(40 + k)(y.size, -1, 1), y.shape)))), nm.scalar(0)));
        // (The tape's own list of recorded ops: which step ran.)
        const ops = tape.nodes.map((n) => n.op.name);
        return [ops, ...outs, ...tape.gradient(loss, [x, ...layer.trainableWeights])];
      });
      const what = `${name} ${JSON.stringify(o)}`;
      const count = (ops) => ops.filter((n) => n === CELL_OP[name]).length;
      assert.is(count(plain.shift()), 0, `${what}: op by op`);
      assert.is(count(fused.shift()), name === 'GRU' ? T - 1 : T, `${what}: one cell op a step (a GRU's first step runs op by op)`);
      plain.forEach((t, k) => sameBits(fused[k], t, `${what}: result ${k}`));
    }
  });

  test(`${name}: masked steps and dropout (training), and a fit, give the op-by-op bits`, async () => {
    const [plain, fused] = await both(() => {
      nm.setSeed(5);
      const model = new nm.Sequential([
        new layers.Masking({ maskValue: 0, inputShape: [T, F] }),
        make({ returnSequences: true, dropout: 0.25, recurrentDropout: 0.3, seed: 7 }),
        make({}),
        new layers.Dense(1),
      ]);
      model.compile({ optimizer: 'adam', loss: 'mse' });
      const y = nm.tensor(rng(33)(B, -1, 1), [B, 1]);
      return model.fit(X, y, { epochs: 3, batchSize: 2, shuffle: false, verbose: 0 }).then((h) => [model, h]);
    });
    assert.equal(fused[1].history.loss, plain[1].history.loss);
    plain[0].getWeights().forEach((w, k) => sameBits(fused[0].getWeights()[k], w, `${name}: weight ${k} after fit`));
    sameBits(fused[0].predict(X), plain[0].predict(X), `${name}: predict`);
  });
}

test('the cells\' gradients flush subnormals to zero (as TF on CPU); tiny normal ones go through', () => {
  const { lstmCell, gruCell } = nm.internal;
  const r = rng(36);
  const z = nm.variable(nm.tensor(r(2 * 12, -1, 1), [2, 12])), c = nm.tensor(r(6, -1, 1), [2, 3]);
  const x = nm.variable(nm.tensor(r(2 * 9, -1, 1), [2, 9])), inner = nm.tensor(r(2 * 9, -1, 1), [2, 9]), h0 = nm.tensor(r(6, -1, 1), [2, 3]);
  for (const [name, f, v] of [['lstmCell', () => lstmCell(z, c)[0], z], ['gruCell', () => gruCell(x, inner, h0), x]]) {
    const grad = (scale) => {
      const tape = new nm.GradientTape();
      const loss = tape.record(() => nm.sum(nm.mul(f(), scale)));
      return Array.from(tape.gradient(loss, [v])[0].dataSync());
    };
    assert.ok(grad(1e-39).every((g) => g === 0), `${name}: a subnormal gradient of h reads as zero`);
    const g = grad(1e-30);
    assert.ok(g.some((e) => e !== 0) && g.every((e) => e === 0 || Math.abs(e) >= 2 ** -126), `${name}: 1e-30 goes through, and nothing subnormal comes out: ${g}`);
  }
});

test('lstmCell and gruCell: shapes and dtypes are checked, and a second-order gradient is refused', () => {
  const { lstmCell, gruCell } = nm.internal;
  assert.throws(() => gruCell(nm.zeros([2, 8]), nm.zeros([2, 8]), nm.zeros([2, 2])), (e) => e instanceof nm.ShapeError && /3·units/.test(e.message));
  assert.throws(() => gruCell(nm.zeros([2, 9]), nm.zeros([2, 6]), nm.zeros([2, 3])), (e) => e instanceof nm.ShapeError && /inner must be float32 \[2, 9\]/.test(e.message));
  assert.throws(() => gruCell(nm.zeros([2, 9]), nm.zeros([2, 9]), nm.zeros([3, 3])), (e) => e instanceof nm.ShapeError && /the state must be float32 \[2, 3\]/.test(e.message));
  assert.throws(() => lstmCell(nm.zeros([2, 6]), null), (e) => e instanceof nm.ShapeError && /4·units/.test(e.message));
  assert.throws(() => lstmCell(nm.zeros([2, 8]), nm.zeros([2, 3])), (e) => e instanceof nm.ShapeError && /\[2, 2\]/.test(e.message));
  assert.throws(() => lstmCell(nm.zeros([2, 8], 'int32'), null), (e) => e instanceof nm.ShapeError && /float32/.test(e.message));
  const z = nm.variable(nm.tensor(rng(34)(16, -1, 1), [2, 8])), c = nm.variable(nm.tensor(rng(35)(4, -1, 1), [2, 2]));
  const outer = new nm.GradientTape();
  const g = outer.record(() => {
    const inner = new nm.GradientTape();
    const loss = inner.record(() => nm.sum(lstmCell(z, c)[0]));
    return nm.sum(inner.gradient(loss, [z])[0]);
  });
  assert.throws(() => outer.gradient(g, [z]), (e) => e instanceof nm.StateError && /second-order/.test(e.message));
});

test.run();
