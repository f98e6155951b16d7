/**
 * Errors a user can act on: a spec module that does not compile names the file, line and
 * column and shows the code; one that is not a Model names the member that is missing or of
 * the wrong type. Each is exit 2 with nothing on stdout and no output files.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, quorumlab, scratch } from './run-cli.ts';

async function checkSource(name: string, source: string): Promise<{ code: number | null; stdout: string; stderr: string; wrote: boolean }> {
  const dir = scratch();
  writeFileSync(join(dir, name), source);
  const run = await quorumlab(['check', name, '--out', 'out'], { cwd: dir });
  return { ...run, wrote: existsSync(join(dir, 'out')) };
}

const BROKEN = ['export const model = {', "  name: 'broken',", '  init: () => [0,', '  actions: () => [],', '};', ''].join('\n');

describe('a spec module that does not compile', () => {
  for (const name of ['spec.ts', 'spec.mjs']) {
    it(`${name}: the file, line and column on one line, then a code frame with a caret`, async () => {
      const run = await checkSource(name, BROKEN);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.wrote).toBe(false);
      const [first, ...frame] = lines(run.stderr);
      // Line 4, column 10: the ':' after `actions`, where the array literal of line 3 cannot go on.
      expect(first).toMatch(new RegExp(`^error: spec module '${name}' does not compile: ${name.replace('.', '\\.')}:4:10: .+`));
      expect(frame).toEqual(["  2 |   name: 'broken',", '  3 |   init: () => [0,', '> 4 |   actions: () => [],', '    |          ^', '  5 | };']);
    });
  }

  it('a type annotation is not a syntax error: the module loads (types are checked only with --typecheck)', async () => {
    const run = await checkSource('typed.ts', "const n: number = 1;\nexport const model = { name: 'typed', init: () => [n], actions: () => [], next: (s: number) => s, properties: [{ name: 'p', kind: 'always', check: () => true }] };\n");
    expect(run.code).toBe(0);
  });
});

describe('--typecheck', () => {
  // Its own type, not the package's: the test then needs no built declarations.
  const TYPED = [
    "type Model = { name: string; init(): number[]; actions(s: number): 'inc'[]; next(s: number, a: 'inc'): number; properties: { name: string; kind: 'always'; check(s: number): boolean }[] };",
    '',
    'export const model: Model = {',
    "  name: 'typed',",
    '  init: () => [0],',
    "  actions: (s) => (s < 3 ? ['inc'] : []),",
    "  next: (s) => s + '1',",
    "  properties: [{ name: 'small', kind: 'always', check: (s) => s < 5 }],",
    '};',
    '',
  ].join('\n');

  it('a type error: its file, line and column and a code frame; without the flag the module runs', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'typed.ts'), TYPED);
    const checked = await quorumlab(['check', 'typed.ts', '--typecheck', '--out', 'out'], { cwd: dir });
    expect(checked.code).toBe(2);
    expect(checked.stdout).toBe('');
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const [first, ...frame] = lines(checked.stderr);
    expect(first).toMatch(/^error: spec module 'typed\.ts' does not type-check: typed\.ts:7:16: TS2322: Type 'string' is not assignable to type 'number'\.$/);
    expect(frame).toEqual(["  5 |   init: () => [0],", "  6 |   actions: (s) => (s < 3 ? ['inc'] : []),", "> 7 |   next: (s) => s + '1',", '    |                ^', "  8 |   properties: [{ name: 'small', kind: 'always', check: (s) => s < 5 }],"]);
    // tsx strips the types unchecked: the same module loads and runs without the flag.
    const unchecked = await quorumlab(['check', 'typed.ts'], { cwd: dir });
    expect(unchecked.code).not.toBe(2);
  });

  it('a spec that type-checks is checked as usual', async () => {
    const run = await quorumlab(['check', 'examples/tla/die-hard.ts', '--typecheck', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'violated', property: 'NotSolved' });
  });

  it('applies to TypeScript spec modules only', async () => {
    const scenario = await quorumlab(['check', 'strict', '--typecheck']);
    expect(scenario.code).toBe(2);
    expect(lines(scenario.stderr)).toEqual(["error: --typecheck checks a TypeScript spec module, but 'strict' is a scenario"]);
    const dir = scratch();
    writeFileSync(join(dir, 'spec.mjs'), 'export default {};\n');
    const js = await quorumlab(['check', 'spec.mjs', '--typecheck'], { cwd: dir });
    expect(lines(js.stderr)).toEqual(["error: --typecheck checks TypeScript spec modules (.ts, .mts), and 'spec.mjs' is not one"]);
  });
});

describe('a spec module whose export is not a Model', () => {
  const model = (members: string): string => `export const model = { name: 'm', ${members} };\n`;
  const full = "init: () => [0], actions: () => [], next: (s) => s, properties: [{ name: 'p', kind: 'always', check: () => true }]";
  const cases: [string, string, RegExp][] = [
    ['a missing next', model("init: () => [0], actions: () => [], properties: [{ name: 'p', kind: 'always', check: () => true }]"), /it has no 'next' \(a function \(state, action\) returning the next state\)/],
    ['init given as an array', model(full.replace('init: () => [0]', 'init: [0]')), /'init' must be a function returning the initial states \(got an array\)/],
    ['a property without check', model(full.replace(", check: () => true", '')), /properties\[0\] \('p'\) needs a function 'check' \(state\) => boolean \(got nothing\)/],
    ['a wrongly named export', `export const modle = { name: 'm', ${full} };\n`, /does not export a Model: expected an export named 'model' or a default export \(it exports 'modle'\)/],
  ];
  for (const [what, source, message] of cases) {
    it(`${what}: one line naming the member`, async () => {
      const run = await checkSource('spec.mjs', source);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.wrote).toBe(false);
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    });
  }
});

describe('--strict-spec', () => {
  const MUTATING = [
    'export const model = {',
    "  name: 'mutating',",
    '  init: () => [{ n: 0 }],',
    "  actions: (s) => (s.n < 3 ? ['inc'] : []),",
    '  next(s) { s.n += 1; return { n: s.n }; },',
    "  properties: [{ name: 'small', kind: 'always', check: (s) => s.n < 10 }],",
    '};',
    '',
  ].join('\n');

  it('names the call, the action and the state where a spec changes its input: one line, exit 2', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'spec.mjs'), MUTATING);
    const plain = await quorumlab(['check', 'spec.mjs'], { cwd: dir });
    // Without it the mistake goes unseen: the search merges what the mutation scrambled.
    expect(plain.code).toBe(0);
    const strict = await quorumlab(['check', 'spec.mjs', '--strict-spec', '--out', 'out'], { cwd: dir });
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
    expect(lines(strict.stderr)).toEqual(["error: strict spec: next(state, \"inc\") changed the state it was given (return a new state instead); the state is now {\"n\":1}"]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('changes nothing for a correct spec: the same verdicts and states', async () => {
    const plain = await quorumlab(['check', 'examples/tla/two-phase.ts', '--json']);
    const strict = await quorumlab(['check', 'examples/tla/two-phase.ts', '--strict-spec', '--json']);
    expect(strict.code).toBe(0);
    const stats = (text: string): unknown => {
      const json = JSON.parse(text) as { verdict: string; stats: { states: number; transitions: number } };
      return [json.verdict, json.stats.states, json.stats.transitions];
    };
    expect(stats(strict.stdout)).toEqual(stats(plain.stdout));
  });
});
