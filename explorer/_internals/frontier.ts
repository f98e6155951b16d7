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

const INITIAL_CAPACITY = 1024;

/**
 * First in, first out: breadth-first search, so the first path found to a state is a shortest
 * one. A ring buffer over a power-of-two capacity: pushing and popping move an index, nothing
 * is shifted or copied until the ring is full and doubles.
 */
export class BfsQueue<S> implements Frontier<S> {
  private states: (S | undefined)[] = new Array<S | undefined>(INITIAL_CAPACITY).fill(undefined);
  private ids = new Uint32Array(INITIAL_CAPACITY);
  private depths = new Uint32Array(INITIAL_CAPACITY);
  private mask = INITIAL_CAPACITY - 1;
  private head = 0;
  private count = 0;
  state: S | undefined = undefined;
  id = 0;
  depth = 0;

  get size(): number {
    return this.count;
  }

  push(state: S, id: number, depth: number): void {
    if (this.count > this.mask) this.double();
    const at = (this.head + this.count) & this.mask;
    this.states[at] = state;
    this.ids[at] = id;
    this.depths[at] = depth;
    this.count++;
  }

  pop(): boolean {
    if (this.count === 0) return false;
    const at = this.head;
    this.state = this.states[at];
    // Release the popped state so the queue holds only what is still waiting.
    this.states[at] = undefined;
    this.id = this.ids[at];
    this.depth = this.depths[at];
    this.head = (at + 1) & this.mask;
    this.count--;
    return true;
  }

  private double(): void {
    const capacity = (this.mask + 1) * 2;
    const states = new Array<S | undefined>(capacity).fill(undefined);
    const ids = new Uint32Array(capacity);
    const depths = new Uint32Array(capacity);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & this.mask;
      states[i] = this.states[from];
      ids[i] = this.ids[from];
      depths[i] = this.depths[from];
    }
    this.states = states;
    this.ids = ids;
    this.depths = depths;
    this.mask = capacity - 1;
    this.head = 0;
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
