// Runs the uvu suite under Node and ends with a plain 'N passed, N failed' line for CI.
// Usage: node test/run-node.js [pattern]   (pattern: a regex on test file paths)
import { spawnSync } from 'node:child_process';

const pattern = process.argv[2] ?? '\\.test\\.js$';
const r = spawnSync(process.execPath, ['--expose-gc', 'node_modules/uvu/bin.js', 'test', pattern, '-i', 'fixtures'], {
  encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 256 * 1024 * 1024,
});
process.stdout.write(r.stdout);
process.stderr.write(r.stderr);
const total = Number(/Total:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
console.log(`node: ${passed} passed, ${total - passed} failed`);
process.exit(r.status === 0 && total > 0 ? 0 : 1);
