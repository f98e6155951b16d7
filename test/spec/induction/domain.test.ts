import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrowableByteWriter } from '../../../explorer/index.ts';
import { defaultConfig, type QuorumConfig } from '../../../spec/protocols/config.ts';
import { quorumModel } from '../../../spec/protocols/quorum-model.ts';
import { encodeState, type QuorumState } from '../../../spec/protocols/state.ts';
import { topology } from '../../../spec/protocols/actions.ts';
import {
  allHistories,
  domainSize,
  enumerateQuorumStates,
  inductionSupport,
  quorumStateArbitrary,
  quorumStateSpace,
} from '../../../spec/induction/domain.ts';
import { wellFormedProblem } from '../../../spec/induction/invariants.ts';

const writer = new GrowableByteWriter();
function key(s: QuorumState): string {
  writer.reset();
  encodeState(s, writer);
  return Buffer.from(writer.bytes.subarray(0, writer.length)).toString('latin1');
}

/** Every reachable state, by a plain BFS over the model (independent of the explorer). */
function reachable(config: QuorumConfig): QuorumState[] {
  const model = quorumModel(config);
  const seen = new Set<string>();
  const out: QuorumState[] = [];
  for (const s of model.init()) {
    if (seen.has(key(s))) continue;
    seen.add(key(s));
    out.push(s);
  }
  for (let i = 0; i < out.length; i++) {
    for (const a of model.actions(out[i])) {
      const next = model.next(out[i], a);
      const k = key(next);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(next);
    }
  }
  return out;
}

describe('the bounded domain of the quorum model', () => {
  it('has 42 histories and 296,324 states for N=3 W=2 R=2, ops w1;r, no faults', () => {
    // Histories by hand (readable values 0 and 1): empty 1; the write alone pending, ok or
    // timed out 3; the read alone pending, ok 0, ok 1, timed out 4; write first: the read after
    // nothing (write pending or timed out at its invocation: write pending/ok/timeout x read
    // 4 outcomes = 12) or after the write (4); read first: the write after nothing (4 x 3 = 12)
    // or after an ok read (2 x 3 = 6). 1 + 3 + 4 + 16 + 18 = 42.
    expect(allHistories(defaultConfig)?.length).toBe(42);
    expect(allHistories(defaultConfig, 41)).toBeNull();
    // States by hand: replicas |E|^3 (E = initial entry plus one per write); a pending write has
    // 4 places per replica (4^3 = 64), a finished one 2 (8); a pending read 2 + 2|E| (6^3 = 216
    // when the write exists, 4^3 = 64 when not). Empty 1; write alone 8*64 + 2*8*8 = 640; read
    // alone 64 + 3 = 67; write first 110,592 + 1,536 + 27,648 + 384 + 13,824 + 192 = 154,176;
    // read first 110,592 + 27,648 + 1,536 + 384 + 1,024 + 256 = 141,440. Total 296,324.
    expect(domainSize(defaultConfig)).toBe(296_324);
  });

  it('the enumerator yields domainSize distinct states, each well-formed or not, and every reachable state among them (N=2 W=2 R=1)', () => {
    const config: QuorumConfig = { ...defaultConfig, n: 2, w: 2, r: 1 };
    const keys = new Set<string>();
    let count = 0;
    for (const s of enumerateQuorumStates(config)) {
      keys.add(key(s));
      count++;
    }
    expect(count).toBe(domainSize(config));
    expect(keys.size).toBe(count);
    const t = topology(config);
    for (const s of reachable(config)) {
      expect(wellFormedProblem(t, s)).toBeNull();
      expect(keys.has(key(s))).toBe(true);
    }
  });

  // The enumeration is a proof only if every well-formed state is in it: check that the domain is
  // closed under the model's steps, as far as well-formedness goes.
  for (const [label, config] of [
    ['crashes and drops', { ...defaultConfig, n: 2, w: 2, r: 1, crashes: 1, drops: 1 }],
    ['a partition', { ...defaultConfig, n: 2, w: 2, r: 1, partitions: 1 }],
    ['cp mode and a partition', { ...defaultConfig, n: 2, w: 2, r: 1, partitions: 1, mode: 'cp' }],
    ['asynchronous read repair and a drop', { ...defaultConfig, n: 2, w: 2, r: 1, readRepair: 'async', drops: 1 }],
  ] as const) {
    it(`every well-formed successor of a well-formed state is in the domain, and so is every reachable state (N=2 W=2 R=1, ${label})`, () => {
      const model = quorumModel(config);
      const t = topology(config);
      const states = [...enumerateQuorumStates(config)];
      const keys = new Set(states.map(key));
      for (const s of reachable(config)) {
        expect(wellFormedProblem(t, s)).toBeNull();
        expect(keys.has(key(s))).toBe(true);
      }
      let checked = 0;
      for (const s of states) {
        if (wellFormedProblem(t, s) !== null) continue;
        for (const a of model.actions(s)) {
          const next = model.next(s, a);
          if (wellFormedProblem(t, next) !== null) continue;
          checked++;
          if (!keys.has(key(next))) expect.fail(`not in the domain: ${JSON.stringify(model.describe?.state?.(next))}`);
        }
      }
      expect(checked).toBeGreaterThan(0);
    }, 300_000);
  }

  it('well-formedness is preserved by every step from a well-formed state (generated, with faults and anti-entropy)', () => {
    const config: QuorumConfig = { ...defaultConfig, ops: [[{ kind: 'write', value: 1 }, { kind: 'read' }], [{ kind: 'write', value: 2 }], [{ kind: 'read' }]], partitions: 1, drops: 1, crashes: 1, antiEntropy: true };
    const model = quorumModel(config);
    const t = topology(config);
    fc.assert(
      fc.property(quorumStateArbitrary(config), (s) => {
        if (wellFormedProblem(t, s) !== null) return;
        for (const a of model.actions(s)) expect(wellFormedProblem(t, model.next(s, a))).toBeNull();
      }),
      { numRuns: 3_000, seed: 11 },
    );
  });

  it('offers the enumerator only up to the limit', () => {
    expect(quorumStateSpace(defaultConfig, 1_000).exhaustive).toBeUndefined();
    expect(quorumStateSpace(defaultConfig, 1_000).size).toBeNull();
    expect(domainSize(defaultConfig, 296_324)).toBe(296_324);
    expect(domainSize(defaultConfig, 296_323)).toBeNull();
    expect(quorumStateSpace({ ...defaultConfig, n: 2, w: 2, r: 1 }).exhaustive).toBeDefined();
  });

  it('says which configurations the invariants are stated for', () => {
    expect(inductionSupport(defaultConfig)).toBeNull();
    expect(inductionSupport({ ...defaultConfig, crashes: 1, stateLoss: true, partitions: 1, drops: 2, antiEntropy: true })).toBeNull();
    expect(inductionSupport({ ...defaultConfig, quorum: 'sloppy', spares: 1 })).toMatch(/not for --quorum sloppy --spares 1$/);
    expect(inductionSupport({ ...defaultConfig, readRepair: 'async' })).toBeNull();
    expect(inductionSupport({ ...defaultConfig, readRepair: 'sync' })).toMatch(/not for --read-repair sync$/);
    expect(inductionSupport({ ...defaultConfig, mode: 'cp', partitions: 1 })).toBeNull();
    expect(inductionSupport({ ...defaultConfig, mode: 'ap' })).toMatch(/not for --mode ap$/);
    expect(inductionSupport({ ...defaultConfig, w: 4 })).toMatch(/^w must be/);
  });
});
