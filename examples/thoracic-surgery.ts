// The lung-surgery survival seed: 17 features → Dense(30, relu) → Dense(1, sigmoid),
// binary_crossentropy, adam, 100 epochs, batch 10, on a CSV (470 patients, last column = died
// within a year). The real ThoraricSurgery.csv is used when present (pass --csv PATH, or put
// it at examples/data/ThoraricSurgery.csv); otherwise a GENERATED stand-in CSV with the same
// columns is written and used, and the output says so.
import * as nm from '../dist/neurasm.js';
import { flag, quick } from './common.ts';

const g = globalThis as unknown as { Deno?: unknown };
const fs = await import('node:fs/promises');
const path = flag('csv', new URL('./data/ThoraricSurgery.csv', import.meta.url).pathname);

let text: string;
let generated = false;
try {
  text = await fs.readFile(path, 'utf8');
} catch {
  generated = true;
  // A seeded synthetic stand-in: 470 rows, 17 features in the real data's ranges, a label that
  // depends on a few of them plus noise (about 15% positives, like the real set).
  nm.setSeed(3);
  const u = nm.randomUniform([470, 18]).dataSync();
  const rows: string[] = [];
  for (let i = 0; i < 470; i++) {
    const f = (j: number) => u[i * 18 + j];
    const feats = [
      Math.floor(f(0) * 8) + 1, 2 + f(1) * 4, 1 + f(2) * 80, ...Array.from({ length: 12 }, (_, j) => (f(3 + j) > 0.8 ? 1 : 0)),
      Math.floor(f(15) * 4) + 11, Math.round(40 + f(16) * 40),
    ];
    const risk = 0.3 * feats[3] + 0.3 * feats[9] + (feats[16] - 40) / 80 - 0.4 * (feats[1] - 2) / 4 + 0.5 * f(17);
    rows.push([...feats.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(2))), risk > 0.75 ? 1 : 0].join(','));
  }
  text = rows.join('\n') + '\n';
}
void g;

const data = text.trim().split(/\r?\n/).map((line) => line.split(',').map(Number));
const x = nm.tensor(data.map((r) => r.slice(0, 17)));
const y = nm.tensor(data.map((r) => [r[17]]));
console.log(`${generated ? 'GENERATED stand-in data (the real ThoraricSurgery.csv was not found at ' + path + ')' : 'ThoraricSurgery.csv'}: ${x.shape[0]} patients, 17 features`);

nm.setSeed(0);
const model = new nm.Sequential([
  new nm.layers.Dense(30, { inputDim: 17, activation: 'relu' }),
  new nm.layers.Dense(1, { activation: 'sigmoid' }),
]);
model.compile({ loss: 'binary_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
const h = await model.fit(x, y, { epochs: quick ? 10 : 100, batchSize: 10, verbose: 0 });
const { accuracy: acc } = await model.evaluate(x, y, { verbose: 0, returnDict: true });
console.log(`loss ${h.history.loss[0].toFixed(4)} → ${h.history.loss.at(-1)!.toFixed(4)}; Accuracy: ${acc.toFixed(4)}`);
