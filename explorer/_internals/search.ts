/**
 * The one search loop: expand a state, fingerprint its successors, record parent links,
 * evaluate properties, push new states onto the frontier. BFS and DFS differ only in the
 * frontier they pass in.
 */
import type { Model, PartialOrderReduction, Property } from '../model.ts';
import type { Limits, Progress, SymmetryFactor } from '../result.ts';
import { GrowableByteWriter } from '../byte-writer.ts';
import { ExplorerError } from '../errors.ts';
import { FingerprintTable } from '../fingerprint-table.ts';
import { fingerprintWriter } from './fingerprint.ts';
import { stateEncoder, type StateEncoder } from './encoder.ts';
import type { Frontier } from './frontier.ts';
import { Growable, growableU16, growableU32, growableU8 } from './growable.ts';
import { estimateSymmetryFactor, OrbitReservoir } from './orbit-sample.ts';

/** Parent link of an initial state. */
export const NO_PARENT = 0xffffffff;
/** Most actions one state may enable: action indices are stored as 16-bit integers. */
const MAX_ACTIONS = 0xffff;
/** A batch of work lasts about this long before the loop yields to the event loop. */
const BATCH_MS = 50;
const PROGRESS_MS = 100;

/** Why a search ended before its frontier was empty. */
export type StopCause = 'state-limit' | 'time-limit' | 'memory-limit' | 'interrupted' | 'decided';

/** Why a search stopped, in the words coverage sentences and reasons use. */
export function stopText(cause: StopCause, limits: Limits = {}): string {
  switch (cause) {
    case 'state-limit':
      return `stopped by the state limit (${limits.maxStates})`;
    case 'time-limit':
      return `stopped by the time limit (${limits.timeoutSeconds} s)`;
    case 'memory-limit':
      return `stopped by the memory limit (${limits.maxMemoryBytes} bytes)`;
    case 'interrupted':
      return 'interrupted';
    case 'decided':
      return 'stopped early: every property was decided';
  }
}

/**
 * Depth tags are one byte (so the table grows by 1 byte per slot, not 2 or 4): depths from
 * this one on share the tag, and a reduced state that deep whose ample successor is known is
 * expanded fully.
 */
const MAX_DEPTH_TAG = 0xff;

/**
 * Partial-order reduction in a search: the model's ample sets, and the cycle proviso the
 * frontier allows. `depth` (BFS): a reduced state's ample successor must be new or strictly
 * deeper than the state, which the table's per-slot depth tags tell. `visited` (any order):
 * the ample successor must be new. Either way every cycle of the reduced graph has a fully
 * expanded state, so no action is put off forever.
 */
export interface SearchReduction<S, A> {
  readonly reduction: PartialOrderReduction<S, A>;
  readonly proviso: 'depth' | 'visited';
}

/** What one search is asked to do. */
export interface SearchSetup<S, A> {
  readonly model: Model<S, A>;
  readonly frontier: Frontier<S>;
  /** The canonicalizer when symmetry reduction is on. */
  readonly canonicalize: ((state: S) => S) | null;
  readonly limits: Limits;
  /** `always` properties, checked on every discovered state. */
  readonly invariants: readonly Property<S>[];
  /** `sometimes` properties, looking for a witness. */
  readonly witnesses: readonly Property<S>[];
  /** `eventually` and `always-eventually` properties, evaluated on every state for the graph analysis. */
  readonly liveness: readonly Property<S>[];
  /** Record the explored graph's edges (with fairness keys) for the liveness analysis. */
  readonly recordEdges: boolean;
  /** Partial-order reduction, or null for none. */
  readonly reduction: SearchReduction<S, A> | null;
  readonly onProgress?: (progress: Progress) => void;
  readonly shouldStop?: () => boolean;
  /**
   * With symmetry on and a model with `symmetryOrbit`: sample this many visited states
   * (seeded) to estimate the symmetry factor. Absent or size 0: no sample.
   */
  readonly orbitSample?: { readonly size: number; readonly seed: number };
}

