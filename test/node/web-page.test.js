// The static page in examples/web: trains MNIST in a Worker in headless Chromium, then a digit
// drawn on the canvas gets a prediction. Saves test/out/web-page.png for people to look at.
import { testIf } from '../helpers/skip.js';
import { INSTALL_HINT, browserRequired } from '../runtimes/chromium-path.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './static-server.js';
import { hasChromium, launch } from './chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const browserTest = testIf(test, hasChromium(), `chromium not found (${INSTALL_HINT})`, browserRequired());
browserTest('the web page trains MNIST in a worker and predicts a drawn digit', async () => {
  const server = await serve(root);
  const ctx = await launch();
  try {
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/examples/web/index.html`);
    await page.waitForFunction(() => window.neurasmPage?.ready === true, null, { timeout: 30000 });
    await page.fill('#epochs', '2');
    await page.click('#mnist');
    await page.waitForFunction(() => window.neurasmPage.mnistReady || window.neurasmPage.error, null, { timeout: 120000 });
    const st = await page.evaluate(() => ({ acc: window.neurasmPage.testAccuracy, err: window.neurasmPage.error, points: window.neurasmPage.points.length }));
    assert.is(st.err, undefined, `page error: ${st.err}`);
    assert.ok(st.acc > 0.85, `test accuracy ${st.acc}`);
    assert.ok(st.points > 10, 'the chart received batch updates');
    // Draw a "1": a vertical stroke in the middle of the pad.
    const box = await page.locator('#pad').boundingBox();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.2 + 0.05 * i));
    await page.mouse.up();
    await page.waitForFunction(() => window.neurasmPage.lastPrediction, null, { timeout: 10000 });
    const pred = await page.evaluate(() => window.neurasmPage.lastPrediction);
    assert.is(pred.probs.length, 10);
    assert.ok(Math.abs(pred.probs.reduce((a, b) => a + b, 0) - 1) < 1e-3, 'probabilities sum to 1');
    assert.is(pred.digit, 1, `a vertical stroke should read as 1, got ${pred.digit}`);
    const text = await page.textContent('#progress');
    // Keras's time per step: s, ms, or us below a millisecond (a fast machine's 784→128→10 steps).
    assert.ok(/━{20} \d+s \d+[mu]?s\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}/.test(text), `progress line: ${text}`);
    assert.match(await page.textContent('#summary'), /Total params: 101,770/);
    mkdirSync(fileURLToPath(new URL('../out/', import.meta.url)), { recursive: true });
    await page.screenshot({ path: fileURLToPath(new URL('../out/web-page.png', import.meta.url)), fullPage: true });
    assert.equal(errors, []);
  } finally {
    await ctx.close();
    await server.close();
  }
});

test.run();
