// Tracing: while a Graph is active, ops on traced values (and on variables) are recorded
// instead of run. The planner (plan.ts) then gives every value a fixed buffer and binds the
// kernels, so a training step replays a list of thunks with no allocation.
import { Tensor, type DType, type Shape } from './tensor.js';
import { setActiveGraph, type OpNode, type OpSpec, type OutSpec } from './op.js';

let nextGraphId = 1;

export class Graph {
  readonly id = nextGraphId++;
  readonly nodes: OpNode[] = [];
  readonly values: Tensor[] = [];
  /** Values fed from outside on every run (the batch). */
  readonly placeholders: Tensor[] = [];

  private value(shape: Shape, dtype: DType): Tensor {
    const t = new Tensor(shape, dtype, null);
    t.trace = { graphId: this.id, index: this.values.length };
    this.values.push(t);
    return t;
  }

  placeholder(shape: Shape, dtype: DType = 'float32'): Tensor {
    const t = this.value(shape, dtype);
    this.placeholders.push(t);
    return t;
  }

  add<A>(op: OpSpec<A>, inputs: Tensor[], attrs: A, specs: OutSpec[]): Tensor[] {
    const outputs = specs.map((s) => this.value(s.shape, s.dtype));
    if (op.view) outputs[0].viewOf = rootOf(inputs[0]);
    const node: OpNode = { op, inputs, outputs, attrs };
    this.nodes.push(node);
    return outputs;
  }
}

/** The value whose buffer a view (chain) uses. */
export function rootOf(t: Tensor): Tensor {
  let r = t;
  while (r.viewOf !== null) r = r.viewOf;
  return r;
}

/** Trace fn into a new graph. fn receives the graph to create placeholders. */
export function trace<T>(fn: (g: Graph) => T): { graph: Graph; result: T } {
  const graph = new Graph();
  const prev = setActiveGraph(graph);
  try {
    return { graph, result: fn(graph) };
  } finally {
    setActiveGraph(prev);
  }
}
