// Merge layers: Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum. Masks as Keras 3's
// compute_mask: the elementwise merges OR the inputs' masks (none if any input has none);
// Concatenate treats an unmasked input as all true and reduces over the last axis. Multiply,
// Maximum and Minimum also use the masks in their call, as Keras 3.15's merge functions do.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, broadcastTo, cast, concat, div, expandDims, fill, greater, max, maximum, minimum, mul, sub, where } from '../tensor/ops/index.js';
import { Layer, registerLayer, type LayerArgs, type LayerConfig, type Mask, type ShapeSpec } from './layer.js';

const asF32 = (m: Tensor) => (m.dtype === 'float32' ? m : cast(m, 'float32'));

abstract class Merge extends Layer {
  override get takesList(): boolean { return true; }
  override supportsMasking = true;

  /** Keras's base_merge: the OR of the inputs' masks, or none when any input has none. */
  override computeMask(inputs: Tensor | Tensor[], mask: Mask): Mask {
    void inputs;
    if (!Array.isArray(mask) || mask.some((m) => m === null)) return null;
    const ms = mask as Tensor[];
    return greater(ms.slice(1).reduce((a: Tensor, m) => maximum(a, asF32(m)), asF32(ms[0])), 0);
  }

  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    const shapes = inputShape as ShapeSpec[];
    if (!Array.isArray(shapes[0]) || shapes.length < 2) {
      throw new ValueError(`Layer '${this.name}' (${this.className}) must be called on a list of at least 2 inputs.`);
    }
    this.checkShapes(shapes);
    super.build(inputShape);
  }

  /** Elementwise merges need equal shapes (after the batch axis). */
  protected checkShapes(shapes: ShapeSpec[]): void {
    const first = shapes[0];
    for (const s of shapes) {
      if (s.length !== first.length || s.some((d, i) => i > 0 && d !== null && first[i] !== null && d !== first[i])) {
        throw new ShapeError(`Layer '${this.name}' (${this.className}): inputs must have the same shape, got ${shapes.map(fmtShape).join(', ')}.`);
      }
    }
  }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    return [...(inputShape as ShapeSpec[])[0]];
  }

  call(inputs: Tensor | Tensor[], _training?: boolean, mask: Mask = null): Tensor {
    const xs = inputs as Tensor[];
    const ms = Array.isArray(mask) && mask.some((m) => m !== null) ? mask : null;
    return ms ? this.mergeMasked(xs, ms) : this.merge(xs);
  }

  protected abstract merge(xs: Tensor[]): Tensor;
  /** The merge given the inputs' masks (Add, Subtract, Average: the masks do not change the values). */
  protected mergeMasked(xs: Tensor[], masks: (Tensor | null)[]): Tensor { void masks; return this.merge(xs); }
}

/** A [batch, time] mask widened to the input's shape (Keras: broadcast_to(expand_dims(mask, -1), shape)). */
const widen = (m: Tensor | null, x: Tensor) => (m === null ? null : broadcastTo(expandDims(asF32(m), -1), x.shape));

/**
 * Keras's _apply_merge_op_and_or_mask (Maximum, Minimum): a masked entry takes the other side's
 * value, so masked steps never win; the result is not zeroed.
 */
function mergeOrMasked(xs: Tensor[], masks: (Tensor | null)[], op: (a: Tensor, b: Tensor) => Tensor): Tensor {
  let out = xs[0];
  let outMask = widen(masks[0], xs[0]);
  for (let i = 1; i < xs.length; i++) {
    let x = xs[i];
    const m = widen(masks[i], x);
    if (m) x = where(m, x, out);
    if (outMask) out = where(outMask, out, x);
    outMask = m && outMask ? maximum(outMask, m) : null;
    out = op(out, x);
  }
  return out;
}

const reduceWith = (xs: Tensor[], f: (a: Tensor, b: Tensor) => Tensor) => xs.slice(1).reduce(f, xs[0]);

