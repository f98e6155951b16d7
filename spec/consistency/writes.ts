/**
 * Bitmask helpers over a history's writes, shared by the register checkers. Every function
 * loops over the history without allocating: the checkers run on every explored state.
 */
import type { History, HistoryOp } from './history.ts';

/** The bitmask of the history's `ok` writes. */
export function okWriteMask(history: History): number {
  let mask = 0;
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.kind === 'write' && op.status === 'ok') mask |= 1 << i;
  }
  return mask;
}

/**
 * The bitmask of the writes that `read` may have returned value `value` from: every write of
 * `value` that was not refused (a refused write applied nothing; a pending or timed-out one
 * may have been applied), excluding writes invoked after `read` had already completed (a
 * read cannot return a value from its future).
 */
export function sourceWrites(history: History, read: HistoryOp, value: number): number {
  const readBit = 1 << read.id;
  let mask = 0;
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.kind === 'write' && op.value === value && op.status !== 'refused' && (op.after & readBit) === 0) {
      mask |= 1 << i;
    }
  }
  return mask;
}

/** The lowest id in a non-empty bitmask. */
export function lowestId(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}
