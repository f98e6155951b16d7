/**
 * Inductive invariants: a check over ALL states that satisfy a candidate invariant, reachable
 * or not. An invariant is inductive when it holds in every initial state (initiation) and every
 * enabled action from every state satisfying it leads to a state satisfying it (consecution).
 * Then it holds in every reachable state, at any depth: no bound on the length of executions.
 *
 * The states come from the caller: an exhaustive enumerator of a bounded domain (then the
 * answer is a proof for that domain), or a fast-check arbitrary (then an `inductive` answer is
 * evidence, and a counterexample to induction is shrunk to a small one). Generic: this file
 * knows only `Model`.
 */
import fc from 'fast-check';
import { GrowableByteWriter } from './byte-writer.ts';
import type { JsonValue, Model } from './model.ts';
import { ExplorerError } from './errors.ts';
import { modelEncoder } from './model-encoder.ts';

/** A candidate invariant: a named predicate over states. */
export interface Invariant<S> {
  readonly name: string;
  /** One line saying what the invariant claims, for reports and `--help`. */
  readonly description?: string;
  holds(state: S): boolean;
}

/** Where the states to check come from. */
export interface StateSpace<S> {
  /** Arbitrary states of the model's type; fast-check shrinks a counterexample through it. */
  readonly arbitrary: fc.Arbitrary<S>;
  /** Every state of a bounded domain, when it is small enough to enumerate. */
  readonly exhaustive?: () => Iterable<S>;
}

/** How to check. */
export interface InductOptions<S> {
  /** States to generate when there is no exhaustive enumerator (or it is not used). Default 10,000. */
  readonly numRuns?: number;
  /** Seed for generation. Default 1, so two runs agree. */
  readonly seed?: number;
  /** Use the exhaustive enumerator when the state space has one. Default true. */
  readonly exhaustive?: boolean;
  /** A property the invariant should imply (e.g. the safety property it is meant to prove): checked on every covered state that satisfies the invariant. */
  readonly implies?: Invariant<S>;
}

/** What the consecution check covered. */
export type InductCoverage =
  | {
      readonly kind: 'exhaustive';
      /** States of the bounded domain enumerated. */
      readonly states: number;
      /** Of those, the ones satisfying the invariant (their successors were checked). */
      readonly satisfying: number;
      /** Steps taken from satisfying states. */
      readonly transitions: number;
    }
  | {
      readonly kind: 'generated';
      /** States generated (before a counterexample was found, if one was). */
      readonly tried: number;
      readonly satisfying: number;
      readonly transitions: number;
      readonly seed: number;
    };

/** A state and a step from it, with the model's own words for them when it has describe hooks. */
export interface InductStep<S, A> {
  readonly state: S;
  readonly action: A;
  /** The action's index among those enabled in `state`. */
  readonly actionIndex: number;
  readonly successor: S;
  /** The model's label for the action (`describe.action`), else the action as JSON. */
  readonly actionLabel: string;
  /** `describe.state` of the state and its successor, when the model has it. */
  readonly stateView?: Record<string, JsonValue>;
  readonly successorView?: Record<string, JsonValue>;
  /** `describe.step`'s narration, when the model has it. */
  readonly narration?: string;
}

/** Whether the invariant implies the property asked for in `InductOptions.implies`. */
export type Implication<S> =
  | { readonly property: string; readonly implied: true }
  | { readonly property: string; readonly implied: false; readonly state: S; readonly stateView?: Record<string, JsonValue> };

/** The answer of {@link checkInductive}. */
export type InductResult<S, A> =
  | {
      readonly verdict: 'inductive';
      readonly invariant: string;
      readonly coverage: InductCoverage;
      /** True only for exhaustive enumeration: a proof for the bounded domain; generation is evidence. */
      readonly proof: boolean;
      /** What was covered, in words, e.g. "exhaustive over 41,472 states ...". */
      readonly covered: string;
      readonly implication?: Implication<S>;
    }
  | {
      readonly verdict: 'not-initial';
      readonly invariant: string;
      /** The initial state that does not satisfy the invariant. */
      readonly state: S;
      readonly initialIndex: number;
      readonly stateView?: Record<string, JsonValue>;
      readonly covered: string;
    }
  | {
      readonly verdict: 'not-inductive';
      readonly invariant: string;
      /** A state satisfying the invariant, and a step from it to one that does not. */
      readonly step: InductStep<S, A>;
      readonly coverage: InductCoverage;
      /** Exhaustive: how many enumerated states satisfying the invariant have a breaking step (the smallest is shown). */
      readonly breakingStates?: number;
      readonly covered: string;
    };

