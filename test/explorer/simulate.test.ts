import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExplorerError } from '../../explorer/errors.ts';
import type { Model, Property } from '../../explorer/model.ts';
import { replay } from '../../explorer/replay.ts';
import type { CheckResult, Trace } from '../../explorer/result.ts';
import { SHORTCUT_RADIUS, simulate } from '../../explorer/simulate.ts';

// ---------------------------------------------------------------------------------------------
// A ladder: a counter c in 0..top with a flag that a `toggle` flips. `inc` and `dec` move c by
// one; `bad` is enabled only at c = rung and sets `broken`. The enabled actions depend on c
// alone, in the order inc, dec, toggle, bad.
// ---------------------------------------------------------------------------------------------

interface Ladder {
  readonly c: number;
  readonly flag: boolean;
  readonly broken: boolean;
}

type LadderAction = 'inc' | 'dec' | 'toggle' | 'bad';

function ladder(top: number, rung: number | null, extra: readonly Property<Ladder>[] = []): Model<Ladder, LadderAction> {
  return {
    name: `ladder-${top}-${rung}`,
    init: () => [{ c: 0, flag: false, broken: false }],
    actions: (s) => {
      if (s.broken) return [];
      const out: LadderAction[] = [];
      if (s.c < top) out.push('inc');
      if (s.c > 0) out.push('dec');
      out.push('toggle');
      if (s.c === rung) out.push('bad');
      return out;
    },
    next: (s, a) => {
      switch (a) {
        case 'inc':
          return { ...s, c: s.c + 1 };
        case 'dec':
          return { ...s, c: s.c - 1 };
        case 'toggle':
          return { ...s, flag: !s.flag };
        case 'bad':
          return { ...s, broken: true };
      }
    },
    encode: (s, out) => {
      out.varint(s.c);
      out.u8(s.flag ? 1 : 0);
      out.u8(s.broken ? 1 : 0);
    },
    properties: [{ name: 'never-broken', kind: 'always', check: (s) => !s.broken }, ...extra],
  };
}

/** The trace's states equal those of an independent replay of its indices. */
function expectReplays<S, A>(model: Model<S, A>, trace: Trace<S, A>): void {
  const inits = model.init();
  const initIndex = inits.findIndex((s) => JSON.stringify(s) === JSON.stringify(trace.states[0]));
  expect(initIndex).toBeGreaterThanOrEqual(0);
  const again = replay(model, initIndex, trace.actionIndices);
  expect(again.states).toEqual(trace.states);
  expect(again.actions).toEqual(trace.actions);
  expect(trace.states.length).toBe(trace.actions.length + 1);
}

function only<S, A>(result: CheckResult<S, A>, name: string) {
  const found = result.results.find((r) => r.property === name);
  if (found === undefined) throw new Error(`no result for ${name}`);
  return found;
}

