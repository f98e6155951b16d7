/**
 * The Paxos consensus algorithm (single decree), translated from the TLA+ community examples.
 *
 *   quorumlab check examples/tla/paxos.ts
 *   quorumlab check examples/tla/paxos.ts --const MaxBallot=2
 *
 * Source: github.com/tlaplus/Examples, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9,
 * specifications/PaxosHowToWinATuringAward/Paxos.tla (Leslie Lamport, with Voting.tla for
 * ShowsSafeAt) and the model MCPaxosTiny.cfg: Acceptor = {a1, a2, a3}, Value = {v1, v2},
 * Quorum = {{a1, a2}, {a1, a3}, {a2, a3}}, Ballot = 0..MaxBallot with MaxBallot = 1,
 * INVARIANT Inv. TLC's published result
 * (specifications/PaxosHowToWinATuringAward/manifest.json): success; 3,921 distinct states,
 * 23,563 states generated, depth 17.
 *
 * The translation, operator by operator:
 * - VARIABLES maxBal, maxVBal, maxVal, msgs: the state's fields of the same names; the first
 *   three are records from acceptor names, `msgs` a Set of message records ({ type: '1a',
 *   bal }, { type: '1b', acc, bal, mbal, mval }, { type: '2a', bal, val }, { type: '2b', acc,
 *   bal, val }). Send adds a message only if no equal record is in the set (TLA+ set union).
 *   None is the string 'None' (a model value in the config, in neither Ballot nor Value).
 * - Next == \/ \E b \in Ballot : Phase1a(b) \/ \E v \in Value : Phase2a(b, v)
 *           \/ \E a \in Acceptor : Phase1b(a) \/ Phase2b(a)
 *   One action per choice the existentials make, as TLC enumerates them: Phase1a(b) for each
 *   ballot; Phase2a(b, v) for each quorum Q that shows v safe at b and, when some acceptor of
 *   Q reported a vote, for each reported vote m of the highest ballot with value v (the
 *   `\E m \in Q1bv` of the spec); Phase1b(a) and Phase2b(a) for each message m they react to.
 *   Phase1a re-sending a message already sent is a step back to the same state, as in TLA+.
 * - INVARIANT Inv: the `always` property `Inv`, conjunct by conjunct, with `votes` and
 *   Voting's ShowsSafeAt written out as in the spec.
 * - Not translated: PROPERTY V!Spec (Paxos refines Voting) is a property of steps under a
 *   refinement mapping, and a quorumlab property judges states.
 */
import type { Model } from 'quorumlab';

/** The constants of the model, with the values of MCPaxosTiny.cfg. */
export const constants = {
  Acceptor: ['a1', 'a2', 'a3'],
  Value: ['v1', 'v2'],
  Quorum: [
    ['a1', 'a2'],
    ['a1', 'a3'],
    ['a2', 'a3'],
  ],
  MaxBallot: 1,
};

const None = 'None';

/** A message in `msgs`. */
export type Message =
  | { readonly type: '1a'; readonly bal: number }
  | { readonly type: '1b'; readonly acc: string; readonly bal: number; readonly mbal: number; readonly mval: string }
  | { readonly type: '2a'; readonly bal: number; readonly val: string }
  | { readonly type: '2b'; readonly acc: string; readonly bal: number; readonly val: string };

/** The variables of Paxos. */
export interface PaxosState {
  readonly maxBal: Readonly<Record<string, number>>;
  readonly maxVBal: Readonly<Record<string, number>>;
  readonly maxVal: Readonly<Record<string, string>>;
  readonly msgs: ReadonlySet<Message>;
}

/** One choice of Next: the action and the values its existentials bind. */
export type PaxosAction =
  | { readonly kind: 'Phase1a'; readonly b: number }
  | { readonly kind: 'Phase2a'; readonly b: number; readonly v: string; readonly Q: readonly string[]; readonly m: Message | null }
  | { readonly kind: 'Phase1b' | 'Phase2b'; readonly a: string; readonly m: Message };

