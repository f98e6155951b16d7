/**
 * The contract between a specification and the engine. The explorer knows only this file's
 * types; it knows nothing about quorums. A user's own spec is just another `Model`.
 *
 * Habits this interface encodes (see Stateright's `Model`): a model is a plain value, every
 * function is pure, and `init` and `actions` return arrays in a deterministic order, so a
 * trace can be stored as action indices and replayed.
 */
import type { ChartMarks, LaneFinals, StepDescription } from './describe.ts';

/**
 * A growable byte buffer a model writes its canonical encoding into. One writer is reused
 * for every state the explorer visits, so `encode` allocates nothing. Every method refuses
 * (throws a RangeError naming the method and the value) what it cannot write exactly: a
 * value out of its range, a fraction, NaN. An encoding that silently truncated would give two
 * states the same bytes, and the search would merge them without a word.
 */
export interface ByteWriter {
  /** Append one byte: an integer in 0..255. */
  u8(value: number): void;
  /** Append an unsigned 16-bit integer: 0..65535. */
  u16(value: number): void;
  /** Append an unsigned 32-bit integer: 0..4294967295. */
  u32(value: number): void;
  /**
   * Append a 32-bit word: an integer in the int32 or uint32 range, written as its 32-bit
   * two's complement (so -1 and 2^32 - 1 write the same word). For models whose states are
   * already words, such as packed typed arrays.
   */
  i32(value: number): void;
  /** Append a safe integer (any sign) in a variable-length zig-zag form; small magnitudes take one byte. */
  varint(value: number): void;
}

/**
 * A property of the model, named, with its expectation.
 *
 * - `always`: a safety invariant; a reachable state where `check` is false is a counterexample.
 * - `sometimes`: a witness must exist; a reachable state where `check` is true is an example.
 *   Finding none in an exhaustive search is a violation.
 * - `eventually`: on every fair behaviour from an initial state, `check` becomes true at some
 *   point. A counterexample is a lasso (a path into a cycle, or to a dead end) along which it
 *   never holds.
 * - `always-eventually`: on every fair behaviour, `check` is true infinitely often (for a
 *   terminating behaviour: in its final state). Convergence is of this kind.
 */
export interface Property<S> {
  readonly name: string;
  readonly kind: 'always' | 'sometimes' | 'eventually' | 'always-eventually';
  /** One line that says what the property means, for reports and `--help`. */
  readonly description?: string;
  readonly check: (state: S) => boolean;
}

/**
 * A model checked by the explorer.
 *
 * @typeParam S - a state: an immutable value; `next` returns a new one.
 * @typeParam A - an action: a value naming one transition enabled in a state.
 */
