// Entry point for Deno and Bun (and Node for the determinism hash):
//   deno run -A test/runtimes/cli.js <runtime-name> [--no-suites] <test files relative to the repo>...
// Runs the files, prints uvu's report, then two plain lines the runner reads:
//   <runtime>: N passed, N failed
//   <runtime> determinism: <sha256 of the final weights> loss=<final loss> kernels=<kernels> relaxed-simd=<bool>
import { runSuites, summaryLine } from './harness.js';

const args = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
const [runtime, ...rest] = args;
const noSuites = rest.includes('--no-suites');
const files = rest.filter((a) => !a.startsWith('--'));

const r = await runSuites({ files: noSuites ? [] : files });
if (!noSuites) console.log(summaryLine(runtime, r));
console.log(`${runtime} determinism: ${r.determinism.hash} loss=${r.determinism.loss} kernels=${r.determinism.kernels} relaxed-simd=${r.determinism.relaxed}`);
const ok = noSuites || (r.total > 0 && r.passed === r.total && r.failedFiles.length === 0);
if (globalThis.Deno) Deno.exit(ok ? 0 : 1);
else globalThis.process.exit(ok ? 0 : 1);
