// Evaluation reports against values worked out by hand (sklearn's definitions).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const yTrue = [0, 0, 1, 1, 2, 2, 2, 1];
const yPred = [0, 1, 1, 1, 2, 0, 2, 2];

test('confusionMatrix: rows are true classes, columns predictions; scores from probabilities', () => {
  assert.equal(nm.confusionMatrix(yTrue, yPred), [[1, 1, 0], [0, 2, 1], [1, 0, 2]]);
  const probs = nm.oneHot(nm.tensor(yPred, [8], 'int32'), 3);
  assert.equal(nm.confusionMatrix(nm.tensor(yTrue), probs), [[1, 1, 0], [0, 2, 1], [1, 0, 2]]);
});

test('precision, recall, f1 with macro, micro, weighted and per-class averages', () => {
  // per class: precision [1/2, 2/3, 2/3], recall [1/2, 2/3, 2/3]
  const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  close(nm.precisionScore(yTrue, yPred, { average: 'macro' }), (0.5 + 2 / 3 + 2 / 3) / 3);
  close(nm.recallScore(yTrue, yPred, { average: 'micro' }), 5 / 8);
  close(nm.f1Score(yTrue, yPred, { average: 'weighted' }), (2 * 0.5 + 3 * (2 / 3) + 3 * (2 / 3)) / 8);
  assert.equal(nm.precisionScore(yTrue, yPred, { average: null }).map((v) => v.toFixed(4)), ['0.5000', '0.6667', '0.6667']);
  close(nm.f1Score([0, 1, 1, 0], [0, 1, 0, 0]), 2 / 3); // binary default, positive label 1
  assert.throws(() => nm.f1Score(yTrue, yPred, { average: 'binary' }), (e) => e instanceof nm.ValueError);
});

test('classificationReport: the sklearn text table and its data', () => {
  const r = nm.classificationReport(yTrue, yPred, { targetNames: ['cat', 'dog', 'bird'] });
  const lines = r.text.split('\n');
  assert.is(lines[0], '              precision    recall  f1-score   support');
  assert.is(lines[2], '         cat       0.50      0.50      0.50         2');
  assert.is(lines[6], '    accuracy                           0.62         8');
  assert.is(lines[7], '   macro avg       0.61      0.61      0.61         8');
  assert.is(lines[8], 'weighted avg       0.62      0.62      0.62         8');
  assert.is(r.classes.dog.support, 3);
  assert.is(r.accuracy, 5 / 8);
});

test.run();
