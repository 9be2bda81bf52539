// What a page downloads: an entry module of dist/ and every module it imports statically (the
// shared chunks), each gzipped at level 9 as a server would send it; the lazy modules (io,
// TensorBoard, PNG: import() on first use) are not in it. The budget is on PAGE_ENTRY, the entry
// a page imports to train and predict (neurasm/core); the full entry's figure is reported beside it. With the build's metafile, the bytes
// of each source file in those modules. Used by build/build.js and test/node/dist.test.js.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The entry a page uses to train and predict (neurasm/core, minified): the budget's subject. */
export const PAGE_ENTRY = 'neurasm-core.min.js';
/** The full entry (neurasm: the core and the extras), minified. */
export const FULL_ENTRY = 'neurasm.min.js';

/** The relative modules `src` imports statically (`import … from "./x"`, `import "./x"`, `export … from`). */
export const staticImportsOf = (src) => [...src.matchAll(/(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w$*{},\s]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
/** The specifiers `src` imports with a literal import("…"). */
export const dynamicImportsOf = (src) => [...src.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);

/** [{ name, raw, gzip }] of `entry` and its static import closure in `dir`, and the gzip total. */
export function pageDownload(dir, entry) {
  const files = [];
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const bytes = readFileSync(join(dir, name));
    files.push({ name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
    for (const s of staticImportsOf(bytes.toString('utf8'))) {
      if (!s.startsWith('./')) throw new Error(`${name} imports ${s} statically: a page cannot load that`);
      visit(s.slice(2));
    }
  };
  visit(entry);
  return { files, gzip: files.reduce((a, f) => a + f.gzip, 0), raw: files.reduce((a, f) => a + f.raw, 0) };
}

/**
 * The files a page that loaded `entry` downloads when it starts worker threads: the chunks its
 * code imports with import() (the thread pool's worker program, engine/worker.ts; the named lazy
 * modules — io, TensorBoard, PNG — are not chunks) and what they import that the page lacks.
 * Only a cross-origin-isolated page starts threads.
 */
export function threadsDownload(dir, entry) {
  const page = pageDownload(dir, entry), have = new Set(page.files.map((f) => f.name));
  const chunks = new Set(page.files.flatMap((f) => dynamicImportsOf(readFileSync(join(dir, f.name), 'utf8')))
    .filter((s) => /^\.\/neurasm-chunk-/.test(s)).map((s) => s.slice(2)));
  const files = [...chunks].flatMap((c) => pageDownload(dir, c).files).filter((f, i, all) => !have.has(f.name) && all.findIndex((g) => g.name === f.name) === i);
  return { files, gzip: files.reduce((a, f) => a + f.gzip, 0) };
}

/** The files `entry` loads that a page which already loaded `base` does not have yet. */
export function addedTo(dir, base, entry) {
  const have = new Set(pageDownload(dir, base).files.map((f) => f.name));
  return pageDownload(dir, entry).files.filter((f) => !have.has(f.name));
}

/**
 * Where the page download's bytes come from: the source files (folders below sdk/, and the
 * kernels) with their minified bytes and their share of the gzip size (the kernels' gzip is
 * measured on their own, since base64 of compressed bytes barely compresses; the rest is split by
 * minified bytes). `metaFile` is what build/build.js writes (build/out/bundle-meta.min.json).
 */
export function breakdown(dir, entry, metaFile, { byFile = false } = {}) {
  if (!existsSync(metaFile)) return null;
  const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  const page = pageDownload(dir, entry);
  const rows = new Map();
  let kernelGzip = 0;
  for (const f of page.files) {
    const out = Object.entries(meta.outputs).find(([p]) => p.endsWith(`/${f.name}`) || p === f.name)?.[1];
    if (!out) throw new Error(`${f.name} is not in ${metaFile}: run npm run build`);
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const key = input.endsWith('.bin') || input.endsWith('.wasm') ? input : byFile ? input : input.replace(/\/[^/]+$/, '/');
      rows.set(key, (rows.get(key) ?? 0) + bytesInOutput);
      if (input.endsWith('.bin') && bytesInOutput > 0) kernelGzip += gzipSync(readFileSync(input.startsWith('/') ? input : join(metaFile, '../../..', input)).toString('base64'), { level: 9 }).length;
    }
  }
  const codeBytes = [...rows].filter(([k]) => !/\.(bin|wasm)$/.test(k)).reduce((a, [, b]) => a + b, 0);
  const codeGzip = page.gzip - kernelGzip;
  return [...rows].map(([input, raw]) => ({ input, raw, gzip: /\.(bin|wasm)$/.test(input) ? kernelGzip : Math.round(raw / codeBytes * codeGzip) }))
    .sort((a, b) => b.raw - a.raw);
}

/** The breakdown as lines of text. */
export function formatBreakdown(rows, limit = Infinity) {
  const kib = (n) => (n / 1024).toFixed(1).padStart(6);
  const shown = rows.slice(0, limit);
  const lines = shown.map((r) => `${kib(r.raw)} KiB min ${kib(r.gzip)} KiB gzip  ${r.input}`);
  const rest = rows.slice(limit);
  if (rest.length) lines.push(`${kib(rest.reduce((a, r) => a + r.raw, 0))} KiB min ${kib(rest.reduce((a, r) => a + r.gzip, 0))} KiB gzip  (${rest.length} more)`);
  return lines;
}
