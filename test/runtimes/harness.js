// Runs uvu test files inside any runtime (Deno, Bun, Node, a browser page or a Web Worker) the
// way uvu's own CLI does (UVU_DEFER + one UVU_QUEUE group per file), captures what uvu prints
// and returns the counts. Test files are given as paths relative to the repo root.

const repo = new URL('../../', import.meta.url);

/**
 * Runs the files, then the deterministic training run.
 * @param {{ files: string[], determinism?: boolean, echo?: boolean }} opts
 * uvu's Total counts the tests that ran; Skipped (test.skip) is apart from it.
 * @returns {Promise<{ total: number, passed: number, skipped: number, failedFiles: string[], output: string,
 *   determinism?: { runs: Record<string, { hash: string, loss: number }>, kernels: string, relaxed: boolean }
 *     | { error: string } }>}
 */
export async function runSuites({ files, determinism = true, echo = true }) {
  const out = capture(echo);
  const failedFiles = [];
  let total = 0, passed = 0, skipped = 0;
  try {
    (await import('kleur')).default.enabled = false; // plain text for CI logs and our parser
    globalThis.UVU_DEFER = 1;
    const uvu = await import('uvu');
    globalThis.UVU_QUEUE.length = 0;
    let index = 0;
    for (const file of files) {
      globalThis.UVU_INDEX = index;
      globalThis.UVU_QUEUE.push([file]);
      try {
        await import(new URL(file, repo).href);
        index++;
      } catch (e) {
        // A file that fails to load counts as one failure; its group is dropped.
        globalThis.UVU_QUEUE.pop();
        failedFiles.push(file);
        out.write(`\nFAILED TO LOAD ${file}\n  ${e?.stack ?? e}\n`);
      }
    }
    if (files.length > failedFiles.length) await uvu.exec();
    total = lastNumber(/^\s*Total:\s+(\d+)/gm, out.text());
    passed = lastNumber(/^\s*Passed:\s+(\d+)/gm, out.text());
    skipped = lastNumber(/^\s*Skipped:\s+(\d+)/gm, out.text());
  } finally {
    out.restore();
  }
  const result = { total, passed, skipped, failedFiles, output: out.text() };
  if (determinism) {
    try {
      const nm = await import(new URL('dist/neurasm.js', repo).href);
      const { trainingHashes } = await import('./determinism.js');
      result.determinism = await trainingHashes(nm);
    } catch (e) {
      result.determinism = { error: String(e?.stack ?? e) };
    }
  }
  return result;
}

// uvu's summary comes last (a test may print look-alike lines before it).
function lastNumber(re, text) {
  return Number([...text.matchAll(re)].at(-1)?.[1] ?? 0);
}

// uvu writes with process.stdout.write where `process` exists (Node, Deno 2, Bun) and with
// console.log elsewhere; both are wrapped, and still echo unless told otherwise.
function capture(echo) {
  let text = '';
  const undo = [];
  const wrap = (obj, key, toText) => {
    const orig = obj[key];
    obj[key] = function (...args) {
      text += toText(args);
      return echo ? orig.apply(this, args) : true;
    };
    undo.push(() => { obj[key] = orig; });
  };
  const stdout = globalThis.process?.stdout;
  if (stdout && typeof stdout.write === 'function') wrap(stdout, 'write', (a) => String(a[0]));
  // In browsers uvu prints fragments ('• ', '\n  Total: …') with console.log: keep those as they
  // are, and give other logged lines their newline.
  wrap(console, 'log', (a) => { const s = a.join(' '); return /^\s|\s$/.test(s) ? s : s + '\n'; });
  return {
    text: () => text,
    write: (s) => { text += s; if (echo) console.error(s); },
    restore: () => undo.forEach((f) => f()),
  };
}

/** The line the runners read. */
export function summaryLine(runtime, r) {
  const failed = r.total - r.passed + r.failedFiles.length;
  return `${runtime}: ${r.passed} passed, ${failed} failed, ${r.skipped ?? 0} skipped`;
}

/** Parses every `<name>: N passed, N failed[, N skipped]` line of a text. */
export function parseSummaries(text) {
  return [...text.matchAll(/^([\w.-]+): (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm)]
    .map((m) => ({ name: m[1], passed: Number(m[2]), failed: Number(m[3]), skipped: Number(m[4] ?? 0) }));
}

/** The determinism report as one line, and back. */
export function determinismLine(runtime, d) {
  return `${runtime} determinism: ${JSON.stringify(d)}`;
}
export function parseDeterminism(runtime, text) {
  const m = new RegExp(`^${runtime} determinism: (\\{.*\\})$`, 'm').exec(text);
  return m ? JSON.parse(m[1]) : null;
}
