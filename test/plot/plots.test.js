// SVG figures: well-formed XML, and the content a reader needs (titles, legends, labels).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { checkXml } from '../helpers/xml.js';

const history = { history: { loss: [0.9, 0.5, 0.4], val_loss: [1.0, 0.6, 0.55], accuracy: [0.6, 0.8, 0.85], val_accuracy: [0.55, 0.75, 0.8] } };

test('plotHistory: loss and accuracy panels, training and validation, several histories overlaid', () => {
  const svg = nm.plotHistory(history, { title: 'run & compare <1>' });
  assert.ok(checkXml(svg));
  assert.match(svg, /run &amp; compare &lt;1&gt;/);
  for (const s of ['>loss<', '>accuracy<', 'training', 'validation', 'stroke-dasharray']) assert.ok(svg.includes(s), s);
  const two = nm.plotHistory({ small: history, large: history }, { metrics: ['loss'], smoothing: 0.5, skipFirst: 1 });
  assert.ok(checkXml(two));
  assert.match(two, /small training/);
  assert.match(two, /large validation/);
  assert.match(two, /loss \(smoothed\)/);
});

test('plotModel draws every layer with shapes, branches and merges', () => {
  const a = nm.Input({ shape: [4], name: 'in_a' });
  const b = nm.Input({ shape: [3], name: 'in_b' });
  const h = new nm.layers.Concatenate({ name: 'merge' }).apply([new nm.layers.Dense(2, { name: 'da' }).apply(a), b]);
  const m = new nm.Model({ inputs: [a, b], outputs: new nm.layers.Dense(1, { name: 'out' }).apply(h) });
  const svg = nm.plotModel(m, { showShapes: true, showLayerNames: true });
  assert.ok(checkXml(svg));
  for (const s of ['in_a (InputLayer)', 'merge (Concatenate)', 'out (Dense)', '(None, 5)']) assert.ok(svg.includes(s), s);
  assert.is((svg.match(/marker-end/g) ?? []).length, 4);
});

test('imageGrid embeds each image and labels wrong predictions in red', () => {
  const imgs = nm.randomUniform([6, 8, 8], 0, 1, 'float32', 3);
  const svg = nm.imageGrid(imgs, { labels: [0, 1, 2, 3, 4, 5], predictions: [0, 1, 2, 3, 4, 9], classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], cols: 3 });
  assert.ok(checkXml(svg));
  assert.is((svg.match(/<image /g) ?? []).length, 6);
  assert.match(svg, /fill="#c00">f → j</);
  assert.throws(() => nm.imageGrid(nm.zeros([2, 3])), (e) => e instanceof nm.ValueError);
});

test('plotConfusionMatrix: a cell per entry with its count and class labels', () => {
  const cm = nm.confusionMatrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1]);
  const svg = nm.plotConfusionMatrix(cm, { classNames: ['cat', 'dog', 'bird'], title: 'pets' });
  assert.ok(checkXml(svg));
  assert.is((svg.match(/<rect x=/g) ?? []).length, 9);
  for (const s of ['cat', 'dog', 'bird', 'predicted', 'true', '>2<']) assert.ok(svg.includes(s), s);
});

test.run();
