import { describe, expect, it } from 'vitest';
import { lines, quorumlab } from './run-cli.ts';

interface InductJson {
  verdict: string;
  invariant: string;
  description: string;
  clauses: string[];
  config: Record<string, unknown>;
  configLine: string;
  domainSize: number | null;
  covered: string;
  proof: boolean;
  coverage: Record<string, number | string> | null;
  implies: { property: string; implied: boolean } | null;
  counterexample: {
    state: unknown;
    stateWords: string[];
    step: { label: string; index: number; narration: string | null };
    successor: unknown;
    successorWords: string[];
    broken: { clause: number; text: string; why: string } | null;
    unreachable: string | null;
    lesson: string | null;
  } | null;
}

describe('quorumlab induct', () => {
  it('exits 0: quorum-intersection is inductive for N=3 W=2 R=2, exhaustively (a proof for the bounded domain)', async () => {
    const run = await quorumlab(['induct', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as InductJson;
    expect(json.verdict).toBe('inductive');
    expect(json.invariant).toBe('quorum-intersection');
    expect(json.proof).toBe(true);
    // 296,324: derived by hand in test/spec/induction/domain.test.ts.
    expect(json.domainSize).toBe(296_324);
    expect(json.coverage).toMatchObject({ kind: 'exhaustive', states: 296_324 });
    expect(json.implies).toEqual({ property: 'stale-read', implied: true });
    expect(json.counterexample).toBeNull();
    expect(json.config).toMatchObject({ n: 3, w: 2, r: 2, quorum: 'strict' });
    expect(json.clauses.length).toBe(6);
  }, 300_000);

  it('exits 1 for W=1 R=1 and narrates the read that misses the write', async () => {
    const run = await quorumlab(['induct', '--w', '1', '--r', '1', '--exhaustive', 'off', '--runs', '3000']);
    expect(run.code).toBe(1);
    const out = lines(run.stdout);
    expect(out[0]).toBe('NOT INDUCTIVE  quorum-intersection');
    expect(out[1]).toBe('config:    N=3 W=1 R=1 strict lww logical read-repair=off mode=quorum ops=w1;r');
    expect(run.stdout).toContain('This state satisfies the invariant (it need not be reachable):');
    expect(run.stdout).toMatch(/The step "deliver reply 0 v0 R\d->C2"/);
    expect(run.stdout).toMatch(/leads to a state that breaks clause 2: read by C2 returned 0, but write\(1\) by C1 had completed before the read began/);
    expect(run.stdout).toContain('W + R = 2 <= N = 3');
  }, 120_000);

  it('prints the unreachable counterexample of the weak invariant and why no run reaches it', async () => {
    const run = await quorumlab(['induct', '--invariant', 'stale-read', '--exhaustive', 'off', '--json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as InductJson;
    expect(json.verdict).toBe('not-inductive');
    expect(json.proof).toBe(false);
    expect(json.counterexample?.broken?.clause).toBe(2);
    expect(json.counterexample?.unreachable).toMatch(/^No run reaches that state: it breaks clause 3 of quorum-intersection/);
    expect(json.counterexample?.stateWords[0]).toBe('replicas:  R1 holds 0 v0; R2 holds 0 v0; R3 holds 0 v0');
    expect(json.counterexample?.step.label).toMatch(/^deliver reply 0 v0 R\d->C2$/);
    expect(json.counterexample?.successorWords).toContain('history:   #1 write(1) by C1 (ok); #2 read by C2 -> 0 [began after #1]');
  }, 120_000);

  it('says not-inductive when a crash loses state', async () => {
    const run = await quorumlab(['induct', '--crashes', '1', '--state-loss', '--json', '--runs', '3000']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as InductJson;
    expect(json.verdict).toBe('not-inductive');
    expect(json.counterexample?.step.label).toMatch(/^R\d crashes \(state lost\)$/);
    expect(json.counterexample?.lesson).toMatch(/state-loss/);
  }, 120_000);

  it('generated states are evidence, not a proof, and say so', async () => {
    const run = await quorumlab(['induct', '--exhaustive', 'off', '--runs', '2000', '--seed', '9', '--drops', '1']);
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out[0]).toBe('INDUCTIVE  quorum-intersection (evidence from generated states, not a proof)');
    expect(run.stdout).toMatch(/covered: {3}2,000 generated states, [\d,]+ satisfying the invariant \([\d,]+ steps checked; seed 9\): evidence, not a proof/);
    expect(run.stdout).toContain('were the invariant proved inductive, stale-read would hold at any depth');
    // N=3 with one drop: the domain is too big to enumerate, so the hint is to shrink the configuration.
    expect(run.stdout).toContain('for a proof: a configuration whose domain has at most 400,000 states is enumerated');
  }, 120_000);

  it('--invariant all runs the strengthening weakest first; the exit code is the strongest one\'s', async () => {
    const run = await quorumlab(['induct', '--invariant', 'all', '--exhaustive', 'off', '--runs', '3000', '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { ladder: InductJson[] };
    expect(json.ladder.map((rung) => [rung.invariant, rung.verdict])).toEqual([
      ['stale-read', 'not-inductive'],
      ['write-quorum', 'not-inductive'],
      ['quorum-intersection', 'inductive'],
    ]);
    const text = await quorumlab(['induct', '--invariant', 'all', '--exhaustive', 'off', '--runs', '3000', '--w', '1', '--r', '1']);
    expect(text.code).toBe(1);
    expect(lines(text.stdout).slice(-4)).toEqual([
      'The strengthening, weakest first:',
      '  stale-read           NOT INDUCTIVE',
      '  write-quorum         NOT INDUCTIVE',
      '  quorum-intersection  NOT INDUCTIVE',
    ]);
  }, 300_000);

  it('exits 2 on bad input with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['induct', '--invariant', 'nope'], /^error: unknown invariant 'nope'; known: stale-read, write-quorum, quorum-intersection \(or all\)$/],
      [['induct', '--quorum', 'sloppy', '--spares', '1'], /^error: the inductive invariants are stated for .*; not for --quorum sloppy --spares 1$/],
      [['induct', '--mode', 'ap'], /; not for --mode ap$/],
      [['induct', '--read-repair', 'sync'], /; not for --read-repair sync$/],
      [['induct', '--w', '4'], /^error: --w must be between 1 and N=3 \(got 4\)$/],
      [['induct', '--runs', '0'], /^error: --runs must be a whole number between 1 and 10000000 \(got 0\)$/],
      [['induct', '--exhaustive', 'on', '--crashes', '2'], /^error: --exhaustive on: the bounded domain has more than 400,000 states, too many/],
      [['induct', '--strategy', 'dfs'], /^error: unknown option '--strategy'/],
    ];
    for (const [args, message] of cases) {
      const run = await quorumlab(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(lines(run.stderr).length).toBe(1);
      expect(run.stderr.trim()).toMatch(message);
    }
  }, 300_000);

  it('--help shows the invariants and an example', async () => {
    const run = await quorumlab(['induct', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('stale-read | write-quorum | quorum-intersection');
    expect(run.stdout).toContain('quorumlab induct --invariant stale-read');
  }, 120_000);
});
