/**
 * The gallery against the outside world: each spec of `examples/tla/`, translated from the
 * TLA+ community examples, must give the verdict and the state counts that TLC published for
 * it in the Examples' manifest.json (github.com/tlaplus/Examples at the commit below; each
 * spec's header names its module and model config).
 *
 * What is compared, and why:
 * - the verdict: `success` is `holds`, `safety failure` is `violated` on an invariant;
 * - `distinctStates`: the states quorumlab visits;
 * - `totalStates` ("states generated"): TLC counts every successor it generates, and it
 *   generates one for each true disjunct of a disjunction and each witness of an `\E` in an
 *   action (tlc2/tool/impl/Tool.java, getNextStates: OPCODE_dl/OPCODE_lor and OPCODE_be), plus
 *   every initial state. Where a translation has one action per such choice, that is the
 *   initial states plus quorumlab's transitions; where a guard is a disjunction (EWD840), the
 *   test adds the extra branches TLC takes, counted on every reachable state;
 * - `stateDepth`: TLC's depth counts the initial states as 1 and, with several workers, can
 *   exceed the breadth-first depth (tlaplus/tlaplus#883; the Examples' CI does not compare
 *   it), so the test requires quorumlab's exact depth + 1 to be at most the published one.
 *
 * Where a translation states a temporal property in a form quorumlab has (see the headers),
 * the fact that makes the two forms agree is checked here on every reachable state.
 */
import { describe, expect, it } from 'vitest';
import { check, type Model } from '../../../explorer/index.ts';
import * as coffeeCan from '../../../examples/tla/coffee-can.ts';
import * as dieHard from '../../../examples/tla/die-hard.ts';
import * as ewd840 from '../../../examples/tla/ewd840.ts';
import * as paxos from '../../../examples/tla/paxos.ts';
import * as peterson from '../../../examples/tla/peterson.ts';
import * as tokenRing from '../../../examples/tla/token-ring.ts';
import * as twoPhase from '../../../examples/tla/two-phase.ts';

/** The tlaplus/Examples commit whose manifest.json the numbers below are copied from. */
const EXAMPLES_COMMIT = '32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9';

/** What TLC published for one model (a manifest.json entry). */
interface Published {
  readonly config: string;
  readonly result: 'success' | 'safety failure';
  readonly distinctStates?: number;
  readonly totalStates?: number;
  readonly stateDepth?: number;
}

/** One gallery entry: a model built with its config's constants, and what TLC published. */
interface Entry {
  readonly name: string;
  readonly model: () => Model<unknown, unknown>;
  readonly published: Published;
  /** For each state and enabled action: how many successors TLC generates for it beyond one. */
  readonly extraTlcBranches?: (state: unknown, action: unknown) => number;
}

