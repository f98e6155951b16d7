import { describe, expect, it } from 'vitest';
import type { Model } from '../../explorer/model.ts';
import { UNIFORM_SHARE, actionKind, simulate } from '../../explorer/simulate.ts';

// ---------------------------------------------------------------------------------------------
// A climb: a counter c that `inc` raises by one and `reset` (enabled whenever c > 0) sets back
// to 0; the target is c = top. Reaching it takes `top` incs in a row with a reset enabled at
// each step but the first: the shape of a partition that must stay up while a heal is enabled.
// ---------------------------------------------------------------------------------------------

type ClimbAction = { readonly kind: 'inc' } | { readonly kind: 'reset' };

function climb(top: number): Model<number, ClimbAction> {
  return {
    name: `climb-${top}`,
    init: () => [0],
    actions: (c) => (c === 0 ? [{ kind: 'inc' }] : [{ kind: 'inc' }, { kind: 'reset' }]),
    next: (c, a) => (a.kind === 'inc' ? c + 1 : 0),
    encode: (c, out) => { out.varint(c); },
    properties: [{ name: 'below-top', kind: 'always', check: (c) => c < top }],
  };
}

/** The number of runs a simulation's coverage line says it did. */
function runsDone(coverage: string): number {
  const m = /^([\d,]+) random run/.exec(coverage);
  if (m === null) throw new Error(`no run count in "${coverage}"`);
  return Number(m[1].replace(/,/g, ''));
}

describe('actionKind', () => {
  const bare: Model<unknown, unknown> = { name: 'bare', init: () => [0], actions: () => [], next: (s) => s, encode: () => {}, properties: [] };
  const labelled: Model<unknown, unknown> = { ...bare, describe: { action: (_s, a) => `step ${String(a)}` } };

  it('is the kind field, or else the type field', () => {
    expect(actionKind(bare, 0, { kind: 'heal' })).toBe('heal');
    expect(actionKind(bare, 0, { type: 'tick', kind: 3 })).toBe('tick');
    expect(actionKind(bare, 0, { kind: 'deliver', index: 4 })).toBe('deliver');
  });

  it('separates clients, else nodes', () => {
    expect(actionKind(bare, 0, { kind: 'invoke', client: 1 })).toBe('invoke:c1');
    expect(actionKind(bare, 0, { kind: 'crash', node: 2 })).toBe('crash:n2');
    expect(actionKind(bare, 0, { kind: 'x', client: 0, node: 5 })).toBe('x:c0');
  });

  it('falls back to the first word of the label, then to one kind for all', () => {
    expect(actionKind(labelled, 0, 'go')).toBe('step');
    expect(actionKind(labelled, 0, { kind: 'inc' })).toBe('inc');
    expect(actionKind(bare, 0, 'go')).toBe('');
    expect(actionKind(bare, 0, 7)).toBe('');
  });
});

describe('swarm runs', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: the climb to 20 is found by a swarm run and shrunk to 20 incs', async (seed) => {
    // A uniform walk climbs 20 only with 19 incs in a row after leaving 0 (each 1/2): under
    // 2^-19 per start, about 100 starts in 100 steps, so under 2e-4 per run and 0.4% over the
    // 20 uniform runs of 40. A swarm run with `reset` off and `inc` on climbs straight up: a
    // chance of 1/4 per run, so all 20 swarm runs miss it with probability 0.75^20 = 0.3%.
    const runs = 40;
    const result = await simulate(climb(20), { seed, runs, maxSteps: 100 });
    const r = result.results[0];
    expect(r.verdict).toBe('violated');
    expect(runsDone(result.coverage ?? '')).toBeGreaterThan(Math.ceil(runs * UNIFORM_SHARE));
    // Shortest by hand: 20 incs from 0, nothing else.
    expect(r.trace?.actions.map((a) => a.kind)).toEqual(Array.from({ length: 20 }, () => 'inc'));
  });

  it('is deterministic: the same seed gives the same swarm walk', async () => {
    const a = await simulate(climb(20), { seed: 9, runs: 40 });
    const b = await simulate(climb(20), { seed: 9, runs: 40 });
    expect(a.coverage).toBe(b.coverage);
    expect(a.stats.transitions).toBe(b.stats.transitions);
    expect(a.results[0].trace?.actionIndices).toEqual(b.results[0].trace?.actionIndices);
  });

  it('never starves a walk: with every enabled kind off, the choice is uniform', async () => {
    // One kind, 'go', always enabled and never reaching anything: every run, uniform or swarm,
    // takes exactly maxSteps steps, whether 'go' is weighed or switched off.
    const go: Model<number, { readonly kind: 'go' }> = {
      name: 'go',
      init: () => [0],
      actions: () => [{ kind: 'go' }],
      next: (c) => (c + 1) % 3,
      encode: (c, out) => { out.varint(c); },
      properties: [{ name: 'never', kind: 'always', check: () => true }],
    };
    const result = await simulate(go, { seed: 1, runs: 30, maxSteps: 7 });
    expect(result.stats.transitions).toBe(30 * 7);
  });
});
