// The fixture models built with these layers: summary() equals real Keras's text (after
// compile + one Adam step, so the Optimizer params line is there too).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureText } from '../helpers/fixtures.js';

const { layers } = nm;
const expected = async (name) => (await fixtureText(`${name}.summary.txt`)).replace(/\n$/, '');

function stepAndSummary(model, loss, x, y) {
  model.compile({ optimizer: 'adam', loss });
  model.trainOnBatch(x, y);
  return model.summary({ printFn: null });
}

test('cnn_mnist summary equals Keras', async () => {
  nm.layers.clearSession();
  const model = new nm.Sequential([nm.Input({ shape: [28, 28, 1] }), new layers.Conv2D(8, 3, { activation: 'relu' }), new layers.MaxPooling2D(2),
    new layers.Conv2D(16, 3, { activation: 'relu', padding: 'same' }), new layers.MaxPooling2D(2), new layers.Flatten(),
    new layers.Dense(10, { activation: 'softmax' })], { name: 'cnn_mnist' });
  const text = stepAndSummary(model, 'sparse_categorical_crossentropy', nm.zeros([2, 28, 28, 1]), nm.tensor([1, 2], [2], 'int32'));
  assert.fixture(text, await expected('cnn_mnist'));
});

test('text_embed summary equals Keras (int32 inputs)', async () => {
  nm.layers.clearSession();
  const model = new nm.Sequential([nm.Input({ shape: [20], dtype: 'int32' }), new layers.Embedding(1000, 16), new layers.GlobalAveragePooling1D(),
    new layers.Dense(1, { activation: 'sigmoid' })], { name: 'text_embed' });
  const ids = nm.tensor(Array.from({ length: 40 }, (_, i) => (i * 37) % 1000), [2, 20], 'int32');
  const text = stepAndSummary(model, 'binary_crossentropy', ids, nm.tensor([[0], [1]]));
  assert.fixture(text, await expected('text_embed'));
});

test('rnn_small summary equals Keras', async () => {
  nm.layers.clearSession();
  const model = new nm.Sequential([nm.Input({ shape: [10, 4] }), new layers.LSTM(8, { returnSequences: true }), new layers.GRU(6),
    new layers.Dense(2, { activation: 'softmax' })], { name: 'rnn_small' });
  const text = stepAndSummary(model, 'sparse_categorical_crossentropy', nm.ones([2, 10, 4]), nm.tensor([1, 0], [2], 'int32'));
  assert.fixture(text, await expected('rnn_small'));
});

test('simplernn_small summary equals Keras', async () => {
  nm.layers.clearSession();
  const model = new nm.Sequential([nm.Input({ shape: [10, 4] }), new layers.SimpleRNN(5), new layers.Dense(2, { activation: 'softmax' })], { name: 'simplernn_small' });
  const text = stepAndSummary(model, 'sparse_categorical_crossentropy', nm.ones([2, 10, 4]), nm.tensor([1, 0], [2], 'int32'));
  assert.fixture(text, await expected('simplernn_small'));
});

test('residual_mlp summary equals Keras (BatchNormalization non-trainable params, Connected to)', async () => {
  nm.layers.clearSession();
  const x = nm.Input({ shape: [20], name: 'x' });
  const p = new layers.Dense(32, { activation: 'relu', name: 'proj' }).apply(x);
  let h = new layers.Dense(32, { name: 'fc1' }).apply(p);
  h = new layers.BatchNormalization({ name: 'bn' }).apply(h);
  h = new layers.Activation('relu', { name: 'act' }).apply(h);
  h = new layers.Dropout(0.3, { name: 'drop' }).apply(h);
  const s = new layers.Add({ name: 'skip_add' }).apply([p, h]);
  const o = new layers.Dense(4, { activation: 'softmax', name: 'out' }).apply(s);
  const model = new nm.Model({ inputs: x, outputs: o, name: 'residual_mlp' });
  const text = stepAndSummary(model, 'sparse_categorical_crossentropy', nm.ones([4, 20]), nm.tensor([1, 0, 2, 3], [4], 'int32'));
  assert.fixture(text, await expected('residual_mlp'));
});

test.run();
