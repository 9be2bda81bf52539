// `npm test` (after `npm run build`): Node's suite, the same suite under Deno, Bun and Chromium
// (page and worker) with the cross-runtime determinism check, then the examples. Each part
// streams its report; the end is one line per part and, last, the plain total line CI reads:
//   N passed, N failed, N skipped
// Usage: node test/run.js [--skip=node,runtimes,examples]
import { spawn } from 'node:child_process';
import { repoRoot } from './runtimes/files.js';
import { parseSummaries } from './runtimes/harness.js';

const PARTS = [
  ['node', ['test/run-node.js']],
  ['runtimes', ['test/runtimes/run-all.js']],
  ['examples', ['test/runtimes/run-examples.js', '--quick']],
];
const leaveOut = (process.argv.find((a) => a.startsWith('--skip=')) ?? '--skip=').slice(7).split(',');
const t0 = Date.now();
const lines = [];
let allOk = true;

for (const [part, args] of PARTS) {
  if (leaveOut.includes(part)) { console.log(`\n##### ${part}: left out (--skip)`); continue; }
  console.log(`\n##### ${part}: node ${args.join(' ')}`);
  const t = Date.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  // The last line of each name counts (a runner may echo a sub-runner's line before its own).
  const byName = new Map(parseSummaries(out).map((s) => [s.name, s]));
  if (byName.size === 0) byName.set(part, { name: part, passed: 0, failed: 1, skipped: 0 });
  else if (code !== 0 && [...byName.values()].every((s) => s.failed === 0)) byName.set(`${part}-exit`, { name: `${part}-exit`, passed: 0, failed: 1, skipped: 0 });
  if (code !== 0) allOk = false;
  lines.push(...byName.values());
  console.log(`##### ${part}: exit ${code} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

const sum = (k) => lines.reduce((n, s) => n + s[k], 0);
console.log(`\n===== npm test summary (${((Date.now() - t0) / 1000).toFixed(0)} s) =====`);
for (const s of lines) console.log(`  ${s.name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
const skippedNote = sum('skipped') ? '  (skipped: see SKIPPED / skipped: lines above for why and how to install what is missing)' : '';
if (skippedNote) console.log(skippedNote);
console.log(`${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
process.exit(allOk && sum('failed') === 0 ? 0 : 1);
