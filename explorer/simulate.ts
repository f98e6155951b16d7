/**
 * Random simulation: seeded random walks for models too big to exhaust, with every failing
 * walk shrunk to a small counterexample before it is reported.
 *
 * The first half of the walks ({@link UNIFORM_SHARE}) choose uniformly among the enabled
 * actions; the rest are swarm runs (Groce et al., ISSTA 2012): each draws a weight per action
 * kind ({@link actionKind}), some kinds switched off, and chooses in proportion. A violation
 * that needs one kind held back for many steps (a partition kept up while a `heal` is enabled
 * at every step, one client's operation delayed until another's completes) is out of reach of
 * uniform walks and found by the swarm runs that switch that kind off.
 *
 * A walk is a list of choices: which initial state, then which enabled action at each step.
 * A choice is read modulo the number of actions enabled where it is taken, so any list of
 * natural numbers is a valid walk; that is what lets fast-check shrink a walk freely
 * (dropping steps, lowering choices) without ever producing an invalid one.
 *
 * Shrinking a walk that reaches a target (a state violating an `always` property, or one
 * witnessing a `sometimes` property) runs these passes:
 * 1. loop erasure: where the walk visits a state twice (equal canonical encodings), the steps
 *    between the two visits are cut (linear, so it runs first, on the raw walk);
 * 2. fast-check's own shrinker on `fc.tuple(fc.nat(), fc.array(fc.nat()))`, given the walk
 *    as its only example: it removes chunks of steps and lowers choices (at most half of the
 *    shrink budget);
 * 3. local passes repeated to a fixpoint, loops erased after each gain: delete one step,
 *    delete two adjacent steps, lower one choice; delete one step with the later steps matched
 *    by their label rather than their index; and a shortcut search (a breadth-first search of
 *    radius {@link SHORTCUT_RADIUS} around each state of the trace, for a target or a later
 *    state of the trace in fewer steps than the trace takes).
 *
 * A candidate replaces the trace only when it is better: shorter, or as long with a smaller
 * initial index or lexicographically smaller choices. What is guaranteed of the returned trace
 * when the shrink budget did not run out: only its last state reaches the target; no state
 * repeats; no candidate of pass 3 is better; hence no state of the trace has a target, or a
 * later state of the trace, within {@link SHORTCUT_RADIUS} steps that the trace reaches in
 * more steps (each search visits at most {@link SHORTCUT_STATES} states). In particular, a
 * target within {@link SHORTCUT_RADIUS} steps of the trace's initial state gives a trace of
 * exactly the shortest length from that state. It is a local minimum, not a global one: only
 * a breadth-first search guarantees shortest counterexamples.
 */
import fc from 'fast-check';
import { ExplorerError } from './errors.ts';
import { GrowableByteWriter } from './byte-writer.ts';
import type { Model, Property } from './model.ts';
import { modelEncoder, type Encode } from './model-encoder.ts';
import { replay } from './replay.ts';
import type { CheckOptions, CheckResult, PropertyResult, Stats, Trace, Verdict } from './result.ts';
import { selectProperties } from './_internals/assemble.ts';
import { ModelCalls } from './_internals/model-calls.ts';
import { PropertyChecks } from './_internals/property-checks.ts';
import { progressOf, StopGuard } from './_internals/stop-guard.ts';

/** Random walks per simulation when `runs` is not given. */
export const DEFAULT_RUNS = 1000;
/** Steps per walk when neither `maxSteps` nor `limits.maxDepth` is given. */
export const DEFAULT_MAX_STEPS = 100;
/** The seed when `seed` is not given, so that two runs give the same answer. */
export const DEFAULT_SEED = 1;
/** The shrink budget in seconds when no `limits.timeoutSeconds` is given. */
export const DEFAULT_SHRINK_SECONDS = 10;
/**
 * The share of the runs that walk uniformly before the swarm runs start. Half: a violation a
 * uniform walk finds in its first few runs is found exactly as before (same draws), and one
 * that needs a skewed mix of actions still gets half the runs.
 */
