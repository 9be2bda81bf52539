// Reverse-mode autodiff. A GradientTape records the ops run inside record(); gradient() walks
// them backwards calling each op's grad. The same backprop() differentiates traced graphs.
import { collectTensors, currentScope, popScope, pushScope, Tensor, tidy, type Scope } from './tensor.js';
import { popRecorder, pushRecorder, recordingCount, type OpNode, type Recorder } from './op.js';
import { DTypeError, NeurasmError, StateError, ValueError, describeValue } from '../errors.js';
import { optionsObject } from '../options.js';
import { add, onesLike, zerosLike } from './ops/index.js';

const isFloat = (t: Tensor) => t.dtype === 'float32';

/**
 * Gradients of sum(targets[i] * seeds[i]) with respect to `sources`, through `nodes` (in
 * execution order). Sources that the targets do not depend on get zeros.
 */
export function backprop(nodes: readonly OpNode[], targets: Tensor[], seeds: (Tensor | null)[], sources: Tensor[]): Tensor[] {
  // Values that depend on a source: only those need gradients.
  const dependsOnSource = new Set<Tensor>(sources);
  for (const n of nodes) {
    if (n.inputs.some((t) => dependsOnSource.has(t))) for (const o of n.outputs) dependsOnSource.add(o);
  }
  const grads = new Map<Tensor, Tensor>();
  targets.forEach((t, i) => {
    const seed = seeds[i] ?? onesLike(t);
    grads.set(t, grads.has(t) ? add(grads.get(t)!, seed) : seed);
  });
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    const dys = n.outputs.map((o) => grads.get(o) ?? null);
    if (dys.every((d) => d === null)) continue;
    const needs = n.inputs.map((t) => isFloat(t) && dependsOnSource.has(t));
    if (!needs.some(Boolean)) continue;
    if (n.op.grad === undefined) throw new NeurasmError(`No gradient is defined for the op '${n.op.name}'.`);
    const dxs = n.op.grad(dys, n.inputs, n.outputs, n.attrs, needs);
    n.inputs.forEach((t, j) => {
      const g = dxs[j];
      if (!needs[j] || g === null || g === undefined) return;
      const prev = grads.get(t);
      grads.set(t, prev === undefined ? g : add(prev, g));
    });
  }
  return sources.map((s) => grads.get(s) ?? zerosLike(s));
}

export interface GradientTapeOptions {
  /** Allow gradient() more than once (intermediates are kept until dispose()). */
  persistent?: boolean;
}

type Sources = Tensor | Tensor[] | Record<string, Tensor>;
type GradsOf<S> = S extends Tensor ? Tensor : S extends Tensor[] ? Tensor[] : { [K in keyof S]: Tensor };

/**
 * Records operations for automatic differentiation, like tf.GradientTape:
 *
 *     const tape = new GradientTape();
 *     const loss = tape.record(() => f(W, b));
 *     const [gW, gb] = tape.gradient(loss, [W, b]);
 *
 * Tensors created inside record() belong to the tape and are freed by gradient() (or
 * dispose() for a persistent tape), except the ones record() returns.
 */
export class GradientTape implements Recorder {
  private nodes: OpNode[] = [];
  private owned: Tensor[] = [];
  private escaped = new Set<Tensor>();
  private readonly persistent: boolean;
  private done = false;

  constructor(options: GradientTapeOptions = {}) {
    const { persistent = false } = optionsObject('GradientTape', options, 'GradientTapeOptions');
    if (typeof persistent !== 'boolean') throw new ValueError(`GradientTape: persistent must be true or false, got ${describeValue(persistent)}.`);
    this.persistent = persistent;
  }

