import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/index.ts';
import type { Model } from '../../explorer/index.ts';
import { gridModel, type Cell } from './fixtures/grid.ts';
import { livelockModel } from './fixtures/livelock.ts';

describe('liveness on a livelock', () => {
  it('without fairness, the spin cycle is a lasso where "done" never holds', async () => {
    // By hand: 0 -spin-> 1 -spin-> 0 never reaches done. BFS from 0 meets the cycle at once:
    // the lasso is states [0, 1], looping from index 0, closed by 1's action 0 (spin).
    const result = await check(livelockModel());
    expect(result.verdict).toBe('violated');
    for (const r of result.results) {
      expect(r.verdict).toBe('violated');
      expect(r.trace?.states).toEqual([0, 1]);
      expect(r.trace?.actions).toEqual(['spin']);
      expect(r.trace?.loopStart).toBe(0);
      expect(r.trace?.loopActionIndex).toBe(0);
    }
  });

  it('with weak fairness on escape, every fair behaviour reaches done', async () => {
    // escape is enabled in both 0 and 1 and the cycle never takes it: the cycle is unfair.
    const result = await check(livelockModel({ fairEscape: true }));
    expect(result.verdict).toBe('holds');
    expect(result.results.map((r) => r.verdict)).toEqual(['holds', 'holds']);
  });

  it('a dead end where "done" does not hold is a finite counterexample', async () => {
    // With fairness the cycle is excluded; escape leads to 3, which has no actions: 0 -> 3.
    const result = await check(livelockModel({ fairEscape: true, stuck: true }));
    expect(result.verdict).toBe('violated');
    for (const r of result.results) {
      expect(r.trace?.states).toEqual([0, 3]);
      expect(r.trace?.actions).toEqual(['escape']);
      expect(r.trace?.loopStart).toBeUndefined();
    }
  });

  it('is inconclusive, never holds, with symmetry on', async () => {
    const result = await check(livelockModel({ fairEscape: true, symmetry: true }));
    expect(result.verdict).toBe('inconclusive');
    expect(result.results[0].reason).toBe('liveness is unknown with symmetry on');
  });

  it('is inconclusive, never holds, when a state limit cut the search', async () => {
    // The model has 3 states (0, 1, 2): a limit of 2 stops it.
    const result = await check(livelockModel({ fairEscape: true }), { limits: { maxStates: 2 } });
    expect(result.verdict).toBe('inconclusive');
    expect(result.results[0].reason).toContain('state limit');
  });

  it('always-eventually fails on a cycle that leaves the goal for good', async () => {
    // done (2) now moves on to 3, which loops on itself: "done" holds once, then never again.
    const model = {
      ...livelockModel({ fairEscape: true }),
      actions: (s: number) => (s <= 1 ? (['spin', 'escape'] as const) : (['spin'] as const)),
      next: (s: number, a: 'spin' | 'escape') => (s <= 1 ? (a === 'spin' ? 1 - s : 2) : 3),
    };
    const result = await check(model);
    const [eventually, alwaysEventually] = result.results;
    expect(eventually.verdict).toBe('holds');
    expect(alwaysEventually.verdict).toBe('violated');
    // By hand: 0 -escape-> 2 -spin-> 3, then 3 loops on itself.
    expect(alwaysEventually.trace?.states).toEqual([0, 2, 3]);
    expect(alwaysEventually.trace?.loopStart).toBe(2);
  });
});

/**
 * A ring of `size` states (0 -> 1 -> ... -> size-1 -> 0) with an escape from each to `done`
 * (= size): large enough that the visited table grows many times while edges are recorded.
 */
function ringModel(size: number, fairEscape: boolean): Model<number, 'step' | 'escape'> {
  return {
    name: 'ring',
    init: () => [0],
    actions: (s) => (s < size ? ['step', 'escape'] : []),
    next: (s, a) => (a === 'step' ? (s + 1) % size : size),
    encode: (s, out) => { out.u32(s); },
    properties: [{ name: 'eventually-done', kind: 'eventually', check: (s) => s === size }],
    ...(fairEscape ? { fairness: (_s: number, a: 'step' | 'escape') => (a === 'escape' ? 'escape' : null) } : {}),
  };
}

describe('liveness on larger graphs (the table grows while edges are recorded)', () => {
  it('an unfair ring of 1000 states is one lasso through all of them', async () => {
    // The only cycle avoiding done is the whole ring: states 0..999, looping back to 0.
    const result = await check(ringModel(1000, false));
    expect(result.stats.states).toBe(1001);
    const trace = result.results[0].trace;
    expect(trace?.states).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(trace?.loopStart).toBe(0);
    expect(trace?.loopActionIndex).toBe(0);
  });

  it('with escape weakly fair, the ring reaches done', async () => {
    const result = await check(ringModel(1000, true));
    expect(result.verdict).toBe('holds');
  });

  it('on a 31 x 31 grid, "eventually x = K and y = 0" fails at the corner dead end', async () => {
    // Every path ends in the corner (K, K), a dead end; a path avoiding (K, 0) exists, e.g.
    // y first. BFS through not-P cells finds the corner at distance 2K = 60.
    const k = 30;
    const model: Model<Cell, 'inc-x' | 'inc-y'> = {
      ...gridModel(k),
      properties: [{ name: 'corner', kind: 'eventually', check: (s) => s.x === k && s.y === 0 }],
    };
    const result = await check(model, { strategy: 'dfs' });
    expect(result.stats.states).toBe((k + 1) ** 2);
    const trace = result.results[0].trace;
    expect(result.verdict).toBe('violated');
    expect(trace?.actions.length).toBe(2 * k);
    expect(trace?.states.at(-1)).toEqual({ x: k, y: k });
    expect(trace?.loopStart).toBeUndefined();
  });
});
