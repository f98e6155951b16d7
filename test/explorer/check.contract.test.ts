/**
 * Contract tests: properties every search strategy must satisfy, over small random graphs
 * wrapped as models, each judged against an independent oracle written here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, replay, type Model, type Property, type Trace } from '../../explorer/index.ts';
import { distances, graphArbitrary, graphModel, type Graph } from './fixtures/graph.ts';

const STRATEGIES = ['bfs', 'dfs'] as const;
const RUNS = { numRuns: 150 };

/** A property that records every state it is evaluated on and always holds. */
function recorder(seen: Set<number>): Property<number> {
  return { name: 'record', kind: 'always', check: (s) => (seen.add(s), true) };
}

/** Replay `trace` independently (from the index of its first state among the initial states). */
function expectReplays<S, A>(model: Model<S, A>, trace: Trace<S, A>): void {
  const initIndex = model.init().findIndex((s) => JSON.stringify(s) === JSON.stringify(trace.states[0]));
  expect(initIndex).toBeGreaterThanOrEqual(0);
  const again = replay(model, initIndex, trace.actionIndices);
  expect(again.states).toEqual(trace.states);
  expect(again.actions).toEqual(trace.actions);
}

describe('every strategy explores exactly the reachable set', () => {
  for (const strategy of STRATEGIES) {
    it(`${strategy}: states, transitions and the visited set match a plain BFS`, async () => {
      await fc.assert(
        fc.asyncProperty(graphArbitrary(), async (graph) => {
          const seen = new Set<number>();
          const result = await check(graphModel(graph, [recorder(seen)]), { strategy });
          const reachable = distances(graph);
          expect(result.verdict).toBe('holds');
          expect(seen).toEqual(new Set(reachable.keys()));
          expect(result.stats.states).toBe(reachable.size);
          const edges = [...reachable.keys()].reduce((sum, u) => sum + graph.edges[u].length, 0);
          expect(result.stats.transitions).toBe(edges);
        }),
        RUNS,
      );
    });
  }
});

describe('counterexamples', () => {
  const withBad = graphArbitrary().chain((graph) => fc.tuple(fc.constant(graph), fc.nat({ max: graph.nodes - 1 })));

  it('bfs: the counterexample to a bad node has the true shortest length, and replays', async () => {
    await fc.assert(
      fc.asyncProperty(withBad, async ([graph, bad]) => {
        const model = graphModel(graph, [{ name: 'not-bad', kind: 'always', check: (s) => s !== bad }]);
        const result = await check(model);
        const dist = distances(graph).get(bad);
        if (dist === undefined) {
          expect(result.verdict).toBe('holds');
          return;
        }
        expect(result.verdict).toBe('violated');
        const trace = result.results[0].trace as Trace<number, number>;
        expect(trace.actions.length).toBe(dist);
        expect(trace.states.at(-1)).toBe(bad);
        expectReplays(model, trace);
      }),
      RUNS,
    );
  });

  it('dfs: finds the same verdict, with a trace that replays and ends at the bad node', async () => {
    await fc.assert(
      fc.asyncProperty(withBad, async ([graph, bad]) => {
        const model = graphModel(graph, [{ name: 'not-bad', kind: 'always', check: (s) => s !== bad }]);
        const result = await check(model, { strategy: 'dfs' });
        expect(result.verdict).toBe(distances(graph).has(bad) ? 'violated' : 'holds');
        const trace = result.results[0].trace;
        if (trace !== null) {
          expect(trace.states.at(-1)).toBe(bad);
          expectReplays(model, trace);
        }
      }),
      RUNS,
    );
  });

  it('a sometimes property has a witness exactly when its node is reachable', async () => {
    await fc.assert(
      fc.asyncProperty(withBad, async ([graph, goal]) => {
        const model = graphModel(graph, [{ name: 'reach', kind: 'sometimes', check: (s) => s === goal }]);
        const result = await check(model);
        const reachable = distances(graph).has(goal);
        expect(result.verdict).toBe(reachable ? 'holds' : 'violated');
        expect(result.results[0].trace === null).toBe(!reachable);
      }),
      RUNS,
    );
  });
});

