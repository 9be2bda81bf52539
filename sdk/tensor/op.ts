// Every tensor operation is an OpSpec: shape inference, a kernel that binds buffers into a
// thunk, and a gradient written with ops. runOp executes it eagerly (recording it on active
// GradientTapes) or, while a graph is being traced, adds it to the graph; the planner later
// binds the same kernels to fixed buffers. One definition serves eager code, tapes and fit().
import { checkShape, Tensor, type DType, type Shape } from './tensor.js';
import type { Graph } from './graph.js';
import { maybeSpill } from './storage.js';

export interface OutSpec { shape: Shape; dtype: DType }

export interface OpSpec<A = unknown> {
  name: string;
  /** Output shapes and dtypes; throws a typed error naming the op and the shapes on bad input. */
  infer(inputs: Tensor[], attrs: A): OutSpec[];
  /** Bind inputs and outputs (their .ptr fixed) into a function that computes the outputs. */
  kernel(inputs: Tensor[], outputs: Tensor[], attrs: A): () => void;
  /**
   * Gradients of the inputs given the outputs' gradients (null where an output got none).
   * `needs[i]` says whether input i wants a gradient; return null for the others.
   */
  grad?(dys: (Tensor | null)[], inputs: Tensor[], outputs: Tensor[], attrs: A, needs: boolean[]): (Tensor | null)[];
  /** Output 0 shares input 0's bytes (reshape): no kernel work, no new buffer. */
  view?: boolean;
  /** Writes into an input (assign, optimizer updates): never skipped or folded by the planner. */
  effect?: boolean;
}

export interface OpNode {
  op: OpSpec<any>;
  inputs: Tensor[];
  outputs: Tensor[];
  attrs: unknown;
}

/** Something that records executed ops: a GradientTape. */
export interface Recorder { record(node: OpNode): void }

const recorders: Recorder[] = [];
let activeGraph: Graph | null = null;

export function pushRecorder(r: Recorder): void { recorders.push(r); }
/** How many tapes are recording right now. */
export function recordingCount(): number { return recorders.length; }
export function popRecorder(r: Recorder): void {
  const i = recorders.lastIndexOf(r);
  if (i >= 0) recorders.splice(i, 1);
}

/** @internal Used by trace(): ops on traced values (or variables) go into this graph. */
export function setActiveGraph(g: Graph | null): Graph | null {
  const prev = activeGraph;
  activeGraph = g;
  return prev;
}
export function getActiveGraph(): Graph | null { return activeGraph; }

export function runOp<A>(op: OpSpec<A>, inputs: Tensor[], attrs: A): Tensor[] {
  for (const t of inputs) t.assertAlive();
  const specs = op.infer(inputs, attrs);
  for (const s of specs) checkShape(s.shape, op.name); // no op may hand the allocator a bad size
  const g = activeGraph;
  if (g !== null && (op.effect || inputs.some((t) => t.trace !== null || t.isVariable))) {
    return g.add(op, inputs, attrs, specs);
  }
  // A safe point: no pointer is held yet. Then the inputs come into the heap before any output
  // is allocated, so no pointer a kernel reads can move while it runs.
  maybeSpill();
  if (!op.view) for (const t of inputs) void t.ptr;
  const outputs = specs.map((s) => (op.view ? Tensor.view(inputs[0], s.shape, s.dtype) : Tensor.alloc(s.shape, s.dtype)));
  if (!op.view) op.kernel(inputs, outputs, attrs)();
  if (recorders.length > 0 && op.grad !== undefined) {
    const node: OpNode = { op, inputs, outputs, attrs };
    for (const r of recorders) r.record(node);
  }
  return outputs;
}

/** One OpSpec per name of an op family (unary, binary, reduce: one kernel, a code per op), made on first use. */
export function specFamily<N, A>(make: (name: N) => OpSpec<A>): (name: N) => OpSpec<A> {
  const specs = new Map<N, OpSpec<A>>();
  return (name) => {
    let spec = specs.get(name);
    if (!spec) specs.set(name, (spec = make(name)));
    return spec;
  };
}

/** Run a single-output op. */
export function run1<A>(op: OpSpec<A>, inputs: Tensor[], attrs: A): Tensor {
  return runOp(op, inputs, attrs)[0];
}