describe('simulate: a violation reachable only along a specific path', () => {
  it.each([
    [6, 4],
    [12, 8],
  ])('ladder to %i with the bad rung at %i: the shrunk trace is the shortest one', async (top, rung) => {
    const model = ladder(top, rung);
    const result = await simulate(model, { seed: 7 });
    expect(result.verdict).toBe('violated');
    expect(result.exhaustive).toBe(false);
    const r = only(result, 'never-broken');
    expect(r.verdict).toBe('violated');
    expect(r.reason).toBeUndefined();
    // By hand: each step moves c by at most one from 0, so reaching c = rung takes at least
    // `rung` steps, then `bad`: rung + 1 steps, all `inc` (index 0 wherever c < top) then
    // `bad` (index 3 at c = rung, where inc, dec, toggle, bad are all enabled). A longer trace
    // holds a toggle (deletable: the enabled lists ignore the flag) or an inc next to a dec
    // (a deletable adjacent pair), which the shrinker's guarantees exclude.
    expect(r.trace?.actionIndices).toEqual([...Array<number>(rung).fill(0), 3]);
    expect(r.trace?.actions).toEqual([...Array<LadderAction>(rung).fill('inc'), 'bad']);
    expectReplays(model, r.trace!);
  });

  it('without time to shrink, still reports a trace that replays to its first violation', async () => {
    const model = ladder(12, 8);
    const r = only(await simulate(model, { seed: 7, shrinkSeconds: 0 }), 'never-broken');
    expect(r.verdict).toBe('violated');
    expect(r.reason).toContain('may not be minimal');
    const trace = r.trace!;
    expectReplays(model, trace);
    expect(trace.states.findIndex((s) => s.broken)).toBe(trace.states.length - 1);
    // Loop erasure still ran, so no state repeats.
    expect(new Set(trace.states.map((s) => JSON.stringify(s))).size).toBe(trace.states.length);
  });

  it('is deterministic: the same seed gives the same trace and counts', async () => {
    const model = ladder(10, 6);
    const a = await simulate(model, { seed: 42, runs: 300, maxSteps: 60 });
    const b = await simulate(model, { seed: 42, runs: 300, maxSteps: 60 });
    expect(only(a, 'never-broken').trace?.actionIndices).toEqual(only(b, 'never-broken').trace?.actionIndices);
    expect([a.stats.states, a.stats.transitions, a.stats.depth]).toEqual([b.stats.states, b.stats.transitions, b.stats.depth]);
  });

  it('stops walking once every checked property is resolved', async () => {
    // The initial state already violates `c-positive`, so the first visit resolves it.
    const model = ladder(3, null, [{ name: 'c-positive', kind: 'always', check: (s) => s.c > 0 }]);
    const result = await simulate(model, { properties: ['c-positive'] });
    expect(result.stats).toMatchObject({ states: 1, transitions: 0 });
    expect(only(result, 'c-positive').trace?.actionIndices).toEqual([]);
  });
});

describe('simulate: verdicts it may and may not give', () => {
  it('a model without a violation is inconclusive, never holds, and says what was covered', async () => {
    const model = ladder(5, null);
    const result = await simulate(model, { runs: 50, maxSteps: 20 });
    expect(result.verdict).toBe('inconclusive');
    expect(only(result, 'never-broken')).toMatchObject({ verdict: 'inconclusive', trace: null });
    // `toggle` is always enabled and nothing breaks, so every walk takes all 20 steps:
    // 50 x 20 transitions and 50 x 21 states.
    expect(result.stats).toMatchObject({ transitions: 1000, states: 1050, depth: 20, bytesPerState: 0 });
    expect(result.coverage).toContain('50 random runs of up to 20 steps (1,000 steps');
    expect(result.coverage).toContain('a simulation never proves a property');
  });

  it('answers a sometimes property with a shrunk example, and liveness as inconclusive', async () => {
    const model = ladder(6, null, [
      { name: 'reaches-3', kind: 'sometimes', check: (s) => s.c === 3 },
      { name: 'reaches-top', kind: 'eventually', check: (s) => s.c === 6 },
    ]);
    const result = await simulate(model, { properties: ['reaches-3', 'reaches-top'] });
    const example = only(result, 'reaches-3');
    expect(example.verdict).toBe('holds');
    // By hand: c moves by one per step at most, so three `inc` (index 0) is the shortest.
    expect(example.trace?.actionIndices).toEqual([0, 0, 0]);
    expectReplays(model, example.trace!);
    expect(only(result, 'reaches-top')).toMatchObject({ verdict: 'inconclusive', reason: 'liveness needs an exhaustive search' });
    expect(result.verdict).toBe('inconclusive');
  });

  it('rejects an unknown property name', async () => {
    await expect(simulate(ladder(2, 1), { properties: ['nope'] })).rejects.toThrow(ExplorerError);
    await expect(simulate(ladder(2, 1), { properties: ['nope'] })).rejects.toMatchObject({ code: 'EXP_UNKNOWN_PROPERTY' });
  });
});

