/**
 * No silent caps: more than 65,535 initial states, and a state with more than 65,535 enabled
 * actions, are searched in full by every search, and a counterexample through index 70,000
 * replays (the indices are kept in 32 bits once one needs it).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, replay, simulate } from '../../explorer/index.ts';
import { checkParallel } from '../../explorer/parallel/index.ts';
import { wide } from './parallel-fixture.ts';

const FIXTURE = fileURLToPath(new URL('./parallel-fixture.ts', import.meta.url));
const WIDTH = 70_000;

describe('indices past 16 bits', () => {
  // By construction: WIDTH initial states, WIDTH + 1 successors of the last one, all distinct.
  const states = 2 * WIDTH + 1;

  for (const strategy of ['bfs', 'dfs'] as const) {
    it(`${strategy}: every state is visited, and the counterexample is initial state ${WIDTH - 1} then action ${WIDTH}`, async () => {
      const model = wide({ width: WIDTH });
      const result = await check(model, { strategy });
      expect(result.verdict).toBe('violated');
      const trace = result.results[0].trace;
      expect(trace?.states).toEqual([WIDTH - 1, 2 * WIDTH]);
      expect(trace?.actionIndices).toEqual([WIDTH]);
      expect(replay(model, WIDTH - 1, [WIDTH]).states).toEqual([WIDTH - 1, 2 * WIDTH]);
      // The violation is found when the last successor is discovered: every state before it too.
      expect(result.stats.states).toBe(states);
    });
  }

  it('the parallel search records the same states and counterexample', async () => {
    const model = wide({ width: WIDTH });
    const result = await checkParallel(model, { module: FIXTURE, export: 'wide', argument: { width: WIDTH } }, { workers: 2 });
    expect(result.verdict).toBe('violated');
    expect(result.stats.states).toBe(states);
    expect(result.results[0].trace?.actionIndices).toEqual([WIDTH]);
    expect(result.results[0].trace?.states[0]).toBe(WIDTH - 1);
  });

  it('random simulation takes the model too (a walk that finds nothing is inconclusive, never a refusal)', async () => {
    const result = await simulate(wide({ width: WIDTH }), { seed: 7, runs: 50 });
    expect(result.verdict).toBe('inconclusive');
  });
});
