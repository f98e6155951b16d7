/**
 * The one-thread search loop: expand a state, fingerprint its successors, record parent links,
 * evaluate properties, push new states onto the frontier. BFS and DFS differ only in the
 * frontier they pass in. The bookkeeping it shares with the parallel search and random
 * simulation lives beside it: the model calls and their checks (`model-calls.ts`), the limits
 * (`stop-guard.ts`), the property checks (`property-checks.ts`) and the records
 * (`state-records.ts`).
 */
import type { Model, PartialOrderReduction, Property, WordStates } from '../model.ts';
import type { Limits, Progress, SymmetryFactor } from '../result.ts';
import { GrowableByteWriter } from '../byte-writer.ts';
import { ExplorerError } from '../errors.ts';
import { fingerprintWords, fingerprintWriter } from './fingerprint.ts';
import { stateEncoder } from './encoder.ts';
import type { Frontier } from './frontier.ts';
import { growableU16, growableU32, type Growable } from './growable.ts';
import { ModelCalls, type FaultPath } from './model-calls.ts';
import { estimateSymmetryFactor, OrbitReservoir } from './orbit-sample.ts';
import { PropertyChecks } from './property-checks.ts';
import { NO_PARENT, StateRecords } from './state-records.ts';
import { RecordedSearch } from './recorded-search.ts';
import { progressOf, StopGuard } from './stop-guard.ts';

export { NO_PARENT } from './state-records.ts';
export { stopText, type StopCause } from './stop-guard.ts';
export type { Finding } from './property-checks.ts';

/** A batch of work lasts about this long before the loop yields to the event loop. */
const BATCH_MS = 50;

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
  /** When the time limit starts counting (see `CheckOptions.timeOrigin`). */
  readonly timeOrigin?: number;
  /**
   * With symmetry on and a model with `symmetryOrbit`: sample this many visited states
   * (seeded) to estimate the symmetry factor. Absent or size 0: no sample.
   */
  readonly orbitSample?: { readonly size: number; readonly seed: number };
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
 *
 * A model function that throws (or returns the wrong shape) stops the search with a
 * `ModelFault` naming the function, the steps to the state it happened in, and the action or
 * property involved.
 */
export class Search<S, A> extends RecordedSearch<S> {
  readonly records: StateRecords;
  readonly guard: StopGuard;
  readonly checks: PropertyChecks<S>;
  /** With `recordEdges`: each state's slot in the table (kept current across growths). */
  readonly slotById = growableU32();
  readonly edgeStart = growableU32();
  readonly edgeCount = growableU32();
  /** Per edge: its target's slot during the search; its target's id after `resolveEdges()`. */
  readonly edgeTarget = growableU32();
  /** Per edge: 0 when its action is not fair, else 1 + the index of its key in `fairnessKeys`. */
  readonly edgeFairness = growableU16();
  readonly fairnessKeys: string[] = [];

  transitions = 0;
  /** With partial-order reduction: states expanded by their ample action alone. */
  reducedStates = 0;

  private readonly setup: SearchSetup<S, A>;
  private readonly calls: ModelCalls<S, A>;
  // Read for every transition or new state: kept as fields rather than looked up in `setup`.
  private readonly frontier: Frontier<S>;
  private readonly recordEdges: boolean;
  private readonly writer = new GrowableByteWriter();
  private readonly fp = new Int32Array(2);
  private readonly fairnessIndex = new Map<string, number>();
  /** After `resolveEdges()`: the id of the state in each table slot (-1 for none). */
  private slotToId: Int32Array | null = null;
  /** A uniform sample of the visited states, for the symmetry factor; null when not asked for. */
  private readonly reservoir: OrbitReservoir<S> | null;
  /** The model's word states, when its identity words are fingerprinted as they are (symmetry off). */
  private readonly directWords: WordStates<S, A> | null;
  /** Whether successors are built transient (the model builds them in a reused buffer, the frontier copies them). */
  private readonly transient: boolean;
  private readonly words: WordStates<S, A> | undefined;
  private persistBuffer = new Int32Array(256);
  private factor: SymmetryFactor | undefined | null = null;

