// Shared helpers for the benchmarks: timing with medians, TF.js backends, markdown tables.
import { createRequire } from 'node:module';

export const require = createRequire(import.meta.url);
export const median = (a) => { const s = [...a].sort((p, q) => p - q); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/** Run fn repeatedly: warm-up, then `samples` timings of `inner` calls each; returns seconds per call. */
/**
 * A training step timed `steps` times after its plan is traced: medians of wall and process CPU
 * milliseconds (on a loaded machine the CPU time is the steadier figure), and every wall time.
 */
export function timeSteps(step, steps) {
  step(); // traces the plan
  const times = [], cpu = [];
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    step();
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { msPerStep: median(times), cpuMsPerStep: median(cpu), all: times };
}

export function timeIt(fn, { samples = 7, minTime = 0.15, maxInner = 1e6 } = {}) {
  fn(); fn();
  let inner = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) fn();
    const dt = (performance.now() - t0) / 1000;
    if (dt > minTime / 4 || inner >= maxInner) break;
    inner *= 2;
  }
  const times = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) fn();
    times.push((performance.now() - t0) / 1000 / inner);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), samples, inner };
}

let tfCache = null;
/** @tensorflow/tfjs with the cpu or wasm backend (wasm: one thread, files from node_modules). */
export async function tfjs(backend) {
  const tf = require('@tensorflow/tfjs');
  if (backend === 'wasm' && !tfCache) {
    const w = require('@tensorflow/tfjs-backend-wasm');
    w.setWasmPaths(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
    w.setThreadsCount?.(1);
    tfCache = w;
  }
  await tf.setBackend(backend);
  await tf.ready();
  return tf;
}

export function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = (v, d = 1) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(d));
