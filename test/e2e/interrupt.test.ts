import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quorumlabInterrupted, scratch } from './run-cli.ts';

describe('interrupting a search', () => {
  // The bank in cp mode explores hundreds of thousands of states (minutes), so the signal lands
  // during the search; the test asserts on the outcome only, never on how long anything took.
  it('SIGINT stops the search: inconclusive, exit 3, verdict.json written', async () => {
    const out = join(scratch(), 'out');
    const run = await quorumlabInterrupted(['check', 'bank', '--property', 'stale-read', '--json', '--out', out], 'SIGINT', 6000);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout) as { verdict: string; interrupted: boolean; exhaustive: boolean };
    expect(json).toMatchObject({ verdict: 'inconclusive', interrupted: true, exhaustive: false });
    expect(existsSync(join(out, 'verdict.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'verdict.json'), 'utf8'))).toMatchObject({ verdict: 'inconclusive' });
  });
});
