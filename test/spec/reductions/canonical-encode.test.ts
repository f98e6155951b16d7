import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { check, type CheckOptions, type CheckResult, type Model, GrowableByteWriter } from '../../../explorer/index.ts';
import type { ClientOp } from '../../../spec/cluster/ops.ts';
import { defaultConfig, type QuorumConfig } from '../../../spec/protocols/config.ts';
import { topology } from '../../../spec/protocols/actions.ts';
import { MESSAGE_KINDS } from '../../../spec/cluster/network.ts';
import { packVersion } from '../../../spec/cluster/versions.ts';
import { initialState, normalize } from '../../../spec/protocols/state.ts';
import { clientClasses, clientSymmetry } from '../../../spec/reductions/client-symmetry.ts';
import { quorumModel, type QuorumAction, type QuorumState } from '../../../spec/protocols/quorum-model.ts';
import { homeClasses, homeReplicaSymmetry, symmetryIsSound } from '../../../spec/reductions/symmetry.ts';
import { scenarios } from '../../../spec/scenarios/index.ts';
import { keyOf } from '../protocols/brute-force.ts';
import { quorumConfigs } from '../arbitrary-config.ts';

type QuorumModel = Model<QuorumState, QuorumAction>;

const w = (value: number): ClientOp => ({ kind: 'write', value });
const r: ClientOp = { kind: 'read' };

const slow = new GrowableByteWriter();
const fast = new GrowableByteWriter();

/** The hook's bytes and the representative's bytes for `s`, as hex, to compare and to print on a mismatch. */
function bothEncodings(model: QuorumModel, s: QuorumState): [string, string] {
  slow.reset();
  model.encode!(model.symmetry!(s), slow);
  fast.reset();
  model.encodeCanonical!(s, fast);
  return [Buffer.from(slow.bytes.subarray(0, slow.length)).toString('hex'), Buffer.from(fast.bytes.subarray(0, fast.length)).toString('hex')];
}

/** How often each permutation is not the identity among the states compared: the test must exercise both. */
interface Coverage {
  states: number;
  homesMoved: number;
  clientsMoved: number;
}

/** Whether the home and client steps of the model's symmetry each move `s` (computed from the symmetry modules directly). */
function moves(config: QuorumConfig, s: QuorumState): { homes: boolean; clients: boolean } {
  const t = topology(config);
  const afterHomes = symmetryIsSound(config) ? homeReplicaSymmetry(t, s, homeClasses(config)) : s;
  const classes = clientClasses(config);
  return { homes: afterHomes !== s, clients: classes !== null && clientSymmetry(t, afterHomes, classes) !== afterHomes };
}

/** Breadth-first over the reachable states (up to `cap`), comparing both encodings of each. */
function compareReachable(config: QuorumConfig, cap: number): Coverage {
  const model = quorumModel(config);
  const coverage: Coverage = { states: 0, homesMoved: 0, clientsMoved: 0 };
  const seen = new Set<string>();
  let frontier: QuorumState[] = [];
  const visit = (s: QuorumState): void => {
    if (coverage.states >= cap) return;
    const key = keyOf(model, s);
    if (seen.has(key)) return;
    seen.add(key);
    frontier.push(s);
    coverage.states++;
    const [expected, actual] = bothEncodings(model, s);
    if (actual !== expected) expect(actual, `state ${JSON.stringify(s)}`).toBe(expected);
    const moved = moves(config, s);
    if (moved.homes) coverage.homesMoved++;
    if (moved.clients) coverage.clientsMoved++;
  };
  for (const s of model.init()) visit(s);
  while (frontier.length > 0 && coverage.states < cap) {
    const current = frontier;
    frontier = [];
    for (const s of current) for (const a of model.actions(s)) visit(model.next(s, a));
  }
  return coverage;
}