export interface Model<S, A> {
  /** A short name, used in reports and ITF metadata. */
  readonly name: string;
  /** The initial states, in a deterministic order. */
  init(): readonly S[];
  /** The actions enabled in `state`, in a deterministic order (the same state gives the same list). */
  actions(state: S): readonly A[];
  /** The state after taking `action` in `state`. Pure: `state` is not changed. */
  next(state: S, action: A): S;
  /**
   * Optional: write the canonical encoding of `state`: equal states write equal bytes,
   * different states different bytes. The explorer fingerprints these bytes.
   *
   * Without it, the explorer derives an exact encoding from the state's structure (numbers,
   * strings, booleans, null, undefined, bigints, arrays, plain objects by sorted key, `Map`
   * and `Set` in a canonical order, typed arrays; see `StructuralEncoder`). A hand-written
   * encoder is the fast path for large searches: it knows which fields matter and their
   * ranges, and writes fewer bytes. It must never lose information (a value written with
   * `u8` that can exceed 255 merges different states and can turn a violation into a
   * false HOLDS).
   */
  encode?(state: S, out: ByteWriter): void;
  /** Named properties. A search checks the ones it is asked to (by default all). */
  readonly properties: readonly Property<S>[];
  /**
   * Optional symmetry reduction: a canonical representative of `state` under permutations of
   * interchangeable components (replicas, clients). Must satisfy: states that are permutations
   * of each other map to equal states, and every property gives the same answer on `state` and
   * on its representative. The explorer fingerprints the representative and expands the state
   * itself, so traces replay without any permutation bookkeeping.
   */
  readonly symmetry?: (state: S) => S;
  /**
   * Optional fast path for symmetry reduction: writes exactly the bytes
   * `encode(symmetry(state), out)` writes, without building the representative. With
   * symmetry on, the explorer fingerprints these bytes instead; a model that has `symmetry`
   * may leave this out (the explorer then encodes the representative). Expanding and traces
   * still use `state` itself.
   */
  readonly encodeCanonical?: (state: S, out: ByteWriter) => void;
  /**
   * Optional orbit of a state under the permutations `symmetry` quotients by: every state
   * obtained from `state` by such a permutation, `state` included; repeats allowed. With it,
   * a search with symmetry on estimates its reduction factor (states with symmetry off / on,
   * `Stats.symmetryFactor`) from a sample of the states it visited. It must name the same
   * group as `symmetry`: every member's representative is a member too.
   */
  readonly symmetryOrbit?: (state: S) => readonly S[];
  /**
   * Optional partial-order reduction: in states where one enabled action can stand for all
   * of them (see {@link PartialOrderReduction}), the explorer expands only that one.
   */
  readonly reduction?: PartialOrderReduction<S, A>;
  /**
   * Weak fairness for liveness properties: a key naming the fairness class of `action`, or
   * `null` when the action is not fair. A behaviour is fair when no key is enabled in every
   * state of its cycle without being taken in that cycle.
   */
  readonly fairness?: (state: S, action: A) => string | null;
  /** Optional hooks that turn states and actions into words and pictures. */
  readonly describe?: ModelDescription<S, A>;
  /**
   * Optional: the model's states are flat runs of 32-bit integers. The one-thread search then
   * fingerprints a state's identity words as they are (no `encode` call, when symmetry is off),
   * keeps the states waiting in its frontier as words in one typed array (no object per waiting
   * state for the garbage collector to trace), and, with `nextTransient`, builds successors that
   * turn out to be known without keeping them.
   */
  readonly words?: WordStates<S, A>;
}

/**
 * How a model's states are words (see {@link Model.words}). The model promises that `encode`
 * writes a state's first `identity(state)` words with `i32` and nothing else, so fingerprinting
 * the words themselves is fingerprinting `encode`'s bytes.
 */
export interface WordStates<S, A> {
  /** The words of `state`: an array whose first `size(state)` entries are the state (entries are int32 values). */
  words(state: S): ArrayLike<number>;
  /** How many words `state` has. */
  size(state: S): number;
  /** How many of its first words make its identity (equal states, equal identity words). */
  identity(state: S): number;
  /** A state the explorer may keep, equal to the one whose `size` words are at `at` in `from` (which the explorer reuses). */
  read(from: Int32Array, at: number, size: number): S;
  /**
   * Optional: the successor `next(state, action)` returns, built in a buffer the model reuses,
   * valid only until the next call to `nextTransient` or `next`. The explorer fingerprints it
   * and judges its properties, copies its words when it is new, and never keeps it.
   */
  nextTransient?(state: S, action: A): S;
}

/**
 * A model's partial-order reduction by singleton ample sets. `ample(state, actions)` names an
 * action `t` among `actions` (the list `actions(state)` returned) that may be explored alone,
 * or returns -1 to explore every action. The model promises, for the `t` it names:
 *
 * - persistence: on every path from `state` that does not take `t`, each action is
 *   independent of `t` (neither disables the other, and taking both in either order reaches
 *   the same state), so `t` stays enabled along the path and can be moved to its front;
 * - invisibility: `t` changes the truth of none of the properties in `preserves`.
 *
 * The explorer supplies the third condition (no action is put off forever around a cycle):
 * a state whose ample successor is not strictly deeper (BFS) or was already visited (DFS) is
 * expanded fully. Then every state that violates an invariant in `preserves` has a reduced
 * path to a state that violates it too (Peled's ample-set conditions C0 to C3).
 */
