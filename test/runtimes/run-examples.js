// `npm run examples [-- --quick] [--runtimes=node,deno,bun] [--only=<regex>]`: runs every script
// in examples/ under Node (tsx), Deno (`deno run -A`) and Bun, passing --quick on. A script is an
// example unless another example imports it (common.ts); examples/web/ is a page, not run here.
// Prints one status line per run, the output of failed runs, then `examples-<runtime>: N passed, N failed`.
// IMDB and Reuters run on GENERATED files in Keras's format (test/runtimes/example-data.js), and
// their status lines say so; Boston housing runs on the real rows npm ships.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './files.js';
import { writeExampleData, exampleDataArgs } from './example-data.js';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const opt = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = argv.includes('--quick');
const runtimes = (opt('runtimes') ?? 'node,deno,bun').split(',');
const only = opt('only') ? new RegExp(opt('only')) : null;
const jobs = Math.max(1, Number(process.env.NEURASM_JOBS ?? 2));
const timeoutMs = Number(process.env.NEURASM_EXAMPLE_TIMEOUT ?? (quick ? 180_000 : 3_600_000));
const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);

const COMMANDS = {
  node: (file) => [bin('tsx'), [file]],
  deno: (file) => [bin('deno'), ['run', '-A', '--no-lock', file]],
  bun: (file) => [bin('bun'), [file]],
};

/** examples/*.ts that no other example imports. */
export function exampleFiles() {
  const dir = join(repoRoot, 'examples');
  const ts = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => e.name);
  const imported = new Set();
  for (const f of ts) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/from\s+['"]\.\/([^'"]+\.ts)['"]/g)) imported.add(m[1]);
  }
  return ts.filter((f) => !imported.has(f)).sort().map((f) => `examples/${f}`);
}

function runOne(runtime, file, extra = []) {
  const [cmd, args] = COMMANDS[runtime](file);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, [...args, ...(quick ? ['--quick'] : []), ...extra], { cwd: repoRoot, env: plainEnv() });
    let output = '', timedOut = false;
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.on('error', (e) => { output += String(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) output += `\ntimed out after ${timeoutMs / 1000} s\n`;
      resolve({ runtime, file, ok: code === 0 && !timedOut, output, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = exampleFiles().filter((f) => !only || only.test(f));
  const queue = files.flatMap((f) => runtimes.map((r) => [r, f]));
  const results = [];
  const data = writeExampleData(), dataArgs = exampleDataArgs(data);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    while (next < queue.length) {
      const [r, f] = queue[next++];
      const res = await runOne(r, f, dataArgs[f]?.args);
      const note = dataArgs[f] ? `  [${dataArgs[f].note}]` : '';
      console.log(`${res.ok ? 'ok  ' : 'FAIL'}  ${r.padEnd(5)} ${f}  (${res.seconds.toFixed(1)} s)${note}`);
      results.push(res);
    }
  }));
  rmSync(data.dir, { recursive: true, force: true });
  for (const r of results.filter((x) => !x.ok)) {
    console.log(`\n===== FAILED: ${r.runtime} ${r.file} =====\n${r.output.split('\n').slice(-40).join('\n')}`);
  }
  console.log('');
  for (const rt of runtimes) {
    const mine = results.filter((r) => r.runtime === rt);
    console.log(`examples-${rt}: ${mine.filter((r) => r.ok).length} passed, ${mine.filter((r) => !r.ok).length} failed, 0 skipped`);
  }
  process.exit(results.length > 0 && results.every((r) => r.ok) ? 0 : 1);
}

// No colours in captured output (Deno treats any FORCE_COLOR as "force").
function plainEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  return env;
}
