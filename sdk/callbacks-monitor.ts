// Which way a monitored value improves, for the callbacks that watch one (EarlyStopping,
// ReduceLROnPlateau in callbacks.ts; ModelCheckpoint in callbacks-writers.ts).
export type Mode = 'auto' | 'min' | 'max';

/** Whether a monitored value improved: `mode` 'auto' means up for accuracy-like names, else down. */
export function better(mode: Mode, monitor: string): (a: number, b: number, delta: number) => boolean {
  const m = mode === 'auto' ? (/acc|auc|precision|recall/.test(monitor) && !monitor.includes('loss') ? 'max' : 'min') : mode;
  return m === 'min' ? (a, b, d) => a < b - d : (a, b, d) => a > b + d;
}
