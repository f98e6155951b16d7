/**
 * The search entry point: explore a model's reachable states and judge its properties.
 */
import type { Model, Property } from './model.ts';
import type { CheckOptions, CheckResult, Limits, PropertyResult, Strategy, Trace } from './result.ts';
import { ExplorerError } from './errors.ts';
import { replay } from './replay.ts';
import { simulate } from './simulate.ts';
import { createFrontier } from './_internals/frontier.ts';
import { findLasso, type LassoPath } from './_internals/liveness.ts';
import { NO_PARENT, Search, stopText, type Finding } from './_internals/search.ts';

/**
 * Explore the states of `model` reachable from its initial states and judge its properties.
 *
 * `always` and `sometimes` properties are checked on every discovered state; `eventually`
 * and `always-eventually` on the explored graph after the search (lassos under weak
 * fairness). `strategy: 'random'` hands the model to {@link simulate} (seeded random walks, no
 * visited set, never exhaustive). Every returned trace has been replayed through the model and checked against
 * the fingerprints recorded by the search.
 *
 * @example
 * ```ts
 * const result = await check(model, { strategy: 'bfs', limits: { maxStates: 1_000_000 } });
 * if (result.verdict === 'violated') console.log(result.results[0].trace?.actions);
 * ```
 */
export async function check<S, A>(model: Model<S, A>, options: CheckOptions = {}): Promise<CheckResult<S, A>> {
  const strategy: Strategy = options.strategy ?? 'bfs';
  if (strategy === 'random') return simulate(model, options);
  const symmetry = options.symmetry ?? model.symmetry !== undefined;
  if (symmetry && model.symmetry === undefined) {
    throw new ExplorerError('EXP_BAD_MODEL', `symmetry was requested but model '${model.name}' has no symmetry function`);
  }
  const properties = selectProperties(model, options.properties);
  const invariants = properties.filter((p) => p.kind === 'always');
  const witnesses = properties.filter((p) => p.kind === 'sometimes');
  const liveness = properties.filter((p) => p.kind === 'eventually' || p.kind === 'always-eventually');
  const limits = options.limits ?? {};
  const reduction = useReduction(model, strategy, properties, limits, options.reduction);

  const search = new Search<S, A>({
    model,
    frontier: createFrontier<S>(strategy),
    canonicalize: symmetry ? (model.symmetry ?? null) : null,
    limits,
    invariants,
    witnesses,
    liveness,
    // With symmetry the explored graph is a quotient whose lassos need not be real ones.
    recordEdges: liveness.length > 0 && !symmetry,
    reduction: reduction && model.reduction !== undefined ? { reduction: model.reduction, proviso: strategy === 'bfs' ? 'depth' : 'visited' } : null,
    onProgress: options.onProgress,
    shouldStop: options.shouldStop,
  });
  await search.run();

  const exhaustive = search.exhaustive;
  const coverage = exhaustive ? undefined : describeCoverage(search, strategy, limits.maxDepth, options);
  const notExhaustiveReason = exhaustive ? '' : shortReason(search, limits.maxDepth, options);

  const byName = new Map<string, PropertyResult<S, A>>();
  invariants.forEach((property, p) => {
    const found = search.violations[p];
    byName.set(
      property.name,
      found !== null
        ? result(property, 'violated', rebuild(model, search, found))
        : exhaustive
          ? result(property, 'holds', null)
          : result(property, 'inconclusive', null, notExhaustiveReason),
    );
  });
  witnesses.forEach((property, p) => {
    const found = search.examples[p];
    byName.set(
      property.name,
      found !== null
        ? result(property, 'holds', rebuild(model, search, found))
        : exhaustive
          ? result(property, 'violated', null)
          : result(property, 'inconclusive', null, notExhaustiveReason),
    );
  });
  liveness.forEach((property, p) => {
    if (symmetry) {
      byName.set(property.name, result(property, 'inconclusive', null, 'liveness is unknown with symmetry on'));
    } else if (!exhaustive) {
      byName.set(
        property.name,
        result(property, 'inconclusive', null, `liveness needs the whole graph: ${notExhaustiveReason}`),
      );
    } else {
      search.resolveEdges();
      const lasso = findLasso(search, p, property.kind === 'eventually' ? 'eventually' : 'always-eventually');
      byName.set(
        property.name,
        lasso === null ? result(property, 'holds', null) : result(property, 'violated', rebuildLasso(model, search, lasso)),
      );
    }
  });
  if (reduction && strategy === 'bfs') await shortenReducedCounterexamples(model, options, search, byName);
  const results = properties.map((p) => byName.get(p.name) as PropertyResult<S, A>);

  const verdict = results.some((r) => r.verdict === 'violated')
    ? 'violated'
    : results.some((r) => r.verdict === 'inconclusive') || (results.length === 0 && !exhaustive)
      ? 'inconclusive'
      : 'holds';
  const states = search.states;
  return {
    verdict,
    results,
    stats: {
      states,
      transitions: search.transitions,
      depth: search.maxDepth,
      seconds: search.seconds,
      statesPerSecond: search.seconds > 0 ? states / search.seconds : 0,
      peakMemoryBytes: search.peakMemoryBytes,
      bytesPerState: states > 0 ? search.table.byteLength / states : 0,
      ...(reduction ? { reducedStates: search.reducedStates } : {}),
    },
    exhaustive,
    ...(coverage === undefined ? {} : { coverage }),
    collisionProbability: collisionProbability(states),
    strategy,
    symmetry,
    reduction,
  };
}

