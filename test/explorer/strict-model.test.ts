/**
 * `strictModel` finds each classic mistake, names the call, the action and the state, and
 * changes nothing for a spec that makes none.
 */
import { describe, expect, it } from 'vitest';
import { check, strictModel, StrictSpecError, type Model } from '../../explorer/index.ts';
import * as ewd840 from '../../examples/tla/ewd840.ts';
import * as twoPhase from '../../examples/tla/two-phase.ts';

interface Counter {
  n: number;
  seen: number[];
}

/** A counter from 0 to 3 whose calls are correct unless `bug` says otherwise. */
function counter(bug: Partial<Record<'mutate-next' | 'mutate-actions' | 'mutate-property' | 'random-actions' | 'identity-actions' | 'random-next' | 'missing-return' | 'throwing-property' | 'non-boolean' | 'random-init', boolean>> = {}): Model<Counter, string> {
  let calls = 0;
  return {
    name: 'counter',
    init: () => [{ n: 0, seen: [] }, ...(bug['random-init'] === true && calls++ > 0 ? [{ n: 1, seen: [] }] : [])],
    actions(s) {
      if (bug['mutate-actions'] === true) s.seen.push(0);
      if (s.n >= 3) return [];
      if (bug['random-actions'] === true) return calls++ % 2 === 0 ? ['inc', 'double'] : ['double', 'inc'];
      if (bug['identity-actions'] === true) return s.seen.length === 0 && s.n === 2 && Object.keys(s)[0] === 'seen' ? ['double', 'inc'] : ['inc', 'double'];
      return ['inc', 'double'];
    },
    next(s, a) {
      if (bug['missing-return'] === true && a === 'double') return undefined as unknown as Counter;
      if (bug['mutate-next'] === true) {
        s.n += 1;
        return { n: s.n, seen: s.seen };
      }
      // Equal states built with their keys in another order: 2 is reached by both actions.
      if (a === 'inc') return { n: s.n + 1, seen: [] };
      return { seen: [], n: Math.min(3, s.n * 2 + (bug['random-next'] === true ? calls++ % 2 : 0)) };
    },
    properties: [
      {
        name: 'small',
        kind: 'always',
        check(s) {
          if (bug['mutate-property'] === true) s.seen.push(1);
          if (bug['throwing-property'] === true && s.n === 2) throw new TypeError("Cannot read properties of undefined (reading 'x')");
          if (bug['non-boolean'] === true) return undefined as unknown as boolean;
          return s.n <= 3;
        },
      },
    ],
    describe: { action: (_s, a) => `${a} it`, state: (s) => ({ n: s.n, seen: [...s.seen] }) },
  };
}

async function strictError(model: Model<Counter, string>): Promise<string> {
  try {
    await check(strictModel(model));
  } catch (error) {
    expect(error).toBeInstanceOf(StrictSpecError);
    return (error as Error).message;
  }
  throw new Error('the strict search found nothing');
}

describe('strictModel', () => {
  it('changes nothing for a correct spec: the same states, transitions and verdicts', async () => {
    for (const model of [counter(), twoPhase.model({ RM: ['r1', 'r2', 'r3'] }) as Model<unknown, unknown>, ewd840.model({ N: 3 }) as Model<unknown, unknown>]) {
      const plain = await check(model as Model<unknown, unknown>);
      const strict = await check(strictModel(model as Model<unknown, unknown>));
      expect(strict.stats.states).toBe(plain.stats.states);
      expect(strict.stats.transitions).toBe(plain.stats.transitions);
      expect(strict.results.map((r) => r.verdict)).toEqual(plain.results.map((r) => r.verdict));
    }
  });

  const cases: [string, Parameters<typeof counter>[0], RegExp][] = [
    ['next mutating its input', { 'mutate-next': true }, /strict spec: next\(state, 'inc it'\) changed the state it was given \(return a new state instead\); the state is now \{"n":1,"seen":\[\]\}/],
    ['actions mutating its input', { 'mutate-actions': true }, /strict spec: actions\(state\) changed the state it was given/],
    ['a property mutating its input', { 'mutate-property': true }, /strict spec: property 'small' changed the state it was given/],
    ['actions answering differently when asked again', { 'random-actions': true }, /strict spec: actions\(state\) gave 2 actions and then 2 for the same state \{"n":0,"seen":\[\]\}; it must depend on the state alone/],
    ['actions giving equal states different lists', { 'identity-actions': true }, /strict spec: actions\(state\) gave two equal states different lists of actions .*\{"n":2,"seen":\[\]\}/],
    ['next answering differently when asked again', { 'random-next': true }, /strict spec: next\(state, 'double it'\) returned two different states for the same state and action/],
    ['next returning nothing', { 'missing-return': true }, /strict spec: next\(state, 'double it'\) returned undefined \(a missing return\?\) in state \{"n":0,"seen":\[\]\}/],
    ['a property that throws', { 'throwing-property': true }, /strict spec: property 'small' threw on state \{"n":2,"seen":\[\]\}: Cannot read properties of undefined \(reading 'x'\)/],
    ['a property that returns no boolean', { 'non-boolean': true }, /strict spec: property 'small' returned undefined, not true or false, on state \{"n":0,"seen":\[\]\}/],
    ['init answering differently when asked again', { 'random-init': true }, /strict spec: init\(\) returned 1 states and then 2 different ones/],
  ];
  for (const [what, bug, message] of cases) {
    it(`finds ${what}`, async () => {
      expect(await strictError(counter(bug))).toMatch(message);
    });
  }

  it('evaluates every property on every expanded state, also one the search has decided', async () => {
    // The plain search stops evaluating 'fragile' once its witness (the initial state) is
    // found, so it never sees the state where 'fragile' throws; the strict one does.
    const model: Model<number, string> = {
      name: 'early',
      init: () => [0],
      actions: (s) => (s < 3 ? ['inc'] : []),
      next: (s) => s + 1,
      properties: [
        { name: 'below-two', kind: 'always', check: (s) => s < 2 },
        { name: 'fragile', kind: 'sometimes', check: (s) => (s === 1 ? (null as unknown as { x: boolean }).x : s === 0) },
      ],
    };
    expect((await check(model)).results.map((r) => r.verdict)).toEqual(['violated', 'holds']);
    await expect(check(strictModel(model))).rejects.toThrow(/strict spec: property 'fragile' threw on state 1: Cannot read properties of null/);
  });
});
