/**
 * The `stale-read` property: regular-register semantics with many writers, the article's
 * "stale read".
 */
import { INITIAL_VALUE, type CheckOutcome, type History, type HistoryOp } from './history.ts';
import { describeOp, readReturned, readValues, valueName, type OpNames } from './describe-op.ts';
import { okWriteMask, sourceWrites } from './writes.ts';
import { violation } from './outcome.ts';

/** Why one returned value is stale; `FRESH` when it is not. Encoded as a number so the hot path allocates nothing. */
const FRESH = -1;
const NEVER_WRITTEN = -2;
/** Encodes "source write `source` (or -1 for the initial state) was superseded by `superseder`". */
function supersededCode(source: number, superseder: number): number {
  return (source + 1) * 64 + superseder;
}

/**
 * The first `ok` write that completed before `read` began and was invoked after `source`
 * completed (any `ok` write that precedes `read`, for the initial state, `source` = -1);
 * -1 when there is none.
 */
function superseder(history: History, read: HistoryOp, okWrites: number, source: number): number {
  let candidates = read.after & okWrites;
  if (source < 0) return candidates === 0 ? -1 : 31 - Math.clz32(candidates & -candidates);
  const sourceBit = 1 << source;
  while (candidates !== 0) {
    const low = candidates & -candidates;
    const k = 31 - Math.clz32(low);
    if ((history[k].after & sourceBit) !== 0) return k;
    candidates ^= low;
  }
  return -1;
}

/**
 * Whether `value`, returned by the `ok` read `read`, is stale: `FRESH`, `NEVER_WRITTEN`, or a
 * `supersededCode` naming the first source write and what superseded it.
 */
function staleness(history: History, read: HistoryOp, okWrites: number, value: number): number {
  let sources = sourceWrites(history, read, value);
  let code = FRESH;
  if (value === INITIAL_VALUE) {
    const k = superseder(history, read, okWrites, -1);
    if (k < 0) return FRESH;
    code = supersededCode(-1, k);
  } else if (sources === 0) {
    return NEVER_WRITTEN;
  }
  while (sources !== 0) {
    const low = sources & -sources;
    const j = 31 - Math.clz32(low);
    sources ^= low;
    // A pending or timed-out write never completed, so nothing can have superseded it.
    if (history[j].status !== 'ok') return FRESH;
    const k = superseder(history, read, okWrites, j);
    if (k < 0) return FRESH;
    if (code === FRESH) code = supersededCode(j, k);
  }
  return code;
}

/** The plain-words reason for a stale code of `value`. */
function reason(history: History, value: number, code: number, names?: OpNames): string {
  if (code === NEVER_WRITTEN) return `no write of ${valueName(value, names)} was invoked before the read completed`;
  const source = Math.floor(code / 64) - 1;
  const k = code % 64;
  const by = describeOp(history[k], names);
  if (source < 0) return `${by} had completed before the read began`;
  return `${describeOp(history[source], names)} was superseded by ${by}, which completed before the read began`;
}

/**
 * Checks the `stale-read` property (regular-register semantics, many writers) and returns
 * the first `ok` read, by id, that violates it.
 *
 * An `ok` read returning value `v` violates when either
 * - `v` was never written: no write of `v` (other than a `refused` one, which applied
 *   nothing, or one invoked after the read completed) is in the history, and `v` is not
 *   `INITIAL_VALUE`; or
 * - every source of `v` was superseded in real time before the read began. The sources are
 *   the writes of `v` above and, for `INITIAL_VALUE`, the initial state. A write of `v` is
 *   superseded when some `ok` write `w2` precedes the read and was invoked after the write of
 *   `v` completed; the initial state is superseded by any `ok` write that precedes the read.
 *   Pending and timed-out writes count as sources (they may have been applied) but are never
 *   superseded (they did not complete) and never supersede.
 *
 * A read that returned siblings (vector clocks) violates only when every sibling is stale:
 * the client is handed all of them and may pick a fresh one, so one fresh sibling means the
 * newest completed write is not lost. Pending, timed-out and refused reads returned nothing
 * and are not judged. `names` only words the reason (clients and values by the scenario's names).
 */
export function checkStaleRead(history: History, names?: OpNames): CheckOutcome {
  const okWrites = okWriteMask(history);
  for (let i = 0; i < history.length; i++) {
    const read = history[i];
    if (read.kind !== 'read' || read.status !== 'ok') continue;
    if (read.siblings === undefined || read.siblings.length === 0) {
      const code = staleness(history, read, okWrites, read.value);
      if (code !== FRESH) {
        return violation(i, `${readReturned(read, names)}, but ${reason(history, read.value, code, names)}`);
      }
      continue;
    }
    let allStale = true;
    for (const value of read.siblings) {
      if (staleness(history, read, okWrites, value) === FRESH) {
        allStale = false;
        break;
      }
    }
    if (allStale) {
      const reasons = readValues(read).map((v) => `${valueName(v, names)}: ${reason(history, v, staleness(history, read, okWrites, v), names)}`);
      return violation(i, `${readReturned(read, names)}, but every sibling is stale (${reasons.join('; ')})`);
    }
  }
  return { ok: true };
}