export class Add extends Merge { static override className = 'Add'; protected merge(xs: Tensor[]) { return reduceWith(xs, add); } }
export class Multiply extends Merge {
  static override className = 'Multiply';
  protected merge(xs: Tensor[]) { return reduceWith(xs, mul); }
  /** Keras: masked entries count as 1; when every input is masked, entries masked in all of them are 0. */
  protected override mergeMasked(xs: Tensor[], masks: (Tensor | null)[]): Tensor {
    const wide = xs.map((x, i) => widen(masks[i], x));
    const out = reduceWith(xs.map((x, i) => (wide[i] ? where(wide[i]!, x, 1) : x)), mul);
    if (wide.some((m) => m === null)) return out;
    return where(reduceWith(wide as Tensor[], maximum), out, 0);
  }
}
export class Maximum extends Merge {
  static override className = 'Maximum';
  protected merge(xs: Tensor[]) { return reduceWith(xs, maximum); }
  protected override mergeMasked(xs: Tensor[], masks: (Tensor | null)[]): Tensor { return mergeOrMasked(xs, masks, maximum); }
}
export class Minimum extends Merge {
  static override className = 'Minimum';
  protected merge(xs: Tensor[]) { return reduceWith(xs, minimum); }
  protected override mergeMasked(xs: Tensor[], masks: (Tensor | null)[]): Tensor { return mergeOrMasked(xs, masks, minimum); }
}
export class Average extends Merge { static override className = 'Average'; protected merge(xs: Tensor[]) { return div(reduceWith(xs, add), xs.length); } }

export class Subtract extends Merge {
  static override className = 'Subtract';
  override build(inputShape: ShapeSpec | ShapeSpec[]): void {
    if ((inputShape as ShapeSpec[]).length !== 2) throw new ValueError(`Layer '${this.name}' (Subtract) takes exactly 2 inputs, got ${(inputShape as ShapeSpec[]).length}.`);
    super.build(inputShape);
  }
  protected merge(xs: Tensor[]) { return sub(xs[0], xs[1]); }
}

export interface ConcatenateArgs extends LayerArgs { axis?: number }

export class Concatenate extends Merge {
  static override className = 'Concatenate';
  readonly axis: number;
  constructor(args: ConcatenateArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
  }
  protected override checkShapes(shapes: ShapeSpec[]): void {
    const r = shapes[0].length;
    const a = this.axis < 0 ? this.axis + r : this.axis;
    for (const s of shapes) {
      if (s.length !== r || s.some((d, i) => i > 0 && i !== a && d !== null && shapes[0][i] !== null && d !== shapes[0][i])) {
        throw new ShapeError(`Layer '${this.name}' (Concatenate): inputs must match except on axis ${this.axis}, got ${shapes.map(fmtShape).join(', ')}.`);
      }
    }
  }
  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec {
    const shapes = inputShape as ShapeSpec[];
    const r = shapes[0].length;
    const a = this.axis < 0 ? this.axis + r : this.axis;
    const out = [...shapes[0]];
    out[a] = shapes.some((s) => s[a] === null) ? null : shapes.reduce((n, s) => n + (s[a] as number), 0);
    return out;
  }
  protected merge(xs: Tensor[]) { return concat(xs, this.axis); }
  /**
   * Keras's Concatenate.compute_mask: each input's mask widened to the input's shape (all true
   * for an unmasked input), concatenated on the axis, then any() over the last axis.
   */
  override computeMask(inputs: Tensor | Tensor[], mask: Mask): Mask {
    if (!Array.isArray(mask) || mask.every((m) => m === null)) return null;
    const xs = inputs as Tensor[];
    const wide = xs.map((x, i) => {
      const m = (mask as (Tensor | null)[])[i];
      if (m === null) return fill(x.shape, 1);
      return m.rank < x.rank ? broadcastTo(expandDims(asF32(m), -1), x.shape) : asF32(m);
    });
    return greater(max(concat(wide, this.axis), -1), 0);
  }
  override getConfig(): LayerConfig { return { ...super.getConfig(), axis: this.axis }; }
}

for (const cls of [Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate]) registerLayer(cls);
