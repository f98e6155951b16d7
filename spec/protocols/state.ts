/**
 * The quorum model's state: replicas' contents and hints, which nodes are down, the
 * partition, the clients and their pending operations, messages in flight, the history the
 * consistency checkers judge, and the fault budgets left. Plain readonly values of small
 * integers; `encodeState` writes the canonical bytes.
 */
import type { ByteWriter } from '../../explorer/index.ts';
import type { History, HistoryOp } from '../consistency/history.ts';
import type { Message } from '../cluster/network.ts';
import { KIND_INDEX, compareMessages, sortMessages } from '../cluster/network.ts';
import { canonicalCut } from '../faults/partition.ts';
import type { Entry } from '../cluster/versions.ts';
import { INITIAL_ENTRIES } from '../cluster/versions.ts';
import type { QuorumConfig } from './config.ts';
import { RESOLUTION_RULES } from './resolution.ts';

/** A write a node holds on behalf of an unreachable home replica, to hand off later. */
export interface Hint {
  /** The home replica (0-based) the write is meant for. */
  readonly home: number;
  readonly entries: readonly Entry[];
}

/** One node's storage: what it answers reads with, and the hints it holds (sorted by home). */
export interface ReplicaState {
  readonly entries: readonly Entry[];
  readonly hints: readonly Hint[];
}

/** A read reply a coordinator has received. */
export interface Reply {
  readonly node: number;
  readonly entries: readonly Entry[];
}

/** The phase of a pending operation: collecting write acks, read replies, or write-back acks (sync read repair). */
export type Phase = 'write' | 'read' | 'writeback';

/** A client's operation in progress; the client is its own coordinator. */
export interface Pending {
  /** History id. */
  readonly op: number;
  readonly phase: Phase;
  /** Acks (write, write-back) or replies (read) needed to answer. */
  readonly required: number;
  /** Bitmask of nodes that acknowledged in this phase. */
  readonly acked: number;
  /** Replies received, in arrival order for `first` resolution, else sorted by node. */
  readonly replies: readonly Reply[];
  /** For a write, the entry written; in the write-back phase, the resolved entries to return. */
  readonly result: readonly Entry[];
}

/** One client: where it is in its script, its clock skew, its vector-clock context, its pending operation. */
export interface ClientState {
  /** Index of the next operation of its script to invoke. */
  readonly pc: number;
  /** Ticks its wall clock runs behind true time. */
  readonly skew: number;
  /** The vector clock of everything it has read or written (vclock only; else 0). */
  readonly context: number;
  readonly pending: Pending | null;
}

/** The whole state of the quorum model. */
export interface QuorumState {
  /** Home replicas 0..N-1, then spares N..N+S-1. */
  readonly replicas: readonly ReplicaState[];
  /** Bitmask of crashed nodes. */
  readonly down: number;
  /** Partition cut over endpoints (nodes, then clients); 0 when the network is whole. */
  readonly cut: number;
  readonly clients: readonly ClientState[];
  /** Messages in flight, sorted canonically. */
  readonly messages: readonly Message[];
  readonly history: History;
  readonly partitionsLeft: number;
  readonly dropsLeft: number;
  readonly crashesLeft: number;
  readonly skewLeft: number;
  /** Next message serial (chart ids only; not part of the state's identity). */
  readonly serial: number;
}

/** The initial state: every replica holds value 0 at version 0, nothing in flight, full budgets. */
export function initialState(config: QuorumConfig): QuorumState {
  const nodes = config.n + config.spares;
  return {
    replicas: Array.from({ length: nodes }, () => ({ entries: INITIAL_ENTRIES, hints: [] })),
    down: 0,
    cut: 0,
    clients: config.ops.map(() => ({ pc: 0, skew: 0, context: 0, pending: null })),
    messages: [],
    history: [],
    partitionsLeft: config.partitions,
    dropsLeft: config.drops,
    crashesLeft: config.crashes,
    skewLeft: config.skew,
    serial: 0,
  };
}

/**
 * Puts a freshly built state in canonical form: messages sorted, the cut with endpoint 0 on
 * side 0, and replies sorted by node unless their arrival order matters (`first` keeps the
 * first reply in place).
 */
export function normalize(state: QuorumState, config: QuorumConfig): QuorumState {
  const messages = messagesSorted(state.messages) ? state.messages : sortMessages(state.messages);
  return normalizeWith(state, config, messages);
}

/**
 * `normalize` for a state whose messages are known to be in canonical order already (a
 * model step keeps them so): only the replies and the cut are put in canonical form.
 */
export function normalizeStep(state: QuorumState, config: QuorumConfig): QuorumState {
  return normalizeWith(state, config, state.messages);
}

