// The optimizer base: Keras 3 semantics (clipping, decoupled weight decay, iteration counter,
// slot variables named '<optimizer>/<variable path>_<slot>', constraints enforced after every
// update), and registerOptimizer (into sdk/registry.ts, with the config → options rule every
// optimizer shares). apply() emits effect ops, so the same call updates weights eagerly or
// becomes part of fit()'s plan. A subclass writes
// one rule: update() with a fused kernel whose thunk reads the learning rate and step at run
// time, or updateStep() with tensor ops and Variable.assign, traced into the plan like the rest.
import { ValueError, describeValue } from '../errors.js';
import { deserialize, register } from '../registry.js';
import { heapF32 } from '../engine/memory.js';
import { Tensor } from '../tensor/tensor.js';
import { Variable } from '../tensor/variable.js';
import { runOp, type OpSpec } from '../tensor/op.js';
import { clip, div, fill, maximum, mul, sqrt, square, sum, add, sub } from '../tensor/ops/index.js';
import { elementwise } from '../engine/threads.js';
import { LearningRateSchedule } from './schedules.js';
import { checkKnownOptions } from '../options.js';

export interface OptimizerArgs {
  learningRate?: number | LearningRateSchedule;
  /** Alias of learningRate (the seeds write SGD(lr=0.3)). */
  lr?: number | LearningRateSchedule;
  weightDecay?: number | null;
  clipnorm?: number | null;
  clipvalue?: number | null;
  globalClipnorm?: number | null;
  name?: string;
}

/** Ranges of the numeric options every optimizer shares or some take ([lo, hi], inclusive). */
const RANGES: Record<string, [number, number]> = {
  weightDecay: [0, Infinity], clipnorm: [0, Infinity], clipvalue: [0, Infinity], globalClipnorm: [0, Infinity],
  momentum: [0, 1], rho: [0, 1], beta1: [0, 1], beta2: [0, 1], epsilon: [0, Infinity], initialAccumulatorValue: [0, Infinity],
};
const FLAGS = ['nesterov', 'centered', 'amsgrad'];

/** Every option is checked when the optimizer is made, not when fit() first uses it. */
function checkOptimizerArgs(who: string, args: unknown): void {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) throw new ValueError(`${who}: options must be an object such as {learningRate: 0.01}, got ${describeValue(args)}.`);
  const a = args as Record<string, unknown>;
  for (const k of ['learningRate', 'lr']) {
    const v = a[k];
    if (v !== undefined && !(v instanceof LearningRateSchedule) && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
      throw new ValueError(`${who}: ${k} must be a finite number ≥ 0 or a LearningRateSchedule, got ${describeValue(v)}.`);
    }
  }
  for (const [k, [lo, hi]] of Object.entries(RANGES)) {
    const v = a[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || Number.isNaN(v) || v < lo || v > hi || (hi === Infinity && !Number.isFinite(v))) {
      throw new ValueError(`${who}: ${k} must be a number in [${lo}, ${hi === Infinity ? '∞)' : `${hi}]`}, got ${describeValue(v)}.`);
    }
  }
  for (const k of FLAGS) if (a[k] !== undefined && typeof a[k] !== 'boolean') throw new ValueError(`${who}: ${k} must be true or false, got ${describeValue(a[k])}.`);
  if (a.name !== undefined && typeof a.name !== 'string') throw new ValueError(`${who}: name must be a string, got ${describeValue(a.name)}.`);
}

interface UpdateAttrs { opt: Optimizer; index: number }

const updateSpec: OpSpec<UpdateAttrs> = {
  name: 'optimizerUpdate',
  effect: true,
  infer: () => [],
  kernel: (inputs, _o, { opt, index }) => () => opt.runUpdate(index, inputs[0], inputs[1], inputs.slice(2)),
};

const stepSpec: OpSpec<{ opt: Optimizer; phase: 'begin' | 'end' }> = {
  name: 'optimizerStep',
  effect: true,
  infer: () => [],
  kernel: (_i, _o, { opt, phase }) => () => (phase === 'begin' ? opt.beginStep() : opt.endStep()),
};

export interface OptimizerVariable { path: string; value: Variable }

export abstract class Optimizer {
  /** Keras's config class name (e.g. 'Adam'). */
  abstract readonly className: string;
  readonly name: string;
  learningRate: number | LearningRateSchedule;
  readonly weightDecay: number | null;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  /** Steps applied so far (Keras's optimizer.iterations). */
  iterations = 0;
  protected vars: Variable[] = [];
  /** slots[group][varIndex] — Keras creates slot groups in order, interleaving within a group. */
  protected slots: Variable[][][] = [];
  private iterationVar: Variable | null = null;
  private lrVar: Variable | null = null;

