// Embedding: row lookup, Keras defaults, gradient (scatter-add), int32 model inputs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { rng, gradCheck } from '../helpers/gradcheck.js';

const { layers } = nm;

test('Embedding looks up rows; Keras name, weight, initializer and config', () => {
  nm.layers.clearSession();
  const emb = new layers.Embedding(50, 4);
  assert.is(emb.name, 'embedding');
  const ids = [[3, 0, 49], [7, 7, 1]];
  const y = emb.apply(nm.tensor(ids, [2, 3], 'int32'));
  assert.equal(y.shape, [2, 3, 4]);
  const [table] = emb.getWeights();
  assert.equal(table.shape, [50, 4]);
  assert.is(emb.weights[0].name, 'embedding/embeddings');
  const t = table.dataSync(), yv = y.dataSync();
  ids.flat().forEach((id, p) => { for (let j = 0; j < 4; j++) assert.is(yv[p * 4 + j], t[id * 4 + j]); });
  // uniform(-0.05, 0.05)
  assert.ok(Array.from(t).every((v) => v >= -0.05 && v <= 0.05) && Array.from(t).some((v) => v !== 0));
  const c = emb.getConfig();
  assert.equal([c.input_dim, c.output_dim, c.embeddings_initializer.class_name, c.embeddings_initializer.config.minval, c.mask_zero], [50, 4, 'RandomUniform', -0.05, false]);
  // input_dim is the vocabulary here, not an input-shape shorthand.
  assert.is(emb.batchInputShape, null);
  assert.equal(new layers.Embedding({ inputDim: 10, outputDim: 2 }).outputDim, 2);
  // Float ids are cast.
  assert.equal(Array.from(emb.apply(nm.tensor([[3, 0, 0], [0, 0, 0]])).dataSync().slice(0, 4)), Array.from(t.slice(12, 16)));
});

test('Embedding gradient accumulates repeated ids (finite differences)', () => {
  const emb = new layers.Embedding(6, 3);
  const ids = nm.tensor([[1, 2, 1], [5, 1, 0]], [2, 3], 'int32');
  emb.apply(ids);
  assert.ok(gradCheck(() => nm.tanh(emb.apply(ids)), [emb.embeddings], { samples: 18 }) < 1e-2);
});

test('a text model with int32 inputs trains with fit() and predicts', async () => {
  nm.setSeed(3);
  const r = rng(15);
  const n = 64;
  // Label 1 when the row contains token 1.
  const rows = Array.from({ length: n }, () => r(8, 2, 20).map(Math.floor));
  rows.forEach((row, i) => { if (i % 2) row[i % 8] = 1; });
  const x = nm.tensor(rows, [n, 8], 'int32');
  const y = nm.tensor(rows.map((row) => [row.includes(1) ? 1 : 0]));
  const model = new nm.Sequential([nm.Input({ shape: [8], dtype: 'int32' }), new layers.Embedding(20, 8), new layers.GlobalAveragePooling1D(), new layers.Dense(1, { activation: 'sigmoid' })]);
  model.compile({ optimizer: new nm.optimizers.Adam({ learningRate: 0.05 }), loss: 'binary_crossentropy' });
  const h = await model.fit(x, y, { epochs: 10, batchSize: 16, verbose: 0 });
  const loss = h.history.loss;
  assert.ok(loss[loss.length - 1] < loss[0] * 0.7, `loss ${loss[0]} → ${loss[loss.length - 1]}`);
  assert.equal(model.predict(x).shape, [n, 1]);
});

test.run();
