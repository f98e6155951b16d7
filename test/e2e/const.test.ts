/**
 * `--const NAME=VALUE` end to end: a spec module's constants set from the command line, as a
 * TLC .cfg sets them, recorded in the outputs and used again by `replay`.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, quorumlab, scratch } from './run-cli.ts';

/** A counter that must stay below Limit, counting up by Step: violated after ceil(Limit / Step) steps. */
const COUNTER = `
export const constants = { Limit: 4, Step: 1, Name: undefined };
export function model({ Limit, Step, Name }) {
  return {
    name: 'counter-' + Name,
    init: () => [0],
    actions: (x) => (x < 20 ? ['up'] : []),
    next: (x) => x + Step,
    properties: [{ name: 'below-limit', kind: 'always', check: (x) => x < Limit }],
  };
}
`;

function counterSpec(): { dir: string; file: string } {
  const dir = scratch();
  const file = join(dir, 'counter.mjs');
  writeFileSync(file, COUNTER);
  return { dir, file };
}

describe('--const', () => {
  it('sets a gallery spec\'s constant: CoffeeCan with 30 beans has 30 * 31 / 2 + 30 = 495 states, all initial', async () => {
    const run = await quorumlab(['check', 'examples/tla/coffee-can.ts', '--const', 'MaxBeanCount=30', '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { verdict: string; config: Record<string, unknown>; stats: { states: number; depth: number } };
    expect(json.verdict).toBe('holds');
    expect(json.stats).toMatchObject({ states: 495, depth: 0 });
    expect(json.config.constants).toEqual({ MaxBeanCount: 30 });
  });

  it('reads JSON values: TwoPhase with RM = {a, b}', async () => {
    const run = await quorumlab(['check', 'examples/tla/two-phase.ts', '--const', 'RM=["a","b"]']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('config:  spec examples/tla/two-phase.ts (model TwoPhase) RM=["a","b"]');
  });

  it('every declared constant reaches the factory; the verdict follows them', async () => {
    const { file } = counterSpec();
    const low = await quorumlab(['check', file, '--const', 'Name=x', '--json']);
    expect(low.code).toBe(1);
    expect(JSON.parse(low.stdout)).toMatchObject({ config: { model: 'counter-x', constants: { Limit: 4, Step: 1, Name: 'x' } }, counterexample: { steps: { length: 4 } } });
    const stepped = await quorumlab(['check', file, '--const', 'Name=y', '--const', 'Step=3', '--json']);
    expect(JSON.parse(stepped.stdout)).toMatchObject({ counterexample: { steps: { length: 2 } } });
  });

  const bad: [string, (file: string) => string[], RegExp][] = [
    ['an unknown constant', (file) => ['check', file, '--const', 'Name=x', '--const', 'Limt=3'], /^error: unknown constant 'Limt' for spec module '.*counter\.mjs'; declared: Limit, Step, Name$/],
    ['a constant with no default, not given', (file) => ['check', file], /^error: constant 'Name' of spec module '.*counter\.mjs' has no default: give it with --const Name=VALUE$/],
    ['a value of the wrong kind', (file) => ['check', file, '--const', 'Name=x', '--const', 'Limit=four'], /^error: --const Limit="four": expected a number like its default 4, got a string$/],
    ['a flag without =', (file) => ['check', file, '--const', 'Limit'], /^error: --const 'Limit' must be NAME=VALUE/],
    ['a constant for a scenario', () => ['check', 'strict', '--const', 'N=3'], /^error: --const sets a spec module's constants, but 'strict' is a scenario/],
    ['a constant for a module that declares none', () => ['check', 'examples/tla/peterson.ts', '--const', 'N=3'], /^error: unknown constant 'N': spec module 'examples\/tla\/peterson\.ts' declares no constants/],
  ];
  for (const [what, args, message] of bad) {
    it(`${what}: one line, exit 2, no output files`, async () => {
      const { dir, file } = counterSpec();
      const out = join(dir, 'out');
      const run = await quorumlab([...args(file), '--out', out]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stderr.trim()).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a trace records the constants, and replay rebuilds the model with them', async () => {
    const { dir, file } = counterSpec();
    const out = join(dir, 'out');
    const run = await quorumlab(['check', file, '--const', 'Name=z', '--const', 'Step=2', '--out', out]);
    expect(run.code).toBe(1);
    const replayed = await quorumlab(['replay', join(out, 'trace.itf.json'), '--spec', file], { cwd: dir });
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
  });
});
