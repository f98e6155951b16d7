/**
 * The quorum replication model: one parameterized `Model` covering strict and sloppy quorums,
 * hinted handoff, read repair, anti-entropy, cp/ap modes and faults (see `QuorumConfig`).
 *
 * Modelling choices, each a deliberate abstraction:
 * - Clients coordinate their own requests. A request goes to every home replica (an
 *   unreachable one replaced by a spare under a sloppy quorum or in ap mode); the operation
 *   answers at W acks or R replies. Once it answers, its remaining read requests, replies and
 *   acks are discarded (they can no longer change anything), while its write requests stay in
 *   flight and still land.
 * - Versions: `logical` is (number of writes invoked so far + 1, writer), which stands for the
 *   query phase an ABD-style writer runs to pick a version above every completed write;
 *   `wall` is the writer's clock, true time (writes invoked so far + 1) minus its skew, ties
 *   broken by writer; `vclock` is the writer's context (what it has read and written) with its
 *   own entry incremented, and replicas keep concurrent writes as siblings.
 * - Resolution: `majority` breaks a tie between equally common values by the higher version.
 * - Replicas merge what they receive by version, so read repair or a late write never moves a
 *   replica backwards. A spare answers reads (as a stand-in) from what it holds and forgets
 *   the key once every hint it held is handed off. Handoff and anti-entropy are atomic steps.
 * - Timeouts: a client may give up only when its quorum can no longer be gathered by the
 *   messages that can still move. In ap mode it first waits for every answer that can still
 *   come, then answers with what it has, or with nothing yet sends again to what is reachable.
 * - Partitions: two sides, each with at least one node; see `enumerateCuts`.
 * - Crashes: a down node takes no messages (they wait); with state loss it forgets its data
 *   and hints and recovers empty or from a connected home replica's current copy.
 * - The graph of states is acyclic (every step spends a budget, advances a script, or removes
 *   a message, a hint or a difference between replicas), so `convergence` is judged at the
 *   dead ends: every fair run ends in one.
 * - Message serial numbers only name messages on the sequence chart; they are not part of the
 *   state's identity (`encode` leaves them out).
 */
import { match } from 'ts-pattern';
import type { Model } from '../../explorer/index.ts';
import type { QuorumConfig } from './config.ts';
import { quorumProperties } from './properties.ts';
import { validateConfig } from './config.ts';
import type { QuorumAction } from './actions.ts';
import { applyAction, enabledActions, topology } from './actions.ts';
import type { QuorumState } from './state.ts';
import { encodeState, initialState } from './state.ts';
import { quorumDescription, messageKey } from '../words/describe.ts';
import { homeClasses, homeReplicaSymmetry, symmetryIsSound } from '../reductions/symmetry.ts';
import { clientClasses, clientSymmetry } from '../reductions/client-symmetry.ts';
import { canonicalEncoder } from '../reductions/canonical-encode.ts';
import { quorumReduction } from '../reductions/partial-order.ts';
import { quorumOrbit } from '../reductions/orbit.ts';
import type { Topology } from './actions.ts';

export type { QuorumAction } from './actions.ts';
export type { QuorumState } from './state.ts';

export { QUORUM_PROPERTIES, homeReplicasAgree, type QuorumPropertyName } from './properties.ts';

/** The symmetry function: home replicas first, then clients, each where it is sound and can merge states. */
function symmetry(t: Topology, homes: readonly number[], clients: readonly number[] | null): ((s: QuorumState) => QuorumState) | undefined {
  const onHomes = symmetryIsSound(t.config);
  if (onHomes && clients !== null) return (s) => clientSymmetry(t, homeReplicaSymmetry(t, s, homes), clients);
  if (onHomes) return (s) => homeReplicaSymmetry(t, s, homes);
  if (clients !== null) return (s) => clientSymmetry(t, s, clients);
  return undefined;
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
  const properties = quorumProperties(config);
  const reduction = quorumReduction(t);
  return {
    name: 'quorum',
    init: () => [initialState(config)],
    actions: (s) => enabledActions(t, s),
    next: (s, a) => applyAction(t, s, a),
    encode: encodeState,
    properties,
    symmetry: symmetry(t, classes, clientClasses(config)),
    encodeCanonical: canonicalEncoder(t, symmetryIsSound(config) ? classes : null, clientClasses(config)),
    symmetryOrbit: quorumOrbit(t),
    ...(reduction === undefined ? {} : { reduction }),
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
