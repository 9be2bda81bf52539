// Recurrent layers (Keras 3): SimpleRNN, LSTM, GRU. The time loop is unrolled into ops
// (the input projection x·W + b for all steps is one GEMM, then per step its time piece, h·U and
// the gate arithmetic), so eager calls, tapes and fit()'s plans all work; backprop through
// time comes from the ops' gradients. The per-step pieces (time slices of the projection, gate
// blocks) come from one partition op each, whose gradient writes every piece's gradient into
// its slot of one buffer (no per-step zero-filled full-size gradients to sum). With Keras's
// default activations, a step's gate arithmetic is one cell op instead (tensor/ops/cells.ts:
// the same bits, one dispatch and one gradient a step). Weights keep Keras's names, shapes and
// gate order ('lstm/lstm_cell/kernel' [in, 4u], gates i, f, c, o; GRU gates z, r, h).
// Masking (Keras 3): at a masked step the states keep their previous values (zeros before the
// first step) and the step's output is the previous output, or zeros with zeroOutputForMask;
// the mask passes on with returnSequences and is dropped otherwise.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Shape, Tensor } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import { add, cast, mul, sub, where } from '../tensor/ops/elementwise.js';
import { concat, reshape, stack } from '../tensor/ops/shape.js';
import { fill } from '../tensor/ops/creation.js';
import { partition, splitLast, unstackAxis } from '../tensor/ops/partition.js';
import { dense } from '../tensor/ops/nn.js';
import { gruCell, lstmCell } from '../tensor/ops/cells.js';
import { dropoutMask } from './dropout-op.js';
import { getActivation, type ActivationFn, type ActivationIdentifier } from '../activations.js';
import { Initializer } from '../initializers.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import { Layer, layerArgs, isNumber, addActivityLoss, registerLayer, type LayerArgs, type LayerConfig, type Mask, type ShapeSpec } from './layer.js';
import { readWeightOptions, resolveRegularizer, weightConfig, weightOptions, type WeightArgs, type WeightFields } from './weight-options.js';

export interface RNNArgs extends LayerArgs, WeightArgs<'kernel' | 'recurrent' | 'bias'> {
  units?: number;
  activation?: ActivationIdentifier | null;
  useBias?: boolean;
  activityRegularizer?: RegularizerIdentifier | null;
  dropout?: number;
  recurrentDropout?: number;
  returnSequences?: boolean;
  returnState?: boolean;
  goBackwards?: boolean;
  /** Masked steps output zeros instead of the previous output (Bidirectional sets it with returnSequences, as Keras). */
  zeroOutputForMask?: boolean;
  stateful?: boolean;
  unroll?: boolean;
  seed?: number | null;
}

export interface GatedRNNArgs extends RNNArgs { recurrentActivation?: ActivationIdentifier | null }
export interface LSTMArgs extends GatedRNNArgs { unitForgetBias?: boolean }
export interface GRUArgs extends GatedRNNArgs { resetAfter?: boolean }

/** @internal Whether a step with Keras's default activations runs as one cell op (tests compare it with the op-by-op step). */
export const recurrentCells = { fused: true };

/** LSTM bias with unit_forget_bias: the forget-gate block starts at 1. */
class ForgetBiasInitializer extends Initializer {
  readonly className = 'ForgetBias';
  constructor(private readonly base: Initializer, private readonly units: number) { super(); }
  call(_shape: Shape): Tensor {
    const u = this.units;
    return concat([this.base.call([u]), fill([u], 1), this.base.call([2 * u])], 0);
  }
}

