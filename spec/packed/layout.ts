/**
 * The packed quorum state: one flat array of 32-bit integers whose layout is computed once
 * from the configuration. A model step copies its parent's words and edits integers; no
 * object or string is built per successor. The readable `QuorumState` (spec/protocols/state.ts)
 * stays the reference: `convert.ts` maps between the two, and the differential tests require
 * both to reach the same states.
 *
 * The words, in order (offsets in {@link PackedLayout}):
 *
 * | words | what |
 * |---|---|
 * | 0 | budgets left: partitions, drops, crashes, skew (4 bits each), then writes invoked (bits 16-20) |
 * | 1 | the partition cut (a bitmask over endpoints: nodes, then clients; 0: none) |
 * | 2 | the down mask over nodes |
 * | `replicas`, one per node | the node's entries (an entry word, below) |
 * | `hintMasks`, one per node (sloppy or ap only) | the home replicas the node holds a hint for |
 * | `hintEntries`, node x home (sloppy or ap only) | the entries of each hint (0 where none) |
 * | `clientsAt`, `clientStride` per client | word 0 (pc, skew, phase, op, required, replies), the acked mask, the result entry word, (vector clocks) the context, then the replies |
 * | `historyAt`, `historyStride` per operation of the scripts | word 0 (client, kind, status, value, siblings), the `after` mask, (vector clocks) a write's clock or a read's sibling values |
 * | `messages`: 2 per message in flight | `w0` (kind, endpoints, op, hints) and `w1` (entries) |
 * | 1 per message in flight | the message's serial |
 * | 1 | the next serial |
 *
 * The identity of a state is its words up to the serials: the serials and the serial counter
 * name messages on the sequence chart only (the readable model leaves them out of its encoding
 * too), and they come last so that the identity is one run of words.
 * Every field of the identity is canonical as the steps write it: messages sorted in the
 * readable model's order (`compareMessages`), replies sorted by node (but `first`'s first
 * reply), and the fields of finished operations cleared. A reply is one word under a
 * total-order clock (`node << 24 | entries`) and two under vector clocks (node, entries).
 *
 * An entry word: under a total-order clock (logical, wall) it is one entry,
 * `version << 8 | value` (the version packed as `packVersion` does, below 2^10). Under vector
 * clocks it is a set of siblings: a bitmask of entry refs, bit 0 the initial entry and bit
 * `k + 1` the entry written by history operation `k`; each write's vector clock is kept in its
 * history record while some entry word still refers to it, and cleared once none does (the
 * readable state forgets it then too).
 */
import type { QuorumConfig } from '../protocols/config.ts';

/** Header words. */
export const BUDGETS = 0;
export const CUT = 1;
export const DOWN = 2;
export const HEADER_WORDS = 3;

/** Budget fields in word `BUDGETS` (4 bits each) and the count of writes invoked (5 bits). */
export const PARTITIONS_SHIFT = 0;
export const DROPS_SHIFT = 4;
export const CRASHES_SHIFT = 8;
export const SKEW_SHIFT = 12;
export const WRITES_SHIFT = 16;

/** Client word 0: pc, skew, phase, op, required, number of replies. */
export const PC_SHIFT = 0;
export const CLIENT_SKEW_SHIFT = 4;
export const PHASE_SHIFT = 8;
export const OP_SHIFT = 10;
export const REQUIRED_SHIFT = 15;
export const REPLIES_SHIFT = 19;
/** Client words after word 0: the acked mask, the result entry word, and (vector clocks) the context. */
export const ACKED = 1;
export const RESULT = 2;
export const CONTEXT = 3;

/** Pending phases (0: no operation pending). */
export const PHASE_NONE = 0;
export const PHASE_WRITE = 1;
export const PHASE_READ = 2;
export const PHASE_WRITEBACK = 3;

/** History word 0: client, kind, status, value, and (vector clocks) the number of siblings. */
export const HCLIENT_MASK = 0x7;
export const HKIND_SHIFT = 3;
export const HSTATUS_SHIFT = 4;
export const HVALUE_SHIFT = 6;
export const HSIBLINGS_SHIFT = 14;
/** History word 1: the `after` mask; (vector clocks) word 2: a write's clock, or words 2-3: a read's sibling values (4 per word). */
export const HAFTER = 1;
export const HEXTRA = 2;

/** Operation kinds and statuses as the history words store them (the readable model's order). */
export const KIND_WRITE = 0;
export const KIND_READ = 1;
export const STATUS_PENDING = 0;
export const STATUS_OK = 1;
export const STATUS_REFUSED = 2;
export const STATUS_TIMEOUT = 3;

/** Message kinds (the readable model's `KIND_INDEX`). */
export const M_WRITE = 0;
export const M_WRITEBACK = 1;
export const M_REPAIR = 2;
export const M_ACK = 3;
export const M_READ = 4;
export const M_REPLY = 5;

