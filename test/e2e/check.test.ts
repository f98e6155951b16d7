import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, quorumlab, scratch } from './run-cli.ts';

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
  reduction: boolean;
  strategy: string;
  workers: number;
}

/** What the parallel search must reproduce exactly: everything but timings, memory and the settings. */
function searchOutcome(json: CheckJson) {
  const { states, transitions, depth } = json.stats;
  return {
    verdict: json.verdict,
    property: json.property,
    stats: { states, transitions, depth },
    counterexample: json.counterexample,
    properties: json.properties,
    exhaustive: json.exhaustive,
    coverage: json.coverage,
    symmetry: json.symmetry,
  };
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
    expect(out[2]).toMatch(/^search: {2}[\d,]+ states, [\d,]+ transitions, depth \d+, /);
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

  it('lets a flag override the scenario it is given with', async () => {
    // strict holds; with --resolve first a read may answer with a replica the write missed, as in first-reply.
    const run = await quorumlab(['check', 'strict', '--resolve', 'first', '--json']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.verdict).toBe('violated');
    expect(json.config).toMatchObject({ resolve: 'first', partitions: 1, n: 3, w: 2, r: 2 });
  });
});

describe('quorumlab check --workers', () => {
  // Both runs reduce as the engine decides (partial-order reduction runs in the workers too).
  const pairs: readonly [string, readonly string[], number][] = [
    ['violated: N=3 W=1 R=1', ['--w', '1', '--r', '1'], 1],
    ['holds: scenario strict, one partition', ['strict'], 0],
    ['a spec module built from the quorum flags', ['examples/read-your-writes-n4.ts', '--r', '3'], 0],
  ];
  for (const [name, args, code] of pairs) {
    it(`--workers 2 gives the one-worker verdict, states and counterexample (${name})`, { timeout: 60_000 }, async () => {
      const [one, two] = await Promise.all([
        quorumlab(['check', ...args, '--workers', '1', '--json']),
        quorumlab(['check', ...args, '--workers', '2', '--json']),
      ]);
      expect([one.code, two.code]).toEqual([code, code]);
      expect(two.stderr).toBe('');
      const [oneJson, twoJson] = [JSON.parse(one.stdout) as CheckJson, JSON.parse(two.stdout) as CheckJson];
      expect(searchOutcome(twoJson)).toEqual(searchOutcome(oneJson));
      expect([oneJson.workers, twoJson.workers]).toEqual([1, 2]);
      expect(twoJson.reduction).toBe(oneJson.reduction);
      expect(twoJson.stats.reducedStates).toBe(oneJson.stats.reducedStates);
    });
  }

  it('--max-states cuts --workers 2 where it cuts one worker: the same states, coverage and exit 3', { timeout: 60_000 }, async () => {
    const args = ['check', 'strict', '--max-states', '100', '--json'];
    const [one, two] = await Promise.all([quorumlab([...args, '--workers', '1']), quorumlab([...args, '--workers', '2'])]);
    expect([one.code, two.code]).toEqual([3, 3]);
    const [oneJson, twoJson] = [JSON.parse(one.stdout) as CheckJson, JSON.parse(two.stdout) as CheckJson];
    expect(searchOutcome(twoJson)).toEqual(searchOutcome(oneJson));
    expect(twoJson.stats.states).toBe(100);
    expect(twoJson.coverage).toMatch(/state limit \(100\)/);
  });

  it('--timeout stops --workers 2 on a model with no end: inconclusive, exit 3', { timeout: 60_000 }, async () => {
    const dir = scratch();
    const endless = 'export default { name: "endless", init: () => [0], actions: () => ["up"], next: (n) => n + 1, encode: (n, out) => out.u32(n), properties: [{ name: "nonnegative", kind: "always", check: (n) => n >= 0 }] };\n';
    writeFileSync(join(dir, 'endless.mjs'), endless);
    const run = await quorumlab(['check', join(dir, 'endless.mjs'), '--workers', '2', '--timeout', '0.5', '--json']);
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json).toMatchObject({ verdict: 'inconclusive', exhaustive: false, workers: 2 });
    expect(json.coverage).toMatch(/stopped by the time limit \(0\.5 s\)/);
  });

  it('--max-memory stops --workers 2 as inconclusive, exit 3', { timeout: 60_000 }, async () => {
    // 1 MB is below what any Node thread's heap holds, so the first check of the limit stops the search.
    const run = await quorumlab(['check', 'strict', '--workers', '2', '--max-memory', '1MB', '--json']);
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json).toMatchObject({ verdict: 'inconclusive', exhaustive: false, workers: 2 });
    expect(json.coverage).toMatch(/stopped by the memory limit \(1048576 bytes\)/);
  });

  it('the violated pair is the 6-step shortest counterexample (derived by hand in the W=1 R=1 test above)', { timeout: 60_000 }, async () => {
    const run = await quorumlab(['check', '--w', '1', '--r', '1', '--workers', '2', '--json']);
    expect((JSON.parse(run.stdout) as CheckJson).counterexample?.steps.length).toBe(6);
  });

  it('--workers 0 and --workers x are bad input: one line naming the range, exit 2', async () => {
    for (const [value, shown] of [['0', '0'], ['x', "'x'"]]) {
      const run = await quorumlab(['check', '--workers', value]);
      expect(run.code, value).toBe(2);
      expect(lines(run.stderr)).toEqual([`error: --workers must be a whole number between 1 and 256 (got ${shown})`]);
      expect(run.stdout).toBe('');
    }
  });

  it('--por on with --workers 2 reduces in the workers: the one-worker states and counterexample', { timeout: 60_000 }, async () => {
    const args = ['check', 'strict', '--resolve', 'first', '--por', 'on', '--json'];
    const [one, two] = await Promise.all([quorumlab([...args, '--workers', '1']), quorumlab([...args, '--workers', '2'])]);
    expect([one.code, two.code]).toEqual([1, 1]);
    const [oneJson, twoJson] = [JSON.parse(one.stdout) as CheckJson, JSON.parse(two.stdout) as CheckJson];
    expect([oneJson.reduction, twoJson.reduction]).toEqual([true, true]);
    expect(twoJson.stats.reducedStates).toBeGreaterThan(0);
    expect(twoJson.stats.reducedStates).toBe(oneJson.stats.reducedStates);
    expect(searchOutcome(twoJson)).toEqual(searchOutcome(oneJson));
  });

  it('--por on with --strategy random is bad input: a simulation keeps no visited set', async () => {
    const run = await quorumlab(['check', '--por', 'on', '--strategy', 'random']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual(['error: --por on with --strategy random: random simulation keeps no visited set, so partial-order reduction does not apply; use --por off or --strategy bfs']);
    expect(run.stdout).toBe('');
  });

  it('--por takes on or off', async () => {
    const run = await quorumlab(['check', '--por', 'maybe']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual(["error: --por must be on or off (got 'maybe')"]);
  });

  it('--strategy dfs with --workers 2: one line that workers apply to BFS only, then one worker', { timeout: 60_000 }, async () => {
    const run = await quorumlab(['check', '--w', '1', '--r', '1', '--strategy', 'dfs', '--workers', '2', '--json']);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual(['note: --workers 2: workers apply to BFS only (the strategy is dfs); searching with one worker']);
    expect((JSON.parse(run.stdout) as CheckJson).workers).toBe(1);
  });

  it('a liveness property with --workers 2: one line why, then one worker', { timeout: 60_000 }, async () => {
    const run = await quorumlab(['check', '--property', 'convergence', '--workers', '2', '--json']);
    expect(lines(run.stderr)).toEqual(['note: --workers 2: liveness properties (convergence) are judged by the one-thread search; searching with one worker']);
    expect((JSON.parse(run.stdout) as CheckJson).workers).toBe(1);
  });
});

