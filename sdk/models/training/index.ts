// compile / fit / evaluate / predict, by job: compile.ts (per-output compile setup), step.ts
// (tracing a step into a plan), trainer.ts (the compiled state and its batch loop), loops.ts (the
// fit and evaluate epochs), drive.ts (running them sync or async), temps.ts, and the callback
// protocol they drive (callback.ts, progbar.ts). What the model classes and the public API use.
export { Trainer } from './trainer.js';
export { fitLoop, evaluateLoop, type FitArgs, type EvaluateArgs, type PredictArgs } from './loops.js';
export { runAsync, runSync } from './drive.js';
export { track, disposeTemps } from './temps.js';
export type { CompileArgs, MetricsArg, LossIdentifier, MetricIdentifier, OptimizerIdentifier } from './compile.js';
