import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, quorumlab, scratch } from './run-cli.ts';

/**
 * Each bad input: exit 2, exactly one line on stderr starting with `error: `, nothing on
 * stdout, and no output directory created even though `--out` was given.
 */
async function expectBadInput(args: readonly string[], pattern: RegExp): Promise<void> {
  const out = join(scratch(), 'out');
  const run = await quorumlab([...args, ...(args[0] === 'check' ? ['--out', out] : [])]);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const errorLines = lines(run.stderr);
  expect(errorLines).toHaveLength(1);
  expect(errorLines[0]).toMatch(/^error: /);
  expect(errorLines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
}

describe('bad input: one line, exit 2, nothing written', () => {
  it('W outside 1..N', () => expectBadInput(['check', '--w', '4'], /^error: --w must be between 1 and N=3 \(got 4\)$/));
  it('R outside 1..N with N given', () => expectBadInput(['check', '--n', '5', '--r', '0'], /--r must be between 1 and N=5 \(got 0\)/));
  it('an unknown command', () => expectBadInput(['frobnicate'], /unknown command 'frobnicate'; known: check, overlap, render, replay/));
  it('an unknown flag', () => expectBadInput(['check', '--frobnicate'], /unknown option '--frobnicate'.*--quorum/));
  it('a flag without its value', () => expectBadInput(['check', '--max-states'], /--max-states/));
  it('a bad flag value', () => expectBadInput(['check', '--quorum', 'loose'], /--quorum must be one of strict, sloppy \(got 'loose'\)/));
  it('a bad number', () => expectBadInput(['check', '--drops', 'many'], /--drops must be a whole number between 0 and 15/));
  it('a bad memory size', () => expectBadInput(['check', '--max-memory', 'lots'], /--max-memory must be a size such as 512MB/));
  it('an unknown scenario', () => expectBadInput(['check', 'foo'], /unknown scenario 'foo'; known: bank, .*strict/));
  it('an unknown property', () => expectBadInput(['check', '--property', 'durability'], /unknown property 'durability'.*known: stale-read, linearizable/));
  it('an --ops script that does not parse', () => expectBadInput(['check', '--ops', 'w1;x'], /--ops 'w1;x' does not parse/));
  it('an inconsistent configuration', () => expectBadInput(['check', '--resolve', 'vclock'], /invalid configuration.*vclock/));
  it('a missing spec file', () => expectBadInput(['check', './no-such-spec.ts'], /spec file '\.\/no-such-spec\.ts' not found/));
  it('too many arguments', () => expectBadInput(['check', 'strict', 'bank'], /too many arguments/));

  it('a spec module that does not export a Model', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'not-a-model.mjs'), 'export const model = { name: "x", init() { return []; } };\n');
    writeFileSync(join(dir, 'nothing.ts'), 'export const answer: number = 42;\n');
    writeFileSync(join(dir, 'broken.ts'), 'export const model = {\n');
    await expectBadInput(['check', join(dir, 'not-a-model.mjs')], /is not a Model: it has no 'actions'/);
    await expectBadInput(['check', join(dir, 'nothing.ts')], /does not export a Model.*\(it exports 'answer'\)/);
    // A module that does not compile gets its one line and then a code frame of the place.
    const out = join(dir, 'out');
    const broken = await quorumlab(['check', join(dir, 'broken.ts'), '--out', out]);
    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe('');
    expect(lines(broken.stderr)[0]).toMatch(/^error: spec module '.*broken\.ts' does not compile: .*broken\.ts:2:1: Expected identifier but found end of file/);
    expect(lines(broken.stderr).slice(1)).toEqual(['  1 | export const model = {', '> 2 |', '    | ^']);
    expect(existsSync(out)).toBe(false);
  });

  it('a spec model that throws during the search', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'throws.mjs'),
      [
        'export default {',
        '  name: "throws",',
        '  init: () => [0],',
        '  actions: (s) => [1],',
        '  next: (s, a) => { if (s === 2) throw new Error("next broke at 2"); return s + a; },',
        '  encode: (s, out) => out.u8(s),',
        '  properties: [{ name: "small", kind: "always", check: (s) => s < 9 }],',
        '};',
        '',
      ].join('\n'),
    );
    // The line names the function, what it threw, the action, the state and the steps to it.
    await expectBadInput(['check', join(dir, 'throws.mjs')], /^error: model 'throws': next\(\) threw: next broke at 2; taking action '1' in state \{"state":2\}, reached in 2 steps: 1, 1$/);
  });

  it('--mode cp with a sloppy quorum: cp refuses without a strict quorum, so the pair contradicts itself', () =>
    expectBadInput(['check', '--mode', 'cp', '--quorum', 'sloppy', '--spares', '1'], /mode cp refuses without a strict quorum, which a sloppy quorum contradicts/));

  it('quorum knobs for a spec module that exports a fixed Model', () =>
    expectBadInput(['check', 'examples/two-phase-commit.ts', '--n', '4'], /--n set quorum knobs, but .* exports a fixed Model/));

  it('overlap without its quorum sizes, or with W > N', async () => {
    await expectBadInput(['overlap', '--n', '3'], /overlap needs --w, --r/);
    await expectBadInput(['overlap', '--n', '3', '--w', '2', '--r', '5'], /--r must be between 1 and N=3 \(got 5\)/);
  });
});