/** kernelInitializer, kernelRegularizer, kernelConstraint and those of recurrent and bias (readWeightOptions sets them). */
interface RNNBase<A extends RNNArgs> extends WeightFields<'kernel' | 'recurrent' | 'bias'> {}
/** What the three share; A is the options type (LSTM's and GRU's own fields read theirs from `options`). */
abstract class RNNBase<A extends RNNArgs = RNNArgs> extends Layer {
  /** Keras cell name prefix of the weights: 'lstm_cell', 'gru_cell', 'simple_rnn_cell'. */
  protected abstract readonly cellName: string;
  /** Number of gate blocks in the kernel (1, 4, 3). */
  protected abstract readonly gates: number;
  readonly units: number;
  readonly activation: ActivationFn;
  readonly useBias: boolean;
  readonly activityRegularizer: Regularizer | null;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  /** Not readonly: Bidirectional sets it on its copies, as Keras does. */
  zeroOutputForMask: boolean;
  override supportsMasking = true;
  readonly seed: number | null;
  readonly dropout: number;
  readonly recurrentDropout: number;
  /** This call's recurrent-dropout mask [B, units] (one per sequence, as Keras). */
  protected recMask: Tensor | null = null;
  kernel: Variable | null = null;
  recurrentKernel: Variable | null = null;
  bias: Variable | null = null;
  /** The constructor's options in one object (either call form). */
  protected readonly options: A;

  /** `new LSTM(32, {returnSequences: true})` as in Keras, or `new LSTM({units: 32})`. */
  constructor(units: number | A, args: A = {} as A) {
    const a = layerArgs<A>(new.target, units, args, 'units', isNumber);
    super(a);
    this.options = a;
    const cls = (this.constructor as typeof Layer).className;
    if (!Number.isInteger(a.units) || (a.units as number) <= 0) throw new ValueError(`${cls}: units must be a positive integer, got ${a.units}.`);
    if (a.stateful) throw new ValueError(`${cls}: stateful RNNs are not supported.`);
    for (const [k, v] of [['dropout', a.dropout], ['recurrentDropout', a.recurrentDropout]] as const) {
      if (v !== undefined && (typeof v !== 'number' || v < 0 || v >= 1)) throw new ValueError(`${cls}: ${k} must be in [0, 1), got ${v}.`);
    }
    this.dropout = a.dropout ?? 0;
    this.recurrentDropout = a.recurrentDropout ?? 0;
    this.units = a.units as number;
    this.activation = getActivation(a.activation === undefined ? 'tanh' : a.activation);
    this.useBias = a.useBias ?? true;
    readWeightOptions(this, a, { kernel: 'glorot_uniform', recurrent: 'orthogonal', bias: 'zeros' });
    this.activityRegularizer = resolveRegularizer(a.activityRegularizer);
    this.returnSequences = a.returnSequences ?? false;
    this.returnState = a.returnState ?? false;
    this.goBackwards = a.goBackwards ?? false;
    this.zeroOutputForMask = a.zeroOutputForMask ?? false;
    this.seed = a.seed ?? null;
  }

  protected biasShape(): number[] { return [this.gates * this.units]; }
  protected biasInit(): Initializer { return this.biasInitializer; }
  /** How many state tensors the cell carries (LSTM: h and c). */
  protected get stateCount(): number { return 1; }

  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    const s = inputShape as ShapeSpec;
    if (s.length !== 3) throw new ShapeError(`Layer '${this.name}' (${this.className}) expects a 3-d input [batch, timesteps, features], got ${fmtShape(s)}.`);
    const f = s[2];
    if (f === null) throw new ShapeError(`Layer '${this.name}' (${this.className}): the feature dimension must be known, got ${fmtShape(s)}.`);
    const gu = this.gates * this.units;
    this.kernel = this.addWeight(`${this.cellName}/kernel`, [f, gu], this.kernelInitializer, weightOptions(this, 'kernel'));
    this.recurrentKernel = this.addWeight(`${this.cellName}/recurrent_kernel`, [this.units, gu], this.recurrentInitializer, weightOptions(this, 'recurrent'));
    if (this.useBias) this.bias = this.addWeight(`${this.cellName}/bias`, this.biasShape(), this.biasInit(), weightOptions(this, 'bias'));
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec | ShapeSpec[] {
    const s = inputShape as ShapeSpec;
    const out: ShapeSpec = this.returnSequences ? [s[0], s[1], this.units] : [s[0], this.units];
    if (!this.returnState) return out;
    return [out, ...Array.from({ length: this.stateCount }, () => [s[0], this.units] as ShapeSpec)];
  }

