import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { INITIAL_ENTRIES, formatVersion, mergeEntries, packVersion, vcGet, vcIncrement, vcLeq, versionTs, versionWriter } from '../../../spec/cluster/versions.ts';
import type { Entry } from '../../../spec/cluster/versions.ts';

describe('total-order versions', () => {
  it('order by timestamp, then by writer, all above the initial version', () => {
    expect(packVersion(1, 0)).toBeGreaterThan(0);
    expect(packVersion(-1, 0)).toBeGreaterThan(0);
    expect(packVersion(2, 0)).toBeGreaterThan(packVersion(1, 3));
    expect(packVersion(1, 1)).toBeGreaterThan(packVersion(1, 0));
    expect(versionTs(packVersion(3, 2))).toBe(3);
    expect(versionWriter(packVersion(3, 2))).toBe(2);
    expect(formatVersion('logical', packVersion(1, 0), 2)).toBe('v(1,C1)');
    expect(formatVersion('wall', 0, 2)).toBe('v0');
  });

  it('last-write-wins keeps the higher version', () => {
    const older: Entry[] = [{ value: 1, version: packVersion(1, 0) }];
    const newer: Entry[] = [{ value: 2, version: packVersion(2, 1) }];
    expect(mergeEntries('logical', older, newer, 2)).toEqual(newer);
    expect(mergeEntries('logical', newer, older, 2)).toEqual(newer);
    expect(mergeEntries('wall', INITIAL_ENTRIES, older, 2)).toEqual(older);
  });
});

describe('vector clocks', () => {
  it('keep concurrent writes as siblings and drop dominated ones', () => {
    const a: Entry = { value: 1, version: vcIncrement(0, 0) }; // (1,0)
    const b: Entry = { value: 2, version: vcIncrement(0, 1) }; // (0,1)
    const c: Entry = { value: 3, version: vcIncrement(vcIncrement(vcIncrement(0, 0), 1), 1) }; // (1,2) dominates both
    const siblings = mergeEntries('vclock', [a], [b], 2);
    expect(siblings.map((e) => e.value).sort()).toEqual([1, 2]);
    expect(mergeEntries('vclock', siblings, [c], 2)).toEqual([c]);
    expect(mergeEntries('vclock', INITIAL_ENTRIES, [a], 2)).toEqual([a]);
    expect(vcGet(c.version, 1)).toBe(2);
    expect(formatVersion('vclock', c.version, 2)).toBe('vc(1,2)');
  });

  it('merge is commutative, associative and idempotent (as sets)', () => {
    const vc = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([x, y]) => x + 16 * y);
    const entry = vc.map((version) => ({ value: version % 7, version }));
    const key = (es: readonly Entry[]): string => JSON.stringify([...es].sort((p, q) => p.version - q.version));
    fc.assert(
      fc.property(entry, entry, entry, (x, y, z) => {
        const m = (p: readonly Entry[], q: readonly Entry[]): readonly Entry[] => mergeEntries('vclock', p, q, 2);
        expect(key(m([x], [y]))).toBe(key(m([y], [x])));
        expect(key(m(m([x], [y]), [z]))).toBe(key(m([x], m([y], [z]))));
        expect(key(m(m([x], [y]), [x]))).toBe(key(m([x], [y])));
        // No survivor is dominated by another survivor.
        const out = m(m([x], [y]), [z]);
        for (const p of out) for (const q of out) if (p !== q) expect(vcLeq(p.version, q.version, 2)).toBe(false);
      }),
    );
  });
});
