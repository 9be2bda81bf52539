// Entry point for Deno and Bun (and Node for the determinism hash):
//   deno run -A test/runtimes/cli.js <runtime-name> [--no-suites] [--no-determinism] <test files relative to the repo>...
// (test/run-node.js runs Node's suite through it too.) Runs the files, prints uvu's report as it
// goes, then two plain lines the runner reads:
//   <runtime>: N passed, N failed, N skipped
//   <runtime> determinism: {"runs":{"tape":{"hash":…,"loss":…},…},"kernels":…,"relaxed":…}
import { runSuites, summaryLine, determinismLine } from './harness.js';

// Node runs the suite with --expose-gc and Deno with --v8-flags=--expose-gc; Bun's equivalent:
if (typeof globalThis.gc !== 'function' && globalThis.Bun) globalThis.gc = () => globalThis.Bun.gc(true);

const args = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
const [runtime, ...rest] = args;
const noSuites = rest.includes('--no-suites');
const determinism = !rest.includes('--no-determinism');
const files = rest.filter((a) => !a.startsWith('--'));

const r = await runSuites({ files: noSuites ? [] : files, determinism });
if (!noSuites) console.log(summaryLine(runtime, r));
if (determinism) console.log(determinismLine(runtime, r.determinism));
const ok = !r.determinism?.error && (noSuites || ((r.total > 0 || r.skipped > 0) && r.passed === r.total && r.failedFiles.length === 0));
if (globalThis.Deno) Deno.exit(ok ? 0 : 1);
else globalThis.process.exit(ok ? 0 : 1);
