// Inference: one sample through 784→128 relu→10 softmax (latency), and 1,000 samples in one batch
// (throughput), neurasm vs tfjs wasm and cpu. Every side reads the result back (dataSync).
// neurasm's batch is timed on one thread and on two; one sample never uses a second thread.
import { fmt, table, tfjs, timeIt } from './common.js';

const x1 = Float32Array.from({ length: 784 }, (_, i) => (i % 17) / 17);
const xb = Float32Array.from({ length: 784 * 1000 }, (_, i) => (i % 23) / 23);

export async function runPredict() {
  const nm = await import('../dist/neurasm.js');
  const m = new nm.Sequential([new nm.layers.Dense(128, { activation: 'relu', inputShape: [784] }), new nm.layers.Dense(10, { activation: 'softmax' })]);
  const t1 = nm.tensor(x1, [1, 784]), tb = nm.tensor(xb, [1000, 784]);
  await nm.setNumThreads(1);
  const one = timeIt(() => m.predict(t1).dataSync()).median, batch = timeIt(() => m.predict(tb).dataSync()).median;
  await nm.setNumThreads(2);
  const batch2 = timeIt(() => m.predict(tb).dataSync()).median;
  await nm.setNumThreads(1);
  const rows = [{ name: 'neurasm', one, batch }, { name: 'neurasm, 2 threads', one: null, batch: batch2 }];
  for (const backend of ['wasm', 'cpu']) {
    const tf = await tfjs(backend);
    const tm = tf.sequential({ layers: [tf.layers.dense({ units: 128, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
    const a1 = tf.tensor(x1, [1, 784]), ab = tf.tensor(xb, [1000, 784]);
    const one = timeIt(() => { const y = tm.predict(a1); y.dataSync(); y.dispose(); }).median;
    const batch = timeIt(() => { const y = tm.predict(ab); y.dataSync(); y.dispose(); }, { samples: 5 }).median;
    rows.push({ name: `tfjs ${backend}`, one, batch });
    // TF.js's predict splits into batches of 32 by default; also time it with the whole batch.
    const whole = timeIt(() => { const y = tm.predict(ab, { batchSize: 1000 }); y.dataSync(); y.dispose(); }, { samples: 5 }).median;
    rows.push({ name: `tfjs ${backend}, batchSize 1000`, one: null, batch: whole });
  }
  for (const r of rows) console.log(`${r.name.padEnd(30)} 1 sample ${r.one === null ? '—' : fmt(r.one * 1e6)} µs   1000 samples ${fmt(1000 / r.batch / 1000)}k/s`);
  return rows;
}

export function predictTable(rows) {
  return table(['784→128→10', 'predict 1 sample (µs, median)', 'predict 1,000 in one batch (samples/s)'], rows.map((r) => [r.name, r.one === null ? '—' : fmt(r.one * 1e6), `${fmt(1000 / r.batch / 1000)}k`]));
}

if (process.argv[1] === new URL(import.meta.url).pathname) await runPredict();
