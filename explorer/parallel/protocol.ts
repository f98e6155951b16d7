/**
 * Messages between the main thread and the search workers. Typed arrays travel as
 * transferables, so a round's results move without copying.
 */
import type { ModelCall } from '../errors.ts';
import type { ModelSource } from './model-source.ts';

/** What a worker is started with (its `workerData`). */
export interface WorkerSetup {
  readonly source: ModelSource;
  readonly symmetry: boolean;
  /** Partial-order reduction: name each expanded state's ample action (the main thread applies the proviso). */
  readonly reduction: boolean;
  /** Names of the `always` properties, then the `sometimes` ones: bit p of a successor's flags is property p's finding. */
  readonly invariants: readonly string[];
  readonly witnesses: readonly string[];
}

/** Main to worker. */
export type ToWorker =
  /** Own these initial states (indices into `init()`) under these ids. */
  | { readonly kind: 'adopt-init'; readonly indices: Uint32Array; readonly ids: Uint32Array }
  /**
   * One round: first keep, for each earlier round in `keeps` (oldest first), its successors
   * at `keep` (they were new) under `keepIds`, and forget that round's others; then expand
   * every owned state whose id is below `bound` (with `probe`: only count those that enable
   * an action, and drop them: the depth bound). Rounds are numbered from 0.
   */
  | {
      readonly kind: 'round';
      readonly round: number;
      readonly keeps: readonly Keep[];
      readonly bound: number;
      readonly probe: boolean;
    };

/** Which successors of one round were new, and their ids. */
export interface Keep {
  readonly round: number;
  readonly keep: Uint32Array;
  readonly keepIds: Uint32Array;
}

/**
 * A round's results: per expanded state its id, its number of successors and how many of
 * them are sent; per sent successor its fingerprint, action index and property flags. A
 * worker sends only successors it has not sent before: one it sent already is in the main
 * thread's table by the time this one is merged, so it cannot be new (it still counts as a
 * transition, which the action indices let the main thread count exactly).
 *
 * Under partial-order reduction a state may name an ample action (`ample`, else -1). Whether
 * it is expanded by that action alone depends on the visited set (the proviso), which only the
 * main thread has, so the worker sends every successor: the ample one always, the others when
 * not sent before. It remembers as sent only the ample one, which the main thread records
 * either way; the others are recorded only when the proviso fails.
 */
export interface RoundResult {
  readonly kind: 'round';
  /** Ids of the expanded states, ascending. */
  readonly parents: Uint32Array;
  /** Per expanded state: enabled actions (transitions). */
  readonly counts: Uint32Array;
  /** Per expanded state: successors sent. */
  readonly sent: Uint32Array;
  /** Per expanded state, under partial-order reduction: its ample action's index, or -1. Empty otherwise. */
  readonly ample: Int32Array;
  /** Two 32-bit lanes (hi, lo) per successor. */
  readonly fingerprints: Uint32Array;
  /** Per successor: the index of its action among those enabled (16 bits unless one needs 32). */
  readonly actions: Uint16Array | Uint32Array;
  /** Bit p: invariant p fails (p < invariants), or witness p - invariants holds. */
  readonly flags: Uint32Array;
  /** With `probe`: how many owned states enable at least one action. */
  readonly enabled: number;
  /**
   * The worker's heap plus array-buffer bytes after the round: the main thread's
   * `process.memoryUsage()` sees only its own, and a memory limit is on the whole search.
   */
  readonly heapBytes: number;
  /** The worker's heap passed 90% of its V8 heap limit: the search must stop before V8 aborts the worker. */
  readonly nearCeiling: boolean;
}

/**
 * A model function that failed in a worker: which one, what happened, and where: in the owned
 * state `stateId`, taking its action `actionIndex` (-1 before any), or on that action's
 * successor (`onSuccessor`: its encoding, a property). The main thread rebuilds the steps.
 */
export interface WorkerFault {
  readonly call: ModelCall;
  readonly detail: string;
  readonly stateId: number;
  readonly actionIndex: number;
  readonly onSuccessor: boolean;
  readonly property?: string;
}

/** Worker to main. */
export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'error'; readonly message: string; readonly fault?: WorkerFault }
  | RoundResult;
