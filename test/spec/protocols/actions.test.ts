import { describe, expect, it } from 'vitest';
import type { ClientOp } from '../../../spec/cluster/ops.ts';
import { defaultConfig, type QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel, type QuorumState } from '../../../spec/protocols/quorum-model.ts';
import { normalize } from '../../../spec/protocols/state.ts';
import { keyOf } from './brute-force.ts';

const w = (value: number): ClientOp => ({ kind: 'write', value });
const r: ClientOp = { kind: 'read' };

// A step inserts each message it sends at its canonical place and then sorts nothing: the
// full `normalize` (which sorts messages by content, ties by serial) must find nothing to do.
describe('every step leaves a state in canonical form', () => {
  const configs: [string, QuorumConfig][] = [
    ['w1;w2;r, a partition, a crash', { ...defaultConfig, ops: [[w(1)], [w(2)], [r]], partitions: 1, crashes: 1 }],
    ['first reply, async read repair, a drop', { ...defaultConfig, w: 1, resolve: 'first', readRepair: 'async', drops: 1, ops: [[w(1)], [r], [r]] }],
    ['sync read repair (write-backs), two writers that read back', { ...defaultConfig, readRepair: 'sync', ops: [[w(1), r], [w(2), r]] }],
    ['ap mode: hints, retries after giving up, handoff, a partition', { ...defaultConfig, mode: 'ap', handoff: true, partitions: 1, ops: [[w(1)], [r]] }],
    ['sloppy quorum with a spare, handoff, anti-entropy, a partition', { ...defaultConfig, w: 1, r: 1, spares: 1, quorum: 'sloppy', handoff: true, antiEntropy: true, partitions: 1, ops: [[w(1)], [w(2)], [r]] }],
    ['vector clocks, majority resolution, a drop', { ...defaultConfig, w: 1, r: 2, clock: 'vclock', resolve: 'majority', drops: 1, ops: [[w(1)], [w(2)], [r]] }],
  ];

  it.each(configs)('%s', (_, config) => {
    const model = quorumModel(config);
    const seen = new Set<string>();
    let frontier: QuorumState[] = [...model.init()];
    let steps = 0;
    let sends = 0;
    while (frontier.length > 0 && seen.size < 10_000) {
      const next: QuorumState[] = [];
      for (const s of frontier) {
        for (const action of model.actions(s)) {
          const after = model.next(s, action);
          steps++;
          if (after.serial > s.serial) sends++;
          if (normalize(after, config) !== after) expect(normalize(after, config), `after ${JSON.stringify(action)} in ${JSON.stringify(s)}`).toBe(after);
          const key = keyOf(model, after);
          if (seen.has(key)) continue;
          seen.add(key);
          next.push(after);
        }
      }
      frontier = next;
    }
    // Not vacuous: many steps, and many of them sent messages.
    expect(steps).toBeGreaterThan(1000);
    expect(sends).toBeGreaterThan(100);
  }, 300_000);
});
