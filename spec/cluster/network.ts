/**
 * The network: endpoints (nodes, then clients), messages in flight as a canonically sorted
 * multiset, and partitions as a bitmask of which side each endpoint is on.
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

/** The cut with endpoint 0 on side 0, so a partition and its mirror image are one value. */
export function canonicalCut(cut: number, endpoints: number): number {
  if (cut === 0 || (cut & 1) === 0) return cut;
  return ~cut & (2 ** endpoints - 1);
}

/**
 * Every partition worth enumerating, as cut bitmasks over the endpoints (nodes 0..M-1, then
 * clients). Both sides hold at least one node: isolating only clients from every node adds
 * nothing the interleavings (messages waiting) do not already show, except timeouts, which a
 * one-node side shows too. Node 0 is on side 0 so a split and its mirror are counted once.
 * A client with a site follows its node; a client without one takes either side, so every
 * placement is enumerated. With a fixed cut only that node split is used.
 */
export function enumerateCuts(nodes: number, clients: number, sites?: readonly number[], fixedCut?: readonly number[]): readonly number[] {
  const nodeMasks: number[] = [];
  if (fixedCut !== undefined) {
    let mask = 0;
    for (const n of fixedCut) mask |= 1 << n;
    nodeMasks.push(mask);
  } else {
    for (let mask = 2; mask < 2 ** nodes; mask += 2) nodeMasks.push(mask);
  }
  const cuts: number[] = [];
  for (const nodeMask of nodeMasks) {
    if (sites !== undefined) {
      let cut = nodeMask;
      for (let c = 0; c < clients; c++) if ((nodeMask >>> sites[c]) & 1) cut |= 1 << (nodes + c);
      cuts.push(canonicalCut(cut, nodes + clients));
    } else {
      for (let placement = 0; placement < 2 ** clients; placement++) {
        cuts.push(canonicalCut(nodeMask | (placement << nodes), nodes + clients));
      }
    }
  }
  return [...new Set(cuts)];
}

/** The number of set bits of a small bitmask. */
export function popcount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}