  /** x·W (+ input bias) for every step at once: [B, T, gates*units]. */
  protected inputProjection(x: Tensor): Tensor { return dense(x, this.kernel!, this.bias, 'linear'); }

  /** One step: projected input xt [B, G*u] and the previous states (null at t = 0: zeros). */
  protected abstract step(xt: Tensor, states: Tensor[] | null): Tensor[];

  /** Hooks around one call's time loop (per-call pieces of the weights). */
  protected beginSequence(): void {}
  protected endSequence(): void {}

  /** Whether recurrent dropout applies (Keras 3's default GRU implementation ignores it). */
  protected get usesRecurrentDropout(): boolean { return true; }

  /** Keras: the input mask goes on with the sequence output (returnSequences); the states have none. */
  override computeMask(inputs: Tensor | Tensor[], mask: Mask): Mask {
    void inputs;
    const m = Array.isArray(mask) ? mask[0] ?? null : mask ?? null;
    const out = this.returnSequences ? m : null;
    return this.returnState ? [out, ...Array.from({ length: this.stateCount }, () => null)] : out;
  }

  call(inputs: Tensor | Tensor[], training = false, mask: Mask = null): Tensor | Tensor[] {
    let x = inputs as Tensor;
    if (x.rank !== 3) throw new ShapeError(`Layer '${this.name}' (${this.className}) expects a 3-d input [batch, timesteps, features], got ${fmtShape(x.shape)}.`);
    const [B, T, F] = x.shape;
    if (T === 0) throw new ShapeError(`Layer '${this.name}' (${this.className}): the input has no time steps.`);
    const m = Array.isArray(mask) ? mask[0] ?? null : mask ?? null;
    if (m && (m.rank !== 2 || m.shape[0] !== B || m.shape[1] !== T)) {
      throw new ShapeError(`Layer '${this.name}': mask must have shape [${B}, ${T}], got ${fmtShape(m.shape)}.`);
    }
    // Per step, which rows are real ([B, 1], broadcast over the units by where()).
    const keep = m ? unstackAxis(reshape(m.dtype === 'float32' ? m : cast(m, 'float32'), [B, T, 1]), 1) : null;
    // Dropout masks are drawn once per sequence and shared by all time steps (Keras).
    if (training && this.dropout > 0) x = mul(x, dropoutMask([B, 1, F], this.dropout, this.seed));
    this.recMask = training && this.recurrentDropout > 0 && this.usesRecurrentDropout
      ? dropoutMask([B, this.units], this.recurrentDropout, this.seed === null ? null : this.seed + 1) : null;
    this.beginSequence();
    const xw = unstackAxis(this.inputProjection(x), 1);
    let states: Tensor[] | null = null;
    let last: Tensor | null = null;
    const outs: Tensor[] = [];
    for (let k = 0; k < T; k++) {
      const t = this.goBackwards ? T - 1 - k : k;
      const next = this.step(xw[t], states);
      if (keep) {
        // A masked step keeps the states (zeros before any real step) and repeats the previous output.
        const kt = keep[t], prev: Tensor[] | null = states;
        last = where(kt, next[0], this.zeroOutputForMask || prev === null ? 0 : prev[0]);
        states = next.map((s, i) => where(kt, s, prev === null ? 0 : prev[i]));
      } else {
        states = next;
        last = next[0];
      }
      if (this.returnSequences) outs.push(last);
    }
    this.recMask = null;
    this.endSequence();
    const output = this.returnSequences ? stack(outs, 1) : last!;
    addActivityLoss(this, this.activityRegularizer, output, x.shape[0]);
    return this.returnState ? [output, ...states!] : output;
  }

