import { describe, expect, it } from 'vitest';
import { GrowableByteWriter, check, checkInductive, type Model } from '../../../explorer/index.ts';
import { checkStaleRead } from '../../../spec/consistency/stale-read.ts';
import { defaultConfig, type QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel, type QuorumAction } from '../../../spec/protocols/quorum-model.ts';
import { encodeState, type QuorumState } from '../../../spec/protocols/state.ts';
import { quorumStateSpace } from '../../../spec/induction/domain.ts';
import { describeQuorumState } from '../../../spec/induction/words.ts';
import { INVARIANT_NAMES, firstBrokenClause, quorumInvariants, staleReadProperty, type QuorumInvariant } from '../../../spec/induction/invariants.ts';

const writer = new GrowableByteWriter();
function key(s: QuorumState): string {
  writer.reset();
  encodeState(s, writer);
  return Buffer.from(writer.bytes.subarray(0, writer.length)).toString('latin1');
}

/** The keys of every reachable state, by a plain BFS over the model. */
function reachableKeys(config: QuorumConfig): Set<string> {
  const model = quorumModel(config);
  const seen = new Set<string>();
  const queue = [...model.init()];
  for (const s of queue) seen.add(key(s));
  for (let i = 0; i < queue.length; i++) {
    for (const a of model.actions(queue[i])) {
      const next = model.next(queue[i], a);
      const k = key(next);
      if (seen.has(k)) continue;
      seen.add(k);
      queue.push(next);
    }
  }
  return seen;
}

function invariant(config: QuorumConfig, name: (typeof INVARIANT_NAMES)[number]): QuorumInvariant {
  const found = quorumInvariants(config).find((inv) => inv.name === name);
  if (found === undefined) throw new Error(name);
  return found;
}

const withFaults: QuorumConfig = { ...defaultConfig, partitions: 1, drops: 1, crashes: 1 };

