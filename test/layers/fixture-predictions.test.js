// The real Keras fixture models that use these layers, loaded from their .keras and .h5 files:
// predictions equal Keras's outputs within 1e-5, weights keep Keras's order and shapes, and the
// summary (optimizer state included) equals Keras's text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureBytes, fixtureJSON, fixtureText } from '../helpers/fixtures.js';

const index = await fixtureJSON('models_index.json');
const NAMES = ['cnn_mnist', 'text_embed', 'rnn_small', 'simplernn_small', 'residual_mlp'];

for (const name of NAMES) {
  const info = index.models.find((m) => m.name === name);
  for (const ext of ['keras', 'h5']) {
    test(`${name}.${ext}: predict equals Keras within 1e-5`, async () => {
      const model = await nm.loadModel(await fixtureBytes(`${name}.${ext}`));
      const dtype = String(info.input_dtypes).startsWith('int') ? 'int32' : 'float32';
      const x = nm.tensor(await fixtureJSON(`${name}.inputs.json`), undefined, dtype);
      const got = model.predict(x).dataSync();
      const want = (await fixtureJSON(`${name}.outputs.json`)).flat(Infinity);
      assert.is(got.length, want.length);
      let worst = 0;
      want.forEach((v, i) => { worst = Math.max(worst, Math.abs(got[i] - v)); });
      assert.ok(worst <= 1e-5, `${name}.${ext}: max |diff| ${worst}`);
      // Weights in Keras order, shapes and trainability (moving statistics are non-trainable).
      const ws = model.layers.flatMap((l) => l.variablesInOrder);
      assert.equal(ws.map((w) => [w.shape, w.trainable]), info.weights.map((w) => [w.shape, w.trainable]));
    });
  }
  test(`${name}.keras: summary of the loaded model equals Keras's`, async () => {
    nm.layers.clearSession();
    const model = await nm.loadModel(await fixtureBytes(`${name}.keras`));
    const want = (await fixtureText(`${name}.summary.txt`)).replace(/\n$/, '');
    assert.fixture(model.summary({ printFn: null }), want);
  });
}

test.run();
