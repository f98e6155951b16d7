import { existsSync, readFileSync, readdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, quorumlab, root, scratch } from './run-cli.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface ItfDocument {
  '#meta': { actionIndices: number[]; actionLabels: string[]; source: string; [key: string]: unknown };
  states: unknown[];
  [key: string]: unknown;
}

describe('check --out and replay', () => {
  let out: string;

  beforeAll(async () => {
    out = join(scratch(), 'out');
    const run = await quorumlab(['check', '--w', '1', '--r', '1', '--out', out, '--png']);
    expect(run.code).toBe(1);
  });

  it('writes the verdict, the report and the counterexample in every format', () => {
    expect(readdirSync(out).sort()).toEqual([
      'report.md',
      'state-graph.dot',
      'state-graph.png',
      'state-graph.svg',
      'trace.dot',
      'trace.itf.json',
      'trace.png',
      'trace.svg',
      'verdict.json',
    ]);
    expect(readFileSync(join(out, 'state-graph.svg'), 'utf8')).toMatch(/<svg[\s>]/);
    expect([...readFileSync(join(out, 'state-graph.png')).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const verdict = JSON.parse(readFileSync(join(out, 'verdict.json'), 'utf8')) as { verdict: string; property: string };
    expect(verdict).toMatchObject({ verdict: 'violated', property: 'stale-read' });
    expect(readFileSync(join(out, 'trace.svg'), 'utf8')).toMatch(/<svg[\s>]/);
    expect([...readFileSync(join(out, 'trace.png')).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(readFileSync(join(out, 'trace.dot'), 'utf8')).toMatch(/^digraph|^\s*digraph/);
    const itf = JSON.parse(readFileSync(join(out, 'trace.itf.json'), 'utf8')) as ItfDocument;
    // The 6-step counterexample (see check.test.ts): 7 states.
    expect(itf.states).toHaveLength(7);
    expect(itf['#meta'].actionIndices).toHaveLength(6);
  });

  it('writes the same bytes when the same check runs again', async () => {
    const again = join(scratch(), 'again');
    const run = await quorumlab(['check', '--w', '1', '--r', '1', '--out', again, '--png']);
    expect(run.code).toBe(1);
    for (const name of readdirSync(out)) {
      expect(readFileSync(join(again, name)).equals(readFileSync(join(out, name))), name).toBe(true);
    }
  });

  it('replays a written trace: exit 0, the property still fails', async () => {
    const run = await quorumlab(['replay', join(out, 'trace.itf.json')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]).toBe('replayed 6 steps of default (model quorum)');
  });

  it('refuses a trace whose edited step is not enabled: exit 2, one line', async () => {
    const itf = JSON.parse(readFileSync(join(out, 'trace.itf.json'), 'utf8')) as ItfDocument;
    itf['#meta'].actionIndices[2] = 250;
    const edited = join(scratch(), 'edited.itf.json');
    writeFileSync(edited, JSON.stringify(itf, null, 2));
    const run = await quorumlab(['replay', edited]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: step 3: the recorded action '.*' \(index 250\) is not enabled: only \d+ actions are\n$/);
    expect(run.stdout).toBe('');
  });

  it('refuses a trace whose edited step is another action: exit 2', async () => {
    const itf = JSON.parse(readFileSync(join(out, 'trace.itf.json'), 'utf8')) as ItfDocument;
    // Step 1 of the trace is C1's write; action 1 of the initial state is C2's read.
    itf['#meta'].actionIndices[0] = itf['#meta'].actionIndices[0] === 0 ? 1 : 0;
    const edited = join(scratch(), 'swapped.itf.json');
    writeFileSync(edited, JSON.stringify(itf, null, 2));
    const run = await quorumlab(['replay', edited]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: step 1: /);
  });

  it('refuses a truncated trace: exit 2, one line', async () => {
    const text = readFileSync(join(out, 'trace.itf.json'), 'utf8');
    const truncated = join(scratch(), 'truncated.itf.json');
    writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)));
    const run = await quorumlab(['replay', truncated]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: trace '.*truncated\.itf\.json' is not a valid ITF trace/);
  });

  it('refuses a trace whose recorded configuration no longer matches: exit 2', async () => {
    const itf = JSON.parse(readFileSync(join(out, 'trace.itf.json'), 'utf8')) as ItfDocument & { '#meta': { config: { w: number } } };
    itf['#meta'].config.w = 7;
    const edited = join(scratch(), 'config.itf.json');
    writeFileSync(edited, JSON.stringify(itf, null, 2));
    const run = await quorumlab(['replay', edited]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: the trace's recorded configuration is not valid/);
  });

  it('refuses a missing trace file: exit 2', async () => {
    const run = await quorumlab(['replay', join(scratch(), 'nope.itf.json')]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
  });
});

describe('a liveness counterexample', () => {
  it('convergence without repair: a 6-step dead end, symmetry off by default, and it replays', async () => {
    // By hand: the write completes after invoke + 2 deliveries + 2 acks (5 steps); the third copy
    // must be dropped (1 step), or it would be delivered and the replicas would agree. Then nothing
    // is enabled and R3 differs from R1 and R2: a dead end where convergence fails. 6 steps.
    const out = join(scratch(), 'live');
    const run = await quorumlab(['check', '--ops', 'w1', '--drops', '1', '--property', 'convergence', '--json', '--out', out]);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as { verdict: string; symmetry: boolean; counterexample: { steps: unknown[]; loopStart?: number } };
    expect(json.verdict).toBe('violated');
    expect(json.symmetry).toBe(false);
    expect(json.counterexample.steps).toHaveLength(6);
    expect(json.counterexample.loopStart).toBeUndefined();
    const replayed = await quorumlab(['replay', join(out, 'trace.itf.json')]);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/convergence never holds and the trace ends in a dead end \(state 6\)/);
  });
});

describe('replay of a spec module trace', () => {
  it('exits 0 while the spec still violates, 1 once the property is fixed', async () => {
    const dir = scratch();
    const spec = join(dir, 'two-phase-commit.ts');
    // The copy's relative type import is erased when loaded; the spec itself is self-contained.
    copyFileSync(join(root, 'examples', 'two-phase-commit.ts'), spec);
    const out = join(dir, 'out');
    const checked = await quorumlab(['check', spec, '--property', 'atomicity', '--out', out]);
    expect(checked.code).toBe(1);
    const trace = join(out, 'trace.itf.json');
    expect((await quorumlab(['replay', trace])).code).toBe(0);

    // Weaken the property so the same states no longer violate it: the trace still replays.
    const source = readFileSync(spec, 'utf8');
    const weakened = source.replace(
      "check: (state) => !(state.participants.includes('committed') && state.participants.includes('aborted')),",
      'check: () => true,',
    );
    expect(weakened).not.toBe(source);
    writeFileSync(spec, weakened);
    const replayed = await quorumlab(['replay', trace]);
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toMatch(/no longer shows: atomicity holds in every one of the 5 replayed states/);
  });
});

describe('check --out into a directory used before', () => {
  it('removes the earlier trace files when the new check has no counterexample', async () => {
    const out = join(scratch(), 'reused');
    expect((await quorumlab(['check', '--w', '1', '--r', '1', '--out', out, '--png'])).code).toBe(1);
    expect(existsSync(join(out, 'trace.svg'))).toBe(true);
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    expect((await quorumlab(['check', '--out', out])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'report.md', 'verdict.json']);
  });
});

describe('check --out on bad input', () => {
  it('writes nothing when the input is bad', async () => {
    const out = join(scratch(), 'never');
    const run = await quorumlab(['check', '--w', '9', '--out', out, '--png']);
    expect(run.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
