// Masking (Keras 3): a time step whose features all equal maskValue is masked for the layers
// downstream (its mask entry is false) and zeroed in the output; other steps pass unchanged.
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { greater, notEqual, where } from '../tensor/ops/elementwise.js';
import { max } from '../tensor/ops/reduce.js';
import { reshape } from '../tensor/ops/shape.js';
import { Layer, layerArgs, isNumber, registerLayer, type LayerArgs, type LayerConfig, type Mask, type ShapeSpec } from './layer.js';

export interface MaskingArgs extends LayerArgs { maskValue?: number }

export class Masking extends Layer {
  static override className = 'Masking';
  readonly maskValue: number;
  override supportsMasking = true;

  /** `new Masking()` (maskValue 0), `new Masking(-1)` or `new Masking({maskValue: -1})`. */
  constructor(maskValue?: number | MaskingArgs, args: MaskingArgs = {}) {
    const a = layerArgs<MaskingArgs>('Masking', maskValue, args, 'maskValue', isNumber);
    super(a);
    if (a.maskValue !== undefined && typeof a.maskValue !== 'number') throw new ValueError(`Masking: maskValue must be a number, got ${typeof a.maskValue}.`);
    this.maskValue = a.maskValue ?? 0;
  }

  /** Keras: any(inputs != maskValue) over the last axis, kept as a size-1 axis here. */
  private keep(x: Tensor): Tensor { return greater(max(notEqual(x, this.maskValue), -1, true), 0); }

  override computeOutputShape(inputShape: ShapeSpec | ShapeSpec[]): ShapeSpec { return [...(inputShape as ShapeSpec)]; }

  override computeMask(inputs: Tensor | Tensor[], mask: Mask): Mask {
    void mask;
    const k = this.keep(inputs as Tensor);
    return reshape(k, k.shape.slice(0, -1));
  }

  call(inputs: Tensor | Tensor[]): Tensor {
    const x = inputs as Tensor;
    return where(this.keep(x), x, 0);
  }

  override getConfig(): LayerConfig { return { ...super.getConfig(), mask_value: this.maskValue }; }
}

registerLayer(Masking);