  constructor(setup: SearchSetup<S, A>) {
    super();
    this.setup = setup;
    this.calls = new ModelCalls(setup.model, stateEncoder(setup.model, setup.canonicalize));
    this.frontier = setup.frontier;
    this.recordEdges = setup.recordEdges;
    // A reduced state records one edge, not its whole fan-out: the liveness graph would be wrong.
    if (setup.reduction !== null && setup.recordEdges) {
      throw new ExplorerError('EXP_INTERNAL', 'partial-order reduction cannot run with the edges kept for liveness');
    }
    this.guard = new StopGuard(setup.limits, setup.shouldStop, setup.timeOrigin);
    this.records = new StateRecords(this.guard, { depthTags: setup.reduction?.proviso === 'depth', maxStates: setup.limits.maxStates });
    if (setup.recordEdges) this.records.table.onGrow = (moved) => { this.remapSlots(moved); };
    this.checks = new PropertyChecks(this.calls as ModelCalls<S, unknown>, setup);
    const sample = setup.orbitSample;
    const sampled = setup.canonicalize !== null && setup.model.symmetryOrbit !== undefined && sample !== undefined && sample.size > 0;
    this.reservoir = sampled ? new OrbitReservoir<S>(sample.size, sample.seed) : null;
    this.words = setup.model.words;
    this.directWords = this.words !== undefined && setup.canonicalize === null ? this.words : null;
    this.transient = this.words?.nextTransient !== undefined && setup.frontier.copiesStates === true;
  }

  /**
   * The symmetry factor estimated from the sample of visited states (computed on first read,
   * after the search), or undefined when no sample was taken. An interrupted search skips
   * the estimate: its orbit work can take a second, and the user asked to stop.
   */
  get symmetryFactor(): SymmetryFactor | undefined {
    if (this.factor === null) {
      const table = this.records.table;
      try {
        this.factor =
          this.reservoir === null || this.guard.cause === 'interrupted'
            ? undefined
            : estimateSymmetryFactor(this.setup.model, this.reservoir, {
                fingerprint: (state, out) => { this.fingerprint(state, out); },
                visited: (hi, lo) => table.has(hi, lo),
              });
      } catch (error) {
        this.calls.call = 'orbit';
        throw this.calls.fault(error, null);
      }
    }
    return this.factor;
  }

  get livenessBits(): readonly Growable<Uint8Array>[] {
    return this.checks.livenessBits;
  }

  /**
   * Turn the edges' target slots into state ids. Call once, after an exhaustive search with
   * `recordEdges` (every slot then belongs to a recorded state).
   */
  resolveEdges(): void {
    if (this.slotToId !== null) return;
    const slotToId = new Int32Array(this.records.table.slotCount).fill(-1);
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
    const slot = this.records.table.slotOf(fp[0], fp[1]);
    if (slot < 0) return -1;
    return this.slotToId === null ? 0 : this.slotToId[slot];
  }

  /** Whether `visitedId` names exact ids (edges were recorded and resolved). */
  get exactIds(): boolean {
    return this.slotToId !== null;
  }

  /** Fingerprint `state` (its canonical representative) into `out[0]` (hi) and `out[1]` (lo). */
  fingerprint(state: S, out: Int32Array): void {
    const words = this.directWords;
    if (words !== null) {
      // The identity words are what `encode` would write: hash them where they are.
      this.calls.call = 'encode';
      fingerprintWords(words.words(state), 0, words.identity(state), out);
      return;
    }
    const writer = this.writer;
    writer.reset();
    this.calls.encode(state, writer);
    fingerprintWriter(writer, out);
  }

  /** A state that may be kept, for a transient one (its words copied out and read back). */
  private persist(state: S): S {
    const words = this.words as WordStates<S, A>;
    const size = words.size(state);
    if (this.persistBuffer.length < size) this.persistBuffer = new Int32Array(2 * size);
    const source = words.words(state);
    for (let i = 0; i < size; i++) this.persistBuffer[i] = source[i];
    return words.read(this.persistBuffer, 0, size);
  }

