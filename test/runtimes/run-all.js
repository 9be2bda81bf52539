// `npm run test:runtimes`: the uvu suite under Deno, Bun and headless Chromium (a page and a Web
// Worker), plus the deterministic training run in those runtimes and in Node, whose final
// weights must hash the same everywhere. Node's suite itself runs in test/run-node.js.
// Prints each runtime's report, then one `<runtime>: N passed, N failed, N skipped` line per
// runtime and `determinism: N passed, N failed, N skipped`. Without Chromium the browser runs
// are skipped (counted per test file, with the install command), and their determinism hashes
// are "missing"; NEURASM_REQUIRE_BROWSER=1 (CI) makes a missing browser a failure.
// Usage: node test/runtimes/run-all.js [pattern]
// Env: NEURASM_RUNTIMES=deno,bun,chromium (a subset), NEURASM_JOBS=2 (runtimes at once).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { testFiles, repoRoot } from './files.js';
import { runCli, version } from './run-cli.js';
import { runBrowser, BrowserMissing } from './run-browser.js';
import { browserRequired } from './chromium-path.js';
import { summaryLine, parseSummaries } from './harness.js';

if (!existsSync(join(repoRoot, 'dist', 'neurasm.js'))) {
  console.error('dist/neurasm.js is missing: run `npm run build` first (npm test does).');
  process.exit(1);
}
const t0 = Date.now();
const files = testFiles(process.argv[2]);
const wanted = (process.env.NEURASM_RUNTIMES ?? 'deno,bun,chromium').split(',').map((s) => s.trim());
const jobs = Math.max(1, Number(process.env.NEURASM_JOBS ?? 2));

// Each task resolves to a list of { runtime, output, passed, failed, skipped, determinism, version }.
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
        const [{ passed, failed, skipped }] = parseSummaries(summaryLine(runtime, res));
        return { runtime, output: res.output, passed, failed, skipped, determinism: res.determinism, version: `chromium ${r.version}` };
      });
    } catch (e) {
      const skip = e instanceof BrowserMissing && !browserRequired();
      return ['chromium', 'chromium-worker'].map((runtime) => ({
        runtime, version: 'chromium (not found)', determinism: null, missing: skip,
        output: skip ? `SKIPPED: ${e.message}; ${files.length} test files not run here\n` : String(e.stack ?? e) + '\n',
        passed: 0, failed: skip ? 0 : Math.max(1, files.length), skipped: skip ? files.length : 0,
      }));
    }
  }] : []),
];

const results = (await pool(tasks, jobs)).flat();

for (const r of results) {
  if (r.determinismOnly) continue;
  console.log(`\n===== ${r.runtime} (${r.version}; ${r.seconds.toFixed(1)} s) =====`);
  process.stdout.write(r.output.replace(/^(deno|bun)(: \d+ passed, \d+ failed.*| determinism: .*)\n?/gm, ''));
}

// Determinism: every run (tape, fit, …) must hash the same in every runtime.
console.log('\n===== determinism: final weights of seeded training runs in deterministic mode =====');
const runNames = [...new Set(results.flatMap((r) => Object.keys(r.determinism?.runs ?? {})))];
// A runtime that did not run (skipped) is "missing" and is left out of the comparison; one that
// ran and gave no hash is a failure.
let detPassed = 0, detFailed = 0;
const detSkipped = results.filter((r) => r.missing).length;
for (const r of results) {
  const d = r.determinism;
  if (r.missing) console.log(`  ${r.runtime}: missing (did not run: skipped)`);
  else if (!d || d.error) { detFailed++; console.log(`  ${r.runtime}: no result${d?.error ? `\n${d.error}` : ''}`); }
}
const ran = results.filter((r) => !r.missing);
for (const name of runNames) {
  const hashes = ran.map((r) => r.determinism?.runs?.[name]?.hash ?? null);
  const same = hashes.every((h) => h !== null && h === hashes[0]);
  same ? detPassed++ : detFailed++;
  const where = detSkipped ? `all ${ran.length} runtimes that ran` : 'all runtimes';
  console.log(`  ${name}: ${same ? `identical in ${where}` : hashes.includes(null) ? 'a runtime that ran gave no hash' : 'DIFFERENT'}`);
  for (const r of results) {
    const run = r.determinism?.runs?.[name];
    console.log(`    ${r.runtime.padEnd(16)} ${run ? `${run.hash}  loss=${run.loss}${run.threads ? `  threads=${run.threads}` : ''}` : 'missing'}`);
  }
}
console.log(`  kernels: ${results.map((r) => (r.missing ? `${r.runtime} missing` : `${r.runtime} ${r.determinism?.kernels ?? '?'} (relaxed SIMD ${r.determinism?.relaxed ? 'available' : 'unavailable'})`)).join(', ')}`);

console.log(`\nruntimes: ${[...new Set(results.map((r) => r.version))].join(', ')}; ${files.length} test files; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
for (const r of results) if (!r.determinismOnly) console.log(`${r.runtime}: ${r.passed} passed, ${r.failed} failed, ${r.skipped ?? 0} skipped`);
console.log(`determinism: ${detPassed} passed, ${detFailed} failed, ${detSkipped} skipped`);

const ok = detFailed === 0 && detPassed > 0 && results.every((r) => r.failed === 0 && (r.determinismOnly || r.missing || r.passed > 0));
process.exit(ok ? 0 : 1);

// Runs the tasks n at a time; stamps each result with the task's wall time.
async function pool(fns, n) {
  const out = new Array(fns.length);
  let next = 0;
  const worker = async () => {
    while (next < fns.length) {
      const i = next++;
      const t = Date.now();
      out[i] = (await fns[i]()).map((r) => ({ ...r, seconds: (Date.now() - t) / 1000 }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, fns.length) }, worker));
  return out;
}