describe('simulate: limits and interrupts', () => {
  it('a timeout makes it stop, inconclusive, before the runs are done', async () => {
    const runs = 1_000_000_000;
    const reports: number[] = [];
    const result = await simulate(ladder(50, null), {
      runs,
      maxSteps: 1000,
      limits: { timeoutSeconds: 0.2 },
      onProgress: (p) => reports.push(p.transitions),
    });
    expect(result.verdict).toBe('inconclusive');
    // Progress only grows and never passes the final count (how many reports come is timing).
    expect(reports).toEqual([...reports].sort((a, b) => a - b));
    expect(reports.every((t) => t <= result.stats.transitions)).toBe(true);
    expect(result.coverage).toContain('stopped by the time limit (0.2 s)');
    expect(result.stats.transitions).toBeLessThan(runs * 1000);
  });

  it('shouldStop is polled and stops the walks', async () => {
    let polls = 0;
    const result = await simulate(ladder(5, null), { runs: 100, maxSteps: 10, shouldStop: () => ++polls > 3 });
    // Polled before each run: three runs pass, the fourth poll stops.
    expect(result.stats.transitions).toBe(30);
    expect(result.coverage).toContain('cut short: interrupted');
  });

  it('a state limit stops it', async () => {
    // Every walk visits 11 states (10 steps, nothing breaks); the limit is checked before a run.
    const result = await simulate(ladder(5, null), { runs: 100, maxSteps: 10, limits: { maxStates: 25 } });
    expect(result.stats.states).toBe(33);
    expect(result.coverage).toContain('stopped by the state limit (25)');
  });
});

// ---------------------------------------------------------------------------------------------
// A mailbox: each of `senders` processes sends one message; `deliver k` delivers the k-th
// message in flight (sorted by sender), so one more or one fewer message shifts the index of
// the others, as in a network model. The bad state: messages 0..3 all delivered.
// ---------------------------------------------------------------------------------------------

interface Mailbox {
  readonly sent: readonly boolean[];
  readonly inFlight: readonly number[];
  readonly delivered: readonly boolean[];
}

type MailboxAction = { readonly kind: 'send'; readonly sender: number } | { readonly kind: 'deliver'; readonly index: number };

function mailbox(senders: number): Model<Mailbox, MailboxAction> {
  return {
    name: 'mailbox',
    init: () => [{ sent: Array<boolean>(senders).fill(false), inFlight: [], delivered: Array<boolean>(senders).fill(false) }],
    actions: (s) => [
      ...s.sent.flatMap((sent, sender) => (sent ? [] : [{ kind: 'send' as const, sender }])),
      ...s.inFlight.map((_, index) => ({ kind: 'deliver' as const, index })),
    ],
    next: (s, a) => {
      if (a.kind === 'send') {
        return {
          ...s,
          sent: s.sent.map((v, i) => v || i === a.sender),
          inFlight: [...s.inFlight, a.sender].sort((x, y) => x - y),
        };
      }
      const message = s.inFlight[a.index];
      return { ...s, inFlight: s.inFlight.filter((_, i) => i !== a.index), delivered: s.delivered.map((v, i) => v || i === message) };
    },
    encode: (s, out) => {
      for (const v of s.sent) out.u8(v ? 1 : 0);
      for (const v of s.delivered) out.u8(v ? 1 : 0);
      out.varint(s.inFlight.length);
      for (const m of s.inFlight) out.varint(m);
    },
    properties: [{ name: 'not-all-four', kind: 'always', check: (s) => !s.delivered.slice(0, 4).every(Boolean) }],
    describe: {
      action: (s, a) => (a.kind === 'send' ? `P${a.sender} sends m${a.sender}` : `m${s.inFlight[a.index]} arrives`),
    },
  };
}

