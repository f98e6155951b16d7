/**
 * The quorum model's partial-order reduction, tested against its own promises rather than
 * against numbers: on every reduced state, the ample delivery commutes with every other
 * enabled action and changes no history (the diamond); and on small configurations covering
 * every knob the reduction looks at, the reduced graph reaches exactly the histories the full
 * graph reaches, so no invariant over the history can tell the two apart.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, type Model } from '../../../explorer/index.ts';
import { compareMessages } from '../../../spec/cluster/network.ts';
import { parseOps } from '../../../spec/cluster/ops.ts';
import { defaultConfig, type QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel, type QuorumAction, type QuorumState } from '../../../spec/protocols/quorum-model.ts';
import { keyOf } from '../protocols/brute-force.ts';

type QuorumModel = Model<QuorumState, QuorumAction>;

function config(ops: string, overrides: Partial<QuorumConfig>): QuorumConfig {
  const parsed = parseOps(ops);
  if (!parsed.ok) throw new Error(parsed.error);
  return { ...defaultConfig, ...overrides, ops: parsed.scripts };
}

/** Small configurations, each exercising a knob the reduction's conditions or its argument depend on. */
const CONFIGS: readonly [string, QuorumConfig][] = [
  ['two writers and a reader, no faults', config('w1;w2;r', { n: 2, w: 1, r: 2 })],
  ['write then read by one client, a partition', config('w1,r;w2', { n: 2, w: 1, r: 2, partitions: 1 })],
  ['W=R=2 of 3, a crash', config('w1;r', { n: 3, w: 2, r: 2, crashes: 1 })],
  ['a drop', config('w1;w2;r', { n: 2, w: 1, r: 1, drops: 1 })],
  ['state loss on a crash', config('w1;r', { n: 2, w: 2, r: 1, crashes: 1, stateLoss: true })],
  ['synchronous read repair (ABD)', config('w1;r;w2', { n: 2, w: 1, r: 2, readRepair: 'sync' })],
  ['asynchronous read repair', config('w1;r,r', { n: 2, w: 1, r: 1, readRepair: 'async' })],
  ['first reply wins', config('w1;w2;r', { n: 2, w: 1, r: 1, resolve: 'first' })],
  ['majority of replies', config('w1;w2;r', { n: 2, w: 1, r: 2, resolve: 'majority' })],
  ['vector clocks and siblings', config('w1;w2;r', { n: 2, w: 1, r: 2, clock: 'vclock', resolve: 'vclock' })],
  ['a sloppy quorum with a spare, a partition', config('w1;r', { n: 2, w: 1, r: 1, spares: 1, quorum: 'sloppy', partitions: 1 })],
  ['ap mode, a partition', config('w1;r', { n: 2, w: 2, r: 2, mode: 'ap', partitions: 1 })],
  ['cp mode, a partition', config('w1;w2,r', { n: 2, w: 2, r: 1, mode: 'cp', partitions: 1 })],
];

/** The history of a state as a key: what every preserved property judges. */
function historyKey(s: QuorumState): string {
  return JSON.stringify(s.history);
}

/**
 * A plain BFS over the full graph, or over the reduced graph with the explorer's BFS proviso
 * (a reduced state's ample successor must be new or one level deeper), written here from the
 * definition. Returns the reachable histories and how many states took their ample action alone.
 */
function histories(model: QuorumModel, reduce: boolean): { histories: Set<string>; states: number; reduced: number } {
  const depth = new Map<string, number>();
  const seen = new Set<string>();
  let frontier: QuorumState[] = [];
  let reduced = 0;
  const visit = (s: QuorumState, d: number): void => {
    const key = keyOf(model, s);
    if (depth.has(key)) return;
    depth.set(key, d);
    seen.add(historyKey(s));
    frontier.push(s);
  };
  for (const s of model.init()) visit(s, 0);
  for (let d = 0; frontier.length > 0; d++) {
    const level = frontier;
    frontier = [];
    for (const s of level) {
      const actions = model.actions(s);
      const k = reduce && model.reduction !== undefined ? model.reduction.ample(s, actions) : -1;
      if (k >= 0) {
        const successor = model.next(s, actions[k]);
        const known = depth.get(keyOf(model, successor));
        if (known === undefined || known > d) {
          reduced++;
          visit(successor, d + 1);
          continue;
        }
      }
      for (const a of actions) visit(model.next(s, a), d + 1);
    }
  }
  return { histories: seen, states: depth.size, reduced };
}

/** The action in `after` that delivers (or drops) the same message `action` does in `before`, or `action` itself for the others. */
function sameAction(before: QuorumState, action: QuorumAction, after: QuorumState, enabled: readonly QuorumAction[]): QuorumAction | undefined {
  if (action.kind !== 'deliver' && action.kind !== 'drop') return enabled.find((a) => JSON.stringify(a) === JSON.stringify(action));
  const message = before.messages[action.index];
  return enabled.find((a) => a.kind === action.kind && compareMessages(after.messages[a.index], message) === 0);
}

