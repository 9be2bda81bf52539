// Each figure rendered by headless Chromium: a screenshot that is not blank (pixel variance).
import { testIf } from '../helpers/skip.js';
import { INSTALL_HINT, browserRequired } from '../runtimes/chromium-path.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';
import { hasChromium, launch } from './chromium.js';

const browserTest = testIf(test, hasChromium(), `chromium not found (${INSTALL_HINT})`, browserRequired());
browserTest('every SVG figure renders to a non-blank picture in Chromium', async () => {
  const h = { history: { loss: [0.9, 0.5, 0.4], val_loss: [1, 0.6, 0.5], accuracy: [0.6, 0.8, 0.9], val_accuracy: [0.5, 0.7, 0.8] } };
  const m = new nm.Sequential([new nm.layers.Dense(3, { inputShape: [2] }), new nm.layers.Dense(1)]);
  const figures = {
    history: nm.plotHistory(h),
    model: nm.plotModel(m),
    grid: nm.imageGrid(nm.randomUniform([4, 8, 8], 0, 1, 'float32', 1), { labels: [1, 2, 3, 4] }),
    confusion: nm.plotConfusionMatrix([[5, 1], [2, 7]]),
  };
  const ctx = await launch();
  try {
    const page = await ctx.newPage();
    for (const [name, svg] of Object.entries(figures)) {
      await page.setContent(`<html><body style="margin:0;background:#fff">${svg}</body></html>`);
      const ok = await page.evaluate(() => !!document.querySelector('svg') && document.querySelector('svg').getBBox().width > 0);
      assert.ok(ok, `${name}: the SVG parsed and has content`);
      const png = await page.locator('svg').screenshot();
      // A blank picture would be one colour: look for dark pixels through a canvas.
      const dark = await page.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width; c.height = img.height;
        const g = c.getContext('2d');
        g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 300) n++;
        return n / (d.length / 4);
      }, png.toString('base64'));
      assert.ok(dark > 0.002, `${name}: ${(dark * 100).toFixed(2)}% dark pixels`);
    }
  } finally {
    await ctx.close();
  }
});

test.run();
