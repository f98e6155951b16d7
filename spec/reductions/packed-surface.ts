/**
 * The quotient rules' view of the packed quorum model (`spec/packed`): the same reads and
 * edits as `readable-surface.ts`, on the words of a packed state.
 */
import type { ByteWriter } from '../../explorer/index.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import { A_CRASH, A_DELIVER, A_DROP, A_GIVE_UP, A_HEAL, A_INVOKE, A_PARTITION, A_RECOVER, actionFirst, actionKind } from '../packed/actions.ts';
import { PackedContext } from '../packed/context.ts';
import { isStuck } from '../packed/coordinator.ts';
import type { PackedAction, PackedState } from '../packed/model.ts';
import { packedQuorumModel } from '../packed/model.ts';
import {
  DOWN,
  HSTATUS_SHIFT,
  MESSAGE_WORDS,
  MKIND_SHIFT,
  MOP_SHIFT,
  M_REPLY,
  OP_SHIFT,
  PC_SHIFT,
  PHASE_NONE,
  PHASE_READ,
  PHASE_SHIFT,
  REPLIES_SHIFT,
  REQUIRED_SHIFT,
  STATUS_REFUSED,
  STATUS_TIMEOUT,
  messageClient,
} from '../packed/layout.ts';
import type { FaultSurface, SurfaceActionKind } from './fault-surface.ts';

/** A message's identity words (word 0 and the entries word; the serial is left out). */
export type PackedMessage = readonly [number, number];

const KINDS: readonly SurfaceActionKind[] = ['invoke', 'deliver', 'give-up', 'other', 'other', 'partition', 'heal', 'crash', 'recover', 'other', 'drop'];

/** The packed quorum model of `config` with the reads and edits the quotient rules use. */
export function packedSurface(config: QuorumConfig): FaultSurface<PackedState, PackedAction, PackedMessage> {
  const q = new PackedContext(config);
  const m0 = q.m0;
  const clientWord = (s: readonly number[], c: number): number => s[q.layout.clientsAt + c * q.layout.clientStride];
  return {
    config,
    base: packedQuorumModel(config),
    cuts: q.cuts,
    nodes: q.nodes,
    clients: q.clientCount,
    kind: (a) => KINDS[actionKind(a)],
    argument: (a) => actionFirst(a),
    partitionAction: (cut) => A_PARTITION | (q.cuts.indexOf(cut) << 4),
    sameAction: (a, b) => a === b,
    isUp: (s, node) => ((s[DOWN] >>> node) & 1) === 0,
    messageCount: (s) => q.count(s),
    message: (s, index) => [s[m0 + MESSAGE_WORDS * index], s[m0 + MESSAGE_WORDS * index + 1]],
    compareMessages: (a, b) => a[0] - b[0] || a[1] - b[1],
    writeMessage: (m, out) => {
      out.i32(m[0]);
      out.i32(m[1]);
    },
    // A packed encoding starts with the budgets word, never negative.
    writeMarker: (out: ByteWriter) => { out.i32(-1); },
    isStuck: (s, c) => isStuck(q, s, c),
    canReach: (s, c, node) => q.canReach(s, c, node),
    hasPending: (s, c) => ((clientWord(s, c) >>> PHASE_SHIFT) & 0x3) !== PHASE_NONE,
    pc: (s, c) => (clientWord(s, c) >>> PC_SHIFT) & 0xf,
    unavailable: (s) => {
      let invoked = 0;
      for (let c = 0; c < q.clientCount; c++) invoked += (clientWord(s, c) >>> PC_SHIFT) & 0xf;
      for (let id = 0; id < invoked; id++) {
        const status = (s[q.historyAt(id)] >>> HSTATUS_SHIFT) & 0x3;
        if (status === STATUS_TIMEOUT || status === STATUS_REFUSED) return true;
      }
      return false;
    },
    completesRead: (s, index) => {
      const w0 = s[m0 + MESSAGE_WORDS * index];
      if (w0 >>> MKIND_SHIFT !== M_REPLY) return false;
      const w = clientWord(s, messageClient(w0));
      return (
        ((w >>> PHASE_SHIFT) & 0x3) === PHASE_READ &&
        ((w >>> OP_SHIFT) & 0x1f) === ((w0 >>> MOP_SHIFT) & 0x1f) &&
        ((w >>> REPLIES_SHIFT) & 0xf) + 1 >= ((w >>> REQUIRED_SHIFT) & 0xf)
      );
    },
  };
}

// The action kinds the table above names, so a renumbering fails loudly here.
if (KINDS[A_INVOKE] !== 'invoke' || KINDS[A_DELIVER] !== 'deliver' || KINDS[A_GIVE_UP] !== 'give-up' || KINDS[A_PARTITION] !== 'partition') throw new Error('packed action kinds moved');
if (KINDS[A_HEAL] !== 'heal' || KINDS[A_CRASH] !== 'crash' || KINDS[A_RECOVER] !== 'recover' || KINDS[A_DROP] !== 'drop') throw new Error('packed action kinds moved');
