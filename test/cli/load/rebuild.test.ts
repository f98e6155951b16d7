import { describe, expect, it } from 'vitest';
import { quorumConfigFromJson, rebuildModel } from '../../../cli/load/rebuild.ts';
import { configJson } from '../../../cli/load/target.ts';
import { defaultConfig } from '../../../spec/index.ts';

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
    const ok = await rebuildModel({ source: 'default', model: 'quorum', config }, undefined, process.cwd());
    expect(ok.ok && ok.value.model.name).toBe('quorum');
    const mismatch = await rebuildModel({ source: 'default', model: 'paxos', config }, undefined, process.cwd());
    expect(mismatch.ok).toBe(false);
    if (!mismatch.ok) expect(mismatch.error.code).toBe('QL141');
  });
});

describe('rebuildModel and spec modules', () => {
  const recorded = { source: 'examples/two-phase-commit.ts', model: 'two-phase-commit', config: { spec: 'examples/two-phase-commit.ts', model: 'two-phase-commit' } };

  it('never loads the module a trace names: without --spec it refuses, naming the flag', async () => {
    const refused = await rebuildModel(recorded, undefined, process.cwd());
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/replay loads a module only when the command names it: add --spec FILE \(e\.g\. --spec examples\/two-phase-commit\.ts\)/);
  });

  it('loads the module --spec names, with a note when it is not the recorded one', async () => {
    const same = await rebuildModel(recorded, 'examples/two-phase-commit.ts', process.cwd());
    expect(same.ok && same.value.note).toBeNull();
    const moved = await rebuildModel({ ...recorded, config: { ...recorded.config, spec: 'elsewhere/2pc.ts' } }, 'examples/two-phase-commit.ts', process.cwd());
    expect(moved.ok && moved.value.note).toBe("note: the trace was recorded from spec module 'elsewhere/2pc.ts'; replaying it against 'examples/two-phase-commit.ts'");
  });

  it('refuses --spec for a trace of the quorum model', async () => {
    const quorum = await rebuildModel({ source: 'default', model: 'quorum', config: configJson(defaultConfig) }, 'examples/two-phase-commit.ts', process.cwd());
    expect(quorum.ok).toBe(false);
  });
});
