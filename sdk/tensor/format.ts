// NumPy-style printing (numpy/core/arrayprint.py, float mode 'maxprec'): `[[1.  2.5]\n [3.  4. ]]`,
// one format for the whole array (positional or scientific), aligned on the decimal point,
// rows wrapped at the line width, summarised with `...` past the threshold; setPrintOptions
// changes precision, threshold, edgeitems, suppress and linewidth as np.set_printoptions does.
import { ValueError } from '../errors.js';
import type { DType, TypedArray } from './tensor.js';

export interface PrintOptions {
  /** Digits after the decimal point, at most (default 8); fewer when the value needs fewer. */
  precision: number;
  /** Summarise (first and last `edgeitems` per axis) above this many elements (default 1000). */
  threshold: number;
  /** Items shown at each end of a summarised axis (default 3). */
  edgeitems: number;
  /** Never use scientific notation for small values (they print as 0. at the precision). Default false. */
  suppress: boolean;
  /** Characters per line before a row wraps (default 75). */
  linewidth: number;
}

const DEFAULTS: PrintOptions = { precision: 8, threshold: 1000, edgeitems: 3, suppress: false, linewidth: 75 };
let opts: PrintOptions = { ...DEFAULTS };

/** Set how tensors print (np.set_printoptions); unspecified options keep their value. `null` resets all. */
export function setPrintOptions(options: Partial<PrintOptions> | null): void {
  if (options === null) { opts = { ...DEFAULTS }; return; }
  if (typeof options !== 'object') throw new ValueError(`setPrintOptions: expected an options object (or null to reset), got ${typeof options}.`);
  const next = { ...opts };
  for (const [k, v] of Object.entries(options)) {
    if (!(k in DEFAULTS)) throw new ValueError(`setPrintOptions: unknown option '${k}'; valid options: ${Object.keys(DEFAULTS).join(', ')}.`);
    if (k === 'suppress') { if (typeof v !== 'boolean') throw new ValueError(`setPrintOptions: suppress must be a boolean, got ${JSON.stringify(v)}.`); }
    else if (!Number.isInteger(v) || (v as number) < (k === 'linewidth' ? 1 : 0)) throw new ValueError(`setPrintOptions: ${k} must be a non-negative integer, got ${JSON.stringify(v)}.`);
    (next as Record<string, unknown>)[k] = v;
  }
  opts = next;
}

/** The current print options (a copy). */
export function getPrintOptions(): PrintOptions { return { ...opts }; }

/** Shortest significant digits that read back as the same float32: [digits, exponent]. */
function uniqueF32(v: number): [string, number] {
  let s = '';
  for (let p = 1; p <= 9; p++) { s = v.toExponential(p - 1); if (Math.fround(Number(s)) === v) break; }
  const [m, e] = s.split('e');
  return [m.replace('-', '').replace('.', ''), Number(e)];
}

/** Positional: the unique digits, rounded to at most `precision` after the point, trailing zeros trimmed. */
function positional(v: number, precision: number): string {
  const [d, e] = uniqueF32(v);
  const frac = Math.min(Math.max(0, d.length - 1 - e), precision);
  let s = Math.abs(v) < 1e21 ? v.toFixed(frac) : String(v);
  if (s.includes('.')) s = s.replace(/0+$/, '');
  else s += '.';
  return Object.is(v, -0) ? '-0.' : s;
}

/** Scientific: mantissa from the unique digits (at most `precision` after the point), exponent apart. */
function scientific(v: number, precision: number): [string, string] {
  const [d] = uniqueF32(v);
  const frac = Math.min(d.length - 1, precision);
  const [m, e] = v.toExponential(frac).split('e');
  const mant = m.includes('.') ? m.replace(/0+$/, '') : m + '.';
  return [mant, e];
}

