// The Keras 3 progress bar: `469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - accuracy: 0.9666 - loss: 0.1143`.
// Redrawn in place on a terminal (Node, Deno, Bun); one line per epoch elsewhere. Progbar prints;
// ProgbarLogger is the callback fit() and evaluate() add for verbose 1 and 2.
import type { Logs } from '../contracts.js';
import { Callback } from './callback.js';

const nowMs = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

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
  if (Math.abs(v) > 1e-3) return v.toFixed(4);
  const [m, e] = v.toExponential(4).split('e');
  const exp = Number(e);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function formatTimePerUnit(sec: number, unit: string): string {
  if (sec >= 1 || sec === 0) return `${sec.toFixed(0)}s/${unit}`;
  if (sec >= 1e-3) return `${(sec * 1e3).toFixed(0)}ms/${unit}`;
  return `${(sec * 1e6).toFixed(0)}us/${unit}`;
}

function formatEta(eta: number): string {
  const pad = (n: number) => String(Math.floor(n)).padStart(2, '0');
  if (eta > 3600) return `${Math.floor(eta / 3600)}:${pad((eta % 3600) / 60)}:${pad(eta % 60)}`;
  if (eta > 60) return `${Math.floor(eta / 60)}:${pad(eta % 60)}`;
  return `${Math.floor(eta)}s`;
}

export function logsText(logs: Record<string, number>): string {
  return Object.keys(logs).map((k) => ` - ${k}: ${formatLogValue(logs[k])}`).join('');
}

export class Progbar {
  private readonly out = stdout();
  private start = nowMs();
  private afterFirstStep = 0;
  private lastDraw = 0;
  private prevWidth = 0;

  /** verbose 1: a bar (in place on terminals); verbose 2: one line at the end. */
  constructor(readonly target: number, readonly verbose: 1 | 2, readonly unit = 'step', private print: ((s: string) => void) | null = null) {}

  /** Whether updates are redrawn in place. */
  get dynamic(): boolean { return this.print === null && this.out.isTTY && this.verbose === 1; }

  /** Seconds per step, ignoring the first (compile-like) step once there are more, as Keras does. */
  private perStep(current: number, now: number): number {
    if (current === 1 && this.afterFirstStep === 0) this.afterFirstStep = now;
    if (current > 1 && this.afterFirstStep > 0) return (now - this.afterFirstStep) / 1000 / (current - 1);
    return current > 0 ? (now - this.start) / 1000 / current : 0;
  }

  update(current: number, logs: Record<string, number>, finalize = false): void {
    const now = nowMs();
    const perUnit = this.perStep(current, now);
    if (!finalize && (!this.dynamic || now - this.lastDraw < 50)) return;
    this.lastDraw = now;
    const elapsed = (now - this.start) / 1000;
    if (this.verbose === 2) {
      const w = String(this.target).length;
      const line = `${String(current).padStart(w)}/${this.target} - ${elapsed.toFixed(0)}s - ${formatTimePerUnit(perUnit, this.unit)}${logsText(logs)}`;
      if (this.print) this.print(line); else this.out.write(`${line}\n`);
      return;
    }
    const w = String(this.target).length;
    const width = 20;
    const done = Math.min(width, Math.floor((width * current) / Math.max(this.target, 1)));
    const color = this.dynamic;
    const bar = (color ? `\x1b[32m${'━'.repeat(done)}\x1b[0m\x1b[37m${'━'.repeat(width - done)}\x1b[0m` : '━'.repeat(width));
    const time = finalize ? `${elapsed.toFixed(0)}s` : formatEta(perUnit * (this.target - current));
    const line = `${String(current).padStart(w)}/${this.target} ${bar} ${time} ${formatTimePerUnit(perUnit, this.unit)}${logsText(logs)}`;
    const visible = line.replace(/\x1b\[[0-9;]*m/g, '').length;
    if (this.print) { if (finalize) this.print(line); return; }
    if (this.dynamic) {
      const pad = Math.max(0, this.prevWidth - visible);
      this.out.write(`\r${line}${' '.repeat(pad)}${finalize ? '\n' : ''}`);
      this.prevWidth = visible;
    } else if (finalize) this.out.write(`${line}\n`);
  }

  /** Print a line (epoch headers) through the same output. */
  static line(s: string, print: ((s: string) => void) | null = null): void {
    if (print) print(s);
    else stdout().write(`${s}\n`);
  }
}

/** The progress bar of verbose 1 / the epoch lines of verbose 2. */
export class ProgbarLogger extends Callback {
  private bar: Progbar | null = null;
  private seen = 0;
  constructor(readonly verbose: 1 | 2 = 1, readonly printFn: ((s: string) => void) | null = null) { super(); }
  override onEpochBegin(epoch: number): void {
    const epochs = Number(this.params.epochs ?? 1);
    if (epochs > 0) Progbar.line(`Epoch ${epoch + 1}/${epochs}`, this.printFn);
    this.bar = new Progbar(Number(this.params.steps ?? 0), this.verbose, 'step', this.printFn);
    this.seen = 0;
  }
  override onBatchEnd(batch: number, logs: Logs = {}): void {
    this.seen = batch + 1;
    this.bar?.update(this.seen, logs);
  }
  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    this.bar?.update(this.seen, logs, true);
  }
}
