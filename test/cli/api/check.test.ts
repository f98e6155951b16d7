/**
 * `check` as a library call: the object it resolves to is the one `quorumlab check --json`
 * prints (timings aside), for a scenario, a spec module with constants and a Model value; bad
 * input rejects with the command's code and line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../explorer/index.ts';
import { check, CheckError, type CheckJson } from '../../../cli/index.ts';
import { model as lostUpdate } from '../../../examples/lost-update.ts';
import { quorumlab, root, scratch } from '../../e2e/run-cli.ts';

/** The JSON without what varies between two runs (as verdict.json leaves it out). */
function withoutTimings(json: CheckJson): unknown {
  const { seconds: _seconds, statesPerSecond: _rate, peakMemoryBytes: _memory, ...stats } = json.stats;
  return { ...json, stats };
}

async function cliJson(args: readonly string[]): Promise<CheckJson> {
  const run = await quorumlab(['check', ...args, '--json']);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as CheckJson;
}

async function rejection(promise: Promise<unknown>): Promise<CheckError> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CheckError);
  return error as CheckError;
}

/** Two independent switches, each flipped by its own action: 4 states, 8 transitions, depth 2 (by hand). */
type Switches = { readonly a: boolean; readonly b: boolean };
const switches: Model<Switches, 'a' | 'b'> = {
  name: 'switches',
  init: () => [{ a: false, b: false }],
  actions: () => ['a', 'b'],
  next: (s, flip) => (flip === 'a' ? { ...s, a: !s.a } : { ...s, b: !s.b }),
  properties: [
    { name: 'anything', kind: 'always', check: () => true },
    { name: 'not-both', kind: 'always', check: (s) => !(s.a && s.b) },
  ],
};

