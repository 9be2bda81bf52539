// Inference: one sample through 784→128 relu→10 softmax (latency), and 1,000 samples in one batch
// (throughput), neurasm vs tfjs wasm and cpu.
import { fmt, table, tfjs, timeIt } from './common.js';

const x1 = Float32Array.from({ length: 784 }, (_, i) => (i % 17) / 17);
const xb = Float32Array.from({ length: 784 * 1000 }, (_, i) => (i % 23) / 23);

export async function runPredict() {
  const nm = await import('../dist/neurasm.js');
  const m = new nm.Sequential([new nm.layers.Dense(128, { activation: 'relu', inputShape: [784] }), new nm.layers.Dense(10, { activation: 'softmax' })]);
  const t1 = nm.tensor(x1, [1, 784]), tb = nm.tensor(xb, [1000, 784]);
  const rows = [{ name: 'neurasm', one: timeIt(() => m.predict(t1)).median, batch: timeIt(() => m.predict(tb)).median }];
  for (const backend of ['wasm', 'cpu']) {
    const tf = await tfjs(backend);
    const tm = tf.sequential({ layers: [tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
    const a1 = tf.tensor(x1, [1, 784]), ab = tf.tensor(xb, [1000, 784]);
    const one = timeIt(() => { const y = tm.predict(a1); y.dataSync(); y.dispose(); }).median;
    const batch = timeIt(() => { const y = tm.predict(ab); y.dataSync(); y.dispose(); }, { samples: 5 }).median;
    rows.push({ name: `tfjs ${backend}`, one, batch });
  }
  for (const r of rows) console.log(`${r.name.padEnd(10)} 1 sample ${fmt(r.one * 1e6)} µs   1000 samples ${fmt(1000 / r.batch / 1000)}k/s`);
  return rows;
}

export function predictTable(rows) {
  return table(['784→128→10', 'predict 1 sample (µs, median)', 'predict 1,000 in one batch (samples/s)'], rows.map((r) => [r.name, fmt(r.one * 1e6), `${fmt(1000 / r.batch / 1000)}k`]));
}

if (process.argv[1] === new URL(import.meta.url).pathname) await runPredict();
