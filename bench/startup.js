// Process start → first prediction (node), and what a browser downloads (raw, gzip).
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { median } from './common.js';
import { pageDownload } from '../build/size.js';

const root = fileURLToPath(new URL('../', import.meta.url));

const scripts = {
  neurasm: `const t0 = performance.timeOrigin; const nm = await import('${root}dist/neurasm.js');
    const m = new nm.Sequential([new nm.layers.Dense(128, { activation: 'relu', inputShape: [784] }), new nm.layers.Dense(10, { activation: 'softmax' })]);
    m.predict(nm.zeros([1, 784])).dataSync(); console.log(performance.timeOrigin + performance.now() - t0);`,
  'tfjs wasm': `const t0 = performance.timeOrigin; const { createRequire } = await import('node:module'); const require = createRequire('${root}');
    const tf = require('@tensorflow/tfjs'); const w = require('@tensorflow/tfjs-backend-wasm'); w.setWasmPaths('${root}node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    await tf.setBackend('wasm'); const m = tf.sequential({ layers: [tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
    m.predict(tf.zeros([1, 784])).dataSync(); console.log(performance.timeOrigin + performance.now() - t0);`,
  'tfjs cpu': `const t0 = performance.timeOrigin; const { createRequire } = await import('node:module'); const require = createRequire('${root}');
    const tf = require('@tensorflow/tfjs'); await tf.setBackend('cpu');
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
    m.predict(tf.zeros([1, 784])).dataSync(); console.log(performance.timeOrigin + performance.now() - t0);`,
};

export function runStartup(repeats = 5) {
  const rows = [];
  for (const [name, code] of Object.entries(scripts)) {
    const times = [];
    for (let i = 0; i < repeats; i++) {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
      times.push(Number(out.trim().split('\n').pop()));
    }
    rows.push({ name, ms: median(times), min: Math.min(...times), max: Math.max(...times) });
    console.log(`${name.padEnd(10)} start → first prediction ${median(times).toFixed(0)} ms`);
  }
  return rows;
}

export function bundleSizes() {
  const size = (files) => {
    const bufs = files.map((f) => readFileSync(`${root}${f}`));
    return { raw: bufs.reduce((n, b) => n + b.length, 0), gzip: bufs.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0) };
  };
  // What a page downloads to train and predict: the neurasm/core entry and every chunk it imports
  // statically (build/size.js); the io module's row is what it adds on first save/load, beyond
  // those; the full entry (neurasm: the core and preprocessing, data sets, reports, plots) last.
  const page = pageDownload(`${root}dist`, 'neurasm-core.min.js');
  const full = pageDownload(`${root}dist`, 'neurasm.min.js');
  const inPage = new Set(page.files.map((f) => f.name));
  const ioExtra = pageDownload(`${root}dist`, 'neurasm-io.min.js').files.filter((f) => !inPage.has(f.name));
  const sum = (fs) => ({ raw: fs.reduce((n, f) => n + f.raw, 0), gzip: fs.reduce((n, f) => n + f.gzip, 0) });
  const rows = [
    { name: `neurasm/core (dist/neurasm-core.min.js and the ${page.files.length - 1} chunks it imports, wasm inside)`, ...sum(page.files) },
    { name: 'neurasm io module and its own chunks, loaded on first save/load (dist/neurasm-io.min.js)', ...sum(ioExtra) },
    { name: 'tfjs cpu (tf.min.js)', ...size(['node_modules/@tensorflow/tfjs/dist/tf.min.js']) },
    { name: 'tfjs wasm (tf.min.js + tf-backend-wasm.min.js + tfjs-backend-wasm-simd.wasm)', ...size(['node_modules/@tensorflow/tfjs/dist/tf.min.js', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm']) },
    { name: `neurasm, the full entry (dist/neurasm.min.js and the ${full.files.length - 1} chunks it imports)`, ...sum(full.files) },
  ];
  for (const r of rows) console.log(`${r.name}: ${(r.raw / 1024).toFixed(1)} KiB raw, ${(r.gzip / 1024).toFixed(1)} KiB gzip`);
  return rows;
}

void statSync;
if (process.argv[1] === fileURLToPath(import.meta.url)) { runStartup(3); bundleSizes(); }
