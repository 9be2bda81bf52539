// Does the seed IMDB program fit in memory as written? examples/imdb.ts with synthetic reviews
// of the real sizes: 25,000 × 10,000 multi-hot float32 for train and for test (1 GB each),
// sliced into 15,000 training and 10,000 validation rows, fit (batch 512) and evaluate.
// Prints wasm memory and resident memory at each stage. Usage: node bench/imdb-memory.js [--epochs 1]
import * as nm from '../dist/neurasm.js';

const argv = globalThis.Deno ? Deno.args : process.argv.slice(2);
const opt = (name, d) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : d; };
const epochs = Number(opt('epochs', 1));
const MiB = 2 ** 20;
const rss = () => { try { return globalThis.Deno ? Deno.memoryUsage().rss : process.memoryUsage().rss; } catch { return NaN; } };
const t0 = performance.now();
const say = (what) => console.log(`${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s  ${what.padEnd(34)} wasm ${(nm.memory().wasmMemoryBytes / MiB).toFixed(0)} MiB, in use ${(nm.memory().numBytes / MiB).toFixed(0)} MiB, rss ${(rss() / MiB).toFixed(0)} MiB`);

let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const reviews = (n) => Array.from({ length: n }, () => Array.from({ length: 50 + Math.floor(rand() * 400) }, () => 1 + Math.floor(rand() ** 2 * 9999)));
const labels = (n) => nm.tensor(Int32Array.from({ length: n }, () => (rand() < 0.5 ? 0 : 1)));
const trainData = reviews(25000), testData = reviews(25000);
const trainLabels = labels(25000), testLabels = labels(25000);
say('synthetic reviews made');
const x = nm.vectorizeSequences(trainData, 10000), xt = nm.vectorizeSequences(testData, 10000);
const y = trainLabels.cast('float32'), yt = testLabels.cast('float32');
say('x and x_test vectorized (2 × 1 GB)');
const m = new nm.Sequential([new nm.layers.Dense(16, { activation: 'relu', inputShape: [10000] }), new nm.layers.Dense(16, { activation: 'relu' }), new nm.layers.Dense(1, { activation: 'sigmoid' })]);
m.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['accuracy'] });
const h = await m.fit(x.slice('10000:'), y.slice('10000:'), { epochs, batchSize: 512, validationData: [x.slice(':10000'), y.slice(':10000')], verbose: 0 });
say(`fit ${epochs} epoch(s): loss ${h.history.loss.at(-1).toFixed(4)}`);
const [loss, acc] = await m.evaluate(xt, yt, { verbose: 0 });
say(`evaluate: loss ${loss.toFixed(4)}, acc ${acc.toFixed(4)}`);
if (nm.internal?.storage) console.log('storage:', JSON.stringify(nm.internal.storage.stats()));