describe('the quorum model\'s invariants', () => {
  it('are listed weakest first, each with its clauses in words', () => {
    const invariants = quorumInvariants(defaultConfig);
    expect(invariants.map((inv) => inv.name)).toEqual([...INVARIANT_NAMES]);
    expect(invariants.map((inv) => inv.clauses.length)).toEqual([2, 3, 6]);
    expect(invariants[0].description).toBe('the stale-read property alone: true on every reachable state, but not inductive');
    // With W + R <= N the explorer finds a stale read: the description must not call it true.
    expect(quorumInvariants({ ...defaultConfig, w: 1, r: 1 })[0].description).toBe('the stale-read property alone: not even true here (W + R = 2 <= N = 3), but not inductive');
  });

  it('all hold on every reachable state (explorer, N=3 W=2 R=2 with a drop and a crash)', async () => {
    const config: QuorumConfig = { ...defaultConfig, drops: 1, crashes: 1 };
    const model = quorumModel(config);
    const asProperties: Model<QuorumState, QuorumAction> = {
      ...model,
      properties: quorumInvariants(config).map((inv) => ({ name: inv.name, kind: 'always' as const, check: (s: QuorumState) => inv.holds(s) })),
    };
    // Symmetry over home replicas is sound here: every clause treats the replicas alike.
    const result = await check(asProperties);
    expect(result.exhaustive).toBe(true);
    expect(result.results.map((r) => [r.property, r.verdict])).toEqual(INVARIANT_NAMES.map((name) => [name, 'holds']));
  }, 300_000);

  it('quorum-intersection is inductive for N=3 W=2 R=2: exhaustive over the bounded domain, a proof, and it implies stale-read', () => {
    const space = quorumStateSpace(defaultConfig);
    expect(space.exhaustive).toBeDefined();
    const result = checkInductive(quorumModel(defaultConfig), invariant(defaultConfig, 'quorum-intersection'), space, { implies: staleReadProperty() });
    expect(result.verdict).toBe('inductive');
    if (result.verdict !== 'inductive') return;
    expect(result.proof).toBe(true);
    // 296,324: derived by hand in domain.test.ts.
    expect(result.coverage.kind === 'exhaustive' && result.coverage.states).toBe(296_324);
    expect(result.implication).toEqual({ property: 'stale-read', implied: true });
  }, 600_000);

  it('quorum-intersection is inductive on generated states with partitions, drops, crashes and anti-entropy (evidence)', () => {
    const config: QuorumConfig = { ...withFaults, drops: 2, antiEntropy: true, ops: [[{ kind: 'write', value: 1 }, { kind: 'read' }], [{ kind: 'write', value: 2 }], [{ kind: 'read' }]] };
    const result = checkInductive(quorumModel(config), invariant(config, 'quorum-intersection'), quorumStateSpace(config, 0), { numRuns: 5_000, seed: 2, implies: staleReadProperty() });
    expect(result.verdict).toBe('inductive');
    if (result.verdict !== 'inductive') return;
    expect(result.proof).toBe(false);
    expect(result.coverage.kind === 'generated' && result.coverage.satisfying).toBeGreaterThan(100);
    expect(result.implication?.implied).toBe(true);
  }, 300_000);

  it('quorum-intersection is inductive in cp mode under a partition: refusals apply nothing (evidence)', () => {
    const config: QuorumConfig = { ...defaultConfig, mode: 'cp', partitions: 1, crashes: 1 };
    const result = checkInductive(quorumModel(config), invariant(config, 'quorum-intersection'), quorumStateSpace(config, 0), { numRuns: 5_000, seed: 4, implies: staleReadProperty() });
    expect(result.verdict).toBe('inductive');
    expect(result.verdict === 'inductive' && result.implication?.implied).toBe(true);
  }, 300_000);

  it('quorum-intersection is inductive with asynchronous read repair: a repair only raises versions (evidence)', () => {
    const config: QuorumConfig = { ...defaultConfig, readRepair: 'async', drops: 1, ops: [[{ kind: 'write', value: 1 }], [{ kind: 'read' }, { kind: 'read' }]] };
    const result = checkInductive(quorumModel(config), invariant(config, 'quorum-intersection'), quorumStateSpace(config, 0), { numRuns: 5_000, seed: 6, implies: staleReadProperty() });
    expect(result.verdict).toBe('inductive');
  }, 300_000);

  it('quorum-intersection is NOT inductive for W=1 R=1: a read\'s one reply comes from a replica the write missed', () => {
    const config: QuorumConfig = { ...defaultConfig, w: 1, r: 1 };
    const result = checkInductive(quorumModel(config), invariant(config, 'quorum-intersection'), quorumStateSpace(config, 0), { numRuns: 5_000 });
    expect(result.verdict).toBe('not-inductive');
    if (result.verdict !== 'not-inductive') return;
    expect(result.step.action.kind).toBe('deliver');
    expect(result.step.actionLabel).toMatch(/^deliver reply 0 v0 R\d->C2$/);
    // The read completes, returning the initial value after write(1) completed: stale.
    expect(checkStaleRead(result.step.state.history).ok).toBe(true);
    expect(checkStaleRead(result.step.successor.history).ok).toBe(false);
    const broken = firstBrokenClause(invariant(config, 'quorum-intersection'), result.step.successor);
    expect(broken?.clause).toBe(2);
    expect(broken?.why).toMatch(/^read by C2 returned 0, but write\(1\) by C1 had completed before the read began/);
    expect(firstBrokenClause(invariant(config, 'quorum-intersection'), result.step.state)).toBeNull();
  });

  it('stale-read alone is true on reachable states but NOT inductive: its counterexample is an unreachable state', () => {
    const result = checkInductive(quorumModel(defaultConfig), invariant(defaultConfig, 'stale-read'), quorumStateSpace(defaultConfig, 0), { numRuns: 5_000 });
    expect(result.verdict).toBe('not-inductive');
    if (result.verdict !== 'not-inductive') return;
    const { state, successor } = result.step;
    expect(reachableKeys(defaultConfig).has(key(state))).toBe(false);
    expect(checkStaleRead(successor.history).ok).toBe(false);
    // Shrunk: nothing holds write(1), which completed; the read's last reply is in flight.
    expect(state.replicas.every((r) => r.entries[0].version === 0)).toBe(true);
    expect(state.messages.length).toBe(1);
    expect(result.step.stateView).toBeDefined();
  });

  it('write-quorum is NOT inductive: an ack from a replica that does not hold the write completes it', () => {
    const result = checkInductive(quorumModel(defaultConfig), invariant(defaultConfig, 'write-quorum'), quorumStateSpace(defaultConfig, 0), { numRuns: 5_000 });
    expect(result.verdict).toBe('not-inductive');
    if (result.verdict !== 'not-inductive') return;
    expect(result.step.actionLabel).toMatch(/^deliver ack R\d->C1$/);
    expect(result.step.successor.history[0]).toMatchObject({ kind: 'write', status: 'ok' });
    const broken = firstBrokenClause(invariant(defaultConfig, 'write-quorum'), result.step.successor);
    expect(broken?.clause).toBe(3);
    // Shrunk: the replicas' digits go to 0 (the initial entry) since the ack alone breaks it.
    expect(broken?.why).toBe('write(1) by C1 completed, but only 0 home replicas hold it or newer, fewer than W=2');
  });

  it('state loss breaks the proof: a crash that loses a replica\'s copy leaves a completed write short of W', () => {
    const config: QuorumConfig = { ...defaultConfig, crashes: 1, stateLoss: true };
    const result = checkInductive(quorumModel(config), invariant(config, 'quorum-intersection'), quorumStateSpace(config, 0), { numRuns: 5_000 });
    expect(result.verdict).toBe('not-inductive');
    if (result.verdict !== 'not-inductive') return;
    expect(result.step.action.kind).toBe('crash');
    // Without state loss the same configuration is fine (evidence).
    const kept: QuorumConfig = { ...config, stateLoss: false };
    expect(checkInductive(quorumModel(kept), invariant(kept, 'quorum-intersection'), quorumStateSpace(kept, 0), { numRuns: 5_000 }).verdict).toBe('inductive');
  });
});

describe('describeQuorumState', () => {
  it('says where everything stands, in words', () => {
    const model = quorumModel(defaultConfig);
    // By hand: C1 invokes write(1), R1 receives it, C2 invokes the read.
    let s = model.init()[0];
    s = model.next(s, { kind: 'invoke', client: 0 });
    s = model.next(s, { kind: 'deliver', index: 0 });
    s = model.next(s, { kind: 'invoke', client: 1 });
    expect(describeQuorumState(defaultConfig, s)).toEqual([
      'replicas:  R1 holds 1 v(1,C1); R2 holds 0 v0; R3 holds 0 v0',
      'C1:        write(1) by C1 (pending), waiting for 2 acks, has none',
      'C2:        read by C2 (pending), waiting for 2 replies, has none',
      'in flight: write(1) v(1,C1) C1->R2; write(1) v(1,C1) C1->R3; ack R1->C1; read C2->R1; read C2->R2; read C2->R3',
      'history:   #1 write(1) by C1 (pending); #2 read by C2 (pending)',
    ]);
  });
});
