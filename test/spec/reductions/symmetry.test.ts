import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check } from '../../../explorer/index.ts';
import { defaultConfig } from '../../../spec/protocols/config.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel } from '../../../spec/protocols/quorum-model.ts';
import { homeClasses, symmetryIsSound } from '../../../spec/reductions/symmetry.ts';
import { findScenario } from '../../../spec/scenarios/index.ts';
import { clientClasses } from '../../../spec/reductions/client-symmetry.ts';
import { bruteForce } from '../protocols/brute-force.ts';

describe('home-replica classes', () => {
  it('split by a fixed cut, else single out client sites', () => {
    expect(homeClasses(findScenario('bank')!.config)).toEqual([1, 1, 0, 0, 0]);
    expect(homeClasses({ ...defaultConfig, clientSites: [0, 0] })).toEqual([2, 0, 0]);
    expect(homeClasses(defaultConfig)).toEqual([0, 0, 0]);
  });

  it('is off where a spare is picked by preference-list order', () => {
    expect(symmetryIsSound(findScenario('sloppy-ghost')!.config)).toBe(false);
    expect(symmetryIsSound({ ...defaultConfig, mode: 'ap' })).toBe(true);
    expect(symmetryIsSound({ ...defaultConfig, n: 1, w: 1, r: 1 })).toBe(false);
  });
});

describe('symmetry reduction', () => {
  const config = fc.record({
    n: fc.integer({ min: 2, max: 3 }),
    w: fc.integer({ min: 1, max: 3 }),
    r: fc.integer({ min: 1, max: 3 }),
    resolve: fc.constantFrom('lww' as const, 'first' as const),
    mode: fc.constantFrom('quorum' as const, 'cp' as const, 'ap' as const),
    readRepair: fc.constantFrom('off' as const, 'async' as const, 'sync' as const),
    fault: fc.constantFrom('partitions' as const, 'drops' as const, 'crashes' as const),
  });

  it('never changes a verdict, and every representative is a permutation of its state', async () => {
    await fc.assert(
      fc.asyncProperty(config, async (c) => {
        const cfg: QuorumConfig = { ...defaultConfig, n: c.n, w: Math.min(c.w, c.n), r: Math.min(c.r, c.n), resolve: c.resolve, mode: c.mode, readRepair: c.readRepair, [c.fault]: 1 };
        const model = quorumModel(cfg);
        if (model.symmetry === undefined) return;
        const props = ['stale-read', 'linearizable', 'availability'];
        const on = await check(model, { properties: props, symmetry: true, reduction: false });
        const off = await check(model, { properties: props, symmetry: false, reduction: false });
        for (let i = 0; i < props.length; i++) {
          expect(on.results[i].verdict).toBe(off.results[i].verdict);
          // Both searches are BFS: shortest counterexamples have the same length.
          expect(on.results[i].trace?.actions.length).toBe(off.results[i].trace?.actions.length);
        }
        // A representative holds the same multiset of replica contents and the same history.
        const sample = off.results.find((r) => r.trace !== null)?.trace?.states ?? model.init();
        for (const s of sample) {
          const rep = model.symmetry(s);
          const contents = (x: typeof s): string[] => x.replicas.map((r) => JSON.stringify(r.entries)).sort();
          expect(contents(rep)).toEqual(contents(s));
          expect(rep.history).toEqual(s.history);
          expect(rep.messages.length).toBe(s.messages.length);
          expect(model.symmetry(rep)).toEqual(rep);
        }
      }),
      { numRuns: 8, seed: 7 },
    );
  }, 600_000);
});

describe('client symmetry', () => {
  const w1 = { kind: 'write', value: 1 } as const;
  const rd = { kind: 'read' } as const;
  it('groups clients by script and site, only under logical versions', () => {
    expect(clientClasses({ ...defaultConfig, ops: [[w1], [rd], [rd]] })).toEqual([0, 1, 1]);
    expect(clientClasses({ ...defaultConfig, ops: [[w1], [rd], [rd]], clientSites: [0, 1, 2] })).toBeNull();
    expect(clientClasses({ ...defaultConfig, ops: [[w1], [rd]] })).toBeNull();
    expect(clientClasses({ ...defaultConfig, ops: [[w1], [w1]], clock: 'wall' })).toBeNull();
  });

  const configs: [string, QuorumConfig][] = [
    ['two readers, N=2 W=1 R=1', { ...defaultConfig, n: 2, w: 1, r: 1, ops: [[w1], [rd], [rd]] }],
    ['two writers that read back, W=1 R=1', { ...defaultConfig, n: 2, w: 1, r: 1, ops: [[w1, rd], [w1, rd]] }],
    ['two readers, one replica, a drop', { ...defaultConfig, n: 1, w: 1, r: 1, drops: 1, ops: [[w1], [rd], [rd]] }],
  ];
  it.each(configs)('%s: the reduced search agrees with a brute-force one and never changes a verdict', async (_, cfg) => {
    const model = quorumModel(cfg);
    expect(model.symmetry).toBeDefined();
    const props = ['stale-read', 'read-your-writes', 'monotonic-reads', 'linearizable'];
    const on = await check(model, { properties: props, symmetry: true, reduction: false });
    const off = await check(model, { properties: props, symmetry: false, reduction: false });
    for (let i = 0; i < props.length; i++) {
      expect(on.results[i].verdict).toBe(off.results[i].verdict);
      expect(on.results[i].trace?.actions.length).toBe(off.results[i].trace?.actions.length);
    }
    const everything = await check(model, { properties: [], symmetry: true, reduction: false });
    const reduced = bruteForce(model, model.symmetry);
    expect(everything.stats.states).toBe(reduced.states);
    expect(reduced.states).toBeLessThan(bruteForce(model).states);
  }, 300_000);
});
