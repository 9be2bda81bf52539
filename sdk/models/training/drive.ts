// The training loops are generators; these drive them: synchronously (fitSync, trainOnBatch) or
// asynchronously, awaiting the promises async callbacks return and giving the event loop a turn
// every ~16 ms so a page stays responsive during fit().

/** Drive a generator synchronously (ignores promises from async callbacks). */
export function runSync<T>(gen: Generator<unknown, T>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Give the event loop a turn: setImmediate where it exists, else a MessageChannel hop. */
function macrotask(): Promise<void> {
  const g = globalThis as unknown as { setImmediate?: (f: () => void) => void };
  if (typeof g.setImmediate === 'function') return new Promise((r) => g.setImmediate!(r));
  if (typeof MessageChannel !== 'undefined') {
    return new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => { c.port1.close(); r(); }; c.port2.postMessage(0); });
  }
  return new Promise((r) => setTimeout(r, 0));
}

/** Drive a generator, awaiting callback promises and yielding to the event loop every ~16 ms. */
export async function runAsync<T>(gen: Generator<unknown, T>): Promise<T> {
  let last = now();
  let input: unknown = undefined;
  for (;;) {
    const r = gen.next(input);
    if (r.done) return r.value;
    input = undefined;
    if (r.value && typeof (r.value as Promise<unknown>).then === 'function') { await r.value; last = now(); continue; }
    if (now() - last > 16) { await macrotask(); last = now(); }
  }
}
