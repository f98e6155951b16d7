/**
 * Between packed states and the readable `QuorumState`: the initial packed state, and the
 * readable view of any packed state (for reports, ITF, replay and the differential tests).
 */
import type { HistoryOp, OpStatus } from '../consistency/history.ts';
import type { Message, MessageKind } from '../cluster/network.ts';
import { MESSAGE_KINDS } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import type { ClientState, Hint, Pending, Phase, QuorumState, Reply, ReplicaState } from '../protocols/state.ts';
import type { PackedContext } from './context.ts';
import {
  ACKED,
  BUDGETS,
  CLIENT_SKEW_SHIFT,
  CONTEXT,
  CRASHES_SHIFT,
  CUT,
  DOWN,
  DROPS_SHIFT,
  HAFTER,
  HEXTRA,
  HKIND_SHIFT,
  HSIBLINGS_SHIFT,
  HSTATUS_SHIFT,
  HVALUE_SHIFT,
  MESSAGE_WORDS,
  MHINTS_MASK,
  OP_SHIFT,
  PARTITIONS_SHIFT,
  PC_SHIFT,
  PHASE_SHIFT,
  REPLIES_SHIFT,
  REQUIRED_SHIFT,
  RESULT,
  SKEW_SHIFT,
  isAnswer,
  messageClient,
  messageKind,
  messageNode,
  messageOp,
} from './layout.ts';
import { initialEntry } from './replica.ts';
import { historyLength } from './coordinator.ts';

const PHASES: readonly (Phase | null)[] = [null, 'write', 'read', 'writeback'];
const STATUSES: readonly OpStatus[] = ['pending', 'ok', 'refused', 'timeout'];

/** The packed initial state: every replica holds the initial entry, nothing in flight, full budgets. */
export function packedInitialState(q: PackedContext): number[] {
  const { config, layout } = q;
  const s = new Array<number>(layout.messages + 1).fill(0);
  s[BUDGETS] =
    (config.partitions << PARTITIONS_SHIFT) | (config.drops << DROPS_SHIFT) | (config.crashes << CRASHES_SHIFT) | (config.skew << SKEW_SHIFT);
  const initial = initialEntry(q);
  for (let node = 0; node < q.nodes; node++) s[layout.replicas + node] = initial;
  return s;
}

/** The entries an entry word stands for. */
export function readableEntries(q: PackedContext, s: readonly number[], e: number): readonly Entry[] {
  if (!q.entries.vclock) return [{ value: e & 0xff, version: e >>> 8 }];
  const refs = new Int32Array(32);
  const count = q.entries.sorted(s, e, refs);
  const out: Entry[] = [];
  for (let i = 0; i < count; i++) out.push({ value: q.entries.refValue(s, refs[i]), version: q.entries.refVersion(s, refs[i]) });
  return out;
}

/** The readable `QuorumState` a packed state stands for, serials included. */
export function readableState(q: PackedContext, s: readonly number[]): QuorumState {
  const layout = q.layout;
  const replicas: ReplicaState[] = [];
  for (let node = 0; node < q.nodes; node++) {
    const hints: Hint[] = [];
    if (layout.hints) {
      const present = s[layout.hintMasks + node];
      for (let home = 0; home < q.n; home++) {
        if ((present >>> home) & 1) hints.push({ home, entries: readableEntries(q, s, s[layout.hintEntries + node * q.n + home]) });
      }
    }
    replicas.push({ entries: readableEntries(q, s, s[layout.replicas + node]), hints });
  }
  const clients: ClientState[] = [];
  for (let c = 0; c < q.clientCount; c++) {
    const at = layout.clientsAt + c * layout.clientStride;
    const w = s[at];
    const phase = PHASES[(w >>> PHASE_SHIFT) & 0x3];
    let pending: Pending | null = null;
    if (phase !== null) {
      const replies: Reply[] = [];
      const count = (w >>> REPLIES_SHIFT) & 0xf;
      for (let i = 0; i < count; i++) replies.push({ node: q.replyNode(s, at, i), entries: readableEntries(q, s, q.replyEntries(s, at, i)) });
      pending = {
        op: (w >>> OP_SHIFT) & 0x1f,
        phase,
        required: (w >>> REQUIRED_SHIFT) & 0xf,
        acked: s[at + ACKED],
        replies,
        result: phase === 'read' ? [] : readableEntries(q, s, s[at + RESULT]),
      };
    }
    clients.push({
      pc: (w >>> PC_SHIFT) & 0xf,
      skew: (w >>> CLIENT_SKEW_SHIFT) & 0xf,
      context: layout.vclock ? s[at + CONTEXT] >>> 0 : 0,
      pending,
    });
  }
  const history: HistoryOp[] = [];
  const length = historyLength(q, s);
  for (let id = 0; id < length; id++) {
    const h = q.historyAt(id);
    const h0 = s[h];
    const op: HistoryOp = {
      id,
      client: h0 & 0x7,
      kind: ((h0 >>> HKIND_SHIFT) & 1) === 0 ? 'write' : 'read',
      value: (h0 >>> HVALUE_SHIFT) & 0xff,
      status: STATUSES[(h0 >>> HSTATUS_SHIFT) & 0x3],
      after: s[h + HAFTER],
    };
    const siblings = (h0 >>> HSIBLINGS_SHIFT) & 0xf;
    if (siblings > 0) {
      const values: number[] = [];
      for (let i = 0; i < siblings; i++) values.push((s[h + HEXTRA + (i >> 2)] >>> (8 * (i & 3))) & 0xff);
      history.push({ ...op, siblings: values });
    } else {
      history.push(op);
    }
  }
  const messages: Message[] = [];
  const count = q.count(s);
  for (let i = 0; i < count; i++) {
    const w0 = s[q.m0 + MESSAGE_WORDS * i];
    const kind: MessageKind = MESSAGE_KINDS[messageKind(w0)];
    const node = messageNode(w0);
    const client = q.nodes + messageClient(w0);
    const answer = isAnswer(messageKind(w0));
    const empty = kind === 'read' || kind === 'ack';
    messages.push({
      kind,
      from: answer ? node : client,
      to: answer ? client : node,
      op: messageOp(w0),
      hints: w0 & MHINTS_MASK,
      entries: empty ? [] : readableEntries(q, s, s[q.m0 + MESSAGE_WORDS * i + 1]),
      serial: s[q.m0 + MESSAGE_WORDS * count + i],
    });
  }
  const budgets = s[BUDGETS];
  return {
    replicas,
    down: s[DOWN],
    cut: s[CUT],
    clients,
    messages,
    history,
    partitionsLeft: (budgets >>> PARTITIONS_SHIFT) & 0xf,
    dropsLeft: (budgets >>> DROPS_SHIFT) & 0xf,
    crashesLeft: (budgets >>> CRASHES_SHIFT) & 0xf,
    skewLeft: (budgets >>> SKEW_SHIFT) & 0xf,
    serial: s[q.lengthOf(s) - 1],
  };
}