describe('limits never give holds on a partial search', () => {
  for (const strategy of STRATEGIES) {
    it(`${strategy}: a state limit below the reachable count is inconclusive`, async () => {
      const arb = graphArbitrary()
        .filter((g) => distances(g).size >= 2)
        .chain((g) => fc.tuple(fc.constant(g), fc.integer({ min: 1, max: distances(g).size - 1 })));
      await fc.assert(
        fc.asyncProperty(arb, async ([graph, maxStates]) => {
          const model = graphModel(graph, [{ name: 'true', kind: 'always', check: () => true }]);
          const result = await check(model, { strategy, limits: { maxStates } });
          expect(result.verdict).toBe('inconclusive');
          expect(result.exhaustive).toBe(false);
          expect(result.stats.states).toBe(maxStates);
        }),
        RUNS,
      );
    });
  }

  it('bfs: a depth bound below the eccentricity is inconclusive; at or above it, holds', async () => {
    const arb = graphArbitrary().chain((g) => fc.tuple(fc.constant(g), fc.nat({ max: 10 })));
    await fc.assert(
      fc.asyncProperty(arb, async ([graph, maxDepth]) => {
        const model = graphModel(graph, [{ name: 'true', kind: 'always', check: () => true }]);
        const result = await check(model, { limits: { maxDepth } });
        // The search is cut iff some state at distance maxDepth has an edge (it is not expanded).
        const cut = [...distances(graph)].some(([u, d]) => d === maxDepth && graph.edges[u].length > 0);
        expect(result.verdict).toBe(cut ? 'inconclusive' : 'holds');
      }),
      RUNS,
    );
  });
});

/**
 * A product of two copies of one graph: state a * n + b, actions move a (first) or b along
 * an edge. Swapping the components is an automorphism, so (min, max) is a valid canonicalizer.
 */
function productModel(graph: Graph, bad: readonly [number, number], symmetric: boolean): Model<number, number> {
  const n = graph.nodes;
  const pair = (s: number) => [Math.floor(s / n), s % n] as const;
  const inits = graph.inits.flatMap((a) => graph.inits.map((b) => a * n + b));
  return {
    name: 'product',
    init: () => inits,
    actions: (s) => {
      const [a, b] = pair(s);
      return [...graph.edges[a].map((_, k) => k), ...graph.edges[b].map((_, k) => graph.edges[a].length + k)];
    },
    next: (s, k) => {
      const [a, b] = pair(s);
      const ea = graph.edges[a];
      return k < ea.length ? ea[k] * n + b : a * n + graph.edges[b][k - ea.length];
    },
    encode: (s, out) => { out.u32(s); },
    properties: [
      {
        name: 'not-bad-pair',
        kind: 'always',
        check: (s) => {
          const [a, b] = pair(s);
          return !((a === bad[0] && b === bad[1]) || (a === bad[1] && b === bad[0]));
        },
      },
    ],
    ...(symmetric
      ? {
          symmetry: (s: number) => {
            const [a, b] = pair(s);
            return Math.min(a, b) * n + Math.max(a, b);
          },
        }
      : {}),
  };
}

describe('symmetry reduction', () => {
  const arb = graphArbitrary(6).chain((g) =>
    fc.tuple(fc.constant(g), fc.tuple(fc.nat({ max: g.nodes - 1 }), fc.nat({ max: g.nodes - 1 }))),
  );

  it('never changes a verdict, counts orbits, and its traces replay without permutations', async () => {
    await fc.assert(
      fc.asyncProperty(arb, fc.constantFrom(...STRATEGIES), async ([graph, bad], strategy) => {
        const plain = await check(productModel(graph, bad, false), { strategy });
        const reduced = await check(productModel(graph, bad, true), { strategy });
        expect(reduced.symmetry).toBe(true);
        expect(reduced.verdict).toBe(plain.verdict);
        // Independent orbit count: reachable pairs by a plain BFS over the product, as unordered pairs.
        const n = graph.nodes;
        const reach = distances({
          nodes: n * n,
          edges: Array.from({ length: n * n }, (_, s) => {
            const a = Math.floor(s / n);
            const b = s % n;
            return [...graph.edges[a].map((t) => t * n + b), ...graph.edges[b].map((t) => a * n + t)];
          }),
          fair: [],
          inits: graph.inits.flatMap((a) => graph.inits.map((b) => a * n + b)),
        });
        const orbits = new Set([...reach.keys()].map((s) => `${Math.min(Math.floor(s / n), s % n)},${Math.max(Math.floor(s / n), s % n)}`));
        if (plain.verdict === 'holds') expect(reduced.stats.states).toBe(orbits.size);
        const trace = reduced.results[0].trace;
        if (trace !== null) expectReplays(productModel(graph, bad, true), trace);
        if (strategy === 'bfs' && trace !== null) {
          expect(trace.actions.length).toBe(plain.results[0].trace?.actions.length);
        }
      }),
      RUNS,
    );
  });
});
