// Minimal SVG building blocks: escaping, axes with "nice" ticks, a colour cycle.

export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export function esc(s: string | number): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function svgDoc(width: number, height: number, body: string, title = ''): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">` +
    (title ? `<title>${esc(title)}</title>` : '') + `<rect width="${width}" height="${height}" fill="#ffffff"/>${body}</svg>`;
}

/** Round tick values covering [lo, hi] (about n of them). */
export function niceTicks(lo: number, hi: number, n = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi === lo) { hi = lo + 1; lo = lo - 1; }
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export const fmtTick = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(4))));

export interface Panel { x: number; y: number; w: number; h: number }

/** Axes, grid lines, tick labels and titles of one panel; returns data → pixel mappers. */
export function axes(p: Panel, xr: [number, number], yr: [number, number], labels: { title?: string; x?: string; y?: string }, integerX = false) {
  const sx = (v: number) => p.x + ((v - xr[0]) / (xr[1] - xr[0] || 1)) * p.w;
  const sy = (v: number) => p.y + p.h - ((v - yr[0]) / (yr[1] - yr[0] || 1)) * p.h;
  let s = `<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" fill="#fafafa" stroke="#888"/>`;
  for (const t of niceTicks(yr[0], yr[1])) {
    if (t < yr[0] || t > yr[1]) continue;
    s += `<line x1="${p.x}" x2="${p.x + p.w}" y1="${sy(t).toFixed(1)}" y2="${sy(t).toFixed(1)}" stroke="#e3e3e3"/>`;
    s += `<text x="${p.x - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end" fill="#333">${esc(fmtTick(t))}</text>`;
  }
  for (const t of niceTicks(xr[0], xr[1], 6)) {
    if (t < xr[0] || t > xr[1] || (integerX && !Number.isInteger(t))) continue;
    s += `<line x1="${sx(t).toFixed(1)}" x2="${sx(t).toFixed(1)}" y1="${p.y + p.h}" y2="${p.y + p.h + 4}" stroke="#888"/>`;
    s += `<text x="${sx(t).toFixed(1)}" y="${p.y + p.h + 16}" text-anchor="middle" fill="#333">${esc(fmtTick(t))}</text>`;
  }
  if (labels.title) s += `<text x="${p.x + p.w / 2}" y="${p.y - 10}" text-anchor="middle" font-size="14" font-weight="bold">${esc(labels.title)}</text>`;
  if (labels.x) s += `<text x="${p.x + p.w / 2}" y="${p.y + p.h + 34}" text-anchor="middle" fill="#333">${esc(labels.x)}</text>`;
  if (labels.y) s += `<text transform="translate(${p.x - 44},${p.y + p.h / 2}) rotate(-90)" text-anchor="middle" fill="#333">${esc(labels.y)}</text>`;
  return { svg: s, sx, sy };
}

export function polyline(points: [number, number][], color: string, dashed = false, width = 2): string {
  if (points.length === 0) return '';
  const d = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return `<polyline points="${d}" fill="none" stroke="${color}" stroke-width="${width}"${dashed ? ' stroke-dasharray="6 4"' : ''}/>` +
    (points.length < 40 ? points.map(([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="2.5" fill="${color}"/>`).join('') : '');
}
