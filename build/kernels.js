// The kernels: AssemblyScript → two wasm modules (MODULES), each as two artifacts (plain SIMD
// and relaxed SIMD) packed into build/out/<module>.bin. asc takes ≈ 10–20 s a module, so the
// result is kept and reused while nothing it depends on changed: the key is a SHA-256 of
// assembly/**, the asc flags (all here: there is no asconfig.json) and the installed
// AssemblyScript version (build/out/kernels.key).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

// --shrinkLevel 1: 1.1 KiB gzip less for a page; on the hot kernels (csr_build, csr_matmul, gemm,
// rmsprop, relu, pooling, im2col/col2im, the conv products) it timed the same as -O3 alone
// (B/A 0.98–1.02, interleaved medians, one thread).
const ASC_COMMON = ['-O3', '--shrinkLevel', '1', '--runtime', 'stub', '--importMemory', '--noAssert', '--enable', 'simd', '--maximumMemory', '65536'];
/**
 * The wasm modules: the main kernels (the page entry's) and the convolution and pooling ones,
 * which load with the layers that use them. Both run over one memory, so each module's static
 * data (constant tables) gets its own place below the heap (sdk/engine/memory.ts): the main
 * module's from 1 KiB, the conv module's from 64 KiB; buildKernels checks they don't overlap.
 */
export const MODULES = [
  { name: 'kernels', artifacts: '', entry: 'assembly/index.ts', flags: ['--initialMemory', '1'] },
  { name: 'conv-kernels', artifacts: 'conv-', entry: 'assembly/conv-index.ts', flags: ['--memoryBase', '65536', '--initialMemory', '2'] },
];

// Every output is written to a temporary name and renamed, so a reader never sees half a file.
export const tmp = (p) => `${p}.${process.pid}.tmp`;

function sourceKey(root) {
  const h = createHash('sha256');
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p); else files.push(p);
    }
  };
  walk(join(root, 'assembly'));
  for (const f of files.sort()) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  h.update(JSON.stringify([ASC_COMMON, MODULES]));
  h.update(`packing ${PACK_BLOCK}`); // the layout of kernels.bin (see packKernels)
  h.update(JSON.parse(readFileSync(join(root, 'node_modules', 'assemblyscript', 'package.json'), 'utf8')).version);
  return h.digest('hex');
}

/** Bytes per block of the interleaving in packKernels (sdk/engine/wasm.ts unpacks it). */
export const PACK_BLOCK = 8192;

/**
 * Both artifacts in one gzip stream: [u32 simd length][u32 relaxed length], then their blocks of
 * PACK_BLOCK bytes in turns (simd 0, relaxed 0, simd 1, ...). The relaxed artifact is nearly the
 * plain one, so each of its blocks compresses to little against the plain block just before it:
 * deflate looks back only 32 KiB, and one artifact after the other stopped matching once the
 * kernels passed 32 KiB (the kernels chunk grew by ≈ 15 KiB gzip at once).
 */
export function packKernels(simd, relaxed) {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(simd.length, 0);
  head.writeUInt32LE(relaxed.length, 4);
  const parts = [head];
  for (let at = 0; at < Math.max(simd.length, relaxed.length); at += PACK_BLOCK) {
    parts.push(simd.subarray(at, at + PACK_BLOCK), relaxed.subarray(at, at + PACK_BLOCK));
  }
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

/** [start, end) of each active data segment of a wasm module. */
function dataSegments(bytes) {
  let p = 8;
  const leb = () => { let r = 0, sh = 0, x; do { x = bytes[p++]; r |= (x & 0x7f) << sh; sh += 7; } while (x & 0x80); return r >>> 0; };
  const out = [];
  while (p < bytes.length) {
    const id = bytes[p++], size = leb(), end = p + size;
    if (id === 11) {
      for (let n = leb(); n > 0; n--) {
        const flag = leb();
        if (flag !== 0) throw new Error(`kernels: data segment kind ${flag} (expected active segments at i32.const offsets)`);
        if (bytes[p++] !== 0x41) throw new Error('kernels: a data segment offset that is not an i32.const');
        const at = leb(); p++; // 0x0b: end of the offset expression
        const len = leb();
        out.push([at, at + len]);
        p += len;
      }
    }
    p = end;
  }
  return out;
}

/**
 * Makes build/out/<module>.bin for each of MODULES (and their artifacts: simd.wasm, relaxed.wasm,
 * conv-simd.wasm, conv-relaxed.wasm) unless the cached ones match the sources. Returns { path, cached, ms }.
 */
export function buildKernels(root, { force = false } = {}) {
  const out = join(root, 'build', 'out');
  mkdirSync(out, { recursive: true });
  const bins = MODULES.map((m) => join(out, `${m.name}.bin`)), keyFile = join(out, 'kernels.key');
  const key = sourceKey(root);
  const t0 = Date.now();
  if (!force && bins.every((b) => existsSync(b)) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) {
    return { path: bins[0], cached: true, ms: Date.now() - t0 };
  }
  const asc = join(root, 'node_modules', '.bin', 'asc');
  const taken = [];
  for (const m of MODULES) {
    // Same source, two feature sets: ASC_FEATURE_RELAXED_SIMD selects FMA in madd().
    const simdOut = join(out, `${m.artifacts}simd.wasm`), relaxedOut = join(out, `${m.artifacts}relaxed.wasm`);
    execFileSync(asc, [m.entry, ...ASC_COMMON, ...m.flags, '-o', tmp(simdOut)], { cwd: root, stdio: 'inherit' });
    execFileSync(asc, [m.entry, ...ASC_COMMON, ...m.flags, '--enable', 'relaxed-simd', '-o', tmp(relaxedOut)], { cwd: root, stdio: 'inherit' });
    renameSync(tmp(simdOut), simdOut);
    renameSync(tmp(relaxedOut), relaxedOut);
    const simd = readFileSync(simdOut), relaxed = readFileSync(relaxedOut);
    // One memory: a module's constant tables must not land on another's.
    for (const [a, b] of [...dataSegments(simd), ...dataSegments(relaxed)]) {
      const hit = taken.find(([c, d, name]) => name !== m.name && a < d && c < b);
      if (hit) throw new Error(`kernels: ${m.name}'s static data [${a}, ${b}) overlaps ${hit[2]}'s [${hit[0]}, ${hit[1]}): give it another --memoryBase`);
      taken.push([a, b, m.name]);
    }
    const bin = join(out, `${m.name}.bin`);
    writeFileSync(tmp(bin), packKernels(simd, relaxed));
    renameSync(tmp(bin), bin);
  }
  writeFileSync(keyFile, key);
  return { path: bins[0], cached: false, ms: Date.now() - t0 };
}
