/**
 * The quorum model's partial-order reduction: once no fault can happen any more, a write that
 * has reached a replica no read will ever ask again can be delivered before anything else.
 *
 * The ample action is the delivery of a write-kind message (a client's write, a write-back or
 * a read repair) to node X, offered only when all of these hold:
 * - no partition, crash or drop is left in the budgets (each of them could disable the
 *   delivery), so nothing can stop it from happening later;
 * - no read can ever reach X again: no read request to X is in flight, no client has a read
 *   left in its script, and (in ap mode) no pending read may be sent again. Reads and writes
 *   at the same replica do not commute (the reply carries what the replica holds);
 * - the config has no hinted handoff, no anti-entropy and no wall clock, and with state loss
 *   no node is down: those read a replica's contents (handoff, anti-entropy, a recovery from
 *   a copy) or make two writes carry one version (a skewed wall clock), where the order of two
 *   writes at X would matter.
 *
 * Why the delivery `t` is then independent of every action that can come before it: writes
 * at one replica merge by version, a join (commutative, idempotent), and hints merge the same
 * way; a delivery elsewhere touches another replica; an ack or reply delivered to a client,
 * a give-up, an invoke, a heal, a recovery or a clock skew never read X's contents. The one
 * effect of `t` outside X is the ack it sends when its operation is still waiting in the same
 * phase; if that operation completes first, no ack is sent, and if `t` comes first, the
 * completion discards the ack (it discards every ack of its operation): the same state
 * either way. The ack turns a request that counted towards the operation's quorum into an
 * answer that counts the same, so no give-up is enabled or disabled. And `t` changes no
 * history, so no property over the history (stale-read, linearizable, the session
 * guarantees, availability) can tell whether it has happened: it is invisible to them.
 * Convergence reads the replicas and is not preserved.
 */
import type { PartialOrderReduction } from '../../explorer/index.ts';
import type { QuorumAction, Topology } from '../protocols/actions.ts';
import type { QuorumState } from '../protocols/state.ts';
import { HISTORY_PROPERTIES } from '../protocols/properties.ts';

/** The properties the quorum reduction preserves: every invariant over the history. */
export const REDUCTION_PRESERVES = HISTORY_PROPERTIES;

/** The quorum model's reduction for `t`'s config, or undefined when the config rules it out everywhere. */
export function quorumReduction(t: Topology): PartialOrderReduction<QuorumState, QuorumAction> | undefined {
  const { config } = t;
  if (config.handoff || config.antiEntropy || config.clock === 'wall') return undefined;
  // For each client, the index past its last read: a client whose pc is below it will read again.
  const readsUntil = config.ops.map((script) => {
    let last = -1;
    script.forEach((op, i) => {
      if (op.kind === 'read') last = i;
    });
    return last + 1;
  });
  const retriesReads = config.mode === 'ap';
  return {
    preserves: REDUCTION_PRESERVES,
    ample(s, actions) {
      if (s.partitionsLeft > 0 || s.crashesLeft > 0 || s.dropsLeft > 0) return -1;
      if (config.stateLoss && s.down !== 0) return -1;
      for (let c = 0; c < s.clients.length; c++) {
        const client = s.clients[c];
        if (client.pc < readsUntil[c]) return -1;
        if (retriesReads && client.pending !== null && client.pending.phase === 'read') return -1;
      }
      // Nodes with a read request in flight.
      let readAt = 0;
      for (const m of s.messages) if (m.kind === 'read') readAt |= 1 << m.to;
      for (let k = 0; k < actions.length; k++) {
        const action = actions[k];
        if (action.kind !== 'deliver') continue;
        const m = s.messages[action.index];
        if ((m.kind === 'write' || m.kind === 'writeback' || m.kind === 'repair') && ((readAt >>> m.to) & 1) === 0) return k;
      }
      return -1;
    },
  };
}
