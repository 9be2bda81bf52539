// Layer wrappers: Bidirectional (a forward and a backward copy of an RNN layer, merged) and
// TimeDistributed (one layer applied to every time step). The wrapped layers' weights,
// regularization and constraints are the wrapper's own. Masks (Keras 3): Bidirectional gives
// the input mask to both directions and, with returnSequences, makes masked steps output zeros
// (Keras forces zero_output_for_mask); TimeDistributed passes the mask on unchanged.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import { add, mul } from '../tensor/ops/elementwise.js';
import { concat, reshape, stack, unstack } from '../tensor/ops/shape.js';
import { Layer, layerArgs, deserializeLayer, registerLayer, type LayerArgs, type LayerConfig, type Mask, type ShapeSpec } from './layer.js';

/** Keras's serialize_keras_object for a layer. */
function serialize(layer: Layer): LayerConfig {
  return { module: 'keras.layers', class_name: layer.className, config: layer.getConfig(), registered_name: null };
}

/** A fresh layer of the same class from its config, with some keys replaced. */
function cloneWith(layer: Layer, changes: LayerConfig): Layer {
  return deserializeLayer(layer.className, { ...layer.getConfig(), ...changes });
}

/** The base-layer options in a wrapper's config (name, trainable, an input shape if given). */
function baseArgs(config: LayerConfig): LayerArgs {
  const shape = (config.batch_input_shape ?? config.batch_shape) as (number | null)[] | undefined;
  return { name: config.name as string, trainable: config.trainable as boolean | undefined, ...(shape ? { batchInputShape: shape } : {}) };
}

const strip = (name: string, prefix: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);

abstract class Wrapper extends Layer {
  protected abstract children(): Layer[];
  protected override ownTrainable(): Variable[] { return this.children().flatMap((l) => l.trainableWeights); }
  protected override ownNonTrainable(): Variable[] { return this.children().flatMap((l) => l.nonTrainableWeights); }
  override get sublayers(): Layer[] { return this.children(); }
  /** Move the children's activity-regularization terms of this call to the wrapper. */
  protected collectActivityLosses(): void {
    for (const l of this.children()) { this.activityLosses.push(...l.activityLosses); l.activityLosses = []; }
  }
}

export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

interface RNNLike { returnSequences: boolean; returnState: boolean; goBackwards: boolean; zeroOutputForMask?: boolean }
const rnnOf = (l: Layer) => l as unknown as RNNLike;

export interface BidirectionalArgs extends LayerArgs {
  layer?: Layer;
  mergeMode?: MergeMode;
  backwardLayer?: Layer | null;
}

export class Bidirectional extends Wrapper {
  static override className = 'Bidirectional';
  readonly forwardLayer: Layer;
  readonly backwardLayer: Layer;
  readonly mergeMode: MergeMode;

  /** `new Bidirectional(new LSTM(64))`, with options `{mergeMode, backwardLayer}`. */
  constructor(layer: Layer | BidirectionalArgs, args: BidirectionalArgs = {}) {
    const a = layerArgs<BidirectionalArgs>('Bidirectional', layer, args, 'layer', (v) => v instanceof Layer);
    super(a);
    const inner = a.layer;
    if (!(inner instanceof Layer) || !('returnSequences' in inner)) throw new ValueError('Bidirectional: wrap a recurrent layer instance (SimpleRNN, LSTM, GRU).');
    const mode = a.mergeMode === undefined ? 'concat' : a.mergeMode;
    if (!['concat', 'sum', 'mul', 'ave', null].includes(mode)) throw new ValueError(`Bidirectional: mergeMode must be one of 'concat', 'sum', 'mul', 'ave' or null, got '${mode}'.`);
    this.mergeMode = mode;
    // Fresh copies from the layer's config, as Keras does (no state carried over).
    this.forwardLayer = cloneWith(inner, { name: `forward_${strip(inner.name, 'forward_')}` });
    this.backwardLayer = a.backwardLayer ?? cloneWith(inner, { name: `backward_${strip(inner.name, 'backward_')}`, go_backwards: !rnnOf(inner).goBackwards });
    const f = rnnOf(this.forwardLayer), b = rnnOf(this.backwardLayer);
    if (f.goBackwards === b.goBackwards) throw new ValueError('Bidirectional: the forward and backward layers must have different goBackwards values.');
    if (f.returnSequences !== b.returnSequences || f.returnState !== b.returnState) {
      throw new ValueError('Bidirectional: the forward and backward layers must agree on returnSequences and returnState.');
    }
    // Keras: masked steps of a returned sequence are zeros in both directions.
    for (const r of [f, b]) if (r.zeroOutputForMask !== undefined) r.zeroOutputForMask = r.returnSequences;
  }

  override supportsMasking = true;

  /** Keras: the mask goes on with the sequence output(s) (each of them when mergeMode is null); states have none. */
  override computeMask(inputs: Tensor | Tensor[], mask: Mask): Mask {
    void inputs;
    const m = Array.isArray(mask) ? mask[0] ?? null : mask ?? null;
    const out = this.returnSequences ? m : null;
    const outs = this.mergeMode === null ? [out, out] : [out];
    if (!this.returnState) return outs.length === 1 ? outs[0] : outs;
    const fo = this.forwardLayer.computeMask(inputs, null) as null[]; // [output, ...states]: none
    return [...outs, ...fo.slice(1), ...fo.slice(1)];
  }

