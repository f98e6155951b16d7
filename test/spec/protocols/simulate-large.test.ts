/**
 * Random simulation on clusters too large for a breadth-first search: the sloppy-quorum ghost
 * and first-reply resolution at N=7 and N=9 are found, shrunk to the shortest trace the model
 * allows, and at N=3 the shrunk length equals the breadth-first (shortest) length.
 */
import { describe, expect, it } from 'vitest';
import { check, type Model, type CheckResult, type Trace } from '../../../explorer/index.ts';
import { defaultConfig } from '../../../spec/protocols/config.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel } from '../../../spec/protocols/quorum-model.ts';
import type { QuorumAction, QuorumState } from '../../../spec/protocols/quorum-model.ts';
import { findScenario } from '../../../spec/scenarios/index.ts';

/** A majority of n. */
const majority = (n: number): number => Math.floor(n / 2) + 1;

/**
 * The sloppy-quorum ghost at any N: W = R = q, one spare; the partition cuts R_q..R_N and C2
 * off from R1..R_{q-1}, the spare S1 and C1 (the N=3 `sloppy-ghost` scenario, grown).
 */
function ghost(n: number): QuorumConfig {
  const q = majority(n);
  return {
    ...defaultConfig,
    n,
    w: q,
    r: q,
    spares: 1,
    quorum: 'sloppy',
    handoff: true,
    partitions: 1,
    clientSites: [0, q - 1],
    partitionCut: Array.from({ length: n - q + 1 }, (_, i) => q - 1 + i),
  };
}

/**
 * Shortest ghost: 3 + 4q steps. The write must be invoked under the partition: invoked before
 * it, its requests go to the N home replicas, only q - 1 of which C1 can reach until the
 * single partition heals, and after the heal any q acks and q replies share a home replica
 * whose reply carries the write (lww keeps it). So: partition, C1's invoke, q deliveries (to
 * R1..R_{q-1} and S1 standing in for R_q) and q acks; the read must begin after the write
 * completed (else the two are concurrent and no value is stale): C2's invoke, q deliveries to
 * R_q..R_N and q replies, the last of which completes the read with the initial value.
 */
const ghostShortest = (n: number): number => 3 + 4 * majority(n);

/** `first-reply` at any N with W = R = q (what `--n N --w q --r q` gives the CLI). */
function firstReply(n: number): QuorumConfig {
  const q = majority(n);
  return { ...findScenario('first-reply')!.config, n, w: q, r: q };
}

/**
 * Shortest first-reply violation: 2 + 4q steps, no fault needed. The write: invoke, q
 * deliveries, q acks (it completes); then the read: invoke, q deliveries, q replies, one of
 * them from one of the N - q replicas the write has not reached yet, delivered first so
 * `first` returns it. At N=7: (1 + 4 + 4) + (1 + 4 + 4) = 18.
 */
const firstReplyShortest = (n: number): number => 2 + 4 * majority(n);

const SIMULATION = { strategy: 'random', seed: 1, runs: 2000, shrinkSeconds: 120 } as const;

/** The stale-read result of `result`, asserted violated, with its trace. */
function violation(result: CheckResult<QuorumState, QuorumAction>): Trace<QuorumState, QuorumAction> {
  const r = result.results.find((x) => x.property === 'stale-read');
  expect(r?.verdict).toBe('violated');
  expect(r?.trace).not.toBeNull();
  return r!.trace!;
}

/**
 * The trace replays through the model independently of the explorer's replay: each action is
 * among those enabled where it is taken and leads to the next state; only the last state
 * violates stale-read.
 */
function expectReplaysToViolation(model: Model<QuorumState, QuorumAction>, trace: Trace<QuorumState, QuorumAction>): void {
  const staleRead = model.properties.find((p) => p.name === 'stale-read')!;
  const json = (x: unknown): string => JSON.stringify(x);
  expect(model.init().map(json)).toContain(json(trace.states[0]));
  expect(trace.states.length).toBe(trace.actions.length + 1);
  for (let i = 0; i < trace.actions.length; i++) {
    expect(staleRead.check(trace.states[i])).toBe(true);
    expect(model.actions(trace.states[i]).map(json)).toContain(json(trace.actions[i]));
    expect(json(model.next(trace.states[i], trace.actions[i]))).toBe(json(trace.states[i + 1]));
  }
  expect(staleRead.check(trace.states[trace.states.length - 1])).toBe(false);
}

describe('random simulation finds deep stale reads', () => {
  it.each([7, 9])('the sloppy-quorum ghost at N=%i, shrunk to its shortest trace', async (n) => {
    const model = quorumModel(ghost(n));
    const trace = violation(await check(model, { ...SIMULATION, properties: ['stale-read'] }));
    expectReplaysToViolation(model, trace);
    expect(trace.actions.length).toBeGreaterThanOrEqual(ghostShortest(n));
    expect(trace.actions.length).toBe(ghostShortest(n));
    expect(trace.actions[0].kind).toBe('partition');
    expect(trace.actions.some((a) => a.kind === 'heal')).toBe(false);
  }, 300_000);

  it.each([7, 9])('first-reply at N=%i, W=R=majority, shrunk to its shortest trace', async (n) => {
    const model = quorumModel(firstReply(n));
    const trace = violation(await check(model, { ...SIMULATION, properties: ['stale-read'] }));
    expectReplaysToViolation(model, trace);
    expect(trace.actions.length).toBeGreaterThanOrEqual(firstReplyShortest(n));
    expect(trace.actions.length).toBe(firstReplyShortest(n));
  }, 300_000);

  it.each(['sloppy-ghost', 'first-reply'])('%s at N=3: the shrunk length equals the breadth-first length', async (name) => {
    const model = quorumModel(findScenario(name)!.config);
    const bfs = violation(await check(model, { strategy: 'bfs', properties: ['stale-read'] }));
    const random = violation(await check(model, { ...SIMULATION, properties: ['stale-read'] }));
    expectReplaysToViolation(model, random);
    expect(random.actions.length).toBe(bfs.actions.length);
    // The same lengths by hand, at q = 2: the ghost 3 + 4q = 11, first-reply 2 + 4q = 10.
    expect(bfs.actions.length).toBe(name === 'sloppy-ghost' ? ghostShortest(3) : firstReplyShortest(3));
  }, 300_000);
});
