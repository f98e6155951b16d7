/**
 * Soundness cross-checks over every scenario, through the library: the search strategies,
 * symmetry reduction and partial-order reduction agree on every verdict, BFS and DFS (symmetry off) visit the same states,
 * and the brute-force enumerator counts the same; BFS counterexamples are the shortest; every
 * counterexample replays and violates its property on its last state.
 *
 * Most scenarios are too big to search seven times within this suite's budget (e.g. `bank`
 * has over a million states with symmetry off), so each is scaled down in `scaled` below,
 * keeping the knobs it is about; the comment beside each says what changed.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, replay, simulate, type CheckResult, type Model, type PropertyResult, type Trace, checkParallel } from '../../explorer/index.ts';
import { type QuorumConfig, quorumModel, type QuorumAction, type QuorumState, scenarios, type Scenario } from '../../spec/index.ts';
import { countReachable, stateKey } from './brute-force.ts';

const QUORUM_MODULE = fileURLToPath(new URL('../../spec/protocols/quorum-model.ts', import.meta.url));

/** Ceiling on any one search here: a scaled scenario that outgrows it fails loudly instead of running long. */
const MAX_STATES = 40_000;

/** How each scenario is scaled down (an empty object: run as it is). Every change keeps W + R > N where the scenario has it. */
const scaled: Readonly<Record<string, Partial<QuorumConfig>>> = {
  // N=5 W=R=3 becomes N=3 W=R=2 (branches 1 and 3 hold the clients; the storm cuts branch 1 off).
  bank: { n: 3, w: 2, r: 2, clientSites: [0, 2], partitionCut: [0], names: {} },
  // N=3 W=R=2 becomes N=2 W=1 R=2: still W + R > N, still one partition.
  strict: { n: 2, w: 1, r: 2 },
  'first-reply': { n: 2, w: 1, r: 2 },
  // sloppy-ghost runs as it is: its fixed cut keeps it near 14,000 states, and it has no symmetry.
  // One replica is enough for last-write-wins to keep the older write under skew.
  'new-old-inversion': { n: 1, w: 1, r: 1 },
  // N=3 W=R=2 becomes N=2 W=1 R=2, still with synchronous read repair.
  abd: { n: 2, w: 1, r: 2 },
  // The three tunable scenarios keep their W, R shape on N=2 (N=3 for balanced) with one fault each.
  'tunable-w1-rn': { n: 2, w: 1, r: 2, partitions: 0, drops: 0 },
  'tunable-wn-r1': { n: 2, w: 2, r: 1, partitions: 0, drops: 0 },
  'tunable-balanced': { n: 3, w: 2, r: 2, partitions: 0, drops: 0 },
};

type QuorumModel = Model<QuorumState, QuorumAction>;
type Result = CheckResult<QuorumState, QuorumAction>;

/** The index among `model.init()` of a trace's first state (by encoding). */
function initIndexOf(model: QuorumModel, trace: Trace<QuorumState, QuorumAction>): number {
  const first = stateKey(model, trace.states[0]);
  return model.init().findIndex((state) => stateKey(model, state) === first);
}

/** A counterexample must replay through the model to the same states and violate its property at the end. */
function expectReplaysAndViolates(model: QuorumModel, found: PropertyResult<QuorumState, QuorumAction>, what: string): void {
  const trace = found.trace;
  expect(trace, `${what}: a violated ${found.property} carries a trace`).not.toBeNull();
  if (trace === null) return;
  const init = initIndexOf(model, trace);
  expect(init, `${what}: the trace starts in an initial state`).toBeGreaterThanOrEqual(0);
  const replayed = replay(model, init, trace.actionIndices);
  expect(replayed.states.map((s) => stateKey(model, s)), `${what}: replayed states`).toEqual(trace.states.map((s) => stateKey(model, s)));
  const property = model.properties.find((p) => p.name === found.property);
  expect(property?.kind).toBe('always');
  const last = replayed.states[replayed.states.length - 1];
  expect(property?.check(last), `${what}: ${found.property} fails on the last state`).toBe(false);
  // Only the last state violates it: an earlier violation would make the trace not minimal for BFS, and wrong for anyone.
  for (const state of replayed.states.slice(0, -1)) expect(property?.check(state)).toBe(true);
}

function verdicts(result: Result): Record<string, string> {
  return Object.fromEntries(result.results.map((r) => [r.property, r.verdict]));
}

function lengthOf(result: Result, property: string): number | undefined {
  return result.results.find((r) => r.property === property)?.trace?.actions.length;
}

