/**
 * The quotients of what no checked property can observe, put together for one check: which
 * rules apply to a configuration and a set of properties, the model to search, and the way
 * back from a trace of that model to a trace of the quorum model itself.
 *
 * The rules, each proved in its own file:
 * - `unobservable-faults.ts`: fault budgets the properties cannot observe at all are set to
 *   zero (a configuration-level transformation, said in one line by `check`);
 * - `last-op-timeouts.ts`: a timeout of a client's last operation is not explored where the
 *   properties cannot tell it from waiting (a filter on enabled actions);
 * - `lazy-faults.ts`: a fault is explored only where a step right after it observes it, and a
 *   partition's cut is chosen by that step (a flag and a fingerprint rule).
 * They compose: each keeps, within any number of steps, every history the previous one
 * reaches (the filter and the lazy rule only drop steps a history-preserving rearrangement
 * does without), so verdicts and BFS counterexample lengths are those of the quorum model.
 * None applies to `convergence` (liveness): with it, there is no quotient.
 *
 * A trace of the searched model is a trace of the quorum model of the original configuration
 * once each step taken under a newly chosen cut has its partition step name that cut; budgets
 * set to zero only make the original's budgets larger. `plainTrace` rebuilds it by replaying
 * the same actions through the quorum model, so reports, ITF files and `replay` see the
 * model they know.
 */
import { type Model, type CheckResult, type PropertyResult, type Trace, replay } from '../../explorer/index.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import { HISTORY_PROPERTIES } from '../protocols/properties.ts';
import type { PackedAction, PackedState } from '../packed/model.ts';
import type { FaultSurface } from './fault-surface.ts';
import { giveUpExplored, lastOpTimeoutRule, type LastOpTimeoutRule } from './last-op-timeouts.ts';
import type { LazyAction, LazyState } from './lazy-faults.ts';
import { FreshState, UnderChoice, lazyFaultKinds, lazyFaultModel } from './lazy-faults.ts';
import { packedSurface, type PackedMessage } from './packed-surface.ts';
import type { FaultBudget, UnobservableFaults } from './unobservable-faults.ts';
import { unobservableFaults } from './unobservable-faults.ts';

/** The quotient rules one check uses. */
export interface QuotientPlan {
  /** Budgets set to zero because the properties cannot observe them, or null. */
  readonly unobservable: UnobservableFaults | null;
  /** Where timeouts of clients' last operations are left unexplored. */
  readonly lastOpTimeouts: LastOpTimeoutRule;
  /** The faults explored lazily (those left in the searched configuration's budgets). */
  readonly lazyFaults: readonly FaultBudget[];
}

/** The names of the rules a plan uses, for `--json` and the summary. */
export function planRules(plan: QuotientPlan): string[] {
  const rules: string[] = [];
  if (plan.unobservable !== null) rules.push('unobservable-faults');
  if (plan.lastOpTimeouts !== 'never') rules.push('last-op-timeouts');
  if (plan.lazyFaults.length > 0) rules.push('lazy-faults');
  return rules;
}

/** A check's quotient over a quorum model with states `S`, actions `A` and messages `M`. */
export interface QuotientSearch<S, A, M = unknown> {
  readonly plan: QuotientPlan;
  /** The configuration the check is about. */
  readonly original: QuorumConfig;
  /** The configuration searched (the original, or with unobservable budgets at zero). */
  readonly config: QuorumConfig;
  /** The model to search. */
  readonly model: Model<LazyState<S>, LazyAction<A, M>>;
  /** The quorum model of the original configuration, whose traces `baseTrace` returns. */
  readonly base: Model<S, A>;
  /** The trace of `base` that `trace`, found in `model`, stands for: the same steps, each chain's faults the cut, nodes and messages its observer chose. */
  baseTrace(trace: Trace<LazyState<S>, LazyAction<A, M>>): Trace<S, A>;
  /** `result` with every trace replaced by its `baseTrace`. */
  baseResult(result: CheckResult<LazyState<S>, LazyAction<A, M>>): CheckResult<S, A>;
}

/** What the worker factory receives, so a search worker builds the same model. */
export interface QuotientArgument {
  readonly config: QuorumConfig;
  readonly properties: readonly string[];
}

/**
 * The quotient for checking `properties` on `config` over the quorum model `surfaceOf` gives
 * (readable or packed), or null when no rule applies (a property not over the history is
 * checked, or the configuration leaves nothing to quotient).
 */