describe('encodeCanonical writes the bytes of encode(symmetry(state))', () => {
  // Each config names which permutations it exercises: homes (H), clients (C), or both.
  const configs: [string, QuorumConfig, 'H' | 'C' | 'HC'][] = [
    ['bench shape: w1;w2;r, a partition, a crash', { ...defaultConfig, ops: [[w(1)], [w(2)], [r]], partitions: 1, crashes: 1 }, 'H'],
    ['first reply, two readers, a drop', { ...defaultConfig, w: 1, r: 1, resolve: 'first', ops: [[w(1)], [r], [r]], drops: 1 }, 'HC'],
    ['majority, async read repair, crash with state loss', { ...defaultConfig, n: 2, w: 1, r: 2, resolve: 'majority', readRepair: 'async', crashes: 1, stateLoss: true, ops: [[w(1)], [r], [r]] }, 'HC'],
    ['sync read repair, two writers that read back', { ...defaultConfig, readRepair: 'sync', ops: [[w(1), r], [w(1), r]] }, 'HC'],
    ['strict quorum with an idle spare, a partition', { ...defaultConfig, w: 1, r: 2, spares: 1, partitions: 1, ops: [[w(1)], [r], [r]] }, 'HC'],
    ['ap mode: hints for unreachable homes, handoff, a partition', { ...defaultConfig, mode: 'ap', handoff: true, partitions: 1, ops: [[w(1)], [r], [r]] }, 'HC'],
    ['sloppy quorum with a spare, handoff, a partition (clients only)', { ...defaultConfig, w: 1, r: 1, spares: 1, quorum: 'sloppy', handoff: true, partitions: 1, ops: [[w(1)], [w(1)], [r]] }, 'C'],
    ['vector clocks and siblings (homes only)', { ...defaultConfig, w: 1, r: 2, clock: 'vclock', resolve: 'vclock', ops: [[w(1)], [w(2)], [r]] }, 'H'],
    ['wall clocks with skew (homes only)', { ...defaultConfig, w: 1, r: 1, clock: 'wall', skew: 1, ops: [[w(1)], [w(2)], [r]] }, 'H'],
    ['a fixed cut, client sites, cp mode', { ...defaultConfig, mode: 'cp', handoff: true, partitions: 1, clientSites: [0, 2, 2], partitionCut: [0], ops: [[w(1)], [r], [r]] }, 'HC'],
    ['client sites without a cut, a partition', { ...defaultConfig, n: 4, w: 2, r: 3, partitions: 1, clientSites: [0, 1, 1], ops: [[w(1)], [r], [r]] }, 'HC'],
    ['anti-entropy, a drop, first reply', { ...defaultConfig, w: 1, r: 2, antiEntropy: true, drops: 1, resolve: 'first', ops: [[w(1)], [w(1)], [r]] }, 'HC'],
  ];

  it.each(configs)('%s', (_, config, exercised) => {
    const coverage = compareReachable(config, 12_000);
    // Guards against a vacuous pass: the states compared include ones each permutation moves.
    if (exercised.includes('H')) expect(coverage.homesMoved).toBeGreaterThan(0);
    else expect(coverage.homesMoved).toBe(0);
    if (exercised.includes('C')) expect(coverage.clientsMoved).toBeGreaterThan(0);
    else expect(coverage.clientsMoved).toBe(0);
  }, 300_000);

  // The shared generator (every knob), where the model has a symmetry to canonicalize.
  const randomConfig = quorumConfigs().filter((c) => quorumModel(c).symmetry !== undefined);

  it('agrees along random walks of random configurations', () => {
    const coverage: Coverage = { states: 0, homesMoved: 0, clientsMoved: 0 };
    fc.assert(
      fc.property(randomConfig, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (config, choices) => {
        const model = quorumModel(config);
        let s = model.init()[0];
        for (const choice of choices) {
          const [expected, actual] = bothEncodings(model, s);
          expect(actual).toBe(expected);
          const moved = moves(config, s);
          coverage.states++;
          if (moved.homes) coverage.homesMoved++;
          if (moved.clients) coverage.clientsMoved++;
          const actions = model.actions(s);
          if (actions.length === 0) break;
          s = model.next(s, actions[choice % actions.length]);
        }
      }),
      { numRuns: 1000, seed: 20261126 },
    );
    expect(coverage.homesMoved).toBeGreaterThan(0);
    expect(coverage.clientsMoved).toBeGreaterThan(0);
  }, 300_000);

  // Arbitrary normalized states, reachable or not, over tiny value domains, so that ties the
  // reachable states rarely show are common: messages equal but for their entries, equal
  // signatures, duplicate replies from one node.
  const shapes: QuorumConfig[] = [
    { ...defaultConfig, n: 3, spares: 1, ops: [[w(1)], [r], [r]] },
    { ...defaultConfig, n: 4, resolve: 'first', ops: [[r], [r], [r]] },
    { ...defaultConfig, n: 3, clock: 'vclock', resolve: 'vclock', ops: [[w(1)], [w(2)], [r]] },
    { ...defaultConfig, n: 3, partitionCut: [0], clientSites: [0, 1, 1], ops: [[w(1)], [r], [r]] },
  ];
  const arbitraryState = (config: QuorumConfig): fc.Arbitrary<QuorumState> => {
    const t = topology(config);
    const clients = t.clientCount;
    const endpoints = t.nodes + clients;
    const version =
      config.clock === 'vclock'
        ? fc.integer({ min: 0, max: 16 ** clients - 1 })
        : fc.oneof(fc.constant(0), fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: clients - 1 })).map(([ts, c]) => packVersion(ts, c)));
    const entry = fc.record({ value: fc.integer({ min: 0, max: 2 }), version });
    const entries = fc.array(entry, { minLength: 1, maxLength: config.clock === 'vclock' ? 2 : 1 });
    const mask = (bits: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: 2 ** bits - 1 });
    const hints = fc.uniqueArray(fc.integer({ min: 0, max: config.n - 1 }), { maxLength: 2 }).chain((homes) =>
      fc.tuple(...homes.sort((a, b) => a - b).map((home) => entries.map((e) => ({ home, entries: e })))),
    );
    // Small domains so two clients' signatures often tie up to their replies' nodes.
    const pending = fc.record({
      op: fc.integer({ min: 0, max: 1 }),
      phase: fc.constantFrom('write' as const, 'read' as const, 'writeback' as const),
      required: fc.integer({ min: 1, max: 2 }),
      acked: fc.constantFrom(0, 1, 3),
      replies: fc.array(fc.record({ node: fc.integer({ min: 0, max: t.nodes - 1 }), entries }), { maxLength: 3 }),
      result: fc.array(entry, { maxLength: 1 }),
    });
    const client = fc.record({ pc: fc.integer({ min: 0, max: 1 }), skew: fc.constant(0), context: fc.constant(0), pending: fc.option(pending) });
    const historyOp = fc.record({
      client: fc.integer({ min: 0, max: clients - 1 }),
      kind: fc.constantFrom('write' as const, 'read' as const),
      value: fc.integer({ min: 0, max: 2 }),
      status: fc.constantFrom('pending' as const, 'ok' as const, 'refused' as const, 'timeout' as const),
      after: mask(3),
    });
    // Few distinct heads, each sent with one to three payloads: messages equal but for their entries.
    const message = fc.record({
      kind: fc.constantFrom(...MESSAGE_KINDS),
      from: fc.integer({ min: 0, max: endpoints - 1 }),
      to: fc.integer({ min: 0, max: endpoints - 1 }),
      op: fc.integer({ min: 0, max: 1 }),
      hints: mask(Math.min(config.n, 2)),
      payloads: fc.array(fc.array(entry, { maxLength: 2 }), { minLength: 1, maxLength: 3 }),
    });
    return fc
      .record({
        replicas: fc.array(fc.record({ entries, hints }), { minLength: t.nodes, maxLength: t.nodes }),
        down: mask(t.nodes),
        cut: config.partitionCut === undefined ? mask(endpoints) : fc.constant(t.cuts[0]),
        clients: fc.array(client, { minLength: clients, maxLength: clients }),
        messages: fc.array(message, { maxLength: 4 }),
        history: fc.array(historyOp, { maxLength: 4 }),
      })
      .map((x) =>
        normalize(
          {
            ...initialState(config),
            ...x,
            messages: x.messages
              .flatMap(({ payloads, ...head }) => payloads.map((entries) => ({ ...head, entries })))
              .map((m, serial) => ({ ...m, serial })),
            history: x.history.map((op, id) => ({ ...op, id })),
          },
          config,
        ),
      );
  };

  it.each(shapes.map((config, i): [number, QuorumConfig] => [i + 1, config]))('agrees on arbitrary normalized states (shape %i)', (_, config) => {
    const model = quorumModel(config);
    fc.assert(
      fc.property(arbitraryState(config), (s) => {
        const [expected, actual] = bothEncodings(model, s);
        expect(actual).toBe(expected);
      }),
      { numRuns: 3000, seed: 42 },
    );
  });
});

