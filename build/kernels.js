// The kernels: AssemblyScript → two wasm artifacts (plain SIMD and relaxed SIMD), packed into
// build/out/kernels.bin. asc takes ≈ 10–20 s, so the result is kept and reused while nothing
// it depends on changed: the key is a SHA-256 of assembly/**, asconfig.json, the asc flags
// and the installed AssemblyScript version (build/out/kernels.key).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const ASC_COMMON = ['assembly/index.ts', '-O3', '--runtime', 'stub', '--importMemory', '--noAssert',
  '--enable', 'simd', '--initialMemory', '1', '--maximumMemory', '65536'];

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
  files.push(join(root, 'asconfig.json'));
  for (const f of files.sort()) h.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
  h.update(JSON.stringify(ASC_COMMON));
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

/**
 * Makes build/out/kernels.bin (and simd.wasm, relaxed.wasm) unless the cached ones match the
 * sources. Returns { path, cached, ms }.
 */
export function buildKernels(root, { force = false } = {}) {
  const out = join(root, 'build', 'out');
  mkdirSync(out, { recursive: true });
  const bin = join(out, 'kernels.bin'), keyFile = join(out, 'kernels.key');
  const key = sourceKey(root);
  const t0 = Date.now();
  if (!force && existsSync(bin) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) {
    return { path: bin, cached: true, ms: Date.now() - t0 };
  }
  const asc = join(root, 'node_modules', '.bin', 'asc');
  // Same source, two feature sets: ASC_FEATURE_RELAXED_SIMD selects FMA in madd().
  execFileSync(asc, [...ASC_COMMON, '-o', tmp(join(out, 'simd.wasm'))], { cwd: root, stdio: 'inherit' });
  execFileSync(asc, [...ASC_COMMON, '--enable', 'relaxed-simd', '-o', tmp(join(out, 'relaxed.wasm'))], { cwd: root, stdio: 'inherit' });
  renameSync(tmp(join(out, 'simd.wasm')), join(out, 'simd.wasm'));
  renameSync(tmp(join(out, 'relaxed.wasm')), join(out, 'relaxed.wasm'));
  const simd = readFileSync(join(out, 'simd.wasm')), relaxed = readFileSync(join(out, 'relaxed.wasm'));
  writeFileSync(tmp(bin), packKernels(simd, relaxed));
  renameSync(tmp(bin), bin);
  writeFileSync(keyFile, key);
  return { path: bin, cached: false, ms: Date.now() - t0 };
}