/**
 * Whether partial-order reduction is on: as asked, or by default wherever it applies. It
 * applies when the model has a reduction, the search is BFS or DFS, every checked property is
 * an invariant the reduction preserves, and no depth bound is set (a reduced path may be
 * longer than a shortest one, so "exhaustive to depth D" would not hold). Asking for it
 * where it does not apply is an error, not a quiet full search.
 */
function useReduction<S, A>(
  model: Model<S, A>,
  strategy: Strategy,
  properties: readonly Property<S>[],
  limits: Limits,
  asked: boolean | undefined,
): boolean {
  if (asked === false) return false;
  const reason = reductionObstacle(model, strategy, properties, limits);
  if (asked === true && reason !== null) throw new ExplorerError('EXP_BAD_OPTION', `partial-order reduction does not apply: ${reason}`);
  return reason === null;
}

function reductionObstacle<S, A>(model: Model<S, A>, strategy: Strategy, properties: readonly Property<S>[], limits: Limits): string | null {
  const reduction = model.reduction;
  if (reduction === undefined) return `model '${model.name}' has no reduction`;
  if (strategy === 'random') return 'random simulation keeps no visited set';
  if (limits.maxDepth !== undefined) return 'a depth bound is set (reduced paths can be longer than shortest ones)';
  const kept = properties.find((p) => p.kind !== 'always' || !reduction.preserves.includes(p.name));
  if (kept !== undefined) return `it does not preserve property '${kept.name}' (it preserves: ${reduction.preserves.join(', ') || 'none'})`;
  return null;
}

/**
 * A BFS over the reduced graph finds a shortest counterexample of the reduced graph, which may
 * take steps the true shortest one does not. So each invariant violated under reduction is
 * searched again without it, no deeper than the counterexample found: that search stops as
 * soon as it has found them all again, at their true shortest depth. If a limit or an
 * interrupt stops it first, the reduced counterexample (replayed, valid) is kept.
 */
async function shortenReducedCounterexamples<S, A>(
  model: Model<S, A>,
  options: CheckOptions,
  search: Search<S, A>,
  byName: Map<string, PropertyResult<S, A>>,
): Promise<void> {
  const violated = [...byName.values()].filter((r) => r.kind === 'always' && r.verdict === 'violated' && r.trace !== null);
  if (violated.length === 0) return;
  const deepest = Math.max(...violated.map((r) => (r.trace as Trace<S, A>).actions.length));
  const limits = options.limits ?? {};
  const timeLeft = limits.timeoutSeconds === undefined ? undefined : Math.max(limits.timeoutSeconds - search.seconds, 0.001);
  const again = await check(model, {
    ...options,
    properties: violated.map((r) => r.property),
    reduction: false,
    limits: { ...limits, maxDepth: deepest, ...(timeLeft === undefined ? {} : { timeoutSeconds: timeLeft }) },
    onProgress: undefined,
  });
  for (const r of again.results) {
    if (r.verdict === 'violated' && r.trace !== null) byName.set(r.property, r);
  }
}

/**
 * The probability that some fingerprint collision hid a state, summed over insertions: the
 * i-th new fingerprint meets one of the i - 1 stored ones with probability (i - 1) / 2^64,
 * so n insertions give n (n - 1) / 2^65 (TLC's optimistic estimate, assuming a uniform hash).
 */
