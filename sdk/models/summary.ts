// model.summary(): the Keras 3 table, character for character (rich's box drawing, column
// widths, word wrapping with an ellipsis for words too long, thousands separators, sizes).
import { BYTES_PER_ELEMENT } from '../tensor/tensor.js';
import { ValueError, describeValue } from '../errors.js';
import type { TrainedModel } from './contracts.js';
import { InputLayer } from '../layers/core.js';
import type { Layer, ShapeSpec } from '../layers/layer.js';

export interface SummaryArgs {
  /** Where lines go (default console.log); the text is also returned. */
  printFn?: ((line: string) => void) | null;
}

const fmtInt = (n: number) => n.toLocaleString('en-US');

/** Keras's readable_memory_size: B, KB, MB, GB with two decimals (1024 steps). */
export function readableSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i++; }
  return `${bytes.toFixed(2)} ${units[i]}`;
}

const pyShape = (s: ShapeSpec) => (s.length === 1 ? `(${s[0] ?? 'None'},)` : `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})`);

/** Greedy word wrap of one cell; words longer than the width end with '…'. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let cur = '';
    for (const word of para.split(' ')) {
      const w = word.length > width ? word.slice(0, width - 1) + '…' : word;
      if (cur === '') cur = w;
      else if (cur.length + 1 + w.length <= width) cur += ' ' + w;
      else { lines.push(cur); cur = w; }
    }
    lines.push(cur);
  }
  return lines;
}

function table(headers: string[], rows: string[][], widths: number[], rightAlign: boolean[]): string[] {
  const out: string[] = [];
  const hr = (l: string, m: string, r: string, c: string) => l + widths.map((w) => c.repeat(w + 2)).join(m) + r;
  const cell = (s: string, i: number) => (rightAlign[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  out.push(hr('┏', '┳', '┓', '━'));
  out.push('┃' + headers.map((h, i) => ` ${cell(h, i)} `).join('┃') + '┃');
  out.push(hr('┡', '╇', '┩', '━'));
  rows.forEach((row, r) => {
    const cells = row.map((c, i) => wrap(c, widths[i]));
    const height = Math.max(...cells.map((c) => c.length));
    for (let k = 0; k < height; k++) out.push('│' + cells.map((c, i) => ` ${cell(c[k] ?? '', i)} `).join('│') + '│');
    if (r < rows.length - 1) out.push(hr('├', '┼', '┤', '─'));
  });
  out.push(hr('└', '┴', '┘', '─'));
  return out;
}

function outputShapeText(layer: Layer): string {
  const node = layer.inboundNodes[layer.inboundNodes.length - 1];
  if (!node) return '?';
  const shapes = node.outputs.map((o) => pyShape(o.shape));
  return shapes.length === 1 ? shapes[0] : `[${shapes.join(', ')}]`;
}

/**
 * Keras prints a functional model whose graph is a plain chain (one input, each node fed by one
 * tensor, each layer and each output used once) with the Sequential table, without "Connected to".
 */
function sequentialLike(model: TrainedModel): boolean {
  const nodes = model.graph?.nodes ?? [];
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return false;
  const layers = new Set<unknown>();
  const consumed = new Map<unknown, number>();
  for (const n of nodes) {
    if (n.inputs.length > 1 || layers.has(n.layer)) return false;
    layers.add(n.layer);
    for (const t of n.inputs) consumed.set(t, (consumed.get(t) ?? 0) + 1);
  }
  return [...consumed.values()].every((c) => c <= 1);
}

export function summary(model: TrainedModel, args: SummaryArgs = {}): string {
  if (args === null || typeof args !== 'object') throw new ValueError(`summary(): options must be an object such as {printFn}, got ${describeValue(args)}.`);
  if (args.printFn !== undefined && args.printFn !== null && typeof args.printFn !== 'function') throw new ValueError(`summary(): printFn must be a function or null, got ${describeValue(args.printFn)}.`);
  const lines: string[] = [`Model: "${model.name}"`];
  const functional = model.className !== 'Sequential' && !sequentialLike(model);
  const layers = model.layers;
  const params = (l: Layer) => (l.built ? l.countParams() : 0);
  if (functional) {
    const rows = layers.map((l) => {
      const node = l.inboundNodes.find((n) => n.outputs.some((o) => model.graph?.nodes.some((gn) => gn.outputs.includes(o)))) ?? l.inboundNodes[0];
      const conn = node && node.inputs.length ? node.inputs.map((t) => `${t.sourceLayer.name}[${t.nodeIndex}][${t.tensorIndex}]`).join(', ') : '-';
      return [`${l.name} (${l.className})`, outputShapeText(l), l instanceof InputLayer ? '0' : fmtInt(params(l)), conn];
    });
    lines.push(...table(['Layer (type)', 'Output Shape', 'Param #', 'Connected to'], rows, [19, 17, 10, 17], [false, false, true, false]));
  } else {
    const rows = layers.map((l) => [`${l.name} (${l.className})`, model.graph ? outputShapeText(l) : '?', l.built ? fmtInt(params(l)) : '0 (unbuilt)']);
    lines.push(...table(['Layer (type)', 'Output Shape', 'Param #'], rows, [31, 22, 13], [false, false, true]));
  }
  const bytes = (vs: { size: number; dtype: keyof typeof BYTES_PER_ELEMENT }[]) => vs.reduce((n, v) => n + v.size * BYTES_PER_ELEMENT[v.dtype], 0);
  const count = (vs: { size: number }[]) => vs.reduce((n, v) => n + v.size, 0);
  const trainable = model.trainableWeights, nonTrainable = model.nonTrainableWeights;
  const optVars = model.optimizer ? model.optimizer.variables().map((v) => v.value) : [];
  const all = [...trainable, ...nonTrainable, ...optVars];
  lines.push(` Total params: ${fmtInt(count(all))} (${readableSize(bytes(all))})`);
  lines.push(` Trainable params: ${fmtInt(count(trainable))} (${readableSize(bytes(trainable))})`);
  lines.push(` Non-trainable params: ${fmtInt(count(nonTrainable))} (${readableSize(bytes(nonTrainable))})`);
  if (optVars.length) lines.push(` Optimizer params: ${fmtInt(count(optVars))} (${readableSize(bytes(optVars))})`);
  const text = lines.join('\n');
  const print = args.printFn === undefined ? (s: string) => console.log(s) : args.printFn;
  if (print) for (const l of lines) print(l);
  return text;
}
