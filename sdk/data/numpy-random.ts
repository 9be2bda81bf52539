// NumPy's legacy RandomState (MT19937), for Keras's seed-113 shuffles of its data sets.

/** np.random.RandomState(seed).shuffle(array) order, bit for bit. */
export function numpyShuffleIndices(n: number, seed: number): number[] {
  const mt = new Uint32Array(624);
  mt[0] = seed >>> 0;
  for (let i = 1; i < 624; i++) mt[i] = (Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) >>> 0;
  let mti = 624;
  const next = (): number => {
    if (mti >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k] & 0x80000000) | (mt[(k + 1) % 624] & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      mti = 0;
    }
    let y = mt[mti++];
    y ^= y >>> 11; y ^= (y << 7) & 0x9d2c5680; y ^= (y << 15) & 0xefc60000; y ^= y >>> 18;
    return y >>> 0;
  };
  // Legacy shuffle: for i from n-1 down to 1, j = a masked, rejection-sampled integer in [0, i].
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    let mask = i;
    mask |= mask >>> 1; mask |= mask >>> 2; mask |= mask >>> 4; mask |= mask >>> 8; mask |= mask >>> 16;
    let j: number;
    do { j = (next() & mask) >>> 0; } while (j > i);
    const t = idx[i]; idx[i] = idx[j]; idx[j] = t;
  }
  return idx;
}
