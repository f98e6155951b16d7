import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMonotonicReads, checkReadYourWrites } from '../../../spec/consistency/session.ts';
import { checkLinearizable } from '../../../spec/consistency/linearizable.ts';
import { monotonicReadsOracle, readYourWritesOracle } from './oracles.ts';
import { history, timedHistoryArb, toHistory } from './timed-history.ts';

const small = timedHistoryArb({ clients: 2, maxOps: 8, maxValue: 2, siblings: false });
const wide = timedHistoryArb({ clients: 3, maxOps: 12, maxValue: 3, siblings: true });
const adversarial = timedHistoryArb({ clients: 4, maxOps: 20, maxValue: 2, siblings: true, statuses: ['ok', 'ok', 'ok', 'refused', 'timeout', 'pending'] });

describe('checkReadYourWrites', () => {
  it('agrees with the timestamp restatement on random histories', () => {
    for (const arb of [small, wide, adversarial]) {
      fc.assert(
        fc.property(arb, (timed) => {
          const outcome = checkReadYourWrites(toHistory(timed));
          expect(outcome.ok ? -1 : outcome.op).toBe(readYourWritesOracle(timed));
        }),
        { numRuns: 3000 },
      );
    }
  });

  it('flags a client that reads the initial value after its own write completed', () => {
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'ok' },
      { client: 0, kind: 'read', value: 0, status: 'ok', after: [0] },
    ]);
    expect(checkReadYourWrites(h)).toEqual({
      ok: false,
      op: 1,
      why: "read by C1 returned 0, but C1's own write(1) had completed before the read began",
    });
  });

  it('flags a value the own write superseded, not one written concurrently with it', () => {
    // C2's write(1) completes, then C1 writes 2 and reads 1: superseded by C1's own write.
    const superseded = history([
      { client: 1, kind: 'write', value: 1, status: 'ok' },
      { client: 0, kind: 'write', value: 2, status: 'ok', after: [0] },
      { client: 0, kind: 'read', value: 1, status: 'ok', after: [0, 1] },
    ]);
    expect(checkReadYourWrites(superseded)).toMatchObject({ ok: false, op: 2 });
    // C2's write(1) overlaps C1's write(2): reading 1 afterwards is allowed (C2's may be newer).
    const concurrent = history([
      { client: 1, kind: 'write', value: 1, status: 'ok' },
      { client: 0, kind: 'write', value: 2, status: 'ok' },
      { client: 0, kind: 'read', value: 1, status: 'ok', after: [0, 1] },
    ]);
    expect(checkReadYourWrites(concurrent)).toEqual({ ok: true });
  });

  it('takes the favourable reading when two writes wrote the same value', () => {
    // write(1) by C2 completes before C1's write(2); another write(1) by C3 overlaps it.
    // The read of 1 may come from C3's write, which C1's write did not supersede.
    const h = history([
      { client: 1, kind: 'write', value: 1, status: 'ok' },
      { client: 0, kind: 'write', value: 2, status: 'ok', after: [0] },
      { client: 2, kind: 'write', value: 1, status: 'ok', after: [0] },
      { client: 0, kind: 'read', value: 1, status: 'ok', after: [0, 1, 2] },
    ]);
    expect(checkReadYourWrites(h)).toEqual({ ok: true });
  });

  it('does not judge reads by other clients', () => {
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'ok' },
      { client: 1, kind: 'read', value: 0, status: 'ok', after: [0] },
    ]);
    expect(checkReadYourWrites(h)).toEqual({ ok: true });
  });

  it('holds on every linearizable history', () => {
    fc.assert(
      fc.property(timedHistoryArb({ clients: 2, maxOps: 6, maxValue: 2, siblings: true }), (timed) => {
        const h = toHistory(timed);
        if (checkLinearizable(h).ok) expect(checkReadYourWrites(h).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('checkMonotonicReads', () => {
  it('agrees with the timestamp restatement on random histories', () => {
    for (const arb of [small, wide, adversarial, timedHistoryArb({ clients: 2, maxOps: 10, maxValue: 1, siblings: false })]) {
      fc.assert(
        fc.property(arb, (timed) => {
          const outcome = checkMonotonicReads(toHistory(timed));
          expect(outcome.ok ? -1 : outcome.op).toBe(monotonicReadsOracle(timed));
        }),
        { numRuns: 3000 },
      );
    }
  });

  it('flags a client that sees a write and then the initial value again', () => {
    // write(1) by C2 timed out but was applied somewhere: C1 sees 1, then 0.
    const h = history([
      { client: 1, kind: 'write', value: 1, status: 'timeout' },
      { client: 0, kind: 'read', value: 1, status: 'ok' },
      { client: 0, kind: 'read', value: 0, status: 'ok', after: [1] },
    ]);
    expect(checkMonotonicReads(h)).toEqual({
      ok: false,
      op: 2,
      why: "read by C1 returned 0, but the same client's earlier read by C1 -> 1 had already seen a newer value",
    });
  });

  it('flags going back to a value written before the one already seen', () => {
    // write(1) completes, then write(2) is invoked; C1 reads 2, then 1.
    const h = history([
      { client: 1, kind: 'write', value: 1, status: 'ok' },
      { client: 2, kind: 'write', value: 2, status: 'ok', after: [0] },
      { client: 0, kind: 'read', value: 2, status: 'ok' },
      { client: 0, kind: 'read', value: 1, status: 'ok', after: [2] },
    ]);
    expect(checkMonotonicReads(h)).toMatchObject({ ok: false, op: 3 });
  });

  it('allows alternating between values of concurrent writes', () => {
    // write(1) and write(2) overlap: neither is older, so 2 then 1 is not going back.
    const h = history([
      { client: 1, kind: 'write', value: 1, status: 'ok' },
      { client: 2, kind: 'write', value: 2, status: 'ok' },
      { client: 0, kind: 'read', value: 2, status: 'ok', after: [0, 1] },
      { client: 0, kind: 'read', value: 1, status: 'ok', after: [0, 1, 2] },
    ]);
    expect(checkMonotonicReads(h)).toEqual({ ok: true });
  });

  it('judges sibling reads against every pair of values', () => {
    // write(1) completes before write(2) is invoked. C1 reads {1,2}, then 1: 1 is not older
    // than 1, so the favourable reading holds; then {0,1} after a read of 2 goes back.
    const base = [
      { client: 1, kind: 'write', value: 1, status: 'ok' },
      { client: 2, kind: 'write', value: 2, status: 'ok', after: [0] },
    ] as const;
    expect(
      checkMonotonicReads(
        history([...base, { client: 0, kind: 'read', value: 1, siblings: [1, 2], status: 'ok' }, { client: 0, kind: 'read', value: 1, status: 'ok', after: [2] }]),
      ),
    ).toEqual({ ok: true });
    expect(
      checkMonotonicReads(
        history([...base, { client: 0, kind: 'read', value: 2, status: 'ok' }, { client: 0, kind: 'read', value: 0, siblings: [0, 1], status: 'ok', after: [2] }]),
      ),
    ).toMatchObject({ ok: false, op: 3 });
  });

  it('holds on every linearizable history', () => {
    fc.assert(
      fc.property(timedHistoryArb({ clients: 2, maxOps: 6, maxValue: 2, siblings: true }), (timed) => {
        const h = toHistory(timed);
        if (checkLinearizable(h).ok) expect(checkMonotonicReads(h).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
