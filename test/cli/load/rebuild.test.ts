import { describe, expect, it } from 'vitest';
import { quorumConfigFromJson, rebuildModel } from '../../../cli/load/rebuild.ts';
import { configJson } from '../../../cli/load/target.ts';
import { defaultConfig } from '../../../spec/protocols/config.ts';

describe('quorumConfigFromJson', () => {
  it('reads back what configJson wrote', () => {
    const config = { ...defaultConfig, n: 5, w: 3, r: 3, partitions: 1, partitionCut: [0, 1], names: { values: { 1: '$40' } } };
    const read = quorumConfigFromJson(configJson(config));
    expect(read.ok).toBe(true);
    if (read.ok) expect(configJson(read.value)).toEqual(configJson(config));
  });

  it('names a field of the wrong type, or a rule the model rejects', () => {
    const json = configJson(defaultConfig);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...json, w: '2' }, /'w' must be a number/],
      [{ ...json, handoff: 'yes' }, /'handoff' must be true or false/],
      [{ ...json, ops: [[{ kind: 'scribble' }]] }, /'ops' must be a list of client scripts/],
      [{ ...json, w: 7 }, /w must be an integer in 1\.\.3/],
    ];
    for (const [value, message] of cases) {
      const read = quorumConfigFromJson(value as ReturnType<typeof configJson>);
      expect(read.ok).toBe(false);
      if (!read.ok) {
        expect(read.error.code).toBe('QL141');
        expect(read.error.message).toMatch(message);
      }
    }
  });
});

describe('rebuildModel', () => {
  it('rebuilds the quorum model and refuses a model name that does not match', async () => {
    const config = configJson(defaultConfig);
    const ok = await rebuildModel({ source: 'default', model: 'quorum', config }, 'trace.itf.json', process.cwd());
    expect(ok.ok && ok.value.name).toBe('quorum');
    const mismatch = await rebuildModel({ source: 'default', model: 'paxos', config }, 'trace.itf.json', process.cwd());
    expect(mismatch.ok).toBe(false);
    if (!mismatch.ok) expect(mismatch.error.code).toBe('QL141');
  });
});
