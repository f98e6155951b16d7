/**
 * A finished search turned into a `CheckResult`, written once for the one-thread search and
 * the parallel one: per-property results, the overall verdict, the coverage sentence, the
 * stats, the collision probability, and the traces rebuilt from parent links, replayed
 * through the model and checked against the search's records.
 */
import { DEADLOCK_PROPERTY, deadlockProperty } from '../deadlock.ts';
import type { Model, Property } from '../model.ts';
import type { CheckResult, Limits, PropertyResult, Stats, Strategy, SymmetryFactor, Trace, Verdict } from '../result.ts';
import { ExplorerError } from '../errors.ts';
import { replay } from '../replay.ts';
import type { Growable } from './growable.ts';
import type { Finding } from './property-checks.ts';
import { pathByParents } from './state-records.ts';
import type { StopCause } from './stop-guard.ts';

/**
 * What a finished search recorded, as the assembly reads it. Per state id, in discovery
 * order: `parents` (NO_PARENT for an initial state) and `via` (the index of the action that
 * reached the state; for an initial state, its index in `init()`).
 */
export interface SearchRecord<S> {
  readonly states: number;
  readonly transitions: number;
  readonly maxDepth: number;
  readonly seconds: number;
  readonly peakMemoryBytes: number;
  /** The visited set; its size gives the bytes per state. */
  readonly table: { readonly byteLength: number };
  readonly stopCause: StopCause | null;
  /** Why the search stopped, in words (see `StopGuard.stopText`), or null when it did not. */
  readonly stopReason: string | null;
  /** Whether every reachable state within the bounds was visited. */
  readonly exhaustive: boolean;
  /** Per `always` property, in the order checked: the first violating state, or null. */
  readonly violations: readonly (Finding | null)[];
  /** Per `sometimes` property: the first witness, or null. */
  readonly examples: readonly (Finding | null)[];
  readonly parents: Growable<Uint32Array>;
  readonly via: { readonly data: Uint16Array | Uint32Array };
  /** With partial-order reduction: the states expanded by one action. */
  readonly reducedStates?: number;
  /** With symmetry on: the reduction factor estimated from a sample of the visited states. */
  readonly symmetryFactor?: SymmetryFactor;
  /** Whether {@link SearchRecord.visitedId} names exact state ids (else 0 for any visited state). */
  readonly exactIds: boolean;
  /** The id of a visited state (see `exactIds`), or -1 when it was never visited. */
  visitedId(state: S): number;
  /** The 64-bit fingerprint of `state` as the search computed it: `out[0]` hi, `out[1]` lo. */
  fingerprint(state: S, out: Int32Array): void;
}

/** How the search ran, for the result's settings and the coverage sentence. */
export interface SearchSettings {
  readonly strategy: Strategy;
  readonly symmetry: boolean;
  readonly reduction: boolean;
  readonly limits: Limits;
}

/**
 * The properties named in `names` (all of the model's when undefined), in that order, and the
 * built-in deadlock invariant last when `deadlock` is set; an unknown name throws.
 */
export function selectProperties<S, A>(model: Model<S, A>, names: readonly string[] | undefined, deadlock = false): readonly Property<S>[] {
  const selected = selectNamed(model, names);
  if (!deadlock) return selected;
  if (model.properties.some((p) => p.name === DEADLOCK_PROPERTY)) {
    throw new ExplorerError('EXP_BAD_OPTION', `deadlock checking adds the invariant '${DEADLOCK_PROPERTY}', and model '${model.name}' has a property of that name already`);
  }
  return [...selected.filter((p) => p.name !== DEADLOCK_PROPERTY), deadlockProperty(model)];
}

function selectNamed<S, A>(model: Model<S, A>, names: readonly string[] | undefined): readonly Property<S>[] {
  if (names === undefined) return model.properties;
  return names.map((name) => {
    const property = model.properties.find((p) => p.name === name);
    if (property === undefined) {
      const known = model.properties.map((p) => p.name).join(', ') || '(none)';
      throw new ExplorerError('EXP_UNKNOWN_PROPERTY', `unknown property '${name}'; the model has: ${known}`);
    }
    return property;
  });
}

/** One property's result. A `reason` is given only with `inconclusive`. */
export function propertyResult<S, A>(property: Property<S>, verdict: Verdict, trace: Trace<S, A> | null, reason?: string): PropertyResult<S, A> {
  return {
    property: property.name,
    kind: property.kind,
    verdict,
    trace,
    ...(reason === undefined || verdict !== 'inconclusive' ? {} : { reason }),
  };
}

/** Why a search that is not exhaustive stopped, in the words a property's reason uses. */
export function notExhaustiveReason<S>(record: SearchRecord<S>, limits: Limits): string {
  if (record.stopReason !== null) return record.stopReason;
  return `the depth bound ${limits.maxDepth} cut the search short`;
}

/**
 * The results of the `always` and `sometimes` properties, by name: a violation or a witness
 * with its rebuilt trace; otherwise `holds` (resp. `violated`) when the search was exhaustive,
 * else `inconclusive` with the reason it stopped.
 */
