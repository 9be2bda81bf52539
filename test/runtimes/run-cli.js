// Runs the uvu suite under a command-line runtime (deno or bun) through test/runtimes/cli.js,
// or only the deterministic training run under node. Ends with `<runtime>: N passed, N failed, N skipped`.
// Usage: node test/runtimes/run-cli.js deno|bun [pattern]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { testFiles, repoRoot } from './files.js';
import { parseDeterminism, parseSummaries } from './harness.js';
import { pathToFileURL } from 'node:url';

const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const TIMEOUT_MS = Number(process.env.NEURASM_RUNTIME_TIMEOUT ?? 300_000);

// --expose-gc as in test/run-node.js, for tests that call globalThis.gc?.().
const COMMANDS = {
  deno: (args) => [bin('deno'), ['run', '-A', '--no-lock', '--v8-flags=--expose-gc', 'test/runtimes/cli.js', 'deno', ...args]],
  bun: (args) => [bin('bun'), ['test/runtimes/cli.js', 'bun', ...args]],
  node: (args) => [process.execPath, ['--expose-gc', 'test/runtimes/cli.js', 'node', ...args]],
};

/** Version string of a runtime, e.g. 'deno 2.9.6'. */
export async function version(runtime) {
  if (runtime === 'node') return `node ${process.version.slice(1)}`;
  const r = await exec(bin(runtime), ['--version'], 30_000);
  return `${runtime} ${(/\d+\.\d+\.\d+\S*/.exec(r.stdout) ?? ['?'])[0]}`;
}

/**
 * Runs `files` (or, with suites=false, only the determinism run) under `runtime`.
 * @returns {Promise<{ runtime: string, output: string, passed: number, failed: number, skipped: number,
 *   determinism: object | null }>}  (determinism: see harness.js)
 */
export async function runCli(runtime, files, { suites = true } = {}) {
  const [cmd, args] = COMMANDS[runtime](suites ? files : ['--no-suites']);
  const r = await exec(cmd, args, TIMEOUT_MS);
  const output = r.stdout + r.stderr + (r.timedOut ? `\n${runtime}: timed out after ${TIMEOUT_MS / 1000} s\n` : '');
  const line = parseSummaries(r.stdout).filter((x) => x.name === runtime).at(-1);
  const det = parseDeterminism(runtime, r.stdout);
  let passed = 0, failed = suites ? Math.max(1, files.length) : 0, skipped = 0;
  if (suites && line) ({ passed, skipped } = line);
  if (suites && line) failed = r.code === 0 ? line.failed : Math.max(1, line.failed);
  if (!suites && (r.code !== 0 || !det)) failed = 1;
  return { runtime, output, passed, failed, skipped, determinism: det };
}

function exec(cmd, args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env: plainEnv() });
    let stdout = '', stderr = '', timedOut = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('error', (e) => { stderr += String(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? 1, stdout, stderr, timedOut }); });
  });
}

// As a script: run one runtime and print its report and CI line.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runtime = process.argv[2];
  if (!COMMANDS[runtime]) { console.error('usage: node test/runtimes/run-cli.js deno|bun [pattern]'); process.exit(2); }
  const files = testFiles(process.argv[3]);
  const r = await runCli(runtime, files);
  process.stdout.write(r.output.replace(new RegExp(`^${runtime}: .*\\n?`, 'm'), ''));
  console.log(`${runtime}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  process.exit(r.failed === 0 && (r.passed > 0 || r.skipped > 0) ? 0 : 1);
}

// No colours in captured output (Deno treats any FORCE_COLOR as "force").
function plainEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return env;
}
