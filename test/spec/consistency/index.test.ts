import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as consistency from '../../../spec/consistency/index.ts';
import { describeInvocation, describeOp } from '../../../spec/consistency/index.ts';
import { history, timedHistoryArb, toHistory } from './timed-history.ts';

describe('describeOp', () => {
  const h = history([
    { client: 0, kind: 'write', value: 1, status: 'ok' },
    { client: 1, kind: 'read', value: 0, status: 'ok' },
    { client: 1, kind: 'read', value: 1, siblings: [1, 2], status: 'ok' },
    { client: 2, kind: 'write', value: 3, status: 'timeout' },
    { client: 2, kind: 'read', value: 0, status: 'pending' },
  ]);

  it('names clients from 1 and prints values', () => {
    expect(h.map((op) => describeOp(op))).toEqual([
      'write(1) by C1',
      'read by C2 -> 0',
      'read by C2 -> {1,2}',
      'write(3) by C3 (timeout)',
      'read by C3 (pending)',
    ]);
  });

  it('uses the names it is given and falls back for the rest', () => {
    const names = { clients: ['alice', 'bob'], values: { 1: '$100' } };
    expect(describeOp(h[0], names)).toBe('write($100) by alice');
    expect(describeOp(h[2], names)).toBe('read by bob -> {$100,2}');
    expect(describeOp(h[3], names)).toBe('write(3) by C3 (timeout)');
  });

  it('exports every checker from the barrel', () => {
    for (const name of ['checkStaleRead', 'checkLinearizable', 'checkReadYourWrites', 'checkMonotonicReads', 'checkAvailability'] as const) {
      expect(typeof consistency[name]).toBe('function');
    }
  });
});

describe('why lines', () => {
  it('are one line that starts with the operation they blame', () => {
    const checkers = [consistency.checkStaleRead, consistency.checkLinearizable, consistency.checkReadYourWrites, consistency.checkMonotonicReads, consistency.checkAvailability];
    fc.assert(
      fc.property(timedHistoryArb({ clients: 3, maxOps: 7, maxValue: 2, siblings: true }), (timed) => {
        const h = toHistory(timed);
        for (const check of checkers) {
          const outcome = check(h);
          if (outcome.ok) continue;
          const op = h[outcome.op];
          expect(outcome.why).not.toMatch(/\n/);
          expect(outcome.why.startsWith(describeInvocation(op))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
