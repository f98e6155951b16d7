/**
 * Every scenario: a valid config, its expected verdicts (derived from the protocol in each
 * comment), and shortest counterexamples whose length is derived by hand.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../explorer/index.ts';
import { validateConfig } from '../../../spec/protocols/config.ts';
import { QUORUM_PROPERTIES, quorumModel } from '../../../spec/protocols/quorum-model.ts';
import { findScenario, scenarios } from '../../../spec/scenarios/index.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';

async function run(config: QuorumConfig, properties: readonly string[]): Promise<Record<string, { verdict: string; length: number | null }>> {
  const result = await check(quorumModel(config), { properties });
  const out: Record<string, { verdict: string; length: number | null }> = {};
  for (const r of result.results) out[r.property] = { verdict: r.verdict, length: r.trace === null ? null : r.trace.actions.length };
  return out;
}

describe('the scenario table', () => {
  it('has unique names, valid configs and known properties', () => {
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
    for (const s of scenarios) {
      expect(validateConfig(s.config)).toBeNull();
      for (const p of s.properties) expect(QUORUM_PROPERTIES).toContain(p);
      expect(findScenario(s.name)).toBe(s);
    }
    expect(findScenario('nope')).toBeUndefined();
    expect(scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining(['bank', 'strict', 'first-reply', 'sloppy-ghost', 'new-old-inversion', 'abd', 'tunable-w1-rn', 'tunable-wn-r1', 'tunable-balanced']),
    );
  });
});

describe('bank', () => {
  const bank = findScenario('bank')!.config;

  it('cp: no stale balance, but the cut-off branch refuses', async () => {
    // cp refuses any operation whose 3 home replicas are not reachable, so every completed
    // write sits on 3 replicas and every completed read heard 3: they share one (3 + 3 > 5).
    // The storm then the withdrawal at branch 1 (2 branches reachable < 3) is refused:
    // partition, invoke = 2 steps.
    expect(await run(bank, ['stale-read', 'availability'])).toEqual({
      'stale-read': { verdict: 'holds', length: null },
      availability: { verdict: 'violated', length: 2 },
    });
  }, 900_000);

  it('ap: always answers, and branch 4 shows the old balance', async () => {
    // ap accepts the withdrawal with the 2 branches on its side (hints for 3, 4, 5) and the
    // clerk reads 3 branches on the other side, none of which has it.
    // Shortest: partition, invoke, 2 write deliveries, 2 acks (6); invoke, 3 read deliveries, 3 replies (13).
    // Nothing is refused, and a client always reaches its own branch, so nothing times out.
    expect(await run({ ...bank, mode: 'ap' }, ['stale-read', 'availability'])).toEqual({
      'stale-read': { verdict: 'violated', length: 13 },
      availability: { verdict: 'holds', length: null },
    });
  }, 900_000);
});

describe('quorum scenarios', () => {
  it('strict: majorities meet, stale-read holds', async () => {
    expect(await run(findScenario('strict')!.config, ['stale-read'])).toEqual({ 'stale-read': { verdict: 'holds', length: null } });
  }, 600_000);

  it('first-reply: the stale replica answers first', async () => {
    // invoke, write to R1 and R2, 2 acks (5); invoke, read R3 and R1, R3's reply first, then R1's (10).
    expect(await run(findScenario('first-reply')!.config, ['stale-read'])).toEqual({ 'stale-read': { verdict: 'violated', length: 10 } });
  }, 600_000);

  it('sloppy-ghost: a stand-in acknowledges, the home replicas never hear of it', async () => {
    // A partition separates R2 and R3 from the writer, which gets acks from R1 and the spare
    // (holding a hint for R2); a reader beside R2 and R3 reads both and gets 0. Shortest:
    // partition, invoke, 2 write deliveries, 2 acks, invoke, 2 read deliveries, 2 replies = 11.
    expect(await run(findScenario('sloppy-ghost')!.config, ['stale-read'])).toEqual({ 'stale-read': { verdict: 'violated', length: 11 } });
  }, 600_000);

  it('new-old-inversion: a slow clock makes the newer write lose', async () => {
    // Client 1's clock goes back a tick (1); client 2 writes 2 at time 1 (2..6); client 1
    // writes 1 also at time 1, the tie goes to the higher writer, client 2 (7..11); client 3
    // reads 2, whose write was superseded (12..16).
    expect(await run(findScenario('new-old-inversion')!.config, ['stale-read'])).toEqual({ 'stale-read': { verdict: 'violated', length: 16 } });
  }, 900_000);

  it('abd: write-back before answering makes the history linearizable', async () => {
    // A read that returns v first writes v back to a quorum, so every later read meets a
    // replica holding v or newer: reads never go back, and a write is seen once any read saw it.
    expect(await run(findScenario('abd')!.config, ['linearizable'])).toEqual({ linearizable: { verdict: 'holds', length: null } });
  }, 600_000);

  it.each(['tunable-w1-rn', 'tunable-wn-r1', 'tunable-balanced'])('%s: W + R > N holds under a partition, a drop and a crash', async (name) => {
    // W + R = 4 > 3: any write quorum and read quorum share a home replica, and crashes here
    // keep state, so that replica's reply carries the completed write's version.
    expect(await run(findScenario(name)!.config, ['stale-read'])).toEqual({ 'stale-read': { verdict: 'holds', length: null } });
  }, 900_000);
});
