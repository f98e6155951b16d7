import { describe, expect, it } from 'vitest';
import { check } from '../../../explorer/index.ts';
import { defaultConfig, type QuorumConfig } from '../../../spec/protocols/config.ts';
import { topology } from '../../../spec/protocols/actions.ts';
import { quorumModel, type QuorumState } from '../../../spec/protocols/quorum-model.ts';
import { homeClasses, permuteNodes, symmetryIsSound } from '../../../spec/reductions/symmetry.ts';
import { clientClasses, permuteClients } from '../../../spec/reductions/client-symmetry.ts';
import { findScenario } from '../../../spec/scenarios/index.ts';
import { keyOf } from '../protocols/brute-force.ts';

const w = (value: number) => ({ kind: 'write' as const, value });

/** Every permutation of 0..n-1 that maps each item into its own class. */
function classPermutations(classes: readonly number[]): number[][] {
  const out: number[][] = [];
  const extend = (perm: number[]): void => {
    if (perm.length === classes.length) {
      out.push(perm.slice());
      return;
    }
    for (let to = 0; to < classes.length; to++) {
      if (classes[to] !== classes[perm.length] || perm.includes(to)) continue;
      extend([...perm, to]);
    }
  };
  extend([]);
  return out;
}

const configs: readonly [string, QuorumConfig][] = [
  ['every home replica interchangeable, a partition', { ...defaultConfig, partitions: 1 }],
  ['a fixed cut and client sites', { ...defaultConfig, partitions: 1, clientSites: [0, 2], partitionCut: [0] }],
  ['client sites without a cut', { ...defaultConfig, n: 4, w: 3, r: 2, clientSites: [0, 0] }],
  ['two identical clients and a crash', { ...defaultConfig, crashes: 1, ops: [[w(1)], [w(1)]] }],
  ['two identical clients, replicas not interchangeable (a sloppy quorum)', { ...defaultConfig, spares: 1, quorum: 'sloppy', handoff: true, ops: [[w(1)], [w(1)]] }],
];

describe('the quorum model’s orbit', () => {
  it('is the set every permutation of the symmetry’s group gives, each member once', () => {
    for (const [, config] of configs) {
      const model = quorumModel(config);
      const t = topology(config);
      const homes = symmetryIsSound(config) ? classPermutations(homeClasses(config)) : [homeClasses(config).map((_, h) => h)];
      const clientPerms = classPermutations(clientClasses(config) ?? config.ops.map((_, c) => c));
      // States along a seeded walk, restarted at dead ends.
      let state = model.init()[0];
      let seed = 7;
      for (let step = 0; step < 150; step++) {
        const expected = new Set<string>();
        for (const h of homes) for (const c of clientPerms) expected.add(keyOf(model, permuteNodes(t, permuteClients(t, state, c), h)));
        const orbit = model.symmetryOrbit!(state).map((s) => keyOf(model, s));
        expect(new Set(orbit).size).toBe(orbit.length);
        expect(new Set(orbit)).toEqual(expected);
        expect(orbit[0]).toBe(keyOf(model, state));
        // Orbit-stabilizer: the orbit's size divides the group's order.
        expect((homes.length * clientPerms.length) % orbit.length).toBe(0);
        const actions = model.actions(state);
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        state = actions.length === 0 ? model.init()[0] : model.next(state, actions[seed % actions.length]);
      }
    }
  });

  it('is there exactly when the symmetry is', () => {
    const plain: QuorumState[] = [];
    for (const config of [defaultConfig, { ...defaultConfig, n: 1, w: 1, r: 1 }, findScenario('sloppy-ghost')!.config, { ...defaultConfig, clock: 'vclock' as const, resolve: 'vclock' as const }]) {
      const model = quorumModel(config);
      expect(model.symmetryOrbit === undefined).toBe(model.symmetry === undefined);
      if (model.symmetryOrbit !== undefined) plain.push(model.init()[0]);
    }
    // One home replica and two different clients: nothing to permute.
    expect(quorumModel({ ...defaultConfig, n: 1, w: 1, r: 1 }).symmetryOrbit).toBeUndefined();
    // The initial state of N=3 with w1;r: every replica empty, so its orbit is itself.
    expect(quorumModel(defaultConfig).symmetryOrbit!(plain[0])).toHaveLength(1);
  });
});

describe('the estimated symmetry factor of the quorum model', () => {
  for (const [name, config] of configs) {
    it(`${name}: sampling every state gives exactly states(symmetry off) / states(symmetry on)`, async () => {
      const model = quorumModel(config);
      const on = await check(model, { symmetry: true, reduction: false, symmetrySample: 1e9 });
      const off = await check(model, { symmetry: false, reduction: false });
      expect(on.exhaustive && off.exhaustive).toBe(true);
      expect(on.stats.symmetryFactor).toEqual({
        estimate: off.stats.states / on.stats.states,
        low: off.stats.states / on.stats.states,
        high: off.stats.states / on.stats.states,
        sampled: on.stats.states,
        exact: true,
      });
    });
  }

  it('a small seeded sample brackets the true factor of a larger search', async () => {
    const model = quorumModel({ ...defaultConfig, partitions: 1 });
    const off = await check(model, { symmetry: false, reduction: false });
    let covered = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const on = await check(model, { symmetry: true, reduction: false, symmetrySample: 200, seed });
      const truth = off.stats.states / on.stats.states;
      const factor = on.stats.symmetryFactor!;
      expect(factor.exact).toBe(false);
      expect(factor.sampled).toBe(200);
      if (factor.low <= truth && truth <= factor.high) covered++;
    }
    // A 95% interval: missing 2 or more of 5 has probability about 2%.
    expect(covered).toBeGreaterThanOrEqual(4);
  });
});
