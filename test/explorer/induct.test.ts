import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../explorer/check.ts';
import { checkInductive, formatCount, InductError, type Invariant } from '../../explorer/induct.ts';
import type { Model } from '../../explorer/model.ts';

/** A counter that counts up to 10: `inc` is guarded by x < 10. */
interface Counter {
  readonly x: number;
}

const counter: Model<Counter, 'inc'> = {
  name: 'counter',
  init: () => [{ x: 0 }],
  actions: (s) => (s.x < 10 ? ['inc'] : []),
  next: (s) => ({ x: s.x + 1 }),
  encode: (s, out) => { out.varint(s.x); },
  properties: [],
  describe: { action: () => 'x := x + 1', state: (s) => ({ x: s.x }) },
};

const atMostTen: Invariant<Counter> = { name: 'x <= 10', holds: (s) => s.x <= 10 };

/** x in 0..20: the bounded domain of the counter. */
function* counterDomain(): Iterable<Counter> {
  for (let x = 0; x <= 20; x++) yield { x };
}

/**
 * Two counters that move together up to K=3; `wrap` resets x when it reads K+1, which no
 * reachable state has. "x == y" is true on every reachable state but not inductive: (4, 4)
 * satisfies it and `wrap` leads to (0, 4). "x == y and x <= 3" is inductive.
 */
interface Pair {
  readonly x: number;
  readonly y: number;
}
type PairAction = 'inc' | 'wrap';
const K = 3;
const pair: Model<Pair, PairAction> = {
  name: 'pair',
  init: () => [{ x: 0, y: 0 }],
  actions: (s) => {
    const out: PairAction[] = [];
    if (s.x < K) out.push('inc');
    if (s.x === K + 1) out.push('wrap');
    return out;
  },
  next: (s, a) => (a === 'inc' ? { x: s.x + 1, y: s.y + 1 } : { x: 0, y: s.y }),
  encode: (s, out) => {
    out.u8(s.x);
    out.u8(s.y);
  },
  properties: [],
};
const equal: Invariant<Pair> = { name: 'x == y', holds: (s) => s.x === s.y };
const equalBounded: Invariant<Pair> = { name: 'x == y and x <= 3', holds: (s) => s.x === s.y && s.x <= K };

/** x, y in 0..5: 36 states. */
function* pairDomain(): Iterable<Pair> {
  for (let x = 0; x <= 5; x++) for (let y = 0; y <= 5; y++) yield { x, y };
}
const pairArbitrary = fc.record({ x: fc.integer({ min: 0, max: 5 }), y: fc.integer({ min: 0, max: 5 }) });

describe('checkInductive on a counter', () => {
  it('x <= 10 is inductive, exhaustively over x in 0..20', () => {
    const result = checkInductive(counter, atMostTen, { arbitrary: fc.nat(20).map((x) => ({ x })), exhaustive: counterDomain });
    // By hand: 21 states enumerated, x in 0..10 satisfy (11), `inc` is enabled for x in 0..9 (10 steps).
    expect(result.verdict).toBe('inductive');
    if (result.verdict !== 'inductive') return;
    expect(result.proof).toBe(true);
    expect(result.coverage).toEqual({ kind: 'exhaustive', states: 21, satisfying: 11, transitions: 10 });
    expect(result.covered).toBe('exhaustive over 21 states of the bounded domain, 11 satisfying the invariant (10 steps checked): a proof for this domain');
  });

  it('x <= 10 is inductive on generated states too, but that is only evidence', () => {
    const result = checkInductive(counter, atMostTen, { arbitrary: fc.integer({ min: -5, max: 30 }).map((x) => ({ x })) }, { numRuns: 500, seed: 7 });
    expect(result.verdict).toBe('inductive');
    if (result.verdict !== 'inductive') return;
    expect(result.proof).toBe(false);
    expect(result.coverage.kind).toBe('generated');
    if (result.coverage.kind !== 'generated') return;
    expect(result.coverage.tried).toBe(500);
    expect(result.coverage.satisfying).toBeGreaterThan(0);
    expect(result.coverage.satisfying).toBeLessThan(500);
    expect(result.covered).toMatch(/^500 generated states, [\d,]+ satisfying the invariant \([\d,]+ steps checked; seed 7\): evidence, not a proof$/);
  });

  it('says when generated states never satisfy the invariant: nothing was checked', () => {
    const result = checkInductive(counter, atMostTen, { arbitrary: fc.integer({ min: 11, max: 30 }).map((x) => ({ x })) }, { numRuns: 50 });
    expect(result.verdict).toBe('inductive');
    expect(result.covered).toBe('50 generated states, none satisfying the invariant (seed 1): nothing was checked');
  });

  it('x <= 9 is not inductive: from x = 9, inc gives 10', () => {
    const result = checkInductive(counter, { name: 'x <= 9', holds: (s) => s.x <= 9 }, { arbitrary: fc.nat(20).map((x) => ({ x })), exhaustive: counterDomain });
    expect(result.verdict).toBe('not-inductive');
    if (result.verdict !== 'not-inductive') return;
    expect(result.step.state).toEqual({ x: 9 });
    expect(result.step.successor).toEqual({ x: 10 });
    expect(result.step.actionLabel).toBe('x := x + 1');
    expect(result.step.stateView).toEqual({ x: 9 });
    expect(result.breakingStates).toBe(1);
  });

  it('says not-initial when an initial state fails the invariant', () => {
    const result = checkInductive(counter, { name: 'x > 0', holds: (s) => s.x > 0 }, { arbitrary: fc.nat(20).map((x) => ({ x })) });
    expect(result.verdict).toBe('not-initial');
    if (result.verdict !== 'not-initial') return;
    expect(result.state).toEqual({ x: 0 });
    expect(result.initialIndex).toBe(0);
  });

  it('checks the implied property on every satisfying state', () => {
    const space = { arbitrary: fc.nat(20).map((x) => ({ x })), exhaustive: counterDomain };
    const implied = checkInductive(counter, atMostTen, space, { implies: { name: 'x < 11', holds: (s) => s.x < 11 } });
    expect(implied.verdict === 'inductive' && implied.implication).toEqual({ property: 'x < 11', implied: true });
    const notImplied = checkInductive(counter, atMostTen, space, { implies: { name: 'x < 5', holds: (s) => s.x < 5 } });
    // The first satisfying state in enumeration order that breaks x < 5 is x = 5.
    expect(notImplied.verdict === 'inductive' && notImplied.implication).toEqual({ property: 'x < 5', implied: false, state: { x: 5 }, stateView: { x: 5 } });
  });

  it('reports a model that throws on a state of the space as an InductError', () => {
    const fragile: Model<Counter, 'inc'> = { ...counter, next: (s) => (s.x === 3 ? fail() : { x: s.x + 1 }) };
    expect(() => checkInductive(fragile, atMostTen, { arbitrary: fc.nat(20).map((x) => ({ x })), exhaustive: counterDomain })).toThrow(InductError);
    expect(() => checkInductive(fragile, atMostTen, { arbitrary: fc.nat(20).map((x) => ({ x })) }, { numRuns: 200 })).toThrow(/threw on a state of the state space: boom \(state: \{"x":3\}\)/);
  });
});

