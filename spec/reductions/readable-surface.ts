/**
 * The quotient rules' view of the readable quorum model (`spec/protocols`).
 */
import type { ByteWriter, Model } from '../../explorer/index.ts';
import type { Message } from '../cluster/network.ts';
import { KIND_INDEX, compareMessages } from '../cluster/network.ts';
import type { QuorumAction } from '../protocols/actions.ts';
import { canReach, isStuck, topology } from '../protocols/actions.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import { quorumModel } from '../protocols/quorum-model.ts';
import type { QuorumState } from '../protocols/state.ts';
import type { FaultSurface } from './fault-surface.ts';

/** The readable quorum model of `config` with the reads and edits the quotient rules use. */
export function readableSurface(config: QuorumConfig): FaultSurface<QuorumState, QuorumAction, Message> {
  const t = topology(config);
  const base: Model<QuorumState, QuorumAction> = quorumModel(config);
  return {
    config,
    base,
    cuts: t.cuts,
    nodes: t.nodes,
    clients: t.clientCount,
    kind: (a) => (a.kind === 'handoff' || a.kind === 'anti-entropy' || a.kind === 'skew' ? 'other' : a.kind),
    argument: (a) => {
      switch (a.kind) {
        case 'invoke':
        case 'give-up':
          return a.client;
        case 'crash':
        case 'recover':
          return a.node;
        case 'deliver':
        case 'drop':
          return a.index;
        default:
          return -1;
      }
    },
    partitionAction: (cut) => ({ kind: 'partition', cut }),
    sameAction: (a, b) => {
      if (a.kind !== b.kind) return false;
      const x = a as unknown as Record<string, unknown>;
      const y = b as unknown as Record<string, unknown>;
      for (const key of Object.keys(x)) if (x[key] !== y[key]) return false;
      return true;
    },
    isUp: (s, node) => ((s.down >>> node) & 1) === 0,
    messageCount: (s) => s.messages.length,
    message: (s, index) => s.messages[index],
    compareMessages,
    writeMessage: (m, out) => {
      out.i32(KIND_INDEX[m.kind]);
      out.i32(m.from);
      out.i32(m.to);
      out.i32(m.op);
      out.i32(m.hints);
      out.i32(m.entries.length);
      for (const e of m.entries) {
        out.i32(e.value);
        out.i32(e.version);
      }
    },
    // encodeState starts with the partition budget, a byte below 16.
    writeMarker: (out: ByteWriter) => { out.u8(0xff); },
    isStuck: (s, c) => isStuck(t, s, c),
    canReach: (s, c, node) => canReach(t, s, c, node),
    hasPending: (s, c) => s.clients[c].pending !== null,
    pc: (s, c) => s.clients[c].pc,
    unavailable: (s) => s.history.some((op) => op.status === 'timeout' || op.status === 'refused'),
    completesRead: (s, index) => {
      const m = s.messages[index];
      if (m.kind !== 'reply') return false;
      const pending = s.clients[m.to - t.nodes].pending;
      return pending !== null && pending.op === m.op && pending.phase === 'read' && pending.replies.length + 1 >= pending.required;
    },
  };
}