function normalizeWith(state: QuorumState, config: QuorumConfig, messages: readonly Message[]): QuorumState {
  const endpoints = config.n + config.spares + config.ops.length;
  const keep = RESOLUTION_RULES[config.resolve].orderedReplies;
  let clients = state.clients;
  for (let c = 0; c < clients.length; c++) {
    const pending = clients[c].pending;
    if (pending === null || repliesSorted(pending.replies, keep)) continue;
    const head = pending.replies.slice(0, keep);
    const rest = pending.replies.slice(keep).sort((a, b) => a.node - b.node);
    if (clients === state.clients) clients = [...clients];
    (clients as ClientState[])[c] = { ...clients[c], pending: { ...pending, replies: [...head, ...rest] } };
  }
  const cut = canonicalCut(state.cut, endpoints);
  if (clients === state.clients && messages === state.messages && cut === state.cut) return state;
  return { ...state, clients, messages, cut };
}

/** A copy of `clients` with client `c` replaced. */
export function withClient(clients: readonly ClientState[], c: number, client: ClientState): readonly ClientState[] {
  const out = clients.slice();
  out[c] = client;
  return out;
}

/** A copy of `replicas` with `node`'s replaced. */
export function withReplica(replicas: readonly ReplicaState[], node: number, replica: ReplicaState): readonly ReplicaState[] {
  const out = replicas.slice();
  out[node] = replica;
  return out;
}

/** A copy of `history` with the operation of `op.id` replaced (`slice` then a store: cheaper than `map` with a closure on this path). */
export function withHistoryOp(history: readonly HistoryOp[], op: HistoryOp): readonly HistoryOp[] {
  const out = history.slice();
  for (let i = 0; i < out.length; i++) if (out[i].id === op.id) out[i] = op;
  return out;
}

function repliesSorted(replies: readonly Reply[], from: number): boolean {
  for (let i = from + 1; i < replies.length; i++) if (replies[i - 1].node > replies[i].node) return false;
  return true;
}

function messagesSorted(messages: readonly Message[]): boolean {
  for (let i = 1; i < messages.length; i++) {
    const order = compareMessages(messages[i - 1], messages[i]);
    if (order > 0 || (order === 0 && messages[i - 1].serial > messages[i].serial)) return false;
  }
  return true;
}

function encodeEntries(entries: readonly Entry[], out: ByteWriter): void {
  out.u8(entries.length);
  for (const e of entries) {
    out.u8(e.value);
    out.u32(e.version);
  }
}

const PHASES: readonly Phase[] = ['write', 'read', 'writeback'];
const STATUSES = ['pending', 'ok', 'refused', 'timeout'] as const;

/** The byte a pending operation's phase is encoded as (0 stands for no pending operation). */
export function phaseCode(phase: Phase): number {
  return 1 + PHASES.indexOf(phase);
}

/** The byte a history operation's kind and status are encoded as. */
export function historyOpCode(op: HistoryOp): number {
  return (op.kind === 'write' ? 0 : 1) + 2 * STATUSES.indexOf(op.status);
}

/**
 * Writes the canonical encoding of a (normalized) state. The message serials are left out on
 * purpose. `canonical-encode.ts` writes this same layout for a permuted state: change both.
 */
export function encodeState(state: QuorumState, out: ByteWriter): void {
  out.u8(state.partitionsLeft);
  out.u8(state.dropsLeft);
  out.u8(state.crashesLeft);
  out.u8(state.skewLeft);
  out.u32(state.cut);
  out.u16(state.down);
  for (const replica of state.replicas) {
    encodeEntries(replica.entries, out);
    out.u8(replica.hints.length);
    for (const hint of replica.hints) {
      out.u8(hint.home);
      encodeEntries(hint.entries, out);
    }
  }
  for (const client of state.clients) {
    out.u8(client.pc);
    out.u8(client.skew);
    out.u32(client.context);
    const p = client.pending;
    if (p === null) {
      out.u8(0);
      continue;
    }
    out.u8(phaseCode(p.phase));
    out.u8(p.op);
    out.u8(p.required);
    out.u16(p.acked);
    out.u8(p.replies.length);
    for (const reply of p.replies) {
      out.u8(reply.node);
      encodeEntries(reply.entries, out);
    }
    encodeEntries(p.result, out);
  }
  out.u8(state.history.length);
  for (const op of state.history) {
    out.u8(op.client);
    out.u8(historyOpCode(op));
    out.u8(op.value);
    out.u32(op.after);
    const siblings = op.siblings ?? [];
    out.u8(siblings.length);
    for (const v of siblings) out.u8(v);
  }
  out.u8(state.messages.length);
  for (const m of state.messages) {
    out.u8(KIND_INDEX[m.kind]);
    out.u8(m.from);
    out.u8(m.to);
    out.u8(m.op);
    out.u16(m.hints);
    encodeEntries(m.entries, out);
  }
}
