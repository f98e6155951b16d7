/**
 * The quorum replication model: one parameterized `Model` covering strict and sloppy quorums,
 * hinted handoff, read repair, anti-entropy, cp/ap modes and faults (see `QuorumConfig`).
 */
import { match } from 'ts-pattern';
import type { Model, Property } from '../../explorer/model.ts';
import type { CheckOutcome, History } from '../consistency/history.ts';
import { checkAvailability } from '../consistency/availability.ts';
import { checkLinearizable } from '../consistency/linearizable.ts';
import { checkMonotonicReads, checkReadYourWrites } from '../consistency/session.ts';
import { checkStaleRead } from '../consistency/stale-read.ts';
import { sameEntries } from '../cluster/versions.ts';
import type { QuorumConfig } from './config.ts';
import { validateConfig } from './config.ts';
import type { QuorumAction } from './actions.ts';
import { applyAction, enabledActions, topology } from './actions.ts';
import type { QuorumState } from './state.ts';
import { encodeState, initialState } from './state.ts';
import { quorumDescription, messageKey } from './describe.ts';
import { homeClasses, homeReplicaSymmetry, symmetryIsSound } from './symmetry.ts';

export type { QuorumAction } from './actions.ts';
export type { QuorumState } from './state.ts';

/** The names of the quorum model's properties, in the order the model lists them. */
export const QUORUM_PROPERTIES = ['stale-read', 'linearizable', 'read-your-writes', 'monotonic-reads', 'convergence', 'availability'] as const;

function historyProperty(name: string, description: string, checker: (h: History) => CheckOutcome): Property<QuorumState> {
  return { name, kind: 'always', description, check: (s) => checker(s.history).ok };
}

/** Whether every home replica holds the same entries (value and version). */
export function homeReplicasAgree(config: QuorumConfig, s: QuorumState): boolean {
  for (let h = 1; h < config.n; h++) if (!sameEntries(s.replicas[0].entries, s.replicas[h].entries)) return false;
  return true;
}

/**
 * The quorum model for `config`. Throws on an invalid config (call `validateConfig` first to
 * get the one-line reason without an exception).
 */
export function quorumModel(config: QuorumConfig): Model<QuorumState, QuorumAction> {
  const problem = validateConfig(config);
  if (problem !== null) throw new Error(problem);
  const t = topology(config);
  const classes = homeClasses(config);
  const properties: Property<QuorumState>[] = [
    historyProperty('stale-read', 'no read returns a value never written, or one superseded by a write that completed before the read began', checkStaleRead),
    historyProperty('linearizable', 'the history is linearizable for a read/write register', checkLinearizable),
    historyProperty('read-your-writes', 'a client reads its own completed writes (or newer)', checkReadYourWrites),
    historyProperty('monotonic-reads', "a client's later read never returns an older value than its earlier read", checkMonotonicReads),
    {
      name: 'convergence',
      kind: 'always-eventually',
      description: 'once operations end, partitions heal and nodes recover, every home replica holds the same value and version',
      check: (s) => homeReplicasAgree(config, s),
    },
    historyProperty('availability', 'no operation is refused or times out', checkAvailability),
  ];
  return {
    name: 'quorum',
    init: () => [initialState(config)],
    actions: (s) => enabledActions(t, s),
    next: (s, a) => applyAction(t, s, a),
    encode: encodeState,
    properties,
    symmetry: symmetryIsSound(config) ? (s) => homeReplicaSymmetry(t, s, classes) : undefined,
    // Background mechanisms and recovery are fair; client choices and faults are not.
    fairness: (s, a) =>
      match(a)
        .with({ kind: 'deliver' }, (x) => `deliver ${messageKey(s.messages[x.index])}`)
        .with({ kind: 'handoff' }, (x) => `handoff ${x.node}>${x.home}`)
        .with({ kind: 'anti-entropy' }, (x) => `anti-entropy ${x.a}-${x.b}`)
        .with({ kind: 'heal' }, () => 'heal')
        .with({ kind: 'recover' }, (x) => `recover ${x.node}`)
        .with({ kind: 'invoke' }, { kind: 'drop' }, { kind: 'give-up' }, { kind: 'partition' }, { kind: 'crash' }, { kind: 'skew' }, () => null)
        .exhaustive(),
    describe: quorumDescription(t),
  };
}
