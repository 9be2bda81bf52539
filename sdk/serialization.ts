// serialize(): Keras's serialize_keras_object over sdk/registry.ts (registered classes give their
// kind's module and registered name). Its own file so that only the full entry carries it.
import { ValueError, describeValue } from './errors.js';
import { registeredClassOf, type Kind } from './registry.js';

/** The Keras module of a kind ('keras.losses'). */
const moduleOf = (kind: Kind) => `keras.${kind === 'schedule' ? 'optimizers.schedules' : kind === 'loss' ? 'losses' : `${kind}s`}`;

/**
 * Keras's serialize_keras_object: null, strings, numbers and booleans as they are, arrays element
 * by element, an object of a registered class as {module, class_name, config, registered_name}
 * (class_name its className, else the registered name; registered_name null for built-ins and the
 * registered name for the user's), any other object as its own serialize() says.
 */
export function serialize(obj: unknown): unknown {
  if (obj == null || typeof obj !== 'object' && typeof obj !== 'function') return obj ?? null;
  if (Array.isArray(obj)) return obj.map(serialize);
  const o = obj as { className?: unknown; getConfig?: () => unknown; serialize?: () => unknown; constructor?: unknown };
  const reg = registeredClassOf(o);
  // A built-in made by a factory (an initializer, a metric, ...) knows its own Keras form.
  if (!reg && typeof o.serialize === 'function') return o.serialize();
  const className = typeof o.className === 'string' ? o.className : reg?.[1].name;
  if (typeof o.getConfig !== 'function' || !className) throw new ValueError(`serialize: expected a registered object with getConfig() (a layer, loss, optimizer, ...), got ${describeValue(obj)}.`);
  return { module: reg ? moduleOf(reg[0]) : null, class_name: className, config: o.getConfig(), registered_name: reg && !reg[1].builtin ? reg[1].name : null };
}