function collisionProbability(states: number): number {
  return (states * (states - 1)) / 2 ** 65;
}

function selectProperties<S, A>(model: Model<S, A>, names: readonly string[] | undefined): readonly Property<S>[] {
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

function result<S, A>(
  property: Property<S>,
  verdict: PropertyResult<S, A>['verdict'],
  trace: Trace<S, A> | null,
  reason?: string,
): PropertyResult<S, A> {
  return {
    property: property.name,
    kind: property.kind,
    verdict,
    trace,
    ...(reason === undefined ? {} : { reason }),
  };
}

function describeCoverage<S, A>(
  search: Search<S, A>,
  strategy: Strategy,
  maxDepth: number | undefined,
  options: CheckOptions,
): string {
  const explored = `explored ${search.states} states to depth ${search.maxDepth}`;
  if (search.stopCause !== null) return `${explored}; ${stopText(search.stopCause, options.limits)}`;
  if (strategy === 'bfs') {
    return `exhaustive to depth ${maxDepth} (${search.states} states); states at depth ${maxDepth} were not expanded`;
  }
  return `${explored} along paths of at most ${maxDepth} steps; depth-first, so not exhaustive to depth ${maxDepth}`;
}

function shortReason<S, A>(search: Search<S, A>, maxDepth: number | undefined, options: CheckOptions): string {
  if (search.stopCause !== null) return stopText(search.stopCause, options.limits);
  return `the depth bound ${maxDepth} cut the search short`;
}

/** The path of ids from an initial state to `id`, by parent links, as replay input. */
function pathTo<S, A>(search: Search<S, A>, id: number): { initIndex: number; ids: number[]; indices: number[] } {
  const ids: number[] = [];
  let at = id;
  for (;;) {
    ids.push(at);
    const parent = search.parents.data[at];
    if (parent === NO_PARENT) break;
    at = parent;
  }
  ids.reverse();
  const indices = ids.slice(1).map((i) => search.via.data[i]);
  return { initIndex: search.via.data[ids[0]], ids, indices };
}

/** Rebuild the trace to a finding from parent links, replay it, and check it against the search's records. */
function rebuild<S, A>(model: Model<S, A>, search: Search<S, A>, finding: Finding): Trace<S, A> {
  const { initIndex, ids, indices } = pathTo(search, finding.id);
  const trace = replayOrFail(model, initIndex, indices);
  verifyTrace(search, trace, ids);
  const fp = new Int32Array(2);
  search.fingerprint(trace.states[trace.states.length - 1], fp);
  if (fp[0] !== finding.hi || fp[1] !== finding.lo) {
    throw new ExplorerError('EXP_INTERNAL', 'the replayed trace ends in a state other than the one found');
  }
  return trace;
}

/** Replay a lasso found by the liveness analysis and check it against the explored graph. */
function rebuildLasso<S, A>(model: Model<S, A>, search: Search<S, A>, lasso: LassoPath): Trace<S, A> {
  const initIndex = search.via.data[lasso.ids[0]];
  const trace = replayOrFail(model, initIndex, lasso.actionIndices);
  verifyTrace(search, trace, lasso.ids);
  if (lasso.loopStart === undefined) return trace;
  // The closing step (last state back to the loop's start) is implicit in a Trace; check it too.
  const last = trace.states[trace.states.length - 1];
  const closing = model.actions(last)[lasso.loopActionIndex ?? -1];
  if (closing === undefined) throw new ExplorerError('EXP_INTERNAL', 'the lasso has no closing action');
  if (search.visitedId(model.next(last, closing)) !== lasso.ids[lasso.loopStart]) {
    throw new ExplorerError('EXP_INTERNAL', 'the lasso does not close on its loop start');
  }
  return { ...trace, loopStart: lasso.loopStart, loopActionIndex: lasso.loopActionIndex };
}

function replayOrFail<S, A>(model: Model<S, A>, initIndex: number, indices: readonly number[]): Trace<S, A> {
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
 * under that id (exact when the explored graph was resolved), or at least a visited one.
 */
function verifyTrace<S, A>(search: Search<S, A>, trace: Trace<S, A>, ids: readonly number[]): void {
  const exact = search.exactIds;
  trace.states.forEach((state, i) => {
    const id = search.visitedId(state);
    const ok = exact ? id === ids[i] : id >= 0;
    if (!ok) {
      throw new ExplorerError('EXP_INTERNAL', `replayed state ${i} of a trace is not the one the search recorded`);
    }
  });
}
