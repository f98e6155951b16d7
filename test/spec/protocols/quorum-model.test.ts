import { describe, expect, it } from 'vitest';
import { check } from '../../../explorer/index.ts';
import type { JsonValue } from '../../../explorer/index.ts';
import { defaultConfig } from '../../../spec/protocols/config.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel } from '../../../spec/protocols/quorum-model.ts';
import type { QuorumAction, QuorumState } from '../../../spec/protocols/quorum-model.ts';
import { bruteForce } from './brute-force.ts';

const write1 = { kind: 'write', value: 1 } as const;
const read = { kind: 'read' } as const;

describe('state counts derived by hand', () => {
  it('one replica, one write: 4 states', async () => {
    // init; write request in flight; stored with the ack in flight; ack delivered (done).
    const model = quorumModel({ ...defaultConfig, n: 1, w: 1, r: 1, ops: [[write1]] });
    const result = await check(model, { properties: ['stale-read'] });
    expect(result.stats.states).toBe(4);
    expect(result.verdict).toBe('holds');
  });

  it('two replicas, W=1, one write: 8 states, 6 up to symmetry', async () => {
    // init (1). While pending, each of the 2 write requests is in flight or delivered with its
    // ack in flight: 2^2 = 4. The first ack delivered completes the write and discards the
    // other ack; the rest may still land: R1 only (R2's request in flight), R2 only, both: 3.
    // 1 + 4 + 3 = 8. Swapping R1 and R2 merges the two mixed pending states and the two
    // single-copy done states: 8 - 2 = 6.
    const model = quorumModel({ ...defaultConfig, n: 2, w: 1, r: 1, ops: [[write1]] });
    expect((await check(model, { properties: ['stale-read'], symmetry: false, reduction: false })).stats.states).toBe(8);
    expect((await check(model, { properties: ['stale-read'], symmetry: true, reduction: false })).stats.states).toBe(6);
  });
});

describe('the explorer agrees with a brute-force enumerator', () => {
  const configs: [string, QuorumConfig][] = [
    ['N=3 W=2 R=2, w1;r', defaultConfig],
    ['N=2 W=1 R=2, a partition, a drop', { ...defaultConfig, n: 2, w: 1, r: 2, partitions: 1, drops: 1 }],
    ['N=2 W=1 R=1 + 1 spare, sloppy, handoff, a partition', { ...defaultConfig, n: 2, w: 1, r: 1, spares: 1, quorum: 'sloppy', handoff: true, partitions: 1 }],
    ['N=2 async read repair, crash with state loss', { ...defaultConfig, n: 2, w: 1, r: 1, readRepair: 'async', crashes: 1, stateLoss: true }],
  ];
  it.each(configs)('%s', async (_, config) => {
    const model = quorumModel(config);
    const plain = bruteForce(model);
    // With no property to decide, the search runs to the end: every reachable state.
    const everything = await check(model, { properties: [], symmetry: false, reduction: false });
    expect(everything.stats.states).toBe(plain.states);
    const judged = await check(model, { properties: ['stale-read'], symmetry: false, reduction: false });
    const shortest = plain.firstViolation['stale-read'];
    expect(judged.results[0].verdict).toBe(shortest === null ? 'holds' : 'violated');
    // BFS counterexamples are shortest: as deep as the shallowest violating state.
    if (shortest !== null) expect(judged.results[0].trace!.actions.length).toBe(shortest);
    if (model.symmetry !== undefined) {
      const reduced = bruteForce(model, model.symmetry);
      const withSymmetry = await check(model, { properties: [], symmetry: true, reduction: false });
      expect(withSymmetry.stats.states).toBe(reduced.states);
      expect(reduced.states).toBeLessThan(plain.states);
      const judgedReduced = await check(model, { properties: ['stale-read'], symmetry: true, reduction: false });
      expect(judgedReduced.results[0].verdict).toBe(judged.results[0].verdict);
      if (shortest !== null) expect(judgedReduced.results[0].trace!.actions.length).toBe(shortest);
    }
  }, 120_000);
});

/** Every state reachable within `depth` steps (a small neighbourhood for structural checks). */
function neighbourhood(config: QuorumConfig, depth: number): QuorumState[] {
  const model = quorumModel(config);
  let frontier = [...model.init()];
  const all = [...frontier];
  for (let d = 0; d < depth; d++) {
    frontier = frontier.flatMap((s) => model.actions(s).map((a) => model.next(s, a)));
    all.push(...frontier);
  }
  return all;
}

