/**
 * `check --deadlock` end to end: two dining philosophers who each take their left fork first
 * can both hold one fork and wait forever. Without the flag that state is just where the
 * behaviour ends; with it, it is a violation of `deadlock-free` with its shortest trace.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quorumlab, scratch } from './run-cli.ts';

/** Philosopher p's left fork is p, the right one p + 1 (mod 2); eating ends by putting both down. */
const PHILOSOPHERS = `
const left = (p) => p;
const right = (p) => (p + 1) % 2;
export const model = {
  name: 'philosophers',
  init: () => [{ pc: ['thinking', 'thinking'], forks: [null, null] }],
  actions(s) {
    const actions = [];
    for (const p of [0, 1]) {
      if (s.pc[p] === 'thinking' && s.forks[left(p)] === null) actions.push({ p, step: 'take-left' });
      if (s.pc[p] === 'hungry' && s.forks[right(p)] === null) actions.push({ p, step: 'take-right' });
      if (s.pc[p] === 'eating') actions.push({ p, step: 'put-down' });
    }
    return actions;
  },
  next(s, { p, step }) {
    const pc = [...s.pc];
    const forks = [...s.forks];
    if (step === 'take-left') { forks[left(p)] = p; pc[p] = 'hungry'; }
    if (step === 'take-right') { forks[right(p)] = p; pc[p] = 'eating'; }
    if (step === 'put-down') { forks[left(p)] = null; forks[right(p)] = null; pc[p] = 'thinking'; }
    return { pc, forks };
  },
  properties: [{ name: 'one-eats', kind: 'always', check: (s) => !(s.pc[0] === 'eating' && s.pc[1] === 'eating') }],
  describe: { action: (_s, { p, step }) => 'P' + p + ' ' + step },
};
`;

interface CheckJson {
  verdict: string;
  property: string;
  counterexample: { steps: { label: string }[] } | null;
  properties: { name: string; kind: string; verdict: string; counterexampleLength: number | null }[];
}

describe('check --deadlock', () => {
  it('off by default: the philosophers hold, since no state breaks one-eats', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'philosophers.mjs'), PHILOSOPHERS);
    const run = await quorumlab(['check', 'philosophers.mjs', '--json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as CheckJson).properties.map((p) => p.name)).toEqual(['one-eats']);
  });

  it('on: both holding their left fork is a deadlock, two steps from the start (by hand: each takes its left fork)', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'philosophers.mjs'), PHILOSOPHERS);
    const run = await quorumlab(['check', 'philosophers.mjs', '--deadlock', '--json'], { cwd: dir });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.property).toBe('deadlock-free');
    expect(json.counterexample?.steps.map((s) => s.label).sort()).toEqual(['P0 take-left', 'P1 take-left']);
    expect(json.properties).toEqual([
      { name: 'one-eats', kind: 'always', verdict: 'holds', counterexampleLength: null },
      { name: 'deadlock-free', kind: 'always', verdict: 'violated', counterexampleLength: 2 },
    ]);
  });

  it('the trace replays, and replay still finds the deadlock', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'philosophers.mjs'), PHILOSOPHERS);
    const checked = await quorumlab(['check', 'philosophers.mjs', '--deadlock', '--out', 'out'], { cwd: dir });
    expect(checked.code).toBe(1);
    const replayed = await quorumlab(['replay', join('out', 'trace.itf.json'), '--spec', 'philosophers.mjs'], { cwd: dir });
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/deadlock-free fails/);
  });

  it('--help says why it is off by default', async () => {
    const run = await quorumlab(['check', '--help']);
    expect(run.stdout.replace(/\s+/g, ' ')).toMatch(/--deadlock .*as TLC checks by default\. Off by default here: the quorum model's client scripts end/);
  });
});
