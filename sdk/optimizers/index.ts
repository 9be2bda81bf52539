// Keras 3 optimizers: SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax, Nadam, with
// Keras's defaults and config names (each update one fused wasm kernel per variable); Lion
// (tensor ops, lion.ts); getOptimizer and optimizerFromConfig over sdk/registry.ts.
import { elementwise } from '../engine/threads.js';
import { ValueError, describeValue } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import { Optimizer, f, registerOptimizer, type OptimizerArgs, type OptimizerVariable } from './optimizer.js';
import { CosineDecay, ExponentialDecay, PiecewiseConstantDecay } from './schedules.js';
import { deserialize, get } from '../registry.js';
import { Variable as VariableClass } from '../tensor/variable.js';
import { fill } from '../tensor/ops/index.js';
import { heapF32 } from '../engine/memory.js';

export { Optimizer, registerOptimizer, type OptimizerArgs, type OptimizerVariable } from './optimizer.js';
export { Lion, type LionArgs } from './lion.js';
export { LearningRateSchedule, ExponentialDecay, PiecewiseConstantDecay, CosineDecay } from './schedules.js';
export const schedules = { ExponentialDecay, PiecewiseConstantDecay, CosineDecay };

const NONE = 0;

export interface SGDArgs extends OptimizerArgs { momentum?: number; nesterov?: boolean }

export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  constructor(args: SGDArgs = {}) {
    super('sgd', 0.01, args, 'SGD');
    this.momentum = args.momentum ?? 0;
    this.nesterov = args.nesterov ?? false;
    if (this.momentum < 0 || this.momentum > 1) throw new ValueError(`SGD: momentum must be in [0, 1], got ${this.momentum}.`);
  }
  protected slotGroups() { return this.momentum !== 0 ? [['momentum']] : []; }
  protected override update(v: Tensor, g: Tensor, slots: Variable[], lr: number): void {
    this.decayWeights(v, lr);
    if (this.momentum !== 0) elementwise('sgd_momentum', [v.ptr, g.ptr, slots[0].ptr], v.size, [lr, f(this.momentum), this.nesterov ? 1 : 0]);
    else elementwise('sgd', [v.ptr, g.ptr], v.size, [lr]);
  }
  override getConfig() { return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov }; }
}

export interface RMSpropArgs extends OptimizerArgs { rho?: number; momentum?: number; epsilon?: number; centered?: boolean }

export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly rho: number; readonly momentum: number; readonly epsilon: number; readonly centered: boolean;
  constructor(args: RMSpropArgs = {}) {
    super('rm_sprop', 0.001, args, 'RMSprop');
    this.rho = args.rho ?? 0.9; this.momentum = args.momentum ?? 0; this.epsilon = args.epsilon ?? 1e-7; this.centered = args.centered ?? false;
  }
  protected slotGroups() {
    const g = [['velocity']];
    if (this.momentum > 0) g.push(['momentum']);
    if (this.centered) g.push(['average_gradient']);
    return g;
  }
  protected override update(v: Tensor, g: Tensor, slots: Variable[], lr: number): void {
    this.decayWeights(v, lr);
    const mom = this.momentum > 0 ? slots[1].ptr : NONE;
    const avg = this.centered ? slots[this.momentum > 0 ? 2 : 1].ptr : NONE;
    elementwise('rmsprop', [v.ptr, g.ptr, slots[0].ptr, mom, avg], v.size, [lr, f(this.rho), f(1 - this.rho), f(this.momentum), f(this.epsilon), this.centered ? 1 : 0]);
  }
  override getConfig() { return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered }; }
}

export interface AdamArgs extends OptimizerArgs { beta1?: number; beta2?: number; epsilon?: number; amsgrad?: boolean }

