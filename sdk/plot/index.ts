// Figures as SVG strings (any runtime) and files (Node, Deno, Bun): training curves, the model
// graph, image grids, confusion matrices — the seeds' matplotlib figures.
import { ValueError, describeValue } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { toTensor, type TensorLike } from '../tensor/ops/creation.js';
import type { Model } from '../models/functional.js';
import { InputLayer } from '../layers/core.js';
import { smoothCurve } from '../data/preprocessing.js';
import { COLORS, axes, esc, polyline, svgDoc } from './svg.js';
import { svgToPng, type PngOptions } from './png.js';

export { svgToPng, type PngOptions };

type HistoryLike = { history: Record<string, number[]> } | Record<string, number[]>;

function curves(h: HistoryLike): Record<string, number[]> {
  if (h === null || typeof h !== 'object') throw new ValueError(`plotHistory: expected a History or {metric: values}, got ${describeValue(h)}.`);
  const c = 'history' in h && typeof h.history === 'object' && h.history !== null && !Array.isArray(h.history) ? h.history : h;
  for (const [k, v] of Object.entries(c)) if (!Array.isArray(v)) throw new ValueError(`plotHistory: '${k}' must be a list of numbers, got ${describeValue(v)}.`);
  return 'history' in h && typeof h.history === 'object' && !Array.isArray(h.history) ? (h.history as Record<string, number[]>) : (h as Record<string, number[]>);
}

export interface PlotHistoryArgs { metrics?: string[]; smoothing?: number; skipFirst?: number; title?: string; width?: number; height?: number }

/**
 * Training and validation curves per metric, side by side (solid: training, dashed: validation).
 * Pass one History, or several ({name: history} or an array) to overlay them in colours.
 */
export function plotHistory(histories: HistoryLike | HistoryLike[] | Record<string, HistoryLike>, args: PlotHistoryArgs = {}): string {
  if (histories === null || typeof histories !== 'object') throw new ValueError(`plotHistory: expected a History, a list of them or {name: History}, got ${describeValue(histories)}.`);
  if (args === null || typeof args !== 'object') throw new ValueError(`plotHistory: options must be an object, got ${describeValue(args)}.`);
  if (args.metrics !== undefined && (!Array.isArray(args.metrics) || args.metrics.some((m) => typeof m !== 'string'))) throw new ValueError(`plotHistory: metrics must be a list of names, got ${describeValue(args.metrics)}.`);
  let named: [string, Record<string, number[]>][];
  if (Array.isArray(histories)) named = histories.map((h, i) => [`model ${i + 1}`, curves(h)]);
  else if ('history' in histories || Object.values(histories).every((v) => Array.isArray(v))) named = [['', curves(histories as HistoryLike)]];
  else named = Object.entries(histories as Record<string, HistoryLike>).map(([k, h]) => [k, curves(h)]);
  const all = new Set(named.flatMap(([, c]) => Object.keys(c).filter((k) => !k.startsWith('val_') || !(k.slice(4) in c))));
  const metrics = args.metrics ?? [...all].sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : a.localeCompare(b)));
  if (metrics.length === 0) throw new ValueError('plotHistory: the history has no metrics.');
  const skip = args.skipFirst ?? 0;
  const pw = 360, ph = 240, left = 70, top = 50, gap = 90;
  const width = args.width ?? left + metrics.length * (pw + gap) - gap + 30;
  const legendH = 22 * (named.length * 2) + 10;
  const height = args.height ?? top + ph + 60 + legendH;
  let body = args.title ? `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${esc(args.title)}</text>` : '';
  metrics.forEach((metric, mi) => {
    const series: { label: string; values: number[]; color: string; dashed: boolean }[] = [];
    named.forEach(([name, c], hi) => {
      for (const [key, dashed] of [[metric, metric.startsWith('val_')], [`val_${metric}`, true]] as const) {
        let v = c[key];
        if (!v) continue;
        if (args.smoothing) v = smoothCurve(v, args.smoothing);
        series.push({ label: `${name ? name + ' ' : ''}${dashed ? 'validation' : 'training'}`, values: v.slice(skip), color: COLORS[hi % COLORS.length], dashed });
      }
    });
    const n = Math.max(1, ...series.map((s) => s.values.length));
    const vals = series.flatMap((s) => s.values).filter(Number.isFinite);
    let lo = Math.min(...vals), hi = Math.max(...vals);
    if (!vals.length) { lo = 0; hi = 1; }
    const pad = (hi - lo) * 0.08 || 0.1;
    const panel = { x: left + mi * (pw + gap), y: top, w: pw, h: ph };
    const ax = axes(panel, [1 + skip, Math.max(2 + skip, n + skip)], [lo - pad, hi + pad], { title: `${metric}${args.smoothing ? ' (smoothed)' : ''}`, x: 'epoch', y: metric }, true);
    body += ax.svg;
    for (const s of series) body += polyline(s.values.map((v, i) => [ax.sx(i + 1 + skip), ax.sy(v)] as [number, number]), s.color, s.dashed);
    if (mi === 0) {
      const seen = new Set<string>();
      let ly = top + ph + 50;
      for (const s of series) {
        if (seen.has(s.label)) continue;
        seen.add(s.label);
        body += `<line x1="${left}" x2="${left + 30}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`;
        body += `<text x="${left + 38}" y="${ly}" fill="#222">${esc(s.label)}</text>`;
        ly += 20;
      }
    }
  });
  return svgDoc(width, height, body, args.title ?? 'training history');
}

