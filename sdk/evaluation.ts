// Evaluation reports as the seed courses use them (sklearn's semantics): confusion matrix,
// precision / recall / F1 with binary, macro, micro and weighted averages, and the familiar
// classification report table.
import { ShapeError, ValueError, describeValue } from './errors.js';
import { Tensor } from './tensor/tensor.js';
import { toTensor, type TensorLike } from './tensor/ops/creation.js';
import { argMax } from './tensor/ops/reduce.js';

/** Class labels from labels or from scores/probabilities (argmax of the last axis). */
function labelsOf(x: TensorLike, what: string): number[] {
  let t = x instanceof Tensor ? x : toTensor(x);
  if (t.rank === 2 && t.shape[1] > 1) t = argMax(t, 1);
  else if (t.rank === 2 && t.shape[1] === 1) return Array.from(t.dataSync(), (v) => (t.dtype === 'float32' && !Number.isInteger(v) ? (v > 0.5 ? 1 : 0) : v));
  if (t.rank > 1) throw new ShapeError(`${what}: expected labels [n] or scores [n, classes], got rank ${t.rank}.`);
  return Array.from(t.dataSync());
}

export interface ConfusionArgs { numClasses?: number }
/** The largest matrix made: 4096 × 4096 counts. */
const MAX_CLASSES = 4096;

/** Rows: true class, columns: predicted class (sklearn's confusion_matrix). */
export function confusionMatrix(yTrue: TensorLike, yPred: TensorLike, args: ConfusionArgs = {}): number[][] {
  const t = labelsOf(yTrue, 'confusionMatrix yTrue'), p = labelsOf(yPred, 'confusionMatrix yPred');
  if (t.length !== p.length) throw new ShapeError(`confusionMatrix: ${t.length} true labels but ${p.length} predictions.`);
  if (args === null || typeof args !== 'object') throw new ValueError(`confusionMatrix: options must be an object such as {numClasses: 3}, got ${describeValue(args)}.`);
  const nc = args.numClasses;
  if (nc !== undefined && (!Number.isInteger(nc) || nc < 1 || nc > MAX_CLASSES)) throw new ValueError(`confusionMatrix: numClasses must be an integer in [1, ${MAX_CLASSES}], got ${describeValue(nc)}.`);
  let top = -1;
  for (const [labels, what] of [[t, 'yTrue'], [p, 'yPred']] as const) {
    labels.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v >= (nc ?? MAX_CLASSES)) {
        throw new ValueError(`confusionMatrix: ${what} label ${v} at row ${i} is not a class index in [0, ${nc ?? MAX_CLASSES})${nc === undefined ? '' : ` (numClasses ${nc})`}.`);
      }
      if (v > top) top = v;
    });
  }
  const k = nc ?? top + 1;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  t.forEach((v, i) => { m[v][p[i]]++; });
  return m;
}

export type Average = 'binary' | 'macro' | 'micro' | 'weighted' | null;
export interface ScoreArgs { average?: Average; posLabel?: number; numClasses?: number }

function perClass(m: number[][]) {
  const k = m.length;
  const tp = m.map((r, i) => r[i]);
  const support = m.map((r) => r.reduce((a, b) => a + b, 0));
  const predicted = Array.from({ length: k }, (_, j) => m.reduce((a, r) => a + r[j], 0));
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const precision = tp.map((v, i) => div(v, predicted[i]));
  const recall = tp.map((v, i) => div(v, support[i]));
  const f1 = precision.map((p, i) => div(2 * p * recall[i], p + recall[i]));
  return { tp, support, predicted, precision, recall, f1, div };
}

function score(kind: 'precision' | 'recall' | 'f1', yTrue: TensorLike, yPred: TensorLike, args: ScoreArgs): number | number[] {
  if (args === null || typeof args !== 'object') throw new ValueError(`${kind}Score: options must be an object such as {average: 'macro'}, got ${describeValue(args)}.`);
  const m = confusionMatrix(yTrue, yPred, { numClasses: args.numClasses });
  const c = perClass(m);
  const avg = args.average === undefined ? (m.length <= 2 ? 'binary' : 'macro') : args.average;
  const values = c[kind];
  if (avg === null) return values;
  if (avg === 'binary') {
    const pos = args.posLabel ?? 1;
    if (m.length > 2) throw new ValueError(`${kind}Score: average 'binary' needs two classes, got ${m.length}; use 'macro', 'micro' or 'weighted'.`);
    return values[pos] ?? 0;
  }
  if (avg === 'macro') return values.reduce((a, b) => a + b, 0) / values.length;
  if (avg === 'weighted') { const n = c.support.reduce((a, b) => a + b, 0); return values.reduce((a, v, i) => a + v * c.support[i], 0) / (n || 1); }
  if (avg === 'micro') { const tp = c.tp.reduce((a, b) => a + b, 0), n = c.support.reduce((a, b) => a + b, 0); return c.div(tp, n); }
  throw new ValueError(`${kind}Score: unknown average ${describeValue(avg)}: use 'binary', 'macro', 'micro', 'weighted' or null.`);
}

