// Matrix products on the packed GEMM kernel: matMul (with transposes, batched) and dot.
import { gemm } from '../../engine/threads.js';
import { ShapeError, fmtShape } from '../../errors.js';
import { Tensor, shapeSize } from '../tensor.js';
import { run1, type OpSpec } from '../op.js';
import { asTensor, type TensorLike } from './creation.js';
import { asFloat } from './elementwise.js';
import { reshape } from './shape.js';
import { sum, sumTo } from './reduce.js';
import { broadcastShapes } from './util.js';
import { mul } from './elementwise.js';

interface MatMulAttrs { transposeA: boolean; transposeB: boolean }

function dims(a: Tensor, b: Tensor, { transposeA, transposeB }: MatMulAttrs) {
  const ar = a.rank, br = b.rank;
  const M = transposeA ? a.shape[ar - 1] : a.shape[ar - 2];
  const Ka = transposeA ? a.shape[ar - 2] : a.shape[ar - 1];
  const Kb = transposeB ? b.shape[br - 1] : b.shape[br - 2];
  const N = transposeB ? b.shape[br - 2] : b.shape[br - 1];
  return { M, Ka, Kb, N };
}

const matMulSpec: OpSpec<MatMulAttrs> = {
  name: 'matMul',
  infer: ([a, b], attrs) => {
    if (a.rank < 2 || b.rank < 2) throw new ShapeError(`matMul: both operands need rank ≥ 2, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`);
    const { M, Ka, Kb, N } = dims(a, b, attrs);
    if (Ka !== Kb) {
      throw new ShapeError(`matMul: inner dimensions differ: ${fmtShape(a.shape)}${attrs.transposeA ? 'ᵀ' : ''} · ${fmtShape(b.shape)}${attrs.transposeB ? 'ᵀ' : ''} (${Ka} vs ${Kb}).`);
    }
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matMul (batch dimensions)');
    return [{ shape: [...batch, M, N], dtype: 'float32' }];
  },
  kernel: ([a, b], [c], attrs) => {
    const { M, Ka: Kd, N } = dims(a, b, attrs);
    const tA = attrs.transposeA ? 1 : 0, tB = attrs.transposeB ? 1 : 0;
    const lda = a.shape[a.rank - 1], ldb = b.shape[b.rank - 1];
    const batch = c.shape.slice(0, -2);
    const nb = shapeSize(batch);
    const aBatch = shapeSize(a.shape.slice(0, -2)), bBatch = shapeSize(b.shape.slice(0, -2));
    const aStep = aBatch === 1 ? 0 : M * Kd * 4, bStep = bBatch === 1 ? 0 : Kd * N * 4;
    if (nb > 1 && ((aBatch !== 1 && aBatch !== nb) || (bBatch !== 1 && bBatch !== nb))) {
      throw new ShapeError(`matMul: batch dimensions ${fmtShape(a.shape.slice(0, -2))} and ${fmtShape(b.shape.slice(0, -2))} must be equal or one of them absent.`);
    }
    return () => {
      for (let i = 0; i < nb; i++) {
        gemm(tA, tB, M, N, Kd, a.ptr + i * aStep, lda, b.ptr + i * bStep, ldb, c.ptr + i * M * N * 4, N, 0, 0, 0, 0);
      }
    };
  },
  grad: ([dc], [a, b], _o, { transposeA: tA, transposeB: tB }, needs) => {
    if (dc === null) return [null, null];
    let da: Tensor | null = null, db: Tensor | null = null;
    if (needs[0]) {
      da = !tA ? (!tB ? matMul(dc, b, false, true) : matMul(dc, b, false, false))
               : (!tB ? matMul(b, dc, false, true) : matMul(b, dc, true, true));
      da = sumTo(da, a.shape);
    }
    if (needs[1]) {
      db = !tB ? (!tA ? matMul(a, dc, true, false) : matMul(a, dc, false, false))
               : (!tA ? matMul(dc, a, true, false) : matMul(dc, a, true, true));
      db = sumTo(db, b.shape);
    }
    return [da, db];
  },
};

/** Matrix product of the last two axes (batched over the leading ones), like tf.matMul. */
export function matMul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  const ta = asFloat(asTensor(a, 'matMul', 'a')), tb = asFloat(asTensor(b, 'matMul', 'b'));
  return run1(matMulSpec, [ta, tb], { transposeA, transposeB });
}

/**
 * np.dot / tf.dot: vector·vector → scalar, matrix·vector → vector, vector·matrix → vector,
 * matrix·matrix → matrix.
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  const ta = asFloat(asTensor(a, 'dot', 'a')), tb = asFloat(asTensor(b, 'dot', 'b'));
  if (ta.rank === 0 || tb.rank === 0) return mul(ta, tb);
  if (ta.rank === 1 && tb.rank === 1) {
    if (ta.size !== tb.size) throw new ShapeError(`dot: vectors of different lengths: ${fmtShape(ta.shape)} · ${fmtShape(tb.shape)}.`);
    return sum(mul(ta, tb));
  }
  if (ta.rank === 1) return reshape(matMul(reshape(ta, [1, -1]), tb), [tb.shape[tb.rank - 1]]);
  if (tb.rank === 1) {
    if (ta.shape[ta.rank - 1] !== tb.size) throw new ShapeError(`dot: shapes ${fmtShape(ta.shape)} and ${fmtShape(tb.shape)} do not align (${ta.shape[ta.rank - 1]} vs ${tb.size}).`);
    return reshape(matMul(ta, reshape(tb, [-1, 1])), ta.shape.slice(0, -1));
  }
  return matMul(ta, tb);
}

/** Outer product of two vectors. */
export function outerProduct(a: TensorLike, b: TensorLike): Tensor {
  return matMul(reshape(a, [-1, 1]), reshape(b, [1, -1]));
}
