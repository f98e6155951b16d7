/**
 * The records of the states a search discovered, written once for the one-thread search and
 * the parallel one: the visited set (fingerprints, with depth tags under partial-order
 * reduction) and, per state id in discovery order, its parent and the action that reached it.
 */
import { FingerprintTable } from '../fingerprint-table.ts';
import { growableU32, IndexColumn } from './growable.ts';
import type { StopGuard } from './stop-guard.ts';

/** Parent link of an initial state. */
export const NO_PARENT = 0xffffffff;

/**
 * Depth tags are one byte (so the table grows by 1 byte per slot, not 2 or 4): depths from
 * this one on share the tag, and a reduced state that deep whose ample successor is known is
 * expanded fully.
 */
export const MAX_DEPTH_TAG = 0xff;

/** The visited set and the parent links of one search. */
export class StateRecords {
  readonly table: FingerprintTable;
  /** Per state id: the id of its parent, or {@link NO_PARENT}. */
  readonly parents = growableU32();
  /**
   * Per state id: the index of the action that reached it (for an initial state, its index in
   * `init()`), in 16 bits until an index needs 32.
   */
  readonly via = new IndexColumn();
  /** The deepest state recorded. */
  maxDepth = 0;

  private readonly guard: StopGuard;
  private readonly maxStates: number;

  constructor(guard: StopGuard, options: { readonly depthTags: boolean; readonly maxStates: number | undefined }) {
    this.guard = guard;
    this.maxStates = options.maxStates ?? Infinity;
    this.table = new FingerprintTable({ tags: options.depthTags });
  }

  /** Distinct states recorded. */
  get states(): number {
    return this.parents.length;
  }

  /**
   * Record the state with fingerprint `hi:lo`, reached from `parent` by action `via`, at
   * `depth`. Returns its new id; -1 when it was known (its slot is then `table.lastSlot`), or
   * when the state limit stopped the search (the guard then says so).
   */
  record(hi: number, lo: number, parent: number, via: number, depth: number): number {
    const table = this.table;
    if (!table.add(hi, lo)) return -1;
    if (table.tags !== null) table.tags[table.lastSlot] = depth < MAX_DEPTH_TAG ? depth : MAX_DEPTH_TAG;
    const id = this.parents.length;
    if (id >= this.maxStates) {
      this.guard.stop('state-limit');
      return -1;
    }
    this.parents.push(parent);
    this.via.push(via);
    if (depth > this.maxDepth) this.maxDepth = depth;
    return id;
  }

  /**
   * Whether a reduced state at `depth` may be expanded by its ample action alone, given its
   * ample successor's fingerprint: the successor must be new, or (`depth` proviso, BFS) known
   * and strictly deeper, so that no cycle of the reduced graph closes without a fully
   * expanded state. `visited` proviso (any order): it must be new.
   */
  amplePasses(hi: number, lo: number, depth: number, proviso: 'depth' | 'visited'): boolean {
    const table = this.table;
    const slot = table.slotOf(hi, lo);
    if (slot < 0) return true;
    return proviso === 'depth' && depth + 1 < MAX_DEPTH_TAG && (table.tags as Uint8Array)[slot] > depth;
  }

  /** The path of ids from an initial state to `id` by parent links, and its replay input. */
  pathTo(id: number): StatePath {
    return pathByParents(this.parents.data, this.via.data, id);
  }
}

/** A recorded state's path: the ids from an initial state to it, and what replays it. */
export interface StatePath {
  readonly initIndex: number;
  readonly ids: readonly number[];
  readonly actionIndices: readonly number[];
}

/** The path to state `id` by the parent links `parents` and action indices `via` (see {@link StateRecords}). */
export function pathByParents(parents: Uint32Array, via: Uint16Array | Uint32Array, id: number): StatePath {
  const ids: number[] = [];
  for (let at = id; ; at = parents[at]) {
    ids.push(at);
    if (parents[at] === NO_PARENT) break;
  }
  ids.reverse();
  return { initIndex: via[ids[0]], ids, actionIndices: ids.slice(1).map((i) => via[i]) };
}