  protected children(): Layer[] { return [this.forwardLayer, this.backwardLayer]; }
  get returnSequences(): boolean { return rnnOf(this.forwardLayer).returnSequences; }
  get returnState(): boolean { return rnnOf(this.forwardLayer).returnState; }

  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    for (const l of this.children()) if (!l.built) l.build(inputShape);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec | ShapeSpec[] {
    const fo = this.forwardLayer.computeOutputShape(inputShape);
    const [out, ...states] = (this.returnState ? fo : [fo]) as ShapeSpec[];
    const merged: ShapeSpec[] = this.mergeMode === 'concat' ? [[...out.slice(0, -1), (out[out.length - 1] as number) * 2]]
      : this.mergeMode === null ? [out, out] : [out];
    const all = [...merged, ...states, ...states];
    return all.length === 1 ? all[0] : all;
  }

  call(inputs: Tensor | Tensor[], training: boolean, mask: Mask = null): Tensor | Tensor[] {
    const x = inputs as Tensor;
    // The same mask for both: the backward layer reads it in reverse along with the steps.
    const fo = this.forwardLayer.call(x, training, mask), bo = this.backwardLayer.call(x, training, mask);
    const [y, ...fs] = Array.isArray(fo) ? fo : [fo];
    let [yr, ...bs] = Array.isArray(bo) ? bo : [bo];
    this.collectActivityLosses();
    // The backward layer emits its sequence in reverse time order: flip it back.
    if (this.returnSequences) yr = stack(unstack(yr, 1).reverse(), 1);
    const merged = this.mergeMode === 'concat' ? [concat([y, yr], -1)]
      : this.mergeMode === 'sum' ? [add(y, yr)]
      : this.mergeMode === 'ave' ? [mul(add(y, yr), 0.5)]
      : this.mergeMode === 'mul' ? [mul(y, yr)] : [y, yr];
    const all = [...merged, ...(this.returnState ? [...fs, ...bs] : [])];
    return all.length === 1 ? all[0] : all;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), merge_mode: this.mergeMode, layer: serialize(this.forwardLayer), backward_layer: serialize(this.backwardLayer) };
  }

  static fromConfig(config: LayerConfig): Bidirectional {
    const sub = (c: unknown) => { const s = c as { class_name: string; config: LayerConfig }; return deserializeLayer(s.class_name, s.config); };
    return new Bidirectional(sub(config.layer), {
      ...baseArgs(config),
      mergeMode: (config.merge_mode ?? null) as MergeMode,
      backwardLayer: config.backward_layer ? sub(config.backward_layer) : null,
    });
  }
}

export interface TimeDistributedArgs extends LayerArgs { layer?: Layer }

/** Applies a layer to every time step: [batch, time, ...] → the layer on [batch*time, ...]. */
export class TimeDistributed extends Wrapper {
  static override className = 'TimeDistributed';
  readonly layer: Layer;

  constructor(layer: Layer | TimeDistributedArgs, args: TimeDistributedArgs = {}) {
    const a = layerArgs<TimeDistributedArgs>('TimeDistributed', layer, args, 'layer', (v) => v instanceof Layer);
    super(a);
    if (!(a.layer instanceof Layer)) throw new ValueError('TimeDistributed: pass a layer instance to wrap.');
    this.layer = a.layer;
  }

  protected children(): Layer[] { return [this.layer]; }

  /** Keras 3: the [batch, time] mask passes on unchanged (the wrapped layer runs on unmasked rows). */
  override supportsMasking = true;

  private check(s: readonly (number | null)[]): void {
    if (s.length < 3) throw new ShapeError(`Layer '${this.name}' (TimeDistributed) expects an input of rank ≥ 3 [batch, time, ...], got ${fmtShape(s)}.`);
  }

  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    const s = inputShape as ShapeSpec;
    this.check(s);
    if (!this.layer.built) this.layer.build([null, ...s.slice(2)]);
    super.build(inputShape);
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const s = inputShape as ShapeSpec;
    this.check(s);
    const inner = this.layer.computeOutputShape([null, ...s.slice(2)]) as ShapeSpec;
    return [s[0], s[1], ...inner.slice(1)];
  }

  call(inputs: Tensor | Tensor[], training: boolean): Tensor {
    const x = inputs as Tensor;
    this.check(x.shape);
    const [B, T] = x.shape;
    const y = this.layer.call(reshape(x, [B * T, ...x.shape.slice(2)]), training) as Tensor;
    this.collectActivityLosses();
    return reshape(y, [B, T, ...y.shape.slice(1)]);
  }

  override getConfig(): LayerConfig { return { ...super.getConfig(), layer: serialize(this.layer) }; }

  static fromConfig(config: LayerConfig): TimeDistributed {
    const s = config.layer as { class_name: string; config: LayerConfig };
    return new TimeDistributed(deserializeLayer(s.class_name, s.config), baseArgs(config));
  }
}

registerLayer(Bidirectional);
registerLayer(TimeDistributed);