export function quotientSearch<S, A, M>(config: QuorumConfig, properties: readonly string[], surfaceOf: (config: QuorumConfig) => FaultSurface<S, A, M>): QuotientSearch<S, A, M> | null {
  if (properties.length === 0 || !properties.every((p) => (HISTORY_PROPERTIES as readonly string[]).includes(p))) return null;
  const unobservable = unobservableFaults(config, properties);
  const searched = unobservable?.config ?? config;
  const lastOpTimeouts = lastOpTimeoutRule(searched, properties);
  const kinds = lazyFaultKinds(searched);
  const lazyFaults: FaultBudget[] = [];
  if (kinds.partitions) lazyFaults.push('partitions');
  if (kinds.crashes) lazyFaults.push('crashes');
  if (kinds.drops) lazyFaults.push('drops');
  const plan: QuotientPlan = { unobservable, lastOpTimeouts, lazyFaults };
  if (planRules(plan).length === 0) return null;
  const surface = surfaceOf(searched);
  // With only budgets removed, the model of the smaller configuration is searched as it is:
  // its states and actions are the lazy model's (no state is fresh, no action under a cut).
  const model =
    lastOpTimeouts === 'never' && lazyFaults.length === 0
      ? (surface.base as unknown as Model<LazyState<S>, LazyAction<A, M>>)
      : lazyFaultModel(surface, { ...kinds, giveUpExplored: (s, c) => giveUpExplored(searched, lastOpTimeouts, surface, s, c) });
  const target = unobservable === null ? surface : surfaceOf(config);
  const baseTrace = (trace: Trace<LazyState<S>, LazyAction<A, M>>): Trace<S, A> => toBaseTrace(target, trace);
  return {
    plan,
    original: config,
    config: searched,
    model,
    base: target.base,
    baseTrace,
    baseResult: (result) => ({
      ...result,
      results: result.results.map((r): PropertyResult<S, A> => ({ ...r, trace: r.trace === null ? null : baseTrace(r.trace) })),
    }),
  };
}

/** The quotient model over the packed quorum model, for a search worker (a factory export: one structured-cloneable argument). */
export function packedQuotientModel(argument: QuotientArgument): Model<LazyState<PackedState>, LazyAction<PackedAction, PackedMessage>> {
  const search = quotientSearch(argument.config, argument.properties, packedSurface);
  if (search === null) throw new Error('no quotient applies to this configuration and these properties');
  return search.model;
}

/** See `QuotientSearch.baseTrace`. Throws when the trace does not replay (a bug, never an output). */
export function toBaseTrace<S, A, M>(surface: FaultSurface<S, A, M>, trace: Trace<LazyState<S>, LazyAction<A, M>>): Trace<S, A> {
  if (trace.loopStart !== undefined) throw new Error('a lasso of a quotient model has no trace of the model (quotients preserve no liveness property)');
  const model = surface.base;
  // Each step as a test on the enabled actions of the state it is taken in: a chain's fault
  // steps are rewritten, once its observer is known, to take the cut, nodes and messages it chose.
  type Pick = (candidate: A, state: S) => boolean;
  const same = (action: A): Pick => (candidate) => surface.sameAction(candidate, action);
  const picks: Pick[] = [];
  let chainStart = 0;
  for (const a of trace.actions) {
    if (a instanceof UnderChoice) {
      const { cut, crashed, dropped } = (a).choice;
      let crash = 0;
      let drop = 0;
      for (let i = chainStart; i < picks.length; i++) {
        const kind = surface.kind(trace.actions[i] as A);
        if (kind === 'partition') picks[i] = same(surface.partitionAction(cut));
        else if (kind === 'crash') {
          const node = crashed[crash++];
          picks[i] = (candidate) => surface.kind(candidate) === 'crash' && surface.argument(candidate) === node;
        } else if (kind === 'drop') {
          const m = dropped[drop++];
          picks[i] = (candidate, state) => surface.kind(candidate) === 'drop' && surface.compareMessages(surface.message(state, surface.argument(candidate)), m) === 0;
        }
      }
      picks.push(same((a).action));
      chainStart = picks.length;
      continue;
    }
    picks.push(same(a));
    const kind = surface.kind(a);
    if (kind !== 'partition' && kind !== 'crash' && kind !== 'drop') chainStart = picks.length;
  }
  let state = model.init()[0];
  const indices: number[] = [];
  for (const pick of picks) {
    const enabled = model.actions(state);
    const k = enabled.findIndex((candidate) => pick(candidate, state));
    if (k < 0) throw new Error(`a quotient trace does not replay in the quorum model at step ${indices.length + 1}`);
    indices.push(k);
    state = model.next(state, enabled[k]);
  }
  const rebuilt = replay(model, 0, indices);
  const last = trace.states[trace.states.length - 1];
  const end = last instanceof FreshState ? (last.state) : (last);
  const replayed = rebuilt.states[rebuilt.states.length - 1];
  for (const p of model.properties) {
    if (p.kind === 'always' && p.check(replayed) !== p.check(end)) throw new Error(`a quotient trace replays in the quorum model to a state that judges '${p.name}' otherwise`);
  }
  return rebuilt;
}
