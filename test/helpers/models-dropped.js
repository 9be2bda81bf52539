// 500 models created, used and dropped (no dispose(), no gc() call). Returns the most bytes held
// at once and what all 500 hold. Run by test/tensor/models-dropped.test.js in a fresh process
// (as `node file`, no --expose-gc) where it can start one, in-process otherwise.
import * as nm from '../../dist/neurasm.js';

export async function modelsDropped() {
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const x = nm.randomNormal([16, 128], 0, 1, 'float32', 4);
  const perModel = (128 * 512 + 512 + 512 * 10 + 10) * 4; // 283 KB of weights
  const start = nm.memory().numBytes;
  let peak = 0;
  for (let i = 1; i <= 500; i++) {
    const m = new nm.Sequential([new nm.layers.Dense(512, { activation: 'relu', inputShape: [128] }), new nm.layers.Dense(10)]);
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const p = m.predict(x);
    if (p.shape[0] !== 16 || p.shape[1] !== 10) throw new Error(`predict shape ${p.shape}`);
    if (i % 10 === 0) await tick();
    peak = Math.max(peak, nm.memory().numBytes - start);
  }
  return { peak, all: 500 * perModel };
}

const isMain = typeof process !== 'undefined' && process.argv?.[1] && import.meta.url.endsWith(process.argv[1].split('/').pop());
if (isMain) console.log(JSON.stringify(await modelsDropped()));