  /** Explore until the frontier is empty or a limit stops the search. */
  async run(): Promise<void> {
    const { frontier, guard } = this;
    const maxDepth = this.setup.limits.maxDepth ?? Infinity;
    guard.start();
    // Where the model is being called, for the fault a throw becomes: the state being
    // expanded (-1 while the initial states are recorded: `init` is then the one being
    // recorded) and, in `expanding`, the action being taken.
    let at = -1;
    let init = -1;
    try {
      const inits = this.calls.initialStates();
      for (init = 0; init < inits.length && !guard.stopped; init++) this.discover(inits[init], NO_PARENT, init, 0);
      while (!guard.stopped && frontier.size > 0) {
        const batchEnd = performance.now() + BATCH_MS;
        let expanded = 0;
        while (!guard.stopped && frontier.pop()) {
          const state = frontier.state as S;
          at = frontier.id;
          this.expanding = -1;
          const depth = frontier.depth;
          frontier.state = undefined;
          if (depth >= maxDepth) {
            if (this.calls.actions(state).length > 0) this.depthCut = true;
            if (this.recordEdges) this.markUnexpanded(at);
          } else {
            this.expand(state, at, depth);
          }
          if ((++expanded & 63) === 0 && performance.now() >= batchEnd) break;
        }
        // Limits matter only while there is work left: an emptied frontier is exhaustive.
        if (frontier.size > 0) guard.poll();
        else guard.tick();
        if (this.setup.onProgress !== undefined && guard.progressDue()) this.setup.onProgress(this.progress());
        if (!guard.stopped && frontier.size > 0) {
          // A macrotask, not a microtask: signal handlers and timers get to run between batches.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    } catch (error) {
      throw at < 0 ? this.initFault(error, init) : this.expansionFault(error, at, this.expanding);
    }
    guard.tick();
    this.setup.onProgress?.(this.progress());
  }

  /** A snapshot for progress reports. */
  progress(): Progress {
    return progressOf(this.states, this.transitions, this.records.maxDepth, this.frontier.size, this.guard.seconds);
  }

  /** The index of the action being taken while `expand` runs (-1 before the first); read when a model call throws. */
  private expanding = -1;

  /** The fault for a model call that threw while recording initial state `init` (or in `init()` itself). */
  private initFault(error: unknown, init: number): unknown {
    const calls = this.calls;
    return calls.fault(error, calls.call === 'init' ? null : { initIndex: init, actionIndices: [] }, this.faultProperty());
  }

  /**
   * The fault for a model call that threw while expanding state `at`, taking its action `k`
   * (-1: before any). A call made on the state itself (its actions, a successor, the ample
   * choice, a fairness key) is located at the state, with the action; a call made on the
   * successor (its encoding, a property) at the successor: the path to `at`, then `k`.
   */
  private expansionFault(error: unknown, at: number, k: number): unknown {
    const calls = this.calls;
    const path = this.records.pathTo(at);
    const onSuccessor = (calls.call === 'encode' || calls.call === 'property' || calls.call === 'symmetry') && k >= 0;
    const site: FaultPath = onSuccessor ? { initIndex: path.initIndex, actionIndices: [...path.actionIndices, k] } : path;
    const withAction = !onSuccessor && k >= 0 && (calls.call === 'next' || calls.call === 'fairness');
    return calls.fault(error, site, { ...(withAction ? { actionIndex: k } : {}), ...this.faultProperty() });
  }

  private faultProperty(): { property?: string } {
    const calls = this.calls;
    const property = calls.call === 'property' ? this.checks.nameAt(calls.property) : undefined;
    return property === undefined ? {} : { property };
  }

  private expand(state: S, id: number, depth: number): void {
    const calls = this.calls;
    const recordEdges = this.recordEdges;
    const actions = calls.actions(state);
    const count = actions.length;
    if (recordEdges) {
      this.ensureEdgeSlots(id);
      this.edgeStart.data[id] = this.edgeTarget.length;
      this.edgeCount.data[id] = count;
    }
    if (this.setup.reduction !== null && this.expandReduced(state, actions, id, depth)) return;
    const fairness = recordEdges ? this.setup.model.fairness : undefined;
    for (let k = 0; k < count; k++) {
      this.expanding = k;
      const action = actions[k];
      const successor = this.transient ? calls.nextTransient(state, action) : calls.next(state, action);
      this.transitions++;
      const target = this.discover(successor, id, k, depth + 1);
      if (this.guard.stopped) return;
      if (recordEdges) {
        this.edgeTarget.push(target);
        calls.call = 'fairness';
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
    this.calls.call = 'reduction';
    const k = reduction.ample(state, actions);
    if (k < 0) return false;
    if (!Number.isInteger(k) || k >= actions.length) {
      throw new ExplorerError('EXP_BAD_MODEL', `the reduction named action ${k} of ${actions.length}`);
    }
    this.expanding = k;
    const successor = this.transient ? this.calls.nextTransient(state, actions[k]) : this.calls.next(state, actions[k]);
    const fp = this.fp;
    this.fingerprint(successor, fp);
    if (!this.records.amplePasses(fp[0], fp[1], depth, proviso)) return false;
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
    const records = this.records;
    const id = records.record(fp[0], fp[1], parent, via, depth);
    if (id < 0) return this.guard.cause === null ? records.table.lastSlot : -1;
    const slot = records.table.lastSlot;
    if (this.recordEdges) this.slotById.push(slot);
    if (this.checks.evaluate(state, id, fp[0], fp[1])) this.guard.stop('decided');
    if (this.reservoir !== null) this.reservoir.offer(this.transient ? this.persist(state) : state);
    this.frontier.push(state, id, depth);
    return slot;
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
}
