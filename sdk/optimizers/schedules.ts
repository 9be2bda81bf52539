// Learning-rate schedules (Keras 3 formulas): the value for the current step, read by the
// optimizer's update kernels at run time; each registered (sdk/registry.ts) for saved configs.
import { ValueError, describeValue } from '../errors.js';
import { register } from '../registry.js';
import { camelCase } from '../options.js';

/** Each named field of `args` is a finite number (optional ones may be missing or null). */
function checkNumbers(who: string, args: unknown, required: string[], optional: string[] = []): void {
  if (args === null || typeof args !== 'object') throw new ValueError(`${who}: options must be an object such as {${required.map((k) => `${k}: ...`).join(', ')}}, got ${describeValue(args)}.`);
  const a = args as Record<string, unknown>;
  for (const k of [...required, ...optional]) {
    const v = a[k];
    if ((v === undefined || v === null) && optional.includes(k)) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValueError(`${who}: ${k} must be a finite number, got ${describeValue(v)}.`);
  }
}

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
    checkNumbers('ExponentialDecay', args, ['initialLearningRate', 'decaySteps', 'decayRate']);
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
    for (const [k, v] of [['boundaries', boundaries], ['values', values]] as const) {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw new ValueError(`PiecewiseConstantDecay: ${k} must be a list of finite numbers, got ${describeValue(v)}.`);
    }
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
  constructor(readonly args: CosineDecayArgs) {
    super();
    checkNumbers('CosineDecay', args, ['initialLearningRate', 'decaySteps'], ['alpha', 'warmupTarget', 'warmupSteps']);
    if (!(args.decaySteps > 0)) throw new ValueError(`CosineDecay: decaySteps must be > 0, got ${args.decaySteps}.`);
  }
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

// A saved config's keys are Keras's snake_case ones; the constructors take their camelCase twins.
const args = <T>(c: Record<string, unknown>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [camelCase(k), v])) as T;
register('schedule', 'ExponentialDecay', (c) => new ExponentialDecay({ ...args<ExponentialDecayArgs>(c), staircase: Boolean(c.staircase) }));
register('schedule', 'PiecewiseConstantDecay', (c) => new PiecewiseConstantDecay(c.boundaries as number[], c.values as number[]));
register('schedule', 'CosineDecay', (c) => new CosineDecay(args(c)));
