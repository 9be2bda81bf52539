// Models built from these layers survive save/load in every format (.keras, .h5, TF.js):
// the reloaded model predicts exactly the same values.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const { layers } = nm;

const MODELS = {
  recurrent: () => [[2, 5, 3], new nm.Sequential([nm.Input({ shape: [5, 3] }), new layers.Bidirectional(new layers.LSTM(4, { returnSequences: true })),
    new layers.TimeDistributed(new layers.Dense(3)), new layers.GRU(3, { returnSequences: true }), new layers.SimpleRNN(2, { returnSequences: true }),
    new layers.LayerNormalization(), new layers.Conv1D(3, 2, { padding: 'same' }), new layers.MaxPooling1D(2), new layers.GlobalMaxPooling1D(), new layers.Dense(1)])],
  conv: () => [[2, 6, 6, 2], new nm.Sequential([nm.Input({ shape: [6, 6, 2] }), new layers.ZeroPadding2D(1), new layers.Conv2D(3, 3, { strides: 2, activation: 'relu' }),
    new layers.UpSampling2D(2), new layers.Cropping2D(1), new layers.AveragePooling2D(2, { padding: 'same' }), new layers.BatchNormalization(),
    new layers.MaxPooling2D(1), new layers.GlobalAveragePooling2D(), new layers.Dense(2)])],
  text: () => [[2, 7], new nm.Sequential([nm.Input({ shape: [7], dtype: 'int32' }), new layers.Embedding(30, 4), new layers.GlobalAveragePooling1D(), new layers.Dense(1)])],
};

for (const [name, make] of Object.entries(MODELS)) {
  test(`${name} model: .keras, .h5 and TF.js round trips predict the same values`, async () => {
    nm.setSeed(9);
    const [shape, model] = make();
    const int = shape.length === 2;
    const x = int ? nm.tensor(Array.from({ length: shape[0] * shape[1] }, (_, i) => (i * 7) % 30), shape, 'int32') : nm.randomNormal(shape);
    // One training step so moving statistics and weights are not at their initial values.
    model.compile({ optimizer: 'adam', loss: 'mse' });
    model.trainOnBatch(x, nm.zeros([shape[0], model.outputs[0].shape[1]]));
    const want = model.predict(x).dataSync();
    for (const format of ['keras', 'h5', 'tfjs']) {
      const files = await model.toFiles(format);
      const back = await nm.loadModel(format === 'tfjs' ? files : Object.values(files)[0]);
      const got = back.predict(x).dataSync();
      assert.equal(Array.from(got), Array.from(want), `${name} via ${format}`);
      assert.equal(back.layers.map((l) => l.className), model.layers.map((l) => l.className));
    }
  });
}

test.run();
