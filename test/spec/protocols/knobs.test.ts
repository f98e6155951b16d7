/**
 * Each knob's effect shows in a verdict: the same cluster with the knob on and off gives
 * different answers, for the reason given in each comment.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../explorer/index.ts';
import { defaultConfig } from '../../../spec/protocols/config.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel } from '../../../spec/protocols/quorum-model.ts';
import type { QuorumState } from '../../../spec/protocols/quorum-model.ts';

const w = (value: number) => ({ kind: 'write', value }) as const;
const r = { kind: 'read' } as const;

async function verdict(config: QuorumConfig, property: string): Promise<{ verdict: string; length: number | null }> {
  const result = await check(quorumModel(config), { properties: [property], symmetry: property === 'convergence' ? false : undefined });
  const p = result.results[0];
  return { verdict: p.verdict, length: p.trace === null ? null : p.trace.actions.length };
}

describe('resolve majority', () => {
  it('outvotes the one replica that has a W=1 write', async () => {
    // W=1 puts the write on R1 alone; R=3 hears {1, 0, 0}: lww returns 1, majority returns 0.
    // Shortest: invoke, deliver to R1, ack (3); invoke, 3 deliveries, 3 replies (10).
    const base: QuorumConfig = { ...defaultConfig, w: 1, r: 3 };
    expect(await verdict({ ...base, resolve: 'majority' }, 'stale-read')).toEqual({ verdict: 'violated', length: 10 });
    expect((await verdict(base, 'stale-read')).verdict).toBe('holds');
  }, 600_000);
});

describe('vector clocks', () => {
  it('keep concurrent writes as siblings that a read returns together', async () => {
    // C1 writes (1,0,0) and C2 writes (0,1,0): neither dominates, so R1 holding one and R2 the
    // other answer a read with both. Shortest: 2 invokes, 2 deliveries, invoke, 2 deliveries, 2 replies = 9.
    const model = quorumModel({ ...defaultConfig, clock: 'vclock', resolve: 'vclock', ops: [[w(1)], [w(2)], [r]] });
    const noSiblings = { name: 'no-siblings', kind: 'always' as const, check: (s: QuorumState) => !s.history.some((op) => op.siblings !== undefined) };
    const result = await check({ ...model, properties: [noSiblings] }, {});
    const trace = result.results[0].trace!;
    expect(trace.actions.length).toBe(9);
    const last = trace.states[trace.states.length - 1].history.find((op) => op.siblings !== undefined)!;
    expect([...last.siblings!].sort()).toEqual([1, 2]);
  }, 600_000);
});

describe('crash with state loss', () => {
  it('loses an acknowledged write', async () => {
    // R1 and R2 ack; R1 crashes, forgets, comes back empty; a read of R1 and R3 returns 0.
    // Shortest: invoke, 2 deliveries, 2 acks (5), crash (6), recover (7), invoke, 2 deliveries, 2 replies (12).
    expect(await verdict({ ...defaultConfig, crashes: 1, stateLoss: true }, 'stale-read')).toEqual({ verdict: 'violated', length: 12 });
    // Without state loss the crashed replica keeps the write: majorities still meet.
    expect((await verdict({ ...defaultConfig, crashes: 1 }, 'stale-read')).verdict).toBe('holds');
  }, 600_000);
});

describe('read repair async', () => {
  it('repairs the replica a lost write missed, when a read hears it', async () => {
    // One client writes then reads with R=N: the read hears the stale replica, and async
    // repair sends it the value. Without repair the replica stays stale forever.
    const base: QuorumConfig = { ...defaultConfig, r: 3, ops: [[w(1), r]], drops: 1 };
    expect((await verdict({ ...base, readRepair: 'async' }, 'convergence')).verdict).toBe('holds');
    expect((await verdict(base, 'convergence')).verdict).toBe('violated');
    // Sync repair writes back only until W replicas hold the value: R1 and R2 already do.
    expect((await verdict({ ...base, readRepair: 'sync' }, 'convergence')).verdict).toBe('violated');
  }, 600_000);
});

describe('hinted handoff', () => {
  it('brings the stand-in copy home once the partition heals', async () => {
    // A partition cuts R2 off; the spare acks for it and holds a hint. Without handoff, R2 never hears of it.
    const base: QuorumConfig = { ...defaultConfig, n: 2, w: 1, r: 1, spares: 1, quorum: 'sloppy', partitions: 1, ops: [[w(1)]] };
    expect((await verdict({ ...base, handoff: true }, 'convergence')).verdict).toBe('holds');
    expect((await verdict(base, 'convergence')).verdict).toBe('violated');
  }, 600_000);
});

describe('mode cp', () => {
  it('refuses instead of waiting, so availability fails at once', async () => {
    // Partition R1 off with C1, then C1 writes: 1 home replica reachable < W=2: refused (2 steps).
    expect(await verdict({ ...defaultConfig, mode: 'cp', partitions: 1 }, 'availability')).toEqual({ verdict: 'violated', length: 2 });
  }, 600_000);
});
