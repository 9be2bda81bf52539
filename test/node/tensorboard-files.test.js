// TensorBoard logs on the file system (Node): the files a user opens with `tensorboard --logdir`,
// read by our decoder and — where Python has the `tensorboard` package — by TensorBoard's own
// event_accumulator, which must see the same tags, steps and values. Without it the comparison
// is reported as SKIP (not counted as passed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nm from '../../dist/neurasm.js';
import { byTag, readEvents } from '../helpers/tfevents.js';

const dir = mkdtempSync(join(tmpdir(), 'neurasm-tb-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

let history = null;
async function fitOnce() {
  if (history) return history;
  nm.setSeed(5);
  const m = new nm.Sequential([
    new nm.layers.Dense(3, { activation: 'tanh', inputShape: [2], name: 'dense' }),
    new nm.layers.Dense(1, { activation: 'sigmoid', name: 'dense_1' }),
  ], { name: 'sequential' });
  m.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const x = nm.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = nm.tensor([0, 1, 1, 0]);
  const tb = new nm.callbacks.TensorBoard({ logDir: dir, histogramFreq: 1, updateFreq: 'batch' });
  history = await m.fit(x, y, { epochs: 4, batchSize: 2, verbose: 0, validationData: [x, y], callbacks: [tb] });
  return history;
}

const runFile = (run) => {
  const files = readdirSync(join(dir, run));
  assert.is(files.length, 1, `one event file in ${run}/`);
  assert.match(files[0], /^events\.out\.tfevents\.\d{10}\..+\.v2$/);
  return join(dir, run, files[0]);
};

test('fit writes train/ and validation/ event files our decoder reads with valid CRCs', async () => {
  const h = await fitOnce();
  assert.equal(readdirSync(dir).sort(), ['train', 'validation']);
  const train = byTag(readEvents(new Uint8Array(readFileSync(runFile('train')))));
  const val = byTag(readEvents(new Uint8Array(readFileSync(runFile('validation')))));
  assert.equal(train.epoch_loss.map((s) => s.value), h.history.loss.map(Math.fround));
  assert.equal(val.epoch_loss.map((s) => s.value), h.history.val_loss.map(Math.fround));
  assert.equal(train.batch_loss.map((s) => s.step), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(train['sequential/dense/kernel/histogram']);
});

const PY = `
import json, sys
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.util import tensor_util
out = {}
for run in ('train', 'validation'):
    acc = ea.EventAccumulator(sys.argv[1] + '/' + run, size_guidance={ea.TENSORS: 0})
    acc.Reload()
    tags = acc.Tags()
    runout = {'tensors': {}, 'plugins': {}}
    for tag in tags['tensors']:
        evs = acc.Tensors(tag)
        runout['tensors'][tag] = [[e.step, tensor_util.make_ndarray(e.tensor_proto).tolist()] for e in evs]
        if tag == 'keras':
            runout['tensors'][tag] = [[e.step, json.loads(e.tensor_proto.string_val[0])['class_name']] for e in evs]
    for tag, md in acc.summary_metadata.items():
        runout['plugins'][tag] = md.plugin_data.plugin_name
    out[run] = runout
print(json.dumps(out))
`;

const probe = spawnSync('python3', ['-c', 'import tensorboard'], { encoding: 'utf8' });
if (probe.status !== 0) {
  console.log(`SKIP: TensorBoard's own reader: python3 with the tensorboard package is not available (${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()})`);
} else {
  test("TensorBoard's event_accumulator reads the same tags, steps and values", async () => {
    const h = await fitOnce();
    const r = spawnSync('python3', ['-c', PY, dir], { encoding: 'utf8', timeout: 120_000 });
    assert.is(r.status, 0, r.stderr);
    const tb = JSON.parse(r.stdout);
    const train = byTag(readEvents(new Uint8Array(readFileSync(runFile('train')))));
    const val = byTag(readEvents(new Uint8Array(readFileSync(runFile('validation')))));
    for (const [run, ours] of [['train', train], ['validation', val]]) {
      const theirs = tb[run].tensors;
      assert.equal(Object.keys(theirs).sort(), Object.keys(ours).sort(), `${run} tags`);
      for (const [tag, list] of Object.entries(ours)) {
        assert.equal(theirs[tag].map((e) => e[0]), list.map((e) => e.step), `${run}/${tag} steps`);
        assert.is(tb[run].plugins[tag], list[0].plugin, `${run}/${tag} plugin`);
        if (tag === 'keras') { assert.equal(theirs[tag][0][1], 'Sequential'); continue; }
        const flat = theirs[tag].map((e) => [e[1]].flat(2));
        assert.equal(flat, list.map((e) => e.tensor.values), `${run}/${tag} values`);
      }
    }
    assert.equal(tb.train.tensors.epoch_accuracy.map((e) => e[1]), h.history.accuracy.map(Math.fround));
    assert.equal(tb.validation.tensors.epoch_loss.map((e) => e[1]), h.history.val_loss.map(Math.fround));
    assert.is(tb.train.plugins['sequential/dense/kernel/histogram'], 'histograms');
    assert.equal(tb.train.tensors['sequential/dense/kernel/histogram'][0][1].length, 30);
  });
}

test.run();
