import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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
    expect((await quorumlab(['replay', trace, '--spec', spec])).code).toBe(0);

    // Weaken the property so the same states no longer violate it: the trace still replays.
    const source = readFileSync(spec, 'utf8');
    const weakened = source.replace(
      "check: (state) => !(state.participants.includes('committed') && state.participants.includes('aborted')),",
      'check: () => true,',
    );
    expect(weakened).not.toBe(source);
    writeFileSync(spec, weakened);
    const replayed = await quorumlab(['replay', trace, '--spec', spec]);
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toMatch(/no longer shows: atomicity holds in every one of the 5 replayed states/);
  });

  it('never loads the module the trace names: without --spec, one line naming the flag; another spec, a note', async () => {
    const dir = scratch();
    const spec = join(dir, 'two-phase-commit.ts');
    copyFileSync(join(root, 'examples', 'two-phase-commit.ts'), spec);
    const out = join(dir, 'out');
    expect((await quorumlab(['check', spec, '--property', 'atomicity', '--out', out])).code).toBe(1);
    // The module the trace names would print this if it were loaded.
    writeFileSync(spec, `process.stderr.write('the trace ran my code\\n');\n${readFileSync(spec, 'utf8')}`);
    const refused = await quorumlab(['replay', join(out, 'trace.itf.json')]);
    expect(refused.code).toBe(2);
    expect(lines(refused.stderr)).toEqual([expect.stringMatching(/^error: the trace was recorded from spec module '.*two-phase-commit\.ts'; replay loads a module only when the command names it: add --spec FILE/)]);
    const copy = join(dir, 'copy.ts');
    copyFileSync(join(root, 'examples', 'two-phase-commit.ts'), copy);
    const other = await quorumlab(['replay', join(out, 'trace.itf.json'), '--spec', copy]);
    expect(other.code).toBe(0);
    expect(lines(other.stderr)).toEqual([`note: the trace was recorded from spec module '${spec}'; replaying it against '${copy}'`]);
  });

  it('a spec that ends the process, or never loads, while replaying: one line, exit 2, never exit 0 ("still violates")', async () => {
    const dir = scratch();
    const spec = join(dir, 'counter.mjs');
    const counter = (extra: string, next: string): string =>
      `${extra}export default { name: "counter", init: () => [0], actions: (s) => (s < 3 ? [1] : []), next: ${next}, encode: (s, out) => out.u8(s), properties: [{ name: "small", kind: "always", check: (s) => s < 2 }] };\n`;
    writeFileSync(spec, counter('', '(s, a) => s + a'));
    const out = join(dir, 'out');
    expect((await quorumlab(['check', spec, '--out', out])).code).toBe(1);
    const trace = join(out, 'trace.itf.json');
    writeFileSync(spec, counter('', '(s, a) => { process.exit(0); }'));
    const exited = await quorumlab(['replay', trace, '--spec', spec]);
    expect(exited.code).toBe(2);
    expect(lines(exited.stderr)).toEqual([expect.stringMatching(/failed while replaying the trace: the spec called process\.exit\(0\)/)]);
    writeFileSync(spec, counter('await new Promise(() => {});\n', '(s, a) => s + a'));
    const never = await quorumlab(['replay', trace, '--spec', spec]);
    expect(never.code).toBe(2);
    expect(lines(never.stderr)).toEqual([expect.stringMatching(/never finished loading: it awaits a promise that never settles/)]);
  });
});

describe('replay of a damaged trace', () => {
  it('nested thousands deep (in a state, in #meta.config): one line, exit 2, not a stack overflow read as exit 1', async () => {
    const out = join(scratch(), 'out');
    expect((await quorumlab(['check', '--w', '1', '--r', '1', '--out', out])).code).toBe(1);
    const text = readFileSync(join(out, 'trace.itf.json'), 'utf8');
    const itf = JSON.parse(text) as { states: Record<string, unknown>[]; '#meta': Record<string, unknown> };
    const deep = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    const inState = JSON.stringify({ ...itf, states: [{ ...itf.states[0], deep: '__DEEP__' }, ...itf.states.slice(1)] }).replace('"__DEEP__"', deep(5000));
    const inMeta = JSON.stringify({ ...itf, '#meta': { ...itf['#meta'], config: '__DEEP__' } }).replace('"__DEEP__"', deep(100_000));
    for (const [name, damaged] of [['state', inState], ['meta', inMeta]] as const) {
      const file = join(out, `${name}.itf.json`);
      writeFileSync(file, damaged);
      const run = await quorumlab(['replay', file]);
      expect(run.code, name).toBe(2);
      expect(lines(run.stderr), name).toEqual([expect.stringMatching(/^error: trace '.*' is not a valid ITF trace: its JSON nests more than 1000 levels deep$/)]);
    }
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

  it('all or nothing: when one file cannot be put in place, exit 2 and the folder is as it was', async () => {
    const out = join(scratch(), 'reused');
    expect((await quorumlab(['check', '--out', out])).code).toBe(0);
    const before = Object.fromEntries(readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')]));
    // A folder where the new check's trace must go: its rename would fail after verdict.json's.
    mkdirSync(join(out, 'trace.dot'));
    const run = await quorumlab(['check', '--w', '1', '--r', '1', '--out', out]);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^error: cannot write to '.*reused': cannot replace '.*trace\.dot': it is not a file$/)]);
    expect(readdirSync(out).sort()).toEqual([...Object.keys(before), 'trace.dot'].sort());
    for (const [name, text] of Object.entries(before)) expect(readFileSync(join(out, name), 'utf8'), name).toBe(text);
    expect(readdirSync(join(out, '..'))).toEqual(['reused']);
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
