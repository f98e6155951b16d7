import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quorumlabInterrupted, scratch } from './run-cli.ts';

/**
 * A model with no end: a counter that always steps up, so its search runs until something stops
 * it. `init` announces on stderr that the search has started, which is when the test signals.
 */
const READY = 'endless: search started';
const endless = [
  'export default {',
  '  name: "endless",',
  `  init: () => { process.stderr.write("${READY}\\n"); return [0]; },`,
  '  actions: () => ["up"],',
  '  next: (n) => n + 1,',
  '  encode: (n, out) => out.u32(n),',
  '  properties: [{ name: "nonnegative", kind: "always", check: (n) => n >= 0 }],',
  '};',
  '',
].join('\n');

describe('interrupting a search', () => {
  // The signal is sent once the search has started, and the search never ends by itself, so the
  // signal always lands during the search; the test asserts on the outcome, never on timing.
  // With workers, the main thread polls for the signal between rounds, as one thread does between batches.
  const cases = [
    ['SIGINT', 1],
    ['SIGTERM', 1],
    ['SIGINT', 2],
    ['SIGTERM', 2],
  ] as const;
  for (const [signal, workers] of cases) {
    it(`${signal} stops the search (${workers} worker${workers === 1 ? '' : 's'}): inconclusive, exit 3, verdict.json written`, { timeout: 60_000 }, async () => {
      const dir = scratch();
      writeFileSync(join(dir, 'endless.mjs'), endless);
      const out = join(dir, 'out');
      const run = await quorumlabInterrupted(['check', join(dir, 'endless.mjs'), '--workers', String(workers), '--json', '--out', out], signal, READY);
      expect(run.signal).toBeNull();
      expect(run.code).toBe(3);
      const json = JSON.parse(run.stdout) as { verdict: string; interrupted: boolean; exhaustive: boolean; coverage: string; workers: number };
      expect(json).toMatchObject({ verdict: 'inconclusive', interrupted: true, exhaustive: false, workers });
      expect(json.coverage).toMatch(/interrupt/);
      expect(existsSync(join(out, 'verdict.json'))).toBe(true);
      expect(JSON.parse(readFileSync(join(out, 'verdict.json'), 'utf8'))).toMatchObject({ verdict: 'inconclusive' });
    });
  }
});