function fail(): never {
  throw new Error('boom');
}

describe('checkInductive on two counters (strengthening)', () => {
  it('x == y and its strengthening both hold on every reachable state (explorer)', async () => {
    const withProperties: Model<Pair, PairAction> = {
      ...pair,
      properties: [
        { name: 'equal', kind: 'always', check: equal.holds },
        { name: 'equal-bounded', kind: 'always', check: equalBounded.holds },
      ],
    };
    const result = await check(withProperties);
    expect(result.verdict).toBe('holds');
    // Reachable by hand: (0,0) .. (3,3).
    expect(result.stats.states).toBe(4);
  });

  it('x == y is not inductive: (4, 4) wraps to (0, 4)', () => {
    const result = checkInductive(pair, equal, { arbitrary: pairArbitrary, exhaustive: pairDomain });
    // By hand: 36 states, 6 on the diagonal; only (4, 4) has `wrap` enabled.
    expect(result.verdict).toBe('not-inductive');
    if (result.verdict !== 'not-inductive') return;
    expect(result.step.state).toEqual({ x: 4, y: 4 });
    expect(result.step.action).toBe('wrap');
    expect(result.step.actionLabel).toBe('"wrap"');
    expect(result.step.successor).toEqual({ x: 0, y: 4 });
    expect(result.breakingStates).toBe(1);
    expect(result.coverage).toEqual({ kind: 'exhaustive', states: 36, satisfying: 6, transitions: 4 });
  });

  it('x == y is not inductive by generation either, and fast-check finds the same state', () => {
    const result = checkInductive(pair, equal, { arbitrary: pairArbitrary }, { numRuns: 5_000, seed: 3 });
    expect(result.verdict).toBe('not-inductive');
    if (result.verdict !== 'not-inductive') return;
    expect(result.step.state).toEqual({ x: 4, y: 4 });
    expect(result.coverage.kind).toBe('generated');
    expect(result.covered).toMatch(/^found after [\d,]+ generated states/);
  });

  it('x == y and x <= 3 is inductive', () => {
    const result = checkInductive(pair, equalBounded, { arbitrary: pairArbitrary, exhaustive: pairDomain });
    // By hand: (0,0)..(3,3) satisfy it; inc is enabled on three of them; wrap on none.
    expect(result.verdict).toBe('inductive');
    expect(result.verdict === 'inductive' && result.coverage).toEqual({ kind: 'exhaustive', states: 36, satisfying: 4, transitions: 3 });
  });

  it('the smallest breaking state is chosen by encoded size', () => {
    // By hand: only inc raises y, so the breaking states are (x, 2) with inc enabled (x < 3):
    // (0,2), (1,2), (2,2). All encode to 2 bytes, so the first enumerated is shown.
    const result = checkInductive(pair, { name: 'y <= 2', holds: (s) => s.y <= 2 }, { arbitrary: pairArbitrary, exhaustive: pairDomain });
    expect(result.verdict === 'not-inductive' && result.step.state).toEqual({ x: 0, y: 2 });
    expect(result.verdict === 'not-inductive' && result.breakingStates).toBe(3);
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(41472)).toBe('41,472');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
