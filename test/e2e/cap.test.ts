import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, quorumlab, scratch } from './run-cli.ts';

interface CapJson {
  scenario: string;
  rows: { mode: string; verdicts: Record<string, string>; states: number; seconds: number; command: string }[];
  keepsBoth: boolean;
}

describe('quorumlab cap', () => {
  it('the bank on two branches: cp keeps fresh reads and refuses; ap serves a stale balance; each violation drawn', async () => {
    const out = join(scratch(), 'cap');
    const run = await quorumlab(['cap', 'bank', '--n', '2', '--w', '2', '--r', '1', '--json', '--out', out]);
    const cap = JSON.parse(run.stdout) as CapJson;
    expect(cap.scenario).toBe('bank');
    expect(cap.rows.map((row) => row.mode)).toEqual(['cp', 'ap']);
    const [cp, ap] = cap.rows;
    // By hand: a partition cuts branch 1's customer off from branch 2; W=2 needs both branches,
    // so cp refuses the withdrawal at once (2 steps: partition, invoke), and never lets a write
    // land on one side only: a read of R=1 can only see the initial balance before the write
    // completes everywhere, which is not stale.
    expect(cp.verdicts).toEqual({ 'stale-read': 'holds', availability: 'violated' });
    // ap accepts the withdrawal on the customer's side (a hint for the other branch) and the
    // clerk on the other side reads R=1 there: the old balance. A partition of two nodes leaves
    // one node on each side, so every client still reaches a node, nothing is lost (no drop
    // budget), and ap answers with what it reached: every operation succeeds.
    expect(ap.verdicts).toEqual({ 'stale-read': 'violated', availability: 'holds' });
    expect(cap.keepsBoth).toBe(cap.rows.some((row) => row.verdicts['stale-read'] === 'holds' && row.verdicts.availability === 'holds'));
    expect(cap.keepsBoth).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(cp.command).toBe(`quorumlab check bank --n 2 --w 2 --r 1 --mode cp --property stale-read --property availability --out ${join(out, 'cp')}`);
    for (const mode of ['cp', 'ap']) {
      expect(existsSync(join(out, mode, 'trace.svg')), mode).toBe(true);
      expect(existsSync(join(out, mode, 'verdict.json')), mode).toBe(true);
    }
    expect(readFileSync(join(out, 'cap.md'), 'utf8')).toContain('Under a partition, no mode keeps both stale-read and availability.');
  });

  it('a mode that violates both properties gets a diagram of each', async () => {
    const out = join(scratch(), 'cap');
    const run = await quorumlab(['cap', 'first-reply', '--json', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const cap = JSON.parse(run.stdout) as CapJson;
    // cp refuses when the partition leaves a client without a strict quorum (availability), and
    // the first reply can come from the replica the write skipped (stale-read).
    expect(cap.rows[0].verdicts).toEqual({ 'stale-read': 'violated', availability: 'violated' });
    expect(existsSync(join(out, 'cp', 'trace.svg'))).toBe(true);
    expect(existsSync(join(out, 'cp', 'availability', 'trace.svg'))).toBe(true);
    const page = readFileSync(join(out, 'cap.md'), 'utf8');
    expect(page).toContain('[stale-read](cp/trace.svg), [availability](cp/availability/trace.svg)');
  });

  it('a row that keeps both is said loudly, and exits 1', async () => {
    // With one home replica and no spare there is no way to cut the cluster in two (a cut needs
    // a node on each side), so the partition budget is never used: nothing is refused, nothing is stale.
    const run = await quorumlab(['cap', 'strict', '--n', '1', '--w', '1', '--r', '1']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/WARNING: cp and ap kept BOTH stale-read and availability under a partition/);
    expect(run.stdout).not.toContain('no mode keeps both');
  });

  it('bad input: one line, exit 2, nothing written', async () => {
    const cases = [
      [['cap', 'nosuch'], /unknown scenario 'nosuch'; known: bank/],
      [['cap', '--mode', 'ap'], /unknown option '--mode'/],
      [['cap', 'strict', '--partitions', '0'], /under a partition: --partitions must be at least 1/],
      [['cap', '--w', '9'], /--w must be between 1 and N=5 \(got 9\)/],
    ] as const;
    await Promise.all(
      cases.map(async ([args, pattern]) => {
        const out = join(scratch(), 'out');
        const run = await quorumlab([...args, '--out', out]);
        expect(run.code, run.stderr).toBe(2);
        expect(run.stdout).toBe('');
        expect(lines(run.stderr)).toHaveLength(1);
        expect(run.stderr).toMatch(pattern);
        expect(existsSync(out)).toBe(false);
      }),
    );
  });
});
