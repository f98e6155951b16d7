/**
 * Deadlock checking: with `deadlock`, a reachable state with no enabled action violates the
 * built-in invariant `deadlock-free`, with a shortest counterexample, in every search; without
 * it, a dead end is just where a behaviour ends.
 */
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, DEADLOCK_PROPERTY, simulate, type Model } from '../../explorer/index.ts';
import { checkParallel } from '../../explorer/parallel/index.ts';
import { distances, graphArbitrary, graphModel } from './fixtures/graph.ts';
import { wide } from './parallel-fixture.ts';

const FIXTURE = fileURLToPath(new URL('./parallel-fixture.ts', import.meta.url));

/** 0 -> 1 -> 2 -> 3, and 3 enables nothing. */
const counter: Model<number, 'up'> = {
  name: 'counter',
  init: () => [0],
  actions: (s) => (s < 3 ? ['up'] : []),
  next: (s) => s + 1,
  properties: [{ name: 'small', kind: 'always', check: (s) => s <= 3 }],
};

describe('deadlock checking', () => {
  it('is off by default: a dead end ends a behaviour', async () => {
    const result = await check(counter);
    expect(result.verdict).toBe('holds');
    expect(result.results.map((r) => r.property)).toEqual(['small']);
  });

  it('with deadlock, the dead end is a violation of deadlock-free, reported beside the model\'s properties', async () => {
    const result = await check(counter, { deadlock: true });
    expect(result.verdict).toBe('violated');
    expect(result.results.map((r) => [r.property, r.kind, r.verdict])).toEqual([
      ['small', 'always', 'holds'],
      [DEADLOCK_PROPERTY, 'always', 'violated'],
    ]);
    expect(result.results[1].trace?.states).toEqual([0, 1, 2, 3]);
  });

  it('bfs: the counterexample reaches the nearest dead end (random graphs, against a plain BFS)', async () => {
    await fc.assert(
      fc.asyncProperty(graphArbitrary(), async (graph) => {
        const result = await check(graphModel(graph, [{ name: 'any', kind: 'always', check: () => true }]), { deadlock: true });
        const dist = distances(graph);
        const deadEnds = [...dist.entries()].filter(([u]) => graph.edges[u].length === 0).map(([, d]) => d);
        const deadlock = result.results.find((r) => r.property === DEADLOCK_PROPERTY);
        if (deadEnds.length === 0) {
          expect(deadlock?.verdict).toBe('holds');
        } else {
          expect(deadlock?.verdict).toBe('violated');
          expect(deadlock?.trace?.actions.length).toBe(Math.min(...deadEnds));
          const last = deadlock?.trace?.states.at(-1) as number;
          expect(graph.edges[last]).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('dfs, the parallel search and random simulation find it too', async () => {
    const dfs = await check(counter, { deadlock: true, strategy: 'dfs' });
    expect(dfs.results[1].verdict).toBe('violated');
    // The fixture's 'wide' model: every state but the last initial one is a dead end, the first initial state included.
    const parallel = await checkParallel(wide({ width: 3 }), { module: FIXTURE, export: 'wide', argument: { width: 3 } }, { workers: 2, deadlock: true });
    const found = parallel.results.find((r) => r.property === DEADLOCK_PROPERTY);
    expect(found?.verdict).toBe('violated');
    expect(found?.trace?.states).toEqual([0]);
    const walked = await simulate(counter, { deadlock: true, seed: 1, runs: 5 });
    expect(walked.results.find((r) => r.property === DEADLOCK_PROPERTY)?.trace?.states.at(-1)).toBe(3);
  });

  it('refuses a model that has a property of that name already', async () => {
    const named: Model<number, 'up'> = { ...counter, properties: [{ name: DEADLOCK_PROPERTY, kind: 'always', check: () => true }] };
    await expect(check(named, { deadlock: true })).rejects.toThrow(/has a property of that name already/);
  });
});
