import { describe, expect, it } from 'vitest';
import { parseCheckFlags } from '../../../cli/args/check-flags.ts';

describe('parseCheckFlags', () => {
  it('sets only the knobs that were given', () => {
    const parsed = parseCheckFlags({ w: '1', quorum: 'sloppy', handoff: true });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.overrides).toEqual({ w: 1, quorum: 'sloppy', handoff: true });
    expect([...parsed.value.overrideFlags.values()].sort()).toEqual(['--handoff', '--quorum', '--w']);
    expect(parsed.value.strategy).toBe('bfs');
    expect(parsed.value.workers).toBeUndefined();
    expect(parsed.value.symmetry).toBeUndefined();
    expect(parsed.value.reduction).toBeUndefined();
    expect(parsed.value.properties).toBeUndefined();
  });

  it('reads the ops script into client scripts', () => {
    const parsed = parseCheckFlags({ ops: 'w1,r;r' });
    expect(parsed.ok && parsed.value.overrides.ops).toEqual([
      [{ kind: 'write', value: 1 }, { kind: 'read' }],
      [{ kind: 'read' }],
    ]);
  });

  it('checks W and R against an N given on the same line, with the contract message', () => {
    const parsed = parseCheckFlags({ n: '3', w: '4' });
    expect(parsed).toEqual({ ok: false, error: { code: 'QL111', message: '--w must be between 1 and N=3 (got 4)' } });
  });

  it('rejects a bad ops script with the parser reason', () => {
    const parsed = parseCheckFlags({ ops: 'w1;x' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('QL112');
      expect(parsed.error.message).toMatch(/^--ops 'w1;x' does not parse: /);
    }
  });

  it('reads limits, strategy, symmetry, seed and outputs', () => {
    const parsed = parseCheckFlags({
      maxStates: '1000',
      maxDepth: '12',
      timeout: '2.5',
      maxMemory: '64MB',
      strategy: 'dfs',
      symmetry: 'off',
      por: 'off',
      seed: '7',
      workers: '4',
      property: ['stale-read', 'availability', 'stale-read'],
      out: 'out',
      png: true,
      json: true,
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.limits).toEqual({ maxStates: 1000, maxDepth: 12, timeoutSeconds: 2.5, maxMemoryBytes: 64 * 1048576 });
    expect(parsed.value.strategy).toBe('dfs');
    expect(parsed.value.symmetry).toBe(false);
    expect(parsed.value.reduction).toBe(false);
    expect(parsed.value.seed).toBe(7);
    expect(parsed.value.workers).toBe(4);
    expect(parsed.value.properties).toEqual(['stale-read', 'availability']);
    expect(parsed.value.png && parsed.value.json).toBe(true);
  });

  it('names the flag and the accepted words for each bad choice', () => {
    const cases: [Record<string, string>, string][] = [
      [{ resolve: 'newest' }, "--resolve must be one of lww, first, majority, vclock (got 'newest')"],
      [{ clock: 'atomic' }, "--clock must be one of logical, wall, vclock (got 'atomic')"],
      [{ readRepair: 'maybe' }, "--read-repair must be one of off, async, sync (got 'maybe')"],
      [{ mode: 'ca' }, "--mode must be one of quorum, cp, ap (got 'ca')"],
      [{ strategy: 'astar' }, "--strategy must be one of bfs, dfs, random (got 'astar')"],
      [{ por: 'maybe' }, "--por must be on or off (got 'maybe')"],
      [{ workers: '0' }, '--workers must be a whole number between 1 and 256 (got 0)'],
      [{ workers: 'x' }, "--workers must be a whole number between 1 and 256 (got 'x')"],
    ];
    for (const [raw, message] of cases) {
      expect(parseCheckFlags(raw)).toEqual({ ok: false, error: { code: 'QL103', message } });
    }
  });

  it('refuses --png without --out', () => {
    const parsed = parseCheckFlags({ png: true });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe('QL114');
  });
});
