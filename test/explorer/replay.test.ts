import { describe, expect, it } from 'vitest';
import { ExplorerError, replay } from '../../explorer/index.ts';
import { dieHardModel } from './fixtures/die-hard.ts';

describe('replay', () => {
  it('rebuilds the states and actions of a trace given as indices', () => {
    // Moves are listed fill-small, fill-big, empty-small, empty-big, small-to-big, big-to-small:
    // fill big (1), then pour big into small (5): (0,0) -> (0,5) -> (3,2).
    const trace = replay(dieHardModel(), 0, [1, 5]);
    expect(trace.states).toEqual([
      { small: 0, big: 0 },
      { small: 0, big: 5 },
      { small: 3, big: 2 },
    ]);
    expect(trace.actions).toEqual(['fill-big', 'big-to-small']);
    expect(trace.actionIndices).toEqual([1, 5]);
  });

  it('throws EXP_REPLAY on an index out of range', () => {
    expect(() => replay(dieHardModel(), 1, [])).toThrow(ExplorerError);
    expect(() => replay(dieHardModel(), 0, [6])).toThrow(/EXP_REPLAY: step 1: action 6 out of range \(6 enabled\)/);
    expect(() => replay(dieHardModel(), 0, [0, -1])).toThrow(/step 2/);
  });
});