describe('quorumlab check --por', () => {
  it('is on by default where it applies, and changes no verdict: the same counterexample length as --por off', { timeout: 60_000 }, async () => {
    const [on, off] = await Promise.all([
      quorumlab(['check', 'strict', '--resolve', 'first', '--json']),
      quorumlab(['check', 'strict', '--resolve', 'first', '--por', 'off', '--json']),
    ]);
    expect([on.code, off.code]).toEqual([1, 1]);
    const [onJson, offJson] = [JSON.parse(on.stdout) as CheckJson, JSON.parse(off.stdout) as CheckJson];
    expect(onJson.reduction).toBe(true);
    expect(typeof onJson.stats.reducedStates).toBe('number');
    expect(offJson.reduction).toBe(false);
    expect('reducedStates' in offJson.stats).toBe(false);
    expect(onJson.counterexample?.steps.length).toBe(offJson.counterexample?.steps.length);
  });

  it('--por on where the reduction does not apply is bad input: one line naming why, exit 2', async () => {
    const run = await quorumlab(['check', '--por', 'on', '--property', 'convergence']);
    expect(run.code).toBe(2);
    const out = lines(run.stderr);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^error: --por on: partial-order reduction does not apply: .*convergence.*; use --por off$/);
    expect(run.stdout).toBe('');
  });
});