export const UNIFORM_SHARE = 0.5;
/** The probability that a swarm run switches an action kind off (weight 0). */
export const SWARM_OFF_PROBABILITY = 0.5;
/** How far (in steps) the shortcut search looks around each state of a trace. */
export const SHORTCUT_RADIUS = 3;
/** How many states one shortcut search may visit. */
export const SHORTCUT_STATES = 4096;

/** Options of a random simulation: those of any search, plus the number and length of walks. */
export interface SimulateOptions extends CheckOptions {
  /** How many random walks; default {@link DEFAULT_RUNS}. */
  readonly runs?: number;
  /**
   * The most steps one walk takes; default `limits.maxDepth`, else {@link DEFAULT_MAX_STEPS}
   * (when both are given, the smaller).
   */
  readonly maxSteps?: number;
  /**
   * Seconds shrinking may take after the walks end (shared by all the properties found);
   * default {@link DEFAULT_SHRINK_SECONDS}, or what `limits.timeoutSeconds` leaves when that
   * is less, but at least one second.
   */
  readonly shrinkSeconds?: number;
}

/**
 * Check a model by seeded random walks, shrinking each counterexample found.
 *
 * Walks start from a random initial state and take, at each step, an action chosen among those
 * enabled (xoshiro128** seeded from `options.seed`): uniformly in the first half of the runs,
 * by per-kind swarm weights in the rest (see the module comment), for `runs` walks of at most
 * `maxSteps` steps or until an action-less state; every checked `always` and `sometimes`
 * property is evaluated on every state. The answer is never an exhaustive one:
 * - `always`: `violated` with a shrunk counterexample, or `inconclusive`;
 * - `sometimes`: `holds` with a shrunk example (an example proves it), or `inconclusive`;
 * - `eventually`, `always-eventually`: `inconclusive` (liveness needs an exhaustive search).
 *
 * `Stats.states` counts the states visited along the walks, repeats included (no visited set
 * is kept), `transitions` the steps taken, `depth` the longest walk; `seconds` includes
 * shrinking, and `statesPerSecond` is over those seconds.
 *
 * @throws ExplorerError `EXP_UNKNOWN_PROPERTY` when `options.properties` names a property the
 *   model lacks; `EXP_INTERNAL` when a shrunk trace does not replay (a bug, never an output).
 */