  /** `className`: a built-in's Keras class name, whose options (from its Args type) are checked. */
  constructor(defaultName: string, defaultLr: number, args: OptimizerArgs, className?: string) {
    checkOptimizerArgs(defaultName, args);
    if (className) checkKnownOptions(className, args, className);
    this.name = args.name ?? defaultName;
    if (args.learningRate !== undefined && args.lr !== undefined) throw new ValueError(`${defaultName}: give learningRate or its alias lr, not both.`);
    this.learningRate = args.learningRate ?? args.lr ?? defaultLr;
    if (typeof this.learningRate === 'number' && !(this.learningRate >= 0)) throw new ValueError(`${defaultName}: learningRate must be a number ≥ 0, got ${this.learningRate}.`);
    this.weightDecay = args.weightDecay ?? null;
    this.clipnorm = args.clipnorm ?? null;
    this.clipvalue = args.clipvalue ?? null;
    this.globalClipnorm = args.globalClipnorm ?? null;
    const clips = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((c) => c !== null).length;
    if (clips > 1) throw new ValueError(`${defaultName}: only one of clipnorm, clipvalue and globalClipnorm can be set.`);
  }

  /** Slot groups: each inner list is created interleaved per variable (e.g. [['momentum', 'velocity']]). */
  protected abstract slotGroups(): string[][];
  protected slotInitialValue(_slot: string): number { return 0; }
  /** Update one variable with a fused kernel: pointers are fixed; scalars come from the current step. */
  protected update(_v: Tensor, _g: Tensor, _slots: Variable[], _lr: number): void {
    throw new ValueError(`${this.className}: an optimizer defines update() (a fused kernel) or updateStep() (tensor ops).`);
  }
  /**
   * Keras's update_step, written with tensor ops: assign the new values to `variable` and its
   * `slots` (Variable.assign). `learningRate` is a scalar tensor read when the step runs. Weight
   * decay is applied before it; clipping and constraints around it, as for every optimizer.
   */
  protected updateStep?(gradient: Tensor, variable: Variable, slots: Variable[], learningRate: Tensor): void;
  /** Keras's decoupled weight decay, v -= v·wd·lr, before an update (fused kernels). */
  protected decayWeights(v: Tensor, lr: number): void {
    if (this.weightDecay) elementwise('weight_decay', [v.ptr], v.size, [Math.fround(this.weightDecay), lr]);
  }
  /** Hook before the per-variable updates of a step (Nadam's running product). */
  beginStep(): void {}

  /** The learning rate for the current step, as the float32 Keras stores. */
  currentLearningRate(): number {
    const lr = typeof this.learningRate === 'number' ? this.learningRate : this.learningRate.call(this.iterations);
    return Math.fround(lr);
  }

  /** Create slot variables for these variables (Keras's build). */
  build(vars: Variable[]): void {
    if (this.vars.length) return;
    this.vars = [...vars];
    this.iterationVar = new Variable(fill([], 0, 'int32'), { name: `${this.name}/iteration`, trainable: false });
    this.lrVar = new Variable(fill([], this.currentLearningRate()), { name: `${this.name}/learning_rate`, trainable: false });
    this.slots = this.slotGroups().map((group) => group.map(() => [] as Variable[]));
    this.slotGroups().forEach((group, gi) => {
      vars.forEach((v) => group.forEach((slot, si) => {
        const init = fill([...v.shape], this.slotInitialValue(slot));
        const s = new Variable(init, { name: `${this.name}/${v.name.replace(/\//g, '_')}_${slot}`, trainable: false });
        init.dispose();
        this.slots[gi][si].push(s);
      }));
    });
  }

  /** Slots of variable i, in slot-name order across groups. */
  protected slotsOf(i: number): Variable[] {
    return this.slots.flatMap((group) => group.map((list) => list[i]));
  }

  /** Apply gradients to variables (eagerly, or into the plan being traced). */
  apply(grads: Tensor[], vars: Variable[]): void {
    if (grads.length !== vars.length) throw new ValueError(`${this.className}.apply: ${grads.length} gradients for ${vars.length} variables.`);
    this.build(vars);
    const clipped = this.clipGradients(grads);
    runOp(stepSpec, [], { opt: this, phase: 'begin' });
    vars.forEach((v, k) => {
      let i = this.vars.indexOf(v);
      if (i < 0) throw new ValueError(`${this.className}.apply: variable '${v.name}' was not part of the first apply() (the optimizer was built for ${this.vars.map((x) => x.name).join(', ')}).`);
      if (this.updateStep) {
        const lr = this.lrVar!;
        if (this.weightDecay) v.assign(sub(v, mul(mul(v, Math.fround(this.weightDecay)), lr)));
        this.updateStep(clipped[k], v, this.slotsOf(i), lr);
      } else runOp(updateSpec, [v, clipped[k], ...this.slotsOf(i)], { opt: this, index: i });
    });
    runOp(stepSpec, [], { opt: this, phase: 'end' });
    // Keras's optimizer.apply enforces variable constraints after the update, for every caller.
    for (const v of vars) if (v.constraint) v.assign(v.constraint.call(v));
  }