describe('actions and labels', () => {
  const config: QuorumConfig = { ...defaultConfig, spares: 1, quorum: 'sloppy', handoff: true, partitions: 1, drops: 1, crashes: 1 };
  const model = quorumModel(config);
  const describeHooks = model.describe!;
  const sample = neighbourhood(config, 3).filter((_, i) => i % 7 === 0);

  it('labels are unique among enabled actions (or name equal-effect actions) and parse back', () => {
    for (const s of sample) {
      const actions = model.actions(s);
      const labels = actions.map((a) => describeHooks.action(s, a));
      for (let i = 0; i < actions.length; i++) {
        expect(labels[i]).toMatch(/^[\x20-\x7e]+$/);
        const parsed = describeHooks.parseAction!(s, labels[i]) as QuorumAction;
        // The parsed action leads to the same state as the labelled one.
        expect(JSON.stringify(stripSerials(model.next(s, parsed)))).toBe(JSON.stringify(stripSerials(model.next(s, actions[i]))));
      }
    }
  });

  it('actions are deterministic', () => {
    for (const s of sample) expect(model.actions(s)).toEqual(model.actions(s));
  });

  it('state views are JSON', () => {
    for (const s of sample) {
      const view = describeHooks.state!(s);
      expect(JSON.parse(JSON.stringify(view)) as Record<string, JsonValue>).toEqual(view);
    }
  });

  it('lanes list clients, home replicas, spares', () => {
    expect(describeHooks.lanes!().map((l) => `${l.id}:${l.role}`)).toEqual(['C1:client', 'C2:client', 'R1:replica', 'R2:replica', 'R3:replica', 'S1:spare']);
  });
});

function stripSerials(s: QuorumState): unknown {
  return { ...s, serial: 0, messages: s.messages.map((m) => ({ ...m, serial: 0 })) };
}

describe('sequence-chart steps', () => {
  it('send ids are unique, deliveries and drops name an earlier send, lanes exist', async () => {
    const config: QuorumConfig = { ...defaultConfig, n: 2, w: 1, r: 1, spares: 1, quorum: 'sloppy', handoff: true, partitions: 1, drops: 1 };
    const model = quorumModel(config);
    const result = await check(model, { properties: ['stale-read'] });
    const trace = result.results[0].trace!;
    const lanes = new Set(model.describe!.lanes!().map((l) => l.id));
    const sent = new Set<string>();
    const ops = new Set<string>();
    for (let i = 0; i < trace.actions.length; i++) {
      const step = model.describe!.step!(trace.states[i], trace.actions[i], trace.states[i + 1]);
      expect(step.narration).toMatch(/^[A-Z].*\.$/);
      for (const e of step.events) {
        if (e.kind === 'send') {
          expect(sent.has(e.msg)).toBe(false);
          sent.add(e.msg);
          expect(lanes.has(e.from) && lanes.has(e.to)).toBe(true);
        }
        if (e.kind === 'deliver' || e.kind === 'drop') expect(sent.has(e.msg)).toBe(true);
        if (e.kind === 'invoke') ops.add(e.op);
        if (e.kind === 'respond') expect(ops.has(e.op)).toBe(true);
        if (e.kind === 'local' || e.kind === 'invoke' || e.kind === 'respond') expect(lanes.has(e.lane)).toBe(true);
      }
    }
  }, 30_000);

  it('explains a stale read in quorum terms', async () => {
    const model = quorumModel({ ...defaultConfig, resolve: 'first' });
    const result = await check(model, { properties: ['stale-read'] });
    const trace = result.results[0].trace!;
    const text = model.describe!.explain!(trace.states, trace.actions, 'stale-read');
    expect(text).toMatch(/acknowledged by R\d and R\d/);
    expect(text).toMatch(/heard from/);
    expect(text).toMatch(/'first' resolution/);
  });
});

describe('history', () => {
  it('keeps only invoked operations with their real-time order', () => {
    const model = quorumModel({ ...defaultConfig, ops: [[write1, read]] });
    let s = model.init()[0];
    // Run the script greedily with the first enabled action: the write completes before the read starts.
    for (let i = 0; i < 50 && model.actions(s).length > 0; i++) s = model.next(s, model.actions(s)[0]);
    expect(s.history.map((op) => [op.kind, op.status, op.value, op.after])).toEqual([
      ['write', 'ok', 1, 0],
      ['read', 'ok', 1, 0b1],
    ]);
  });
});
