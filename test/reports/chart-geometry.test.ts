/**
 * The geometry of sequence charts drawn from random walks of the quorum model, over
 * configurations covering its knobs and faults: read back from Graphviz, no arrow crosses a box
 * other than its ends and no label covers a box, a table or another label; the same for every
 * golden chart. (The lesson's charts are checked in test/e2e/lesson.test.ts, the scenarios' in
 * scenarios.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Trace } from '../../explorer/index.ts';
import { describeTrace } from '../../reports/describe-trace.ts';
import { sequenceDiagram } from '../../reports/sequence.ts';
import { defaultConfig, type QuorumConfig, quorumModel, type QuorumAction, type QuorumState } from '../../spec/index.ts';
import { chartGeometry, geometryProblems } from './chart-geometry.ts';

const w = (value: number) => ({ kind: 'write', value }) as const;
const r = { kind: 'read' } as const;

const configArb: fc.Arbitrary<QuorumConfig> = fc
  .record({
    n: fc.integer({ min: 2, max: 4 }),
    spares: fc.integer({ min: 0, max: 1 }),
    mode: fc.constantFrom('quorum' as const, 'cp' as const, 'ap' as const),
    sloppy: fc.boolean(),
    handoff: fc.boolean(),
    antiEntropy: fc.boolean(),
    readRepair: fc.constantFrom('off' as const, 'async' as const, 'sync' as const),
    resolve: fc.constantFrom('lww' as const, 'first' as const, 'majority' as const),
    ops: fc.constantFrom([[w(1)], [r]], [[w(1), r], [r]], [[w(1)], [w(2)], [r]], [[w(1)], [r, r]]),
    partitions: fc.integer({ min: 0, max: 2 }),
    drops: fc.integer({ min: 0, max: 1 }),
    crashes: fc.integer({ min: 0, max: 1 }),
    stateLoss: fc.boolean(),
  })
  .map((c) => {
    const majority = Math.floor(c.n / 2) + 1;
    // cp refuses without a strict quorum, so it is never combined with a sloppy one (that is bad input).
    const sloppy = c.sloppy && c.mode !== 'cp' && (c.spares > 0 || c.mode === 'ap');
    return { ...defaultConfig, ...c, w: majority, r: majority, quorum: sloppy ? ('sloppy' as const) : ('strict' as const), ops: c.ops };
  });

describe('sequence charts of random quorum traces', () => {
  it('have no arrow through a box other than its ends and no label on a box, table or label', async () => {
    await fc.assert(
      fc.asyncProperty(configArb, fc.array(fc.nat(), { minLength: 4, maxLength: 24 }), fc.boolean(), async (config, choices, violating) => {
        const model = quorumModel(config);
        const states: QuorumState[] = [model.init()[0]];
        const actions: QuorumAction[] = [];
        const actionIndices: number[] = [];
        for (const choice of choices) {
          const enabled = model.actions(states[states.length - 1]);
          if (enabled.length === 0) break;
          actionIndices.push(choice % enabled.length);
          actions.push(enabled[choice % enabled.length]);
          states.push(model.next(states[states.length - 1], actions[actions.length - 1]));
        }
        const trace: Trace<QuorumState, QuorumAction> = { states, actions, actionIndices };
        const described = describeTrace(model, trace, 'stale-read');
        const dot = sequenceDiagram({
          ...described,
          ...(violating ? { violation: { step: actions.length, title: 'stale-read violated', explanation: described.explanation ?? 'why' } } : {}),
          title: `t\n${described.summary ?? ''}`,
        });
        expect(geometryProblems(await chartGeometry(dot))).toEqual([]);
      }),
      { numRuns: Number(process.env.RUNS ?? 60), seed: Number(process.env.SEED ?? 15) },
    );
  }, 120_000);
});

describe('the golden sequence charts', () => {
  const goldenDir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
  for (const file of readdirSync(goldenDir).filter((name) => name.endsWith('.dot') && !name.includes('states'))) {
    it(`${file}: no arrow through a box other than its ends, no label on a box, table or label`, async () => {
      expect(geometryProblems(await chartGeometry(readFileSync(join(goldenDir, file), 'utf8')))).toEqual([]);
    });
  }
});
