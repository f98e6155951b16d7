/**
 * The describe hooks on random walks through random configurations: every label parses back
 * to an action with the same effect, every step has events on existing lanes and a
 * narration, and every property gets an explanation, whatever mechanisms the walk exercised.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultConfig, validateConfig } from '../../../spec/protocols/config.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';
import { QUORUM_PROPERTIES, quorumModel } from '../../../spec/protocols/quorum-model.ts';
import type { QuorumAction, QuorumState } from '../../../spec/protocols/quorum-model.ts';

const w = (value: number) => ({ kind: 'write', value }) as const;
const r = { kind: 'read' } as const;

const configArb = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    w: fc.integer({ min: 1, max: 4 }),
    r: fc.integer({ min: 1, max: 4 }),
    spares: fc.integer({ min: 0, max: 2 }),
    quorum: fc.constantFrom('strict' as const, 'sloppy' as const),
    versions: fc.constantFrom('logical-lww', 'logical-first', 'logical-majority', 'wall-lww', 'vclock-vclock'),
    readRepair: fc.constantFrom('off' as const, 'async' as const, 'sync' as const),
    handoff: fc.boolean(),
    antiEntropy: fc.boolean(),
    mode: fc.constantFrom('quorum' as const, 'cp' as const, 'ap' as const),
    partitions: fc.integer({ min: 0, max: 2 }),
    drops: fc.integer({ min: 0, max: 2 }),
    crashes: fc.integer({ min: 0, max: 2 }),
    stateLoss: fc.boolean(),
    skew: fc.integer({ min: 0, max: 2 }),
    sites: fc.boolean(),
  })
  .map((c): QuorumConfig => {
    const [clock, resolve] = c.versions.split('-') as [QuorumConfig['clock'], QuorumConfig['resolve']];
    const n = c.n;
    const config: QuorumConfig = {
      ...defaultConfig,
      n,
      w: Math.min(c.w, n),
      r: Math.min(c.r, n),
      spares: c.quorum === 'sloppy' ? Math.max(c.spares, 1) : c.spares,
      ops: [[w(1), r], [w(2)], [r]],
      // cp refuses without a strict quorum: a sloppy one is not a cp configuration.
      quorum: c.mode === 'cp' ? 'strict' : c.quorum,
      clock,
      resolve,
      readRepair: c.readRepair,
      handoff: c.handoff,
      antiEntropy: c.antiEntropy,
      mode: c.mode,
      partitions: c.partitions,
      drops: c.drops,
      crashes: c.crashes,
      stateLoss: c.stateLoss,
      skew: clock === 'wall' ? c.skew : 0,
      clientSites: c.sites ? [0, n - 1, 0] : undefined,
      names: { nodes: ['North', 'South'], values: { 0: 'zero', 1: 'one' } },
    };
    return config;
  });

function strip(s: QuorumState): string {
  return JSON.stringify({ ...s, serial: 0, messages: s.messages.map((m) => ({ ...m, serial: 0 })) });
}

describe('describe hooks on random walks', () => {
  it('label, parse, step, view and explain every step', () => {
    fc.assert(
      fc.property(configArb, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (config, choices) => {
        expect(validateConfig(config)).toBeNull();
        const model = quorumModel(config);
        const d = model.describe!;
        const lanes = new Set(d.lanes!().map((l) => l.id));
        const states: QuorumState[] = [model.init()[0]];
        const actions: QuorumAction[] = [];
        for (const choice of choices) {
          const s = states[states.length - 1];
          const enabled = model.actions(s);
          if (enabled.length === 0) break;
          const a = enabled[choice % enabled.length];
          const next = model.next(s, a);
          const label = d.action(s, a);
          expect(strip(model.next(s, d.parseAction!(s, label)!))).toBe(strip(next));
          const step = d.step!(s, a, next);
          expect(step.narration.length).toBeGreaterThan(0);
          for (const e of step.events) {
            if (e.kind === 'send') expect(lanes.has(e.from) && lanes.has(e.to)).toBe(true);
            if (e.kind === 'deliver') expect(lanes.has(e.at)).toBe(true);
            if (e.kind === 'local' || e.kind === 'invoke' || e.kind === 'respond' || e.kind === 'crash' || e.kind === 'recover' || e.kind === 'skew') {
              expect(lanes.has(e.lane)).toBe(true);
            }
          }
          JSON.stringify(d.state!(next));
          states.push(next);
          actions.push(a);
        }
        for (const property of QUORUM_PROPERTIES) expect(d.explain!(states, actions, property).length).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: 11 },
    );
  }, 120_000);
});
