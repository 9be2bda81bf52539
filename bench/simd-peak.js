// The single-thread f32x4 peak of this machine and runtime: independent accumulator chains,
// no memory traffic; plain mul+add, and relaxed_madd (FMA) where the runtime has it.
// A tiny AssemblyScript kernel compiled here (not part of the product).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = `${here}out/`;
mkdirSync(out, { recursive: true });

const src = `
// 12 independent chains × 4 lanes × 2 flops per step.
export function peak(iters: i32, relaxed: bool): f32 {
  let a0 = f32x4.splat(1), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
  const m = f32x4.splat(0.9999999), c = f32x4.splat(0.0000001);
  for (let i = 0; i < iters; i++) {
    if (ASC_FEATURE_RELAXED_SIMD) {
      a0 = f32x4.relaxed_madd(a0, m, c); a1 = f32x4.relaxed_madd(a1, m, c); a2 = f32x4.relaxed_madd(a2, m, c); a3 = f32x4.relaxed_madd(a3, m, c);
      a4 = f32x4.relaxed_madd(a4, m, c); a5 = f32x4.relaxed_madd(a5, m, c); a6 = f32x4.relaxed_madd(a6, m, c); a7 = f32x4.relaxed_madd(a7, m, c);
      a8 = f32x4.relaxed_madd(a8, m, c); a9 = f32x4.relaxed_madd(a9, m, c); a10 = f32x4.relaxed_madd(a10, m, c); a11 = f32x4.relaxed_madd(a11, m, c);
    } else {
      a0 = f32x4.add(f32x4.mul(a0, m), c); a1 = f32x4.add(f32x4.mul(a1, m), c); a2 = f32x4.add(f32x4.mul(a2, m), c); a3 = f32x4.add(f32x4.mul(a3, m), c);
      a4 = f32x4.add(f32x4.mul(a4, m), c); a5 = f32x4.add(f32x4.mul(a5, m), c); a6 = f32x4.add(f32x4.mul(a6, m), c); a7 = f32x4.add(f32x4.mul(a7, m), c);
      a8 = f32x4.add(f32x4.mul(a8, m), c); a9 = f32x4.add(f32x4.mul(a9, m), c); a10 = f32x4.add(f32x4.mul(a10, m), c); a11 = f32x4.add(f32x4.mul(a11, m), c);
    }
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)), f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11))));
  return f32x4.extract_lane(s, 0);
}`;
writeFileSync(`${out}peak.ts`, src);
const asc = fileURLToPath(new URL('../node_modules/.bin/asc', import.meta.url));
// cwd = bench/out, apart from the project's sources.
execFileSync(asc, ['peak.ts', '-O3', '--runtime', 'stub', '--enable', 'simd', '-o', 'peak-simd.wasm'], { cwd: out });
execFileSync(asc, ['peak.ts', '-O3', '--runtime', 'stub', '--enable', 'simd', '--enable', 'relaxed-simd', '-o', 'peak-relaxed.wasm'], { cwd: out });

/** GFLOP/s of a compiled peak kernel, or null when this runtime cannot run it. */
export async function measurePeak(kind) {
  const bytes = readFileSync(`${out}peak-${kind}.wasm`);
  if (!WebAssembly.validate(bytes)) return null;
  const { instance } = await WebAssembly.instantiate(bytes, { env: { abort() {} } });
  const iters = 2e7;
  // Warm up so V8 tiers the function up from Liftoff to TurboFan (compiled in the background).
  for (let i = 0; i < 30; i++) instance.exports.peak(2e5, 0);
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < 5; i++) instance.exports.peak(2e5, 0);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    instance.exports.peak(iters, 0);
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return (iters * 12 * 4 * 2) / times[2] / 1e9;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('plain f32x4 mul+add:', (await measurePeak('simd'))?.toFixed(1), 'GFLOP/s');
  const r = await measurePeak('relaxed');
  console.log('relaxed_madd (FMA):', r === null ? 'not supported by this runtime' : `${r.toFixed(1)} GFLOP/s`);
}
