// Seconds per MNIST-MLP epoch in headless Chromium (Debian's chromium via playwright-core), in a
// page and in a module Worker, on one thread and on two. The page is served cross-origin
// isolated (COOP/COEP), so shared memory and threads are available as in a real deployment
// that sends those headers.  Usage: node bench/browser-epoch.js [--epochs 2] [--json out.json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../test/runtimes/server.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const EPOCHS = Number(opt('epochs', 2));

export async function runBrowserEpochs(epochs = EPOCHS) {
  const repo = `/${basename(root.replace(/\/$/, ''))}/`;
  const page = `${repo}bench/browser/__bench.html`;
  const html = `<!doctype html><meta charset="utf-8"><title>neurasm bench</title><script type="module">
    import { mnistEpochs } from '${repo}bench/browser/epoch.js';
    globalThis.inPage = (o) => mnistEpochs(o);
    globalThis.inWorker = (o) => new Promise((resolve, reject) => {
      const w = new Worker('${repo}bench/browser/worker.js', { type: 'module' });
      w.onmessage = (e) => { w.terminate(); e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.result); };
      w.onerror = (e) => { w.terminate(); reject(new Error(e.message)); };
      w.postMessage(o);
    });
    globalThis.ready = true;
  </script>`;
  const server = await serve(dirname(root.replace(/\/$/, '')), { routes: { [page]: html } });
  const userDataDir = mkdtempSync(join(tmpdir(), 'neurasm-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const rows = [];
  try {
    const tab = context.pages()[0] ?? await context.newPage();
    await tab.goto(server.origin + page);
    await tab.waitForFunction(() => globalThis.ready === true);
    for (const where of ['inPage', 'inWorker']) {
      for (const threads of [1, 2]) {
        const r = await tab.evaluate(([w, o]) => globalThis[w](o), [where, { repo, threads, epochs }]);
        const name = `chromium ${context.browser()?.version() ?? ''} ${where === 'inPage' ? 'page' : 'Worker'}, ${r.threads} thread${r.threads > 1 ? 's' : ''} (${r.kernels})`;
        const secondsPerEpoch = [...r.times].sort((a, b) => a - b)[r.times.length >> 1];
        rows.push({ name, secondsPerEpoch, all: r.times, testAccuracy: r.testAccuracy });
        console.log(`${name.padEnd(60)} ${secondsPerEpoch.toFixed(2)} s/epoch  test acc ${r.testAccuracy.toFixed(4)}`);
      }
    }
  } finally {
    await context.close().catch(() => {});
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await runBrowserEpochs();
  const out = opt('json', null);
  if (out) writeFileSync(out, JSON.stringify(rows, null, 2));
}
