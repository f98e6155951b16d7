import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/index.ts';
import { gridModel } from './fixtures/grid.ts';
import { dieHardModel, dieHardMoves, pour, type Jugs } from './fixtures/die-hard.ts';
import { mutexModel } from './fixtures/mutex.ts';

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

describe('check on a broken mutual exclusion', () => {
  it('finds the 4-step interleaving that puts both processes in the critical section', async () => {
    // By hand: each process needs two steps (check the other's flag, raise its own) to enter,
    // so no trace shorter than 4 puts both in; P0 checks, P1 checks (P0's flag is still
    // down), P0 enters, P1 enters. BFS tries process 0 first at every level.
    const result = await check(mutexModel());
    expect(result.verdict).toBe('violated');
    const trace = result.results[0].trace;
    expect(trace?.actions.map((a) => a.who)).toEqual([0, 1, 0, 1]);
    expect(trace?.states.at(-1)).toEqual({ pc: [2, 2] });
  });

  it('reaches all 9 program-counter pairs and 16 transitions', async () => {
    // By hand: the flags are functions of the program counters, and every pair (pc0, pc1) in
    // {0,1,2}^2 is reachable (each process can advance while the other stays put, except that
    // an idle process waits for the other's flag). Every state enables both processes except
    // (0, 2) and (2, 0), where the idle one waits: 9 * 2 - 2 = 16 transitions.
    const result = await check({ ...mutexModel(), properties: [] });
    expect(result.stats.states).toBe(9);
    expect(result.stats.transitions).toBe(16);
    expect(result.verdict).toBe('holds');
  });
});

describe('limits, interrupts and progress', () => {
  it('a state limit below the reachable count gives inconclusive with coverage', async () => {
    const result = await check(gridModel(10), { limits: { maxStates: 50 } });
    expect(result.verdict).toBe('inconclusive');
    expect(result.exhaustive).toBe(false);
    expect(result.stats.states).toBe(50);
    expect(result.coverage).toMatch(/^explored 50 states to depth \d+; stopped by the state limit \(50\)$/);
  });

  it('a state limit equal to the reachable count still completes', async () => {
    // (K+1)^2 = 121 states for K = 10.
    const result = await check(gridModel(10), { limits: { maxStates: 121 } });
    expect(result.verdict).toBe('holds');
    expect(result.exhaustive).toBe(true);
  });

  it('a depth bound that cuts successors is inconclusive, "exhaustive to depth D"', async () => {
    // The grid's far corner is 2K = 20 steps away, so depth 5 cuts; cells with x + y <= 5
    // number 6 * 7 / 2 = 21.
    const result = await check(gridModel(10, { x: 10, y: 10 }), { limits: { maxDepth: 5 } });
    expect(result.verdict).toBe('inconclusive');
    expect(result.stats.states).toBe(21);
    expect(result.coverage).toContain('exhaustive to depth 5');
    expect(result.results[0].reason).toContain('depth bound 5');
  });

  it('a depth bound at the grid depth loses nothing', async () => {
    const result = await check(gridModel(3), { limits: { maxDepth: 6 } });
    expect(result.verdict).toBe('holds');
    expect(result.stats.states).toBe(16);
  });

  it('an always-true shouldStop interrupts after the first batch', async () => {
    const result = await check(gridModel(2000), { shouldStop: () => true });
    expect(result.verdict).toBe('inconclusive');
    expect(result.coverage).toContain('interrupted');
    expect(result.stats.states).toBeLessThan(2001 * 2001);
  });

  it('a zero time limit or a one-byte memory limit stops after the first batch', async () => {
    // 2001^2 = 4,004,001 states cannot be explored within one batch, whatever the machine.
    const timed = await check(gridModel(2000), { limits: { timeoutSeconds: 0 } });
    expect(timed.verdict).toBe('inconclusive');
    expect(timed.coverage).toContain('stopped by the time limit (0 s)');
    const capped = await check(gridModel(2000), { limits: { maxMemoryBytes: 1 } });
    expect(capped.verdict).toBe('inconclusive');
    expect(capped.coverage).toContain('stopped by the memory limit (1 bytes)');
    expect(capped.stats.peakMemoryBytes).toBeGreaterThan(1);
  });

  it('reports progress at least once, at the end, with the final counts', async () => {
    const seen: number[] = [];
    const result = await check(gridModel(20), { onProgress: (p) => seen.push(p.states) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(result.stats.states);
  });

  it('stops early once every property is decided, with verdicts intact', async () => {
    const result = await check(gridModel(50, { x: 1, y: 0 }));
    expect(result.verdict).toBe('violated');
    expect(result.exhaustive).toBe(false);
    expect(result.coverage).toContain('every property was decided');
  });

  it('rejects an unknown property', async () => {
    await expect(check(gridModel(1), { properties: ['nope'] })).rejects.toThrow(/EXP_UNKNOWN_PROPERTY/);
  });

  it('is deterministic: the same model and options give the same counts and traces', async () => {
    const a = await check(dieHardModel(), { strategy: 'dfs' });
    const b = await check(dieHardModel(), { strategy: 'dfs' });
    expect(b.stats.states).toBe(a.stats.states);
    expect(b.results.map((r) => r.trace?.actionIndices)).toEqual(a.results.map((r) => r.trace?.actionIndices));
  });

  it('keeps the table within 16 bytes per state', async () => {
    const result = await check(gridModel(100));
    expect(result.stats.bytesPerState).toBeLessThanOrEqual(16);
    expect(result.collisionProbability).toBeCloseTo((101 ** 2 * (101 ** 2 - 1)) / 2 ** 65, 30);
  });
});