/** A state found by a property during the search (a violation or a witness). */
export interface Finding {
  readonly id: number;
  readonly hi: number;
  readonly lo: number;
}

/**
 * One search's state and bookkeeping. `run()` explores; afterwards the fields describe what
 * was found. Per discovered state, in discovery order (its id): `parents`, `via` (the index
 * of the action that reached it; for an initial state, its index in `init()`), and with
 * `recordEdges` its out-edges as `edgeStart`/`edgeCount` into `edgeTarget`/`edgeFairness`.
 *
 * The visited table holds fingerprints only, so during the search an edge names its target
 * by the target's table slot (and each state's slot is kept in `slotById`); when the table
 * grows, both are remapped. Once the search is exhaustive, `resolveEdges()` turns the slots
 * into state ids, with one temporary slot-to-id array.
 */
export class Search<S, A> {
  readonly table: FingerprintTable;
  readonly parents = growableU32();
  readonly via = growableU16();
  /** Per liveness property, per state id: 1 when the property's predicate holds. */
  readonly livenessBits: Growable<Uint8Array>[];
  /** With `recordEdges`: each state's slot in the table (kept current across growths). */
  readonly slotById = growableU32();
  readonly edgeStart = growableU32();
  readonly edgeCount = growableU32();
  /** Per edge: its target's slot during the search; its target's id after `resolveEdges()`. */
  readonly edgeTarget = growableU32();
  /** Per edge: 0 when its action is not fair, else 1 + the index of its key in `fairnessKeys`. */
  readonly edgeFairness = growableU16();
  readonly fairnessKeys: string[] = [];
  /** Per invariant: the first violating state, or null. */
  readonly violations: (Finding | null)[];
  /** Per `sometimes` property: the first witness, or null. */
  readonly examples: (Finding | null)[];

  transitions = 0;
  maxDepth = 0;
  /** Some state at the depth bound had successors that were not explored. */
  depthCut = false;
  stopCause: StopCause | null = null;
  /** With partial-order reduction: states expanded by their ample action alone. */
  reducedStates = 0;
  seconds = 0;
  peakMemoryBytes = 0;

  private readonly setup: SearchSetup<S, A>;
  private readonly model: Model<S, A>;
  /** The bytes fingerprinted for a state (its canonical representative's with symmetry on). */
  private readonly encodeState: StateEncoder<S>;
  // Read for every transition or new state: kept as fields rather than looked up in `setup`.
  private readonly frontier: Frontier<S>;
  private readonly recordEdges: boolean;
  private readonly maxStates: number;
  private readonly invariants: readonly Property<S>[];
  private readonly witnesses: readonly Property<S>[];
  private readonly liveness: readonly Property<S>[];
  private readonly writer = new GrowableByteWriter();
  private readonly fp = new Int32Array(2);
  private readonly fairnessIndex = new Map<string, number>();
  private undecided: number;
  private startedAt = 0;
  /** After `resolveEdges()`: the id of the state in each table slot (-1 for none). */
  private slotToId: Int32Array | null = null;
  /** A uniform sample of the visited states, for the symmetry factor; null when not asked for. */
  private readonly reservoir: OrbitReservoir<S> | null;
  private factor: SymmetryFactor | undefined | null = null;

  constructor(setup: SearchSetup<S, A>) {
    this.setup = setup;
    this.model = setup.model;
    this.encodeState = stateEncoder(setup.model, setup.canonicalize);
    this.frontier = setup.frontier;
    this.recordEdges = setup.recordEdges;
    this.maxStates = setup.limits.maxStates ?? Infinity;
    this.invariants = setup.invariants;
    this.witnesses = setup.witnesses;
    this.liveness = setup.liveness;
    // A reduced state records one edge, not its whole fan-out: the liveness graph would be wrong.
    if (setup.reduction !== null && setup.recordEdges) {
      throw new ExplorerError('EXP_INTERNAL', 'partial-order reduction cannot run with the edges kept for liveness');
    }
    this.table = new FingerprintTable({ tags: setup.reduction?.proviso === 'depth' });
    if (setup.recordEdges) this.table.onGrow = (moved) => this.remapSlots(moved);
    this.livenessBits = setup.liveness.map(() => growableU8());
    this.violations = setup.invariants.map(() => null);
    this.examples = setup.witnesses.map(() => null);
    this.undecided = setup.invariants.length + setup.witnesses.length;
    const sample = setup.orbitSample;
    const sampled = setup.canonicalize !== null && setup.model.symmetryOrbit !== undefined && sample !== undefined && sample.size > 0;
    this.reservoir = sampled ? new OrbitReservoir<S>(sample.size, sample.seed) : null;
  }

