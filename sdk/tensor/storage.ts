// Where a tensor's bytes live, and how eager memory stays bounded without dispose().
//
// A buffer (Storage, shared by a tensor and its views) lives in the wasm heap while it is in
// use. The JS collector cannot feel wasm memory, and in a synchronous loop no finalizer can run,
// so a budget does the feeling: at the start of an eager op, if the buffers that nobody disposed
// hold more than the budget, they "spill": their bytes move into JS-owned ArrayBuffers and their
// wasm blocks are freed. The collector sees those ArrayBuffers and reclaims the unreachable ones
// on its own, mid-loop too. A spilled buffer that is used again comes back into the heap (a fresh
// block) the moment a kernel reads its pointer. Buffers that outlived an earlier spill and were
// read since the last one stay (data in use, such as a training set, is not copied back and
// forth); the next budget is twice what stayed. Buffers are still freed at once by
// dispose()/tidy(), and by a FinalizationRegistry when the program yields.
//
// Pinned buffers never move: variables, plan constants and plan buffers, whose pointers plans
// keep. They are freed by dispose() or by the finalizer.
import { free, heapStats, heapU8, malloc } from '../engine/memory.js';
import { StateError } from '../errors.js';

/** The wasm block of a buffer, or its spilled copy. The finalizer's held value. */
class Block {
  /** The bytes while spilled (ptr is -1 then). */
  host: Uint8Array | null = null;
  /** The spill period in which it was made, and the last one in which a kernel read it. */
  readonly born = period;
  used = period;
  constructor(public ptr: number, readonly bytes: number) {}
}

/** One buffer, shared by a tensor and its views. */
export class Storage {
  /** Tensors holding it that were not disposed (a dropped view never comes back to say so). */
  refs = 0;
  constructor(readonly block: Block, public pinned: boolean) {}
  get bytes(): number { return this.block.bytes; }
  get freed(): boolean { return this.block.ptr < 0 && this.block.host === null; }
}

/** Eager memory below this is never spilled. */
export const SPILL_MIN_BYTES = 32 * 1024 * 1024;

/** Counts the moments the budget was passed; blocks remember the last one they were used in. */
let period = 0;
/** Unpinned blocks in the heap, and their bytes. */
const residents = new Set<Block>();
let residentBytes = 0;
let spillAt = SPILL_MIN_BYTES;
/** Buffers whose bytes are in the heap (registered with the finalizer). */
let heapBuffers = 0;
const counters = { spills: 0, spilledBytes: 0, restores: 0, restoredBytes: 0 };

// Target: the Storage (all views hold it). Held value and token: its Block, which does not
// point back. A spilled block is unregistered, so its JS copy is held by the Storage alone.
const registry = new FinalizationRegistry<Block>((b) => {
  if (b.ptr >= 0) {
    free(b.ptr);
    b.ptr = -1;
    if (residents.delete(b)) residentBytes -= b.bytes;
    heapBuffers--;
  }
});

function enterHeap(s: Storage, b: Block): void {
  registry.register(s, b, b);
  heapBuffers++;
  if (!s.pinned) { residents.add(b); residentBytes += b.bytes; }
}

/**
 * The JS collector counts ArrayBuffer bytes but not wasm heap bytes. After every NUDGE_EVERY
 * bytes of new buffers that were not freed since (dispose() and tidy() take theirs back off the
 * count: the collector has nothing to free for them), an ArrayBuffer of NUDGE_BYTES is made and
 * dropped at once: its pages are never touched (no resident memory), but the collector counts
 * them, so it runs every few tens of MiB of dropped buffers, and finalizers free the dropped
 * tensors and models. A 16 MiB one cost about a millisecond in Node, as much as an op over a
 * million floats; a 64 MiB one, past the 32 MiB above which glibc always maps fresh pages, a
 * third of that. And a loop that frees what it makes never pays it.
 */
const NUDGE_EVERY = 16 * 1024 * 1024;
const NUDGE_BYTES = 64 * 1024 * 1024;
let sinceNudge = 0;

