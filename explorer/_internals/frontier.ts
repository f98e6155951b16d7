/**
 * The pluggable frontier of the one search loop: which discovered state is expanded next.
 */
import type { Strategy } from '../result.ts';
import { ExplorerError } from '../errors.ts';

/**
 * The states waiting to be expanded. The loop pushes each newly discovered state with its
 * id and depth, and pops one at a time; `pop` leaves the entry in `state`, `id`, `depth`
 * rather than returning a tuple, so the hot loop allocates nothing.
 *
 * A random walk fits the same shape: its `pop` picks one entry, uniformly by a seeded
 * generator, among those pushed since the previous `pop`, and forgets the others (restarting
 * from the initial states when none were pushed).
 */
export interface Frontier<S> {
  /** Entries waiting. */
  readonly size: number;
  /** Add a discovered state. */
  push(state: S, id: number, depth: number): void;
  /** Take the next entry into `state`, `id`, `depth`; false when empty. */
  pop(): boolean;
  state: S | undefined;
  id: number;
  depth: number;
}

/** Below this many consumed entries a queue never compacts: copying would cost more than it frees. */
const COMPACT_MIN = 4096;

/** First in, first out: breadth-first search, so the first path found to a state is a shortest one. */
export class BfsQueue<S> implements Frontier<S> {
  private states: (S | undefined)[] = [];
  private ids = new Uint32Array(1024);
  private depths = new Uint32Array(1024);
  private head = 0;
  private tail = 0;
  state: S | undefined = undefined;
  id = 0;
  depth = 0;

  get size(): number {
    return this.tail - this.head;
  }

  push(state: S, id: number, depth: number): void {
    if (this.tail === this.ids.length) this.makeRoom();
    this.states[this.tail] = state;
    this.ids[this.tail] = id;
    this.depths[this.tail] = depth;
    this.tail++;
  }

  pop(): boolean {
    if (this.head === this.tail) return false;
    const at = this.head++;
    this.state = this.states[at];
    // Release the popped state so the queue holds only what is still waiting.
    this.states[at] = undefined;
    this.id = this.ids[at];
    this.depth = this.depths[at];
    return true;
  }

  private makeRoom(): void {
    const waiting = this.tail - this.head;
    if (this.head >= COMPACT_MIN && this.head * 2 >= this.tail) {
      // Slide the waiting entries to the front instead of growing: amortized O(1) per entry.
      this.states.copyWithin(0, this.head, this.tail);
      this.states.length = waiting;
      this.ids.copyWithin(0, this.head, this.tail);
      this.depths.copyWithin(0, this.head, this.tail);
    } else {
      const capacity = Math.ceil(this.ids.length * 1.5);
      const ids = new Uint32Array(capacity);
      ids.set(this.ids.subarray(this.head, this.tail));
      const depths = new Uint32Array(capacity);
      depths.set(this.depths.subarray(this.head, this.tail));
      if (this.head > 0) {
        this.states.copyWithin(0, this.head, this.tail);
        this.states.length = waiting;
      }
      this.ids = ids;
      this.depths = depths;
    }
    this.head = 0;
    this.tail = waiting;
  }
}

/** Last in, first out: depth-first search; holds only the pending siblings along one path. */
export class DfsStack<S> implements Frontier<S> {
  private states: (S | undefined)[] = [];
  private ids = new Uint32Array(1024);
  private depths = new Uint32Array(1024);
  private top = 0;
  state: S | undefined = undefined;
  id = 0;
  depth = 0;

  get size(): number {
    return this.top;
  }

  push(state: S, id: number, depth: number): void {
    if (this.top === this.ids.length) {
      const capacity = Math.ceil(this.ids.length * 1.5);
      const ids = new Uint32Array(capacity);
      ids.set(this.ids);
      const depths = new Uint32Array(capacity);
      depths.set(this.depths);
      this.ids = ids;
      this.depths = depths;
    }
    this.states[this.top] = state;
    this.ids[this.top] = id;
    this.depths[this.top] = depth;
    this.top++;
  }

  pop(): boolean {
    if (this.top === 0) return false;
    const at = --this.top;
    this.state = this.states[at];
    this.states[at] = undefined;
    this.id = this.ids[at];
    this.depth = this.depths[at];
    return true;
  }
}

/** The frontier for `strategy`. */
export function createFrontier<S>(strategy: Strategy): Frontier<S> {
  switch (strategy) {
    case 'bfs':
      return new BfsQueue<S>();
    case 'dfs':
      return new DfsStack<S>();
    case 'random':
      throw new ExplorerError('EXP_UNSUPPORTED', "strategy 'random' is not yet supported (use 'bfs' or 'dfs')");
  }
}