describe('the quorum reduction', () => {
  it.each(CONFIGS)('reaches exactly the histories of the full graph: %s', (_what, cfg) => {
    const model = quorumModel(cfg);
    const full = histories(model, false);
    const reduced = histories(model, true);
    expect(reduced.histories).toEqual(full.histories);
    expect(reduced.states).toBeLessThanOrEqual(full.states);
  });

  it('reduces something on the configurations it applies to, and nothing where it must not', () => {
    // Two writers and a reader with no faults: once the read's requests have landed, the
    // writes still in flight are delivered in one order only.
    const noFaults = histories(quorumModel(CONFIGS[0][1]), true);
    expect(noFaults.reduced).toBeGreaterThan(0);
    // Hinted handoff, anti-entropy and wall clocks rule the reduction out altogether.
    expect(quorumModel(config('w1;r', { n: 2, w: 1, r: 1, spares: 1, quorum: 'sloppy', handoff: true })).reduction).toBeUndefined();
    expect(quorumModel(config('w1;r', { n: 2, w: 1, r: 1, antiEntropy: true })).reduction).toBeUndefined();
    expect(quorumModel(config('w1;r', { n: 2, w: 1, r: 1, clock: 'wall', skew: 1 })).reduction).toBeUndefined();
  });

  it('the ample delivery commutes with every other enabled action and leaves the history alone (random walks)', () => {
    const models = CONFIGS.map(([, cfg]) => quorumModel(cfg));
    let diamonds = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: models.length - 1 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (m, choices) => {
        const model = models[m];
        const reduction = model.reduction;
        if (reduction === undefined) return;
        let s = model.init()[0];
        for (const choice of choices) {
          const actions = model.actions(s);
          if (actions.length === 0) return;
          const k = reduction.ample(s, actions);
          if (k >= 0) {
            const t = actions[k];
            const afterT = model.next(s, t);
            expect(historyKey(afterT), 'the ample action changes no history').toBe(historyKey(s));
            for (const u of actions) {
              if (u === t) continue;
              const afterU = model.next(s, u);
              const tAfterU = sameAction(s, t, afterU, model.actions(afterU));
              expect(tAfterU, `${JSON.stringify(u)} disables the ample ${JSON.stringify(t)}`).toBeDefined();
              const uAfterT = sameAction(s, u, afterT, model.actions(afterT));
              expect(uAfterT, `the ample ${JSON.stringify(t)} disables ${JSON.stringify(u)}`).toBeDefined();
              const tu = model.next(afterT, uAfterT as QuorumAction);
              const ut = model.next(afterU, tAfterU as QuorumAction);
              expect(keyOf(model, tu), `${JSON.stringify(t)} and ${JSON.stringify(u)} commute`).toBe(keyOf(model, ut));
              diamonds++;
            }
          }
          s = model.next(s, actions[choice % actions.length]);
        }
      }),
      { numRuns: 400, seed: 20261126 },
    );
    // The walks must actually meet reduced states with other actions enabled, or this checked nothing.
    expect(diamonds).toBeGreaterThan(100);
  });

  it('through the explorer: the same verdicts and shortest counterexamples, fewer states', async () => {
    for (const [what, cfg] of CONFIGS) {
      const model = quorumModel(cfg);
      const properties = ['stale-read', 'linearizable', 'read-your-writes', 'monotonic-reads', 'availability'];
      const off = await check(model, { properties, symmetry: false, reduction: false });
      const on = await check(model, { properties, symmetry: false, reduction: true });
      expect(on.reduction, what).toBe(true);
      expect(on.results.map((r) => r.verdict), what).toEqual(off.results.map((r) => r.verdict));
      expect(on.results.map((r) => r.trace?.actions.length), what).toEqual(off.results.map((r) => r.trace?.actions.length));
      if (on.exhaustive && off.exhaustive) expect(on.stats.states, what).toBeLessThanOrEqual(off.stats.states);
    }
  });

  it('is refused where it does not apply, and off by default there', async () => {
    const model = quorumModel(CONFIGS[0][1]);
    await expect(check(model, { properties: ['convergence'], reduction: true })).rejects.toThrow(/does not preserve property 'convergence'/);
    await expect(check(model, { properties: ['stale-read'], reduction: true, limits: { maxDepth: 3 } })).rejects.toThrow(/depth bound/);
    expect((await check(model, { properties: ['convergence'], symmetry: false })).reduction).toBe(false);
    expect((await check(model, { properties: ['stale-read'] })).reduction).toBe(true);
  });
});