function floatFormatter(values: number[], o: PrintOptions): (v: number) => string {
  const finite = values.filter(Number.isFinite);
  const nonzero = finite.filter((v) => v !== 0).map(Math.abs);
  let exp = false;
  if (nonzero.length) {
    const mx = Math.max(...nonzero), mn = Math.min(...nonzero);
    exp = mx >= 1e8 || (!o.suppress && (mn < 1e-4 || mx / mn > 1e3));
  }
  let padLeft = 0, padRight = 0;
  let fmt: (v: number) => string;
  if (exp) {
    const parts = finite.map((v) => scientific(v, o.precision));
    const prec = Math.max(0, ...parts.map(([m]) => m.length - m.indexOf('.') - 1));
    const expSize = Math.max(2, ...parts.map(([, e]) => e.replace(/[-+]/, '').length));
    padLeft = Math.max(0, ...parts.map(([m]) => m.indexOf('.')));
    padRight = expSize + 2 + prec;
    fmt = (v) => {
      const [m, e] = scientific(v, o.precision);
      const [ip, fp] = m.split('.');
      const ex = e.replace(/[-+]/, '');
      return ip.padStart(padLeft) + '.' + fp.padEnd(prec, '0') + 'e' + (e.startsWith('-') ? '-' : '+') + ex.padStart(expSize, '0');
    };
  } else {
    const strs = finite.map((v) => positional(v, o.precision));
    padLeft = Math.max(0, ...strs.map((s) => s.indexOf('.')));
    padRight = Math.max(0, ...strs.map((s) => s.length - s.indexOf('.') - 1));
    fmt = (v) => {
      const s = positional(v, o.precision);
      const dot = s.indexOf('.');
      return s.slice(0, dot).padStart(padLeft) + '.' + s.slice(dot + 1).padEnd(padRight);
    };
  }
  // Non-finite values may widen the integer part (NumPy: room for 'nan', '-inf').
  const nonFinite = values.filter((v) => !Number.isFinite(v));
  if (nonFinite.length) {
    const infLen = 3 + (nonFinite.some((v) => v === -Infinity) ? 1 : 0);
    padLeft = Math.max(padLeft, 3 - (padRight + 1), infLen - (padRight + 1));
  }
  return (v) => {
    if (Number.isFinite(v)) return fmt(v);
    const s = Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    return s.padStart(padLeft + padRight + 1);
  };
}

/** One element of a 0-d tensor, as NumPy prints a scalar (1.0, 0.5, 1e-05). */
function scalarString(v: number, dtype: DType): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (dtype !== 'float32') return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) { const [m, e] = scientific(v, 17); return `${m.endsWith('.') ? m.slice(0, -1) : m}e${e.startsWith('-') ? '-' : '+'}${e.replace(/[-+]/, '').padStart(2, '0')}`; }
  const s = positional(v, 17);
  return s.endsWith('.') ? s + '0' : s;
}

export function formatTensor(data: TypedArray, shape: readonly number[], dtype: DType): string {
  const o = opts;
  if (shape.length === 0) return scalarString(data[0], dtype);
  const summarise = data.length > o.threshold;
  const edge = o.edgeitems;
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { strides[i] = acc; acc *= shape[i]; }
  const shown = (n: number): number[] => (summarise && n > 2 * edge
    ? [...Array(edge).keys(), -1, ...Array.from({ length: edge }, (_, i) => n - edge + i)]
    : [...Array(n).keys()]);
  // The format is fitted to the values that are shown.
  const values: number[] = [];
  const visit = (dim: number, off: number): void => {
    if (dim === shape.length) { values.push(data[off]); return; }
    for (const i of shown(shape[dim])) if (i >= 0) visit(dim + 1, off + i * strides[dim]);
  };
  visit(0, 0);
  let fmt: (v: number) => string;
  if (dtype === 'float32') fmt = floatFormatter(values, o);
  else if (dtype === 'bool') fmt = (v) => (v ? ' True' : 'False');
  else { const w = Math.max(0, ...values.map((v) => String(v).length)); fmt = (v) => String(v).padStart(w); }

  // numpy's _formatArray for str(): separator ' ', hanging indent ' ' per level, wrap at linewidth.
  const recurse = (dim: number, off: number, hanging: string, width: number): string => {
    const axesLeft = shape.length - dim;
    if (axesLeft === 0) return fmt(data[off]);
    const nextHanging = hanging + ' ', nextWidth = width - 1;
    const idx = shown(shape[dim]);
    let s = '';
    if (axesLeft === 1) {
      const elemWidth = width - 1;
      let line = hanging;
      idx.forEach((i, k) => {
        const word = i < 0 ? '...' : recurse(dim + 1, off + i * strides[dim], nextHanging, nextWidth);
        if (line.length + word.length > elemWidth && line.length > hanging.length) {
          s += line.trimEnd() + '\n';
          line = hanging;
        }
        line += word;
        if (k < idx.length - 1) line += ' ';
      });
      s += line;
    } else {
      const sep = '\n'.repeat(axesLeft - 1);
      idx.forEach((i, k) => {
        s += hanging + (i < 0 ? '...' : recurse(dim + 1, off + i * strides[dim], nextHanging, nextWidth));
        if (k < idx.length - 1) s += sep;
      });
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  return recurse(0, 0, ' ', o.linewidth);
}
