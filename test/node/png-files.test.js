// plotModel(model, {toFile: 'model.png'}) and saveFigure write real PNG / SVG files (Node).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nm from '../../dist/neurasm.js';
import { darkPixels, decodePng } from '../helpers/png.js';

const dir = mkdtempSync(join(tmpdir(), 'neurasm-png-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test("plotModel({toFile: 'model.png', showShapes, showLayerNames}) writes a PNG at twice the SVG's size", async () => {
  const m = new nm.Sequential([new nm.layers.Dense(512, { activation: 'relu', inputShape: [784] }), new nm.layers.Dense(10, { activation: 'softmax' })]);
  const file = join(dir, 'sub', 'model.png');
  const svg = await nm.plotModel(m, { toFile: file, showShapes: true, showLayerNames: true });
  assert.match(svg, /\(None, 784\)/);
  const [w, h] = /width="(\d+)" height="(\d+)"/.exec(svg).slice(1).map(Number);
  const img = await decodePng(new Uint8Array(readFileSync(file)));
  assert.equal([img.width, img.height], [2 * w, 2 * h]);
  assert.ok(darkPixels(img) > 2000);
});

test('saveFigure: .svg writes the SVG text, .png the PNG bytes', async () => {
  const svg = nm.plotConfusionMatrix([[3, 0], [1, 4]]);
  await nm.saveFigure(join(dir, 'cm.svg'), svg);
  assert.is(readFileSync(join(dir, 'cm.svg'), 'utf8'), svg);
  await nm.saveFigure(join(dir, 'cm.png'), svg);
  const img = await decodePng(new Uint8Array(readFileSync(join(dir, 'cm.png'))));
  assert.ok(img.width > 50 && darkPixels(img) > 100);
});

test.run();
