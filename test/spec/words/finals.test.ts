/**
 * The quorum model's final-state tables: which replicas are highlighted as holding a copy a
 * completed write superseded, what the rows say, and, on random walks, that the highlight agrees
 * with the stale-read checker asked about a read of each replica's copy at the end.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check, type LaneFinals, type Model } from '../../../explorer/index.ts';
import { defaultConfig } from '../../../spec/protocols/config.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel } from '../../../spec/protocols/quorum-model.ts';
import type { QuorumAction, QuorumState } from '../../../spec/protocols/quorum-model.ts';
import { findScenario } from '../../../spec/scenarios/index.ts';
import { checkStaleRead } from '../../../spec/consistency/stale-read.ts';
import type { HistoryOp } from '../../../spec/consistency/history.ts';

const w = (value: number) => ({ kind: 'write', value }) as const;
const r = { kind: 'read' } as const;

function highlighted(finals: LaneFinals): string[] {
  return Object.entries(finals.lanes)
    .filter(([, rows]) => rows.some((row) => row.highlight === true))
    .map(([lane]) => lane);
}

function rows(finals: LaneFinals, lane: string): Record<string, string> {
  return Object.fromEntries((finals.lanes[lane] ?? []).map((row) => [row.key, row.value]));
}

/** Walk `model` from its initial state through the actions with these labels, in order. */
function walk(model: Model<QuorumState, QuorumAction>, labels: readonly string[]): { states: QuorumState[]; actions: QuorumAction[] } {
  const states = [model.init()[0]];
  const actions: QuorumAction[] = [];
  for (const label of labels) {
    const s = states[states.length - 1];
    const action = model.describe!.parseAction!(s, label);
    if (action === undefined) {
      throw new Error(`"${label}" is not enabled; enabled: ${model.actions(s).map((a) => model.describe!.action(s, a)).join(' / ')}`);
    }
    actions.push(action);
    states.push(model.next(s, action));
  }
  return { states, actions };
}

describe('quorum finals on the sloppy-quorum ghost', async () => {
  const scenario = findScenario('sloppy-ghost')!;
  const model = quorumModel(scenario.config);
  const result = await check(model, { properties: ['stale-read'] });
  const trace = result.results[0].trace!;
  const finals = model.describe!.finals!(trace.states, trace.actions);

  it('highlights exactly the home replicas that miss the completed write: R2 and R3', () => {
    // The 11 steps, by hand: 1 partition {R1,S1,C1} | {R2,R3,C2}; 2 C1 invokes write(1), sending
    // to R1, to S1 (standing in for R2, with a hint) and to R3 (cut off, so it stays in flight);
    // 3 R1 stores v(1,C1) and acks; 4 S1 stores it with a hint for R2 and acks; 5, 6 C1 gets both
    // acks and the write completes (W=2); 7 C2 invokes read, to R2 and R3 (R1 is cut off);
    // 8, 9 R2 and R3 answer 0 v0; 10, 11 C2 takes both replies and returns 0. Nothing ever
    // reaches R2 or R3, so at the end R1 holds v(1,C1) and R2, R3 still hold v0: they miss it.
    // S1 holds it too, but a spare is never highlighted.
    expect(trace.actions.length).toBe(11);
    expect(highlighted(finals)).toEqual(['R2', 'R3']);
    expect(rows(finals, 'R1')).toEqual({ x: '1 @ v(1,C1)' });
    expect(rows(finals, 'R2')).toEqual({ x: '0 @ v0' });
    expect(rows(finals, 'S1')).toEqual({ x: '1 @ v(1,C1)', hints: 'for R2: 1 @ v(1,C1)' });
    expect(finals.legend).toBe("misses C1's write of 1 @ v(1,C1), which completed");
  });
});

