// Learning-rate schedules (Keras 3 formulas): the value for the current step, read by the
// optimizer's update kernels at run time.
import { ValueError } from '../errors.js';

export abstract class LearningRateSchedule {
  abstract readonly className: string;
  /** Learning rate at a (0-based) step. */
  abstract call(step: number): number;
  abstract getConfig(): Record<string, unknown>;
  serialize() { return { module: 'keras.optimizers.schedules', class_name: this.className, config: this.getConfig(), registered_name: null }; }
}

export interface ExponentialDecayArgs { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }

/** lr · decayRate^(step / decaySteps) (floored with staircase). */
export class ExponentialDecay extends LearningRateSchedule {
  readonly className = 'ExponentialDecay';
  constructor(readonly args: ExponentialDecayArgs) {
    super();
    if (!(args.decaySteps > 0)) throw new ValueError(`ExponentialDecay: decaySteps must be > 0, got ${args.decaySteps}.`);
  }
  call(step: number): number {
    let p = step / this.args.decaySteps;
    if (this.args.staircase) p = Math.floor(p);
    return this.args.initialLearningRate * Math.pow(this.args.decayRate, p);
  }
  getConfig() {
    const a = this.args;
    return { initial_learning_rate: a.initialLearningRate, decay_steps: a.decaySteps, decay_rate: a.decayRate, staircase: a.staircase ?? false, name: 'ExponentialDecay' };
  }
}

/** values[i] while step ≤ boundaries[i] (Keras: the boundary step itself still uses values[i]). */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';
  constructor(readonly boundaries: number[], readonly values: number[]) {
    super();
    if (values.length !== boundaries.length + 1) throw new ValueError(`PiecewiseConstantDecay: values must have one more entry than boundaries (${boundaries.length} boundaries, ${values.length} values).`);
  }
  call(step: number): number {
    for (let i = 0; i < this.boundaries.length; i++) if (step <= this.boundaries[i]) return this.values[i];
    return this.values[this.values.length - 1];
  }
  getConfig() { return { boundaries: this.boundaries, values: this.values, name: 'PiecewiseConstant' }; }
}

export interface CosineDecayArgs { initialLearningRate: number; decaySteps: number; alpha?: number; warmupTarget?: number | null; warmupSteps?: number }

/** Cosine decay to alpha·lr over decaySteps, with optional linear warm-up. */
export class CosineDecay extends LearningRateSchedule {
  readonly className = 'CosineDecay';
  constructor(readonly args: CosineDecayArgs) { super(); }
  call(step: number): number {
    const { initialLearningRate: lr0, decaySteps, alpha = 0, warmupTarget = null, warmupSteps = 0 } = this.args;
    if (warmupTarget !== null && step < warmupSteps) return lr0 + (warmupTarget - lr0) * (step / warmupSteps);
    const start = warmupTarget !== null ? warmupTarget : lr0;
    const s = Math.min(step - warmupSteps, decaySteps);
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (s / decaySteps)));
    return start * ((1 - alpha) * cosine + alpha);
  }
  getConfig() {
    const a = this.args;
    return { initial_learning_rate: a.initialLearningRate, decay_steps: a.decaySteps, alpha: a.alpha ?? 0, name: 'CosineDecay', warmup_target: a.warmupTarget ?? null, warmup_steps: a.warmupSteps ?? 0 };
  }
}
