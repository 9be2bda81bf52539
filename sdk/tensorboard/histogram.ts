// TensorBoard's histogram bucketing, as tf.summary.histogram computes it.

/**
 * TensorBoard's histogram buckets (tensorboard/plugins/histogram/summary_v2.py): rows of
 * [left edge, right edge, count] over [min, max] in equal widths, the last bucket closed; a single
 * distinct value gives buckets whose edges are that value with all counts in the last one.
 */
export function histogramBuckets(values: ArrayLike<number>, k: number): Float64Array {
  const out = new Float64Array(k * 3);
  if (values.length === 0 || k === 0) return out;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) { const v = values[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
  const range = hi - lo;
  if (range === 0) {
    for (let b = 0; b < k; b++) { out[b * 3] = hi; out[b * 3 + 1] = hi; }
    out[(k - 1) * 3 + 2] = values.length;
    return out;
  }
  const width = range / k;
  for (let i = 0; i < values.length; i++) {
    const b = Math.min(Math.floor((values[i] - lo) / width), k - 1);
    out[b * 3 + 2]++;
  }
  for (let b = 0; b < k; b++) {
    out[b * 3] = lo + (range * b) / k;
    out[b * 3 + 1] = b === k - 1 ? hi : lo + (range * (b + 1)) / k;
  }
  return out;
}
