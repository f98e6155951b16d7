import { describe, expect, it } from 'vitest';
import { check, type Model } from '../../explorer/index.ts';
import { OrbitReservoir } from '../../explorer/_internals/orbit-sample.ts';
import { gridModel, type Cell, type Step } from './fixtures/grid.ts';

/** The grid with x and y interchangeable: the representative has x <= y. */
function symmetricGrid(k: number): Model<Cell, Step> {
  return {
    ...gridModel(k),
    symmetry: (s) => (s.x <= s.y ? s : { x: s.y, y: s.x }),
    symmetryOrbit: (s) => [s, { x: s.y, y: s.x }],
  };
}

type Counters = readonly number[];

/** `count` interchangeable counters in 0..k, one "inc i" action each; the representative sorts them. */
function countersModel(count: number, k: number): Model<Counters, number> {
  const permutations = (items: readonly number[]): number[][] =>
    items.length <= 1 ? [items.slice()] : items.flatMap((x, i) => permutations(items.filter((_, j) => j !== i)).map((rest) => [x, ...rest]));
  return {
    name: `counters-${count}-${k}`,
    init: () => [new Array<number>(count).fill(0)],
    actions: (s) => s.flatMap((v, i) => (v < k ? [i] : [])),
    next: (s, i) => s.map((v, j) => (j === i ? v + 1 : v)),
    encode: (s, out) => { s.forEach((v) => { out.u8(v); }); },
    properties: [],
    symmetry: (s) => s.slice().sort((a, b) => a - b),
    // Every permutation, repeats included (equal counters give equal members).
    symmetryOrbit: (s) => permutations(s.map((_, i) => i)).map((p) => p.map((i) => s[i])),
  };
}

describe('the symmetry factor on toy models derived by hand', () => {
  // x, y in 0..K: (K+1)^2 cells with symmetry off; with it on, the cells with x <= y,
  // (K+1)(K+2)/2 of them. Factor (K+1)^2 / ((K+1)(K+2)/2) = 2(K+1)/(K+2).
  for (const k of [0, 1, 2, 6]) {
    it(`two interchangeable counters in 0..${k}: exactly 2(K+1)/(K+2), every state sampled`, async () => {
      const result = await check(symmetricGrid(k), { symmetry: true, symmetrySample: 1000 });
      expect(result.stats.states).toBe(((k + 1) * (k + 2)) / 2);
      expect(result.stats.symmetryFactor).toEqual({
        estimate: (2 * (k + 1)) / (k + 2),
        low: (2 * (k + 1)) / (k + 2),
        high: (2 * (k + 1)) / (k + 2),
        sampled: ((k + 1) * (k + 2)) / 2,
        exact: true,
      });
    });
  }

  it('counts only the representatives the search visited when ties are broken by index', async () => {
    // A canonicalizer that sorts only cells with x + y even. K = 2: the even-sum cells
    // (0,0) (1,1) (2,2) (0,2) (2,0) leave 4 representatives; the odd-sum ones (0,1) (1,0)
    // (1,2) (2,1) are their own: 4 more. 8 states with symmetry on, 9 off: factor 9/8.
    const grid = symmetricGrid(2);
    const model: Model<Cell, Step> = { ...grid, symmetry: (s) => ((s.x + s.y) % 2 === 0 && s.x > s.y ? { x: s.y, y: s.x } : s) };
    const result = await check(model, { symmetry: true, symmetrySample: 1000 });
    expect(result.stats.states).toBe(8);
    expect(result.stats.symmetryFactor?.estimate).toBe(9 / 8);
    expect(result.stats.symmetryFactor?.exact).toBe(true);
  });

  it('three counters in 0..20: a small seeded sample brackets 21^3 / C(23, 3)', async () => {
    // With symmetry off, 21^3 = 9261 states; on, the multisets of 3 values from 21:
    // C(23, 3) = 1771. A sample of 100 is far from all, so the interval has width.
    const truth = 21 ** 3 / 1771;
    const covered = [];
    for (let seed = 1; seed <= 10; seed++) {
      const result = await check(countersModel(3, 20), { symmetry: true, symmetrySample: 100, seed });
      expect(result.stats.states).toBe(1771);
      const factor = result.stats.symmetryFactor!;
      expect(factor.sampled).toBe(100);
      expect(factor.exact).toBe(false);
      expect(factor.low).toBeLessThan(factor.estimate);
      expect(factor.high).toBeGreaterThan(factor.estimate);
      // Every weight is 1, 3 or 6 (the orbit sizes), so any mean of them lies in [1, 6].
      expect(factor.estimate).toBeGreaterThanOrEqual(1);
      expect(factor.estimate).toBeLessThanOrEqual(6);
      expect(factor.low).toBeGreaterThanOrEqual(1);
      covered.push(factor.low <= truth && truth <= factor.high);
    }
    // A 95% interval misses now and then; 8 of 10 is what a working one keeps with room to spare
    // (missing 3 or more of 10 has probability about 1%).
    expect(covered.filter(Boolean).length).toBeGreaterThanOrEqual(8);
  });

  it('the same search gives the same estimate twice (the sample is seeded)', async () => {
    const a = await check(countersModel(3, 12), { symmetry: true, symmetrySample: 50 });
    const b = await check(countersModel(3, 12), { symmetry: true, symmetrySample: 50 });
    expect(a.stats.symmetryFactor).toEqual(b.stats.symmetryFactor);
  });
});

