// Options objects of the public API. One rule everywhere: option names are camelCase, as in
// TF.js; an unknown key is refused with a ValueError that names the nearest known key — and,
// for Keras's snake_case spelling (`learning_rate`, `beta_1`, `input_shape`), the camelCase one.
import { ValueError, nearestNames } from './errors.js';

/** Keras's snake_case → this API's camelCase: learning_rate → learningRate, beta_1 → beta1. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Keras 2 spellings that are neither camelCase nor snake_case of the current name. */
const RENAMED: Record<string, string> = { lr: 'learningRate', epoch: 'epochs', nb_epoch: 'epochs' };

/**
 * Refuse keys of `options` that are not in `known`. `where` names the call
 * ("fit()", "Dense", "SGD"). `null`/`undefined` options mean "all defaults".
 */
export function checkOptions(where: string, options: unknown, known: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${where}: expected an options object, got ${Array.isArray(options) ? 'an array' : typeof options}.`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const camel = RENAMED[key] ?? camelCase(key);
    if (camel !== key && known.includes(camel)) {
      throw new ValueError(`${where}: unknown option '${key}'. Options are camelCase here, as in TF.js: use '${camel}'.`);
    }
    const near = nearestNames(key, known);
    throw new ValueError(`${where}: unknown option '${key}'.` + (near.length ? ` Did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : '') +
      ` Known options: ${known.join(', ')}.`);
  }
}
