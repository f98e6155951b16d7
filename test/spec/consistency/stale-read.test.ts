import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStaleRead } from '../../../spec/consistency/stale-read.ts';
import { checkLinearizable } from '../../../spec/consistency/linearizable.ts';
import { staleReadOracle } from './oracles.ts';
import { history, timedHistoryArb, toHistory } from './timed-history.ts';

describe('checkStaleRead', () => {
  it('agrees with the timestamp restatement on random multi-writer histories', () => {
    fc.assert(
      fc.property(timedHistoryArb({ clients: 3, maxOps: 8, maxValue: 3, siblings: false }), (timed) => {
        const outcome = checkStaleRead(toHistory(timed));
        const expected = staleReadOracle(timed);
        expect(outcome.ok ? -1 : outcome.op).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the restatement on histories with siblings and up to 12 operations', () => {
    fc.assert(
      fc.property(timedHistoryArb({ clients: 4, maxOps: 12, maxValue: 4, siblings: true }), (timed) => {
        const outcome = checkStaleRead(toHistory(timed));
        expect(outcome.ok ? -1 : outcome.op).toBe(staleReadOracle(timed));
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the restatement on long histories full of refused and indeterminate operations', () => {
    const arb = timedHistoryArb({ clients: 4, maxOps: 20, maxValue: 3, siblings: true, statuses: ['ok', 'ok', 'refused', 'timeout', 'pending'] });
    fc.assert(
      fc.property(arb, (timed) => {
        const outcome = checkStaleRead(toHistory(timed));
        expect(outcome.ok ? -1 : outcome.op).toBe(staleReadOracle(timed));
      }),
      { numRuns: 1000 },
    );
  });

  it('holds on every linearizable history (linearizability implies regular semantics)', () => {
    fc.assert(
      fc.property(timedHistoryArb({ clients: 3, maxOps: 6, maxValue: 2, siblings: true }), (timed) => {
        const h = toHistory(timed);
        if (checkLinearizable(h).ok) expect(checkStaleRead(h).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('flags the initial value read after a write completed, naming both operations', () => {
    // C1's write(1) completes (op 0), then C2's read begins and returns the initial 0.
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'ok' },
      { client: 1, kind: 'read', value: 0, status: 'ok', after: [0] },
    ]);
    expect(checkStaleRead(h)).toEqual({
      ok: false,
      op: 1,
      why: 'read by C2 returned 0, but write(1) by C1 had completed before the read began',
    });
  });

  it('flags a value superseded by a later completed write', () => {
    // write(1) completes, then write(2) is invoked and completes, then a read returns 1.
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'ok' },
      { client: 1, kind: 'write', value: 2, status: 'ok', after: [0] },
      { client: 2, kind: 'read', value: 1, status: 'ok', after: [0, 1] },
    ]);
    const outcome = checkStaleRead(h);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.op).toBe(2);
      expect(outcome.why).toBe(
        'read by C3 returned 1, but write(1) by C1 was superseded by write(2) by C2, which completed before the read began',
      );
    }
  });

  it('lets a read concurrent with a write return either value', () => {
    // write(1) by C1 overlaps both reads (no read has it in `after`).
    for (const value of [0, 1]) {
      const h = history([
        { client: 0, kind: 'write', value: 1, status: 'ok' },
        { client: 1, kind: 'read', value, status: 'ok' },
      ]);
      expect(checkStaleRead(h)).toEqual({ ok: true });
    }
  });

  it('holds on the new/old inversion, which linearizability rejects', () => {
    // write(1) overlaps both reads; C2 reads 1, then C3 (after C2's read completed) reads 0.
    // Each read alone is concurrent with the write, so regular semantics allows both.
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'ok' },
      { client: 1, kind: 'read', value: 1, status: 'ok' },
      { client: 2, kind: 'read', value: 0, status: 'ok', after: [1] },
    ]);
    expect(checkStaleRead(h)).toEqual({ ok: true });
    expect(checkLinearizable(h).ok).toBe(false);
  });

  it('holds when concurrent writes are read in either order', () => {
    // write(1) and write(2) overlap and both complete; then two reads see 1 and 2 in turn.
    // Neither write superseded the other in real time, so both values are fresh.
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'ok' },
      { client: 1, kind: 'write', value: 2, status: 'ok' },
      { client: 2, kind: 'read', value: 1, status: 'ok', after: [0, 1] },
      { client: 2, kind: 'read', value: 2, status: 'ok', after: [0, 1, 2] },
    ]);
    expect(checkStaleRead(h)).toEqual({ ok: true });
    expect(checkLinearizable(h).ok).toBe(false);
  });

  it('counts a timed-out write as written and never as superseding', () => {
    // write(1) timed out (maybe applied): a later read of 1 is fine, and a later read of 0 too,
    // since only completed writes supersede the initial value.
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'timeout' },
      { client: 1, kind: 'read', value: 1, status: 'ok' },
      { client: 1, kind: 'read', value: 0, status: 'ok', after: [1] },
    ]);
    expect(checkStaleRead(h)).toEqual({ ok: true });
  });

  it('treats a refused write as never written', () => {
    // cp mode refused write(1): nothing was applied, so reading 1 is reading a ghost.
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'refused' },
      { client: 1, kind: 'read', value: 1, status: 'ok' },
    ]);
    const outcome = checkStaleRead(h);
    expect(outcome).toEqual({ ok: false, op: 1, why: 'read by C2 returned 1, but no write of 1 was invoked before the read completed' });
  });

  it('does not count a write invoked after the read completed', () => {
    // The read of 1 completed (op 0) before write(1) was invoked.
    const h = history([
      { client: 1, kind: 'read', value: 1, status: 'ok' },
      { client: 0, kind: 'write', value: 1, status: 'ok', after: [0] },
    ]);
    expect(checkStaleRead(h).ok).toBe(false);
  });

  it('accepts siblings while one of them is fresh and rejects them when all are stale', () => {
    // write(1) completes, then write(2) is invoked and completes; a vclock read follows.
    const base = [
      { client: 0, kind: 'write', value: 1, status: 'ok' },
      { client: 1, kind: 'write', value: 2, status: 'ok', after: [0] },
    ] as const;
    const fresh = history([...base, { client: 2, kind: 'read', value: 1, siblings: [1, 2], status: 'ok', after: [0, 1] }]);
    expect(checkStaleRead(fresh)).toEqual({ ok: true });
    const stale = history([...base, { client: 2, kind: 'read', value: 0, siblings: [0, 1], status: 'ok', after: [0, 1] }]);
    const outcome = checkStaleRead(stale);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.op).toBe(2);
      expect(outcome.why).toMatch(/^read by C3 returned \{0,1\}, but every sibling is stale/);
    }
  });

  it('ignores reads that did not answer ok', () => {
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'ok' },
      { client: 1, kind: 'read', value: 0, status: 'timeout', after: [0] },
      { client: 2, kind: 'read', value: 0, status: 'pending', after: [0] },
    ]);
    expect(checkStaleRead(h)).toEqual({ ok: true });
  });

  it('judges 31-operation histories and reports the last read when only it is stale', () => {
    // One client alternates write(k) and a read of k, sequentially: every read is fresh
    // until the last read returns the value of the write before the last one.
    const ops: { client: number; kind: 'write' | 'read'; value: number; status: 'ok'; after: number[] }[] = [];
    for (let id = 0; id < 31; id++) {
      const after = Array.from({ length: id }, (_, j) => j);
      ops.push(id % 2 === 0 ? { client: 0, kind: 'write', value: id / 2 + 1, status: 'ok', after } : { client: 0, kind: 'read', value: (id + 1) / 2, status: 'ok', after });
    }
    expect(checkStaleRead(history(ops))).toEqual({ ok: true });
    // Read 29 follows write(15) (op 28); returning 14 instead reads a value write(15) superseded.
    ops[29] = { ...ops[29], value: 14 };
    expect(checkStaleRead(history(ops))).toMatchObject({ ok: false, op: 29 });
  });
});
