import { describe, expect, it } from 'vitest';
import type { Model, Property } from '../../../explorer/index.ts';
import { judgeTrace } from '../../../cli/search/judge-trace.ts';

/** A ring 0 -> 1 -> 2 -> 0, plus an exit 2 -> 3 where 3 is a dead end. Action 0 goes round, action 1 exits. */
const ring: Model<number, 'round' | 'exit'> = {
  name: 'ring',
  init: () => [0],
  actions: (s) => (s === 3 ? [] : s === 2 ? ['round', 'exit'] : ['round']),
  next: (s, a) => (a === 'exit' ? 3 : (s + 1) % 3),
  encode: (s, out) => { out.u8(s); },
  properties: [],
};

const property = (kind: Property<number>['kind'], check: (s: number) => boolean): Property<number> => ({ name: 'p', kind, check });

describe('judgeTrace', () => {
  it('always: shows when some state fails', () => {
    expect(judgeTrace(ring, property('always', (s) => s < 2), [0, 1, 2], undefined)).toEqual({ stillShows: true, detail: 'p fails in state 2 (after step 2)' });
    expect(judgeTrace(ring, property('always', () => true), [0, 1, 2], undefined).stillShows).toBe(false);
  });

  it('sometimes: shows when the last state witnesses it', () => {
    expect(judgeTrace(ring, property('sometimes', (s) => s === 2), [0, 1, 2], undefined).stillShows).toBe(true);
    expect(judgeTrace(ring, property('sometimes', (s) => s === 1), [0, 1, 2], undefined).stillShows).toBe(false);
  });

  it('eventually: a closing loop with no passing state shows; a passing state anywhere does not', () => {
    // 0 -> 1 -> 2, then action 0 ('round') from 2 returns to state 0: the cycle closes at index 0.
    const loop = { start: 0, actionIndex: 0 };
    expect(judgeTrace(ring, property('eventually', (s) => s === 3), [0, 1, 2], loop).stillShows).toBe(true);
    expect(judgeTrace(ring, property('eventually', (s) => s === 1), [0, 1, 2], loop).stillShows).toBe(false);
    // Action 1 ('exit') from 2 leads to 3, not back to 0: the loop does not close.
    expect(judgeTrace(ring, property('eventually', (s) => s === 5), [0, 1, 2], { start: 0, actionIndex: 1 }).stillShows).toBe(false);
  });

  it('eventually: a trace into a dead end shows only if it is still a dead end', () => {
    expect(judgeTrace(ring, property('eventually', (s) => s === 5), [0, 1, 2, 3], undefined).stillShows).toBe(true);
    expect(judgeTrace(ring, property('eventually', (s) => s === 5), [0, 1, 2], undefined).stillShows).toBe(false);
  });

  it('always-eventually: only the cycle matters', () => {
    // The whole ring 0 -> 1 -> 2 -> 0 is the cycle: P must fail on all of it to show.
    const loop = { start: 0, actionIndex: 0 };
    expect(judgeTrace(ring, property('always-eventually', (s) => s === 3), [0, 1, 2], loop).stillShows).toBe(true);
    expect(judgeTrace(ring, property('always-eventually', (s) => s === 2), [0, 1, 2], loop).stillShows).toBe(false);
  });
});
