import { describe, expect, it } from 'vitest';
import { defaultConfig, validateConfig } from '../../../spec/protocols/config.ts';
import type { QuorumConfig } from '../../../spec/protocols/config.ts';

describe('validateConfig', () => {
  it('accepts the default config', () => {
    expect(validateConfig(defaultConfig)).toBeNull();
  });

  const bad: [string, Partial<QuorumConfig>, RegExp][] = [
    ['W above N', { w: 4 }, /^w must be an integer in 1\.\.3/],
    ['R of 0', { r: 0 }, /^r must be/],
    ['negative spares', { spares: -1 }, /^spares/],
    ['negative drops', { drops: -1 }, /^drops/],
    ['sloppy without spares', { quorum: 'sloppy' }, /sloppy quorum needs spares/],
    ['vclock resolve with logical clock', { resolve: 'vclock' }, /resolve vclock needs clock vclock/],
    ['vclock clock with lww', { clock: 'vclock' }, /clock vclock/],
    ['skew without wall clocks', { skew: 1 }, /skew/],
    ['a site per client', { clientSites: [0] }, /clientSites/],
    ['a cut naming every node', { partitionCut: [0, 1, 2] }, /partitionCut/],
  ];
  it.each(bad)('rejects %s in one line', (_, change, reason) => {
    const problem = validateConfig({ ...defaultConfig, ...change });
    expect(problem).toMatch(reason);
    expect(problem).not.toContain('\n');
  });

  it('accepts sloppy quorums in ap mode without spares', () => {
    expect(validateConfig({ ...defaultConfig, quorum: 'sloppy', mode: 'ap' })).toBeNull();
  });
});
