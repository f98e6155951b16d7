import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quorumlab, scratch } from './run-cli.ts';

interface CheckJson {
  verdict: string;
  property: string;
  counterexample: { steps: { label: string }[] } | null;
  properties: { name: string; verdict: string; counterexampleLength: number | null }[];
}

describe('user specs from examples/', () => {
  it('two-phase-commit: atomicity violated in 4 steps', async () => {
    // By hand: a participant must commit (its yes vote, the coordinator's commit, its learning it:
    // 3 steps) while the other has aborted (its no vote: 1 step). 4 steps, none shorter.
    const run = await quorumlab(['check', 'examples/two-phase-commit.ts', '--json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.property).toBe('atomicity');
    expect(json.counterexample?.steps.map((s) => s.label)).toHaveLength(4);
    // can-commit is a `sometimes` property: it holds, with an example of 5 steps (both vote yes,
    // commit, both learn it).
    expect(json.properties).toEqual([
      { name: 'atomicity', kind: 'always', verdict: 'violated', counterexampleLength: 4 },
      { name: 'can-commit', kind: 'sometimes', verdict: 'holds', counterexampleLength: 5 },
    ]);
  });

  it('two-phase-commit --out --png: the state graph too, drawn whole, in the spec\'s own words', async () => {
    const out = join(scratch(), 'out');
    const run = await quorumlab(['check', 'examples/two-phase-commit.ts', '--out', out, '--png']);
    expect(run.code, run.stderr).toBe(1);
    for (const name of ['state-graph.dot', 'state-graph.svg', 'state-graph.png']) expect(existsSync(join(out, name)), name).toBe(true);
    const dot = readFileSync(join(out, 'state-graph.dot'), 'utf8');
    expect(dot).toContain('the whole state graph');
    // The spec has no brief: its view is printed field by field (`coordinator deciding`), not as JSON.
    expect(dot).toContain('coordinator deciding');
    expect(dot).not.toContain('"coordinator"');
  });

  it('read-your-writes on N=4 W=2 R=2: violated in 10 steps', async () => {
    // By hand: the write completes after invoke + 2 deliveries + 2 acks (5 steps); the read then
    // needs invoke + 2 deliveries to the two replicas the write missed + 2 replies (5 steps).
    const run = await quorumlab(['check', 'examples/read-your-writes-n4.ts', '--json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.property).toBe('read-your-writes');
    expect(json.counterexample?.steps).toHaveLength(10);
  });

  it('read-your-writes with --r 3 (W + R > N): holds', async () => {
    const run = await quorumlab(['check', 'examples/read-your-writes-n4.ts', '--r', '3', '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as CheckJson).verdict).toBe('holds');
  });
});
