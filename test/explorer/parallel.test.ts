import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, type CheckResult, type Model } from '../../explorer/index.ts';
import { checkParallel, loadModel, type ModelSource } from '../../explorer/parallel/index.ts';
import { defaultConfig, type QuorumConfig } from '../../spec/index.ts';
import { graphArbitrary } from './fixtures/graph.ts';

const FIXTURE = fileURLToPath(new URL('./parallel-fixture.ts', import.meta.url));
const QUORUM = fileURLToPath(new URL('../../spec/protocols/quorum-model.ts', import.meta.url));

/** What must be identical between the one-thread search and the parallel one. */
function summary<S, A>(result: CheckResult<S, A>) {
  return {
    verdict: result.verdict,
    exhaustive: result.exhaustive,
    states: result.stats.states,
    transitions: result.stats.transitions,
    depth: result.stats.depth,
    results: result.results.map((r) => ({ property: r.property, verdict: r.verdict, trace: r.trace?.actionIndices ?? null })),
  };
}

async function both<S, A>(source: ModelSource, options: Parameters<typeof check>[1], workers: number) {
  const model = await loadModel<S, A>(source);
  const one = await check(model, options);
  const many = await checkParallel(model, source, { ...options, workers, roundStates: 3 });
  return { one: { ...summary(one), reduction: one.reduction, reducedStates: one.stats.reducedStates }, many: { ...summary(many), reduction: many.reduction, reducedStates: many.stats.reducedStates }, model };
}

const quorum = (config: Partial<QuorumConfig>): ModelSource => ({ module: QUORUM, export: 'quorumModel', argument: { ...defaultConfig, ...config } });

describe('checkParallel', () => {
  it('explores a grid like the one-thread search: (k+1)^2 states, 2k(k+1) transitions, depth 2k', { timeout: 60_000 }, async () => {
    const k = 6;
    const { one, many } = await both({ module: FIXTURE, export: 'grid', argument: { k } }, {}, 3);
    expect(many).toEqual(one);
    // By hand: x, y each in 0..k; each of the k+1 rows and columns has k steps.
    expect(many.states).toBe((k + 1) ** 2);
    expect(many.transitions).toBe(2 * k * (k + 1));
    expect(many.depth).toBe(2 * k);
  });

  it('finds the same shortest counterexample in the grid', { timeout: 60_000 }, async () => {
    const { one, many } = await both({ module: FIXTURE, export: 'grid', argument: { k: 5, bad: { x: 2, y: 3 } } }, {}, 2);
    expect(many).toEqual(one);
    expect(many.results[0].trace).toHaveLength(5);
  });

  it('stops at the same state under a state limit and a depth bound', { timeout: 60_000 }, async () => {
    const source: ModelSource = { module: FIXTURE, export: 'grid', argument: { k: 8 } };
    for (const limits of [{ maxStates: 23 }, { maxDepth: 4 }]) {
      const { one, many } = await both(source, { limits }, 2);
      expect(many).toEqual(one);
      expect(many.verdict).toBe('inconclusive');
    }
  });

  const scenarios: readonly [string, Partial<QuorumConfig>][] = [
    ['N=3 W=R=2, w1;r, one partition (holds)', { partitions: 1 }],
    ['N=3 W=R=1, w1;r (stale read)', { w: 1, r: 1 }],
    ['N=3 W=2 R=1, w1;w2;r, one crash (stale read)', { r: 1, ops: [[{ kind: 'write', value: 1 }], [{ kind: 'write', value: 2 }], [{ kind: 'read' }]], crashes: 1 }],
  ];
  for (const [name, config] of scenarios) {
    for (const symmetry of [true, false]) {
      for (const reduction of [false, true]) {
        it(`quorum model, ${name}, symmetry ${symmetry ? 'on' : 'off'}, partial-order reduction ${reduction ? 'on' : 'off'}`, { timeout: 120_000 }, async () => {
          const { one, many } = await both(quorum(config), { properties: ['stale-read'], symmetry, reduction }, 2);
          expect(many).toEqual(one);
          expect(many.reduction).toBe(reduction);
        });
      }
    }
  }

  it('agrees with the one-thread search on random graphs (invariant and witness)', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        graphArbitrary(12).chain((graph) => fc.record({ graph: fc.constant(graph), avoid: fc.nat({ max: graph.nodes - 1 }), seek: fc.nat({ max: graph.nodes - 1 }) })),
        async (argument) => {
          const { one, many } = await both({ module: FIXTURE, export: 'graph', argument }, {}, 2);
          expect(many).toEqual(one);
        },
      ),
      { numRuns: 5 },
    );
  });

  it('falls back to the one-thread search for liveness properties', { timeout: 60_000 }, async () => {
    const source: ModelSource = { module: FIXTURE, export: 'grid', argument: { k: 2 } };
    const model: Model<{ x: number; y: number }, 'inc-x' | 'inc-y'> = await loadModel(source);
    const live = { ...model, properties: [{ name: 'ends', kind: 'eventually' as const, check: (s: { x: number; y: number }) => s.x === 2 && s.y === 2 }] };
    // A source that cannot load proves no worker was started.
    const result = await checkParallel(live, { module: FIXTURE, export: 'missing' }, { workers: 2 });
    expect(result.verdict).toBe('holds');
  });

  it('reports a model source that does not load', async () => {
    const model = await loadModel({ module: FIXTURE, export: 'grid', argument: { k: 2 } });
    await expect(checkParallel(model, { module: FIXTURE, export: 'missing' }, { workers: 2 })).rejects.toThrow(/no export 'missing'/);
  });
});