export async function simulate<S, A>(model: Model<S, A>, options: SimulateOptions = {}): Promise<CheckResult<S, A>> {
  const limits = options.limits ?? {};
  const runs = Math.max(0, Math.floor(options.runs ?? DEFAULT_RUNS));
  const maxSteps = Math.max(0, Math.floor(Math.min(options.maxSteps ?? limits.maxDepth ?? DEFAULT_MAX_STEPS, limits.maxDepth ?? Infinity)));
  const seed = options.seed ?? DEFAULT_SEED;
  const checked = selectProperties(model, options.properties, options.deadlock === true);
  const calls = new ModelCalls(model, modelEncoder(model));
  // The same per-state checks as an exhaustive search; a finding is a walk here, not a state id.
  const checks = new PropertyChecks(calls as ModelCalls<S, unknown>, {
    invariants: checked.filter((p) => p.kind === 'always'),
    witnesses: checked.filter((p) => p.kind === 'sometimes'),
  });
  const targets = [...checks.invariants, ...checks.witnesses];
  // The state limit counts the states visited along the walks (repeats included), checked between walks.
  const guard = new StopGuard(limits, options.shouldStop, options.timeOrigin);
  guard.start();

  const rng = xoshiro128ss(seed);
  const uniformRuns = Math.ceil(runs * UNIFORM_SHARE);
  const found = new Map<string, Walk>();
  let states = 0;
  let steps = 0;
  let depth = 0;
  let runsDone = 0;
  let lastYield = performance.now();

  const poll = async (): Promise<boolean> => {
    if (guard.poll()) return true;
    const now = performance.now();
    if (options.onProgress !== undefined && guard.progressDue()) options.onProgress(progressOf(states, steps, depth, runs - runsDone, guard.seconds));
    if (now - lastYield >= 50) {
      // A macrotask turn lets signal handlers and timers run during a long simulation.
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    return guard.stopped;
  };

  // Where a walk is: its initial state and choices so far, for the fault a model throw becomes.
  let initIndex = -1;
  let choice = -1;
  const choices: number[] = [];
  const visit = (state: S): void => {
    states++;
    const bits = checks.newFindings(state);
    if (bits === 0) return;
    for (let p = 0; p < targets.length; p++) {
      if (((bits >>> p) & 1) !== 0) found.set(targets[p].name, { initIndex, choices: choices.slice() });
    }
    checks.recordFlags(bits, -1, 0, 0);
  };

  try {
    const inits = calls.initialStates();
    if (targets.length > 0) {
      runLoop: for (; runsDone < runs; runsDone++) {
        if (await poll()) break;
        if (guard.stateLimitReached(states)) break;
        initIndex = rng.below(inits.length);
        choices.length = 0;
        choice = -1;
        // The first share of the runs walks uniformly (and draws exactly what it always did from
        // the generator, so shallow violations are found as before); the rest are swarm runs.
        const swarm = runsDone >= uniformRuns ? new Swarm(rng) : undefined;
        let state = inits[initIndex];
        visit(state);
        for (let step = 0; step < maxSteps; step++) {
          if (checks.undecided === 0) break;
          const actions = calls.actions(state);
          if (actions.length === 0) break;
          choice = swarm === undefined ? rng.below(actions.length) : swarm.choose(actions.map((action) => actionKind(model, state, action)));
          state = calls.next(state, actions[choice]);
          choices.push(choice);
          choice = -1;
          steps++;
          depth = Math.max(depth, choices.length);
          visit(state);
          if ((steps & 1023) === 0 && (await poll())) {
            runsDone++;
            break runLoop;
          }
        }
        if (checks.undecided === 0) {
          runsDone++;
          break;
        }
      }
    }
  } catch (error) {
    // The state the failing call was made on: the walk so far (its last choice taken, unless `next` or `actions` failed on it).
    const path = initIndex < 0 || calls.call === 'init' ? null : { initIndex, actionIndices: choices.slice() };
    const property = calls.call === 'property' ? checks.nameAt(calls.property) : undefined;
    throw calls.fault(error, path, { ...(calls.call === 'next' && choice >= 0 ? { actionIndex: choice } : {}), ...(property === undefined ? {} : { property }) });
  }

  guard.tick();
  const searchEnded = performance.now();
  const deadline = limits.timeoutSeconds === undefined ? Infinity : searchEnded + (limits.timeoutSeconds - guard.limitSeconds) * 1000;
  // Shrinking gets what the timeout leaves, but at least a second: a long walk would be a
  // poor counterexample, and the violation it shows is already certain.
  const shrinkSeconds = options.shrinkSeconds ?? Math.min(DEFAULT_SHRINK_SECONDS, Math.max(1, (deadline - searchEnded) / 1000));
  const shrinkDeadline = searchEnded + shrinkSeconds * 1000;

  const coverage =
    `${formatCount(runsDone)} random run${runsDone === 1 ? '' : 's'} of up to ${formatCount(maxSteps)} steps ` +
    `(${formatCount(steps)} steps, ${formatCount(states)} states visited, repeats included)` +
    (guard.stopped ? `, cut short: ${guard.stopText()}` : '');

  // Shrinking calls the model again (and encodes states, to erase loops): a fault there has no one state to name.
  let results: PropertyResult<S, A>[];
  try {
    results = judgeWalks();
  } catch (error) {
    if (!(error instanceof EncodeFailure)) throw calls.fault(error, null);
    calls.call = 'encode';
    throw calls.fault(error.error, null);
  }

  function judgeWalks(): PropertyResult<S, A>[] {
    return checked.map((property): PropertyResult<S, A> => {
    const base = { property: property.name, kind: property.kind };
    if (property.kind === 'eventually' || property.kind === 'always-eventually') {
      return { ...base, verdict: 'inconclusive', trace: null, reason: 'liveness needs an exhaustive search' };
    }
    const walk = found.get(property.name);
    if (walk === undefined) {
      const what = property.kind === 'always' ? 'violation' : 'example';
      return { ...base, verdict: 'inconclusive', trace: null, reason: `${coverage} found no ${what}; a simulation never proves a property` };
    }
    const shrunk = shrinkWalk(model, property, walk, seed, shrinkDeadline, options.shouldStop);
    const trace = replayWalk(model, property, shrunk.walk);
    const verdict: Verdict = property.kind === 'always' ? 'violated' : 'holds';
    return shrunk.complete ? { ...base, verdict, trace } : { ...base, verdict, trace, reason: 'shrinking was cut short (its time budget, or a stop request); the trace may not be minimal' };
    });
  }

  guard.tick();
  const seconds = guard.seconds;
  const stats: Stats = {
    states,
    transitions: steps,
    depth,
    seconds,
    statesPerSecond: seconds > 0 ? states / seconds : 0,
    peakMemoryBytes: guard.peakMemoryBytes,
    bytesPerState: 0,
  };
  return {
    verdict: overallVerdict(results),
    results,
    stats,
    exhaustive: false,
    coverage: found.size === 0 ? `${coverage}; a simulation never proves a property` : coverage,
    collisionProbability: 0,
    strategy: 'random',
    symmetry: false,
    reduction: false,
  };
}

/** A walk as choices: the initial state, then one choice per step (read modulo the enabled count). */
interface Walk {
  readonly initIndex: number;
  readonly choices: readonly number[];
}

/**
 * The kind of an action, which swarm testing weighs: for an object with a string `kind` (or
 * else `type`) field, that field, suffixed with its numeric `client` field (`invoke:c1`) or
 * else its numeric `node` field (`crash:n2`) when it has one, so a swarm run can hold back one
 * client's operation or crash one node while the others proceed; otherwise the first word of
 * the model's label for it; otherwise one kind for every action.
 */
export function actionKind<S, A>(model: Model<S, A>, state: S, action: A): string {
  if (typeof action === 'object' && action !== null) {
    const fields = action as Readonly<Record<string, unknown>>;
    const kind = typeof fields.kind === 'string' ? fields.kind : typeof fields.type === 'string' ? fields.type : undefined;
    if (kind !== undefined) {
      if (typeof fields.client === 'number') return `${kind}:c${fields.client}`;
      if (typeof fields.node === 'number') return `${kind}:n${fields.node}`;
      return kind;
    }
  }
  if (model.describe !== undefined) {
    const word = /\S+/.exec(model.describe.action(state, action));
    if (word !== null) return word[0];
  }
  return '';
}

/**
 * The action weights of one swarm run (Groce et al., "Swarm testing", ISSTA 2012): each action
 * kind, when first met, is switched off with probability {@link SWARM_OFF_PROBABILITY} or else
 * weighted uniformly in (0, 1]; an action is then chosen with probability proportional to its
 * kind's weight, uniformly when every enabled action's kind is off. A uniform walk almost never
 * keeps a partition up for twenty steps while a heal is enabled at each; a run with `heal` off
 * does so always. Weights are drawn from the run's generator, so a seed still fixes the walk.
 */
class Swarm {
  private readonly weights = new Map<string, number>();

  constructor(private readonly rng: Rng) {}

  /** The index of the chosen action, given the kind of each enabled action (at least one). */
  choose(kinds: readonly string[]): number {
    let total = 0;
    const weights = kinds.map((kind) => {
      let weight = this.weights.get(kind);
      if (weight === undefined) {
        weight = this.rng.unit() < SWARM_OFF_PROBABILITY ? 0 : 1 - this.rng.unit();
        this.weights.set(kind, weight);
      }
      total += weight;
      return weight;
    });
    if (total === 0) return this.rng.below(kinds.length);
    let point = this.rng.unit() * total;
    for (let i = 0; i < weights.length; i++) {
      point -= weights[i];
      if (point < 0 && weights[i] > 0) return i;
    }
    // Rounding left the point at the very end: the last action with a weight.
    for (let i = weights.length - 1; ; i--) if (weights[i] > 0) return i;
  }
}

/** Where a walk first reaches its target: the steps taken, or -1 when it never does. */
type Reach = number;

function reachesTarget<S>(property: Property<S>, state: S): boolean {
  return property.kind === 'always' ? !property.check(state) : property.check(state);
}

function overallVerdict<S, A>(results: readonly PropertyResult<S, A>[]): Verdict {
  if (results.some((r) => r.verdict === 'violated')) return 'violated';
  if (results.length === 0 || results.some((r) => r.verdict === 'inconclusive')) return 'inconclusive';
  return 'holds';
}

/** Follow `walk` and return how many steps it takes to first reach the target, or -1. */
function reach<S, A>(model: Model<S, A>, property: Property<S>, walk: Walk): Reach {
  const inits = model.init();
  if (inits.length === 0) return -1;
  let state = inits[walk.initIndex % inits.length];
  if (reachesTarget(property, state)) return 0;
  for (let step = 0; step < walk.choices.length; step++) {
    const actions = model.actions(state);
    if (actions.length === 0) return -1;
    state = model.next(state, actions[walk.choices[step] % actions.length]);
    if (reachesTarget(property, state)) return step + 1;
  }
  return -1;
}

/**
 * `walk` cut at its first target and with each choice reduced modulo its enabled count, with
 * the states it visits; undefined when it never reaches the target.
 */
function canonical<S, A>(model: Model<S, A>, property: Property<S>, walk: Walk): { walk: Walk; states: S[] } | undefined {
  const inits = model.init();
  if (inits.length === 0) return undefined;
  const initIndex = walk.initIndex % inits.length;
  let state = inits[initIndex];
  const states = [state];
  const choices: number[] = [];
  if (reachesTarget(property, state)) return { walk: { initIndex, choices }, states };
  for (const choice of walk.choices) {
    const actions = model.actions(state);
    if (actions.length === 0) return undefined;
    choices.push(choice % actions.length);
    state = model.next(state, actions[choice % actions.length]);
    states.push(state);
    if (reachesTarget(property, state)) return { walk: { initIndex, choices }, states };
  }
  return undefined;
}

/** Whether `a` is a strictly better counterexample than `b`: shorter, or as long with smaller choices. */
function better(a: Walk, b: Walk): boolean {
  if (a.choices.length !== b.choices.length) return a.choices.length < b.choices.length;
  if (a.initIndex !== b.initIndex) return a.initIndex < b.initIndex;
  for (let i = 0; i < a.choices.length; i++) {
    if (a.choices[i] !== b.choices[i]) return a.choices[i] < b.choices[i];
  }
  return false;
}

/**
 * Shrink a walk that reaches the target of `property` (see the module comment for the passes
 * and what they guarantee). `complete` is false when the deadline or `shouldStop` cut it short.
 */
function shrinkWalk<S, A>(
  model: Model<S, A>,
  property: Property<S>,
  walk: Walk,
  seed: number,
  deadline: number,
  shouldStop: (() => boolean) | undefined,
): { walk: Walk; complete: boolean } {
  const stop = (): boolean => performance.now() >= deadline || shouldStop?.() === true;
  const first = canonical(model, property, walk);
  if (first === undefined) throw new ExplorerError('EXP_INTERNAL', `the walk that reached "${property.name}" does not reach it again`);
  // Loop erasure first: it is linear, and it can turn a long walk into a short one before
  // fast-check's shrinker, whose cost grows quickly with the length, sees it.
  let best = eraseLoops(model, property, first.walk);
  let interrupted = false;
  const halt = (): boolean => (interrupted ||= stop());

  // fast-check's shrinker, given at most half of the time left so the local passes, which
  // carry the guarantees, get the rest. An example value is shrunk without its generation
  // context, which needs the arbitrary to accept it: hence bounds derived from the walk.
  const fastCheckDeadline = performance.now() + (deadline - performance.now()) / 2;
  const initCount = model.init().length;
  const arbitrary = fc.tuple(fc.nat({ max: initCount - 1 }), fc.array(fc.nat(), { maxLength: best.choices.length }));
  const example: [number, number[]] = [best.initIndex, best.choices.slice()];
  const details = fc.check(
    fc.property(arbitrary, ([initIndex, choices]) => {
      // An interrupting precondition failure ends the run, shrinking included, keeping the
      // smallest counterexample so far.
      if (halt() || performance.now() >= fastCheckDeadline) throw new fc.PreconditionFailure(true);
      return reach(model, property, { initIndex, choices }) < 0;
    }),
    { seed: seed | 0, numRuns: 1, examples: [[example]] },
  );
  if (details.failed && details.counterexample !== null) {
    const [initIndex, choices] = details.counterexample[0];
    const shrunk = canonical(model, property, { initIndex, choices });
    if (shrunk !== undefined && better(shrunk.walk, best)) best = shrunk.walk;
  }

  const firstBetter = (candidates: Iterable<Walk>): Walk | undefined => {
    for (const candidate of candidates) {
      if (halt()) return undefined;
      const next = canonical(model, property, candidate);
      if (next !== undefined && better(next.walk, best)) return next.walk;
    }
    return undefined;
  };
  best = eraseLoops(model, property, best);
  while (!halt()) {
    const next =
      firstBetter(localCandidates(best)) ??
      firstBetter(deletionsByAction(model, property, best)) ??
      (halt() ? undefined : shortcutSearch(model, property, best, halt));
    if (next === undefined) break;
    best = eraseLoops(model, property, next);
  }
  return { walk: best, complete: !interrupted };
}

/** Walks one local edit away from `walk`: one step deleted, two adjacent steps deleted, one choice lowered. */
function* localCandidates(walk: Walk): Generator<Walk> {
  const { initIndex, choices } = walk;
  for (let i = 0; i < choices.length; i++) yield { initIndex, choices: [...choices.slice(0, i), ...choices.slice(i + 1)] };
  for (let i = 0; i + 1 < choices.length; i++) yield { initIndex, choices: [...choices.slice(0, i), ...choices.slice(i + 2)] };
  for (let v = 0; v < initIndex; v++) yield { initIndex: v, choices };
  for (let i = 0; i < choices.length; i++) {
    for (let v = 0; v < choices[i]; v++) yield { initIndex, choices: [...choices.slice(0, i), v, ...choices.slice(i + 1)] };
  }
}

/**
 * Walks with one step deleted where each later step takes the action that does the same thing
 * (same label, or same JSON when the model has no labels) rather than the same index, or else
 * the closest one (see {@link closestAction}), and is left out when none is close. In a
 * concurrent model, deleting a step often shifts the indices of unrelated later actions (a
 * message list one shorter), and can change what a later message carries (a reply without
 * the write the deleted step delivered); matching by what an action does keeps them. A
 * heuristic: every candidate is replayed and judged.
 */
function* deletionsByAction<S, A>(model: Model<S, A>, property: Property<S>, walk: Walk): Generator<Walk> {
  const path = canonical(model, property, walk);
  if (path === undefined) return;
  const { initIndex, choices } = path.walk;
  const label = (state: S, action: A): string => (model.describe === undefined ? jsonOf(action) : model.describe.action(state, action));
  const labels = choices.map((c, j) => label(path.states[j], model.actions(path.states[j])[c]));
  const without = (dropped: number): Walk => {
    const candidate = choices.slice(0, dropped);
    let state = path.states[dropped];
    for (let j = dropped + 1; j < choices.length && !reachesTarget(property, state); j++) {
      const enabled = model.actions(state);
      // Labels can be costly and the exact match is usually early: the closest is the fallback.
      let k = enabled.findIndex((action) => label(state, action) === labels[j]);
      if (k < 0) k = closestAction(enabled.map((action) => label(state, action)), labels[j]);
      if (k < 0) continue;
      candidate.push(k);
      state = model.next(state, enabled[k]);
    }
    return { initIndex, choices: candidate };
  };
  for (let i = 0; i < choices.length; i++) yield without(i);
}

/**
 * The index of the label equal to `wanted`, else of the closest one with the same first word
 * and at least half its words, else -1. Closest: the same last word first (labels that end
 * with who talks to whom, as `deliver reply 1 v(1,C1) R2->C2`, name the message there and say
 * what it carries in between), then the most words shared, then the first. So a delivery whose
 * message now carries another value (`deliver reply 0 v0 R2->C2`) matches, rather than another
 * replica's reply that happens to carry the same value (`deliver reply 1 v(1,C1) R4->C2`).
 */
function closestAction(labels: readonly string[], wanted: string): number {
  const exact = labels.indexOf(wanted);
  if (exact >= 0) return exact;
  const words = wanted.split(/\s+/);
  let best = -1;
  let bestScore = -1;
  for (let i = 0; i < labels.length; i++) {
    const theirs = labels[i].split(/\s+/);
    if (theirs[0] !== words[0]) continue;
    const left = new Map<string, number>();
    for (const word of theirs) left.set(word, (left.get(word) ?? 0) + 1);
    let shared = 0;
    for (const word of words) {
      const count = left.get(word) ?? 0;
      if (count > 0) {
        shared++;
        left.set(word, count - 1);
      }
    }
    if (2 * shared < words.length) continue;
    const score = (theirs[theirs.length - 1] === words[words.length - 1] ? words.length + 1 : 0) + shared;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

function jsonOf(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Cut the steps between two visits of the same state; the later steps replay unchanged from there. */
function eraseLoops<S, A>(model: Model<S, A>, property: Property<S>, walk: Walk): Walk {
  const path = canonical(model, property, walk);
  if (path === undefined) throw new ExplorerError('EXP_INTERNAL', `a shrunk walk no longer reaches "${property.name}"`);
  const writer = new KeyWriter();
  // Key of each state on the erased path -> its position there (the steps taken to reach it).
  const seen = new Map<string, number>();
  const choices: number[] = [];
  for (let i = 0; i < path.states.length; i++) {
    const key = writer.keyOf(model, path.states[i]);
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, choices.length);
    } else {
      for (const [k, at] of seen) if (at > earlier) seen.delete(k);
      choices.length = earlier;
    }
    if (i < path.walk.choices.length) choices.push(path.walk.choices[i]);
  }
  return { initIndex: path.walk.initIndex, choices };
}

/**
 * Look around each state of the trace for a shorter way: a target, or a later state of the
 * trace, fewer steps away than the trace takes to get there. Returns the shorter walk, or
 * undefined when there is none within the radius and budget.
 */
function shortcutSearch<S, A>(model: Model<S, A>, property: Property<S>, walk: Walk, halt: () => boolean): Walk | undefined {
  const path = canonical(model, property, walk);
  if (path === undefined) return undefined;
  const { states } = path;
  const choices = path.walk.choices;
  const n = choices.length;
  const writer = new KeyWriter();
  const lastIndexOf = new Map<string, number>();
  for (let j = 0; j <= n; j++) lastIndexOf.set(writer.keyOf(model, states[j]), j);

  for (let i = 0; i < n - 1 && !halt(); i++) {
    const radius = Math.min(SHORTCUT_RADIUS, n - i - 1);
    // Breadth-first, with parent links as indices into `nodes`.
    const nodes: { state: S; parent: number; choice: number; depth: number }[] = [{ state: states[i], parent: -1, choice: -1, depth: 0 }];
    const visited = new Set<string>([writer.keyOf(model, states[i])]);
    const pathTo = (node: number): number[] => {
      const out: number[] = [];
      for (let at = node; nodes[at].parent >= 0; at = nodes[at].parent) out.push(nodes[at].choice);
      return out.reverse();
    };
    for (let head = 0; head < nodes.length && nodes.length < SHORTCUT_STATES; head++) {
      const { state, depth } = nodes[head];
      if (depth >= radius) break;
      const actions = model.actions(state);
      for (let c = 0; c < actions.length; c++) {
        const successor = model.next(state, actions[c]);
        const key = writer.keyOf(model, successor);
        if (visited.has(key)) continue;
        visited.add(key);
        nodes.push({ state: successor, parent: head, choice: c, depth: depth + 1 });
        const steps = i + depth + 1;
        if (reachesTarget(property, successor)) {
          // BFS order: no state nearer `states[i]` on this path reaches the target.
          if (steps < n) return { initIndex: path.walk.initIndex, choices: [...choices.slice(0, i), ...pathTo(nodes.length - 1)] };
          continue;
        }
        const j = lastIndexOf.get(key);
        if (j !== undefined && j > steps) {
          return { initIndex: path.walk.initIndex, choices: [...choices.slice(0, i), ...pathTo(nodes.length - 1), ...choices.slice(j)] };
        }
      }
    }
  }
  return undefined;
}

/** Replay a walk through the model (init, actions, next) into a trace, checking it ends at its first target. */
function replayWalk<S, A>(model: Model<S, A>, property: Property<S>, walk: Walk): Trace<S, A> {
  let trace: Trace<S, A>;
  try {
    trace = replay(model, walk.initIndex, walk.choices);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ExplorerError('EXP_INTERNAL', `the shrunk trace for "${property.name}" does not replay: ${why}`);
  }
  const hits = trace.states.map((state) => reachesTarget(property, state));
  if (hits.indexOf(true) !== trace.states.length - 1) {
    const what = property.kind === 'always' ? 'violation' : 'example';
    throw new ExplorerError('EXP_INTERNAL', `the shrunk trace for "${property.name}" does not end at its first ${what}`);
  }
  return trace;
}

/** Turns a state's canonical encoding into a string key (exact: no hashing), with the search's own writer and its range checks. */
class KeyWriter {
  private readonly writer = new GrowableByteWriter();
  /** The encoder of the last model asked about (a walk asks about one model many times). */
  private encoder: { readonly model: unknown; readonly encode: Encode<never> } | null = null;

  keyOf<S, A>(model: Model<S, A>, state: S): string {
    this.writer.reset();
    if (this.encoder === null || this.encoder.model !== model) this.encoder = { model, encode: modelEncoder(model) };
    try {
      (this.encoder.encode as Encode<S>)(state, this.writer);
    } catch (error) {
      throw new EncodeFailure(error);
    }
    return this.writer.key();
  }
}

/** The model's `encode` failed while shrinking (the walks themselves never encode). */
class EncodeFailure extends Error {
  constructor(readonly error: unknown) {
    super('encode failed');
  }
}

/** A seeded generator: an integer in 0..n-1, or a number in [0, 1). */
interface Rng {
  below(n: number): number;
  unit(): number;
}

/** xoshiro128** (Blackman and Vigna), seeded through splitmix32 so any seed gives a good state. */
function xoshiro128ss(seed: number): Rng {
  let x = seed >>> 0;
  const splitmix32 = (): number => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let d = splitmix32();
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  // Multiply-shift: the bias is below n / 2^32, far under anything a walk could notice.
  return { below: (n) => Math.floor((next() / 0x1_0000_0000) * n), unit: () => next() / 0x1_0000_0000 };
}

function rotl(v: number, k: number): number {
  return (v << k) | (v >>> (32 - k));
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
