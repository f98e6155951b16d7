/**
 * One check pipeline: `sweep`'s rows are `check` of each row's configuration (verdict and
 * state count, for a safety and a liveness property), every output of one check names the same
 * headline property, and `verdict.json` is the object `check --json` prints, without timings.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quorumlab, scratch } from './run-cli.ts';

interface SweepJson {
  rows: { w: number; r: number; verdicts: Record<string, string>; states: number }[];
  note?: string;
}

interface CheckJson {
  verdict: string;
  property: string;
  stats: Record<string, number>;
  properties: { name: string; verdict: string }[];
  example?: { steps: unknown[] };
}

/** Runs `check` of each sweep row's configuration and compares verdicts and state counts. */
async function expectRowsAreChecks(sweepArgs: readonly string[], checkArgs: (w: number, r: number) => string[]): Promise<SweepJson> {
  const sweep = await quorumlab(['sweep', ...sweepArgs, '--json']);
  expect([0, 3], sweep.stderr).toContain(sweep.code);
  const table = JSON.parse(sweep.stdout) as SweepJson;
  const checks = await Promise.all(table.rows.map((row) => quorumlab(['check', ...checkArgs(row.w, row.r), '--json'])));
  table.rows.forEach((row, i) => {
    const check = JSON.parse(checks[i].stdout) as CheckJson;
    const what = `W=${row.w} R=${row.r}`;
    expect(Object.fromEntries(check.properties.map((p) => [p.name, p.verdict])), what).toEqual(row.verdicts);
    expect(check.stats.states, what).toBe(row.states);
  });
  return table;
}

describe('sweep tabulates check', () => {
  it('safety: every row of sweep --n 2 is check --n 2 --w W --r R (the sweep\'s own default script)', { timeout: 120_000 }, async () => {
    const table = await expectRowsAreChecks(['--n', '2'], (w, r) => ['--n', '2', '--w', String(w), '--r', String(r), '--ops', 'w1;r,r', '--property', 'stale-read', '--property', 'linearizable']);
    expect(table.rows).toHaveLength(4);
  });

  it('liveness: every row of sweep --n 2 --property convergence is check of that row (symmetry off for liveness in both)', { timeout: 120_000 }, async () => {
    // Before the one pipeline, check said holds here and every sweep row said inconclusive
    // (the sweep searched with symmetry on, under which liveness is unknown).
    const table = await expectRowsAreChecks(['--n', '2', '--ops', 'w1;r', '--property', 'convergence'], (w, r) => ['--n', '2', '--w', String(w), '--r', String(r), '--property', 'convergence']);
    expect(table.rows.find((row) => row.w === 1 && row.r === 1)?.verdicts.convergence).toBe('holds');
    expect(table.rows.every((row) => row.verdicts.convergence !== 'inconclusive')).toBe(true);
  });

  it('the default script tells linearizable from stale-read; one read gets a note saying why they agree', { timeout: 120_000 }, async () => {
    const [twoReads, oneRead] = await Promise.all([quorumlab(['sweep', '--n', '3', '--json']), quorumlab(['sweep', '--n', '3', '--ops', 'w1;r', '--json'])]);
    const two = JSON.parse(twoReads.stdout) as SweepJson;
    // W=2 R=2: quorums meet, so no read is stale; but with a second read, a reader can see the
    // new value and then the old one while the write is in flight (ABD's point): not linearizable.
    const row = two.rows.find((r) => r.w === 2 && r.r === 2);
    expect(row?.verdicts).toEqual({ 'stale-read': 'holds', linearizable: 'violated' });
    expect(two.note).toBeUndefined();
    const one = JSON.parse(oneRead.stdout) as SweepJson;
    expect(one.rows.every((r) => r.verdicts['stale-read'] === r.verdicts.linearizable)).toBe(true);
    expect(one.note).toMatch(/with one read in the script/);
  });
});

describe('one headline and one verdict shape', () => {
  // An invariant that holds and a `sometimes` property that holds by an example (3 steps):
  // --json named the first property, verdict.json and report.md the one with the example.
  const tiny = [
    'export default {',
    '  name: "tiny",',
    '  init: () => [0],',
    '  actions: (s) => (s < 3 ? ["up"] : []),',
    '  next: (s) => s + 1,',
    '  encode: (s, out) => out.u8(s),',
    '  properties: [',
    '    { name: "small", kind: "always", check: (s) => s < 10 },',
    '    { name: "reaches-three", kind: "sometimes", check: (s) => s === 3 },',
    '  ],',
    '};',
    '',
  ].join('\n');

  it('--json, verdict.json and report.md lead with the same property; verdict.json is --json without timings', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'tiny.mjs'), tiny);
    const out = join(dir, 'out');
    const run = await quorumlab(['check', join(dir, 'tiny.mjs'), '--json', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as CheckJson;
    const verdict = JSON.parse(readFileSync(join(out, 'verdict.json'), 'utf8')) as CheckJson;
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(json.property).toBe('reaches-three');
    expect(verdict.property).toBe(json.property);
    expect(report.split('\n')[0]).toContain('`reaches-three`');
    expect(json.example?.steps).toHaveLength(3);
    const { seconds: _s, statesPerSecond: _r, peakMemoryBytes: _m, ...untimed } = json.stats;
    expect(verdict).toEqual({ ...json, stats: untimed });
  });
});