/** Thrown when the model throws on a state from the state space (the generator makes states the model does not accept). */
export class InductError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InductError';
  }
}

const DEFAULT_RUNS = 10_000;
const DEFAULT_SEED = 1;

/**
 * Checks whether `invariant` is inductive for `model` over `states`.
 *
 * Initiation: every `init()` state satisfies it. Consecution: from every state the enumerator
 * yields (or fast-check generates) that satisfies it, every enabled action leads to a state
 * satisfying it. The first failure is the answer: `not-initial`, or `not-inductive` with the
 * state, the action and the successor (exhaustive: the smallest breaking state by encoded size;
 * generated: shrunk by fast-check).
 */
export function checkInductive<S, A>(
  model: Model<S, A>,
  invariant: Invariant<S>,
  states: StateSpace<S>,
  options: InductOptions<S> = {},
): InductResult<S, A> {
  const initial = model.init();
  for (let i = 0; i < initial.length; i++) {
    if (!invariant.holds(initial[i])) {
      const view = model.describe?.state?.(initial[i]);
      return {
        verdict: 'not-initial',
        invariant: invariant.name,
        state: initial[i],
        initialIndex: i,
        ...(view !== undefined ? { stateView: view } : {}),
        covered: `initial state ${i + 1} of ${initial.length} does not satisfy it`,
      };
    }
  }
  if (states.exhaustive !== undefined && options.exhaustive !== false) return consecutionExhaustive(model, invariant, states.exhaustive(), options);
  return consecutionGenerated(model, invariant, states.arbitrary, options);
}

/** The first enabled action from `state` whose successor breaks the invariant, or null. */
function breakingStep<S, A>(model: Model<S, A>, invariant: Invariant<S>, state: S): { action: A; actionIndex: number; successor: S; steps: number } | null {
  const actions = model.actions(state);
  for (let i = 0; i < actions.length; i++) {
    const successor = model.next(state, actions[i]);
    if (!invariant.holds(successor)) return { action: actions[i], actionIndex: i, successor, steps: i + 1 };
  }
  return null;
}

function consecutionExhaustive<S, A>(model: Model<S, A>, invariant: Invariant<S>, states: Iterable<S>, options: InductOptions<S>): InductResult<S, A> {
  const writer = new GrowableByteWriter();
  const encode = modelEncoder(model);
  let count = 0;
  let satisfying = 0;
  let transitions = 0;
  let breaking = 0;
  let smallest: { state: S; size: number } | null = null;
  let notImplied: S | null = null;
  for (const state of states) {
    count++;
    if (!holdsOn(invariant, state, model)) continue;
    satisfying++;
    if (options.implies !== undefined && notImplied === null && !options.implies.holds(state)) notImplied = state;
    const actions = guard(model, state, () => model.actions(state));
    let broken = false;
    for (const action of actions) {
      transitions++;
      const successor = guard(model, state, () => model.next(state, action));
      if (!holdsOn(invariant, successor, model)) {
        broken = true;
        break;
      }
    }
    if (!broken) continue;
    breaking++;
    // The smallest breaking state by encoded size is the easiest one to read.
    writer.reset();
    encode(state, writer);
    if (smallest === null || writer.length < smallest.size) smallest = { state, size: writer.length };
  }
  const coverage: InductCoverage = { kind: 'exhaustive', states: count, satisfying, transitions };
  if (smallest !== null) {
    const found = breakingStep(model, invariant, smallest.state);
    // The same calls found this state's breaking step in the loop above.
    if (found === null) throw new ExplorerError('EXP_INTERNAL', `induct: the breaking step of a state was not found again (is ${model.name} deterministic?)`);
    return {
      verdict: 'not-inductive',
      invariant: invariant.name,
      step: describeStep(model, smallest.state, found),
      coverage,
      breakingStates: breaking,
      covered: `exhaustive over ${formatCount(count)} states of the bounded domain, ${formatCount(satisfying)} satisfying the invariant, ${formatCount(breaking)} of them with a step that breaks it`,
    };
  }
  return {
    verdict: 'inductive',
    invariant: invariant.name,
    coverage,
    proof: true,
    covered: `exhaustive over ${formatCount(count)} states of the bounded domain, ${formatCount(satisfying)} satisfying the invariant (${formatCount(transitions)} steps checked): a proof for this domain`,
    ...implicationField(model, options, notImplied),
  };
}