describe.each(scenarios.map((scenario): [string, Scenario] => [scenario.name, scenario]))('scenario %s (scaled)', (_name, scenario) => {
  const config: QuorumConfig = { ...scenario.config, ...(scaled[scenario.name] ?? {}) };
  const model = quorumModel(config);
  const properties = scenario.properties;
  const limits = { maxStates: MAX_STATES };

  it('BFS, DFS, symmetry and partial-order reduction on and off agree; the counterexamples replay; BFS ones are shortest', async () => {
    const reduction = false;
    const runs: [string, Result][] = [
      ['bfs, symmetry off', await check(model, { properties, strategy: 'bfs', symmetry: false, reduction, limits })],
      ['dfs, symmetry off', await check(model, { properties, strategy: 'dfs', symmetry: false, reduction, limits })],
    ];
    if (model.symmetry !== undefined) {
      runs.push(['bfs, symmetry on', await check(model, { properties, strategy: 'bfs', symmetry: true, reduction, limits })]);
      runs.push(['dfs, symmetry on', await check(model, { properties, strategy: 'dfs', symmetry: true, reduction, limits })]);
    }
    // Partial-order reduction wherever the model offers it for these properties.
    const reducible = model.reduction !== undefined && properties.every((p) => model.reduction?.preserves.includes(p));
    if (reducible) {
      for (const symmetry of model.symmetry !== undefined ? [false, true] : [false]) {
        for (const strategy of ['bfs', 'dfs'] as const) {
          const result = await check(model, { properties, strategy, symmetry, reduction: true, limits });
          expect(result.reduction).toBe(true);
          runs.push([`${strategy}, symmetry ${symmetry ? 'on' : 'off'}, partial-order reduction`, result]);
        }
      }
    }
    const [, bfs] = runs[0];
    expect(bfs.exhaustive || bfs.verdict === 'violated', 'the scaled scenario fits the state ceiling').toBe(true);
    expect(bfs.verdict).not.toBe('inconclusive');
    for (const [what, result] of runs) {
      expect(verdicts(result), what).toEqual(verdicts(bfs));
      for (const found of result.results.filter((r) => r.verdict === 'violated')) expectReplaysAndViolates(model, found, what);
    }
    for (const property of properties) {
      const shortest = lengthOf(bfs, property);
      if (shortest === undefined) continue;
      for (const [what, result] of runs) {
        const length = lengthOf(result, property);
        expect(length, `${what}: ${property}`).toBeDefined();
        // BFS with symmetry is also level by level: its counterexample is as short as without.
        if (what.startsWith('bfs')) expect(length, what).toBe(shortest);
        else expect(length, what).toBeGreaterThanOrEqual(shortest);
      }
    }
    // With nothing to decide early, the exhaustive searches must have seen exactly the same states.
    const exhaustiveOff = runs.slice(0, 2).filter(([, result]) => result.exhaustive);
    if (exhaustiveOff.length === 2) expect(exhaustiveOff[1][1].stats.states).toBe(exhaustiveOff[0][1].stats.states);
  });

  // Small rounds (97 states) so that every level is split into several rounds and merged.
  it('BFS on 2 workers gives the one-thread answer: verdicts, state count, counterexamples', async () => {
    // One symmetry setting per scenario (on where the model has one): starting workers is the slow part.
    for (const symmetry of [model.symmetry !== undefined]) {
      // Partial-order reduction as the engine decides (on where it applies), in both: the workers reduce too.
      const one = await check(model, { properties, strategy: 'bfs', symmetry, limits });
      const two = await checkParallel(model, { module: QUORUM_MODULE, export: 'quorumModel', argument: config }, { properties, strategy: 'bfs', symmetry, limits, workers: 2, roundStates: 97 });
      const what = `symmetry ${symmetry ? 'on' : 'off'}`;
      expect(verdicts(two), what).toEqual(verdicts(one));
      expect(two.reduction, what).toBe(one.reduction);
      expect(two.stats.states, what).toBe(one.stats.states);
      expect(two.stats.reducedStates, what).toBe(one.stats.reducedStates);
      expect(two.results.map((r) => r.trace?.actionIndices ?? null), what).toEqual(one.results.map((r) => r.trace?.actionIndices ?? null));
      for (const found of two.results.filter((r) => r.verdict === 'violated')) expectReplaysAndViolates(model, found, `2 workers, ${what}`);
    }
  });

  it('a seeded random simulation never contradicts BFS, and its shrunk counterexample is no shorter', async () => {
    const bfs = await check(model, { properties, strategy: 'bfs', symmetry: false, limits });
    const random = await simulate(model, { properties, strategy: 'random', seed: 20261125, runs: 300, maxSteps: 60, shrinkSeconds: 5 });
    for (const found of random.results) {
      const exhaustive = bfs.results.find((r) => r.property === found.property);
      // Random walks never prove an `always` property; when they find a violation, it is a real one.
      expect(found.verdict).not.toBe('holds');
      if (found.verdict !== 'violated') continue;
      expect(exhaustive?.verdict, `random found ${found.property} violated`).toBe('violated');
      expectReplaysAndViolates(model, found, 'random');
      expect(found.trace?.actions.length).toBeGreaterThanOrEqual(exhaustive?.trace?.actions.length ?? Infinity);
    }
  });

  it('BFS and DFS over the whole graph (symmetry off) count the states the brute-force enumerator counts', async () => {
    const bfs = await check(model, { properties: [], strategy: 'bfs', symmetry: false, reduction: false, limits });
    const dfs = await check(model, { properties: [], strategy: 'dfs', symmetry: false, reduction: false, limits });
    expect(bfs.exhaustive).toBe(true);
    expect(dfs.exhaustive).toBe(true);
    const expected = countReachable(model, MAX_STATES);
    expect(bfs.stats.states).toBe(expected);
    expect(dfs.stats.states).toBe(expected);
  });
});
