/**
 * Vector clocks on packed states: each write's clock lives in its history record only while an
 * entry word somewhere still refers to that write. The readable state forgets a write's clock
 * once no replica, hint, message, reply or result holds its entry, so the packed state clears
 * it then too, or two states the readable model calls equal would differ here.
 */
import type { PackedContext } from './context.ts';
import { HEXTRA, HKIND_SHIFT, KIND_WRITE, MESSAGE_WORDS } from './layout.ts';

/** Clears the clocks of writes no entry word refers to, in the successor under construction (vector clocks only). */
export function collectVersions(q: PackedContext, s: number[]): void {
  const layout = q.layout;
  let live = 0;
  for (let node = 0; node < q.nodes; node++) live |= s[layout.replicas + node];
  if (layout.hints) {
    const end = layout.hintEntries + q.nodes * q.n;
    for (let i = layout.hintEntries; i < end; i++) live |= s[i];
  }
  for (let c = 0; c < q.clientCount; c++) {
    const at = layout.clientsAt + c * layout.clientStride;
    live |= s[at + 2];
    for (let r = 0; r < layout.replySlots; r++) live |= q.replyEntries(s, at, r);
  }
  const m0 = q.m0;
  const count = q.workCount();
  for (let i = 0; i < count; i++) live |= s[m0 + MESSAGE_WORDS * i + 1];
  for (let op = 0; op < layout.historyCapacity; op++) {
    const h = layout.historyAt + op * layout.historyStride;
    if (((s[h] >>> HKIND_SHIFT) & 1) !== KIND_WRITE || ((live >>> (op + 1)) & 1) !== 0) continue;
    s[h + HEXTRA] = 0;
  }
}
