// Runs the uvu suite in headless Chromium (Debian's chromium via playwright-core; see
// chromium-path.js for where it is looked for),
// twice at once: in a page (uvu loaded through an import map) and in a module Web Worker.
// Ends with `chromium: N passed, N failed, N skipped` and the same for `chromium-worker`.
// Usage: node test/runtimes/run-browser.js [pattern]   |   node test/runtimes/run-browser.js --serve [pattern]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './server.js';
import { importMap } from './importmap.js';
import { testFiles, repoRoot } from './files.js';
import { summaryLine, determinismLine } from './harness.js';
import { findChromium, INSTALL_HINT, browserRequired } from './chromium-path.js';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  '--js-flags=--expose-gc']; // globalThis.gc as in the Node run (test/run-node.js uses --expose-gc)
const TIMEOUT_MS = Number(process.env.NEURASM_RUNTIME_TIMEOUT ?? 300_000);

/** Serves the repo with the harness page; resolves to { server, url }. */
export async function serveHarness(files) {
  const base = '/';
  const imports = Object.fromEntries(Object.entries(importMap(repoRoot, [...files, 'test/runtimes/harness.js'])).map(([k, v]) => [k, base + v]));
  const pagePath = `${base}test/runtimes/__page.html`;
  const server = await serve(repoRoot, {
    routes: { [pagePath]: pageHTML(imports, `${base}test/runtimes/harness.js`, `/~worker${base}test/runtimes/worker.js`, files) },
    rewrite: { prefix: '/~worker', imports },
  });
  return { server, url: server.origin + pagePath };
}

/** Runs the suite in a page and in a worker; returns { version, page, worker } harness results. */
export async function runBrowser(files) {
  const executable = findChromium();
  if (!executable) throw new BrowserMissing();
  const { server, url } = await serveHarness(files);
  const userDataDir = mkdtempSync(join(tmpdir(), 'neurasm-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: executable, headless: true, args: FLAGS });
    const page = context.pages()[0] ?? await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(`page error: ${e.stack ?? e}`));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    await page.goto(url);
    await page.waitForFunction(() => globalThis.neurasmHarness !== undefined, null, { timeout: 30_000 });
    const run = (where) => page.evaluate(([w, f]) => globalThis.neurasmHarness[w](f), [where, files]);
    const [inPage, inWorker] = await withTimeout(Promise.all([run('runInPage'), run('runInWorker')]), TIMEOUT_MS, 'chromium');
    for (const e of errors) console.error(e);
    return { version: context.browser()?.version() ?? '', page: inPage, worker: inWorker };
  } finally {
    await context?.close().catch(() => {});
    await server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** No Chromium on this machine: the runners report the browser runs as skipped (or failed, in CI). */
export class BrowserMissing extends Error {
  constructor() {
    super(`chromium not found (looked at $CHROMIUM_PATH, then chromium / chromium-browser on the PATH): ${INSTALL_HINT}`);
  }
}

// The harness page. Opened by hand with #page or #worker it runs the suite there and shows
// uvu's report (see --serve below).
function pageHTML(imports, harness, worker, files) {
  return `<!doctype html>
<meta charset="utf-8">
<title>neurasm tests</title>
<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">
import { runSuites } from ${JSON.stringify(harness)};
globalThis.neurasmHarness = {
  runInPage: (files) => runSuites({ files, echo: false }),
  runInWorker: (files) => new Promise((resolve, reject) => {
    const w = new Worker(${JSON.stringify(worker)}, { type: 'module' });
    w.onmessage = (e) => { w.terminate(); e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.result); };
    w.onerror = (e) => { w.terminate(); reject(new Error('worker: ' + (e.message || 'failed to load'))); };
    w.postMessage({ files });
  }),
};
const where = { '#page': 'runInPage', '#worker': 'runInWorker' }[location.hash];
if (where) {
  const pre = document.body.appendChild(document.createElement('pre'));
  pre.textContent = 'running…';
  globalThis.neurasmHarness[where](${JSON.stringify(files)}).then(
    (r) => { pre.textContent = r.output + '\\n' + JSON.stringify(r.determinism, null, 2); },
    (e) => { pre.textContent = String(e.stack ?? e); });
}
</script>
`;
}

function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms); });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// As a script: print both reports and the CI lines. With --serve, only serve the page for a
// browser of your own: open the printed URL with #page or #worker.
if (import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--serve')) {
  const { url } = await serveHarness(testFiles(process.argv.slice(2).find((a) => !a.startsWith('--'))));
  console.log(`open ${url}#page or ${url}#worker (Ctrl-C to stop)`);
} else if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = testFiles(process.argv[2]);
  let ok = false;
  try {
    const r = await runBrowser(files);
    const both = [['chromium', r.page], ['chromium-worker', r.worker]];
    for (const [name, res] of both) console.log(`===== ${name} (Chromium ${r.version}) =====\n${res.output}`);
    for (const [name, res] of both) console.log(determinismLine(name, res.determinism));
    for (const [name, res] of both) console.log(summaryLine(name, res));
    ok = [r.page, r.worker].every((res) => res.total > 0 && res.passed === res.total && res.failedFiles.length === 0);
  } catch (e) {
    const skip = e instanceof BrowserMissing && !browserRequired();
    console.error(skip ? `SKIPPED: ${e.message}` : e.stack ?? e);
    for (const name of ['chromium', 'chromium-worker']) console.log(skip ? `${name}: 0 passed, 0 failed, ${files.length} skipped` : `${name}: 0 passed, ${files.length} failed, 0 skipped`);
    ok = skip;
  }
  process.exit(ok ? 0 : 1);
}
