// The Keras 3 progress bar: `469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - accuracy: 0.9666 - loss: 0.1143`.
// Redrawn in place on a terminal (Node, Deno, Bun); one line per epoch elsewhere.

interface Out { write(s: string): void; isTTY: boolean }

function stdout(): Out {
  const g = globalThis as unknown as {
    process?: { stdout?: { write(s: string): void; isTTY?: boolean } };
    Deno?: { stdout: { writeSync(b: Uint8Array): number; isTerminal?(): boolean } };
  };
  if (g.Deno) {
    const enc = new TextEncoder();
    const d = g.Deno.stdout;
    return { write: (s) => { d.writeSync(enc.encode(s)); }, isTTY: d.isTerminal ? d.isTerminal() : false };
  }
  const ps = g.process?.stdout;
  if (ps && typeof ps.write === 'function') return { write: (s) => { ps.write(s); }, isTTY: !!ps.isTTY };
  let line = '';
  return {
    write: (s) => {
      line += s;
      const parts = line.split('\n');
      line = parts.pop() ?? '';
      for (const p of parts) console.log(p.replace(/^\r/, ''));
    },
    isTTY: false,
  };
}

/** Keras's number format in logs: 4 decimals, or scientific for tiny values. */
export function formatLogValue(v: number): string {
  if (!Number.isFinite(v)) return String(v).toLowerCase();
  if (Math.abs(v) > 1e-3 || v === 0) return v.toFixed(4);
  const [m, e] = v.toExponential(4).split('e');
  const exp = Number(e);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function formatTimePerUnit(sec: number, unit: string): string {
  if (sec >= 1) return `${sec.toFixed(0)}s/${unit}`;
  if (sec >= 1e-3) return `${(sec * 1e3).toFixed(0)}ms/${unit}`;
  return `${(sec * 1e6).toFixed(0)}us/${unit}`;
}

export function logsText(logs: Record<string, number>): string {
  return Object.keys(logs).map((k) => ` - ${k}: ${formatLogValue(logs[k])}`).join('');
}

export class Progbar {
  private readonly out = stdout();
  private start = Date.now();
  private lastDraw = 0;
  private prevWidth = 0;

  /** verbose 1: a bar (in place on terminals); verbose 2: one line at the end. */
  constructor(readonly target: number, readonly verbose: 1 | 2, readonly unit = 'step', private print: ((s: string) => void) | null = null) {}

  /** Whether updates are redrawn in place. */
  get dynamic(): boolean { return this.print === null && this.out.isTTY && this.verbose === 1; }

  update(current: number, logs: Record<string, number>, finalize = false): void {
    const now = Date.now();
    if (!finalize && (!this.dynamic || now - this.lastDraw < 50)) return;
    this.lastDraw = now;
    const elapsed = (now - this.start) / 1000;
    const perUnit = current > 0 ? elapsed / current : 0;
    let line: string;
    if (this.verbose === 2) {
      line = `${current}/${this.target} - ${elapsed.toFixed(0)}s - ${formatTimePerUnit(perUnit, this.unit)}${logsText(logs)}`;
    } else {
      const w = String(this.target).length;
      const width = 20;
      const done = Math.min(width, Math.floor((width * current) / Math.max(this.target, 1)));
      const bar = '━'.repeat(done) + (done < width ? '─'.repeat(width - done) : '');
      const time = finalize ? `${elapsed.toFixed(0)}s ${formatTimePerUnit(perUnit, this.unit)}` : `${Math.max(0, Math.round(perUnit * (this.target - current)))}s`;
      line = `${String(current).padStart(w)}/${this.target} ${bar} ${finalize ? '' : 'ETA: '}${time}${logsText(logs)}`.replace('  ', ' ');
    }
    if (this.print) { if (finalize) this.print(line); return; }
    if (this.dynamic) {
      const pad = Math.max(0, this.prevWidth - line.length);
      this.out.write(`\r${line}${' '.repeat(pad)}${finalize ? '\n' : ''}`);
      this.prevWidth = line.length;
    } else if (finalize) this.out.write(`${line}\n`);
  }

  /** Print a line (epoch headers) through the same output. */
  static line(s: string, print: ((s: string) => void) | null = null): void {
    if (print) print(s);
    else stdout().write(`${s}\n`);
  }
}
