// summary() must equal real Keras's text for the fixture models, after one training step
// (so the Optimizer params line is there too).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureText } from '../helpers/fixtures.js';

const { layers } = nm;
const expected = async (name) => (await fixtureText(`${name}.summary.txt`)).replace(/\n$/, '');

test('xor summary equals Keras', async () => {
  nm.layers.clearSession();
  const model = new nm.Sequential([nm.Input({ shape: [2] }), new layers.Dense(8, { activation: 'relu' }), new layers.Dense(1, { activation: 'sigmoid' })], { name: 'xor' });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  model.trainOnBatch([[0, 0], [0, 1], [1, 0], [1, 1]], [[0], [1], [1], [0]]);
  assert.fixture(model.summary({ printFn: null }), await expected('xor'));
});

test('mlp_mnist summary equals Keras', async () => {
  nm.layers.clearSession();
  const model = new nm.Sequential([
    nm.Input({ shape: [28, 28] }), new layers.Flatten(),
    new layers.Dense(128, { activation: 'relu' }), new layers.Dense(10, { activation: 'softmax' }),
  ], { name: 'mlp_mnist' });
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  model.trainOnBatch(nm.zeros([2, 28, 28]), nm.tensor([1, 2], [2], 'int32'));
  assert.fixture(model.summary({ printFn: null }), await expected('mlp_mnist'));
});

test('functional_branches summary equals Keras (Connected to, wrapping)', async () => {
  nm.layers.clearSession();
  const a = nm.Input({ shape: [16], name: 'a' });
  const b = nm.Input({ shape: [8], name: 'b' });
  const da = new layers.Dense(12, { activation: 'relu', name: 'dense_a' }).apply(a);
  const db = new layers.Dense(6, { activation: 'tanh', name: 'dense_b' }).apply(b);
  const c = new layers.Concatenate({ name: 'concat' }).apply([da, db]);
  const s = new layers.Dense(16, { activation: 'relu', name: 'shared' }).apply(c);
  const cls = new layers.Dense(3, { activation: 'softmax', name: 'cls' }).apply(s);
  const reg = new layers.Dense(1, { name: 'reg' }).apply(s);
  const model = new nm.Model({ inputs: [a, b], outputs: [cls, reg], name: 'functional_branches' });
  model.compile({
    optimizer: 'adam', loss: { cls: 'sparse_categorical_crossentropy', reg: 'mse' },
    lossWeights: { cls: 1, reg: 0.5 }, metrics: { cls: ['accuracy'], reg: ['mae'] },
  });
  model.trainOnBatch([nm.zeros([2, 16]), nm.zeros([2, 8])], [nm.tensor([0, 2], [2], 'int32'), nm.zeros([2, 1])]);
  assert.fixture(model.summary({ printFn: null }), await expected('functional_branches'));
});

test('summary wraps long names and truncates long words with an ellipsis', () => {
  nm.layers.clearSession();
  const x = nm.Input({ shape: [4], name: 'x' });
  const y = new layers.Dense(2, { name: 'a_really_long_layer_name_that_wraps' }).apply(x);
  // Two outputs: a branching graph gets Keras's functional table (a plain chain gets the Sequential one).
  const z = new layers.Dense(1, { name: 'z' }).apply(x);
  const text = new nm.Model({ inputs: x, outputs: [y, z], name: 'm' }).summary({ printFn: null });
  assert.ok(text.includes('│ a_really_long_laye… │'), text);
  assert.ok(text.includes('(Dense)'), text);
});

test.run();