export function safetyResults<S, A>(
  model: Model<S, A>,
  record: SearchRecord<S>,
  invariants: readonly Property<S>[],
  witnesses: readonly Property<S>[],
  limits: Limits,
): Map<string, PropertyResult<S, A>> {
  const exhaustive = record.exhaustive;
  const reason = exhaustive ? undefined : notExhaustiveReason(record, limits);
  const byName = new Map<string, PropertyResult<S, A>>();
  // An invariant is violated by the state found, a witness holds by it; finding none decides the opposite.
  const judge = (properties: readonly Property<S>[], findings: readonly (Finding | null)[], whenFound: Verdict, whenNone: Verdict): void => {
    properties.forEach((property, p) => {
      const found = findings[p];
      byName.set(
        property.name,
        found !== null
          ? propertyResult(property, whenFound, rebuildTrace(model, record, found))
          : propertyResult<S, A>(property, exhaustive ? whenNone : 'inconclusive', null, reason),
      );
    });
  };
  judge(invariants, record.violations, 'violated', 'holds');
  judge(witnesses, record.examples, 'holds', 'violated');
  return byName;
}

/**
 * The search's answer from its per-property `results` (in the order the properties were
 * asked for): the overall verdict (violated if any is, else inconclusive if any is or if
 * nothing was checked by a search cut short, else holds), stats, coverage and settings.
 */
export function assembleResult<S, A>(record: SearchRecord<S>, results: readonly PropertyResult<S, A>[], settings: SearchSettings): CheckResult<S, A> {
  const exhaustive = record.exhaustive;
  const verdict: Verdict = results.some((r) => r.verdict === 'violated')
    ? 'violated'
    : results.some((r) => r.verdict === 'inconclusive') || (results.length === 0 && !exhaustive)
      ? 'inconclusive'
      : 'holds';
  const coverage = exhaustive ? undefined : coverageText(record, settings);
  return {
    verdict,
    results,
    stats: searchStats(record, settings.reduction),
    exhaustive,
    ...(coverage === undefined ? {} : { coverage }),
    collisionProbability: collisionProbability(record.states),
    strategy: settings.strategy,
    symmetry: settings.symmetry,
    reduction: settings.reduction,
  };
}

function searchStats<S>(record: SearchRecord<S>, reduction: boolean): Stats {
  const { states, seconds } = record;
  return {
    states,
    transitions: record.transitions,
    depth: record.maxDepth,
    seconds,
    statesPerSecond: seconds > 0 ? states / seconds : 0,
    peakMemoryBytes: record.peakMemoryBytes,
    bytesPerState: states > 0 ? record.table.byteLength / states : 0,
    ...(reduction && record.reducedStates !== undefined ? { reducedStates: record.reducedStates } : {}),
    ...(record.symmetryFactor !== undefined ? { symmetryFactor: record.symmetryFactor } : {}),
  };
}

/** What a search cut short covered, in words. */
function coverageText<S>(record: SearchRecord<S>, settings: SearchSettings): string {
  const { states, maxDepth } = record;
  const bound = settings.limits.maxDepth;
  const explored = `explored ${states} states to depth ${maxDepth}`;
  if (record.stopReason !== null) return `${explored}; ${record.stopReason}`;
  if (settings.strategy === 'bfs') return `exhaustive to depth ${bound} (${states} states); states at depth ${bound} were not expanded`;
  return `${explored} along paths of at most ${bound} steps; depth-first, so not exhaustive to depth ${bound}`;
}

/**
 * The probability that some fingerprint collision hid a state, summed over insertions: the
 * i-th new fingerprint meets one of the i - 1 stored ones with probability (i - 1) / 2^64,
 * so n insertions give n (n - 1) / 2^65 (TLC's optimistic estimate, assuming a uniform hash).
 */
export function collisionProbability(states: number): number {
  return (states * (states - 1)) / 2 ** 65;
}

/** The trace to a finding by parent links, replayed through the model and checked against the search's records. */
export function rebuildTrace<S, A>(model: Model<S, A>, record: SearchRecord<S>, finding: Finding): Trace<S, A> {
  const { initIndex, ids, actionIndices } = pathByParents(record.parents.data, record.via.data, finding.id);
  const trace = replayOrFail(model, initIndex, actionIndices);
  verifyTrace(record, trace, ids);
  const fp = new Int32Array(2);
  record.fingerprint(trace.states[trace.states.length - 1], fp);
  if (fp[0] !== finding.hi || fp[1] !== finding.lo) {
    throw new ExplorerError('EXP_INTERNAL', 'the replayed trace ends in a state other than the one found');
  }
  return trace;
}

/** Replay a rebuilt trace; one that does not replay is the engine's bug, said as such. */
export function replayOrFail<S, A>(model: Model<S, A>, initIndex: number, indices: readonly number[]): Trace<S, A> {
  try {
    return replay(model, initIndex, indices);
  } catch (error) {
    if (error instanceof ExplorerError) {
      throw new ExplorerError('EXP_INTERNAL', `a trace rebuilt from the search does not replay: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Check every replayed state against the search's records: it must be the state recorded
 * under that id (when the records name exact ids), or at least a visited one.
 */
export function verifyTrace<S, A>(record: SearchRecord<S>, trace: Trace<S, A>, ids: readonly number[]): void {
  const exact = record.exactIds;
  trace.states.forEach((state, i) => {
    const id = record.visitedId(state);
    const ok = exact ? id === ids[i] : id >= 0;
    if (!ok) {
      throw new ExplorerError('EXP_INTERNAL', `replayed state ${i} of a trace is not the one the search recorded`);
    }
  });
}
