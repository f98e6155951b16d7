import { describe, expect, it } from 'vitest';
import { assembleResult, rebuildTrace, safetyResults, selectProperties, type SearchRecord } from '../../../explorer/_internals/assemble.ts';
import { growableU16, growableU32 } from '../../../explorer/_internals/growable.ts';
import { stopText, type StopCause } from '../../../explorer/_internals/stop-guard.ts';
import type { Model } from '../../../explorer/model.ts';
import { gridModel, type Cell, type Step } from '../fixtures/grid.ts';

/**
 * A search record built by the test's own breadth-first enumeration of a model (a Map of
 * visited keys, no explorer code), with the fingerprint (x, y): the assembly must rebuild
 * traces from these parent links alone.
 */
function enumerate(model: Model<Cell, Step>, stopCause: StopCause | null = null): SearchRecord<Cell> & { ids: Map<string, number> } {
  const key = (s: Cell): string => `${s.x},${s.y}`;
  const ids = new Map<string, number>();
  const parents = growableU32();
  const via = growableU16();
  const depthOf: number[] = [];
  const queue: Cell[] = [];
  let transitions = 0;
  model.init().forEach((s, i) => {
    ids.set(key(s), ids.size);
    parents.push(0xffffffff);
    via.push(i);
    depthOf.push(0);
    queue.push(s);
  });
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    model.actions(state).forEach((action, k) => {
      transitions++;
      const next = model.next(state, action);
      if (ids.has(key(next))) return;
      parents.push(ids.get(key(state)) as number);
      via.push(k);
      depthOf.push(depthOf[head] + 1);
      ids.set(key(next), ids.size);
      queue.push(next);
    });
  }
  const bad = model.properties[0];
  const violating = bad === undefined ? -1 : queue.findIndex((s) => !bad.check(s));
  return {
    ids,
    states: ids.size,
    transitions,
    maxDepth: Math.max(...depthOf),
    seconds: 0.5,
    peakMemoryBytes: 1000,
    table: { byteLength: 16 * ids.size },
    stopCause,
    stopReason: stopCause === null ? null : stopText(stopCause, { maxStates: 16 }),
    exhaustive: stopCause === null,
    violations: bad === undefined ? [] : [violating < 0 ? null : { id: violating, hi: queue[violating].x, lo: queue[violating].y }],
    examples: [],
    parents,
    via,
    exactIds: true,
    visitedId: (s) => ids.get(key(s)) ?? -1,
    fingerprint: (s, out) => {
      out[0] = s.x;
      out[1] = s.y;
    },
  };
}

const settings = { strategy: 'bfs', symmetry: false, reduction: false, limits: {} } as const;

describe('result assembly', () => {
  it('rebuilds the counterexample from parent links and says the search stopped once decided', () => {
    // Grid k=2 in BFS order: (0,0) (1,0) (0,1) (2,0) (1,1) ...; (1,1) is first reached from
    // (1,0) by inc-y, so its trace is inc-x, inc-y (action indices 0, 1).
    const model = gridModel(2, { x: 1, y: 1 });
    const record = enumerate(model, 'decided');
    const byName = safetyResults(model, record, model.properties, [], {});
    const trace = byName.get('not-bad')?.trace;
    expect(trace?.actions).toEqual(['inc-x', 'inc-y']);
    expect(trace?.actionIndices).toEqual([0, 1]);
    const result = assembleResult(record, [...byName.values()], settings);
    expect(result.verdict).toBe('violated');
    // (k+1)^2 = 9 states, 2k(k+1) = 12 transitions, depth 2k = 4 (the enumeration ran to the end).
    expect(result.stats).toMatchObject({ states: 9, transitions: 12, depth: 4, statesPerSecond: 18, bytesPerState: 16 });
    expect(result.coverage).toBe('explored 9 states to depth 4; stopped early: every property was decided');
    expect(result.results[0].reason).toBeUndefined();
  });

  it('holds only when exhaustive, with the collision probability n(n-1)/2^65 and no coverage', () => {
    const model = gridModel(3, { x: 9, y: 9 });
    const record = enumerate(model);
    const result = assembleResult(record, [...safetyResults(model, record, model.properties, [], {}).values()], settings);
    expect(result.verdict).toBe('holds');
    expect(result.coverage).toBeUndefined();
    expect(result.collisionProbability).toBe((16 * 15) / 2 ** 65);
    expect(result.stats.reducedStates).toBeUndefined();
  });

  it('is inconclusive with the stop cause as the reason when a limit cut the search', () => {
    const model = gridModel(3, { x: 9, y: 9 });
    const record = enumerate(model, 'state-limit');
    const results = [...safetyResults(model, record, model.properties, [], { maxStates: 16 }).values()];
    expect(results[0]).toMatchObject({ verdict: 'inconclusive', reason: 'stopped by the state limit (16)' });
    expect(assembleResult(record, results, { ...settings, limits: { maxStates: 16 } }).verdict).toBe('inconclusive');
  });

  it('words a depth bound by strategy, and counts reduced states only with reduction on', () => {
    const model = gridModel(3);
    const record = { ...enumerate(model), exhaustive: false, reducedStates: 5 };
    const limits = { maxDepth: 2 };
    expect(assembleResult(record, [], { ...settings, limits }).coverage).toBe('exhaustive to depth 2 (16 states); states at depth 2 were not expanded');
    expect(assembleResult(record, [], { ...settings, strategy: 'dfs', limits }).coverage).toBe(
      'explored 16 states to depth 6 along paths of at most 2 steps; depth-first, so not exhaustive to depth 2',
    );
    // No property checked and the search cut short: nothing can be said to hold.
    expect(assembleResult(record, [], { ...settings, limits }).verdict).toBe('inconclusive');
    expect(assembleResult(record, [], { ...settings, reduction: true, limits }).stats.reducedStates).toBe(5);
  });

  it('refuses a trace whose replayed states are not the recorded ones', () => {
    const model = gridModel(2, { x: 1, y: 1 });
    const record = enumerate(model, 'decided');
    // Point the violating state's parent at (0,1) while keeping its via (inc-y): the replay reaches (0,2).
    const wrong = { ...record, violations: [{ id: record.ids.get('1,1') as number, hi: 1, lo: 1 }] };
    wrong.parents.data[record.ids.get('1,1') as number] = record.ids.get('0,1') as number;
    expect(() => rebuildTrace(model, wrong, wrong.violations[0])).toThrow(/EXP_INTERNAL/);
  });

  it('selects properties by name in the order asked, and names the known ones for an unknown name', () => {
    const model = gridModel(2, { x: 1, y: 1 });
    expect(selectProperties(model, undefined)).toBe(model.properties);
    expect(() => selectProperties(model, ['nope'])).toThrow("unknown property 'nope'; the model has: not-bad");
  });
});
