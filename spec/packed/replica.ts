/**
 * The replica's rules on packed states, word for word the readable model's
 * (spec/protocols/replica.ts): storing writes and hints, answering reads, hinted handoff and
 * anti-entropy. Each function edits `s`, a fresh copy of the parent state, in place.
 */
import type { PackedContext } from './context.ts';
import { M_ACK, M_REPAIR, M_REPLY, OP_SHIFT, PHASE_READ, PHASE_SHIFT, messageWord } from './layout.ts';

/** The entry word of the register's initial contents (value 0 at version 0). */
export function initialEntry(q: PackedContext): number {
  return q.entries.vclock ? 1 : 0;
}

/** Stores `entries` at `node`, plus a hint for each home replica in `hints` other than the node itself. */
function store(q: PackedContext, s: number[], node: number, entries: number, hints: number): void {
  const layout = q.layout;
  s[layout.replicas + node] = q.entries.merge(s, s[layout.replicas + node], entries);
  if (hints === 0) return;
  const at = layout.hintEntries + node * q.n;
  let present = s[layout.hintMasks + node];
  for (let h = 0; h < q.n; h++) {
    if (((hints >>> h) & 1) === 0 || h === node) continue;
    s[at + h] = ((present >>> h) & 1) !== 0 ? q.entries.merge(s, s[at + h], entries) : entries;
    present |= 1 << h;
  }
  s[layout.hintMasks + node] = present;
}

/** The phase a write-kind message answers in (write: 1, write-back: 3), as the client word stores it. */
const PHASE_OF_KIND = [1, 3, -1];

/**
 * A write-kind message (a write, write-back or repair, already removed) from client `c`
 * reaches `node`: stored, and acknowledged when its operation still waits for acks in that
 * phase (a repair is fire-and-forget).
 */
export function receiveWrite(q: PackedContext, s: number[], kind: number, c: number, node: number, op: number, hints: number, entries: number): void {
  store(q, s, node, entries, hints);
  if (kind === M_REPAIR) return;
  const w = s[q.layout.clientsAt + c * q.layout.clientStride];
  if (((w >>> PHASE_SHIFT) & 0x3) === PHASE_OF_KIND[kind] && ((w >>> OP_SHIFT) & 0x1f) === op) q.send(messageWord(M_ACK, c, node, op, 0), 0);
}

/** A read request from client `c` reaches `node`: it replies with what it holds, if the read still waits for replies. */
export function receiveRead(q: PackedContext, s: number[], c: number, node: number, op: number): void {
  const w = s[q.layout.clientsAt + c * q.layout.clientStride];
  if (((w >>> PHASE_SHIFT) & 0x3) === PHASE_READ && ((w >>> OP_SHIFT) & 0x1f) === op) q.send(messageWord(M_REPLY, c, node, op, 0), s[q.layout.replicas + node]);
}

/** Whether `node` may hand its hint for `home` to it now. */
export function canHandoff(q: PackedContext, s: readonly number[], node: number, home: number): boolean {
  return q.isUp(s, node) && q.isUp(s, home) && q.connected(s, node, home);
}

/** `node` hands its hint for `home` over; a spare forgets the key once it holds no hint. */
export function applyHandoff(q: PackedContext, s: number[], node: number, home: number): void {
  const layout = q.layout;
  const hint = s[layout.hintEntries + node * q.n + home];
  const present = s[layout.hintMasks + node] & ~(1 << home);
  s[layout.hintMasks + node] = present;
  s[layout.hintEntries + node * q.n + home] = 0;
  if (node >= q.n && present === 0) s[layout.replicas + node] = initialEntry(q);
  s[layout.replicas + home] = q.entries.merge(s, s[layout.replicas + home], hint);
  q.bumpSerial(1);
}

/** Home replicas `a` and `b` exchange and merge their contents. */
export function applyAntiEntropy(q: PackedContext, s: number[], a: number, b: number): void {
  const at = q.layout.replicas;
  const merged = q.entries.merge(s, s[at + a], s[at + b]);
  s[at + a] = merged;
  s[at + b] = merged;
  q.bumpSerial(2);
}

/** Forgets a node's data and hints (a crash with state loss), or restores it from `entries` with no hints. */
export function resetReplica(q: PackedContext, s: number[], node: number, entries: number): void {
  const layout = q.layout;
  s[layout.replicas + node] = entries;
  if (!layout.hints) return;
  s[layout.hintMasks + node] = 0;
  for (let h = 0; h < q.n; h++) s[layout.hintEntries + node * q.n + h] = 0;
}
