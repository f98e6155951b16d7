import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLinearizable } from '../../../spec/consistency/linearizable.ts';
import { linearizableByOrders, linearizableOracle } from './oracles.ts';
import { history, timedHistoryArb, toHistory, type TimedHistory } from './timed-history.ts';

/** The failing op must be an ok operation, so a report can highlight it. */
function expectAgreement(timed: TimedHistory): void {
  const h = toHistory(timed);
  const outcome = checkLinearizable(h);
  expect(outcome.ok).toBe(linearizableOracle(timed));
  if (!outcome.ok) expect(h[outcome.op].status).toBe('ok');
}

describe('checkLinearizable', () => {
  it('agrees with brute-force enumeration of orders and indeterminate subsets (up to 6 ops)', () => {
    fc.assert(
      fc.property(timedHistoryArb({ clients: 3, maxOps: 6, maxValue: 2, siblings: false }), expectAgreement),
      { numRuns: 3000 },
    );
  });

  it('agrees with brute force on histories with siblings and more values', () => {
    fc.assert(
      fc.property(timedHistoryArb({ clients: 4, maxOps: 6, maxValue: 3, siblings: true }), expectAgreement),
      { numRuns: 2000 },
    );
  });

  it('agrees with brute force on 7-operation histories of one value', () => {
    // One written value makes most histories linearizable, so the search runs deep.
    fc.assert(
      fc.property(timedHistoryArb({ clients: 3, maxOps: 7, maxValue: 1, siblings: false }), expectAgreement),
      { numRuns: 300 },
    );
  });

  it('agrees with the order walk on 8 to 10 operations, refused and indeterminate ones included', () => {
    const arb = timedHistoryArb({ clients: 3, maxOps: 10, maxValue: 2, siblings: true, statuses: ['ok', 'ok', 'ok', 'refused', 'timeout', 'pending'] });
    fc.assert(
      fc.property(arb, (timed) => {
        const outcome = checkLinearizable(toHistory(timed));
        expect(outcome.ok).toBe(linearizableByOrders(timed));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the order walk on 13 to 16 operations, where memoization uses a Set', () => {
    // Two sequential clients keep the number of orders small enough to walk.
    const arb = timedHistoryArb({ clients: 2, maxOps: 16, maxValue: 2, siblings: false, statuses: ['ok', 'ok', 'ok', 'ok', 'timeout'] }).filter((h) => h.length >= 13);
    fc.assert(
      fc.property(arb, (timed) => {
        expect(checkLinearizable(toHistory(timed)).ok).toBe(linearizableByOrders(timed));
      }),
      { numRuns: 60 },
    );
  });

  it('the two brute-force oracles agree with each other', () => {
    fc.assert(
      fc.property(timedHistoryArb({ clients: 3, maxOps: 6, maxValue: 2, siblings: true }), (timed) => {
        expect(linearizableByOrders(timed)).toBe(linearizableOracle(timed));
      }),
      { numRuns: 500 },
    );
  });

  it('rejects the new/old inversion and names the read that went back', () => {
    // write(1) overlaps both reads; C2 reads 1, then C3, after C2's read completed, reads 0.
    // Once C2's read placed write(1), no order lets C3's later read see 0.
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'ok' },
      { client: 1, kind: 'read', value: 1, status: 'ok' },
      { client: 2, kind: 'read', value: 0, status: 'ok', after: [1] },
    ]);
    const outcome = checkLinearizable(h);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.op).toBe(2);
      expect(outcome.why).toMatch(/^read by C3 returned 0, but .*after write\(1\) by C1, read by C2 -> 1\)$/);
    }
  });

  it('lets a read concurrent with a write return either value', () => {
    for (const value of [0, 1]) {
      const h = history([
        { client: 0, kind: 'write', value: 1, status: 'ok' },
        { client: 1, kind: 'read', value, status: 'ok' },
      ]);
      expect(checkLinearizable(h)).toEqual({ ok: true });
    }
  });

  it('lets a timed-out write take effect later, but only once', () => {
    // write(1) timed out: a later read may see it (it took effect) ...
    const seen = history([
      { client: 0, kind: 'write', value: 1, status: 'timeout' },
      { client: 1, kind: 'read', value: 0, status: 'ok' },
      { client: 1, kind: 'read', value: 1, status: 'ok', after: [1] },
    ]);
    expect(checkLinearizable(seen)).toEqual({ ok: true });
    // ... or never take effect; but once seen, a later read cannot see 0 again.
    const unseen = history([
      { client: 0, kind: 'write', value: 1, status: 'timeout' },
      { client: 1, kind: 'read', value: 0, status: 'ok' },
    ]);
    expect(checkLinearizable(unseen)).toEqual({ ok: true });
    const flicker = history([
      { client: 0, kind: 'write', value: 1, status: 'timeout' },
      { client: 1, kind: 'read', value: 1, status: 'ok' },
      { client: 1, kind: 'read', value: 0, status: 'ok', after: [1] },
    ]);
    expect(checkLinearizable(flicker)).toMatchObject({ ok: false, op: 2 });
  });

  it('excludes refused writes and ignores reads that did not answer', () => {
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'refused' },
      { client: 1, kind: 'read', value: 7, status: 'timeout' },
      { client: 1, kind: 'read', value: 0, status: 'ok' },
    ]);
    expect(checkLinearizable(h)).toEqual({ ok: true });
    const ghost = history([
      { client: 0, kind: 'write', value: 1, status: 'refused' },
      { client: 1, kind: 'read', value: 1, status: 'ok' },
    ]);
    expect(checkLinearizable(ghost)).toMatchObject({ ok: false, op: 1 });
  });

  it('accepts a sibling read when the register may hold one of its values', () => {
    // write(1) then write(2), sequential; a later vclock read returns {2,1}: 2 explains it.
    const base = [
      { client: 0, kind: 'write', value: 1, status: 'ok' },
      { client: 0, kind: 'write', value: 2, status: 'ok', after: [0] },
    ] as const;
    expect(checkLinearizable(history([...base, { client: 1, kind: 'read', value: 2, siblings: [2, 1], status: 'ok', after: [0, 1] }]))).toEqual({ ok: true });
    expect(checkLinearizable(history([...base, { client: 1, kind: 'read', value: 0, siblings: [0, 1], status: 'ok', after: [0, 1] }]))).toMatchObject({ ok: false, op: 2 });
  });

  it('handles 31 operations, with memoization beyond the stamp table', () => {
    // 10 clients write 1..10 concurrently, all complete; 21 later reads (each after every
    // write) all return 10: linearizable by placing write(10) last among the writes.
    const ops: Parameters<typeof history>[0][number][] = [];
    for (let c = 0; c < 10; c++) ops.push({ client: c, kind: 'write', value: c + 1, status: 'ok' });
    const writes = Array.from({ length: 10 }, (_, j) => j);
    for (let k = 0; k < 21; k++) ops.push({ client: k % 10, kind: 'read', value: 10, status: 'ok', after: writes });
    expect(checkLinearizable(history(ops))).toEqual({ ok: true });
    // Two reads that disagree after every write completed cannot both be explained.
    ops[30] = { ...ops[30], value: 9 };
    expect(checkLinearizable(history(ops)).ok).toBe(false);
  });

  it('memoizes on the register value as well as the placed operations, past 12 operations', () => {
    // 11 sequential reads of 0, then write(1) and write(2) overlap, then a read returns 1.
    // Placing write(1) then write(2) fails; write(2) then write(1) reaches the same set of
    // placed operations with another value, and succeeds.
    const ops: Parameters<typeof history>[0][number][] = [];
    for (let k = 0; k < 11; k++) ops.push({ client: 2, kind: 'read', value: 0, status: 'ok', after: Array.from({ length: k }, (_, j) => j) });
    const reads = Array.from({ length: 11 }, (_, j) => j);
    ops.push({ client: 0, kind: 'write', value: 1, status: 'ok', after: reads });
    ops.push({ client: 1, kind: 'write', value: 2, status: 'ok', after: reads });
    ops.push({ client: 2, kind: 'read', value: 1, status: 'ok', after: [...reads, 11, 12] });
    expect(ops.length).toBe(14);
    expect(checkLinearizable(history(ops))).toEqual({ ok: true });
    expect(checkLinearizable(history(ops.slice(3).map((op) => ({ ...op, after: op.after?.filter((j) => j >= 3).map((j) => j - 3) }))))).toEqual({ ok: true });
  });

  it('refuses more than 31 operations', () => {
    const ops = Array.from({ length: 32 }, (_, c) => ({ client: c, kind: 'read' as const, value: 0, status: 'ok' as const }));
    expect(() => checkLinearizable(history(ops.slice(0, 31)))).not.toThrow();
    expect(() => checkLinearizable(ops.map((op, id) => ({ ...op, id, after: 0 })))).toThrow(/at most 31/);
  });
});