describe('quorum finals on hand-made traces', () => {
  const strict = quorumModel({ ...defaultConfig, ops: [[w(1)], [r]] });

  it('highlights nothing when every home replica holds the last completed write', () => {
    // C1's write reaches R1, R2 and R3, then two acks complete it: all three hold v(1,C1).
    const { states, actions } = walk(strict, [
      'C1 invokes write(1)',
      'deliver write(1) v(1,C1) C1->R1',
      'deliver write(1) v(1,C1) C1->R2',
      'deliver write(1) v(1,C1) C1->R3',
      'deliver ack R1->C1',
      'deliver ack R2->C1',
    ]);
    expect(states[states.length - 1].history[0].status).toBe('ok');
    const finals = strict.describe!.finals!(states, actions);
    expect(highlighted(finals)).toEqual([]);
    expect(finals.legend).toBeUndefined();
    expect(Object.keys(finals.lanes)).toEqual(['R1', 'R2', 'R3']);
  });

  it('highlights nothing before the write completes, and the replica it missed once it has', () => {
    // Two stores and one ack: the write is still pending, so no replica misses a completed write.
    const twoStores = ['C1 invokes write(1)', 'deliver write(1) v(1,C1) C1->R1', 'deliver write(1) v(1,C1) C1->R2', 'deliver ack R1->C1'];
    const pending = walk(strict, twoStores);
    expect(highlighted(strict.describe!.finals!(pending.states, pending.actions))).toEqual([]);
    // The second ack completes it with R3's copy still in flight: R3 misses it.
    const done = walk(strict, [...twoStores, 'deliver ack R2->C1']);
    expect(highlighted(strict.describe!.finals!(done.states, done.actions))).toEqual(['R3']);
  });

  it('shows a down replica as up no, and it still misses the write', () => {
    const crashing = quorumModel({ ...defaultConfig, ops: [[w(1)]], crashes: 1 });
    // R3 crashes before the write reaches it; R1 and R2 store and ack, completing it.
    const { states, actions } = walk(crashing, [
      'R3 crashes',
      'C1 invokes write(1)',
      'deliver write(1) v(1,C1) C1->R1',
      'deliver write(1) v(1,C1) C1->R2',
      'deliver ack R1->C1',
      'deliver ack R2->C1',
    ]);
    const finals = crashing.describe!.finals!(states, actions);
    expect(rows(finals, 'R3')).toEqual({ x: '0 @ v0', up: 'no' });
    expect(highlighted(finals)).toEqual(['R3']);
  });

  it('under vector clocks, highlights no replica holding a write no completed write superseded, even one missing a concurrent write', () => {
    const vclock = quorumModel({ ...defaultConfig, n: 3, w: 2, r: 1, ops: [[w(1)], [w(2)]], clock: 'vclock', resolve: 'vclock' });
    // Neither writer saw the other's write, so the two are concurrent: R1 gets both and keeps
    // them as siblings, R2 gets only C1's, R3 only C2's. Each write gets its W=2 acks and completes.
    // Neither write was invoked after the other completed, so neither supersedes the other: a read
    // of R2's 1 or R3's 2 is not stale, and nothing is highlighted.
    const { states, actions } = walk(vclock, [
      'C1 invokes write(1)',
      'C2 invokes write(2)',
      'deliver write(1) vc(1,0) C1->R1',
      'deliver write(2) vc(0,1) C2->R1',
      'deliver write(1) vc(1,0) C1->R2',
      'deliver write(2) vc(0,1) C2->R3',
      'deliver ack R1->C1',
      'deliver ack R2->C1',
      'deliver ack R1->C2',
      'deliver ack R3->C2',
    ]);
    expect(states[states.length - 1].history.map((op) => op.status)).toEqual(['ok', 'ok']);
    const finals = vclock.describe!.finals!(states, actions);
    expect(rows(finals, 'R1').x).toBe('1 @ vc(1,0) | 2 @ vc(0,1)');
    expect(highlighted(finals)).toEqual([]);
    expect(finals.legend).toBeUndefined();
  });

  it('with a skewed wall clock, highlights the replicas that kept the older write its version outranks', () => {
    const skewed = quorumModel({ ...defaultConfig, ops: [[w(1)], [w(2)]], clock: 'wall', skew: 1 });
    // C2 writes 2 at true time 1 to R1 and R2 and completes. C1's clock falls a tick behind, so
    // its later write of 1 gets a version that does not beat v(1,C2): R1 and R2 keep 2 and ack
    // anyway, completing C1's write. Real time says write(1) superseded write(2): R1 and R2 hold
    // a superseded copy, and R3 (still v0) misses both writes.
    const { states, actions } = walk(skewed, [
      'C2 invokes write(2)',
      'deliver write(2) v(1,C2) C2->R1',
      'deliver write(2) v(1,C2) C2->R2',
      'deliver ack R1->C2',
      'deliver ack R2->C2',
      'C1 clock back 1 tick',
      'C1 invokes write(1)',
      'deliver write(1) v(1,C1) C1->R1',
      'deliver write(1) v(1,C1) C1->R2',
      'deliver ack R1->C1',
      'deliver ack R2->C1',
    ]);
    const last = states[states.length - 1];
    expect(last.history.map((op) => op.status)).toEqual(['ok', 'ok']);
    expect(last.replicas[0].entries.map((e) => e.value)).toEqual([2]);
    const finals = skewed.describe!.finals!(states, actions);
    expect(rows(finals, 'R1').x).toBe('2 @ v(1,C2)');
    expect(highlighted(finals)).toEqual(['R1', 'R2', 'R3']);
    expect(finals.legend).toBe("misses C1's write of 1 @ v(1,C1), which completed");
  });
});