export class Adam extends Optimizer {
  readonly className: string = 'Adam';
  readonly beta1: number; readonly beta2: number; readonly epsilon: number; readonly amsgrad: boolean;
  constructor(args: AdamArgs = {}, defaultName = 'adam') {
    super(defaultName, 0.001, args, 'Adam');
    this.beta1 = args.beta1 ?? 0.9; this.beta2 = args.beta2 ?? 0.999; this.epsilon = args.epsilon ?? 1e-7; this.amsgrad = args.amsgrad ?? false;
  }
  protected slotGroups() { return this.amsgrad ? [['momentum', 'velocity'], ['velocity_hat']] : [['momentum', 'velocity']]; }
  protected override update(v: Tensor, g: Tensor, slots: Variable[], lr: number): void {
    this.decayWeights(v, lr);
    const t = this.iterations + 1;
    const b1p = f(Math.pow(f(this.beta1), t)), b2p = f(Math.pow(f(this.beta2), t));
    const alpha = f(f(lr * f(Math.sqrt(f(1 - b2p)))) / f(1 - b1p));
    elementwise('adam', [v.ptr, g.ptr, slots[0].ptr, slots[1].ptr, this.amsgrad ? slots[2].ptr : NONE], v.size, [alpha, f(1 - this.beta1), f(1 - this.beta2), f(this.epsilon), this.amsgrad ? 1 : 0]);
  }
  override getConfig() { return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad }; }
}

export class AdamW extends Adam {
  override readonly className = 'AdamW';
  constructor(args: AdamArgs = {}) {
    super(args === null || typeof args !== 'object' ? args : { ...args, weightDecay: args.weightDecay ?? 0.004 }, 'adam_w');
  }
}

export interface AdagradArgs extends OptimizerArgs { initialAccumulatorValue?: number; epsilon?: number }

export class Adagrad extends Optimizer {
  readonly className = 'Adagrad';
  readonly initialAccumulatorValue: number; readonly epsilon: number;
  constructor(args: AdagradArgs = {}) {
    super('adagrad', 0.001, args, 'Adagrad');
    this.initialAccumulatorValue = args.initialAccumulatorValue ?? 0.1; this.epsilon = args.epsilon ?? 1e-7;
  }
  protected slotGroups() { return [['accumulator']]; }
  protected override slotInitialValue() { return this.initialAccumulatorValue; }
  protected override update(v: Tensor, g: Tensor, slots: Variable[], lr: number): void {
    this.decayWeights(v, lr);
    elementwise('adagrad', [v.ptr, g.ptr, slots[0].ptr], v.size, [lr, f(this.epsilon)]);
  }
  override getConfig() { return { ...super.getConfig(), initial_accumulator_value: this.initialAccumulatorValue, epsilon: this.epsilon }; }
}

export interface AdadeltaArgs extends OptimizerArgs { rho?: number; epsilon?: number }

export class Adadelta extends Optimizer {
  readonly className = 'Adadelta';
  readonly rho: number; readonly epsilon: number;
  constructor(args: AdadeltaArgs = {}) {
    super('adadelta', 0.001, args, 'Adadelta');
    this.rho = args.rho ?? 0.95; this.epsilon = args.epsilon ?? 1e-7;
  }
  protected slotGroups() { return [['accumulated_grad', 'accumulated_delta_var']]; }
  protected override update(v: Tensor, g: Tensor, slots: Variable[], lr: number): void {
    this.decayWeights(v, lr);
    elementwise('adadelta', [v.ptr, g.ptr, slots[0].ptr, slots[1].ptr], v.size, [lr, f(this.rho), f(1 - this.rho), f(this.epsilon)]);
  }
  override getConfig() { return { ...super.getConfig(), rho: this.rho, epsilon: this.epsilon }; }
}

export class Adamax extends Optimizer {
  readonly className = 'Adamax';
  readonly beta1: number; readonly beta2: number; readonly epsilon: number;
  constructor(args: AdamArgs = {}) {
    super('adamax', 0.001, args, 'Adamax');
    this.beta1 = args.beta1 ?? 0.9; this.beta2 = args.beta2 ?? 0.999; this.epsilon = args.epsilon ?? 1e-7;
  }
  protected slotGroups() { return [['momentum', 'norm']]; }
  protected override update(v: Tensor, g: Tensor, slots: Variable[], lr: number): void {
    this.decayWeights(v, lr);
    const b1p = f(Math.pow(f(this.beta1), this.iterations + 1));
    elementwise('adamax', [v.ptr, g.ptr, slots[0].ptr, slots[1].ptr], v.size, [lr, f(1 - this.beta1), f(this.beta2), f(1 - b1p), f(this.epsilon)]);
  }
  override getConfig() { return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon }; }
}

