/**
 * The Two-Phase Commit protocol (Gray and Lamport), translated from the TLA+ community
 * examples.
 *
 *   quorumlab check examples/tla/two-phase.ts                                   # RM = {r1, r2, r3}
 *   quorumlab check examples/tla/two-phase.ts --const 'RM=["r1","r2","r3","r4","r5","r6"]'
 *
 * Source: github.com/tlaplus/Examples, commit 32a32c7b0b97562da2dd4b2e55b7f81cd6fea2b9,
 * specifications/transaction_commit/TwoPhase.tla (Leslie Lamport) with the model
 * TwoPhase.cfg (RM = {r1, r2, r3}, INVARIANT TPTypeOK). TLC's published result
 * (specifications/transaction_commit/manifest.json): success; 288 distinct states, 1,146
 * states generated, depth 11. The module's closing comment adds: checked with TLC for six
 * RMs, "a configuration with 50816 reachable states".
 *
 * The translation, operator by operator:
 * - VARIABLES rmState, tmState, tmPrepared, msgs: the state's fields of the same names.
 *   `rmState` is a record from RM names to states, `tmPrepared` a Set of RM names, and `msgs`
 *   a Set of message records ({ type: 'Prepared', rm }, { type: 'Commit' }, { type: 'Abort' });
 *   Send adds a message only if no equal record is in the set (TLA+ set union).
 * - TPInit: every RM working, tmState "init", nothing prepared, no messages.
 * - TPNext == TMCommit \/ TMAbort \/ \E rm \in RM : TMRcvPrepared(rm) \/ RMPrepare(rm) \/
 *   RMChooseToAbort(rm) \/ RMRcvCommitMsg(rm) \/ RMRcvAbortMsg(rm): one action each, in that
 *   order, with the same guards. RMRcvCommitMsg and RMRcvAbortMsg have no guard on the RM's
 *   own state, so they stay enabled after the RM has learnt the decision (a step back to the
 *   same state), as in TLA+.
 * - INVARIANT TPTypeOK: the `always` property `TPTypeOK`.
 * - Added (not in TwoPhase.cfg): TC!TCConsistent, the consistency invariant of the TCommit
 *   specification that TwoPhase implements (no RM committed while another aborted), as the
 *   `always` property `TCConsistent`. It holds, so the verdict is TLC's.
 * - TPSpec has no fairness and the model checks no liveness, so stuttering plays no part.
 */
import type { Model } from 'quorumlab';

/** The constants of the model, with the values of TwoPhase.cfg (RM as a list of names). */
export const constants = { RM: ['r1', 'r2', 'r3'] };

type RMState = 'working' | 'prepared' | 'committed' | 'aborted';

/** A message in `msgs`. */
export type Message = { readonly type: 'Prepared'; readonly rm: string } | { readonly type: 'Commit' } | { readonly type: 'Abort' };

/** The variables of TwoPhase. */
export interface TwoPhaseState {
  readonly rmState: Readonly<Record<string, RMState>>;
  readonly tmState: 'init' | 'committed' | 'aborted';
  readonly tmPrepared: ReadonlySet<string>;
  readonly msgs: ReadonlySet<Message>;
}

/** One disjunct of TPNext, with its RM where it has one. */
export type TwoPhaseAction =
  | { readonly kind: 'TMCommit' | 'TMAbort' }
  | { readonly kind: 'TMRcvPrepared' | 'RMPrepare' | 'RMChooseToAbort' | 'RMRcvCommitMsg' | 'RMRcvAbortMsg'; readonly rm: string };

function sameMessage(a: Message, b: Message): boolean {
  return a.type === b.type && (a.type !== 'Prepared' || a.rm === (b as { rm: string }).rm);
}

const hasMessage = (msgs: ReadonlySet<Message>, m: Message): boolean => [...msgs].some((x) => sameMessage(x, m));

/** msgs \cup {m}. */
function send(msgs: ReadonlySet<Message>, m: Message): ReadonlySet<Message> {
  return hasMessage(msgs, m) ? msgs : new Set([...msgs, m]);
}

