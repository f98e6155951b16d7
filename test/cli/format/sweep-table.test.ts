import { describe, expect, it } from 'vitest';
import { formatSweepTable, propertyReading, sweepJson, sweepMarkdown, type Sweep } from '../../../cli/format/sweep-table.ts';
import { colours } from '../../../cli/format/summary.ts';

/** A hand-made sweep over N=2: W=1 R=1 is the only row with W + R <= N. */
const sweep: Sweep = {
  n: 2,
  config: { n: 2 },
  configLine: 'N=2 W,R swept strict lww',
  properties: ['stale-read', 'linearizable'],
  rows: [
    { w: 1, r: 1, intersects: false, verdicts: { 'stale-read': 'violated', linearizable: 'violated' }, states: 72, seconds: 0.1234, counterexampleLength: 6, dir: 'w1-r1', diagram: true },
    { w: 1, r: 2, intersects: true, verdicts: { 'stale-read': 'holds', linearizable: 'inconclusive' }, states: 12345, seconds: 1.5, counterexampleLength: null },
    { w: 2, r: 1, intersects: true, verdicts: { 'stale-read': 'holds', linearizable: 'holds' }, states: 115, seconds: 0.02, counterexampleLength: null },
    { w: 2, r: 2, intersects: true, verdicts: { 'stale-read': 'violated', linearizable: 'holds' }, states: 199, seconds: 0.4, counterexampleLength: 9, dir: 'w2-r2', diagram: true },
  ],
  interrupted: false,
};

describe('sweep formatting', () => {
  it('reads each property off the rows: holds counted separately with and without intersecting quorums', () => {
    // stale-read holds on (1,2) and (2,1) of the three intersecting rows, and not on (1,1).
    expect(propertyReading(sweep, 'stale-read')).toBe('stale-read holds on 2 of 3 rows with W+R>N, on 0 of 1 with W+R<=N.');
    // linearizable holds on (2,1) and (2,2); (1,2) is inconclusive, which is not a hold.
    expect(propertyReading(sweep, 'linearizable')).toBe('linearizable holds on 2 of 3 rows with W+R>N, on 0 of 1 with W+R<=N.');
  });

  it('the terminal table is aligned: the header and every row have the same width, one row per (W, R)', () => {
    const text = formatSweepTable(sweep, colours(false));
    const table = text.split('\n').filter((line) => line.startsWith('  '));
    expect(table).toHaveLength(1 + sweep.rows.length);
    expect(new Set(table.map((line) => line.length)).size).toBe(1);
    expect(table[1]).toMatch(/^\s+1\s+1\s+no\s+VIOLATED\s+VIOLATED\s+72\s+0\.12\s+6 steps$/);
    expect(table[2]).toMatch(/^\s+1\s+2\s+yes \*\s+HOLDS\s+INCONCLUSIVE\s+12,345\s+1\.50\s+-$/);
  });

  it('--json keeps the contract\'s fields and rounds seconds to milliseconds', () => {
    const json = sweepJson(sweep) as { rows: Record<string, unknown>[] };
    expect(Object.keys(json.rows[0])).toEqual(['w', 'r', 'intersects', 'verdicts', 'states', 'seconds', 'counterexampleLength']);
    expect(json.rows[0].seconds).toBe(0.123);
  });

  it('sweep.md links the diagram of each row that has one, and has no timings', () => {
    const page = sweepMarkdown(sweep);
    expect(page).toContain('| 1 | 1 | no | violated | violated | 72 | 6 steps | [trace.svg](w1-r1/trace.svg), [report](w1-r1/report.md) |');
    expect(page).toContain('| 2 | 1 | **yes** | holds | holds | 115 | - |  |');
    expect(page).not.toContain('0.12');
  });
});