export class Nadam extends Optimizer {
  readonly className = 'Nadam';
  readonly beta1: number; readonly beta2: number; readonly epsilon: number;
  /** Keras's _u_product: Π β1(1 - ½·0.96^t), kept as a (saved) variable. */
  private uProduct: VariableClass | null = null;
  constructor(args: AdamArgs = {}) {
    super('nadam', 0.001, args, 'Nadam');
    this.beta1 = args.beta1 ?? 0.9; this.beta2 = args.beta2 ?? 0.999; this.epsilon = args.epsilon ?? 1e-7;
  }
  protected slotGroups() { return [['momentum', 'velocity']]; }
  override build(vars: Variable[]): void {
    super.build(vars);
    if (!this.uProduct) this.uProduct = new VariableClass(fill([], 1), { name: 'variable', trainable: false });
  }
  private get u(): number { return heapF32()[this.uProduct!.ptr >>> 2]; }
  override beginStep(): void {
    const t = this.iterations + 1;
    heapF32()[this.uProduct!.ptr >>> 2] = f(f(this.u * f(this.beta1)) * f(1 - f(0.5 * f(Math.pow(0.96, t)))));
  }
  protected override update(v: Tensor, g: Tensor, slots: Variable[], lr: number): void {
    this.decayWeights(v, lr);
    const t = this.iterations + 1;
    const b1 = f(this.beta1), b2 = f(this.beta2);
    const ut = f(b1 * f(1 - f(0.5 * f(Math.pow(f(0.96), t)))));
    const ut1 = f(b1 * f(1 - f(0.5 * f(Math.pow(f(0.96), t + 1)))));
    const prod = this.u;
    const prod1 = f(prod * ut1);
    const b2p = f(Math.pow(b2, t));
    elementwise('nadam', [v.ptr, g.ptr, slots[0].ptr, slots[1].ptr], v.size, [lr, f(1 - this.beta1), f(1 - this.beta2), ut1, f(1 - prod1), f(1 - ut), f(1 - prod), f(1 - b2p), f(this.epsilon)]);
  }
  protected override extraVariables(): OptimizerVariable[] {
    return this.uProduct ? [{ path: 'variable', value: this.uProduct }] : [];
  }
  override getConfig() { return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon }; }
}

// Explicit names: a minified bundle renames the classes.
const BUILT_IN = { SGD, RMSprop, Adam, AdamW, Adagrad, Adadelta, Adamax, Nadam };
for (const [name, cls] of Object.entries(BUILT_IN)) registerOptimizer(name, cls as never);

/** The Keras optimizer names (class names such as 'RMSprop' work too). */
export type OptimizerName = 'sgd' | 'rmsprop' | 'adam' | 'adamw' | 'adagrad' | 'adadelta' | 'adamax' | 'nadam';
/** An optimizer: a Keras name (any other string is looked up at run time) or an Optimizer. */
export type OptimizerIdentifier = OptimizerName | (string & {}) | Optimizer;

/** 'adam', 'rmsprop', 'RMSprop', 'adamW' ... or an instance. */
export function getOptimizer(id: OptimizerIdentifier): Optimizer {
  if (id instanceof Optimizer) return id;
  if (typeof id !== 'string') throw new ValueError(`Expected an optimizer name or instance, got ${typeof id}.`);
  return get<Optimizer>('optimizer', id);
}

/** An optimizer from its Keras config ({class_name, config}). */
export function optimizerFromConfig(className: string, config: Record<string, unknown>): Optimizer {
  if (typeof className !== 'string') throw new ValueError(`optimizerFromConfig: expected an optimizer class name, got ${describeValue(className)}.`);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new ValueError(`optimizerFromConfig: the config of ${className} must be an object, got ${describeValue(config)}.`);
  return deserialize<Optimizer>('optimizer', { class_name: className, config }, 'optimizer class')!;
}
