import { describe, expect, it } from 'vitest';
import { lines, quorumlab } from './run-cli.ts';

interface CheckJson {
  verdict: string;
  property: string;
  config: Record<string, unknown>;
  stats: Record<string, number>;
  counterexample: { steps: { step: number; index: number; label: string }[]; loopStart?: number } | null;
  properties: { name: string; verdict: string; counterexampleLength: number | null }[];
  exhaustive: boolean;
  coverage: string | null;
  collisionProbability: number;
  symmetry: boolean;
  strategy: string;
}

describe('quorumlab check', () => {
  it('exits 0 when the property holds (default configuration: N=3 W=2 R=2, no faults)', async () => {
    // W + R > N and nothing fails: every read quorum meets the write's quorum, lww picks it.
    const run = await quorumlab(['check', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.verdict).toBe('holds');
    expect(json.property).toBe('stale-read');
    expect(json.counterexample).toBeNull();
    expect(json.exhaustive).toBe(true);
    expect(json.coverage).toBeNull();
    expect(json.strategy).toBe('bfs');
    expect(json.config).toMatchObject({ n: 3, w: 2, r: 2, quorum: 'strict', resolve: 'lww' });
    for (const key of ['states', 'transitions', 'depth', 'seconds', 'statesPerSecond', 'peakMemoryBytes', 'bytesPerState']) {
      expect(typeof json.stats[key]).toBe('number');
    }
    expect(json.stats.states).toBeGreaterThan(0);
    expect(json.collisionProbability).toBeGreaterThan(0);
    expect(json.properties).toEqual([{ name: 'stale-read', kind: 'always', verdict: 'holds', counterexampleLength: null }]);
  });

  it('exits 1 with a shortest counterexample when W + R <= N (W=1 R=1)', async () => {
    // By hand: the write needs invoke, one delivery, one ack (3 steps) to complete; only then is a
    // later read's stale answer a violation; the read needs invoke, one delivery to a replica the
    // write missed, one reply (3 steps). Nothing shorter completes both: 6 steps.
    const run = await quorumlab(['check', '--w', '1', '--r', '1', '--json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.verdict).toBe('violated');
    expect(json.counterexample?.steps.length).toBe(6);
    expect(json.counterexample?.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(json.counterexample?.steps[0].label).toMatch(/C1 invokes write\(1\)/);
    expect(json.properties[0]).toMatchObject({ name: 'stale-read', verdict: 'violated', counterexampleLength: 6 });
  });

  it('finds the same violation with dfs and random search, never shorter than the 6-step minimum', async () => {
    for (const strategy of ['dfs', 'random']) {
      const run = await quorumlab(['check', '--w', '1', '--r', '1', '--strategy', strategy, '--seed', '7', '--json']);
      expect(run.code, strategy).toBe(1);
      const json = JSON.parse(run.stdout) as CheckJson;
      expect(json.strategy).toBe(strategy);
      expect(json.counterexample?.steps.length).toBeGreaterThanOrEqual(6);
    }
  });

  it('prints a short human summary with numbered steps by default', async () => {
    const run = await quorumlab(['check', '--w', '1', '--r', '1']);
    expect(run.code).toBe(1);
    const out = lines(run.stdout);
    expect(out[0]).toBe('VIOLATED  stale-read (counterexample: 6 steps)');
    expect(out[1]).toBe('config:  N=3 W=1 R=1 strict lww logical read-repair=off mode=quorum ops=w1;r');
    expect(out[2]).toMatch(/^search: {2}[\d,]+ states, [\d,]+ transitions, depth 6, /);
    expect(out.filter((line) => /^\s+\d\. /.test(line)).length).toBe(6);
    // Not a terminal: no colour codes.
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('exits 3 when a state limit cuts the search short', async () => {
    const run = await quorumlab(['check', 'strict', '--max-states', '100', '--json']);
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.verdict).toBe('inconclusive');
    expect(json.exhaustive).toBe(false);
    expect(json.coverage).toMatch(/state limit|100/);
    expect(json.counterexample).toBeNull();
  });

  it('lists every property with several --property, leading with the first violated', async () => {
    // No faults: every operation reaches its quorum, so availability holds; W=1 R=1 still reads stale.
    const run = await quorumlab(['check', '--w', '1', '--r', '1', '--property', 'availability', '--property', 'stale-read', '--json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.property).toBe('stale-read');
    expect(json.properties.map((p) => [p.name, p.verdict])).toEqual([
      ['availability', 'holds'],
      ['stale-read', 'violated'],
    ]);
  });

  it('accepts --workers and says on stderr that one worker is used', async () => {
    const run = await quorumlab(['check', '--w', '1', '--r', '1', '--workers', '2', '--json']);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual(['note: --workers 2: parallel search is not available yet; searching with one worker']);
    expect((JSON.parse(run.stdout) as { workers: number }).workers).toBe(2);
  });

  it('lets a flag override the scenario it is given with', async () => {
    // strict holds; with --resolve first a read may answer with a replica the write missed, as in first-reply.
    const run = await quorumlab(['check', 'strict', '--resolve', 'first', '--json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.verdict).toBe('violated');
    expect(json.config).toMatchObject({ resolve: 'first', partitions: 1, n: 3, w: 2, r: 2 });
  });
});
