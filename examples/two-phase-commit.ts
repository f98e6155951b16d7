/**
 * A spec you can copy: two-phase commit with a classic bug, checked by `quorumlab check`.
 *
 *   quorumlab check examples/two-phase-commit.ts
 *   quorumlab check examples/two-phase-commit.ts --property atomicity --out out/2pc
 *
 * A coordinator asks two participants to vote. A participant votes yes (it is prepared, and
 * waits for the decision) or no (it aborts on its own). The correct coordinator commits only
 * when every participant voted yes; this one commits as soon as ONE yes arrives. The checker
 * finds the shortest run where one participant commits while the other has aborted.
 *
 * A spec module exports a Model (here as `model`; a default export works too), or a function
 * `model(overrides)` returning one. The Model is plain data and pure functions: `init`, `actions`
 * (in a deterministic order), `next`, a canonical `encode`, and named properties.
 *
 * The file imports nothing but a type, so it can be copied anywhere: the action unions are
 * matched with plain `switch` statements, which TypeScript checks for exhaustiveness here
 * because every branch returns and the return type admits no `undefined`.
 */
import type { Model } from 'quorumlab';

/** A participant's state. */
type Participant = 'working' | 'prepared' | 'committed' | 'aborted';

/** The whole system: the coordinator's decision, the participants, the yes votes received. */
export interface TwoPhaseState {
  readonly coordinator: 'deciding' | 'committed' | 'aborted';
  readonly participants: readonly Participant[];
  /** Bit i set: participant i's yes vote reached the coordinator. */
  readonly yesVotes: number;
}

/** One step of the protocol. */
export type TwoPhaseAction =
  | { readonly kind: 'vote-yes'; readonly participant: number }
  | { readonly kind: 'vote-no'; readonly participant: number }
  | { readonly kind: 'commit' }
  | { readonly kind: 'abort' }
  | { readonly kind: 'learn'; readonly participant: number };

const PARTICIPANTS = 2;
const participantCodes: Readonly<Record<Participant, number>> = { working: 0, prepared: 1, committed: 2, aborted: 3 };
const coordinatorCodes = { deciding: 0, committed: 1, aborted: 2 } as const;
const lane = (participant: number): string => `P${participant + 1}`;

function withParticipant(state: TwoPhaseState, participant: number, value: Participant): readonly Participant[] {
  return state.participants.map((current, i) => (i === participant ? value : current));
}

/** The buggy two-phase commit. */
export const model: Model<TwoPhaseState, TwoPhaseAction> = {
  name: 'two-phase-commit',
  init: () => [{ coordinator: 'deciding', participants: Array<Participant>(PARTICIPANTS).fill('working'), yesVotes: 0 }],
  actions(state) {
    const actions: TwoPhaseAction[] = [];
    state.participants.forEach((p, i) => {
      if (p === 'working') actions.push({ kind: 'vote-yes', participant: i }, { kind: 'vote-no', participant: i });
    });
    if (state.coordinator === 'deciding') {
      // The bug: one yes vote is taken for all of them (the fix: yesVotes === (1 << PARTICIPANTS) - 1).
      if (state.yesVotes !== 0) actions.push({ kind: 'commit' });
      if (state.participants.includes('aborted')) actions.push({ kind: 'abort' });
    } else {
      state.participants.forEach((p, i) => {
        if (p === 'prepared') actions.push({ kind: 'learn', participant: i });
      });
    }
    return actions;
  },
  next(state, action) {
    switch (action.kind) {
      case 'vote-yes':
        return { ...state, participants: withParticipant(state, action.participant, 'prepared'), yesVotes: state.yesVotes | (1 << action.participant) };
      case 'vote-no':
        return { ...state, participants: withParticipant(state, action.participant, 'aborted') };
      case 'commit':
        return { ...state, coordinator: 'committed' };
      case 'abort':
        return { ...state, coordinator: 'aborted' };
      case 'learn':
        return { ...state, participants: withParticipant(state, action.participant, state.coordinator === 'committed' ? 'committed' : 'aborted') };
    }
  },
  encode(state, out) {
    out.u8(coordinatorCodes[state.coordinator]);
    for (const p of state.participants) out.u8(participantCodes[p]);
    out.u8(state.yesVotes);
  },
  properties: [
    {
      name: 'atomicity',
      kind: 'always',
      description: 'no participant commits while another aborts',
      check: (state) => !(state.participants.includes('committed') && state.participants.includes('aborted')),
    },
    {
      name: 'can-commit',
      kind: 'sometimes',
      description: 'some run commits everywhere',
      check: (state) => state.participants.every((p) => p === 'committed'),
    },
  ],
  describe: {
    action(state, action) {
      switch (action.kind) {
        case 'vote-yes':
          return `${lane(action.participant)} votes yes`;
        case 'vote-no':
          return `${lane(action.participant)} votes no and aborts`;
        case 'commit':
          return `coordinator commits`;
        case 'abort':
          return `coordinator aborts`;
        case 'learn':
          return `${lane(action.participant)} learns ${state.coordinator === 'committed' ? 'commit' : 'abort'}`;
      }
    },
    state: (state) => ({ coordinator: state.coordinator, participants: [...state.participants], yesVotes: state.yesVotes }),
    lanes: () => [
      { id: 'C', label: 'coordinator', role: 'process' },
      ...Array.from({ length: PARTICIPANTS }, (_, i) => ({ id: lane(i), label: `participant ${i + 1}`, role: 'process' as const })),
    ],
    step(before, action, after) {
      const id = `m${before.participants.join('')}${before.coordinator}${action.kind}${'participant' in action ? action.participant : ''}`;
      switch (action.kind) {
        case 'vote-yes':
          return {
            events: [
              { kind: 'send', msg: id, from: lane(action.participant), to: 'C', label: 'yes' },
              { kind: 'deliver', msg: id, at: 'C', label: 'yes' },
            ],
            narration: `participant ${action.participant + 1} prepares and votes yes`,
          };
        case 'vote-no':
          return { events: [{ kind: 'local', lane: lane(action.participant), label: 'abort' }], narration: `participant ${action.participant + 1} votes no and aborts on its own` };
        case 'commit':
          return {
            events: [{ kind: 'local', lane: 'C', label: `commit (${countBits(before.yesVotes)} of ${PARTICIPANTS} yes)` }],
            narration: `the coordinator commits after ${countBits(before.yesVotes)} of ${PARTICIPANTS} yes votes`,
          };
        case 'abort':
          return { events: [{ kind: 'local', lane: 'C', label: 'abort' }], narration: 'the coordinator aborts' };
        case 'learn': {
          const decision = after.participants[action.participant];
          return {
            events: [
              { kind: 'send', msg: id, from: 'C', to: lane(action.participant), label: decision },
              { kind: 'deliver', msg: id, at: lane(action.participant), label: decision },
            ],
            narration: `participant ${action.participant + 1} learns the decision and is ${decision}`,
          };
        }
      }
    },
    explain: () => 'The coordinator committed on a single yes vote, so a participant that had voted no stayed aborted while the other committed.',
  },
};

function countBits(mask: number): number {
  let bits = 0;
  for (let m = mask; m !== 0; m &= m - 1) bits++;
  return bits;
}
