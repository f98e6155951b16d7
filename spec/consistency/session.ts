/**
 * The per-client session guarantees `read-your-writes` and `monotonic-reads`.
 */
import { INITIAL_VALUE, type CheckOutcome, type History, type HistoryOp } from './history.ts';
import { clientName, describeOp, readReturned, readValues, valueAt, valueCount, valueName, type OpNames } from './describe-op.ts';
import { lowestId, okWriteMask, sourceWrites } from './writes.ts';
import { violation } from './outcome.ts';

/**
 * Whether every write in `sources` (non-empty) completed before the write `later` was
 * invoked: then a value from `sources` is older, in real time, than `later`'s. A pending or
 * timed-out source is never in an `after` mask, so a value with one is never older.
 */
function allPrecede(sources: number, later: HistoryOp): boolean {
  return sources !== 0 && (later.after & sources) === sources;
}

/**
 * The first own write in `ownWrites` that makes `value`, returned by `read`, a violation of
 * read-your-writes; -1 when none does.
 */
function ownWriteMissed(history: History, read: HistoryOp, ownWrites: number, value: number): number {
  if (value === INITIAL_VALUE) return lowestId(ownWrites);
  const sources = sourceWrites(history, read, value);
  let scan = ownWrites;
  while (scan !== 0) {
    const low = scan & -scan;
    scan ^= low;
    const w = 31 - Math.clz32(low);
    if (allPrecede(sources, history[w])) return w;
  }
  return -1;
}

/** The sentence for a read that violates read-your-writes. */
function readYourWritesWhy(history: History, read: HistoryOp, ownWrites: number, names?: OpNames): string {
  const values = readValues(read);
  const w = ownWriteMissed(history, read, ownWrites, values[0]);
  const own = `${clientName(read.client, names)}'s own write(${valueName(history[w].value, names)})`;
  if (values.length > 1) return `${readReturned(read, names)}, but every sibling is older than ${own}, which completed before the read began`;
  if (values[0] === INITIAL_VALUE) return `${readReturned(read, names)}, but ${own} had completed before the read began`;
  return `${readReturned(read, names)}, but ${own} completed before the read began and every write of ${valueName(values[0], names)} had completed before it was invoked`;
}

/**
 * Checks `read-your-writes` and returns the first `ok` read, by id, that violates it.
 *
 * Once client c's own `ok` write w has completed, an `ok` read by c that begins later must
 * return neither `INITIAL_VALUE` nor a value superseded by w. A value is superseded by w
 * when it has at least one source write and every source write of it completed before w was
 * invoked (the favourable reading when several writes wrote the same value). The source
 * writes of a value are the writes of it that were not `refused` and were not invoked after
 * the read completed; a `pending` or `timeout` source never completed, so a value with one is
 * never superseded. A value no write wrote is not judged here (that is `stale-read`).
 * A read that returned siblings violates only when every sibling is such a value (each
 * possibly because of a different own write).
 */
export function checkReadYourWrites(history: History, names?: OpNames): CheckOutcome {
  const okWrites = okWriteMask(history);
  for (let i = 0; i < history.length; i++) {
    const read = history[i];
    if (read.kind !== 'read' || read.status !== 'ok') continue;
    let ownWrites = 0;
    let scan = read.after & okWrites;
    while (scan !== 0) {
      const low = scan & -scan;
      scan ^= low;
      if (history[31 - Math.clz32(low)].client === read.client) ownWrites |= low;
    }
    if (ownWrites === 0) continue;
    let violated = true;
    for (let k = 0; k < valueCount(read) && violated; k++) {
      if (ownWriteMissed(history, read, ownWrites, valueAt(read, k)) < 0) violated = false;
    }
    if (!violated) continue;
    return violation(i, readYourWritesWhy(history, read, ownWrites, names));
  }
  return { ok: true };
}

/** Whether value `v2`, returned by `r2`, is older in real time than `v1`, returned by the earlier `r1`. */
function goesBack(history: History, r1: HistoryOp, v1: number, r2: HistoryOp, v2: number): boolean {
  const sources1 = sourceWrites(history, r1, v1);
  if (sources1 === 0) return false;
  if (v2 === INITIAL_VALUE) return true;
  const sources2 = sourceWrites(history, r2, v2);
  if (sources2 === 0) return false;
  let scan = sources1;
  while (scan !== 0) {
    const low = scan & -scan;
    scan ^= low;
    if ((history[31 - Math.clz32(low)].after & sources2) !== sources2) return false;
  }
  return true;
}

/** Whether read r2 went back in time relative to the earlier read r1: every pair of their values does. */
function readGoesBack(history: History, r1: HistoryOp, r2: HistoryOp): boolean {
  for (let a = 0; a < valueCount(r1); a++) {
    for (let b = 0; b < valueCount(r2); b++) {
      if (!goesBack(history, r1, valueAt(r1, a), r2, valueAt(r2, b))) return false;
    }
  }
  return true;
}

/**
 * Checks `monotonic-reads` and returns the first `ok` read, by id, that violates it.
 *
 * For two `ok` reads r1 and r2 by the same client, r1 completed before r2 began, r2 must not
 * return a value older in real time than r1's: not `INITIAL_VALUE` once r1 returned a written
 * value, and not a value v2 whose every source write completed before every source write of
 * r1's value v1 was invoked (the favourable reading when several writes wrote the same value;
 * source writes are as in `checkReadYourWrites`, and a value with a `pending` or `timeout`
 * source is never older). A value no write wrote is not judged here (that is `stale-read`).
 * With siblings, r2 violates only when every value of r2 is older than every value of r1.
 */
export function checkMonotonicReads(history: History, names?: OpNames): CheckOutcome {
  for (let i = 0; i < history.length; i++) {
    const r2 = history[i];
    if (r2.kind !== 'read' || r2.status !== 'ok') continue;
    let scan = r2.after;
    while (scan !== 0) {
      const low = scan & -scan;
      scan ^= low;
      const r1 = history[31 - Math.clz32(low)];
      if (r1.kind !== 'read' || r1.client !== r2.client || r1.status !== 'ok') continue;
      if (readGoesBack(history, r1, r2)) {
        return violation(i, `${readReturned(r2, names)}, but the same client's earlier ${describeOp(r1, names)} had already seen a newer value`);
      }
    }
  }
  return { ok: true };
}
