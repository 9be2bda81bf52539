// A seeded training run in deterministic mode. Every runtime prints the SHA-256 of the final
// weights; the runner (run-all.js) checks that all of them are the same, bit for bit.
// Tape-based for now (2-layer MLP, softmax cross-entropy, plain SGD); once the model API is
// on main this can become model.fit on the same data.

export async function trainingHash(nm) {
  const { deterministic: before, relaxedSimdSupported: relaxed } = nm.getBackend();
  nm.setBackendFlags({ deterministic: true });
  try {
    return { ...(await run(nm)), relaxed };
  } finally {
    nm.setBackendFlags({ deterministic: before });
  }
}

async function run(nm) {
  const kernels = nm.getBackend().kernels;
  // Data: 64 points in 8-d, labelled by the argmax of a fixed random linear "teacher".
  const x = nm.randomNormal([64, 8], 0, 1, 'float32', 101);
  const teacher = nm.randomNormal([8, 4], 0, 1, 'float32', 102);
  const y = nm.oneHot(nm.argMax(nm.matMul(x, teacher), 1), 4);

  const W1 = nm.variable(nm.randomNormal([8, 16], 0, 0.5, 'float32', 1));
  const b1 = nm.variable(nm.zeros([16]));
  const W2 = nm.variable(nm.randomNormal([16, 4], 0, 0.5, 'float32', 2));
  const b2 = nm.variable(nm.zeros([4]));
  const params = [W1, b1, W2, b2];
  const lr = 0.1;

  let loss = NaN;
  for (let step = 0; step < 40; step++) {
    nm.tidy(() => {
      const tape = new nm.GradientTape();
      const l = tape.record(() => {
        const h = nm.dense(x, W1, b1, 'relu');
        const logits = nm.dense(h, W2, b2);
        return nm.neg(nm.mean(nm.sum(nm.mul(y, nm.logSoftmax(logits)), 1)));
      });
      const grads = tape.gradient(l, params);
      params.forEach((p, i) => p.assignSub(nm.mul(grads[i], lr)));
      loss = l.item();
    });
  }

  // Hash the raw bytes of every weight, in order.
  const parts = params.map((p) => new Uint8Array(Float32Array.from(p.dataSync()).buffer));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) { all.set(p, off); off += p.length; }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  const hash = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  return { hash, loss, kernels };
}