const gallery: readonly Entry[] = [
  {
    name: 'CoffeeCan, 100 beans',
    model: () => coffeeCan.model({ MaxBeanCount: 100 }) as Model<unknown, unknown>,
    published: { config: 'specifications/CoffeeCan/CoffeeCan100Beans.cfg', result: 'success', distinctStates: 5150, totalStates: 20002, stateDepth: 1 },
  },
  {
    // 501,500 initial states: past the 65,535 a 16-bit initial-state index could name.
    name: 'CoffeeCan, 1000 beans',
    model: () => coffeeCan.model({ MaxBeanCount: 1000 }) as Model<unknown, unknown>,
    published: { config: 'specifications/CoffeeCan/CoffeeCan1000Beans.cfg', result: 'success', distinctStates: 501500, totalStates: 2000002, stateDepth: 1 },
  },
  {
    name: 'EWD840, N = 3',
    model: () => ewd840.model({ N: 3 }) as Model<unknown, unknown>,
    published: { config: 'specifications/ewd840/EWD840.cfg', result: 'success', distinctStates: 302, totalStates: 2001, stateDepth: 10 },
    // InitiateProbe's guard `tcolor = "black" \/ color[0] = "black"` and PassToken(i)'s
    // `~active[i] \/ color[i] = "black" \/ tcolor = "black"`: TLC takes each true disjunct.
    extraTlcBranches: (state, action) => {
      const s = state as ewd840.Ewd840State;
      const a = action as ewd840.Ewd840Action;
      if (a.kind === 'InitiateProbe') return Number(s.tcolor === 'black') + Number(s.color[0] === 'black') - 1;
      if (a.kind === 'PassToken') return Number(!s.active[a.i]) + Number(s.color[a.i] === 'black') + Number(s.tcolor === 'black') - 1;
      return 0;
    },
  },
  {
    name: 'TwoPhase, RM = {r1, r2, r3}',
    model: () => twoPhase.model({ RM: ['r1', 'r2', 'r3'] }) as Model<unknown, unknown>,
    published: { config: 'specifications/transaction_commit/TwoPhase.cfg', result: 'success', distinctStates: 288, totalStates: 1146, stateDepth: 11 },
  },
  {
    name: 'TwoPhase, six RMs (the count in TwoPhase.tla\'s closing comment)',
    model: () => twoPhase.model({ RM: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'] }) as Model<unknown, unknown>,
    published: { config: 'specifications/transaction_commit/TwoPhase.tla (comment: "six RMs, ... 50816 reachable states")', result: 'success', distinctStates: 50816 },
  },
  {
    name: 'Peterson',
    model: () => peterson.model as Model<unknown, unknown>,
    published: { config: 'specifications/locks_auxiliary_vars/Peterson.cfg', result: 'success', distinctStates: 42, totalStates: 77, stateDepth: 11 },
  },
  {
    name: 'Paxos (MCPaxosTiny: 3 acceptors, 2 values, ballots 0..1)',
    model: () => paxos.model(paxos.constants) as Model<unknown, unknown>,
    published: { config: 'specifications/PaxosHowToWinATuringAward/MCPaxosTiny.cfg', result: 'success', distinctStates: 3921, totalStates: 23563, stateDepth: 17 },
  },
  {
    name: 'TokenRing, N = 6, M = 6',
    model: () => tokenRing.model({ N: 6, M: 6 }) as Model<unknown, unknown>,
    published: { config: 'specifications/ewd426/TokenRing.cfg', result: 'success', distinctStates: 46656, totalStates: 248832, stateDepth: 1 },
  },
  {
    name: 'DieHard',
    model: () => dieHard.model as Model<unknown, unknown>,
    published: { config: 'specifications/DieHard/DieHard.cfg', result: 'safety failure' },
  },
];

/** Every reachable state of `model`, breadth-first, identified by its JSON (the gallery's states are plain data). */
function reachable<S, A>(model: Model<S, A>): S[] {
  const key = (s: S): string => JSON.stringify(s, (_k, v: unknown) => (v instanceof Set ? [...(v as Set<unknown>)].map((m) => JSON.stringify(m)).sort() : v));
  const seen = new Set<string>();
  const states: S[] = [];
  const visit = (s: S): void => {
    const k = key(s);
    if (!seen.has(k)) {
      seen.add(k);
      states.push(s);
    }
  };
  model.init().forEach(visit);
  for (let i = 0; i < states.length; i++) for (const a of model.actions(states[i])) visit(model.next(states[i], a));
  return states;
}

describe(`the TLA+ gallery matches TLC's published results (tlaplus/Examples ${EXAMPLES_COMMIT.slice(0, 12)})`, () => {
  for (const entry of gallery) {
    it(`${entry.name}: ${entry.published.config}`, async () => {
      const model = entry.model();
      const result = await check(model);
      const { published } = entry;
      if (published.result === 'success') {
        expect(result.results.map((r) => [r.property, r.verdict])).toEqual(model.properties.map((p) => [p.name, 'holds']));
        expect(result.exhaustive).toBe(true);
      } else {
        expect(result.verdict).toBe('violated');
        expect(result.results.filter((r) => r.verdict === 'violated').every((r) => r.kind === 'always')).toBe(true);
      }
      if (published.distinctStates !== undefined) expect(result.stats.states).toBe(published.distinctStates);
      if (published.totalStates !== undefined) {
        let extra = 0;
        if (entry.extraTlcBranches !== undefined) {
          for (const s of reachable(model)) for (const a of model.actions(s)) extra += entry.extraTlcBranches(s, a);
        }
        expect(model.init().length + result.stats.transitions + extra).toBe(published.totalStates);
      }
      if (published.stateDepth !== undefined) expect(result.stats.depth + 1).toBeLessThanOrEqual(published.stateDepth);
    });
  }

  it('DieHard: the counterexample to NotSolved is the six-step way to measure 4 gallons, and it replays', async () => {
    const result = await check(dieHard.model, { properties: ['NotSolved'] });
    const trace = result.results[0].trace;
    expect(trace?.actions).toHaveLength(6);
    expect(trace?.states.at(-1)?.big).toBe(4);
    let state = dieHard.model.init()[0];
    for (const action of trace?.actions ?? []) state = dieHard.model.next(state, action);
    expect(state).toEqual(trace?.states.at(-1));
  });
});

describe('the facts the temporal translations rest on (see each header)', () => {
  it('CoffeeCan: every step keeps the parity of the white beans (TerminationHypothesis may read it from the current state)', () => {
    const model = coffeeCan.model({ MaxBeanCount: 100 });
    for (const s of model.init()) for (const a of model.actions(s)) expect(model.next(s, a).white % 2).toBe(s.white % 2);
  });

  it('EWD840: terminated is stable, and a state where termination is detected has no successor (so ~> is []<>)', () => {
    const model = ewd840.model({ N: 3 });
    const terminated = (s: ewd840.Ewd840State): boolean => s.active.every((a) => !a);
    const detected = (s: ewd840.Ewd840State): boolean => s.tpos === 0 && s.tcolor === 'white' && s.color[0] === 'white' && !s.active[0];
    for (const s of reachable(model)) {
      if (terminated(s)) for (const a of model.actions(s)) expect(terminated(model.next(s, a))).toBe(true);
      if (terminated(s) && detected(s)) expect(model.actions(s)).toEqual([]);
      // Once terminated, only System actions (which carry the fairness key) are enabled.
      if (terminated(s)) for (const a of model.actions(s)) expect(model.fairness?.(s, a)).toBe('System');
    }
  });

  it('TokenRing: UniqueToken is closed under Next (so <>[] is <>)', () => {
    const model = tokenRing.model({ N: 6, M: 6 });
    for (const s of model.init()) {
      if (!tokenRing.uniqueToken(s, 6, 6)) continue;
      for (const a of model.actions(s)) expect(tokenRing.uniqueToken(model.next(s, a), 6, 6)).toBe(true);
    }
  });
});
