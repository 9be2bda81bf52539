// Variable: a tensor whose value changes in place (assign), so plans that read it stay valid.
import { ShapeError, ValueError, describeValue, fmtShape } from '../errors.js';
import { optionsObject } from '../options.js';
import { BYTES_PER_ELEMENT, checkDType, currentScope, Tensor, type DType } from './tensor.js';
import { runOp, type OpSpec } from './op.js';
import { asTensor, type TensorLike } from './ops/creation.js';
import { add, cast, sub } from './ops/elementwise.js';
import { heapU8 } from '../engine/memory.js';
import { pin } from './storage.js';

let varCounter = 0;

const assignSpec: OpSpec<null> = {
  name: 'assign',
  effect: true,
  infer: () => [],
  kernel: ([v, x]) => () => heapU8().copyWithin(v.ptr, x.ptr, x.ptr + x.size * BYTES_PER_ELEMENT[x.dtype]),
};

/** A penalty on a variable's value (regularizers) or a projection of it (constraints). */
export interface VariableTransform { call(x: Tensor): Tensor }

export interface VariableOptions {
  name?: string; trainable?: boolean; dtype?: DType;
  /** Its penalty is added to the loss by fit() (and listed in model.losses) while it is trainable. */
  regularizer?: VariableTransform | null;
  /** Applied by the optimizer after every update, in fit() and in custom loops alike. */
  constraint?: VariableTransform | null;
}

export class Variable extends Tensor {
  name: string;
  trainable: boolean;
  regularizer: VariableTransform | null;
  constraint: VariableTransform | null;

  constructor(initial: TensorLike, options: VariableOptions = {}) {
    const o = optionsObject('Variable', options, 'VariableOptions');
    let t = asTensor(initial, 'Variable', 'initial value');
    if (o.dtype !== undefined) checkDType(o.dtype, 'Variable');
    if (o.name !== undefined && typeof o.name !== 'string') throw new ValueError(`Variable: name must be a string, got ${describeValue(o.name)}.`);
    if (o.trainable !== undefined && typeof o.trainable !== 'boolean') throw new ValueError(`Variable: trainable must be true or false, got ${describeValue(o.trainable)}.`);
    for (const k of ['regularizer', 'constraint'] as const) {
      const f = o[k];
      if (f != null && typeof (f as { call?: unknown }).call !== 'function') throw new ValueError(`Variable: ${k} must be an object with a call(x) method or null, got ${describeValue(f)}.`);
    }
    options = o;
    if (options.dtype && options.dtype !== t.dtype) t = cast(t, options.dtype);
    t.assertConcrete('Variable');
    const tmp = Tensor.alloc([...t.shape], t.dtype);
    const bytes = tmp.size * BYTES_PER_ELEMENT[t.dtype];
    pin(tmp.storage!); // plans read variables in place: their bytes never move
    const from = t.ptr, to = tmp.ptr; // before the heap view: reading may bring t back into the heap
    heapU8().copyWithin(to, from, from + bytes);
    super([...t.shape], t.dtype, tmp.storage);
    // The temporary handle goes away; this Variable now owns the storage.
    tmp.dispose();
    this.isVariable = true;
    this.kept = true;
    const scope = currentScope();
    if (scope) { const i = scope.tensors.lastIndexOf(this); if (i >= 0) scope.tensors.splice(i, 1); }
    this.name = options.name ?? `Variable_${varCounter++}`;
    this.trainable = options.trainable ?? true;
    this.regularizer = options.regularizer ?? null;
    this.constraint = options.constraint ?? null;
  }

  /** Overwrite the value (same shape). Inside a traced graph this becomes an in-place op. */
  assign(value: TensorLike): this {
    const t = asTensor(value, `Variable '${this.name}'.assign`, 'value', this.dtype);
    const v = t.dtype === this.dtype ? t : cast(t, this.dtype);
    if (v.size !== this.size || (v.rank !== this.rank && v.size !== 1)) {
      throw new ShapeError(`Variable '${this.name}'.assign: expected shape ${fmtShape(this.shape)}, got ${fmtShape(v.shape)}.`);
    }
    runOp(assignSpec, [this, v], null);
    return this;
  }

  assignAdd(delta: TensorLike): this { return this.assign(add(this, delta)); }
  assignSub(delta: TensorLike): this { return this.assign(sub(this, delta)); }

  /** The value as a new (non-variable) tensor. */
  read(): Tensor {
    const t = Tensor.alloc([...this.shape], this.dtype);
    const from = this.ptr, to = t.ptr;
    heapU8().copyWithin(to, from, from + this.size * BYTES_PER_ELEMENT[this.dtype]);
    return t;
  }
}

/** Create a variable, like tf.variable(initialValue, trainable, name, dtype). */
export function variable(initial: TensorLike, trainable = true, name?: string, dtype?: DType): Variable {
  return new Variable(initial, { trainable, name, dtype });
}
