/**
 * The network: endpoints (nodes, then clients), messages in flight as a canonically sorted
 * multiset, and who is connected under a partition's cut (`../faults/partition.ts` makes cuts).
 */
import type { Entry } from './versions.ts';
import { compareEntries } from './versions.ts';

/**
 * What a message carries. `write`: a client's write request; `writeback`: a read's
 * write-back (synchronous read repair, ABD's second phase), acknowledged; `repair`: an
 * asynchronous read repair, fire-and-forget; `ack`: a replica acknowledges a write or
 * write-back; `read`: a read request; `reply`: a replica's answer to a read.
 */
export type MessageKind = 'write' | 'writeback' | 'repair' | 'ack' | 'read' | 'reply';

/** The kinds in canonical order (their index is the encoded kind). */
export const MESSAGE_KINDS: readonly MessageKind[] = ['write', 'writeback', 'repair', 'ack', 'read', 'reply'];

/** The encoded index of each kind (a lookup table: sorting compares kinds often). */
export const KIND_INDEX: Readonly<Record<MessageKind, number>> = { write: 0, writeback: 1, repair: 2, ack: 3, read: 4, reply: 5 };

/** One message in flight. Endpoints: nodes are 0..M-1 (home replicas, then spares), clients M.. */
export interface Message {
  readonly kind: MessageKind;
  readonly from: number;
  readonly to: number;
  /** The history id of the client operation this message belongs to. */
  readonly op: number;
  /** For writes: bitmask of home replicas the receiver holds this write for (hinted handoff). */
  readonly hints: number;
  /** The entries carried (writes, repairs, replies); empty for reads and acks. */
  readonly entries: readonly Entry[];
  /**
   * A serial number unique within a trace, for the sequence chart's message ids. It is not
   * part of the state's identity: encode and compare ignore it, so two states that differ
   * only in serials are the same state.
   */
  readonly serial: number;
}

/** Compares two messages by content (not serial), for the canonical multiset order. */
export function compareMessages(a: Message, b: Message): number {
  return (
    KIND_INDEX[a.kind] - KIND_INDEX[b.kind] ||
    a.from - b.from ||
    a.to - b.to ||
    a.op - b.op ||
    a.hints - b.hints ||
    compareEntries(a.entries, b.entries)
  );
}

/** The messages sorted canonically (a stable sort keeps equal messages in serial order). */
export function sortMessages(messages: readonly Message[]): readonly Message[] {
  return [...messages].sort((a, b) => compareMessages(a, b) || a.serial - b.serial);
}

/** Whether endpoints `a` and `b` are on the same side of `cut` (0: no partition). */
export function connected(cut: number, a: number, b: number): boolean {
  return ((cut >>> a) & 1) === ((cut >>> b) & 1);
}

/** The number of set bits of a small bitmask. */
export function popcount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}
