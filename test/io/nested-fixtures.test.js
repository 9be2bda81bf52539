// A Keras-written model with a nested Sequential (L2 regularizer, NonNeg constraint,
// BatchNormalization inside): the .keras and .h5 files load, predict Keras's outputs within 1e-5
// and print Keras's summary (a chain-shaped functional model gets the Sequential table).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { fixtureBytes, fixtureJSON, fixtureText } from '../helpers/fixtures.js';

const inputs = await fixtureJSON('nested_sequential.inputs.json');
const outputs = (await fixtureJSON('nested_sequential.outputs.json')).flat(Infinity);
const summaryText = (await fixtureText('nested_sequential.summary.txt')).trimEnd();

for (const ext of ['keras', 'h5']) {
  test(`nested_sequential.${ext}: predict equals Keras within 1e-5, summary equals Keras's`, async () => {
    const m = await nm.loadModel(await fixtureBytes(`nested_sequential.${ext}`));
    const got = m.predict(nm.tensor(inputs)).dataSync();
    assert.is(got.length, outputs.length);
    outputs.forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-5, `output ${i}: ${got[i]} vs Keras ${v}`));
    const lines = [];
    m.summary({ printFn: (l) => lines.push(l) });
    assert.fixture(lines.join('\n'), summaryText);
    const inner = m.getLayer('inner');
    assert.is(inner.className, 'Sequential');
    assert.is(m.losses.length, 1, 'the inner L2 penalty');
    assert.ok(inner.layers[0].weights[0].constraint, 'the inner NonNeg constraint');
  });
}

test('nested_sequential: training keeps the inner kernel non-negative and the files round-trip', async () => {
  const m = await nm.loadModel(await fixtureBytes('nested_sequential.keras'));
  m.compile({ optimizer: new nm.optimizers.SGD({ learningRate: 1 }), loss: 'sparse_categorical_crossentropy' });
  await m.fit(nm.tensor(inputs), nm.tensor([0, 1, 0, 1, 0, 1]), { epochs: 3, verbose: 0 });
  assert.ok(Math.min(...m.getLayer('inner').layers[0].weights[0].dataSync()) >= 0);
  for (const format of ['keras', 'h5']) {
    const back = await nm.loadModel(await m.toFiles(format));
    const a = m.predict(nm.tensor(inputs)).dataSync(), b = back.predict(nm.tensor(inputs)).dataSync();
    assert.ok(a.every((v, i) => Math.abs(v - b[i]) < 1e-6), format);
  }
});

test.run();
