// `npm run test:runtimes`: the uvu suite under Deno, Bun and headless Chromium (a page and a Web
// Worker), plus the deterministic training run in those runtimes and in Node, whose final
// weights must hash the same everywhere. Node's suite itself runs in test/run-node.js.
// Prints each runtime's report, then one `<runtime>: N passed, N failed` line per runtime and
// `determinism: N passed, N failed`. Usage: node test/runtimes/run-all.js [pattern]
// Env: NEURASM_RUNTIMES=deno,bun,chromium (a subset), NEURASM_JOBS=2 (runtimes at once).
import { testFiles } from './files.js';
import { runCli, version } from './run-cli.js';
import { runBrowser } from './run-browser.js';
import { summaryLine } from './harness.js';

const t0 = Date.now();
const files = testFiles(process.argv[2]);
const wanted = (process.env.NEURASM_RUNTIMES ?? 'deno,bun,chromium').split(',').map((s) => s.trim());
const jobs = Math.max(1, Number(process.env.NEURASM_JOBS ?? 2));

// Each task resolves to a list of { runtime, output, passed, failed, determinism, version }.
const tasks = [
  async () => [{ ...(await runCli('node', files, { suites: false })), version: await version('node'), determinismOnly: true }],
  ...['deno', 'bun'].filter((r) => wanted.includes(r)).map((r) => async () => {
    const [res, v] = await Promise.all([runCli(r, files), version(r)]);
    return [{ ...res, version: v }];
  }),
  ...(wanted.includes('chromium') ? [async () => {
    try {
      const r = await runBrowser(files);
      return [['chromium', r.page], ['chromium-worker', r.worker]].map(([runtime, res]) => {
        const [, p, f] = /: (\d+) passed, (\d+) failed/.exec(summaryLine(runtime, res)).map(Number);
        return { runtime, output: res.output, passed: p, failed: f, determinism: res.determinism, version: `chromium ${r.version}` };
      });
    } catch (e) {
      return [{ runtime: 'chromium', output: String(e.stack ?? e) + '\n', passed: 0, failed: Math.max(1, files.length), determinism: null, version: 'chromium ?' }];
    }
  }] : []),
];

const results = (await pool(tasks, jobs)).flat();

for (const r of results) {
  if (r.determinismOnly) continue;
  console.log(`\n===== ${r.runtime} (${r.version}) =====`);
  process.stdout.write(r.output.replace(/^(deno|bun)(: \d+ passed, \d+ failed| determinism: .*)\n?/gm, ''));
}

console.log('\n===== determinism: final weights of the seeded training run (deterministic mode) =====');
const hashes = new Set();
for (const r of results) {
  const d = r.determinism;
  console.log(`  ${r.runtime.padEnd(16)} ${d ? `${d.hash}  loss=${d.loss}  kernels=${d.kernels}  relaxed-simd supported: ${d.relaxed}` : 'no result'}`);
  hashes.add(d?.hash ?? 'missing');
}
const detOk = hashes.size === 1 && !hashes.has('missing');

console.log(`\nruntimes: ${[...new Set(results.map((r) => r.version))].join(', ')}; ${files.length} test files; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
for (const r of results) if (!r.determinismOnly) console.log(`${r.runtime}: ${r.passed} passed, ${r.failed} failed`);
console.log(`determinism: ${detOk ? 1 : 0} passed, ${detOk ? 0 : 1} failed`);

const ok = detOk && results.every((r) => r.failed === 0 && (r.determinismOnly || r.passed > 0));
process.exit(ok ? 0 : 1);

async function pool(fns, n) {
  const out = new Array(fns.length);
  let next = 0;
  const worker = async () => { while (next < fns.length) { const i = next++; out[i] = await fns[i](); } };
  await Promise.all(Array.from({ length: Math.min(n, fns.length) }, worker));
  return out;
}
