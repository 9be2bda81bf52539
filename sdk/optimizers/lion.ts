// Lion (Chen et al., 2023), Keras 3's rule and defaults, written with tensor ops in updateStep():
// the whole optimizer is this class. It is traced into fit()'s plan like any other op.
import type { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import { add, mul, sign } from '../tensor/ops/index.js';
import { ValueError } from '../errors.js';
import { Optimizer, registerOptimizer, type OptimizerArgs } from './optimizer.js';

export interface LionArgs extends OptimizerArgs { beta1?: number; beta2?: number }

export class Lion extends Optimizer {
  readonly className = 'Lion';
  readonly beta1: number;
  readonly beta2: number;
  constructor(args: LionArgs = {}) {
    super('lion', 0.001, args, 'Lion');
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.99;
    if (!(this.beta1 > 0)) throw new ValueError(`Lion: beta1 must be in (0, 1] (at 0 it is SignSGD), got ${this.beta1}.`);
  }
  protected slotGroups() { return [['momentum']]; }
  // v -= lr·sign(β1·m + (1-β1)·g); m = β2·m + (1-β2)·g. The constants are float32, as in Keras.
  protected override updateStep(g: Tensor, v: Variable, [m]: Variable[], lr: Tensor): void {
    const b1 = Math.fround(this.beta1), b2 = Math.fround(this.beta2);
    v.assignSub(mul(lr, sign(add(mul(m, b1), mul(g, Math.fround(1 - b1))))));
    m.assign(add(mul(m, b2), mul(g, Math.fround(1 - b2))));
  }
  override getConfig() { return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2 }; }
}

registerOptimizer('Lion', Lion as never);
