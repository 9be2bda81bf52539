// The one name registry (Keras's object registration and serialization_lib): every layer, loss,
// metric, activation, initializer, regularizer, constraint, optimizer and learning-rate schedule
// that a string or a saved {class_name, config} can name is registered here, beside its
// definition, under an explicit name (a minified bundle renames classes). One naming rule holds
// for every kind (nameKey); lookups see registered names only, never an object's built-ins; a
// config only selects registered code and passes it data, nothing in it is evaluated as code.
// serialize() is in sdk/serialization.ts (the full entry only: the core page does not need it).
import { StateError, UnknownIdentifierError, ValueError, describeValue } from './errors.js';

export type Kind = 'layer' | 'loss' | 'metric' | 'activation' | 'initializer' | 'regularizer' | 'constraint' | 'optimizer' | 'schedule';
export type Config = Record<string, unknown>;
/** Builds an object from its Keras (snake_case) config; a name lookup passes `{}` or the caller's defaults. */
export type Factory<T = unknown> = (config: Config) => T;
/** A class registered as itself is built by its static fromConfig(config) if it has one, else `new Class(config)`. */
type Constructor = abstract new (...args: never[]) => unknown;

export interface RegisterOptions {
  /** More spellings that find the entry ('mse' for 'mean_squared_error'). */
  aliases?: readonly string[];
  /** How to build from a config when the registered value is a class. */
  fromConfig?: Factory;
}

/** A {class_name, config} object as Keras writes it (module and registered_name optional). */
export interface SerializedObject { module?: string | null; class_name: string; config: Config | string | null; registered_name?: string | null }

interface Entry { readonly name: string; readonly spellings: readonly string[]; readonly make: Factory; readonly builtin: boolean; readonly elsewhere?: true }

// Maps, not objects: a key such as '__proto__' or 'constructor' is an ordinary missing key.
const tables = new Map<Kind, Map<string, Entry>>((['layer', 'loss', 'metric', 'activation', 'initializer', 'regularizer', 'constraint', 'optimizer', 'schedule'] as Kind[]).map((k) => [k, new Map()]));
/** Registered classes → their kind and entry, for serialize() (a class's first registration). */
const classes = new WeakMap<object, [Kind, Entry]>();
/** Until the SDK's own modules have loaded, registrations are built-ins (registered_name null). */
let builtinPhase = true;


/**
 * The one naming rule: case, '_', '-' and spaces do not matter, so 'categorical_crossentropy',
 * 'categoricalCrossentropy' and 'CategoricalCrossentropy' are one name, as are 'glorot_uniform',
 * 'glorotUniform' and 'GlorotUniform', 'KLDivergence' and 'kl_divergence', 'RMSprop' and 'rmsprop'.
 */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/[_\s-]/g, '');
}

function tableOf(kind: Kind): Map<string, Entry> {
  const t = tables.get(kind);
  if (!t) throw new ValueError(`registry: no kind ${describeValue(kind)}.`);
  return t;
}

/**
 * Make `target` (a class, or a factory from config) known as `name` and its aliases. A later
 * registration of a name replaces the earlier one (a user's class may take a built-in's place).
 */
export function register(kind: Kind, name: string, target: Constructor | Factory, options: RegisterOptions = {}): void {
  const table = tableOf(kind);
  const aliases = options?.aliases ?? [];
  if (typeof name !== 'string' || !name || typeof target !== 'function') throw new ValueError(`register: expected a name and a class or factory, got ${describeValue(name)}, ${describeValue(target)}.`);
  // A class's prototype property is read-only; a plain or arrow function's is writable or absent.
  const isClass = Object.getOwnPropertyDescriptor(target, 'prototype')?.writable === false;
  const cls = target as Constructor & { fromConfig?: Factory };
  const make: Factory = options.fromConfig ?? (!isClass ? (target as Factory)
    : typeof cls.fromConfig === 'function' ? (c) => cls.fromConfig!(c) : (c) => new (cls as unknown as new (c: Config) => unknown)(c));
  // A name registered elsewhere() is the SDK's own: its code loads after the user's may have.
  const builtin = builtinPhase || table.get(nameKey(name))?.elsewhere === true;
  const entry: Entry = { name, spellings: [name, ...aliases], make, builtin };
  for (const spelling of [name, ...aliases]) table.set(nameKey(spelling), entry);
  if (isClass && !classes.has(target)) classes.set(target, [kind, entry]);
}