describe('simulate on a model whose action indices shift', () => {
  it.each([1, 2, 3])('seed %i: the shrunk trace sends and delivers messages 0..3 and nothing else', async (seed) => {
    const model = mailbox(7);
    const r = only(await simulate(model, { seed, runs: 200, maxSteps: 14 }), 'not-all-four');
    expect(r.verdict).toBe('violated');
    const trace = r.trace!;
    expectReplays(model, trace);
    // By hand: each of messages 0..3 needs a send and a delivery: 8 steps at least. A trace
    // that also sends m4..m6 is not minimal: deleting such a send, with the later steps matched
    // by label (its delivery is then no longer enabled and is left out), still reaches the bad
    // state, and the shrinker's fixpoint excludes that.
    expect(trace.actions.length).toBe(8);
    const labels = trace.actions.map((a, i) => model.describe!.action(trace.states[i], a));
    expect([...labels].sort()).toEqual(['P0 sends m0', 'P1 sends m1', 'P2 sends m2', 'P3 sends m3', 'm0 arrives', 'm1 arrives', 'm2 arrives', 'm3 arrives']);
  });
});

// ---------------------------------------------------------------------------------------------
// Random small graphs: node = state, edge = action, some nodes bad; node 0 is initial.
// ---------------------------------------------------------------------------------------------

interface Graph {
  readonly edges: readonly (readonly number[])[];
  readonly bad: readonly boolean[];
}

function graphModel(graph: Graph): Model<number, number> {
  return {
    name: 'graph',
    init: () => [0],
    actions: (node) => graph.edges[node].map((_, k) => k),
    next: (node, k) => graph.edges[node][k],
    encode: (node, out) => { out.varint(node); },
    properties: [{ name: 'no-bad', kind: 'always', check: (node) => !graph.bad[node] }],
  };
}

/** Shortest distance from node 0 to a bad node, by a plain BFS; Infinity when none is reachable. */
function bfsDistance(graph: Graph): number {
  const distance = graph.edges.map(() => Infinity);
  distance[0] = 0;
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    if (graph.bad[node]) return distance[node];
    for (const to of graph.edges[node]) {
      if (distance[to] === Infinity) {
        distance[to] = distance[node] + 1;
        queue.push(to);
      }
    }
  }
  return Infinity;
}

const graphArbitrary: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.record({
    edges: fc.array(fc.array(fc.nat({ max: n - 1 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
    bad: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  }),
);

describe('simulate on random small graphs', () => {
  it('reports only violations that replay to a bad node, no shorter than the BFS distance', async () => {
    await fc.assert(
      fc.asyncProperty(graphArbitrary, fc.integer(), async (graph, seed) => {
        const model = graphModel(graph);
        const result = await simulate(model, { seed, runs: 60, maxSteps: 12 });
        const distance = bfsDistance(graph);
        const r = only(result, 'no-bad');
        if (distance === Infinity) {
          expect(r.verdict).toBe('inconclusive');
          return;
        }
        if (r.verdict !== 'violated') {
          expect(r.verdict).toBe('inconclusive');
          return;
        }
        const trace = r.trace!;
        expectReplays(model, trace);
        expect(graph.bad[trace.states[trace.states.length - 1]]).toBe(true);
        expect(trace.states.slice(0, -1).some((node) => graph.bad[node])).toBe(false);
        expect(trace.actions.length).toBeGreaterThanOrEqual(distance);
        // The shortcut search is exhaustive within its radius on graphs this small, so a bad
        // node that close to the initial state is reached by a shortest trace.
        if (distance <= SHORTCUT_RADIUS) expect(trace.actions.length).toBe(distance);
      }),
      { numRuns: 200, seed: 20261125 },
    );
  });

  it('finds a bad node at distance 3 on a graph where walks hit it often, with a shortest trace', async () => {
    // 0 -> 1 -> 2 -> 3 (bad), with a self-loop and a way back at each node.
    const graph: Graph = { edges: [[1, 0], [2, 0], [3, 1], []], bad: [false, false, false, true] };
    const model = graphModel(graph);
    const result = await simulate(model, { seed: 3 });
    const trace = only(result, 'no-bad').trace!;
    // By hand: the only way to node 3 is 0 -> 1 -> 2 -> 3, each the first edge.
    expect(trace.actionIndices).toEqual([0, 0, 0]);
    expect(trace.states).toEqual([0, 1, 2, 3]);
  });
});
