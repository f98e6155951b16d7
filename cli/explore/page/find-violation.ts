/**
 * "Find a violation from here": a bounded breadth-first search from the state a path reaches,
 * by the same engine `check` runs, for the properties the path has not violated yet. The page
 * runs it in a web worker; the tests run it in Node.
 */
import { check, type Model, type Progress, replay } from '../../../explorer/index.ts';

/** Where to search from and for what. */
export interface FindRequest {
  /** The path to the state to search from: its initial state and action indices. */
  readonly initIndex: number;
  readonly actionIndices: readonly number[];
  /** The properties to look for a violation of (none of them violated on the path yet). */
  readonly properties: readonly string[];
  /** Stop after this many distinct states. */
  readonly maxStates: number;
  /** Symmetry reduction as `check` would use it; undefined: on when the model has one, off for liveness. */
  readonly symmetry?: boolean;
}

/** What the search found. */
export type FindOutcome =
  | {
      readonly kind: 'found';
      readonly property: string;
      /** The steps from the search's start state to the violation (shortest, by BFS). */
      readonly actionIndices: readonly number[];
      /** For a lasso: where its cycle starts, counted from the path's initial state. */
      readonly loopStart?: number;
      readonly states: number;
    }
  | {
      readonly kind: 'none';
      /** Whether every state reachable from the start was searched (then no violation is reachable). */
      readonly exhaustive: boolean;
      readonly states: number;
      /** Why the search was not exhaustive, in the engine's words. */
      readonly coverage?: string;
    };

/**
 * Searches from the state `request`'s path reaches, up to `maxStates` states, and returns the
 * shortest violation among `request.properties` (ties: the first property in that order).
 */
export async function findViolation<S, A>(model: Model<S, A>, request: FindRequest, onProgress?: (progress: Progress) => void): Promise<FindOutcome> {
  const start = replay(model, request.initIndex, request.actionIndices);
  const from = start.states[start.states.length - 1];
  const fromHere: Model<S, A> = { ...model, init: () => [from] };
  const liveness = model.properties.some((p) => request.properties.includes(p.name) && (p.kind === 'eventually' || p.kind === 'always-eventually'));
  const symmetry = request.symmetry ?? (liveness ? false : model.symmetry !== undefined);
  const result = await check(fromHere, {
    properties: request.properties,
    strategy: 'bfs',
    symmetry,
    limits: { maxStates: request.maxStates },
    // The estimate samples state orbits with Node's Buffer; the page needs none of it.
    symmetrySample: 0,
    ...(onProgress !== undefined ? { onProgress } : {}),
  });
  const length = (r: (typeof result.results)[number]): number => r.trace?.actions.length ?? Number.POSITIVE_INFINITY;
  const found = result.results.filter((r) => r.verdict === 'violated' && r.trace !== null).sort((a, b) => length(a) - length(b))[0];
  if (found?.trace != null) {
    const trace = found.trace;
    return {
      kind: 'found',
      property: found.property,
      actionIndices: trace.actionIndices,
      ...(trace.loopStart !== undefined ? { loopStart: trace.loopStart + request.actionIndices.length } : {}),
      states: result.stats.states,
    };
  }
  return { kind: 'none', exhaustive: result.exhaustive, states: result.stats.states, ...(result.coverage !== undefined ? { coverage: result.coverage } : {}) };
}
