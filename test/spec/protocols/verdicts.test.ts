/**
 * The verdicts the quorum model must give, each derived from the protocol in a comment. The
 * scenarios' own verdicts (bank, sloppy-ghost, abd, tunable-*, ...) are pinned in
 * test/spec/scenarios; the N=3 W=2 R=2 run with a partition, a drop and a crash is
 * `tunable-balanced` there.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../explorer/index.ts';
import { defaultConfig } from '../../../spec/protocols/config.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel } from '../../../spec/protocols/quorum-model.ts';
import { findScenario } from '../../../spec/scenarios/index.ts';

const faults: QuorumConfig = { ...defaultConfig, partitions: 1, drops: 1, crashes: 1 };

async function verdict(config: QuorumConfig, property: string, symmetry?: boolean): Promise<{ verdict: string; length: number | null }> {
  const result = await check(quorumModel(config), { properties: [property], symmetry });
  const r = result.results[0];
  return { verdict: r.verdict, length: r.trace === null ? null : r.trace.actions.length };
}

describe('stale reads under W + R > N', () => {
  it("'first' resolution reads stale data even with intersecting quorums", async () => {
    // The write reaches R1 and R2 (W=2) and completes; the read asks R3 (which has not
    // received the write yet) and R1. R3's reply arrives first and 'first' returns it.
    // Shortest: invoke, 2 write deliveries, 2 acks, invoke, 2 read deliveries, 2 replies = 10.
    expect(await verdict({ ...faults, resolve: 'first' }, 'stale-read')).toEqual({ verdict: 'violated', length: 10 });
  }, 600_000);

  it('W=1, R=1 reads stale data without any fault', async () => {
    // W + R = 2 <= N: the write completes on R1 alone and the read asks R2 alone.
    // Shortest: invoke, deliver to R1, ack; invoke, deliver to R2, reply = 6.
    expect(await verdict({ ...faults, w: 1, r: 1 }, 'stale-read')).toEqual({ verdict: 'violated', length: 6 });
  }, 600_000);

  it('a strict quorum closes the sloppy-quorum ghost', async () => {
    // With only home replicas counting, any 2 acks and any 2 replies share a home replica,
    // and that replica's reply carries the write's version, which lww keeps.
    const config = { ...findScenario('sloppy-ghost')!.config, quorum: 'strict' as const };
    expect((await verdict(config, 'stale-read')).verdict).toBe('holds');
  }, 600_000);
});

describe('linearizability and read repair', () => {
  it('without write-back, two reads can see new then old', async () => {
    // The write reaches R1 only (still pending). Read 1 asks R1 and R2 and returns 1 (lww);
    // read 2 asks R2 and R3 and returns 0. No order of the three operations explains that.
    // Shortest: invoke, deliver to R1 (2); read 1: invoke, 2 deliveries, 2 replies (7); read 2 the same (12).
    const config = { ...findScenario('abd')!.config, readRepair: 'off' as const };
    expect(await verdict(config, 'linearizable')).toEqual({ verdict: 'violated', length: 12 });
  }, 600_000);
});

describe('convergence', () => {
  it('holds with anti-entropy even when a write is lost', async () => {
    // In every dead end the scripts are done and no two connected, up home replicas differ
    // (anti-entropy would be enabled otherwise), and with no partition or crash left all are.
    expect((await verdict({ ...defaultConfig, antiEntropy: true, drops: 1 }, 'convergence', false)).verdict).toBe('holds');
  }, 600_000);

  it('fails with no repair mechanism and one lost message', async () => {
    // Lose the write to R3: R1 and R2 ack, the read is answered, and nothing ever tells R3.
    // The run must end (a dead end) to be a counterexample: invoke, drop, 2 deliveries,
    // 2 acks, then the read: invoke, 2 deliveries, 2 replies = 11.
    expect(await verdict({ ...defaultConfig, drops: 1 }, 'convergence', false)).toEqual({ verdict: 'violated', length: 11 });
  }, 600_000);
});