/** A fresh zeroed buffer of `bytes` in the heap. */
export function newStorage(bytes: number, pinned = false): Storage {
  const s = new Storage(new Block(malloc(bytes), bytes), pinned);
  enterHeap(s, s.block);
  if ((sinceNudge += bytes) >= NUDGE_EVERY) { sinceNudge = 0; void new ArrayBuffer(NUDGE_BYTES); }
  return s;
}

/** A buffer over bytes owned by someone else (a plan buffer): pinned, never freed here. */
export function borrowedStorage(ptr: number, bytes: number): Storage {
  const s = new Storage(new Block(ptr, bytes), true);
  s.refs = 1; // the extra reference keeps release() from freeing
  return s;
}

/** The buffer's pointer, bringing its bytes back into the heap first if they were spilled. */
export function residentPtr(s: Storage): number {
  const b = s.block;
  b.used = period;
  if (b.ptr >= 0) return b.ptr;
  if (b.host === null) throw new StateError('A tensor buffer was used after it was freed (this is a bug: please report it).');
  b.ptr = malloc(b.bytes, false);
  heapU8().set(b.host, b.ptr);
  b.host = null;
  enterHeap(s, b);
  counters.restores++;
  counters.restoredBytes += b.bytes;
  return b.ptr;
}

/** The spilled bytes, or null while the buffer is in the heap (reads need not bring it back). */
export function spilledBytes(s: Storage): Uint8Array | null {
  return s.block.host;
}

/** Never move this buffer again (plans will keep its pointer). */
export function pin(s: Storage): void {
  if (s.pinned) return;
  residentPtr(s);
  if (residents.delete(s.block)) residentBytes -= s.block.bytes;
  s.pinned = true;
}

/** Drop one holder; the last one frees the buffer now. */
export function release(s: Storage): void {
  if (--s.refs !== 0) return;
  const b = s.block;
  if (b.ptr >= 0) {
    sinceNudge = Math.max(0, sinceNudge - b.bytes);
    registry.unregister(b);
    free(b.ptr);
    b.ptr = -1;
    if (residents.delete(b)) residentBytes -= b.bytes;
    heapBuffers--;
  }
  b.host = null;
}

/**
 * A safe point: called where no kernel pointer is held (the start of an eager op or of a
 * creation function). Past the budget, spills the unpinned buffers but the long-lived ones in use.
 */
export function maybeSpill(): void {
  if (residentBytes > spillAt) spill(false);
}

/**
 * Move unpinned buffers out of the heap: all of them (`all`, for tests and benchmarks), or all
 * but those made before the previous spill and read since. The next budget is twice what stayed.
 */
export function spill(all = true): void {
  const h = heapU8(); // free() never grows memory, so this view stays valid
  let moved = 0;
  for (const b of residents) {
    if (!all && b.used === period && b.born < period) continue;
    b.host = h.slice(b.ptr, b.ptr + b.bytes);
    registry.unregister(b);
    free(b.ptr);
    b.ptr = -1;
    heapBuffers--;
    residents.delete(b);
    moved += b.bytes;
  }
  residentBytes -= moved;
  counters.spills++;
  counters.spilledBytes += moved;
  spillAt = Math.max(SPILL_MIN_BYTES, 2 * residentBytes);
  period++;
}

export interface StorageStats {
  /** Buffers in the wasm heap, and how many of them may spill. */
  heapBuffers: number; spillableBuffers: number; spillableBytes: number;
  /** The budget that triggers the next spill. */
  spillAtBytes: number;
  spills: number; spilledBytes: number; restores: number; restoredBytes: number;
}

export function storageStats(): StorageStats {
  return { heapBuffers, spillableBuffers: residents.size, spillableBytes: residentBytes, spillAtBytes: spillAt, ...counters };
}

/** For tests and benchmarks (nm.internal.storage). */
export const storageInternals = {
  /** Spill every unpinned buffer now. */
  spill: (): void => spill(true),
  stats: storageStats,
  heap: heapStats,
  /** Keep a tensor's bytes in place (as variables' are). */
  pin: (t: { storage: Storage | null }): void => { if (t.storage) pin(t.storage); },
};
