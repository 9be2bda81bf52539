// Tests that need something this machine may lack (a browser, a command-line tool). Such a
// test is registered with uvu's test.skip when the thing is missing: uvu counts it under
// "Skipped" (never as passed) and the reason is printed. With `required` (CI sets it), the
// test runs anyway and fails with the reason.
import { execFileSync } from 'node:child_process';

/** `test`, or a stand-in that skips with `reason`, depending on `available`. */
export function testIf(test, available, reason, required = false) {
  if (available) return test;
  if (required) return (name) => test(name, () => { throw new Error(`${reason} (required here)`); });
  return (name, fn) => {
    console.log(`skipped: ${name}: ${reason}`);
    test.skip(name, fn);
  };
}

/** Whether `cmd --version` runs. */
export function hasCommand(cmd) {
  try { execFileSync(cmd, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}