export interface PlotModelArgs {
  /** Input and output shapes in each box (Keras's default: false). */
  showShapes?: boolean;
  /** 'name (Class)' instead of the class alone (Keras's default: false). */
  showLayerNames?: boolean;
  /** 'TB' (top to bottom, the default) or 'LR' (left to right), as Graphviz's rankdir. */
  rankdir?: 'TB' | 'LR';
  /** Also write the figure: PNG when the path ends in .png, else SVG (Node, Deno, Bun; browsers download it). */
  toFile?: string;
  /** Pixels per SVG unit of a PNG (default 2, about Keras's dpi=200). */
  scale?: number;
  title?: string;
}

const shapeText = (s: (number | null)[]) => `(${s.map((d) => (d === null ? 'None' : d)).join(', ')}${s.length === 1 ? ',' : ''})`;

/**
 * The layer graph (keras.utils.plot_model): a box per layer, arrows for connections, shapes.
 * Returns the SVG; with `toFile` it also writes the file and returns a promise of the SVG.
 */
export function plotModel(model: Model, args: PlotModelArgs & { toFile: string }): Promise<string>;
export function plotModel(model: Model, args?: PlotModelArgs): string;
export function plotModel(model: Model, args: PlotModelArgs = {}): string | Promise<string> {
  if (model === null || (typeof model !== 'object' && typeof model !== 'function') || !('graph' in model)) throw new ValueError(`plotModel: expected a Model, got ${describeValue(model)}.`);
  if (args === null || typeof args !== 'object') throw new ValueError(`plotModel: options must be an object, got ${describeValue(args)}.`);
  const graph = model.graph;
  if (!graph) throw new ValueError(`plotModel: model '${model.name}' is not built yet.`);
  const rankdir = args.rankdir ?? 'TB';
  if (rankdir !== 'TB' && rankdir !== 'LR') throw new ValueError(`plotModel: rankdir must be 'TB' or 'LR', got ${JSON.stringify(rankdir)}.`);
  const showShapes = args.showShapes ?? false, showNames = args.showLayerNames ?? false;
  // Depth of each node: longest path from an input; nodes of equal depth share a rank.
  const depth = new Map<object, number>();
  for (const n of graph.nodes) depth.set(n, n.inputs.length ? Math.max(...n.inputs.map((t) => (depth.get(t.sourceLayer.inboundNodes[t.nodeIndex]) ?? 0) + 1)) : 0);
  const ranks: (typeof graph.nodes)[] = [];
  for (const n of graph.nodes) (ranks[depth.get(n)!] ??= []).push(n);
  const boxW = showShapes ? 300 : 190, boxH = showShapes ? 58 : 34;
  const lr = rankdir === 'LR';
  // Along a rank boxes sit side by side (TB) or stacked (LR); ranks follow each other the other way.
  const across = lr ? boxH + 24 : boxW + 40, along = lr ? boxW + 50 : boxH + 44;
  const maxRank = Math.max(...ranks.map((r) => r.length));
  const off = args.title ? 30 : 0;
  const width = lr ? ranks.length * along - (along - boxW) + 40 : maxRank * across + 40;
  const height = (lr ? maxRank * across + 40 : ranks.length * along - (along - boxH) + 40) + off;
  const pos = new Map<object, { x: number; y: number }>();
  ranks.forEach((r, ri) => r.forEach((n, i) => {
    const extent = r.length * across - (across - (lr ? boxH : boxW));
    const a = ((lr ? height - off : width) - extent) / 2 + i * across;
    pos.set(n, lr ? { x: 20 + ri * along, y: off + a } : { x: a, y: 20 + off + ri * along });
  }));
  let body = `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>`;
  if (args.title) body += `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(args.title)}</text>`;
  for (const n of graph.nodes) {
    const to = pos.get(n)!;
    for (const t of n.inputs) {
      const from = pos.get(t.sourceLayer.inboundNodes[t.nodeIndex]);
      if (!from) continue;
      const [x1, y1, x2, y2] = lr ? [from.x + boxW, from.y + boxH / 2, to.x - 2, to.y + boxH / 2] : [from.x + boxW / 2, from.y + boxH, to.x + boxW / 2, to.y - 2];
      body += `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`;
    }
  }
  for (const n of graph.nodes) {
    const { x, y } = pos.get(n)!;
    const l = n.layer;
    const fill = l instanceof InputLayer ? '#e8f1fb' : '#fff8e6';
    body += `<rect x="${x}" y="${y}" width="${boxW}" height="${boxH}" rx="6" fill="${fill}" stroke="#444"/>`;
    const label = showNames ? `${l.name} (${l.className})` : l.className;
    body += `<text x="${x + boxW / 2}" y="${y + (showShapes ? 20 : 22)}" text-anchor="middle" font-weight="bold">${esc(label)}</text>`;
    if (showShapes) {
      const ins = n.inputs.map((t) => shapeText(t.shape)).join(', ') || shapeText(n.outputs[0].shape);
      const outs = n.outputs.map((t) => shapeText(t.shape)).join(', ');
      body += `<text x="${x + boxW / 2}" y="${y + 40}" text-anchor="middle" fill="#333" font-size="11">in: ${esc(ins)}   out: ${esc(outs)}</text>`;
    }
  }
  const svg = svgDoc(width, height, body, `model ${model.name}`);
  if (args.toFile === undefined) return svg;
  return saveFigure(args.toFile, svg, { scale: args.scale ?? 2 }).then(() => svg);
}

