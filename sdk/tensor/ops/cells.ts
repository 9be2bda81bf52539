// Recurrent cells as one op each (the kernels: assembly/recurrent.ts, in the convolution module,
// which travels with the recurrent layers). A step of the layers' time loop is then its h·U
// product and one cell op, where op by op it was a dozen small ones (splits, activations,
// products, sums), each with its own dispatch and, under a tape, its own gradient. The cells
// compute what those ops compute, in the same order: the same bits, forward and backward.
import { convKernels } from '../../engine/conv-kernels.js';
import { ShapeError, StateError, fmtShape } from '../../errors.js';
import type { Tensor } from '../tensor.js';
import { runOp, type OpSpec } from '../op.js';

interface CellAttrs { B: number; U: number; hasC: boolean }
interface CellGradAttrs extends CellAttrs { hasDh: boolean; hasDc: boolean; wantDc: boolean }

/** Inputs [gates, tc, cPrev?, dh?, dc?] (as the flags say); outputs [dz, dcPrev?]. */
const lstmCellGradSpec: OpSpec<CellGradAttrs> = {
  name: 'lstmCellGrad',
  infer: (_i, { B, U, wantDc }) => {
    const dz = { shape: [B, 4 * U], dtype: 'float32' as const };
    return wantDc ? [dz, { shape: [B, U], dtype: 'float32' as const }] : [dz];
  },
  kernel: (ins, [dz, dcPrev], { B, U, hasC, hasDh, hasDc }) => {
    const [gates, tc] = ins;
    let k = 2;
    const cPrev = hasC ? ins[k++] : null, dh = hasDh ? ins[k++] : null, dc = hasDc ? ins[k++] : null;
    return () => convKernels().lstm_cell_backward(gates.ptr, tc.ptr, cPrev ? cPrev.ptr : 0, dh ? dh.ptr : 0, dc ? dc.ptr : 0, dz.ptr, dcPrev ? dcPrev.ptr : 0, B, U);
  },
  grad: () => { throw new StateError('LSTM: second-order gradients through its cell are not supported.'); },
};

/** Inputs [z, cPrev?]; outputs [h, c, gates, tanh(c)] (the last two for the gradient). */
const lstmCellSpec: OpSpec<CellAttrs> = {
  name: 'lstmCell',
  infer: (_i, { B, U }) => {
    const s = { shape: [B, U], dtype: 'float32' as const };
    return [s, s, { shape: [B, 4 * U], dtype: 'float32' }, s];
  },
  kernel: ([z, cPrev], [h, c, gates, tc], { B, U, hasC }) => () => convKernels().lstm_cell(z.ptr, hasC ? cPrev.ptr : 0, h.ptr, c.ptr, gates.ptr, tc.ptr, B, U),
  grad: ([dh, dc], ins, [, , gates, tc], attrs, needs) => {
    if (dh === null && dc === null) return ins.map(() => null);
    const wantDc = attrs.hasC && needs[1];
    const inputs = [gates, tc, ...(attrs.hasC ? [ins[1]] : []), ...(dh ? [dh] : []), ...(dc ? [dc] : [])];
    const [dz, dcPrev] = runOp(lstmCellGradSpec, inputs, { ...attrs, hasDh: dh !== null, hasDc: dc !== null, wantDc });
    return attrs.hasC ? [needs[0] ? dz : null, wantDc ? dcPrev : null] : [needs[0] ? dz : null];
  },
};

/**
 * One LSTM step with Keras's default activations: gates i, f, c, o = sigmoid, sigmoid, tanh,
 * sigmoid of z's four blocks; c = f·cPrev + i·g (i·g when cPrev is null: the first step);
 * h = o·tanh(c). z: [B, 4U] float32, cPrev: [B, U]. Returns [h, c].
 */
export function lstmCell(z: Tensor, cPrev: Tensor | null): [Tensor, Tensor] {
  const [B, G] = z.shape;
  if (z.rank !== 2 || G % 4 !== 0 || z.dtype !== 'float32') throw new ShapeError(`lstmCell: z must be float32 [batch, 4·units], got ${z.dtype} ${fmtShape(z.shape)}.`);
  const U = G / 4;
  if (cPrev && (cPrev.rank !== 2 || cPrev.shape[0] !== B || cPrev.shape[1] !== U || cPrev.dtype !== 'float32')) {
    throw new ShapeError(`lstmCell: the cell state must be float32 [${B}, ${U}], got ${cPrev.dtype} ${fmtShape(cPrev.shape)}.`);
  }
  const [h, c] = runOp(lstmCellSpec, cPrev ? [z, cPrev] : [z], { B, U, hasC: cPrev !== null });
  return [h, c];
}

interface GruAttrs { B: number; U: number }

/** Inputs [gates, inner, h0, dh]; outputs [dx, dinner, dh0]. */
const gruCellGradSpec: OpSpec<GruAttrs> = {
  name: 'gruCellGrad',
  infer: (_i, { B, U }) => [{ shape: [B, 3 * U], dtype: 'float32' }, { shape: [B, 3 * U], dtype: 'float32' }, { shape: [B, U], dtype: 'float32' }],
  kernel: ([gates, inner, h0, dh], [dx, dinner, dh0], { B, U }) => () => convKernels().gru_cell_backward(gates.ptr, inner.ptr, h0.ptr, dh.ptr, dx.ptr, dinner.ptr, dh0.ptr, B, U),
  grad: () => { throw new StateError('GRU: second-order gradients through its cell are not supported.'); },
};

/** Inputs [x, inner, h0]; outputs [h, gates]. */
const gruCellSpec: OpSpec<GruAttrs> = {
  name: 'gruCell',
  infer: (_i, { B, U }) => [{ shape: [B, U], dtype: 'float32' }, { shape: [B, 3 * U], dtype: 'float32' }],
  kernel: ([x, inner, h0], [h, gates], { B, U }) => () => convKernels().gru_cell(x.ptr, inner.ptr, h0.ptr, h.ptr, gates.ptr, B, U),
  grad: ([dh], ins, [, gates], attrs, needs) => {
    if (dh === null) return ins.map(() => null);
    const [dx, dinner, dh0] = runOp(gruCellGradSpec, [gates, ins[1], ins[2], dh], attrs);
    return [needs[0] ? dx : null, needs[1] ? dinner : null, needs[2] ? dh0 : null];
  },
};

/**
 * One GRU step (reset_after, Keras's default activations) after the first: z, r = sigmoid of
 * x's and inner's first two blocks summed, hh = tanh(x_h + r·inner_h), h = hh + z·(h0 - hh).
 * x: the step's input projection [B, 3U]; inner: h0·U + the recurrent bias [B, 3U]; h0 [B, U].
 */
export function gruCell(x: Tensor, inner: Tensor, h0: Tensor): Tensor {
  const [B, G] = x.shape;
  if (x.rank !== 2 || G % 3 !== 0 || x.dtype !== 'float32') throw new ShapeError(`gruCell: x must be float32 [batch, 3·units], got ${x.dtype} ${fmtShape(x.shape)}.`);
  const U = G / 3;
  for (const [t, what, w] of [[inner, 'inner', G], [h0, 'the state', U]] as const) {
    if (t.rank !== 2 || t.shape[0] !== B || t.shape[1] !== w || t.dtype !== 'float32') throw new ShapeError(`gruCell: ${what} must be float32 [${B}, ${w}], got ${t.dtype} ${fmtShape(t.shape)}.`);
  }
  return runOp(gruCellSpec, [x, inner, h0], { B, U })[0];
}
