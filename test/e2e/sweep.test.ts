import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, quorumlab, scratch } from './run-cli.ts';

interface SweepJson {
  n: number;
  properties: string[];
  rows: { w: number; r: number; intersects: boolean; verdicts: Record<string, string>; states: number; seconds: number; counterexampleLength: number | null }[];
}

/** Every (W, R) in 1..n, W-major: the rows a sweep must have, enumerated here on their own. */
function pairs(n: number): [number, number][] {
  const all: [number, number][] = [];
  for (let w = 1; w <= n; w++) for (let r = 1; r <= n; r++) all.push([w, r]);
  return all;
}

describe('quorumlab sweep', () => {
  it('--n 3 --json: the rows where W+R>N are marked and keep stale-read; the others, W=1 R=1 among them, do not', async () => {
    // One read: the counterexample column is then stale-read's alone (linearizable agrees with it; see one-pipeline.test.ts).
    const run = await quorumlab(['sweep', '--n', '3', '--ops', 'w1;r', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const sweep = JSON.parse(run.stdout) as SweepJson;
    expect(sweep.n).toBe(3);
    expect(sweep.properties).toEqual(['stale-read', 'linearizable']);
    expect(sweep.rows.map((row) => [row.w, row.r])).toEqual(pairs(3));
    for (const row of sweep.rows) {
      // Quorum intersection: W + R > N makes every read quorum share a replica with every write
      // quorum, and last-write-wins returns the newest version the read saw. With W + R <= N a
      // read quorum can miss the write quorum altogether, and the model may delay the write's
      // other messages until after the read: the read returns the initial value.
      const intersects = row.w + row.r > 3;
      expect(row.intersects, `W=${row.w} R=${row.r}`).toBe(intersects);
      expect(row.verdicts['stale-read'], `W=${row.w} R=${row.r}`).toBe(intersects ? 'holds' : 'violated');
      expect(row.counterexampleLength === null, `W=${row.w} R=${row.r}`).toBe(intersects);
      expect(row.states).toBeGreaterThan(0);
    }
    // By hand: the write must complete before the read begins (invoke, deliver write, deliver
    // ack) and the read must ask a replica the write skipped (invoke, deliver read, deliver
    // reply): 3 + 3 steps, and no step can be spared.
    expect(sweep.rows[0].counterexampleLength).toBe(6);
  });

  it('the terminal table marks the W+R>N rows and reads each property off the table', async () => {
    const run = await quorumlab(['sweep', '--n', '2', '--property', 'stale-read']);
    expect(run.code, run.stderr).toBe(0);
    const table = lines(run.stdout);
    const rows = table.filter((line) => /^\s+\d+\s+\d+\s/.test(line));
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const [w, r] = row.trim().split(/\s+/).map(Number);
      expect(row.includes('yes *'), row).toBe(w + r > 2);
    }
    // 3 of the 4 pairs over N=2 have W + R > 2: (1,2), (2,1), (2,2).
    expect(run.stdout).toContain('stale-read holds on 3 of 3 rows with W+R>N, on 0 of 1 with W+R<=N.');
  });

  it('--out writes sweep.md and a directory with the diagram for each violated row only', async () => {
    const out = join(scratch(), 'sweep');
    const run = await quorumlab(['sweep', '--n', '2', '--property', 'stale-read', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    // Over N=2 only W=1 R=1 has W + R <= N, so only it is violated.
    expect(readdirSync(out).sort()).toEqual(['sweep.md', 'w1-r1']);
    expect(existsSync(join(out, 'w1-r1', 'trace.svg'))).toBe(true);
    expect(existsSync(join(out, 'w1-r1', 'report.md'))).toBe(true);
    const page = readFileSync(join(out, 'sweep.md'), 'utf8');
    expect(page).toContain('[trace.svg](w1-r1/trace.svg)');
    expect(page.split('\n').filter((line) => line.startsWith('| 2 | 2 |'))).toHaveLength(1);
  });

  it('a sweep cut short by a limit exits 3', async () => {
    const run = await quorumlab(['sweep', '--n', '2', '--property', 'stale-read', '--max-states', '3', '--json']);
    expect(run.code, run.stderr).toBe(3);
    const sweep = JSON.parse(run.stdout) as SweepJson;
    expect(sweep.rows.every((row) => row.verdicts['stale-read'] === 'inconclusive')).toBe(true);
  });

  it('bad input: one line, exit 2, nothing written', async () => {
    const cases = [
      [['sweep'], /sweep needs --n N/],
      [['sweep', '--n', '3', '--w', '2'], /unknown option '--w'/],
      [['sweep', '--n', '0'], /--n must be a whole number between 1 and 15/],
      [['sweep', '--n', '2', '--property', 'durability'], /unknown property 'durability'/],
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