  /**
   * The symmetry factor estimated from the sample of visited states (computed on first read,
   * after the search), or undefined when no sample was taken. An interrupted search skips
   * the estimate: its orbit work can take a second, and the user asked to stop.
   */
  get symmetryFactor(): SymmetryFactor | undefined {
    if (this.factor === null) {
      const table = this.table;
      this.factor =
        this.reservoir === null || this.stopCause === 'interrupted'
          ? undefined
          : estimateSymmetryFactor(this.model, this.reservoir, {
              fingerprint: (state, out) => this.fingerprint(state, out),
              visited: (hi, lo) => table.has(hi, lo),
            });
    }
    return this.factor;
  }

  /** Distinct states recorded. */
  get states(): number {
    return this.parents.length;
  }

  /** Whether the frontier was emptied with nothing cut off. */
  get exhaustive(): boolean {
    return this.stopCause === null && !this.depthCut;
  }

  /**
   * Turn the edges' target slots into state ids. Call once, after an exhaustive search with
   * `recordEdges` (every slot then belongs to a recorded state).
   */
  resolveEdges(): void {
    if (this.slotToId !== null) return;
    const slotToId = new Int32Array(this.table.slotCount).fill(-1);
    const slotById = this.slotById.data;
    for (let id = 0; id < this.slotById.length; id++) slotToId[slotById[id]] = id;
    const targets = this.edgeTarget.data;
    for (let e = 0; e < this.edgeTarget.length; e++) {
      const id = slotToId[targets[e]];
      if (id < 0) throw new ExplorerError('EXP_INTERNAL', 'an edge leads to a slot with no recorded state');
      targets[e] = id;
    }
    this.slotToId = slotToId;
  }

  /**
   * The id of a visited state: exact after `resolveEdges()`; otherwise only whether it was
   * visited (0 when it was, -1 when not).
   */
  visitedId(state: S): number {
    const fp = this.fp;
    this.fingerprint(state, fp);
    const slot = this.table.slotOf(fp[0], fp[1]);
    if (slot < 0) return -1;
    return this.slotToId === null ? 0 : this.slotToId[slot];
  }

  /** Whether `visitedId` names exact ids (edges were recorded and resolved). */
  get exactIds(): boolean {
    return this.slotToId !== null;
  }

  /** Fingerprint `state` (its canonical representative) into `out[0]` (hi) and `out[1]` (lo). */
  fingerprint(state: S, out: Int32Array): void {
    const writer = this.writer;
    writer.reset();
    this.encodeState(state, writer);
    fingerprintWriter(writer, out);
  }

