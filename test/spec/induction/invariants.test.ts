import { describe, expect, it } from 'vitest';
import { GrowableByteWriter } from '../../../explorer/byte-writer.ts';
import { check } from '../../../explorer/check.ts';
import { checkInductive } from '../../../explorer/induct.ts';
import type { Model } from '../../../explorer/model.ts';
import { checkStaleRead } from '../../../spec/consistency/stale-read.ts';
import { defaultConfig, type QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel, type QuorumAction } from '../../../spec/protocols/quorum-model.ts';
import { encodeState, type QuorumState } from '../../../spec/protocols/state.ts';
import { quorumStateSpace } from '../../../spec/induction/domain.ts';
import { INVARIANT_NAMES, quorumInvariants, staleReadProperty, type QuorumInvariant } from '../../../spec/induction/invariants.ts';

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
      if (!seen.has(k)) (seen.add(k), queue.push(next));
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
