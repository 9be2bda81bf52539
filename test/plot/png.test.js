// Figures as PNG (resvg wasm, loaded on first use): a decoder checks size, CRCs and content;
// text must render (the bundled font), embedded images must be drawn. Runs in every runtime.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { darkPixels, decodePng, differingPixels } from '../helpers/png.js';

const svgSize = (svg) => /width="(\d+)" height="(\d+)"/.exec(svg).slice(1).map(Number);
const noText = (svg) => svg.replace(/<text[^>]*>[^<]*<\/text>/g, '');

function mlp() {
  return new nm.Sequential([
    new nm.layers.Dense(8, { activation: 'relu', inputShape: [4], name: 'hidden' }),
    new nm.layers.Dense(3, { activation: 'softmax', name: 'probs' }),
  ]);
}

test('plotModel as PNG: the SVG size, non-blank, and its text is drawn with the bundled font', async () => {
  const svg = nm.plotModel(mlp(), { showShapes: true, showLayerNames: true });
  const [w, h] = svgSize(svg);
  const img = await decodePng(await nm.svgToPng(svg));
  assert.equal([img.width, img.height], [w, h]);
  const dark = darkPixels(img);
  assert.ok(dark > 500, `${dark} dark pixels`);
  // Same figure without its <text>: thousands of pixels fewer are inked if glyphs were drawn.
  const bare = await decodePng(await nm.svgToPng(noText(svg)));
  const text = differingPixels(img, bare);
  assert.ok(text > 1500, `${text} pixels of text`);
  assert.ok(darkPixels(bare) < dark - 500, 'text pixels are dark');
});

test('svgToPng scale multiplies the pixel size', async () => {
  const svg = nm.plotConfusionMatrix([[5, 1], [2, 7]]);
  const [w, h] = svgSize(svg);
  const img = await decodePng(await nm.svgToPng(svg, { scale: 2 }));
  assert.equal([img.width, img.height], [2 * w, 2 * h]);
});

test('imageGrid and plotHistory as PNG: the embedded images and the curves are drawn', async () => {
  const imgs = nm.tensor(Array.from({ length: 2 * 8 * 8 }, (_, i) => (i % 8 < 4 ? 0 : 1)), [2, 8, 8]);
  const svg = nm.imageGrid(imgs, { labels: [1, 2] });
  const withImages = await decodePng(await nm.svgToPng(svg));
  const without = await decodePng(await nm.svgToPng(svg.replace(/<image [^>]*\/>/g, '')));
  // Half of each 84×84 cell is black, drawn crisply (no smoothing): about 2 × 84 × 42 pixels differ.
  const d = differingPixels(withImages, without);
  assert.ok(d > 2 * 84 * 40 && d < 2 * 84 * 44, `${d} image pixels`);
  const hist = await decodePng(await nm.svgToPng(nm.plotHistory({ history: { loss: [0.9, 0.5, 0.4], val_loss: [1, 0.6, 0.5] } })));
  assert.ok(darkPixels(hist) > 500);
});

test('plotModel rankdir: LR lays the layers out left to right', () => {
  const tb = nm.plotModel(mlp());
  const lr = nm.plotModel(mlp(), { rankdir: 'LR' });
  const [tw, th] = svgSize(tb), [lw, lh] = svgSize(lr);
  assert.ok(lw > tw && lh < th, `TB ${tw}×${th}, LR ${lw}×${lh}`);
  // Keras's defaults: class names only, no shapes.
  assert.match(tb, />Dense</);
  assert.not.match(tb, /hidden|None/);
  assert.throws(() => nm.plotModel(mlp(), { rankdir: 'BT' }), /rankdir must be 'TB' or 'LR', got "BT"/);
});

test('bad figure input is a typed error', async () => {
  await nm.saveFigure('fig.jpg', '<svg/>').then(() => assert.unreachable(), (e) => { assert.instance(e, nm.ValueError); assert.match(e.message, /\.png or \.svg, got "fig\.jpg"/); });
  await nm.saveFigure('fig.png', 'hello').then(() => assert.unreachable(), (e) => assert.instance(e, nm.ValueError));
  await nm.svgToPng('<svg xmlns="http://www.w3.org/2000/svg"><rect').then(() => assert.unreachable(), (e) => assert.instance(e, nm.FormatError));
  await nm.svgToPng('<svg/>', { scale: 0 }).then(() => assert.unreachable(), (e) => assert.instance(e, nm.ValueError));
});

test.run();