export const precisionScore = (yTrue: TensorLike, yPred: TensorLike, args: ScoreArgs = {}) => score('precision', yTrue, yPred, args);
export const recallScore = (yTrue: TensorLike, yPred: TensorLike, args: ScoreArgs = {}) => score('recall', yTrue, yPred, args);
export const f1Score = (yTrue: TensorLike, yPred: TensorLike, args: ScoreArgs = {}) => score('f1', yTrue, yPred, args);

export interface ReportRow { precision: number; recall: number; 'f1-score': number; support: number }
export interface ClassificationReport { text: string; classes: Record<string, ReportRow>; accuracy: number; 'macro avg': ReportRow; 'weighted avg': ReportRow }

/** Python's '{:.Nf}': like toFixed, but an exact tie rounds to even (0.625 → '0.62'). */
export function pyFixed(v: number, digits: number): string {
  const scaled = v * 10 ** digits;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
    const lo = Math.floor(scaled);
    return ((lo % 2 === 0 ? lo : lo + 1) / 10 ** digits).toFixed(digits);
  }
  return v.toFixed(digits);
}

/** sklearn's classification_report: the text table and the same numbers as data. */
export function classificationReport(yTrue: TensorLike, yPred: TensorLike, args: { targetNames?: string[]; digits?: number; numClasses?: number } = {}): ClassificationReport {
  if (args === null || typeof args !== 'object') throw new ValueError(`classificationReport: options must be an object such as {digits: 2}, got ${describeValue(args)}.`);
  const m = confusionMatrix(yTrue, yPred, { numClasses: args.numClasses ?? args.targetNames?.length });
  const c = perClass(m);
  const names = args.targetNames ?? m.map((_, i) => String(i));
  if (!Array.isArray(names)) throw new ValueError(`classificationReport: targetNames must be an array of strings, got ${describeValue(names)}.`);
  if (names.length !== m.length) throw new ValueError(`classificationReport: ${names.length} target names for ${m.length} classes.`);
  const digits = args.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) throw new ValueError(`classificationReport: digits must be an integer in [0, 20], got ${describeValue(digits)}.`);
  if (names.some((x) => typeof x !== 'string')) throw new ValueError('classificationReport: targetNames must be strings.');
  const n = c.support.reduce((a, b) => a + b, 0);
  const accuracy = c.tp.reduce((a, b) => a + b, 0) / (n || 1);
  const avg = (weights: number[]) => {
    const w = weights.reduce((a, b) => a + b, 0) || 1;
    const f = (v: number[]) => v.reduce((a, x, i) => a + x * weights[i], 0) / w;
    return { precision: f(c.precision), recall: f(c.recall), 'f1-score': f(c.f1), support: n };
  };
  const macro = avg(m.map(() => 1)), weighted = avg(c.support);
  const width = Math.max(...names.map((s) => s.length), 'weighted avg'.length, digits);
  const num = (v: number) => pyFixed(v, digits).padStart(9);
  let text = `${''.padStart(width)}  ${'precision'.padStart(9)} ${'recall'.padStart(9)} ${'f1-score'.padStart(9)} ${'support'.padStart(9)}\n\n`;
  const classes: Record<string, ReportRow> = {};
  names.forEach((name, i) => {
    classes[name] = { precision: c.precision[i], recall: c.recall[i], 'f1-score': c.f1[i], support: c.support[i] };
    text += `${name.padStart(width)}  ${num(c.precision[i])} ${num(c.recall[i])} ${num(c.f1[i])} ${String(c.support[i]).padStart(9)}\n`;
  });
  text += `\n${'accuracy'.padStart(width)}  ${''.padStart(9)} ${''.padStart(9)} ${num(accuracy)} ${String(n).padStart(9)}\n`;
  for (const [label, r] of [['macro avg', macro], ['weighted avg', weighted]] as const) {
    text += `${label.padStart(width)}  ${num(r.precision)} ${num(r.recall)} ${num(r['f1-score'])} ${String(r.support).padStart(9)}\n`;
  }
  return { text, classes, accuracy, 'macro avg': macro, 'weighted avg': weighted };
}