/**
 * The history with one more read appended, by a client of its own, invoked once everything
 * answered so far had completed and returning `values`: the read of a replica's copy at the end.
 * (Its `after` still names the earlier reads that completed; reads never supersede anything.)
 */
function withFinalRead(history: readonly HistoryOp[], values: readonly number[]): HistoryOp[] {
  let after = 0;
  for (const op of history) if (op.status === 'ok') after |= 1 << op.id;
  const read: HistoryOp = {
    id: history.length,
    client: 7,
    kind: 'read',
    value: values[0],
    ...(values.length > 1 ? { siblings: [...values] } : {}),
    status: 'ok',
    after,
  };
  // The other reads are left pending, so the checker judges this read alone.
  return [...history.map((op) => (op.kind === 'read' ? { ...op, status: 'pending' as const } : op)), read];
}

describe('quorum finals on random walks', () => {
  const configArb = fc.record({
    clock: fc.constantFrom('logical' as const, 'wall' as const),
    n: fc.integer({ min: 1, max: 3 }),
    w: fc.integer({ min: 1, max: 3 }),
    spares: fc.integer({ min: 0, max: 1 }),
    sloppy: fc.boolean(),
    mode: fc.constantFrom('quorum' as const, 'ap' as const),
    partitions: fc.integer({ min: 0, max: 1 }),
    crashes: fc.integer({ min: 0, max: 1 }),
  });

  it('highlights a home replica exactly when a read of its copy at the end would be stale', () => {
    let seenHighlight = 0;
    fc.assert(
      fc.property(configArb, fc.array(fc.nat(), { minLength: 1, maxLength: 30 }), (c, choices) => {
        const config: QuorumConfig = {
          ...defaultConfig,
          n: c.n,
          w: Math.min(c.w, c.n),
          r: 1,
          spares: c.sloppy ? Math.max(1, c.spares) : c.spares,
          quorum: c.sloppy ? 'sloppy' : 'strict',
          mode: c.mode,
          ops: [[w(1), w(2)], [w(3), r]],
          partitions: c.partitions,
          crashes: c.crashes,
          clock: c.clock,
          skew: c.clock === 'wall' ? 1 : 0,
        };
        const model = quorumModel(config);
        const states = [model.init()[0]];
        const actions: QuorumAction[] = [];
        for (const choice of choices) {
          const s = states[states.length - 1];
          const enabled = model.actions(s);
          if (enabled.length === 0) break;
          actions.push(enabled[choice % enabled.length]);
          states.push(model.next(s, actions[actions.length - 1]));
        }
        const last = states[states.length - 1];
        // Independently of the finals: the stale-read checker on a read of the replica's copy that
        // begins once everything has answered (every value in these scripts is written once).
        const expected: string[] = [];
        for (let h = 0; h < config.n; h++) {
          const values = last.replicas[h].entries.map((e) => e.value);
          if (!checkStaleRead(withFinalRead(last.history, values)).ok) expected.push(`R${h + 1}`);
        }
        const finals = model.describe!.finals!(states, actions);
        expect(highlighted(finals)).toEqual(expected);
        if (expected.length > 0) seenHighlight++;
        expect(Object.keys(finals.lanes).length).toBe(config.n + config.spares);
      }),
      { numRuns: 300, seed: 7 },
    );
    // The walks must reach some stale replicas, or the property says nothing.
    expect(seenHighlight).toBeGreaterThan(20);
  }, 120_000);
});
