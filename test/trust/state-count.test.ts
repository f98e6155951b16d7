/**
 * The explorer's state count against an independent enumerator on small quorum
 * configurations that vary N, W, R, the faults, the quorum kind, the clocks and the modes:
 * with symmetry off, BFS and DFS must each count exactly the distinct encodings that a plain
 * queue over `init`/`actions`/`next` reaches.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/index.ts';
import { defaultConfig, type QuorumConfig, quorumModel } from '../../spec/index.ts';
import { countReachable } from './brute-force.ts';

/** Each configuration was chosen to stay under this many states, so the suite stays quick. */
const LIMIT = 20_000;

const w = (value: number) => ({ kind: 'write', value }) as const;
const r = { kind: 'read' } as const;

const configs: readonly [string, Partial<QuorumConfig>][] = [
  ['N=1 W=1 R=1, w1;r, no faults', { n: 1, w: 1, r: 1 }],
  ['N=2 W=1 R=1, w1;r, one partition, cp mode', { n: 2, w: 1, r: 1, partitions: 1, mode: 'cp' }],
  ['N=2 W=2 R=1, w1,r;r, one drop, async read repair', { n: 2, w: 2, r: 1, ops: [[w(1), r], [r]], drops: 1, readRepair: 'async' }],
  ['N=2 W=1 R=2, w1;r, one crash with state loss', { n: 2, w: 1, r: 2, crashes: 1, stateLoss: true }],
  ['N=2 W=1 R=1 + 1 spare, sloppy, handoff, one partition, ap mode', { n: 2, w: 1, r: 1, spares: 1, quorum: 'sloppy', handoff: true, partitions: 1, mode: 'ap' }],
  ['N=2 W=1 R=1, w1;w2;r, vector clocks, siblings kept', { n: 2, w: 1, r: 1, ops: [[w(1)], [w(2)], [r]], clock: 'vclock', resolve: 'vclock' }],
  ['N=2 W=1 R=1, w1;r, anti-entropy', { n: 2, w: 1, r: 1, antiEntropy: true }],
  ['N=1 W=1 R=1, w1;w2, wall clocks with one skew', { n: 1, w: 1, r: 1, ops: [[w(1)], [w(2)]], clock: 'wall', skew: 1 }],
  ['N=3 W=2 R=2, w1;r, majority resolution, sync read repair', { resolve: 'majority', readRepair: 'sync' }],
];

describe.each(configs)('%s', (_name, overrides) => {
  it('BFS and DFS (symmetry off) count the states the brute-force enumerator reaches', async () => {
    const model = quorumModel({ ...defaultConfig, ...overrides });
    const expected = countReachable(model, LIMIT);
    const limits = { maxStates: LIMIT + 1 };
    const bfs = await check(model, { properties: [], strategy: 'bfs', symmetry: false, reduction: false, limits });
    const dfs = await check(model, { properties: [], strategy: 'dfs', symmetry: false, reduction: false, limits });
    expect(bfs.exhaustive && dfs.exhaustive).toBe(true);
    expect(bfs.stats.states).toBe(expected);
    expect(dfs.stats.states).toBe(expected);
    // The same graph, walked in another order: the same edges too.
    expect(dfs.stats.transitions).toBe(bfs.stats.transitions);
  });
});