function consecutionGenerated<S, A>(model: Model<S, A>, invariant: Invariant<S>, arbitrary: fc.Arbitrary<S>, options: InductOptions<S>): InductResult<S, A> {
  const numRuns = options.numRuns ?? DEFAULT_RUNS;
  const seed = options.seed ?? DEFAULT_SEED;
  let tried = 0;
  let satisfying = 0;
  let transitions = 0;
  // Once a run fails, fast-check calls the predicate again while shrinking: those calls are not counted.
  let shrinking = false;
  let notImplied: S | null = null;
  const property = fc.property(arbitrary, (state) => {
    if (!shrinking) tried++;
    if (!invariant.holds(state)) return true;
    if (!shrinking) satisfying++;
    if (!shrinking && options.implies !== undefined && notImplied === null && !options.implies.holds(state)) notImplied = state;
    const actions = model.actions(state);
    for (const action of actions) {
      if (!shrinking) transitions++;
      if (!invariant.holds(model.next(state, action))) {
        shrinking = true;
        return false;
      }
    }
    return true;
  });
  const outcome = fc.check(property, { numRuns, seed });
  const coverage: InductCoverage = { kind: 'generated', tried, satisfying, transitions, seed };
  if (outcome.failed) {
    if (outcome.counterexample === null) throw new InductError(`fast-check failed without a counterexample: ${String(outcome.errorInstance)}`);
    const state = outcome.counterexample[0];
    const found = guard(model, state, () => breakingStep(model, invariant, state));
    if (found === null) {
      // A throw, not a broken step: the arbitrary made a state the model does not accept.
      throw new InductError(`the model threw on a generated state: ${errorText(outcome.errorInstance)}`);
    }
    return {
      verdict: 'not-inductive',
      invariant: invariant.name,
      step: describeStep(model, state, found),
      coverage,
      covered: `found after ${formatCount(tried)} generated states (${formatCount(satisfying)} satisfying the invariant; seed ${seed}), shrunk in ${outcome.numShrinks} steps`,
    };
  }
  return {
    verdict: 'inductive',
    invariant: invariant.name,
    coverage,
    proof: false,
    covered:
      satisfying === 0
        ? `${formatCount(tried)} generated states, none satisfying the invariant (seed ${seed}): nothing was checked`
        : `${formatCount(tried)} generated states, ${formatCount(satisfying)} satisfying the invariant (${formatCount(transitions)} steps checked; seed ${seed}): evidence, not a proof`,
    ...implicationField(model, options, notImplied),
  };
}

function implicationField<S, A>(model: Model<S, A>, options: InductOptions<S>, notImplied: S | null): { implication?: Implication<S> } {
  if (options.implies === undefined) return {};
  const property = options.implies.name;
  if (notImplied === null) return { implication: { property, implied: true } };
  const view = model.describe?.state?.(notImplied);
  return { implication: { property, implied: false, state: notImplied, ...(view !== undefined ? { stateView: view } : {}) } };
}

function describeStep<S, A>(model: Model<S, A>, state: S, found: { action: A; actionIndex: number; successor: S }): InductStep<S, A> {
  const describe = model.describe;
  const stateView = describe?.state?.(state);
  const successorView = describe?.state?.(found.successor);
  const narration = describe?.step?.(state, found.action, found.successor).narration;
  return {
    state,
    action: found.action,
    actionIndex: found.actionIndex,
    successor: found.successor,
    actionLabel: describe !== undefined ? describe.action(state, found.action) : jsonLabel(found.action),
    ...(stateView !== undefined ? { stateView } : {}),
    ...(successorView !== undefined ? { successorView } : {}),
    ...(narration !== undefined && narration.trim() !== '' ? { narration: narration.trim() } : {}),
  };
}

function holdsOn<S, A>(invariant: Invariant<S>, state: S, model: Model<S, A>): boolean {
  return guard(model, state, () => invariant.holds(state));
}

/** Runs `work`, turning a throw into an `InductError` that says which kind of state caused it. */
function guard<S, A, T>(model: Model<S, A>, state: S, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InductError) throw error;
    const view = model.describe?.state?.(state);
    throw new InductError(`model '${model.name}' threw on a state of the state space: ${errorText(error)}${view !== undefined ? ` (state: ${JSON.stringify(view)})` : ''}`);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function jsonLabel(action: unknown): string {
  try {
    return JSON.stringify(action) ?? String(action);
  } catch {
    return String(action);
  }
}

/** A count with thousands separators, independent of the locale: `41,472`. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
