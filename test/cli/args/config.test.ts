import { describe, expect, it } from 'vitest';
import { configLine, mergeConfig } from '../../../cli/args/config.ts';
import { parseCheckFlags } from '../../../cli/args/check-flags.ts';
import { defaultConfig, type QuorumConfig } from '../../../spec/index.ts';

function flags(raw: Parameters<typeof parseCheckFlags>[0]) {
  const parsed = parseCheckFlags(raw);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const bankLike: QuorumConfig = {
  ...defaultConfig,
  n: 5,
  w: 3,
  r: 3,
  partitions: 1,
  partitionCut: [0, 1],
  clientSites: [0, 3],
  names: { clients: ['teller', 'customer'] },
};

describe('mergeConfig', () => {
  it('lays the given flags over the base', () => {
    const merged = mergeConfig(bankLike, 'scenario bank', flags({ mode: 'ap', quorum: 'sloppy' }));
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.value.mode).toBe('ap');
    expect(merged.value.w).toBe(3);
    expect(merged.value.partitionCut).toEqual([0, 1]);
    expect(merged.value.names).toEqual({ clients: ['teller', 'customer'] });
  });

  it('checks an explicit --w against the base N', () => {
    const merged = mergeConfig(defaultConfig, 'the default configuration', flags({ w: '4' }));
    expect(merged).toEqual({ ok: false, error: { code: 'QL111', message: '--w must be between 1 and N=3 (got 4)' } });
  });

  it('explains a base W that no longer fits a smaller --n', () => {
    const merged = mergeConfig(bankLike, 'scenario bank', flags({ n: '2' }));
    expect(merged.ok).toBe(false);
    if (!merged.ok) expect(merged.error.message).toBe('W=3 from scenario bank needs N >= 3, but --n is 2');
  });

  it('drops node-indexed extras when the cluster changes shape', () => {
    const merged = mergeConfig(bankLike, 'scenario bank', flags({ n: '4' }));
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    expect(merged.value.partitionCut).toBeUndefined();
    expect(merged.value.clientSites).toBeUndefined();
    // The clients' names may say where they sit, so they go with the sites.
    expect(merged.value.names).toBeUndefined();
  });

  it('keeps client names without sites when only the scripts stay the same', () => {
    const unsited: QuorumConfig = { ...bankLike, clientSites: undefined, partitionCut: undefined };
    const merged = mergeConfig(unsited, 'a spec', flags({ n: '4' }));
    expect(merged.ok).toBe(true);
    if (merged.ok) expect(merged.value.names).toEqual({ clients: ['teller', 'customer'] });
  });

  it('passes the model validation message through', () => {
    const merged = mergeConfig(defaultConfig, 'the default configuration', flags({ resolve: 'vclock' }));
    expect(merged.ok).toBe(false);
    if (!merged.ok) {
      expect(merged.error.code).toBe('QL111');
      expect(merged.error.message).toMatch(/^invalid configuration \(the default configuration with --resolve\): /);
    }
  });
});

describe('configLine', () => {
  it('prints the knobs in one line, faults only when budgeted', () => {
    expect(configLine(defaultConfig)).toBe('N=3 W=2 R=2 strict lww logical read-repair=off mode=quorum ops=w1;r');
    expect(configLine({ ...defaultConfig, spares: 1, quorum: 'sloppy', handoff: true, partitions: 1, crashes: 1, stateLoss: true })).toBe(
      'N=3 W=2 R=2 spares=1 sloppy lww logical read-repair=off handoff mode=quorum ops=w1;r partitions=1 crashes=1 (state loss)',
    );
  });
});
