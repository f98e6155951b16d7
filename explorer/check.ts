/**
 * The search entry point: explore a model's reachable states and judge its properties.
 */
import type { Model, Property } from './model.ts';
import type { CheckOptions, CheckResult, Limits, PropertyResult, Strategy, Trace } from './result.ts';
import { ExplorerError } from './errors.ts';
import { simulate } from './simulate.ts';
import {
  assembleResult,
  notExhaustiveReason,
  propertyResult,
  replayOrFail,
  safetyResults,
  selectProperties,
  verifyTrace,
  type SearchRecord,
} from './_internals/assemble.ts';
import { createFrontier } from './_internals/frontier.ts';
import { findLasso, type LassoPath } from './_internals/liveness.ts';
import { Search, type SearchSetup } from './_internals/search.ts';
import { DEFAULT_ORBIT_SEED } from './_internals/orbit-sample.ts';

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
  if ((options.strategy ?? 'bfs') === 'random') {
    if (options.reduction === true) throw new ExplorerError('EXP_BAD_OPTION', 'partial-order reduction does not apply: random simulation keeps no visited set');
    return simulate(model, options);
  }
  return checkWith(model, options, searchOneThread);
}

/**
 * What a search engine is asked to run: one search of `model`, its properties split by kind
 * (a {@link SearchSetup} whose frontier and canonicalizer the engine makes from `strategy` and
 * `symmetry`).
 */
export interface SearchPlan<S, A> extends Omit<SearchSetup<S, A>, 'frontier' | 'canonicalize'> {
  readonly strategy: Exclude<Strategy, 'random'>;
  readonly symmetry: boolean;
}

/**
 * Runs one planned search: the one-thread {@link Search}, or the parallel level search. A
 * finished search is a {@link SearchRecord}; liveness needs the one-thread search's graph.
 */
export type SearchEngine = <S, A>(plan: SearchPlan<S, A>) => Promise<SearchRecord<S>>;

/** The one-thread engine. */
export const searchOneThread: SearchEngine = async <S, A>(plan: SearchPlan<S, A>) => {
  const search = new Search<S, A>({
    ...plan,
    frontier: createFrontier<S>(plan.strategy, plan.model.words),
    canonicalize: plan.symmetry ? (plan.model.symmetry ?? null) : null,
  });
  await search.run();
  return search;
};

/**
 * A check on `engine`: the properties chosen and split by kind, symmetry and partial-order
 * reduction decided, the search run, its findings judged and their traces rebuilt, liveness
 * judged on the graph, and counterexamples of a reduced BFS made shortest again. Written once
 * for every exhaustive search; {@link check} and the parallel check differ in the engine only.
 */
export async function checkWith<S, A>(model: Model<S, A>, options: CheckOptions, engine: SearchEngine): Promise<CheckResult<S, A>> {
  const strategy = options.strategy ?? 'bfs';
  if (strategy === 'random') throw new ExplorerError('EXP_INTERNAL', 'random simulation has no search engine');
  const symmetry = options.symmetry ?? model.symmetry !== undefined;
  if (symmetry && model.symmetry === undefined) {
    throw new ExplorerError('EXP_BAD_MODEL', `symmetry was requested but model '${model.name}' has no symmetry function`);
  }
  const properties = selectProperties(model, options.properties, options.deadlock === true);
  const invariants = properties.filter((p) => p.kind === 'always');
  const witnesses = properties.filter((p) => p.kind === 'sometimes');
  const liveness = properties.filter((p) => p.kind === 'eventually' || p.kind === 'always-eventually');
  const limits = options.limits ?? {};
  const reduction = useReduction(model, strategy, properties, limits, options.reduction);
  const sample = options.symmetrySample ?? 0;

  const search = await engine<S, A>({
    model,
    strategy,
    symmetry,
    limits,
    invariants,
    witnesses,
    liveness,
    // With symmetry the explored graph is a quotient whose lassos need not be real ones.
    recordEdges: liveness.length > 0 && !symmetry,
    reduction: reduction && model.reduction !== undefined ? { reduction: model.reduction, proviso: strategy === 'bfs' ? 'depth' : 'visited' } : null,
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    ...(options.shouldStop !== undefined ? { shouldStop: options.shouldStop } : {}),
    ...(options.timeOrigin !== undefined ? { timeOrigin: options.timeOrigin } : {}),
    ...(sample > 0 ? { orbitSample: { size: sample, seed: options.seed ?? DEFAULT_ORBIT_SEED } } : {}),
  });

  const exhaustive = search.exhaustive;
  const byName = safetyResults(model, search, invariants, witnesses, limits);
  liveness.forEach((property, p) => {
    if (symmetry) {
      byName.set(property.name, propertyResult(property, 'inconclusive', null, 'liveness is unknown with symmetry on'));
    } else if (!exhaustive) {
      byName.set(property.name, propertyResult(property, 'inconclusive', null, `liveness needs the whole graph: ${notExhaustiveReason(search, limits)}`));
    } else {
      const graph = oneThreadSearch<S, A>(search);
      graph.resolveEdges();
      const lasso = findLasso(graph, p, property.kind === 'eventually' ? 'eventually' : 'always-eventually');
      byName.set(property.name, lasso === null ? propertyResult(property, 'holds', null) : propertyResult(property, 'violated', rebuildLasso(model, graph, lasso)));
    }
  });
  if (reduction && strategy === 'bfs') await shortenReducedCounterexamples(model, options, search, byName, engine);
  const results = properties.map((p) => byName.get(p.name) as PropertyResult<S, A>);
  return assembleResult(search, results, { strategy, symmetry, reduction, limits });
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
  search: SearchRecord<S>,
  byName: Map<string, PropertyResult<S, A>>,
  engine: SearchEngine,
): Promise<void> {
  const violated = [...byName.values()].filter((r) => r.kind === 'always' && r.verdict === 'violated' && r.trace !== null);
  if (violated.length === 0) return;
  const deepest = Math.max(...violated.map((r) => (r.trace as Trace<S, A>).actions.length));
  const limits = options.limits ?? {};
  // With a time origin the limit already counts from it; otherwise the search took some of it.
  const timeLeft = limits.timeoutSeconds === undefined || options.timeOrigin !== undefined ? undefined : Math.max(limits.timeoutSeconds - search.seconds, 0.001);
  const again = await checkWith(model, {
    ...options,
    properties: violated.map((r) => r.property),
    reduction: false,
    symmetrySample: 0,
    limits: { ...limits, maxDepth: deepest, ...(timeLeft === undefined ? {} : { timeoutSeconds: timeLeft }) },
    onProgress: undefined,
  }, engine);
  for (const r of again.results) {
    if (r.verdict === 'violated' && r.trace !== null) byName.set(r.property, r);
  }
}

/** Replay a lasso found by the liveness analysis and check it against the explored graph. */
/** The one-thread search behind `record` (the only engine that keeps the graph liveness is judged on), with the check's action type. */
function oneThreadSearch<S, A>(record: SearchRecord<S>): Search<S, A> {
  if (!(record instanceof Search)) throw new ExplorerError('EXP_INTERNAL', 'liveness is judged on the one-thread search graph');
  // The engine searched the check's model, so its actions are the model's.
  return record as Search<S, A>;
}

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