/**
 * Message word 0, from the top: kind (bits 28-30), the first endpoint (24-27), the second
 * (20-23), the operation (15-19), the hints (0-14). Requests (write, write-back, repair,
 * read) go from a client (first: its index) to a node (second); answers (ack, reply) from a
 * node (first) to a client (second). Comparing words then orders messages as the readable
 * model's `compareMessages` does: kind, sender, receiver, operation, hints.
 */
export const MKIND_SHIFT = 28;
export const MHI_SHIFT = 24;
export const MLO_SHIFT = 20;
export const MOP_SHIFT = 15;
export const MHINTS_MASK = 0x7fff;

/** Where each part of a packed state lives, for one configuration. */
export interface PackedLayout {
  readonly nodes: number;
  readonly n: number;
  readonly clients: number;
  /** Vector clocks: entry words are sibling sets (refs), clients carry a context word. */
  readonly vclock: boolean;
  /** Sloppy quorum or ap mode: nodes may hold hints. */
  readonly hints: boolean;
  readonly replicas: number;
  readonly hintMasks: number;
  readonly hintEntries: number;
  readonly clientsAt: number;
  readonly clientStride: number;
  /** Reply slots per client: a read holds fewer than its quorum (at most R) of replies, and a write-back keeps them. */
  readonly replySlots: number;
  /** Words per reply: 1 (`node << 24 | entries`) under a total-order clock, 2 under vector clocks. */
  readonly replyWords: number;
  /** Where a client's replies start, relative to its record. */
  readonly repliesAt: number;
  readonly historyAt: number;
  readonly historyStride: number;
  /** Operations in all scripts: the history's capacity. */
  readonly historyCapacity: number;
  /** Where the messages start: the fixed part's length. */
  readonly messages: number;
}

/** The layout of `config`'s packed states. */
export function packedLayout(config: QuorumConfig): PackedLayout {
  const nodes = config.n + config.spares;
  const clients = config.ops.length;
  const vclock = config.clock === 'vclock';
  const hints = config.quorum === 'sloppy' || config.mode === 'ap';
  const replicas = HEADER_WORDS;
  const hintMasks = replicas + nodes;
  const hintEntries = hintMasks + (hints ? nodes : 0);
  const clientsAt = hintEntries + (hints ? nodes * config.n : 0);
  const replySlots = config.r;
  const replyWords = vclock ? 2 : 1;
  const repliesAt = vclock ? 4 : 3;
  const clientStride = repliesAt + replyWords * replySlots;
  const historyAt = clientsAt + clients * clientStride;
  const historyStride = vclock ? 4 : 2;
  const historyCapacity = config.ops.reduce((sum, script) => sum + script.length, 0);
  const messages = historyAt + historyCapacity * historyStride;
  return { nodes, n: config.n, clients, vclock, hints, replicas, hintMasks, hintEntries, clientsAt, clientStride, replySlots, replyWords, repliesAt, historyAt, historyStride, historyCapacity, messages };
}

/** A packed state: int32 words, never changed once a step has returned it. */
export type PackedState = readonly number[];

/** Identity words per message in flight: `w0` and `w1`. */
export const MESSAGE_WORDS = 2;

/** The number of messages in flight in a state of `length` words (each takes its two words and a serial). */
export function messageCount(layout: PackedLayout, length: number): number {
  return (length - layout.messages - 1) / 3;
}

/** The number of leading words of a state of `length` words that make its identity. */
export function identityWords(layout: PackedLayout, length: number): number {
  return layout.messages + 2 * messageCount(layout, length);
}

/** The first word of client `c`'s record. */
export function clientAt(layout: PackedLayout, c: number): number {
  return layout.clientsAt + c * layout.clientStride;
}

/** The first word of history operation `op`'s record. */
export function historyOpAt(layout: PackedLayout, op: number): number {
  return layout.historyAt + op * layout.historyStride;
}

/** Message word 0 of a request (client to node) or an answer (node to client). */
export function messageWord(kind: number, client: number, node: number, op: number, hints: number): number {
  const answer = kind === M_ACK || kind === M_REPLY;
  const hi = answer ? node : client;
  const lo = answer ? client : node;
  return (kind << MKIND_SHIFT) | (hi << MHI_SHIFT) | (lo << MLO_SHIFT) | (op << MOP_SHIFT) | hints;
}

/** The kind of a message word 0. */
export function messageKind(w0: number): number {
  return w0 >>> MKIND_SHIFT;
}

/** The operation of a message word 0. */
export function messageOp(w0: number): number {
  return (w0 >>> MOP_SHIFT) & 0x1f;
}

/** Whether a message kind travels from a node to a client. */
export function isAnswer(kind: number): boolean {
  return kind === M_ACK || kind === M_REPLY;
}

/** The node end of a message word 0. */
export function messageNode(w0: number): number {
  return isAnswer(w0 >>> MKIND_SHIFT) ? (w0 >>> MHI_SHIFT) & 0xf : (w0 >>> MLO_SHIFT) & 0xf;
}

/** The client end of a message word 0. */
export function messageClient(w0: number): number {
  return isAnswer(w0 >>> MKIND_SHIFT) ? (w0 >>> MLO_SHIFT) & 0xf : (w0 >>> MHI_SHIFT) & 0xf;
}
