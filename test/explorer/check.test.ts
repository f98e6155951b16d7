import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/index.ts';
import { gridModel } from './fixtures/grid.ts';
import { dieHardModel, dieHardMoves, pour, type Jugs } from './fixtures/die-hard.ts';

describe('check on a counter grid', () => {
  // Closed forms for x, y in 0..K with "inc x" and "inc y": (K+1)^2 cells; each of the K+1
  // rows has K "inc x" edges and each column K "inc y" edges: 2K(K+1) transitions; the far
  // corner (K, K) is 2K steps from the origin.
  for (const strategy of ['bfs', 'dfs'] as const) {
    for (const k of [0, 1, 5, 30]) {
      it(`${strategy}: K=${k} has (K+1)^2 states and 2K(K+1) transitions`, async () => {
        const result = await check(gridModel(k), { strategy });
        expect(result.verdict).toBe('holds');
        expect(result.exhaustive).toBe(true);
        expect(result.stats.states).toBe((k + 1) ** 2);
        expect(result.stats.transitions).toBe(2 * k * (k + 1));
        if (strategy === 'bfs') expect(result.stats.depth).toBe(2 * k);
      });
    }
  }

  it('finds a shortest path (x + y steps) to a forbidden cell under BFS', async () => {
    const result = await check(gridModel(10, { x: 3, y: 4 }));
    expect(result.verdict).toBe('violated');
    const trace = result.results[0].trace;
    expect(trace?.actions.length).toBe(7);
    expect(trace?.states.at(-1)).toEqual({ x: 3, y: 4 });
  });
});

/** Reachable jug states by a plain Set BFS, independent of the explorer. */
function reachableJugs(): Map<string, number> {
  const dist = new Map<string, number>([['0,0', 0]]);
  const queue: Jugs[] = [{ small: 0, big: 0 }];
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i];
    for (const m of dieHardMoves) {
      const t = pour(s, m);
      const key = `${t.small},${t.big}`;
      if (!dist.has(key)) {
        dist.set(key, (dist.get(`${s.small},${s.big}`) as number) + 1);
        queue.push(t);
      }
    }
  }
  return dist;
}

describe('check on the Die Hard jugs', () => {
  it('violates "big != 4" with a 6-step trace, the shortest', async () => {
    // By hand: fill big (0,5), big->small (3,2), empty small (0,2), big->small (2,0),
    // fill big (2,5), big->small (3,4): 6 steps, and none shorter reaches big = 4.
    const result = await check(dieHardModel(), { properties: ['big-not-4'] });
    expect(result.verdict).toBe('violated');
    const trace = result.results[0].trace;
    expect(trace?.actions.length).toBe(6);
    expect(trace?.states.at(-1)?.big).toBe(4);
    const shortest = Math.min(
      ...[...reachableJugs()].filter(([key]) => key.endsWith(',4')).map(([, d]) => d),
    );
    expect(shortest).toBe(6);
  });

  it('explores exactly the reachable states of a brute-force enumerator', async () => {
    const result = await check({ ...dieHardModel(), properties: [] });
    expect(result.verdict).toBe('holds');
    expect(result.stats.states).toBe(reachableJugs().size);
    expect(result.stats.transitions).toBe(reachableJugs().size * dieHardMoves.length);
  });

  it('finds a witness for "sometimes big == 4"', async () => {
    const result = await check(dieHardModel(), { properties: ['big-is-4'] });
    expect(result.verdict).toBe('holds');
    expect(result.results[0].trace?.actions.length).toBe(6);
  });
});
