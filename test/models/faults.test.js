// Faults (issue 13.7): a second fit(), compile() or setWeights() during a fit is a StateError;
// disposing a tensor a running fit reads is a StateError, not a trap. (A save killed with
// SIGKILL: test/node/save-kill.test.js.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nm from '../../dist/neurasm.js';

const { layers } = nm;

function model() {
  const m = new nm.Sequential([new layers.Dense(4, { inputShape: [2], activation: 'relu' }), new layers.Dense(1)]);
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  return m;
}
const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
const Y = [[0], [1], [1], [0]];

/** A callback whose every epoch end waits on a timer, so fit() really yields to other code. */
class Slow extends nm.Callback {
  onEpochEnd() { return new Promise((r) => setTimeout(r, 2)); }
}

async function rejects(p, cls, re) {
  let err = null;
  try { await p; } catch (e) { err = e; }
  assert.ok(err instanceof cls, `expected ${cls.name}, got ${err?.constructor?.name}: ${err?.message}`);
  if (re) assert.match(err.message, re);
}
function throws(f, cls, re) { return rejects((async () => f())(), cls, re); }

test('fit(), fitSync(), compile() and setWeights() while a fit runs are StateErrors; the fit goes on', async () => {
  const m = model();
  const running = m.fit(X, Y, { epochs: 30, verbose: 0, callbacks: [new Slow()] });
  await rejects(m.fit(X, Y, { verbose: 0 }), nm.StateError, /middle of fit\(\)/);
  await throws(() => m.fitSync(X, Y, { verbose: 0 }), nm.StateError, /middle of fit\(\)/);
  await throws(() => m.compile({ optimizer: 'adam', loss: 'mae' }), nm.StateError, /compile\(\)/);
  await throws(() => m.setWeights(m.getWeights()), nm.StateError, /setWeights\(\)/);
  const h = await running;
  assert.is(h.history.loss.length, 30, 'the first fit ran to the end');
  // Afterwards everything is allowed again.
  m.compile({ optimizer: 'adam', loss: 'mae' });
  m.setWeights(m.getWeights());
  assert.is((await m.fit(X, Y, { epochs: 2, verbose: 0 })).history.loss.length, 2);
});

test('a fit refused at its start does not mark the model busy; callbacks may setWeights (EarlyStopping)', async () => {
  const m = model();
  await rejects(m.fit(X, Y, { epochs: -1 }), nm.ValueError, /epochs/);
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  const es = new nm.EarlyStopping({ monitor: 'loss', patience: 0, restoreBestWeights: true, minDelta: 1e9 });
  const h = await m.fit(X, Y, { epochs: 5, verbose: 0, callbacks: [es] });
  assert.ok(h.history.loss.length >= 1);
  // A callback calling setWeights during its own fit is allowed; fit inside a callback is not.
  let inner = null;
  const cb = new nm.LambdaCallback({
    onEpochEnd: () => { m.setWeights(m.getWeights()); try { m.fitSync(X, Y, { verbose: 0 }); } catch (e) { inner = e; } },
  });
  await m.fit(X, Y, { epochs: 2, verbose: 0, callbacks: [cb] });
  assert.ok(inner instanceof nm.StateError, `nested fit: ${inner}`);
});

test('disposing the data a running fit reads is a StateError, and the library still computes', async () => {
  const m = model();
  const x = nm.tensor(X), y = nm.tensor(Y);
  const cb = new nm.LambdaCallback({ onBatchEnd: (b) => { if (b === 1) x.dispose(); } });
  await rejects(m.fit(x, y, { epochs: 3, batchSize: 1, verbose: 0, callbacks: [cb] }), nm.StateError, /disposed while/);
  // From outside, while the fit waits on a callback.
  const x2 = nm.tensor(X), y2 = nm.tensor(Y);
  const p = m.fit(x2, y2, { epochs: 50, batchSize: 2, verbose: 0, callbacks: [new Slow()] });
  await new Promise((r) => setTimeout(r, 5));
  y2.dispose();
  await rejects(p, nm.StateError, /disposed while/);
  // A weight disposed from outside while the fit waits.
  const m2 = model();
  const p2 = m2.fit(X, Y, { epochs: 50, verbose: 0, callbacks: [new Slow()] });
  await new Promise((r) => setTimeout(r, 5));
  m2.weights[0].dispose();
  await rejects(p2, nm.StateError, /weight .* was disposed while fit/);
  const e = nm.exp([0, 1, 2]).dataSync();
  assert.ok(Math.abs(e[2] - Math.E ** 2) < 1e-4);
  assert.is((await m.fit(X, Y, { epochs: 1, verbose: 0 })).history.loss.length, 1, 'the model trains again');
});

test.run();