  /** Run fn and record its operations; returns what fn returns. */
  record<T>(fn: () => T): T;
  /** For the ops (the Recorder interface; stays in the .d.ts because GradientTape implements it). */
  record(node: OpNode): void;
  record<T>(arg: OpNode | (() => T)): T | void {
    if (typeof arg !== 'function') { this.nodes.push(arg); return; }
    if (this.done) throw new StateError('This GradientTape was already used by gradient(); create a new one (or pass {persistent: true}).');
    const scope: Scope = { tensors: [] };
    pushScope(scope);
    pushRecorder(this);
    let result: T;
    try {
      result = arg();
    } finally {
      popRecorder(this);
      popScope();
    }
    const out = collectTensors(result!);
    for (const t of scope.tensors) {
      if (out.has(t) || t.kept) this.escaped.add(t);
      this.owned.push(t);
    }
    // Returned tensors belong to the caller's scope from now on.
    const parent = currentScope();
    if (parent) for (const t of out) if (scope.tensors.includes(t)) parent.tensors.push(t);
    return result!;
  }

  /** Nothing to do: every op inside record() is recorded. Kept for Keras/TF.js familiarity. */
  watch(_t: Tensor | Tensor[]): void { /* all ops are recorded */ }

  gradient<S extends Sources>(target: Tensor, sources: S, outputGradient?: Tensor): GradsOf<S> {
    if (this.done) throw new StateError('GradientTape.gradient() can be called only once on a non-persistent tape; pass {persistent: true} to call it again.');
    if (!(target instanceof Tensor)) throw new ValueError(`GradientTape.gradient(): the target must be a Tensor, got ${typeof target}.`);
    const list: Tensor[] = sources instanceof Tensor ? [sources] : Array.isArray(sources) ? sources : Object.values(sources);
    for (const s of list) if (!(s instanceof Tensor)) throw new ValueError('GradientTape.gradient(): every source must be a Tensor or Variable.');
    // As in JAX: only floating-point sources have gradients (cast an int32 variable to float32 first).
    for (const s of list) if (s.dtype !== 'float32') throw new DTypeError(`GradientTape.gradient(): a gradient needs a float32 source, got ${s.dtype}${s.isVariable ? ` variable '${(s as Tensor & { name?: string }).name}'` : ''} of shape [${s.shape}]; make it float32 (cast, or variable(x, true, name, 'float32')).`);
    // Inside an outer tape (higher-order gradients) the outer tape still needs this tape's
    // intermediates and the backprop ops' inputs: hand them to the enclosing scope, free nothing.
    const nested = recordingCount() > 0;
    const grads = nested ? backprop(this.nodes, [target], [outputGradient ?? null], list)
      : tidy(() => backprop(this.nodes, [target], [outputGradient ?? null], list));
    if (nested) {
      const scope = currentScope();
      if (scope) scope.tensors.push(...this.owned);
      this.owned = [];
      if (!this.persistent) { this.nodes = []; this.done = true; }
    } else if (!this.persistent) this.dispose(new Set(grads));
    if (sources instanceof Tensor) return grads[0] as GradsOf<S>;
    if (Array.isArray(sources)) return grads as GradsOf<S>;
    const keys = Object.keys(sources);
    return Object.fromEntries(keys.map((k, i) => [k, grads[i]])) as GradsOf<S>;
  }

  /** Free the recorded intermediates (those record() did not return). */
  dispose(keepAlso: Set<Tensor> = new Set()): void {
    for (const t of this.owned) if (!this.escaped.has(t) && !keepAlso.has(t)) t.dispose();
    this.owned = [];
    this.nodes = [];
    this.done = true;
  }
}

/** f'(x): returns a function computing the gradient of scalar f at x (TF.js's tf.grad). */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) => valueAndGrad(f)(x, dy).grad;
}

/** Gradients of f with respect to each argument (TF.js's tf.grads). */
export function grads(f: (...args: Tensor[]) => Tensor): (args: Tensor[], dy?: Tensor) => Tensor[] {
  return (args, dy) => valueAndGrads(f)(args, dy).grads;
}

export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const r = valueAndGrads((a: Tensor) => f(a))([x], dy);
    return { value: r.value, grad: r.grads[0] };
  };
}

export function valueAndGrads(f: (...args: Tensor[]) => Tensor): (args: Tensor[], dy?: Tensor) => { value: Tensor; grads: Tensor[] } {
  return (args, dy) => {
    const tape = new GradientTape();
    const value = tape.record(() => f(...args));
    const g = tape.gradient(value, args, dy);
    return { value, grads: g };
  };
}
