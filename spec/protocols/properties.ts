/**
 * The quorum model's properties. This registry is the one place a property is defined;
 * `QuorumPropertyName` is derived from it, so a new property is one entry here plus whatever
 * the compiler then names.
 *
 * A property `over: 'history'` is a predicate of the recorded history alone (the client
 * operations, their values and real-time order); every reduction that preserves histories
 * (partial-order reduction, the quotients) preserves it. `over: 'replicas'` reads the replicas'
 * contents.
 */
import type { Property } from '../../explorer/index.ts';
import type { CheckOutcome, History } from '../consistency/history.ts';
import type { OpNames } from '../consistency/describe-op.ts';
import { checkAvailability } from '../consistency/availability.ts';
import { checkLinearizable } from '../consistency/linearizable.ts';
import { checkMonotonicReads, checkReadYourWrites } from '../consistency/session.ts';
import { checkStaleRead } from '../consistency/stale-read.ts';
import { sameEntries } from '../cluster/versions.ts';
import type { QuorumConfig } from './config.ts';
import type { QuorumState } from './state.ts';

/** A property judged on the history: its checker names the first operation that breaks it. */
interface HistoryPropertyRule {
  readonly kind: 'always';
  readonly over: 'history';
  readonly description: string;
  /** `names` only words the reason (the scenario's client and value names). */
  readonly checker: (history: History, names?: OpNames) => CheckOutcome;
}

/** A property of the replicas' contents, judged on states (convergence). */
interface ReplicaPropertyRule {
  readonly kind: 'always-eventually';
  readonly over: 'replicas';
  readonly description: string;
  readonly holds: (config: QuorumConfig, state: QuorumState) => boolean;
}

/** One entry of the registry. */
export type QuorumPropertyRule = HistoryPropertyRule | ReplicaPropertyRule;

/** Whether every home replica holds the same entries (value and version). */
export function homeReplicasAgree(config: QuorumConfig, s: QuorumState): boolean {
  for (let h = 1; h < config.n; h++) if (!sameEntries(s.replicas[0].entries, s.replicas[h].entries)) return false;
  return true;
}

/** The properties, in the order the model lists them. */
export const QUORUM_PROPERTY_RULES = {
  'stale-read': {
    kind: 'always',
    over: 'history',
    description: 'no read returns a value never written, or one superseded by a write that completed before the read began',
    checker: checkStaleRead,
  },
  linearizable: { kind: 'always', over: 'history', description: 'the history is linearizable for a read/write register', checker: checkLinearizable },
  'read-your-writes': { kind: 'always', over: 'history', description: 'a client reads its own completed writes (or newer)', checker: checkReadYourWrites },
  'monotonic-reads': {
    kind: 'always',
    over: 'history',
    description: "a client's later read never returns an older value than its earlier read",
    checker: checkMonotonicReads,
  },
  convergence: {
    kind: 'always-eventually',
    over: 'replicas',
    description: 'once operations end, partitions heal and nodes recover, every home replica holds the same value and version',
    holds: homeReplicasAgree,
  },
  availability: { kind: 'always', over: 'history', description: 'no operation is refused or times out', checker: checkAvailability },
} as const satisfies Record<string, QuorumPropertyRule>;

/** The name of a quorum property. */
export type QuorumPropertyName = keyof typeof QUORUM_PROPERTY_RULES;

/** The properties judged on the replicas' contents rather than the history (each model implements these itself). */
export type ReplicaPropertyName = {
  [K in QuorumPropertyName]: (typeof QUORUM_PROPERTY_RULES)[K]['over'] extends 'replicas' ? K : never;
}[QuorumPropertyName];

/** Every property's name, in the order the model lists them. */
export const QUORUM_PROPERTIES = Object.keys(QUORUM_PROPERTY_RULES) as QuorumPropertyName[];

/** The properties judged on the history alone. */
export const HISTORY_PROPERTIES = QUORUM_PROPERTIES.filter((name) => QUORUM_PROPERTY_RULES[name].over === 'history');

/** The history checker of a history property, or undefined for a property of the replicas. */
export function historyChecker(name: string): ((history: History, names?: OpNames) => CheckOutcome) | undefined {
  const rule = (QUORUM_PROPERTY_RULES as Record<string, QuorumPropertyRule | undefined>)[name];
  return rule?.over === 'history' ? rule.checker : undefined;
}

/** The explorer's properties for `config`, over states with a `history` (and replicas, for convergence). */
export function quorumProperties(config: QuorumConfig): Property<QuorumState>[] {
  return QUORUM_PROPERTIES.map((name): Property<QuorumState> => {
    const rule: QuorumPropertyRule = QUORUM_PROPERTY_RULES[name];
    if (rule.over === 'history') {
      const checker = rule.checker;
      return { name, kind: rule.kind, description: rule.description, check: (s) => checker(s.history).ok };
    }
    const holds = rule.holds;
    return { name, kind: rule.kind, description: rule.description, check: (s) => holds(config, s) };
  });
}
