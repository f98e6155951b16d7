import { describe, expect, it } from 'vitest';
import { examplePair, formatOverlapTable, overlapDot, overlapJson } from '../../../cli/format/overlap.ts';
import { overlapFacts } from '../../../cli/commands/overlap.ts';

describe('overlap formatting', () => {
  it('shows a disjoint pair when W + R <= N, and the least overlap otherwise', () => {
    // N=4 W=2 R=2: {R1,R2} and {R3,R4} share nothing. N=3 W=2 R=2: every pair shares one replica.
    const disjoint = overlapFacts({ n: 4, w: 2, r: 2, k: undefined });
    expect(examplePair(disjoint.report).disjoint).toBe(true);
    const forced = overlapFacts({ n: 3, w: 2, r: 2, k: undefined });
    const { pair, disjoint: isDisjoint } = examplePair(forced.report);
    expect(isDisjoint).toBe(false);
    expect(pair.write.filter((replica) => pair.read.includes(replica))).toHaveLength(1);
  });

  it('writes the JSON the contract names, with the stale probability as a fraction', () => {
    // N=4 W=2 R=2: C(2,2)/C(4,2) = 1/6; k=2: 1/36.
    const json = overlapJson(overlapFacts({ n: 4, w: 2, r: 2, k: 2 })) as Record<string, unknown>;
    expect(json.pairs).toBe(36);
    expect(json.disjointPairs).toBe(6);
    expect(json.minOverlap).toBe(0);
    expect(json.staleProbability).toEqual({ fraction: '1/6', value: 1 / 6 });
    expect(json.kStaleProbability).toEqual({ k: 2, fraction: '1/36', value: 1 / 36 });
  });

  it('prints one row per number and the pigeonhole verdict', () => {
    const table = formatOverlapTable(overlapFacts({ n: 4, w: 2, r: 2, k: undefined }));
    expect(table).toMatch(/^quorum overlap for N=4 W=2 R=2\n/);
    expect(table).toMatch(/disjoint pairs\s+6\n/);
    expect(table).toMatch(/W \+ R = 4 <= N = 4: some read quorum misses some write quorum\.\n$/);
  });

  it('draws boxes for both rows and a line per shared replica, the same bytes every time', () => {
    const facts = overlapFacts({ n: 3, w: 2, r: 2, k: undefined });
    const dot = overlapDot(facts.report);
    expect(dot).toBe(overlapDot(facts.report));
    expect(dot.match(/^ {2}w\d+ \[/gm)).toHaveLength(3);
    expect(dot.match(/^ {2}r\d+ \[/gm)).toHaveLength(3);
    expect(dot.match(/ -> /g)).toHaveLength(1);
  });
});
