import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_OVERLAP_REPLICAS, kStaleProbability, overlap, staleProbability } from '../../../spec/protocols/overlap.ts';

/** C(n, k) by Pascal's rule, independent of the module's multiplicative formula. */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let row = [1n];
  for (let i = 1; i <= n; i++) row = Array.from({ length: i + 1 }, (_, j) => (j === 0 || j === i ? 1n : row[j - 1] + row[j]));
  return row[k];
}

const quorums = fc
  .integer({ min: 1, max: 9 })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n })));

function isQuorum(replicas: readonly number[], size: number, n: number): boolean {
  return replicas.length === size && new Set(replicas).size === size && replicas.every((i) => Number.isInteger(i) && i >= 0 && i < n);
}

describe('overlap', () => {
  it('matches the closed forms for every small configuration', () => {
    fc.assert(
      fc.property(quorums, ([n, w, r]) => {
        const report = overlap(n, w, r);
        const pairs = choose(n, w) * choose(n, r);
        expect(BigInt(report.pairs)).toBe(pairs);
        expect(report.minOverlap).toBe(Math.max(0, w + r - n));
        expect(report.maxOverlap).toBe(Math.min(w, r));
        // disjointPairs / pairs == C(n-w, r) / C(n, r), cross-multiplied.
        expect(BigInt(report.disjointPairs) * choose(n, r)).toBe(choose(n - w, r) * pairs);
        // Pairs sharing k replicas: C(n,w) write quorums, each met in k of its w by C(w,k)C(n-w,r-k) reads.
        expect(report.histogram.map(BigInt)).toEqual(
          Array.from({ length: Math.min(w, r) + 1 }, (_, k) => choose(n, w) * choose(w, k) * choose(n - w, r - k)),
        );
        const min = report.exampleMinOverlap;
        expect(isQuorum(min.write, w, n) && isQuorum(min.read, r, n)).toBe(true);
        expect(min.write.filter((i) => min.read.includes(i)).length).toBe(report.minOverlap);
        if (w + r > n) expect(report.exampleDisjoint).toBeUndefined();
        else {
          const d = report.exampleDisjoint;
          expect(d !== undefined && isQuorum(d.write, w, n) && isQuorum(d.read, r, n)).toBe(true);
          expect(d?.write.some((i) => d.read.includes(i))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts N=3, W=2, R=2 by hand', () => {
    // Three 2-subsets each side: a pair is the same subset (3 pairs, sharing 2) or two
    // different ones (6 pairs, sharing 1); none is disjoint.
    const report = overlap(3, 2, 2);
    expect(report).toMatchObject({ pairs: 9, disjointPairs: 0, minOverlap: 1, maxOverlap: 2, histogram: [0, 6, 3] });
    expect(report.exampleDisjoint).toBeUndefined();
    expect(report.exampleMinOverlap).toEqual({ write: [0, 1], read: [0, 2] });
  });

  it('counts N=3, W=1, R=1 by hand', () => {
    // Single replicas: 3 pairs meet (same replica), 6 miss.
    expect(overlap(3, 1, 1)).toMatchObject({ pairs: 9, disjointPairs: 6, minOverlap: 0, maxOverlap: 1, histogram: [6, 3], exampleDisjoint: { write: [0], read: [1] } });
  });

  it('rejects sizes outside its limits with a clear message', () => {
    expect(() => overlap(MAX_OVERLAP_REPLICAS + 1, 1, 1)).toThrow(/n \(replicas\) must be an integer from 1 to 16, got 17/);
    expect(() => overlap(3, 4, 1)).toThrow(/w \(write quorum\) must be an integer from 1 to 3, got 4/);
    expect(() => overlap(3, 1, 0)).toThrow(/r \(read quorum\)/);
    expect(() => overlap(2.5, 1, 1)).toThrow(RangeError);
  });
});

describe('staleProbability', () => {
  function gcd(a: bigint, b: bigint): bigint {
    return b === 0n ? a : gcd(b, a % b);
  }

  it('is the reduced fraction of disjoint pairs', () => {
    fc.assert(
      fc.property(quorums, ([n, w, r]) => {
        const p = staleProbability(n, w, r);
        const report = overlap(n, w, r);
        const num = BigInt(p.numerator);
        const den = BigInt(p.denominator);
        expect(num * BigInt(report.pairs)).toBe(BigInt(report.disjointPairs) * den);
        expect(gcd(num, den)).toBe(num === 0n ? den : 1n);
        expect(p.value).toBeCloseTo(report.disjointPairs / report.pairs, 12);
        if (w + r > n) expect(p).toEqual({ numerator: '0', denominator: '1', value: 0 });
      }),
      { numRuns: 300 },
    );
  });

  it('gives PBS eq. 1 for N=5, W=2, R=2 by hand', () => {
    // C(3,2)/C(5,2) = 3/10.
    expect(staleProbability(5, 2, 2)).toEqual({ numerator: '3', denominator: '10', value: 0.3 });
  });

  it('raises to the k-th power for k versions (PBS eq. 2)', () => {
    // (3/10)^3 = 27/1000; k = 0 is certainty.
    expect(kStaleProbability(5, 2, 2, 3)).toEqual({ numerator: '27', denominator: '1000', value: 0.027 });
    expect(kStaleProbability(5, 2, 2, 0)).toEqual({ numerator: '1', denominator: '1', value: 1 });
    fc.assert(
      fc.property(quorums, fc.integer({ min: 1, max: 6 }), ([n, w, r], k) => {
        const once = staleProbability(n, w, r);
        const many = kStaleProbability(n, w, r, k);
        expect(BigInt(many.numerator)).toBe(BigInt(once.numerator) ** BigInt(k));
        expect(BigInt(many.denominator)).toBe(BigInt(once.denominator) ** BigInt(k));
      }),
    );
  });

  it('stays exact for large clusters', () => {
    // C(50,3)/C(100,3) = 19600/161700 = 196/1617 = 28/231 = 4/33.
    expect(staleProbability(100, 50, 3)).toMatchObject({ numerator: '4', denominator: '33' });
    expect(kStaleProbability(1000, 1, 1, 200).value).toBeCloseTo(0.999 ** 200, 12);
  });
});