  /** h·U for the previous state (h through the recurrent-dropout mask while training). */
  protected recurrent(h: Tensor): Tensor { return dense(this.recMask ? mul(h, this.recMask) : h, this.recurrentKernel!, null, 'linear'); }

  protected baseConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      return_sequences: this.returnSequences,
      return_state: this.returnState,
      go_backwards: this.goBackwards,
      stateful: false,
      unroll: false,
      zero_output_for_mask: this.zeroOutputForMask,
      units: this.units,
      activation: this.activation.name,
    };
  }

  protected weightConfig(): LayerConfig {
    return {
      use_bias: this.useBias,
      ...weightConfig(this, 'initializer', ['kernel', 'recurrent', 'bias']),
    };
  }

  protected regConfig(): LayerConfig {
    return {
      ...weightConfig(this, 'regularizer', ['kernel', 'recurrent', 'bias', 'activity']),
      ...weightConfig(this, 'constraint', ['kernel', 'recurrent', 'bias']),
      dropout: this.dropout,
      recurrent_dropout: this.recurrentDropout,
    };
  }
}

/** h = act(x·W + b + h_prev·U). */
export class SimpleRNN extends RNNBase {
  static override className = 'SimpleRNN';
  protected readonly cellName = 'simple_rnn_cell';
  protected readonly gates = 1;
  protected step(xt: Tensor, states: Tensor[] | null): Tensor[] {
    const z = states === null ? xt : add(xt, this.recurrent(states[0]));
    return [this.activation.apply(z)];
  }
  override getConfig(): LayerConfig { return { ...this.baseConfig(), ...this.weightConfig(), ...this.regConfig() }; }
}

/** LSTM and GRU: gates squashed by a recurrent activation (Keras's default: sigmoid). */
abstract class GatedRNN<A extends GatedRNNArgs> extends RNNBase<A> {
  readonly recurrentActivation: ActivationFn = getActivation(this.options.recurrentActivation === undefined ? 'sigmoid' : this.options.recurrentActivation);
  /** Keras's default activations (sigmoid gates, tanh): a step's gates run as one cell op (tensor/ops/cells.ts). */
  protected get inOneCell(): boolean {
    return recurrentCells.fused && this.recurrentActivation.fusedName === 'sigmoid' && this.activation.fusedName === 'tanh';
  }
}

/** Gates i, f, c, o: c = f*c_prev + i*act(z_c), h = o*act(c). */
export class LSTM extends GatedRNN<LSTMArgs> {
  static override className = 'LSTM';
  protected readonly cellName = 'lstm_cell';
  protected readonly gates = 4;
  readonly unitForgetBias: boolean = this.options.unitForgetBias ?? true;
  protected override get stateCount(): number { return 2; }
  protected override biasInit(): Initializer { return this.unitForgetBias ? new ForgetBiasInitializer(this.biasInitializer, this.units) : this.biasInitializer; }
  protected step(xt: Tensor, states: Tensor[] | null): Tensor[] {
    const z = states === null ? xt : add(xt, this.recurrent(states[0]));
    const ra = this.recurrentActivation;
    // One cell op, the same bits as the ops below.
    if (this.inOneCell) return lstmCell(z, states === null ? null : states[1]);
    const [zi, zf, zc, zo] = splitLast(z, 4);
    const i = ra.apply(zi);
    const f = ra.apply(zf);
    const g = this.activation.apply(zc);
    const o = ra.apply(zo);
    const ig = mul(i, g);
    const c = states === null ? ig : add(mul(f, states[1]), ig);
    return [mul(o, this.activation.apply(c)), c];
  }
  override getConfig(): LayerConfig {
    return {
      ...this.baseConfig(), recurrent_activation: this.recurrentActivation.name, ...this.weightConfig(),
      unit_forget_bias: this.unitForgetBias, ...this.regConfig(), seed: this.seed,
    };
  }
}