  /** Explore until the frontier is empty or a limit stops the search. */
  async run(): Promise<void> {
    const { model, frontier, limits } = this.setup;
    this.startedAt = performance.now();
    let lastProgress = this.startedAt;
    this.sampleMemory();

    const inits = model.init();
    for (let i = 0; i < inits.length && this.stopCause === null; i++) {
      if (i > MAX_ACTIONS) throw new ExplorerError('EXP_BAD_MODEL', `more than ${MAX_ACTIONS} initial states`);
      this.discover(inits[i], NO_PARENT, i, 0);
    }

    const maxDepth = limits.maxDepth ?? Infinity;
    while (this.stopCause === null && frontier.size > 0) {
      const batchEnd = performance.now() + BATCH_MS;
      let expanded = 0;
      while (this.stopCause === null && frontier.pop()) {
        const state = frontier.state as S;
        const id = frontier.id;
        const depth = frontier.depth;
        frontier.state = undefined;
        if (depth >= maxDepth) {
          if (model.actions(state).length > 0) this.depthCut = true;
          if (this.setup.recordEdges) this.markUnexpanded(id);
        } else {
          this.expand(state, id, depth);
        }
        if ((++expanded & 63) === 0 && performance.now() >= batchEnd) break;
      }
      const now = performance.now();
      this.seconds = (now - this.startedAt) / 1000;
      this.sampleMemory();
      if (this.stopCause === null) this.checkLimits();
      if (this.setup.onProgress !== undefined && now - lastProgress >= PROGRESS_MS) {
        lastProgress = now;
        this.setup.onProgress(this.progress());
      }
      if (this.stopCause === null && frontier.size > 0) {
        // A macrotask, not a microtask: signal handlers and timers get to run between batches.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    this.seconds = (performance.now() - this.startedAt) / 1000;
    this.sampleMemory();
    this.setup.onProgress?.(this.progress());
  }

  /** A snapshot for progress reports. */
  progress(): Progress {
    const seconds = this.seconds;
    return {
      states: this.states,
      transitions: this.transitions,
      depth: this.maxDepth,
      queue: this.setup.frontier.size,
      seconds,
      statesPerSecond: seconds > 0 ? this.states / seconds : 0,
    };
  }

  private expand(state: S, id: number, depth: number): void {
    const model = this.model;
    const recordEdges = this.recordEdges;
    const actions = model.actions(state);
    const count = actions.length;
    if (count > MAX_ACTIONS) {
      throw new ExplorerError('EXP_BAD_MODEL', `a state enables ${count} actions (at most ${MAX_ACTIONS})`);
    }
    if (recordEdges) {
      this.ensureEdgeSlots(id);
      this.edgeStart.data[id] = this.edgeTarget.length;
      this.edgeCount.data[id] = count;
    }
    if (this.setup.reduction !== null && this.expandReduced(state, actions, id, depth)) return;
    const fairness = recordEdges ? model.fairness : undefined;
    for (let k = 0; k < count; k++) {
      const action = actions[k];
      const successor = model.next(state, action);
      this.transitions++;
      const target = this.discover(successor, id, k, depth + 1);
      if (this.stopCause !== null) return;
      if (recordEdges) {
        this.edgeTarget.push(target);
        this.edgeFairness.push(fairness === undefined ? 0 : this.fairnessCode(fairness(state, action)));
      }
    }
  }

  /**
   * Expand `state` by its ample action alone when the model names one and the proviso allows
   * it; false when the state must be expanded fully.
   */
  private expandReduced(state: S, actions: readonly A[], id: number, depth: number): boolean {
    const { reduction, proviso } = this.setup.reduction as SearchReduction<S, A>;
    const k = reduction.ample(state, actions);
    if (k < 0) return false;
    if (!Number.isInteger(k) || k >= actions.length) {
      throw new ExplorerError('EXP_BAD_MODEL', `the reduction named action ${k} of ${actions.length}`);
    }
    const successor = this.model.next(state, actions[k]);
    const fp = this.fp;
    this.fingerprint(successor, fp);
    const table = this.table;
    const slot = table.slotOf(fp[0], fp[1]);
    if (slot >= 0) {
      // A known successor: allowed only when it is strictly deeper (so no cycle closes here).
      if (proviso === 'visited' || depth + 1 >= MAX_DEPTH_TAG || (table.tags as Uint8Array)[slot] <= depth) return false;
    }
    this.transitions++;
    this.reducedStates++;
    this.discoverFingerprinted(successor, id, k, depth + 1);
    return true;
  }

  /**
   * Fingerprint `state`; if new, record it and its properties and push it. Returns its slot
   * in the table (-1 when the state limit stopped the search).
   */
  private discover(state: S, parent: number, via: number, depth: number): number {
    this.fingerprint(state, this.fp);
    return this.discoverFingerprinted(state, parent, via, depth);
  }

  /** {@link discover} for a state whose fingerprint is already in `fp`. */
  private discoverFingerprinted(state: S, parent: number, via: number, depth: number): number {
    const fp = this.fp;
    const table = this.table;
    if (!table.add(fp[0], fp[1])) return table.lastSlot;
    if (table.tags !== null) table.tags[table.lastSlot] = Math.min(depth, MAX_DEPTH_TAG);
    if (this.parents.length >= this.maxStates) {
      this.stopCause = 'state-limit';
      return -1;
    }
    const id = this.parents.length;
    const slot = table.lastSlot;
    this.parents.push(parent);
    this.via.push(via);
    if (this.recordEdges) this.slotById.push(slot);
    if (depth > this.maxDepth) this.maxDepth = depth;
    this.evaluate(state, id);
    if (this.reservoir !== null) this.reservoir.offer(state);
    this.frontier.push(state, id, depth);
    return slot;
  }

  private evaluate(state: S, id: number): void {
    const invariants = this.invariants;
    const witnesses = this.witnesses;
    const liveness = this.liveness;
    const fp = this.fp;
    for (let p = 0; p < invariants.length; p++) {
      if (this.violations[p] === null && !invariants[p].check(state)) {
        this.violations[p] = { id, hi: fp[0], lo: fp[1] };
        this.undecided--;
      }
    }
    for (let p = 0; p < witnesses.length; p++) {
      if (this.examples[p] === null && witnesses[p].check(state)) {
        this.examples[p] = { id, hi: fp[0], lo: fp[1] };
        this.undecided--;
      }
    }
    for (let p = 0; p < liveness.length; p++) {
      this.livenessBits[p].push(liveness[p].check(state) ? 1 : 0);
    }
    if (this.undecided === 0 && liveness.length === 0 && invariants.length + witnesses.length > 0) {
      this.stopCause = 'decided';
    }
  }

  private remapSlots(moved: Int32Array): void {
    for (const slots of [this.edgeTarget, this.slotById]) {
      const data = slots.data;
      for (let i = 0; i < slots.length; i++) data[i] = moved[data[i]];
    }
  }

  private fairnessCode(key: string | null): number {
    if (key === null) return 0;
    let code = this.fairnessIndex.get(key);
    if (code === undefined) {
      code = this.fairnessKeys.length + 1;
      if (code > 0xffff) throw new ExplorerError('EXP_BAD_MODEL', 'more than 65535 fairness keys');
      this.fairnessKeys.push(key);
      this.fairnessIndex.set(key, code);
    }
    return code;
  }

  private ensureEdgeSlots(id: number): void {
    if (this.edgeStart.length <= id) {
      this.edgeStart.reserve(id + 1);
      this.edgeCount.reserve(id + 1);
      this.edgeStart.length = id + 1;
      this.edgeCount.length = id + 1;
    }
  }

  private markUnexpanded(id: number): void {
    this.ensureEdgeSlots(id);
    this.edgeStart.data[id] = this.edgeTarget.length;
    this.edgeCount.data[id] = 0;
  }

  private checkLimits(): void {
    const { limits, shouldStop } = this.setup;
    if (limits.timeoutSeconds !== undefined && this.seconds >= limits.timeoutSeconds) {
      this.stopCause = 'time-limit';
    } else if (limits.maxMemoryBytes !== undefined && this.peakMemoryBytes > limits.maxMemoryBytes) {
      this.stopCause = 'memory-limit';
    } else if (shouldStop !== undefined && shouldStop()) {
      this.stopCause = 'interrupted';
    }
  }

  private sampleMemory(): void {
    const usage = process.memoryUsage();
    const bytes = usage.heapUsed + usage.arrayBuffers;
    if (bytes > this.peakMemoryBytes) this.peakMemoryBytes = bytes;
  }
}
