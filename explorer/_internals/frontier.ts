/**
 * The pluggable frontier of the one search loop: which discovered state is expanded next.
 */
import type { WordStates } from '../model.ts';
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
  /** True when `push` copies the state's words at once, so a transient state (see `WordStates.nextTransient`) may be pushed. */
  readonly copiesStates?: boolean;
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

/**
 * The words of waiting states, in one growable typed array: appended at the end, taken from
 * either end (a queue takes the oldest, a stack the newest). A state pushed is copied here at
 * once, so a state the model will overwrite (a transient successor) can be pushed.
 */
class WordStore<S> {
  private words = new Int32Array(1 << 14);
  /** Words in use: `[head, tail)`. */
  private head = 0;
  private tail = 0;
  private readonly codec: WordStates<S, unknown>;
  /** After `append`: how many words the state took. */
  lastSize = 0;
  /** After `append`: how far every earlier start moved down (words are compacted to make room). */
  moved = 0;

  constructor(codec: WordStates<S, unknown>) {
    this.codec = codec;
  }

  /** Appends `state`'s words; returns where they start. */
  append(state: S): number {
    const codec = this.codec;
    const size = codec.size(state);
    this.moved = 0;
    if (this.tail + size > this.words.length) this.makeRoom(size);
    const source = codec.words(state);
    const words = this.words;
    const at = this.tail;
    for (let i = 0; i < size; i++) words[at + i] = source[i];
    this.tail = at + size;
    this.lastSize = size;
    return at;
  }

  /** The state whose `size` words start at `at`. */
  read(at: number, size: number): S {
    return this.codec.read(this.words, at, size);
  }

  /** Forgets the words before `at` (a queue's taken states). */
  dropBefore(at: number): void {
    this.head = at;
    if (this.head === this.tail) this.head = this.tail = 0;
  }

  /** Forgets the words from `at` on (a stack's taken state). */
  dropFrom(at: number): void {
    this.tail = at;
  }

  private makeRoom(extra: number): void {
    const live = this.tail - this.head;
    let capacity = this.words.length;
    while (live + extra > capacity >> 1) capacity *= 2;
    if (capacity === this.words.length) {
      this.words.copyWithin(0, this.head, this.tail);
    } else {
      const words = new Int32Array(capacity);
      words.set(this.words.subarray(this.head, this.tail));
      this.words = words;
    }
    this.moved = this.head;
    this.head = 0;
    this.tail = live;
  }
}

/** Breadth-first, with the waiting states kept as words (see {@link WordStates}): a ring of entries over a {@link WordStore}. */
export class BfsWordQueue<S> implements Frontier<S> {
  readonly copiesStates = true;
  private readonly store: WordStore<S>;
  private starts = new Int32Array(1024);
  private sizes = new Int32Array(1024);
  private ids = new Uint32Array(1024);
  private depths = new Uint32Array(1024);
  private mask = 1023;
  private head = 0;
  private count = 0;
  state: S | undefined = undefined;
  id = 0;
  depth = 0;

  constructor(codec: WordStates<S, unknown>) {
    this.store = new WordStore(codec);
  }

  get size(): number {
    return this.count;
  }

  push(state: S, id: number, depth: number): void {
    if (this.count > this.mask) this.double();
    const store = this.store;
    const start = store.append(state);
    if (store.moved !== 0) for (let i = 0; i < this.count; i++) this.starts[(this.head + i) & this.mask] -= store.moved;
    const at = (this.head + this.count) & this.mask;
    this.starts[at] = start;
    this.sizes[at] = store.lastSize;
    this.ids[at] = id;
    this.depths[at] = depth;
    this.count++;
  }

  pop(): boolean {
    if (this.count === 0) return false;
    const at = this.head;
    const start = this.starts[at];
    const size = this.sizes[at];
    this.state = this.store.read(start, size);
    this.store.dropBefore(start + size);
    this.id = this.ids[at];
    this.depth = this.depths[at];
    this.head = (at + 1) & this.mask;
    this.count--;
    return true;
  }

  private double(): void {
    const capacity = (this.mask + 1) * 2;
    const starts = new Int32Array(capacity);
    const sizes = new Int32Array(capacity);
    const ids = new Uint32Array(capacity);
    const depths = new Uint32Array(capacity);
    for (let i = 0; i < this.count; i++) {
      const from = (this.head + i) & this.mask;
      starts[i] = this.starts[from];
      sizes[i] = this.sizes[from];
      ids[i] = this.ids[from];
      depths[i] = this.depths[from];
    }
    this.starts = starts;
    this.sizes = sizes;
    this.ids = ids;
    this.depths = depths;
    this.mask = capacity - 1;
    this.head = 0;
  }
}

/** Depth-first, with the waiting states kept as words (see {@link WordStates}): a stack of entries over a {@link WordStore}. */
export class DfsWordStack<S> implements Frontier<S> {
  readonly copiesStates = true;
  private readonly store: WordStore<S>;
  private starts = new Int32Array(1024);
  private sizes = new Int32Array(1024);
  private ids = new Uint32Array(1024);
  private depths = new Uint32Array(1024);
  private top = 0;
  state: S | undefined = undefined;
  id = 0;
  depth = 0;

  constructor(codec: WordStates<S, unknown>) {
    this.store = new WordStore(codec);
  }

  get size(): number {
    return this.top;
  }

  push(state: S, id: number, depth: number): void {
    if (this.top === this.ids.length) this.grow();
    const store = this.store;
    this.starts[this.top] = store.append(state);
    this.sizes[this.top] = store.lastSize;
    this.ids[this.top] = id;
    this.depths[this.top] = depth;
    this.top++;
  }

  pop(): boolean {
    if (this.top === 0) return false;
    const at = --this.top;
    this.state = this.store.read(this.starts[at], this.sizes[at]);
    this.store.dropFrom(this.starts[at]);
    this.id = this.ids[at];
    this.depth = this.depths[at];
    return true;
  }

  private grow(): void {
    const capacity = Math.ceil(this.ids.length * 1.5);
    const grow = <T extends Int32Array | Uint32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.starts = grow(this.starts, new Int32Array(capacity));
    this.sizes = grow(this.sizes, new Int32Array(capacity));
    this.ids = grow(this.ids, new Uint32Array(capacity));
    this.depths = grow(this.depths, new Uint32Array(capacity));
  }
}

/** The frontier for `strategy`; with `words`, one that keeps waiting states as words. */
export function createFrontier<S>(strategy: Strategy, words?: WordStates<S, unknown>): Frontier<S> {
  switch (strategy) {
    case 'bfs':
      return words === undefined ? new BfsQueue<S>() : new BfsWordQueue<S>(words);
    case 'dfs':
      return words === undefined ? new DfsStack<S>() : new DfsWordStack<S>(words);
    case 'random':
      throw new ExplorerError('EXP_UNSUPPORTED', "strategy 'random' is not yet supported (use 'bfs' or 'dfs')");
  }
}