/** TwoPhase for the resource managers `RM`. */
export function model({ RM }: typeof constants = constants): Model<TwoPhaseState, TwoPhaseAction> {
  if (!Array.isArray(RM) || RM.length === 0 || RM.some((rm) => typeof rm !== 'string') || new Set(RM).size !== RM.length) {
    throw new Error(`RM must be a non-empty list of distinct names (got ${JSON.stringify(RM)})`);
  }
  const setRm = (state: TwoPhaseState, rm: string, value: RMState): Readonly<Record<string, RMState>> => ({ ...state.rmState, [rm]: value });
  return {
    name: 'TwoPhase',
    init: () => [{ rmState: Object.fromEntries(RM.map((rm) => [rm, 'working'])), tmState: 'init', tmPrepared: new Set(), msgs: new Set() }],
    actions(s) {
      const actions: TwoPhaseAction[] = [];
      if (s.tmState === 'init' && s.tmPrepared.size === RM.length) actions.push({ kind: 'TMCommit' });
      if (s.tmState === 'init') actions.push({ kind: 'TMAbort' });
      for (const rm of RM) {
        if (s.tmState === 'init' && hasMessage(s.msgs, { type: 'Prepared', rm })) actions.push({ kind: 'TMRcvPrepared', rm });
        if (s.rmState[rm] === 'working') actions.push({ kind: 'RMPrepare', rm }, { kind: 'RMChooseToAbort', rm });
        if (hasMessage(s.msgs, { type: 'Commit' })) actions.push({ kind: 'RMRcvCommitMsg', rm });
        if (hasMessage(s.msgs, { type: 'Abort' })) actions.push({ kind: 'RMRcvAbortMsg', rm });
      }
      return actions;
    },
    next(s, a) {
      switch (a.kind) {
        case 'TMCommit':
          return { ...s, tmState: 'committed', msgs: send(s.msgs, { type: 'Commit' }) };
        case 'TMAbort':
          return { ...s, tmState: 'aborted', msgs: send(s.msgs, { type: 'Abort' }) };
        case 'TMRcvPrepared':
          return { ...s, tmPrepared: new Set([...s.tmPrepared, a.rm]) };
        case 'RMPrepare':
          return { ...s, rmState: setRm(s, a.rm, 'prepared'), msgs: send(s.msgs, { type: 'Prepared', rm: a.rm }) };
        case 'RMChooseToAbort':
          return { ...s, rmState: setRm(s, a.rm, 'aborted') };
        case 'RMRcvCommitMsg':
          return { ...s, rmState: setRm(s, a.rm, 'committed') };
        case 'RMRcvAbortMsg':
          return { ...s, rmState: setRm(s, a.rm, 'aborted') };
      }
    },
    properties: [
      {
        name: 'TPTypeOK',
        kind: 'always',
        check: (s) =>
          RM.every((rm) => ['working', 'prepared', 'committed', 'aborted'].includes(s.rmState[rm])) &&
          Object.keys(s.rmState).length === RM.length &&
          ['init', 'committed', 'aborted'].includes(s.tmState) &&
          [...s.tmPrepared].every((rm) => RM.includes(rm)) &&
          [...s.msgs].every((m) => m.type === 'Commit' || m.type === 'Abort' || (m.type === 'Prepared' && RM.includes(m.rm))),
      },
      {
        name: 'TCConsistent',
        kind: 'always',
        description: 'no RM has committed while another has aborted (TCommit!TCConsistent)',
        check: (s) => !RM.some((r1) => RM.some((r2) => s.rmState[r1] === 'aborted' && s.rmState[r2] === 'committed')),
      },
    ],
    describe: {
      action: (_s, a) => ('rm' in a ? `${a.kind}(${a.rm})` : a.kind),
      state: (s) => ({
        rmState: { ...s.rmState },
        tmState: s.tmState,
        tmPrepared: [...s.tmPrepared].sort(),
        msgs: [...s.msgs].map((m) => (m.type === 'Prepared' ? `Prepared(${m.rm})` : m.type)).sort(),
      }),
    },
  };
}