/**
 * Gates z, r, h; h = z*h_prev + (1-z)*hh. reset_after (the Keras 3 default): bias [2, 3u]
 * (input and recurrent rows), hh = act(x_h + r*(h_prev·U_h + b_rh)); otherwise bias [3u],
 * hh = act(x_h + (r*h_prev)·U_h). recurrentDropout is accepted but, as in Keras 3's default GRU
 * implementation, not applied.
 */
export class GRU extends GatedRNN<GRUArgs> {
  static override className = 'GRU';
  protected readonly cellName = 'gru_cell';
  protected readonly gates = 3;
  readonly resetAfter: boolean = this.options.resetAfter ?? true;
  protected override biasShape(): number[] { return this.resetAfter ? [2, 3 * this.units] : [3 * this.units]; }
  protected override get usesRecurrentDropout(): boolean { return false; }
  protected override inputProjection(x: Tensor): Tensor {
    if (!this.resetAfter || !this.bias) return super.inputProjection(x);
    return dense(x, this.kernel!, this.inBias, 'linear');
  }
  /** Per call: U's three gate blocks (reset_after=false) or the bias's input and recurrent rows. */
  private uParts: Tensor[] | null = null;
  private inBias: Tensor | null = null;
  private recBias: Tensor | null = null;
  protected override beginSequence(): void {
    if (!this.resetAfter) this.uParts = splitLast(this.recurrentKernel!, 3);
    else if (this.bias) [this.inBias, this.recBias] = partition(this.bias, 0, [1, 1], true);
  }
  protected override endSequence(): void { this.uParts = null; this.inBias = null; this.recBias = null; }
  protected step(xt: Tensor, states: Tensor[] | null): Tensor[] {
    const ra = this.recurrentActivation;
    const h0 = states?.[0] ?? null;
    let z: Tensor, hh: Tensor;
    if (this.resetAfter) {
      // h_prev·U + recurrent bias (just the bias while h_prev is zero).
      const rb = this.recBias;
      const inner = h0 === null ? rb : rb ? add(this.recurrent(h0), rb) : this.recurrent(h0);
      // After the first step: one cell op, the same bits as the ops below.
      if (h0 !== null && this.inOneCell) return [gruCell(xt, inner!, h0)];
      const [xz, xr, xh] = splitLast(xt, 3);
      const [iz, ir, ih] = inner === null ? [null, null, null] : splitLast(inner, 3);
      z = ra.apply(iz === null ? xz : add(xz, iz));
      const r = ra.apply(ir === null ? xr : add(xr, ir));
      hh = this.activation.apply(ih === null ? xh : add(xh, mul(r, ih)));
    } else {
      const [xz, xr, xh] = splitLast(xt, 3);
      const [uz, ur, uh] = this.uParts!;
      const part = (xp: Tensor, up: Tensor) => (h0 === null ? xp : add(xp, dense(h0, up, null, 'linear')));
      z = ra.apply(part(xz, uz));
      const r = ra.apply(part(xr, ur));
      hh = this.activation.apply(h0 === null ? xh : add(xh, dense(mul(r, h0), uh, null, 'linear')));
    }
    // h = z*h_prev + (1-z)*hh = hh + z*(h_prev - hh)
    const h = h0 === null ? sub(hh, mul(z, hh)) : add(hh, mul(z, sub(h0, hh)));
    return [h];
  }
  override getConfig(): LayerConfig {
    return {
      ...this.baseConfig(), recurrent_activation: this.recurrentActivation.name, ...this.weightConfig(),
      ...this.regConfig(), reset_after: this.resetAfter, seed: this.seed,
    };
  }
}

for (const cls of [SimpleRNN, LSTM, GRU]) registerLayer(cls);
