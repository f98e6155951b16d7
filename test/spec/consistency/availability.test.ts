import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAvailability } from '../../../spec/consistency/availability.ts';
import { history, timedHistoryArb, toHistory } from './timed-history.ts';

describe('checkAvailability', () => {
  it('is violated by exactly the first refused or timed-out operation', () => {
    fc.assert(
      fc.property(timedHistoryArb({ clients: 3, maxOps: 10, maxValue: 2, siblings: false }), (timed) => {
        const expected = timed.findIndex((op) => op.status === 'refused' || op.status === 'timeout');
        const outcome = checkAvailability(toHistory(timed));
        expect(outcome.ok ? -1 : outcome.op).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('says what happened in plain words', () => {
    const h = history([
      { client: 0, kind: 'write', value: 1, status: 'pending' },
      { client: 1, kind: 'read', value: 0, status: 'timeout' },
      { client: 0, kind: 'write', value: 2, status: 'refused' },
    ]);
    expect(checkAvailability(h)).toEqual({ ok: false, op: 1, why: 'read by C2 timed out: its quorum did not answer in time' });
    expect(checkAvailability(h.slice(2).map((op) => ({ ...op, id: 0 })))).toEqual({
      ok: false,
      op: 0,
      why: 'write(2) by C1 was refused: its strict quorum was unreachable',
    });
    expect(checkAvailability(h.slice(0, 1))).toEqual({ ok: true });
  });
});
