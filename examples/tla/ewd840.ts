/**
 * Dijkstra's termination detection on a ring (EWD 840), translated from the TLA+ community
 * examples.
 *
 *   quorumlab check examples/tla/ewd840.ts            # N = 3
 *   quorumlab check examples/tla/ewd840.ts --const N=4
 *
 * Source: github.com/tlaplus/Examples, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9,
 * specifications/ewd840/EWD840.tla (Stephan Merz) with the model EWD840.cfg (N = 3,
 * CHECK_DEADLOCK FALSE). TLC's published result (specifications/ewd840/manifest.json):
 * success; 302 distinct states, 2,001 states generated, depth 10.
 *
 * The translation, operator by operator:
 * - VARIABLES active, color, tpos, tcolor: the state's fields of the same names (`active` and
 *   `color` as arrays indexed by node 0..N-1).
 * - Init: every combination of `active` and `color`, any token position, a black token.
 * - Next == System \/ Environment: the actions InitiateProbe and PassToken(i) for i in
 *   1..N-1 (System), then SendMsg(i) to each j # i and Deactivate(i) for each i
 *   (Environment), with the same guards. A step that changes nothing (SendMsg to a node
 *   that is already active, by a node that stays white) is a step back to the same state,
 *   as in TLA+.
 * - INVARIANTS TypeOK, TerminationDetection, Inv: `always` properties of the same names.
 * - Spec == Init /\ [][Next]_vars /\ WF_vars(System): the System actions carry the fairness
 *   key `System`; Environment actions carry none. A quorumlab behaviour never stops while an
 *   action is enabled, where TLA+ also allows stuttering forever once System is disabled; the
 *   property below is decided in terminated states, where only System actions are enabled, so
 *   the two agree on it.
 * - PROPERTY Liveness == terminated ~> terminationDetected: the `always-eventually` property
 *   `Liveness`, "infinitely often, not terminated or termination detected" (in a behaviour
 *   that ends: in its last state). The two formulas agree here because `terminated` is stable
 *   (no action activates a node once all are passive) and a state where termination is
 *   detected has no successor, so its behaviour ends there.
 * - Not translated: PROPERTY TDSpec (EWD840 refines SyncTerminationDetection) is a property
 *   of steps under a refinement mapping, and a quorumlab property judges states.
 */
import type { Model } from 'quorumlab';

/** The constants of the model, with the values of EWD840.cfg. */
export const constants = { N: 3 };

type Color = 'white' | 'black';

/** The variables of EWD840. */
export interface Ewd840State {
  readonly active: readonly boolean[];
  readonly color: readonly Color[];
  readonly tpos: number;
  readonly tcolor: Color;
}

/** One disjunct of Next, with its parameters. */
export type Ewd840Action =
  | { readonly kind: 'InitiateProbe' }
  | { readonly kind: 'PassToken'; readonly i: number }
  | { readonly kind: 'SendMsg'; readonly i: number; readonly j: number }
  | { readonly kind: 'Deactivate'; readonly i: number };

const terminated = (s: Ewd840State): boolean => s.active.every((a) => !a);
const terminationDetected = (s: Ewd840State): boolean => s.tpos === 0 && s.tcolor === 'white' && s.color[0] === 'white' && !s.active[0];

function replaced<T>(list: readonly T[], index: number, value: T): T[] {
  return list.map((current, i) => (i === index ? value : current));
}

/** EWD840 on a ring of `N` nodes. */
export function model({ N }: typeof constants = constants): Model<Ewd840State, Ewd840Action> {
  if (!Number.isInteger(N) || N < 1) throw new Error(`N must be an integer >= 1 (got ${N})`);
  const nodes = Array.from({ length: N }, (_, i) => i);
  return {
    name: 'EWD840',
    init() {
      const states: Ewd840State[] = [];
      for (let activeBits = 0; activeBits < 2 ** N; activeBits++) {
        for (let colorBits = 0; colorBits < 2 ** N; colorBits++) {
          for (const tpos of nodes) {
            states.push({
              active: nodes.map((i) => (activeBits & (1 << i)) !== 0),
              color: nodes.map((i) => ((colorBits & (1 << i)) !== 0 ? 'black' : 'white')),
              tpos,
              tcolor: 'black',
            });
          }
        }
      }
      return states;
    },
    actions(s) {
      const actions: Ewd840Action[] = [];
      if (s.tpos === 0 && (s.tcolor === 'black' || s.color[0] === 'black')) actions.push({ kind: 'InitiateProbe' });
      for (const i of nodes) {
        if (i !== 0 && s.tpos === i && (!s.active[i] || s.color[i] === 'black' || s.tcolor === 'black')) actions.push({ kind: 'PassToken', i });
      }
      for (const i of nodes) {
        if (!s.active[i]) continue;
        for (const j of nodes) if (j !== i) actions.push({ kind: 'SendMsg', i, j });
        actions.push({ kind: 'Deactivate', i });
      }
      return actions;
    },
    next(s, action) {
      switch (action.kind) {
        case 'InitiateProbe':
          return { ...s, tpos: N - 1, tcolor: 'white', color: replaced(s.color, 0, 'white') };
        case 'PassToken':
          return {
            ...s,
            tpos: action.i - 1,
            tcolor: s.color[action.i] === 'black' ? 'black' : s.tcolor,
            color: replaced(s.color, action.i, 'white'),
          };
        case 'SendMsg':
          return {
            ...s,
            active: replaced(s.active, action.j, true),
            color: replaced(s.color, action.i, action.j > action.i ? 'black' : s.color[action.i]),
          };
        case 'Deactivate':
          return { ...s, active: replaced(s.active, action.i, false) };
      }
    },
    fairness: (_s, action) => (action.kind === 'InitiateProbe' || action.kind === 'PassToken' ? 'System' : null),
    properties: [
      {
        name: 'TypeOK',
        kind: 'always',
        check: (s) =>
          s.active.length === N &&
          s.active.every((a) => typeof a === 'boolean') &&
          s.color.length === N &&
          s.color.every((c) => c === 'white' || c === 'black') &&
          Number.isInteger(s.tpos) &&
          s.tpos >= 0 &&
          s.tpos < N &&
          (s.tcolor === 'white' || s.tcolor === 'black'),
      },
      {
        name: 'TerminationDetection',
        kind: 'always',
        description: 'a white token at node 0 (which is white and passive) means every node is passive',
        check: (s) => !terminationDetected(s) || terminated(s),
      },
      {
        name: 'Inv',
        kind: 'always',
        description: "Dijkstra's inductive invariant",
        check: (s) =>
          nodes.every((i) => !(s.tpos < i) || !s.active[i]) || nodes.some((j) => j <= s.tpos && s.color[j] === 'black') || s.tcolor === 'black',
      },
      {
        name: 'Liveness',
        kind: 'always-eventually',
        description: 'terminated ~> terminationDetected',
        check: (s) => !terminated(s) || terminationDetected(s),
      },
    ],
    describe: {
      action: (_s, a) => (a.kind === 'InitiateProbe' ? 'InitiateProbe' : a.kind === 'SendMsg' ? `SendMsg(${a.i}) to ${a.j}` : `${a.kind}(${a.i})`),
      state: (s) => ({ active: [...s.active], color: [...s.color], tpos: s.tpos, tcolor: s.tcolor }),
    },
  };
}
