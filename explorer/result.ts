/**
 * What a search is asked to do and what it answers. The CLI, the reports and the tests code
 * against these types; `explorer/check.ts` produces them.
 */

/** How the frontier is ordered. */
export type Strategy = 'bfs' | 'dfs' | 'random';

/** Limits that cut a search short; any of them makes an unfinished search `inconclusive`. */
export interface Limits {
  /** Stop after this many distinct states. */
  readonly maxStates?: number;
  /** Do not expand states deeper than this many steps from an initial state. */
  readonly maxDepth?: number;
  /** Stop after this many seconds. */
  readonly timeoutSeconds?: number;
  /**
   * Stop once the heap plus array buffers of the search's threads exceed this many bytes.
   * Whatever it says, a search also stops when its thread's heap reaches 90% of V8's heap
   * limit (past the limit V8 would abort the process with no report).
   */
  readonly maxMemoryBytes?: number;
}

/** A snapshot of a running search, for progress bars. */
export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly queue: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
}

/** Options of one search. */
export interface CheckOptions {
  /** Names of the properties to check; default: all of the model's properties. */
  readonly properties?: readonly string[];
  readonly strategy?: Strategy;
  /** Canonicalize states with the model's `symmetry` function. Default: on when the model has one. */
  readonly symmetry?: boolean;
  /**
   * Partial-order reduction with the model's `reduction`. Default: on when the model has one,
   * the strategy is BFS or DFS, every checked property is an invariant the reduction
   * preserves, and no depth bound is set (a reduced path can be longer than the shortest).
   * Asking for it where it does not apply is an error.
   */
  readonly reduction?: boolean;
  readonly limits?: Limits;
  /**
   * Deadlock checking: a reachable state in which no action is enabled violates the built-in
   * invariant `deadlock-free`, checked beside the selected properties (TLC checks this by
   * default). Default: off.
   */
  readonly deadlock?: boolean;
  /**
   * With symmetry on and a model with `symmetryOrbit`: how many visited states the estimate
   * of `Stats.symmetryFactor` samples (default 0: no estimate, which costs nothing; the CLI
   * asks for 1000 with `--json` or `--stats`). A search that visits no more states than this
   * samples all of them, and the factor is exact.
   */
  readonly symmetrySample?: number;
  /** Seed for random simulation. */
  readonly seed?: number;
  /** Called now and then (about every 100 ms of work) with the search's progress. */
  readonly onProgress?: (progress: Progress) => void;
  /** Polled between batches of states; when it returns true the search stops as `inconclusive`. */
  readonly shouldStop?: () => boolean;
  /**
   * When `limits.timeoutSeconds` starts counting, as a `Date.now()` time (default: when the
   * search starts). A caller that spent part of its time budget before the search (loading a
   * spec module) passes when it started, so the whole check keeps to the limit.
   */
  readonly timeOrigin?: number;
}

/** The answer for one property. */
export type Verdict = 'holds' | 'violated' | 'inconclusive';

/** Statistics of a search. */
export interface Stats {
  /** Distinct states (after symmetry reduction, when on). */
  readonly states: number;
  /** Transitions taken (edges explored, including those to known states). */
  readonly transitions: number;
  /** The deepest level reached (BFS) or the longest path from an initial state (DFS). */
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  /** Peak heap plus array-buffer bytes seen during the search. */
  readonly peakMemoryBytes: number;
  /** Bytes of the visited set (fingerprint table) per distinct state. */
  readonly bytesPerState: number;
  /** With partial-order reduction: the states expanded by one action instead of all. */
  readonly reducedStates?: number;
  /**
   * With symmetry on and a model with `symmetryOrbit`: the reduction factor, states with
   * symmetry off / states with symmetry on, estimated from a uniform sample of the visited
   * states without a second search (see {@link SymmetryFactor}).
   */
  readonly symmetryFactor?: SymmetryFactor;
}

/**
 * An estimate of a search's symmetry reduction factor (states with symmetry off / on), with
 * a 95% confidence interval. `exact` when every visited state was sampled: then
 * `low === estimate === high`, and with partial-order reduction off it is the ratio of the
 * state counts of the two searches. (With it on, the states off are those of the orbits the
 * reduced search visited.)
 */
export interface SymmetryFactor {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  /** Visited states whose orbits were measured. */
  readonly sampled: number;
  readonly exact: boolean;
}

/** A trace: the states visited and the actions between them. `states.length === actions.length + 1`. */
export interface Trace<S, A> {
  readonly states: readonly S[];
  readonly actions: readonly A[];
  /** The index of each action among those enabled in the state it was taken from. */
  readonly actionIndices: readonly number[];
  /**
   * For a lasso (liveness): the index in `states` where the cycle starts; the cycle runs from
   * there to the last state, and the last state's successor by the loop is `states[loopStart]`.
   * `undefined` for a finite trace (safety, or a liveness counterexample ending in a dead end).
   */
  readonly loopStart?: number;
  /**
   * For a lasso: the index, among the actions enabled in the last state, of the action that
   * closes the cycle back to `states[loopStart]` (the closing step is not in `actions`).
   */
  readonly loopActionIndex?: number;
}

/** The outcome of checking one property. */
export interface PropertyResult<S, A> {
  readonly property: string;
  readonly kind: 'always' | 'sometimes' | 'eventually' | 'always-eventually';
  readonly verdict: Verdict;
  /**
   * For `violated`: the counterexample (for `sometimes`, there is none: no witness exists).
   * For a `sometimes` that holds: the example that witnesses it. Otherwise null.
   */
  readonly trace: Trace<S, A> | null;
  /** Why a verdict is `inconclusive` (e.g. "state limit 10000 reached", "liveness is unknown with symmetry on"). */
  readonly reason?: string;
}

/** The outcome of a search. */
export interface CheckResult<S, A> {
  /** The overall verdict: violated if any property is, else inconclusive if any is, else holds. */
  readonly verdict: Verdict;
  readonly results: readonly PropertyResult<S, A>[];
  readonly stats: Stats;
  /** Whether every reachable state within the stated bounds was visited. */
  readonly exhaustive: boolean;
  /** What was covered, in words, when the search was cut short (a limit, an interrupt). */
  readonly coverage?: string;
  /**
   * For `holds`: an estimate of the probability that a fingerprint collision hid a state,
   * as TLC reports it (states^2 / 2^65 for 64-bit fingerprints, "optimistic").
   */
  readonly collisionProbability: number;
  /** The strategy used, and whether symmetry and partial-order reduction were on. */
  readonly strategy: Strategy;
  readonly symmetry: boolean;
  readonly reduction: boolean;
}