function sameMessage(x: Message, y: Message): boolean {
  const a = x as Partial<Record<string, unknown>>;
  const b = y as Partial<Record<string, unknown>>;
  return a.type === b.type && a.bal === b.bal && a.acc === b.acc && a.mbal === b.mbal && a.mval === b.mval && a.val === b.val;
}

/**
 * The messages in a fixed order (TLC enumerates a set in its own value order): equal sets
 * built in different orders must enable their actions in the same order.
 */
function sorted(msgs: ReadonlySet<Message>): Message[] {
  return [...msgs].map((m) => [JSON.stringify(m), m] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, m]) => m);
}

/** msgs \cup {m}. */
function send(msgs: ReadonlySet<Message>, m: Message): ReadonlySet<Message> {
  for (const x of msgs) if (sameMessage(x, m)) return msgs;
  return new Set([...msgs, m]);
}

/** Paxos for the given acceptors, values, quorums and ballots 0..MaxBallot. */
export function model({ Acceptor, Value, Quorum, MaxBallot }: typeof constants = constants): Model<PaxosState, PaxosAction> {
  const Ballot = Array.from({ length: MaxBallot + 1 }, (_, b) => b);
  const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  const votedFor = (s: PaxosState, a: string, b: number, v: string): boolean =>
    [...s.msgs].some((m) => m.type === '2b' && m.acc === a && m.bal === b && m.val === v);
  const didNotVoteAt = (s: PaxosState, a: string, b: number): boolean => Value.every((v) => !votedFor(s, a, b, v));
  /** Voting's ShowsSafeAt(Q, b, v), with Voting's votes and maxBal taken from this state. */
  const showsSafeAt = (s: PaxosState, Q: readonly string[], b: number, v: string): boolean =>
    Q.every((a) => s.maxBal[a] >= b) &&
    range(-1, b - 1).some((c) => (c === -1 || Q.some((a) => votedFor(s, a, c, v))) && range(c + 1, b - 1).every((d) => Q.every((a) => didNotVoteAt(s, a, d))));

  /** The choices of Phase2a(b, v): each quorum Q that allows it, and each highest reported vote with value v. */
  function phase2a(s: PaxosState, b: number, v: string): PaxosAction[] {
    if ([...s.msgs].some((m) => m.type === '2a' && m.bal === b)) return [];
    const choices: PaxosAction[] = [];
    for (const Q of Quorum) {
      const Q1b = sorted(s.msgs).filter((m): m is Extract<Message, { type: '1b' }> => m.type === '1b' && Q.includes(m.acc) && m.bal === b);
      if (!Q.every((a) => Q1b.some((m) => m.acc === a))) continue;
      const Q1bv = Q1b.filter((m) => m.mbal >= 0);
      if (Q1bv.length === 0) {
        choices.push({ kind: 'Phase2a', b, v, Q, m: null });
        continue;
      }
      for (const m of Q1bv) {
        if (m.mval === v && Q1bv.every((mm) => m.mbal >= mm.mbal)) choices.push({ kind: 'Phase2a', b, v, Q, m });
      }
    }
    return choices;
  }

  return {
    name: 'Paxos',
    init: () => [
      {
        maxBal: Object.fromEntries(Acceptor.map((a) => [a, -1])),
        maxVBal: Object.fromEntries(Acceptor.map((a) => [a, -1])),
        maxVal: Object.fromEntries(Acceptor.map((a) => [a, None])),
        msgs: new Set(),
      },
    ],
    actions(s) {
      const actions: PaxosAction[] = [];
      for (const b of Ballot) {
        actions.push({ kind: 'Phase1a', b });
        for (const v of Value) actions.push(...phase2a(s, b, v));
      }
      const msgs = sorted(s.msgs);
      for (const a of Acceptor) {
        for (const m of msgs) if (m.type === '1a' && m.bal > s.maxBal[a]) actions.push({ kind: 'Phase1b', a, m });
        for (const m of msgs) if (m.type === '2a' && m.bal >= s.maxBal[a]) actions.push({ kind: 'Phase2b', a, m });
      }
      return actions;
    },
    next(s, action) {
      switch (action.kind) {
        case 'Phase1a':
          return { ...s, msgs: send(s.msgs, { type: '1a', bal: action.b }) };
        case 'Phase2a':
          return { ...s, msgs: send(s.msgs, { type: '2a', bal: action.b, val: action.v }) };
        case 'Phase1b': {
          const { a, m } = action;
          return {
            ...s,
            maxBal: { ...s.maxBal, [a]: m.bal },
            msgs: send(s.msgs, { type: '1b', acc: a, bal: m.bal, mbal: s.maxVBal[a], mval: s.maxVal[a] }),
          };
        }
        case 'Phase2b': {
          const { a } = action;
          const m = action.m as Extract<Message, { type: '2a' }>;
          return {
            maxBal: { ...s.maxBal, [a]: m.bal },
            maxVBal: { ...s.maxVBal, [a]: m.bal },
            maxVal: { ...s.maxVal, [a]: m.val },
            msgs: send(s.msgs, { type: '2b', acc: a, bal: m.bal, val: m.val }),
          };
        }
      }
    },
    properties: [
      {
        name: 'Inv',
        kind: 'always',
        description: 'the inductive invariant of Paxos.tla',
        check(s) {
          const ballotOrNone = (b: number): boolean => b === -1 || Ballot.includes(b);
          const typeOK =
            Acceptor.every((a) => ballotOrNone(s.maxBal[a]) && ballotOrNone(s.maxVBal[a]) && (s.maxVal[a] === None || Value.includes(s.maxVal[a]))) &&
            [...s.msgs].every((m) => {
              switch (m.type) {
                case '1a':
                  return Ballot.includes(m.bal);
                case '1b':
                  return Acceptor.includes(m.acc) && Ballot.includes(m.bal) && ballotOrNone(m.mbal) && (m.mval === None || Value.includes(m.mval));
                case '2a':
                  return Ballot.includes(m.bal) && Value.includes(m.val);
                case '2b':
                  return Acceptor.includes(m.acc) && Ballot.includes(m.bal) && Value.includes(m.val);
              }
            });
          return (
            typeOK &&
            Acceptor.every((a) => s.maxBal[a] >= s.maxVBal[a]) &&
            Acceptor.every((a) => (s.maxVBal[a] === -1 ? s.maxVal[a] === None : votedFor(s, a, s.maxVBal[a], s.maxVal[a]))) &&
            [...s.msgs].every((m) => {
              switch (m.type) {
                case '1a':
                  return true;
                case '1b':
                  return s.maxBal[m.acc] >= m.bal && (m.mbal < 0 || votedFor(s, m.acc, m.mbal, m.mval));
                case '2a':
                  return (
                    Quorum.some((Q) => showsSafeAt(s, Q, m.bal, m.val)) &&
                    [...s.msgs].every((mm) => !(mm.type === '2a' && mm.bal === m.bal) || mm.val === m.val)
                  );
                case '2b':
                  return s.maxVBal[m.acc] >= m.bal && [...s.msgs].some((mm) => mm.type === '2a' && mm.bal === m.bal && mm.val === m.val);
              }
            })
          );
        },
      },
    ],
    describe: {
      action(_s, action) {
        switch (action.kind) {
          case 'Phase1a':
            return `Phase1a(${action.b})`;
          case 'Phase2a':
            return `Phase2a(${action.b}, ${action.v}) with quorum {${action.Q.join(', ')}}`;
          case 'Phase1b':
          case 'Phase2b':
            return `${action.kind}(${action.a}) on ${JSON.stringify(action.m)}`;
        }
      },
      state: (s) => ({ maxBal: { ...s.maxBal }, maxVBal: { ...s.maxVBal }, maxVal: { ...s.maxVal }, msgs: [...s.msgs].map((m) => JSON.stringify(m)).sort() }),
    },
  };
}