/** A grayscale (or RGB) image as a BMP data URI: browsers draw it, no compression needed (svgToPng converts it). */
function bmpDataUri(pixels: ArrayLike<number>, h: number, w: number, c: number, scale: number): string {
  const row = Math.ceil((w * 3) / 4) * 4;
  const size = 54 + row * h;
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  b[0] = 0x42; b[1] = 0x4d; dv.setUint32(2, size, true); dv.setUint32(10, 54, true);
  dv.setUint32(14, 40, true); dv.setInt32(18, w, true); dv.setInt32(22, -h, true);
  dv.setUint16(26, 1, true); dv.setUint16(28, 24, true); dv.setUint32(34, row * h, true);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const o = 54 + y * row + x * 3;
    for (let k = 0; k < 3; k++) {
      const v = pixels[(y * w + x) * c + (c === 3 ? 2 - k : 0)] * scale;
      b[o + k] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return `data:image/bmp;base64,${btoa(s)}`;
}

export interface ImageGridArgs { labels?: TensorLike; predictions?: TensorLike; classNames?: string[]; rows?: number; cols?: number; title?: string; cell?: number; invert?: boolean }

/** A grid of images [n, h, w] or [n, h, w, c] with their labels (and predictions, wrong ones in red). */
export function imageGrid(images: TensorLike, args: ImageGridArgs = {}): string {
  const t = images instanceof Tensor ? images : toTensor(images);
  if (t.rank !== 3 && t.rank !== 4) throw new ValueError(`imageGrid: expected images [n, h, w] or [n, h, w, c], got shape [${t.shape}].`);
  const [n, h, w] = t.shape, c = t.rank === 4 ? t.shape[3] : 1;
  const cols = args.cols ?? Math.min(n, Math.ceil(Math.sqrt(n)));
  const rows = args.rows ?? Math.ceil(n / cols);
  const count = Math.min(n, rows * cols);
  const data = t.dataSync();
  let max = 0;
  for (let i = 0; i < Math.min(data.length, count * h * w * c); i++) max = Math.max(max, data[i]);
  const scale = max <= 1 ? 255 : 1;
  const labels = args.labels !== undefined ? Array.from((args.labels instanceof Tensor ? args.labels : toTensor(args.labels)).dataSync()) : null;
  const preds = args.predictions !== undefined ? Array.from((args.predictions instanceof Tensor ? args.predictions : toTensor(args.predictions)).dataSync()) : null;
  const cell = args.cell ?? 84, text = labels ? 34 : 6, top = args.title ? 34 : 8;
  const width = cols * (cell + 10) + 10, height = top + rows * (cell + text + 8);
  const name = (v: number) => args.classNames?.[v] ?? String(v);
  let body = args.title ? `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(args.title)}</text>` : '';
  for (let i = 0; i < count; i++) {
    const x = 10 + (i % cols) * (cell + 10), y = top + Math.floor(i / cols) * (cell + text + 8);
    const px = data.subarray(i * h * w * c, (i + 1) * h * w * c);
    const pix = args.invert ? Array.from(px, (v) => (max <= 1 ? 1 : 255) - v) : px;
    body += `<image x="${x}" y="${y}" width="${cell}" height="${cell}" href="${bmpDataUri(pix, h, w, c, scale)}" image-rendering="optimizeSpeed" style="image-rendering:pixelated"/>`;
    body += `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="none" stroke="#999"/>`;
    if (labels) {
      const wrong = preds !== null && preds[i] !== labels[i];
      const label = preds !== null ? `${name(labels[i])} → ${name(preds[i])}` : name(labels[i]);
      body += `<text x="${x + cell / 2}" y="${y + cell + 16}" text-anchor="middle" font-size="12" fill="${wrong ? '#c00' : '#222'}">${esc(label)}</text>`;
    }
  }
  return svgDoc(width, height, body, args.title ?? 'images');
}

export interface ConfusionPlotArgs { classNames?: string[]; title?: string; normalize?: boolean }

/** A labelled heat map of a confusion matrix (rows: true class, columns: predicted class). */
export function plotConfusionMatrix(matrix: number[][], args: ConfusionPlotArgs = {}): string {
  if (!Array.isArray(matrix)) throw new ValueError(`plotConfusionMatrix: expected a square matrix (a list of rows), got ${describeValue(matrix)}.`);
  if (args === null || typeof args !== 'object') throw new ValueError(`plotConfusionMatrix: options must be an object, got ${describeValue(args)}.`);
  const k = matrix.length;
  if (!k || matrix.some((r) => !Array.isArray(r) || r.length !== k || r.some((v) => typeof v !== 'number'))) throw new ValueError('plotConfusionMatrix: expected a square matrix.');
  const names = args.classNames ?? matrix.map((_, i) => String(i));
  const vals = args.normalize ? matrix.map((r) => { const s = r.reduce((a, b) => a + b, 0) || 1; return r.map((v) => v / s); }) : matrix;
  const max = Math.max(1e-9, ...vals.flat());
  const cell = Math.max(28, Math.min(60, Math.floor(560 / k)));
  const labelW = Math.max(40, ...names.map((s) => s.length * 7 + 12));
  const left = labelW + 30, top = (args.title ? 40 : 16) + labelW * 0.6;
  const width = left + k * cell + 20, height = top + k * cell + 50;
  let body = args.title ? `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(args.title)}</text>` : '';
  vals.forEach((r, i) => r.forEach((v, j) => {
    const a = v / max;
    const col = `rgb(${Math.round(255 - 225 * a)},${Math.round(255 - 170 * a)},${Math.round(255 - 75 * a)})`;
    const x = left + j * cell, y = top + i * cell;
    body += `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${col}" stroke="#fff"/>`;
    const txt = args.normalize ? v.toFixed(2) : String(v);
    body += `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="${cell < 36 ? 9 : 11}" fill="${a > 0.55 ? '#fff' : '#222'}">${esc(txt)}</text>`;
  }));
  names.forEach((nm, i) => {
    body += `<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${esc(nm)}</text>`;
    body += `<text transform="translate(${left + i * cell + cell / 2},${top - 6}) rotate(-45)" text-anchor="start">${esc(nm)}</text>`;
  });
  body += `<text x="${left + (k * cell) / 2}" y="${top + k * cell + 30}" text-anchor="middle" fill="#333">predicted</text>`;
  body += `<text transform="translate(14,${top + (k * cell) / 2}) rotate(-90)" text-anchor="middle" fill="#333">true</text>`;
  return svgDoc(width, height, body, args.title ?? 'confusion matrix');
}

/**
 * Write a figure: PNG when the path ends in .png (rasterized by resvg, in every runtime), SVG when
 * it ends in .svg. Node, Deno and Bun write the file; browsers download it under that name.
 */
export async function saveFigure(path: string, svg: string, options: PngOptions = {}): Promise<void> {
  if (typeof path !== 'string' || !/\.(png|svg)$/i.test(path)) throw new ValueError(`saveFigure: the path must end in .png or .svg, got ${JSON.stringify(path)}.`);
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) throw new ValueError('saveFigure: expected an SVG string (from plotHistory, plotModel, imageGrid or plotConfusionMatrix).');
  const data: Uint8Array | string = /\.png$/i.test(path) ? await svgToPng(svg, options) : svg;
  const doc = (globalThis as { document?: { createElement(t: string): { href: string; download: string; click(): void } } }).document;
  if (doc && !(globalThis as { process?: unknown }).process) {
    const a = doc.createElement('a');
    a.href = URL.createObjectURL(new Blob([data as BlobPart], { type: typeof data === 'string' ? 'image/svg+xml' : 'image/png' }));
    a.download = path.split('/').pop()!;
    a.click();
    return;
  }
  const fs = (await import('node:fs/promises' as string)) as { writeFile(p: string, d: string | Uint8Array): Promise<void>; mkdir(p: string, o: object): Promise<void> };
  const dir = path.replace(/\/[^/]*$/, '');
  if (dir && dir !== path) await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path, data);
}

/** Write an SVG to a file (Node, Deno, Bun). */
export async function saveSvg(path: string, svg: string): Promise<void> {
  const fs = (await import('node:fs/promises' as string)) as { writeFile(p: string, d: string): Promise<void>; mkdir(p: string, o: object): Promise<void> };
  const dir = path.replace(/\/[^/]*$/, '');
  if (dir && dir !== path) await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path, svg);
}