/**
 * @internal Built-in names whose code is in a module this entry has not loaded (the page entry's
 * registry and layers/more.ts): has() finds them, their real registration counts as built-in
 * whenever it comes, and building one before it has come is a StateError that says `where` it is.
 */
export function registerElsewhere(kind: Kind, names: readonly string[], where: string): void {
  const table = tableOf(kind);
  for (const name of names) {
    if (table.has(nameKey(name))) continue; // that module has loaded already
    const make: Factory = () => { throw new StateError(`${kind === 'layer' ? 'Layer class' : kind} '${name}' ${where}`); };
    table.set(nameKey(name), { name, spellings: [name], make, builtin: true, elsewhere: true });
  }
}

/** @internal Marks the end of the SDK's own registrations: later ones are the user's (Keras's registered_name). */
export function endBuiltins(): void { builtinPhase = false; }

/** Every registered spelling of a kind (names and aliases), as did-you-mean lists show them. */
export function spellings(kind: Kind): string[] {
  return [...new Set([...tableOf(kind).values()].flatMap((e) => e.spellings))];
}

/** Whether `id` names a registered object of this kind. */
export function has(kind: Kind, id: unknown): boolean {
  return typeof id === 'string' && tableOf(kind).has(nameKey(id));
}

function entryOf(kind: Kind, id: unknown, what: string = kind === 'layer' ? 'layer class' : kind): Entry {
  const e = typeof id === 'string' ? tableOf(kind).get(nameKey(id)) : undefined;
  if (!e) {
    if (typeof id !== 'string') throw new ValueError(`Expected a ${what} name (a string), got ${describeValue(id)}.`);
    throw new UnknownIdentifierError(what, id, spellings(kind));
  }
  return e;
}

/**
 * The object a name stands for, built with `config` (`{}` by default): get('initializer',
 * 'glorotUniform'), get('loss', 'mse'). An unknown name is an UnknownIdentifierError with a
 * did-you-mean; `what` names the kind in that message when the caller's word differs.
 */
export function get<T = unknown>(kind: Kind, id: string, config: Config = {}, what?: string): T {
  return entryOf(kind, id, what).make(config) as T;
}

/** The kind and entry of a registered class's instance (for serialize(), sdk/serialization.ts). */
export const registeredClassOf = (obj: { constructor?: unknown }) => classes.get(obj.constructor as object);

/**
 * Keras's deserialize_keras_object for one kind: a name is get(kind, name); {class_name, config}
 * finds its class by registered_name (when registered) or class_name and builds it from config;
 * '__lambda__' (Python code) is refused. null stays null.
 */
export function deserialize<T = unknown>(kind: Kind, spec: string | SerializedObject | null, what?: string): T | null {
  if (spec === null || spec === undefined) return null;
  if (typeof spec !== 'object' || Array.isArray(spec)) return get<T>(kind, spec as string, {}, what);
  const { class_name: cls, registered_name: reg } = spec;
  if (cls === '__lambda__') throw new ValueError(`Refusing a Python lambda: neurasm never evaluates code from a file.`);
  const config = spec.config ?? {};
  if (typeof config !== 'object' || Array.isArray(config)) throw new ValueError(`deserialize: config of '${cls}' is ${describeValue(config)}, not an object.`);
  return entryOf(kind, has(kind, reg) ? reg : cls, what ?? `${kind} class`).make(config) as T;
}