/** The same model without the hook: the explorer then encodes the representative. */
function withoutHook(model: QuorumModel): QuorumModel {
  const { encodeCanonical: _unused, ...rest } = model;
  return rest;
}

function summary(result: CheckResult<QuorumState, QuorumAction>): unknown {
  return {
    verdict: result.verdict,
    exhaustive: result.exhaustive,
    states: result.stats.states,
    transitions: result.stats.transitions,
    results: result.results.map((p) => [p.property, p.verdict, p.trace?.actionIndices ?? null]),
  };
}

describe('searches with and without the hook are the same search', () => {
  // Identical bytes give identical fingerprints, so even a search cut short by the state
  // limit stops at the same place: every number must match, not only exhaustive ones.
  const limits = { maxStates: 25_000 };
  const cases: [string, QuorumConfig, readonly string[]][] = scenarios.map((scenario) => [`scenario ${scenario.name}`, scenario.config, scenario.properties]);
  cases.push(['two readers that read twice, first reply', { ...defaultConfig, w: 1, r: 2, resolve: 'first', ops: [[w(1)], [r, r], [r, r]], drops: 1 }, ['stale-read', 'monotonic-reads']]);

  it.each(cases)('%s', async (_, config, properties) => {
    const model = quorumModel(config);
    if (model.symmetry === undefined) {
      expect(model.encodeCanonical).toBeUndefined();
      return;
    }
    expect(model.encodeCanonical).toBeDefined();
    for (const strategy of ['bfs', 'dfs'] as const) {
      const options: CheckOptions = { properties, strategy, symmetry: true, limits };
      const hooked = await check(model, options);
      const plain = await check(withoutHook(model), options);
      expect(summary(hooked), strategy).toEqual(summary(plain));
    }
  }, 300_000);

  it('the explorer fingerprints through the hook when symmetry is on, and only then', async () => {
    const model = quorumModel({ ...defaultConfig, n: 2, w: 1, r: 1, ops: [[w(1)], [r], [r]] });
    let calls = 0;
    const counted: QuorumModel = {
      ...model,
      encodeCanonical: (s, out) => {
        calls++;
        model.encodeCanonical!(s, out);
      },
    };
    const on = await check(counted, { properties: [], symmetry: true });
    // At least once per distinct state (each is encoded when first reached).
    expect(calls).toBeGreaterThanOrEqual(on.stats.states);
    calls = 0;
    await check(counted, { properties: [], symmetry: false });
    expect(calls).toBe(0);
  });
});
