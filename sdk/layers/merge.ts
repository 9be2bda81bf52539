// Merge layers: Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum.
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, concat, div, maximum, minimum, mul, sub } from '../tensor/ops/index.js';
import { Layer, type LayerArgs, type LayerConfig, type ShapeSpec } from './layer.js';

abstract class Merge extends Layer {
  override get takesList(): boolean { return true; }

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

  call(inputs: Tensor | Tensor[]): Tensor {
    const xs = inputs as Tensor[];
    return this.merge(xs);
  }

  protected abstract merge(xs: Tensor[]): Tensor;
}

const reduceWith = (xs: Tensor[], f: (a: Tensor, b: Tensor) => Tensor) => xs.slice(1).reduce(f, xs[0]);

export class Add extends Merge { static override className = 'Add'; protected merge(xs: Tensor[]) { return reduceWith(xs, add); } }
export class Multiply extends Merge { static override className = 'Multiply'; protected merge(xs: Tensor[]) { return reduceWith(xs, mul); } }
export class Maximum extends Merge { static override className = 'Maximum'; protected merge(xs: Tensor[]) { return reduceWith(xs, maximum); } }
export class Minimum extends Merge { static override className = 'Minimum'; protected merge(xs: Tensor[]) { return reduceWith(xs, minimum); } }
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
  override getConfig(): LayerConfig { return { ...super.getConfig(), axis: this.axis }; }
}
