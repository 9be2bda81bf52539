// NumPy-style printing: `[[1.  2.5]\n [3.  4. ]]`, summarised with `...` past 1000 values.
import type { DType, TypedArray } from './tensor.js';

const THRESHOLD = 1000;
const EDGE = 3;

/** Shortest decimal that reads back as the same float32 (NumPy's unique repr). */
function shortestF32(v: number, maxDigits: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v || p === maxDigits) return s;
  }
  return v.toPrecision(9);
}

function formatFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
  const a = Math.abs(v);
  if (a < 1e-4 || a >= 1e16) {
    const [m, e] = Number(shortestF32(v, 9)).toExponential().split('e');
    const exp = Number(e);
    return `${m.includes('.') ? m : m + '.'}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // At most 8 digits after the point (NumPy's default precision), fewer when they suffice.
  let s = String(Number(shortestF32(v, 9)));
  const dot = s.indexOf('.');
  if (dot >= 0 && s.length - dot - 1 > 8) s = String(Number(v.toFixed(8)));
  if (!s.includes('.')) s += '.';
  return s;
}

export function formatTensor(data: TypedArray, shape: readonly number[], dtype: DType): string {
  const fmt = (v: number): string => dtype === 'float32' ? formatFloat(v) : dtype === 'bool' ? (v ? 'True' : 'False') : String(v);
  if (shape.length === 0) return fmt(data[0]);
  const summarise = data.length > THRESHOLD;
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = acc; acc *= shape[i]; }
  const indices = (n: number): number[] => summarise && n > 2 * EDGE
    ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)]
    : [...Array(n).keys()];
  const visit = (dim: number, off: number, f: (s: string) => void): void => {
    if (dim === shape.length) { f(fmt(data[off])); return; }
    for (const i of indices(shape[dim])) if (i >= 0) visit(dim + 1, off + i * strides[dim], f);
  };
  // NumPy pads to a common width; floats align on the decimal point.
  let width = 0, intWidth = 0, fracWidth = 0, aligned = dtype === 'float32';
  visit(0, 0, (s) => {
    width = Math.max(width, s.length);
    const dot = s.indexOf('.');
    if (dot < 0 || s.includes('e')) { aligned = false; return; }
    intWidth = Math.max(intWidth, dot);
    fracWidth = Math.max(fracWidth, s.length - dot - 1);
  });
  const pad = (s: string): string => {
    if (!aligned) return s.padStart(width);
    const dot = s.indexOf('.');
    return s.slice(0, dot).padStart(intWidth) + '.' + s.slice(dot + 1).padEnd(fracWidth);
  };
  const render = (dim: number, off: number, indent: string): string => {
    if (dim === shape.length) return pad(fmt(data[off]));
    const parts: string[] = [];
    for (const i of indices(shape[dim])) {
      parts.push(i < 0 ? '...' : render(dim + 1, off + i * strides[dim], indent + ' '));
    }
    if (dim === shape.length - 1) return `[${parts.join(' ')}]`;
    const sep = '\n'.repeat(shape.length - dim - 1) + indent + ' ';
    return `[${parts.join(sep)}]`;
  };
  return render(0, 0, '');
}
