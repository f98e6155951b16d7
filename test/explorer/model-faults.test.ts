/**
 * A model that breaks its contract during a search: every strategy (BFS, DFS, random walks,
 * BFS on worker threads) stops with the same `ModelFault`, naming the function, the state it
 * happened in and the steps that led there, and never answers with a verdict. Before the
 * fault was a checked error, an `init` returning an object gave "holds, 0 states", an
 * `actions` returning a Set "holds, 1 state", and an encoding that truncated 300 to a byte
 * "holds, every reachable state" for a property that fails at 280.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, ModelFault, type CheckOptions } from '../../explorer/index.ts';
import { checkParallel } from '../../explorer/parallel/index.ts';
import { faulty } from './parallel-fixture.ts';

const FIXTURE = fileURLToPath(new URL('./parallel-fixture.ts', import.meta.url));

type Run = (argument: Parameters<typeof faulty>[0]) => Promise<unknown>;
const runs: readonly [string, Run][] = [
  ['bfs', (argument) => check(faulty(argument), { strategy: 'bfs' })],
  ['dfs', (argument) => check(faulty(argument), { strategy: 'dfs' })],
  ['random', (argument) => check(faulty(argument), { strategy: 'random', runs: 20, maxSteps: 400, seed: 3 } as CheckOptions)],
  ['bfs, 2 workers', (argument) => checkParallel(faulty(argument), { module: FIXTURE, export: 'faulty', argument }, { workers: 2, roundStates: 7 })],
];

/** The fault a run stops with (it must throw one). */
async function faultOf(run: Run, argument: Parameters<typeof faulty>[0]): Promise<ModelFault> {
  try {
    const result = await run(argument);
    throw new Error(`no fault: the search answered ${JSON.stringify((result as { verdict: string }).verdict)}`);
  } catch (error) {
    if (!(error instanceof ModelFault)) throw error;
    return error;
  }
}

/** The states 0..n, the counter's path to n (one 'up' per step). */
const pathTo = (n: number): number[] => Array.from({ length: n + 1 }, (_, i) => i);

describe.each(runs)('a model that breaks its contract (%s)', (_name, run) => {
  const base = { top: 300, bad: 280, at: 3 };

  it.each([
    ['init-object', /^must return an array of initial states, got an object$/],
    ['init-empty', /^returned no initial states/],
  ] as const)('init: %s', async (fault, detail) => {
    const found = await faultOf(run, { ...base, fault });
    expect(found.call).toBe('init');
    expect(found.detail).toMatch(detail);
    expect(found.site.trace).toBeNull();
  });

  it.each([
    ['actions-set', 'a Set'],
    ['actions-number', 'a number'],
  ] as const)('actions: %s, in the state where it happens, with the steps to it', async (fault, what) => {
    const found = await faultOf(run, { ...base, fault });
    expect(found.call).toBe('actions');
    expect(found.detail).toBe(`must return an array of the actions enabled in the state, got ${what}`);
    // The counter reaches 3 by 3 steps up; every strategy walks that one path.
    expect(found.site.trace?.states).toEqual(pathTo(3));
  });

  it('next: the throw, the state, the action being taken, the steps', async () => {
    const found = await faultOf(run, { ...base, fault: 'next-throws' });
    expect(found).toMatchObject({ call: 'next', detail: 'threw: next broke at 3' });
    expect(found.site.trace?.states).toEqual(pathTo(3));
    expect(found.site.action).toBe('up');
  });

  it('a property check that throws: the property named, on the state it was checked on', async () => {
    const found = await faultOf(run, { ...base, fault: 'property-throws' });
    expect(found).toMatchObject({ call: 'property', detail: 'threw: check broke at 3' });
    expect(found.site.property).toBe('below-bad');
    expect(found.site.trace?.states).toEqual(pathTo(3));
  });

  it('an encoding that would truncate: u8(256) is refused, never a quiet "holds"', async () => {
    const found = await faultOf(run, { ...base, at: 1000, fault: 'encode-lossy' });
    expect(found.call).toBe('encode');
    expect(found.detail).toMatch(/^threw: u8\(256\): u8 takes an integer in 0\.\.255/);
    // A random walk encodes states only to shrink its counterexample, where no one state is being expanded.
    expect(found.site.trace?.states ?? null).toEqual(_name === 'random' ? null : pathTo(256));
  });
});

describe('the same counter without the fault, for contrast', () => {
  it.each(runs.filter(([name]) => name !== 'random'))('%s: violated at 280 by the 280-step path (by hand: one step per count)', async (_name, run) => {
    const result = (await run({ fault: 'none', top: 300, bad: 280, at: 0 })) as Awaited<ReturnType<typeof check<number, 'up'>>>;
    expect(result.verdict).toBe('violated');
    expect(result.results[0].trace?.states).toEqual(pathTo(280));
  });
});
