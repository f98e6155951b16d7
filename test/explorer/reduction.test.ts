/**
 * The explorer's side of partial-order reduction: it follows the model's ample action, it
 * refuses to put an action off forever around a cycle (the "ignoring" problem), it returns a
 * shortest counterexample all the same, and it rejects a reduction that breaks its contract.
 */
import { describe, expect, it } from 'vitest';
import { check, type Model } from '../../explorer/index.ts';

interface Spin {
  /** A counter that cycles 0 -> 1 -> 2 -> 0 by an invisible local step. */
  readonly a: number;
  /** Set to 1 by the one visible step. */
  readonly b: number;
}
type SpinAction = 'loop' | 'go';

/**
 * Two independent processes: one spins around a three-state cycle, the other takes one step
 * that violates `b-zero`. Always offering `loop` alone satisfies the ample set's persistence
 * and invisibility, but not the cycle condition: a search that trusted it would go round the
 * cycle forever without taking `go`, and report that `b-zero` holds.
 */
function spinModel(ample: (s: Spin, actions: readonly SpinAction[]) => number): Model<Spin, SpinAction> {
  return {
    name: 'spin',
    init: () => [{ a: 0, b: 0 }],
    actions: (s) => (s.b === 0 ? ['loop', 'go'] : ['loop']),
    next: (s, action) => (action === 'loop' ? { ...s, a: (s.a + 1) % 3 } : { ...s, b: 1 }),
    encode: (s, out) => {
      out.u8(s.a);
      out.u8(s.b);
    },
    properties: [{ name: 'b-zero', kind: 'always', check: (s) => s.b === 0 }],
    reduction: { preserves: ['b-zero'], ample },
  };
}

describe('partial-order reduction in the explorer', () => {
  it.each(['bfs', 'dfs'] as const)('%s: the cycle proviso expands a state fully rather than ignore an action forever', async (strategy) => {
    const model = spinModel((_s, actions) => actions.indexOf('loop'));
    const result = await check(model, { strategy, reduction: true });
    expect(result.reduction).toBe(true);
    expect(result.verdict).toBe('violated');
    // By hand: (0,0) -loop-> (1,0) -loop-> (2,0), whose loop successor (0,0) is known and not
    // deeper, so (2,0) is expanded fully and `go` is taken there. Two states were reduced.
    expect(result.stats.reducedStates).toBe(2);
    if (strategy === 'bfs') {
      // The reduced counterexample has 3 steps (loop, loop, go); searched again without the
      // reduction, the shortest is `go` from the initial state.
      expect(result.results[0].trace?.actions).toEqual(['go']);
    }
  });

  it('without the reduction the same model is searched fully: 6 states (3 values of a, 2 of b)', async () => {
    const result = await check(spinModel(() => 0), { reduction: false, properties: [] });
    expect(result.stats.states).toBe(6);
    expect(result.reduction).toBe(false);
  });

  it('an ample index out of range is the model breaking its contract', async () => {
    await expect(check(spinModel(() => 5), { reduction: true })).rejects.toThrow(/EXP_BAD_MODEL/);
  });

  it('is on by default only where it applies', async () => {
    const model = spinModel((_s, actions) => actions.indexOf('loop'));
    expect((await check(model)).reduction).toBe(true);
    expect((await check(model, { limits: { maxDepth: 5 } })).reduction).toBe(false);
    const noReduction: Model<Spin, SpinAction> = { ...model, reduction: undefined };
    expect((await check(noReduction)).reduction).toBe(false);
    await expect(check(noReduction, { reduction: true })).rejects.toThrow(/EXP_BAD_OPTION.*no reduction/);
  });
});
