/**
 * The packed quorum model against the readable one, which is the reference of the semantics.
 *
 * - Lockstep walks: from the initial state, both models take the same action; after every
 *   step the packed state's readable view equals the reference state (its encoding and every
 *   message serial), both list the same actions in the same order, and with symmetry on the
 *   packed representative is the reference representative.
 * - Whole graphs: both searched by the explorer, with symmetry and partial-order reduction off
 *   and on: the same states, transitions, verdicts and BFS counterexample lengths.
 *
 * On the scenario suite and on generated configurations covering every knob.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrowableByteWriter, check, type CheckOptions, type CheckResult } from '../../../explorer/index.ts';
import { applyAction as packedApply, enabledActions as packedActions, readableAction } from '../../../spec/packed/actions.ts';
import { PackedContext } from '../../../spec/packed/context.ts';
import { packedInitialState, readableState } from '../../../spec/packed/convert.ts';
import { packedQuorumModel } from '../../../spec/packed/model.ts';
import { PackedSymmetry } from '../../../spec/packed/symmetry.ts';
import { applyAction, enabledActions, topology } from '../../../spec/protocols/actions.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';
import { HISTORY_PROPERTIES, QUORUM_PROPERTIES } from '../../../spec/protocols/properties.ts';
import { quorumModel } from '../../../spec/protocols/quorum-model.ts';
import { encodeState, initialState, type QuorumState } from '../../../spec/protocols/state.ts';
import { scenarios } from '../../../spec/scenarios/index.ts';
import { quorumConfigs } from '../arbitrary-config.ts';

const writer = new GrowableByteWriter();
function bytes(s: QuorumState): string {
  writer.reset();
  encodeState(s, writer);
  return Buffer.from(writer.bytes.subarray(0, writer.length)).toString('hex');
}

/** Walks both models along `choices` (each picks an enabled action by remainder); throws at the first difference. */
function lockstep(config: QuorumConfig, choices: readonly number[]): number {
  const q = new PackedContext(config);
  const t = topology(config);
  const reference = quorumModel(config);
  const symmetry = new PackedSymmetry(q);
  let p = packedInitialState(q);
  let r = initialState(config);
  for (let step = 0; ; step++) {
    const view = readableState(q, p);
    expect(bytes(view), `state after ${step} steps`).toBe(bytes(r));
    expect(view.messages.map((m) => m.serial), `serials after ${step} steps`).toEqual(r.messages.map((m) => m.serial));
    expect(view.serial).toBe(r.serial);
    if (reference.symmetry !== undefined) {
      expect(bytes(readableState(q, symmetry.representative(p))), `representative after ${step} steps`).toBe(bytes(reference.symmetry(r)));
    }
    const ours = packedActions(q, p);
    const theirs = enabledActions(t, r);
    expect(ours.map((a) => readableAction(q, a)), `actions after ${step} steps`).toEqual(theirs);
    if (step === choices.length || theirs.length === 0) return step;
    const k = choices[step] % theirs.length;
    p = packedApply(q, p, ours[k]);
    r = applyAction(t, r, theirs[k]);
  }
}

function seededChoices(seed: number, length: number): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    out.push(x >>> 8);
  }
  return out;
}

/** What two searches must agree on. */
function summary<S, A>(result: CheckResult<S, A>): string {
  const verdicts = result.results.map((r) => `${r.property} ${r.verdict} ${r.trace === null ? '-' : r.trace.actions.length}`);
  return `${result.stats.states} states, ${result.stats.transitions} transitions, depth ${result.stats.depth}; ${verdicts.join('; ')}`;
}

async function both(config: QuorumConfig, options: CheckOptions): Promise<[string, string]> {
  const packed = await check(packedQuorumModel(config), options);
  const readable = await check(quorumModel(config), options);
  return [summary(packed), summary(readable)];
}

describe('the packed quorum model against the readable one', () => {
  it('walks in lockstep on every scenario: same states, serials, actions and representatives', () => {
    for (const scenario of scenarios) {
      for (let walk = 0; walk < 40; walk++) lockstep(scenario.config, seededChoices(walk + 1, 60));
    }
  }, 120_000);

  it('walks in lockstep on generated configurations covering every knob', () => {
    fc.assert(
      fc.property(quorumConfigs(), fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (config, choices) => {
        lockstep(config, choices);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('searches to the same graph, verdicts and shortest counterexamples on generated configurations', async () => {
    await fc.assert(
      fc.asyncProperty(quorumConfigs({ maxN: 3, maxSpares: 1, maxOps: 2, maxClients: 2, maxBudget: 1 }), async (config) => {
        const limits = { maxStates: 10_000 };
        const [plainP, plainR] = await both(config, { symmetry: false, reduction: false, properties: QUORUM_PROPERTIES, limits });
        expect(plainP).toBe(plainR);
        if (quorumModel(config).symmetry !== undefined) {
          const [symP, symR] = await both(config, { symmetry: true, reduction: false, properties: HISTORY_PROPERTIES, limits });
          expect(symP).toBe(symR);
        }
        if (quorumModel(config).reduction !== undefined) {
          const [porP, porR] = await both(config, { symmetry: false, reduction: true, properties: HISTORY_PROPERTIES, limits });
          expect(porP).toBe(porR);
        }
      }),
      { numRuns: 25 },
    );
  }, 600_000);

  it('searches every scenario to the same states, verdicts and shortest counterexamples, as check runs it', async () => {
    for (const scenario of scenarios) {
      const properties = scenario.properties.length > 0 ? scenario.properties : ['stale-read'];
      const [packed, readable] = await both(scenario.config, { properties, limits: { maxStates: 30_000 } });
      expect(packed, scenario.name).toBe(readable);
    }
  }, 600_000);
});