describe('when there is no symmetry factor', () => {
  it('symmetry off, no orbit hook, or a sample of 0: stats leave it out', async () => {
    expect((await check(symmetricGrid(3), { symmetry: false })).stats.symmetryFactor).toBeUndefined();
    const { symmetryOrbit: _, ...withoutOrbit } = symmetricGrid(3);
    expect((await check(withoutOrbit, { symmetry: true })).stats.symmetryFactor).toBeUndefined();
    expect((await check(symmetricGrid(3), { symmetry: true, symmetrySample: 0 })).stats.symmetryFactor).toBeUndefined();
    // Not asked for: the estimate (orbit work after the search) is not made at all.
    expect((await check(symmetricGrid(3), { symmetry: true })).stats.symmetryFactor).toBeUndefined();
    expect((await check(symmetricGrid(3), { symmetry: true, strategy: 'random', limits: { maxStates: 50 } })).stats.symmetryFactor).toBeUndefined();
    // An interrupted search skips the estimate (the counters' BFS yields between batches: stop at the first).
    const interrupted = await check(countersModel(4, 40), { symmetry: true, symmetrySample: 1000, shouldStop: () => true });
    expect(interrupted.exhaustive).toBe(false);
    expect(interrupted.stats.symmetryFactor).toBeUndefined();
  });

  it('an orbit hook that leaves out the state itself is the model’s error', async () => {
    const model: Model<Cell, Step> = { ...symmetricGrid(2), symmetryOrbit: (s) => [{ x: s.y + 1, y: s.x }] };
    await expect(check(model, { symmetry: true, symmetrySample: 1000 })).rejects.toThrow(/symmetryOrbit/);
  });
});

describe('the reservoir', () => {
  it('holds a uniform sample (Algorithm R): each of 10 items in 3 of 10 samples', () => {
    // Over 20,000 seeds each item is held 6,000 times on average, with a standard deviation
    // of sqrt(20000 * 0.3 * 0.7) = 65; 5 deviations leave room for any fair generator.
    const held = new Array<number>(10).fill(0);
    const first = new Array<number>(10).fill(0);
    const trials = 20_000;
    for (let seed = 0; seed < trials; seed++) {
      const reservoir = new OrbitReservoir<number>(3, seed);
      for (let item = 0; item < 10; item++) reservoir.offer(item);
      expect(reservoir.offered).toBe(10);
      expect(new Set(reservoir.states).size).toBe(3);
      for (const item of reservoir.states) held[item]++;
      // The shuffled order's first slot is a uniform pick of the 10: 1 in 10, sd 42.
      first[reservoir.states[reservoir.shuffledOrder()[0]]]++;
    }
    for (const count of held) expect(Math.abs(count - 6000)).toBeLessThan(5 * 65);
    for (const count of first) expect(Math.abs(count - 2000)).toBeLessThan(5 * 42);
  });

  it('holds everything offered while it has room', () => {
    const reservoir = new OrbitReservoir<string>(5, 7);
    for (const item of ['a', 'b', 'c']) reservoir.offer(item);
    expect(reservoir.states).toEqual(['a', 'b', 'c']);
    expect(reservoir.shuffledOrder().slice().sort()).toEqual([0, 1, 2]);
  });
});
