// The planner: takes a traced Graph, keeps the nodes that lead to the wanted outputs (and all
// effects), gives each intermediate value an offset in one arena — values whose lifetimes do
// not overlap share bytes — and binds each node's kernel into a thunk. run() replays them.
import { free, malloc } from '../engine/memory.js';
import { BYTES_PER_ELEMENT, Tensor } from './tensor.js';
import { rootOf, type Graph } from './graph.js';
import type { OpNode } from './op.js';
import { pin } from './storage.js';

const ALIGN = 64;

/** A plan dropped without dispose() (its model was dropped) returns its arena. */
const arenas = new FinalizationRegistry<number>((ptr) => free(ptr));

export class Plan {
  readonly nodes: OpNode[];
  private thunks: (() => void)[];
  private arenaPtr = -1;
  readonly arenaBytes: number;

  /**
   * @param graph   the traced graph
   * @param outputs values that must stay readable after run() (losses, predictions)
   */
  constructor(readonly graph: Graph, readonly outputs: Tensor[]) {
    this.nodes = liveNodes(graph, outputs);
    // Keep constants (eager, non-variable inputs made while tracing) alive as long as the plan,
    // and in place: the thunks read their pointers.
    for (const n of this.nodes) for (const t of n.inputs) if (t.trace === null) { t.kept = true; pin(t.storage!); }

    // Lifetimes of each root buffer: [first write, last read] in node order.
    const first = new Map<Tensor, number>();
    const last = new Map<Tensor, number>();
    const pinned = new Set<Tensor>();
    for (const p of graph.placeholders) { first.set(p, -1); pinned.add(p); }
    for (const o of outputs) if (o.trace !== null) pinned.add(rootOf(o));
    this.nodes.forEach((n, i) => {
      for (const t of n.outputs) { const r = rootOf(t); if (r.trace !== null && !first.has(r)) first.set(r, i); }
      for (const t of n.inputs) { const r = rootOf(t); if (r.trace !== null) last.set(r, i); }
    });
    const end = this.nodes.length;
    const intervals: { t: Tensor; start: number; stop: number; bytes: number }[] = [];
    for (const [t, start] of first) {
      const stop = pinned.has(t) ? end : (last.get(t) ?? start);
      intervals.push({ t, start, stop, bytes: Math.ceil((t.size * BYTES_PER_ELEMENT[t.dtype]) / ALIGN) * ALIGN || ALIGN });
    }
    // Greedy placement, largest first: each buffer goes at the lowest offset free for its lifetime.
    intervals.sort((a, b) => b.bytes - a.bytes || a.start - b.start);
    const placed: { start: number; stop: number; off: number; bytes: number }[] = [];
    const offsets = new Map<Tensor, number>();
    let total = 0;
    for (const iv of intervals) {
      const clashes = placed
        .filter((p) => p.start <= iv.stop && iv.start <= p.stop)
        .sort((a, b) => a.off - b.off);
      let off = 0;
      for (const p of clashes) {
        if (off + iv.bytes <= p.off) break;
        off = Math.max(off, p.off + p.bytes);
      }
      placed.push({ start: iv.start, stop: iv.stop, off, bytes: iv.bytes });
      offsets.set(iv.t, off);
      total = Math.max(total, off + iv.bytes);
    }
    this.arenaBytes = total;
    this.arenaPtr = malloc(Math.max(total, ALIGN));
    arenas.register(this, this.arenaPtr, this);
    for (const [t, off] of offsets) t.ptr = this.arenaPtr + off;
    for (const v of graph.values) {
      if (v.viewOf !== null) { const r = rootOf(v); v.ptr = r.ptr; }
    }
    this.thunks = this.nodes.filter((n) => !n.op.view).map((n) => n.op.kernel(n.inputs, n.outputs, n.attrs));
  }

  run(): void {
    const th = this.thunks;
    for (let i = 0; i < th.length; i++) th[i]();
  }

  /** Free the arena. The plan must not run afterwards. */
  dispose(): void {
    if (this.arenaPtr >= 0) { arenas.unregister(this); free(this.arenaPtr); }
    this.arenaPtr = -1;
    this.thunks = [];
    for (const v of this.graph.values) v.ptr = -1;
  }
}

/** Nodes needed for `outputs`, plus every effect node and what it needs, in order. */
function liveNodes(graph: Graph, outputs: Tensor[]): OpNode[] {
  const producer = new Map<Tensor, OpNode>();
  for (const n of graph.nodes) for (const o of n.outputs) producer.set(o, n);
  const needed = new Set<OpNode>();
  const stack: Tensor[] = [...outputs];
  for (const n of graph.nodes) if (n.op.effect) { needed.add(n); stack.push(...n.inputs); }
  while (stack.length) {
    const t = stack.pop()!;
    const n = producer.get(t);
    if (n === undefined || needed.has(n)) continue;
    needed.add(n);
    stack.push(...n.inputs);
  }
  return graph.nodes.filter((n) => needed.has(n));
}
