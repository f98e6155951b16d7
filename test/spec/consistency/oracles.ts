/**
 * Test support: the consistency properties restated directly over invocation and response
 * times, with no bitmasks, as the independent oracles the checkers are compared against.
 */
import type { TimedHistory, TimedOp } from './timed-history.ts';
import { before } from './timed-history.ts';

const INITIAL = 0;

function valuesOf(read: TimedOp): readonly number[] {
  return read.siblings ?? [read.value];
}

/** The writes `read` may have returned `value` from: not refused, invoked before the read answered. */
function sources(h: TimedHistory, read: TimedOp, value: number): TimedOp[] {
  return h.filter((w) => w.kind === 'write' && w.value === value && w.status !== 'refused' && w.invoke < read.response);
}

function okWrites(h: TimedHistory): TimedOp[] {
  return h.filter((w) => w.kind === 'write' && w.status === 'ok');
}

/** Index of the first ok read satisfying `bad`, or -1. */
function firstBadRead(h: TimedHistory, bad: (read: TimedOp) => boolean): number {
  return h.findIndex((op) => op.kind === 'read' && op.status === 'ok' && bad(op));
}

/** stale-read: the id of the first violating read, or -1. */
export function staleReadOracle(h: TimedHistory): number {
  const superseded = (w: TimedOp, read: TimedOp): boolean =>
    w.status === 'ok' && okWrites(h).some((w2) => w2.response < read.invoke && w2.invoke > w.response);
  const initialSuperseded = (read: TimedOp): boolean => okWrites(h).some((w2) => w2.response < read.invoke);
  const fresh = (read: TimedOp, v: number): boolean => {
    if (v === INITIAL && !initialSuperseded(read)) return true;
    return sources(h, read, v).some((w) => !superseded(w, read));
  };
  return firstBadRead(h, (read) => valuesOf(read).every((v) => !fresh(read, v)));
}

/** read-your-writes: the id of the first violating read, or -1. */
export function readYourWritesOracle(h: TimedHistory): number {
  return firstBadRead(h, (read) => {
    const own = okWrites(h).filter((w) => w.client === read.client && w.response < read.invoke);
    if (own.length === 0) return false;
    const bad = (v: number): boolean =>
      own.some((w) => {
        if (v === INITIAL) return true;
        const src = sources(h, read, v);
        return src.length > 0 && src.every((s) => s.status === 'ok' && s.response < w.invoke);
      });
    return valuesOf(read).every(bad);
  });
}

/** monotonic-reads: the id of the first violating read, or -1. */
export function monotonicReadsOracle(h: TimedHistory): number {
  const older = (r1: TimedOp, v1: number, r2: TimedOp, v2: number): boolean => {
    const src1 = sources(h, r1, v1);
    if (src1.length === 0) return false;
    if (v2 === INITIAL) return true;
    const src2 = sources(h, r2, v2);
    return src2.length > 0 && src2.every((s2) => s2.status === 'ok' && src1.every((s1) => s2.response < s1.invoke));
  };
  return firstBadRead(h, (r2) =>
    h.some(
      (r1) =>
        r1.kind === 'read' &&
        r1.status === 'ok' &&
        r1.client === r2.client &&
        before(r1, r2) &&
        valuesOf(r1).every((v1) => valuesOf(r2).every((v2) => older(r1, v1, r2, v2))),
    ),
  );
}

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i], ...tail];
  }
}

/**
 * linearizable, by brute force: some subset of the indeterminate writes, and some order of
 * the ok operations plus that subset, respects real time and explains every read.
 */
export function linearizableOracle(h: TimedHistory): boolean {
  const required = h.filter((op) => op.status === 'ok');
  const optional = h.filter((op) => op.kind === 'write' && (op.status === 'pending' || op.status === 'timeout'));
  for (let subset = 0; subset < 1 << optional.length; subset++) {
    const chosen = [...required, ...optional.filter((_, i) => (subset & (1 << i)) !== 0)];
    for (const order of permutations(chosen)) {
      const respectsRealTime = order.every((b, j) => order.slice(j + 1).every((a) => !before(a, b)));
      if (!respectsRealTime) continue;
      let register = INITIAL;
      let explained = true;
      for (const op of order) {
        if (op.kind === 'write') register = op.value;
        else if (!valuesOf(op).includes(register)) {
          explained = false;
          break;
        }
      }
      if (explained) return true;
    }
  }
  return false;
}

/**
 * linearizable, by walking every order that respects real time (an operation may go next
 * once everything that precedes it has gone; an indeterminate write that is never placed did
 * not take effect) and replaying the register over each order that places every ok operation. Slower than `linearizableOracle` on
 * concurrent histories, but fast on the mostly sequential ones of 8 and more operations.
 */
export function linearizableByOrders(h: TimedHistory): boolean {
  const candidates = h.filter((op) => op.status === 'ok' || (op.kind === 'write' && (op.status === 'pending' || op.status === 'timeout')));
  const required = candidates.filter((op) => op.status === 'ok').length;
  const explains = (order: readonly TimedOp[]): boolean => {
    let register = INITIAL;
    for (const op of order) {
      if (op.kind === 'write') register = op.value;
      else if (!valuesOf(op).includes(register)) return false;
    }
    return true;
  };
  const walk = (order: TimedOp[], placed: Set<TimedOp>): boolean => {
    const placedOk = order.filter((op) => op.status === 'ok').length;
    if (placedOk === required && explains(order)) return true;
    for (const op of candidates) {
      if (placed.has(op)) continue;
      if (!h.every((other) => !before(other, op) || placed.has(other))) continue;
      placed.add(op);
      order.push(op);
      const found = walk(order, placed);
      order.pop();
      placed.delete(op);
      if (found) return true;
    }
    return false;
  };
  return walk([], new Set());
}
