// The temporaries of one fit/evaluate/predict call: tensors made from the user's data
// (conversions, casts, splits) are recorded and disposed when the call ends, never the user's own.
import type { Tensor } from '../../tensor/tensor.js';

/** Record `made` as a temporary unless it is the user's own tensor. */
export function track(given: unknown, made: Tensor, temps: Tensor[]): Tensor {
  if (made !== given) temps.push(made);
  return made;
}

/** Dispose temporaries (a tensor may appear twice). */
export function disposeTemps(temps: Tensor[]): void {
  if (temps.length === 0) return;
  for (const t of new Set(temps)) t.dispose();
  temps.length = 0;
}
