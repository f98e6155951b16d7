/**
 * The quotient stage of `check` (and of the tables built from checks): for a quorum target
 * searched by bfs or dfs on properties over the history, the explorer searches the quotient
 * model (`spec/reductions/quotients.ts`) and the result comes back as the quorum model's, with
 * every counterexample rebuilt as a trace of the configuration the user gave. `--quotient off`
 * searches the quorum model itself, for comparison.
 */
import { fileURLToPath } from 'node:url';
import { type Model, type ModelSource, replay, type CheckResult, type PropertyResult, type Strategy } from '../../explorer/index.ts';
import {
  type PackedAction,
  type PackedState,
  HISTORY_PROPERTIES,
  packedSurface,
  type PackedMessage,
  planRules,
  quotientSearch,
  type QuotientArgument,
  type QuotientSearch,
} from '../../spec/index.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { CheckTarget } from '../load/target.ts';

/** The quotient a quorum check searches: over the packed quorum model, as `check` runs it. */
export type CheckQuotient = QuotientSearch<PackedState, PackedAction, PackedMessage>;

/** What the quotient did, for the report: the rules used and the fault budgets left out. */
export interface QuotientSummary {
  readonly rules: readonly string[];
  /** The budgets set to zero (`partitions`, `crashes`, `drops`), each one the properties cannot observe. */
  readonly removed: readonly string[];
  /** One line saying which faults were left out and why, or null when none were. */
  readonly sentence: string | null;
}

/** The module a search worker builds the quotient model from. */
const QUOTIENT_MODULE = fileURLToPath(new URL('../../spec/reductions/quotients.ts', import.meta.url));

/** How the check searches, as far as the quotients go. */
export interface QuotientSettings {
  readonly strategy: Strategy;
  /** `--deadlock`: dead ends are violations, and the quotients make dead ends of their own. */
  readonly deadlock?: boolean;
  /** `--strict-spec`: the strict checks watch the model itself. */
  readonly strictSpec?: boolean;
}

/** Why quotients cannot be used for this check, or null when they can. */
export function quotientObstacle(target: CheckTarget, properties: readonly string[], settings: QuotientSettings): string | null {
  if (target.quorumConfig === undefined) return `model '${target.model.name}' is not the quorum model`;
  if (settings.strategy === 'random') return 'random simulation keeps no visited set';
  if (settings.deadlock === true) return '--deadlock judges dead ends, and the quotients leave steps out';
  if (settings.strictSpec === true) return '--strict-spec checks the model itself';
  const other = properties.find((p) => !(HISTORY_PROPERTIES as readonly string[]).includes(p));
  if (other !== undefined) return `property '${other}' is not a property of the history (the quotients preserve those only)`;
  return null;
}

/**
 * The quotient for this check: as asked (`--quotient on` where it cannot apply is bad input),
 * else wherever it applies. Null means the quorum model itself is searched.
 */
export function planQuotient(target: CheckTarget, properties: readonly string[], settings: QuotientSettings, asked: boolean | undefined): Result<CheckQuotient | null> {
  if (asked === false) return ok(null);
  const obstacle = quotientObstacle(target, properties, settings);
  if (obstacle !== null) return asked === true ? fail('QL114', `--quotient on: the quotients do not apply: ${obstacle}; use --quotient off`) : ok(null);
  // quotientObstacle refuses a target that is not the quorum model.
  if (target.quorumConfig === undefined) throw new Error('planQuotient: a quotient of a target without a quorum configuration');
  return ok(quotientSearch(target.quorumConfig, properties, packedSurface));
}

/** The report's view of a quotient, or null when none was used. */
export function quotientSummary(quotient: CheckQuotient | null): QuotientSummary | null {
  if (quotient === null) return null;
  const unobservable = quotient.plan.unobservable;
  return { rules: planRules(quotient.plan), removed: unobservable?.removed ?? [], sentence: unobservable?.sentence ?? null };
}

/** Where a search worker loads the quotient model from: the same factory, on the configuration the user gave. */
export function quotientSource(quotient: CheckQuotient, properties: readonly string[]): ModelSource {
  const argument: QuotientArgument = { config: quotient.original, properties };
  return { module: QUOTIENT_MODULE, export: 'packedQuotientModel', argument };
}

/**
 * The result of a search of `quotient`'s model as `model`'s: each counterexample becomes a
 * trace of the quorum model of the configuration the user gave (`baseTrace`), replayed through
 * `model`, which takes actions in the same order.
 */
export function quotientResult<S, A>(model: Model<S, A>, quotient: CheckQuotient, searched: Parameters<CheckQuotient['baseResult']>[0]): CheckResult<S, A> {
  const result = quotient.baseResult(searched);
  const results = result.results.map((r): PropertyResult<S, A> => ({ ...r, trace: r.trace === null ? null : replay(model, 0, r.trace.actionIndices) }));
  return { ...result, results };
}