export interface PartialOrderReduction<S, A> {
  /** The `always` properties whose verdicts the reduction preserves. */
  readonly preserves: readonly string[];
  /** The index in `actions` of an action to explore alone, or -1 to explore all. */
  ample(state: S, actions: readonly A[]): number;
}

/** Optional words and pictures for a model's traces. Reports use them; the engine does not. */
export interface ModelDescription<S, A> {
  /** A short label for `action` taken in `state` (one line, ASCII), e.g. `C1 invokes write(1)`. */
  action(state: S, action: A): string;
  /** A JSON-compatible view of `state`, for ITF traces and state-graph tables. */
  state?(state: S): Record<string, JsonValue>;
  /** What one step looks like on a sequence chart, and how to say it in plain words. */
  step?(before: S, action: A, after: S): StepDescription;
  /** The lanes of the sequence chart, in display order. */
  lanes?(): readonly LaneDescription[];
  /** A paragraph explaining why `state` violates `property` (or witnesses it), in domain terms. */
  explain?(trace: readonly S[], actions: readonly A[], property: string): string;
  /**
   * The tables under the lanes' feet on a sequence chart: each lane's final state in short
   * fields (`x` `1 @ v(1,C1)`, `up` `no`), with the values the counterexample turns on
   * highlighted and a legend saying why. Given the whole trace, since what is notable at the end
   * (a replica missing a write that completed) depends on what happened along it. Without this
   * hook the reports print each lane's part of `state`'s view and highlight minority values.
   */
  finals?(trace: readonly S[], actions: readonly A[]): LaneFinals;
  /**
   * What the sequence chart of a trace that violates (or witnesses) `property` points out:
   * which messages carried stale or fresh values, the quorums as rows of badges, how they met.
   * Without this hook every message to the violating operation is drawn red.
   */
  marks?(trace: readonly S[], actions: readonly A[], property: string): ChartMarks;
  /**
   * A state in two or three short lines of the model's words, for the nodes of a state graph,
   * e.g. `1 v(1,C1) at R1, S1; 0 v0 at R2, R3`. Without it the state's view is printed compactly.
   */
  brief?(state: S): readonly string[];
  /**
   * `action` in the words the pictures use (a scenario's names where `action` keeps the ids traces
   * are replayed by), for the steps of a state graph. Without it, `action`.
   */
  caption?(state: S, action: A): string;
  /**
   * The kind of `action` in a word, e.g. `deliver`, `invoke`, `partition`: a state graph collapses
   * the alternatives at a state into one node per kind. Without it, an action's `kind` field or its
   * label's first word that is not an id.
   */
  actionKind?(state: S, action: A): string;
  /**
   * The configuration in a line of words for chart titles, e.g. `N=3, W=2, R=1, strict quorum,
   * last-write-wins; faults: one partition`. Without it a chart is titled by its source's name.
   */
  summary?(): string;
  /**
   * Inverse of `state`'s view of an action, for replaying ITF traces written by this model:
   * the action whose label is `label` among those enabled in `state`.
   */
  parseAction?(state: S, label: string): A | undefined;
}

/** One lane (a process) on a sequence chart. */
export interface LaneDescription {
  /** Stable identifier, e.g. `C1`, `R2`, `S1`. */
  readonly id: string;
  /** What to print at the lane's head. */
  readonly label: string;
  /** The lane's role, which picks its colour. */
  readonly role: 'client' | 'replica' | 'spare' | 'process';
}

/** A JSON value (ITF states are JSON). */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };
