// Node's suite: test/**/*.test.js (test/node/ included), each file in its own Node process, two
// at a time (NEURASM_JOBS), slowest first (times of the last run: build/out/test-times.json).
// A line per file as it finishes (its whole report when it fails or skips something), then the
// plain line `node: N passed, N failed, N skipped` for the runners and CI.
// Usage: node test/run-node.js [pattern] [--src] [--unit] [--verbose]
//   pattern    a regex on the test files' paths
//   --src      test the TypeScript sources: a quick unminified build of sdk/ (build/dev.js, cached
//              kernels) replaces dist/ for the tests (test/helpers/src-loader.js); no npm run build
//   --unit     leave out the tests of the built package and the full-data runs (BUNDLE_TESTS,
//              SLOW_TESTS in test/runtimes/files.js)
//   --verbose  print every file's report
// Each file gets a fresh TMPDIR; anything a test leaves in it counts as a failure, and is removed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testFiles, repoRoot } from './runtimes/files.js';
import { parseSummaries } from './runtimes/harness.js';

const args = process.argv.slice(2);
const src = args.includes('--src'), unit = args.includes('--unit'), verbose = args.includes('--verbose');
const pattern = args.find((a) => !a.startsWith('--'));
const jobs = Math.max(1, Number(process.env.NEURASM_JOBS ?? 2));
const t0 = Date.now();

if (src) {
  const { buildDev } = await import('../build/dev.js');
  const b = await buildDev();
  console.log(`dev build from sdk/ in ${b.ms} ms (kernels ${b.kernelsCached ? 'cached' : 'recompiled'})`);
} else if (!existsSync(join(repoRoot, 'dist', 'neurasm.js'))) {
  console.error('dist/neurasm.js is missing: run `npm run build` first (npm test does), or use --src.');
  process.exit(1);
}

const timesFile = join(repoRoot, 'build', 'out', 'test-times.json');
const lastTimes = existsSync(timesFile) ? JSON.parse(readFileSync(timesFile, 'utf8')) : {};
const files = testFiles(pattern, { node: true, unit }).sort((a, b) => (lastTimes[b] ?? 1) - (lastTimes[a] ?? 1));
const nodeArgs = ['--expose-gc', 'test/runtimes/cli.js', 'node', '--no-determinism'];
// With --src the loader goes in NODE_OPTIONS, so the Node processes a test spawns (the CLI, the
// examples under tsx, a child that saves in a loop) load the sources too, not a stale dist/.
const srcOptions = src ? `--enable-source-maps --import=${new URL('./helpers/src-loader.js', import.meta.url).href}` : '';

// What tools (not tests) keep in the temp folder: tsx's compile cache, tsx-<uid>.
const TOOL_CACHES = /^tsx-\d+$/;

function runFile(file) {
  const tmp = mkdtempSync(join(tmpdir(), 'neurasm-run-'));
  const t = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, file], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', TMPDIR: tmp, TMP: tmp, TEMP: tmp,
        ...(src ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${srcOptions}`.trim() } : {}) },
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('close', (code) => {
      const s = parseSummaries(output).filter((x) => x.name === 'node').at(-1) ?? { passed: 0, failed: 1, skipped: 0 };
      let failed = s.failed;
      if (code !== 0 && failed === 0) failed = 1; // the process failed without a failing test: count it
      const left = readdirSync(tmp).filter((f) => !TOOL_CACHES.test(f));
      if (left.length) { failed++; output += `\nFAIL  the tests left files in the temp folder: ${left.join(', ')}\n`; }
      rmSync(tmp, { recursive: true, force: true });
      resolve({ file, passed: s.passed, failed, skipped: s.skipped, output, seconds: (Date.now() - t) / 1000 });
    });
  });
}

console.log(`${files.length} test files${src ? ' from the sdk/ sources' : ''}${unit ? ' (unit: without the bundle and slow tests)' : ''}, ${jobs} at a time`);
const results = [];
let next = 0;
await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, async () => {
  while (next < files.length) {
    const r = await runFile(files[next++]);
    results.push(r);
    const status = r.failed ? 'FAIL' : r.skipped ? 'skip' : 'ok  ';
    console.log(`${status}  ${r.file.padEnd(44)} ${r.passed} passed${r.failed ? `, ${r.failed} failed` : ''}${r.skipped ? `, ${r.skipped} skipped` : ''}  (${r.seconds.toFixed(1)} s)`);
    if (r.failed || verbose) console.log(r.output.replace(/^node: \d+ passed.*\n?/m, '').replace(/^/gm, '    '));
    else for (const l of r.output.split('\n').filter((x) => /^skipped: /.test(x))) console.log(`    ${l}`);
  }
}));

mkdirSync(join(repoRoot, 'build', 'out'), { recursive: true });
writeFileSync(timesFile, JSON.stringify({ ...lastTimes, ...Object.fromEntries(results.map((r) => [r.file, r.seconds])) }, null, 1));
const sum = (k) => results.reduce((n, r) => n + r[k], 0);
console.log(`\n${files.length} files in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`node: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
process.exit(sum('failed') === 0 && (sum('passed') > 0 || sum('skipped') > 0) ? 0 : 1);
