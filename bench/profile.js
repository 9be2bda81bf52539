// Where a step's time goes: runs a bench script under V8's sampling profiler (node --cpu-prof)
// and prints self time by wasm kernel (named by their exports, since the wasm has no name
// section) and by JavaScript source file, for the closing notes' "what stands in the way".
// Usage: node bench/profile.js <script in bench/> [its arguments...]
//   e.g. node bench/profile.js mnist-epoch.js --epochs 1   or   node bench/profile.js cnn-step.js --steps 20
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const [script, ...args] = process.argv.slice(2);
if (!script) { console.error('usage: node bench/profile.js <script in bench/> [args...]'); process.exit(2); }

/** Function index → export name, from a wasm file's import and export sections. */
function exportNames(file) {
  const b = readFileSync(file);
  let p = 8;
  const u32 = () => { let r = 0, s = 0, x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
  const str = () => { const n = u32(); const t = b.subarray(p, p + n).toString('utf8'); p += n; return t; };
  let importedFuncs = 0;
  const names = new Map();
  while (p < b.length) {
    const id = b[p++], size = u32(), end = p + size;
    if (id === 2) { // imports: functions among them shift the indices
      for (let n = u32(); n > 0; n--) {
        str(); str();
        const kind = b[p++];
        if (kind === 0) { u32(); importedFuncs++; } else if (kind === 1) { p++; const f = u32(); u32(); if (f & 1) u32(); } else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); } else { p += 2; }
      }
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) { const name = str(); const kind = b[p++]; const idx = u32(); if (kind === 0) names.set(idx, name); }
    }
    p = end;
  }
  return { names, importedFuncs };
}

const dir = mkdtempSync(join(tmpdir(), 'neurasm-prof-'));
try {
  execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, join(root, 'bench', script), ...args], { stdio: 'inherit' });
  // Two wasm modules (the main kernels and, once a conv layer loads, the convolution ones). A
  // frame's url names its module by a hash of its bytes, so each url is matched to a module by
  // the function indices seen: the main module has far more functions, the url with the highest
  // index is the main one.
  const modules = [exportNames(join(root, 'build/out/simd.wasm')), exportNames(join(root, 'build/out/conv-simd.wasm'))];
  const highest = new Map();
  const totals = new Map();
  let all = 0;
  const profiles = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  for (const prof of profiles) for (const n of prof.nodes) {
    const m = n.callFrame.url.startsWith('wasm://') && /(\d+)\]?$/.exec(n.callFrame.functionName);
    if (m) highest.set(n.callFrame.url, Math.max(highest.get(n.callFrame.url) ?? 0, Number(m[1])));
  }
  const mainUrl = [...highest].sort((a, b) => b[1] - a[1])[0]?.[0];
  for (const prof of profiles) {
    const byId = new Map(prof.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    /** A wasm frame's export name; an internal function is named by the export that called it. */
    const wasmName = (id) => {
      for (let at = id, inner = false; at !== undefined; at = parent.get(at), inner = true) {
        const f = byId.get(at).callFrame;
        if (!f.url.startsWith('wasm://') && !/wasm-function/.test(f.functionName)) break;
        const m = /(\d+)\]?$/.exec(f.functionName);
        const name = m ? modules[f.url === mainUrl ? 0 : 1].names.get(Number(m[1])) : f.functionName;
        if (name) return inner ? `${name} (its inner loops)` : name;
      }
      return 'an internal function';
    };
    const dt = prof.timeDeltas;
    prof.samples.forEach((id, i) => {
      const n = byId.get(id).callFrame;
      let key;
      if (n.url.startsWith('wasm://') || /wasm-function/.test(n.functionName)) key = `wasm ${wasmName(id)}`;
      else if (n.functionName === '(idle)' || n.functionName === '(program)' || n.functionName === '(garbage collector)') key = n.functionName;
      else key = `js ${n.url ? n.url.replace(/^.*\/(dist|bench|node_modules)\//, '$1/') : '(native)'}`;
      const t = dt[i] ?? 0;
      totals.set(key, (totals.get(key) ?? 0) + t);
      all += t;
    });
  }
  const rows = [...totals].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]);
  const busy = rows.reduce((a, [, t]) => a + t, 0);
  console.log(`\nself time of the main thread by kernel and by file (${(busy / 1e3).toFixed(0)} ms busy of ${(all / 1e3).toFixed(0)} ms sampled):`);
  for (const [k, t] of rows.slice(0, 25)) console.log(`${(100 * t / busy).toFixed(1).padStart(6)} %  ${(t / 1e3).toFixed(0).padStart(7)} ms  ${k}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