describe('quorumlab check --quotient', () => {
  interface QuotientJson extends CheckJson {
    quotient: { rules: string[]; removed: string[]; sentence: string | null } | null;
  }

  it('checks without the faults no property can observe, says so in one line, and searches exactly the fault-free space', { timeout: 120_000 }, async () => {
    // A strict quorum that waits, one operation per client: the partition and the crash only
    // delay (spec/reductions/unobservable-faults.ts), so the search is the fault-free one.
    const [faults, none, text] = await Promise.all([
      quorumlab(['check', '--ops', 'w1;w2;r', '--partitions', '1', '--crashes', '1', '--json']),
      quorumlab(['check', '--ops', 'w1;w2;r', '--json']),
      quorumlab(['check', '--ops', 'w1;w2;r', '--partitions', '1', '--crashes', '1']),
    ]);
    expect([faults.code, none.code, text.code]).toEqual([0, 0, 0]);
    const [faultsJson, noneJson] = [JSON.parse(faults.stdout) as QuotientJson, JSON.parse(none.stdout) as QuotientJson];
    expect(faultsJson.quotient?.removed).toEqual(['partitions', 'crashes']);
    expect(faultsJson.quotient?.rules).toContain('unobservable-faults');
    expect(faultsJson.config).toMatchObject({ partitions: 1, crashes: 1 });
    expect(faultsJson.stats.states).toBe(noneJson.stats.states);
    expect(noneJson.quotient).toBeNull();
    expect(lines(text.stdout)[2]).toBe(
      'faults:  the partition and the crash cannot change stale-read here (a strict quorum that waits, and no operation after one that could time out): checked without them',
    );
  });

  it('--quotient off searches the faults too: the same verdict and counterexample length, more states', { timeout: 120_000 }, async () => {
    // Availability sees the partition (a timeout is its violation): the lazy rule applies, not
    // the removal; stale-read holds, so both searches run to the end.
    const args = ['check', '--ops', 'w1;r', '--partitions', '1', '--property', 'stale-read', '--property', 'availability', '--json'];
    const [on, off] = await Promise.all([quorumlab(args), quorumlab([...args, '--quotient', 'off'])]);
    expect([on.code, off.code]).toEqual([1, 1]);
    const [onJson, offJson] = [JSON.parse(on.stdout) as QuotientJson, JSON.parse(off.stdout) as QuotientJson];
    expect(onJson.quotient?.rules).toEqual(['last-op-timeouts', 'lazy-faults']);
    expect(offJson.quotient).toBeNull();
    expect(onJson.properties).toEqual(offJson.properties);
    expect([onJson.exhaustive, offJson.exhaustive]).toEqual([true, true]);
    expect(onJson.stats.states).toBeLessThan(offJson.stats.states);
  });

  it('--quotient on where no quotient applies is bad input; --quotient takes on or off', async () => {
    const [live, word, deadlock] = await Promise.all([
      quorumlab(['check', '--quotient', 'on', '--property', 'convergence']),
      quorumlab(['check', '--quotient', 'maybe']),
      quorumlab(['check', '--quotient', 'on', '--deadlock', '--partitions', '1']),
    ]);
    expect([live.code, word.code, deadlock.code]).toEqual([2, 2, 2]);
    expect(lines(deadlock.stderr)).toEqual(['error: --quotient on: the quotients do not apply: --deadlock judges dead ends, and the quotients leave steps out; use --quotient off']);
    expect(lines(live.stderr)).toEqual([
      "error: --quotient on: the quotients do not apply: property 'convergence' is not a property of the history (the quotients preserve those only); use --quotient off",
    ]);
    expect(lines(word.stderr)).toEqual(["error: --quotient must be on or off (got 'maybe')"]);
  });
});