  /** TF.js/Keras style: [[grad, variable], ...]. */
  applyGradients(pairs: [Tensor, Variable][]): void {
    this.apply(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
  }

  /** @internal Called by the update thunk. */
  runUpdate(_index: number, v: Tensor, g: Tensor, slots: Tensor[]): void {
    this.update(v, g, slots as Variable[], this.currentLearningRate());
  }

  /** @internal End of a step: advance the counter and mirror it into the saved variables. */
  endStep(): void {
    this.iterations++;
    if (this.iterationVar) new Int32Array(heapF32().buffer, this.iterationVar.ptr, 1)[0] = this.iterations;
    if (this.lrVar) heapF32()[this.lrVar.ptr >>> 2] = this.currentLearningRate();
  }

  private clipGradients(grads: Tensor[]): Tensor[] {
    if (this.clipvalue !== null) return grads.map((g) => clip(g, -this.clipvalue!, this.clipvalue!));
    if (this.clipnorm !== null) {
      const c = this.clipnorm;
      return grads.map((g) => div(mul(g, c), maximum(sqrt(sum(square(g))), c)));
    }
    if (this.globalClipnorm !== null) {
      const c = this.globalClipnorm;
      let total: Tensor | null = null;
      for (const g of grads) { const s = sum(square(g)); total = total === null ? s : add(total, s); }
      const norm = sqrt(total!);
      const scale = div(c, maximum(norm, c));
      return grads.map((g) => mul(g, scale));
    }
    return grads;
  }

  /** Every optimizer variable with its Keras path (iteration, learning_rate, slots). */
  variables(): OptimizerVariable[] {
    if (!this.iterationVar || !this.lrVar) return [];
    const out: OptimizerVariable[] = [
      { path: this.iterationVar.name, value: this.iterationVar },
      { path: this.lrVar.name, value: this.lrVar },
    ];
    for (const group of this.slots) {
      for (let i = 0; i < this.vars.length; i++) for (const list of group) out.push({ path: list[i].name, value: list[i] });
    }
    return out.concat(this.extraVariables());
  }

  protected extraVariables(): OptimizerVariable[] { return []; }

  /** Restore state saved by variables() (same order); sets `iterations` from the counter. */
  setVariables(values: Tensor[]): void {
    const vs = this.variables();
    if (values.length !== vs.length) throw new ValueError(`${this.className}: expected ${vs.length} optimizer variables, got ${values.length}.`);
    values.forEach((t, i) => {
      if (t.size !== vs[i].value.size) throw new ValueError(`${this.className}: optimizer variable ${vs[i].path} expects ${vs[i].value.size} values, got ${t.size}.`);
    });
    values.forEach((t, i) => vs[i].value.assign(t));
    this.iterations = Number(vs[0].value.dataSync()[0]);
    this.afterRestore();
  }

  protected afterRestore(): void {}

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      learning_rate: typeof this.learningRate === 'number' ? Math.fround(this.learningRate) : this.learningRate.serialize(),
      weight_decay: this.weightDecay, clipnorm: this.clipnorm, global_clipnorm: this.globalClipnorm, clipvalue: this.clipvalue,
      use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null,
    };
  }
}

/** Python-float scalars become float32 when they meet float32 arrays (JAX weak typing). */
export const f = Math.fround;

type OptimizerClass = new (args?: Record<string, unknown>) => Optimizer;

/** An optimizer's Keras config (learning_rate, beta_1, ...) as the options its class takes. */
function argsFromConfig(c: Record<string, unknown>): Record<string, unknown> {
  const lr = c.learning_rate;
  const learningRate = typeof lr === 'number' ? lr : lr && typeof lr === 'object' ? deserialize<LearningRateSchedule>('schedule', lr as never) ?? undefined : undefined;
  return {
    learningRate, name: c.name, weightDecay: c.weight_decay, clipnorm: c.clipnorm, clipvalue: c.clipvalue, globalClipnorm: c.global_clipnorm,
    momentum: c.momentum, nesterov: c.nesterov, rho: c.rho, epsilon: c.epsilon, centered: c.centered, beta1: c.beta_1, beta2: c.beta_2,
    amsgrad: c.amsgrad, initialAccumulatorValue: c.initial_accumulator_value,
  };
}

/** Make an optimizer class known by its Keras class name ('Lion'): 'lion' strings and saved configs find it. */
export function registerOptimizer(className: string, cls: OptimizerClass): void {
  if (typeof className !== 'string' || !/^[A-Za-z_]\w*$/.test(className)) throw new ValueError(`registerOptimizer: expected a class name such as 'Lion', got ${describeValue(className)}.`);
  if (typeof cls !== 'function' || !(cls.prototype instanceof Optimizer)) throw new ValueError(`registerOptimizer: expected a subclass of Optimizer for '${className}', got ${describeValue(cls)}.`);
  register('optimizer', className, cls, { fromConfig: (c) => new cls(argsFromConfig(c)) });
}
