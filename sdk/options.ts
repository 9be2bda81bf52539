// Options objects of the public API. One rule everywhere: option names are camelCase, as in
// TF.js; an unknown key is refused with a ValueError that names the nearest known key — and,
// for Keras's snake_case spelling (`learning_rate`, `beta_1`, `input_shape`), the camelCase one.
import { ValueError, describeValue, nearestNames } from './errors.js';
import { CLASS_OPTION_KEYS, INTERFACE_OPTION_KEYS, LAYER_KEYS } from './generated/option-keys.js';

const tables = { class: new Map(Object.entries(CLASS_OPTION_KEYS)), interface: new Map(Object.entries(INTERFACE_OPTION_KEYS)) };

/** More generated tables: the layer families outside the page entry add theirs (layers/more.ts). */
export function addOptionKeys(classes: Record<string, readonly string[]>, interfaces: Record<string, readonly string[]>): void {
  for (const [k, v] of Object.entries(classes)) tables.class.set(k, v);
  for (const [k, v] of Object.entries(interfaces)) tables.interface.set(k, v);
}

/** The option names of a built-in class or options interface, from the generated tables (null: unknown). */
export function optionKeys(name: string, table: 'class' | 'interface' = 'class'): readonly string[] | null {
  const keys = tables[table].get(name);
  if (!keys) return null;
  return keys[0] === '@layer' ? [...LAYER_KEYS, ...keys.slice(1)] : keys;
}

/** Only the keys a built-in class takes (a Keras config holds more, e.g. quantization_config). */
export function knownOptionsOnly(name: string, options: Record<string, unknown>): Record<string, unknown> {
  const keys = optionKeys(name);
  return keys ? Object.fromEntries(Object.entries(options).filter(([k]) => keys.includes(k))) : options;
}

/** checkOptions against the generated keys of a built-in class or interface (no check for others). */
export function checkKnownOptions(where: string, options: unknown, name: string, table: 'class' | 'interface' = 'class'): void {
  const keys = optionKeys(name, table);
  if (keys) checkOptions(where, options, keys);
}

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
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || known.includes(key)) continue; // {epochs: undefined} means the default
    const camel = RENAMED[key] ?? camelCase(key);
    if (camel !== key && known.includes(camel)) {
      throw new ValueError(`${where}: unknown option '${key}'. Options are camelCase here, as in TF.js: use '${camel}'.`);
    }
    const near = nearestNames(key, known);
    throw new ValueError(`${where}: unknown option '${key}'.` + (near.length ? ` Did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : '') +
      ` Known options: ${known.join(', ')}.`);
  }
}

/**
 * The options object of a call: `undefined` gives `{}` (all defaults); null, an array or any other
 * value is a ValueError naming `where`; unknown keys of the generated interface `name` are refused.
 */
export function optionsObject<T extends object>(where: string, options: T | undefined, name?: string): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${where}: options must be an object, got ${describeValue(options)}.`);
  }
  if (name !== undefined) checkKnownOptions(where, options, name, 'interface');
  return options;
}