describe('check() as a library call', () => {
  it('gives the object check --json prints for a scenario with quorum knobs', { timeout: 120_000 }, async () => {
    const [library, command] = await Promise.all([
      check('sloppy-ghost', { partitions: 1, workers: 1 }),
      cliJson(['sloppy-ghost', '--partitions', '1', '--workers', '1']),
    ]);
    expect(library.verdict).toBe('violated');
    expect(withoutTimings(library)).toEqual(withoutTimings(command));
  });

  it('gives the object check --json prints for a spec module with constants given as values', { timeout: 120_000 }, async () => {
    const [library, command] = await Promise.all([
      check('examples/tla/two-phase.ts', { constants: { RM: ['r1', 'r2'] }, cwd: root, workers: 1 }),
      cliJson(['examples/tla/two-phase.ts', '--const', 'RM=["r1","r2"]', '--workers', '1']),
    ]);
    expect(library.config).toMatchObject({ constants: { RM: ['r1', 'r2'] } });
    expect(withoutTimings(library)).toEqual(withoutTimings(command));
  });

  it('checks a Model value in the caller\'s thread', async () => {
    const holds = await check(switches, { properties: 'anything' });
    expect(holds).toMatchObject({ verdict: 'holds', exhaustive: true, config: { model: 'switches' }, workers: 1 });
    expect(holds.stats).toMatchObject({ states: 4, transitions: 8, depth: 2 });
    const violated = await check(switches);
    expect(violated.verdict).toBe('violated');
    expect(violated.property).toBe('not-both');
    // Both switches on takes two flips, the shortest counterexample BFS finds (labels: the actions as JSON).
    expect(violated.counterexample?.steps.map((step) => step.label)).toEqual(['a', 'b']);
  });

  it('answers as the guide\'s test shows for examples/lost-update.ts', async () => {
    // One process: read, write, done (3 states); two: both read 0 before either writes.
    const one = await check('examples/lost-update.ts', { cwd: root, constants: { Processes: 1 }, maxStates: 1_000_000 });
    expect(one.verdict).toBe('holds');
    expect(one.stats.states).toBe(3);
    const two = await check(lostUpdate({ Processes: 2 }), { properties: ['no-lost-update'] });
    expect(two.verdict).toBe('violated');
    expect(two.counterexample?.steps.map((step) => step.label)).toEqual(['P1 reads 0', 'P2 reads 0', 'P1 writes 1', 'P2 writes 1']);
    expect((await rejection(check('examples/lost-update.ts', { cwd: root, maxStates: 0 }))).code).toBe('QL103');
  });

  it('returns inconclusive, not an error, when a limit cuts the search short', async () => {
    const cut = await check(switches, { properties: ['anything'], maxStates: 2 });
    expect(cut.verdict).toBe('inconclusive');
    expect(cut.exhaustive).toBe(false);
    expect(cut.coverage).toMatch(/states/);
  });

  it('stops when its abort signal is raised: inconclusive and interrupted', async () => {
    // A count to ten million: far more than a search does between two looks at its stop signal.
    const counter: Model<number, 'inc'> = {
      name: 'counter',
      init: () => [0],
      actions: (n) => (n < 10_000_000 ? ['inc'] : []),
      next: (n) => n + 1,
      properties: [{ name: 'anything', kind: 'always', check: () => true }],
    };
    const result = await check(counter, { signal: AbortSignal.abort() });
    expect(result.verdict).toBe('inconclusive');
    expect(result.interrupted).toBe(true);
    expect(result.stats.states).toBeLessThan(10_000_000);
  });

  it('writes the files --out writes, verdict.json being the result without timings', async () => {
    const dir = scratch();
    const result = await check(switches, { out: 'out', cwd: dir });
    const verdict = JSON.parse(readFileSync(join(dir, 'out', 'verdict.json'), 'utf8')) as CheckJson;
    expect(verdict).toEqual(withoutTimings(result));
    expect(readFileSync(join(dir, 'out', 'trace.dot'), 'utf8')).toMatch(/^digraph/);
  });

  it('rejects bad input with the code and the line the command prints', { timeout: 60_000 }, async () => {
    const command = await quorumlab(['check', '--n', '3', '--w', '5']);
    expect(command.code).toBe(2);
    const error = await rejection(check(undefined, { n: 3, w: 5 }));
    expect(error.code).toBe('QL111');
    expect(`error: ${error.message}\n`).toBe(command.stderr);
  });

  it('names an unknown option, an option of the wrong kind and a constant that is not JSON', async () => {
    const unknown = await rejection(check(undefined, { maxstates: 10 } as never));
    expect(unknown.code).toBe('QL101');
    expect(unknown.message).toMatch(/^unknown option 'maxstates' for check\(\); known: n, w, r, .*maxStates/);
    const wrong = await rejection(check(undefined, { handoff: 'yes' } as never));
    expect(wrong.code).toBe('QL103');
    expect(wrong.message).toBe("--handoff (option 'handoff') must be true or false (got 'yes')");
    const notJson = await rejection(check('examples/tla/two-phase.ts', { cwd: root, constants: { RM: () => 1 } as never }));
    expect(notJson.code).toBe('QL115');
    const unknownProperty = await rejection(check(switches, { properties: 'nope' }));
    expect(unknownProperty.message).toBe("unknown property 'nope' for model 'switches'; known: anything, not-both");
  });

  it('refuses a Model value that is not one, and knobs or constants a Model value cannot take', async () => {
    const missing = await rejection(check({ ...switches, next: undefined } as never));
    expect(missing.code).toBe('QL121');
    expect(missing.message).toBe("the model given to check() is not a Model: it has no 'next' (a function (state, action) returning the next state)");
    const knobs = await rejection(check(switches, { n: 3 }));
    expect(knobs.code).toBe('QL114');
    const constants = await rejection(check(switches, { constants: { N: 3 } }));
    expect(constants.code).toBe('QL114');
  });

  it('carries the code frame of a spec that does not compile', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'broken.ts'), 'export const model = {\n  name: "x",\n  init: () => [0,\n};\n');
    const error = await rejection(check('broken.ts', { cwd: dir }));
    expect(error.code).toBe('QL125');
    expect(error.message).toMatch(/^spec module 'broken\.ts' does not compile: broken\.ts:\d+:\d+: /);
    expect(error.codeFrame).toMatch(/\|/);
  });
});
