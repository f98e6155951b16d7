import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTION_TAKEN, parseItf, toItf, type ItfInput } from '../../reports/itf.ts';
import type { JsonValue } from '../../explorer/index.ts';
import { ghostActionLabels, ghostStates } from './fixtures/sloppy-ghost.ts';

const ghostItf: ItfInput = {
  source: 'sloppy-ghost',
  model: 'quorum',
  config: { n: 3, w: 2, r: 2, quorum: 'sloppy', spares: 1 },
  property: 'stale-read',
  init: 0,
  actionIndices: ghostActionLabels.map((_, i) => i % 3),
  actionLabels: ghostActionLabels,
  states: ghostStates,
};

function parsedOk(text: string) {
  const parsed = parseItf(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.trace;
}

/** An ITF document as the tests read it. */
interface ItfDocument {
  readonly '#meta': Readonly<Record<string, unknown>>;
  readonly vars: readonly string[];
  readonly states: readonly Readonly<Record<string, unknown>>[];
  readonly loop?: number;
}

describe('toItf', () => {
  it('writes the ITF shape: #meta, vars, states with #meta.index, the action taken', () => {
    const document = JSON.parse(toItf(ghostItf)) as ItfDocument;
    expect(Object.keys(document)).toEqual(['#meta', 'vars', 'states']);
    expect(document['#meta'].format).toBe('ITF');
    expect(document.vars).toEqual(['R1', 'R2', 'R3', 'S1', 'net', 'ops', 'inFlight', ACTION_TAKEN]);
    expect(document.states).toHaveLength(14);
    document.states.forEach((state, i) => {
      expect(state['#meta']).toEqual({ index: i });
      expect(state[ACTION_TAKEN]).toBe(i === 0 ? 'init' : ghostActionLabels[i - 1]);
    });
    expect(document['#meta'].actionIndices).toEqual(ghostItf.actionIndices);
    expect(document['#meta'].source).toBe('sloppy-ghost');
  });

  it('encodes integers outside the safe range as #bigint, and null and fractions as #unserializable', () => {
    const document = JSON.parse(
      toItf({ ...ghostItf, actionIndices: [], actionLabels: [], states: [{ big: 2 ** 60, small: -7, none: null, half: 0.5 }] }),
    ) as ItfDocument;
    expect(document.states[0].big).toEqual({ '#bigint': '1152921504606846976' });
    expect(document.states[0].small).toBe(-7);
    expect(document.states[0].none).toEqual({ '#unserializable': 'null' });
    expect(document.states[0].half).toEqual({ '#unserializable': '0.5' });
  });

  it('writes the loop index of a lasso, and no timestamp', () => {
    const text = toItf({ ...ghostItf, loop: 9, loopActionIndex: 2 });
    expect((JSON.parse(text) as ItfDocument).loop).toBe(9);
    expect(text).not.toMatch(/timestamp/);
    expect(toItf({ ...ghostItf, loop: 9, loopActionIndex: 2 })).toBe(text);
  });

  it('refuses mismatched lengths', () => {
    expect(() => toItf({ ...ghostItf, actionLabels: ghostActionLabels.slice(1) })).toThrow(/13 indices and 12 labels/);
  });
});

describe('parseItf', () => {
  it('round-trips a trace written by toItf', () => {
    const trace = parsedOk(toItf({ ...ghostItf, loop: 3, loopActionIndex: 1 }));
    expect(trace.states.map(({ [ACTION_TAKEN]: _, ...view }) => view)).toEqual(ghostStates);
    expect(trace.replay).toEqual({
      source: 'sloppy-ghost',
      model: 'quorum',
      config: ghostItf.config,
      property: 'stale-read',
      init: 0,
      actionIndices: ghostItf.actionIndices,
      actionLabels: ghostActionLabels,
      loopActionIndex: 1,
    });
    expect(trace.loop).toBe(3);
  });

  it('round-trips any JSON view (integers, strings, booleans, null, arrays, records)', () => {
    const jsonValue: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        fc.string(),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(fc.string().filter((k) => !k.startsWith('#') && k !== 'tag'), tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    const view = fc.dictionary(fc.string({ minLength: 1 }).filter((k) => !k.startsWith('#') && k !== ACTION_TAKEN), jsonValue, {
      minKeys: 1,
      maxKeys: 4,
    });
    fc.assert(
      fc.property(view, (v) => {
        const text = toItf({ ...ghostItf, actionIndices: [0], actionLabels: ['a'], states: [v, v] });
        const trace = parsedOk(text);
        const { [ACTION_TAKEN]: _, ...back } = trace.states[1];
        expect(back).toEqual(v);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a trace written by Quint (#bigint, #set, #tup, #map, variants, no replay metadata)', () => {
    const quint = JSON.stringify({
      '#meta': { format: 'ITF', source: 'bank.qnt', status: 'ok', timestamp: 1786569203837 },
      vars: ['balances', 'mbt::actionTaken'],
      states: [
        {
          '#meta': { index: 0 },
          balances: { '#map': [['alice', { '#bigint': '0' }]] },
          'mbt::actionTaken': 'init',
        },
        {
          '#meta': { index: 1 },
          balances: { '#map': [['alice', { '#bigint': '99999999999999999999' }]] },
          'mbt::actionTaken': { tag: 'Some', value: { '#tup': [{ '#set': [] }, 'x'] } },
        },
      ],
    });
    const trace = parsedOk(quint);
    expect(trace.replay).toBeUndefined();
    expect(trace.states[0].balances).toEqual([['alice', 0]]);
    expect(trace.states[1].balances).toEqual([['alice', { '#bigint': '99999999999999999999' }]]);
    expect(trace.states[1]['mbt::actionTaken']).toEqual({ tag: 'Some', value: [[], 'x'] });
  });

  const good = toItf(ghostItf);
  type State = Record<string, unknown> & { '#meta': { index: number } };
  interface Doc {
    '#meta': Record<string, unknown> & { actionIndices: number[]; actionLabels: string[] };
    vars: unknown;
    states: State[];
    loop?: number;
    extra?: boolean;
  }
  const mutate = (f: (d: Doc) => void): string => {
    const document = JSON.parse(good) as Doc;
    f(document);
    return JSON.stringify(document);
  };
  const rejections: [string, string, RegExp][] = [
    ['a truncated file', good.slice(0, good.length / 2), /not valid JSON \(a truncated or damaged file\?\)/],
    ['an empty file', '', /not valid JSON/],
    ['a top-level array', '[]', /top level must be an object, got an array/],
    ['no states', mutate((d) => (d.states = [])), /"states" is empty/],
    ['states not an array', mutate((d) => ((d as { states: unknown }).states = {})), /"states" must be an array, got an object/],
    ['vars not strings', mutate((d) => (d.vars = [1])), /"vars" must be an array of strings/],
    ['a missing variable', mutate((d) => delete d.states[4].R2), /state 4 lacks variable "R2"/],
    ['an extra variable', mutate((d) => (d.states[2].zz = 1)), /state 2 has variable "zz" that is not in "vars"/],
    ['a wrong index', mutate((d) => (d.states[5]['#meta'].index = 7)), /state 5: #meta.index is 7, expected 5/],
    ['a fraction', mutate((d) => (d.states[1].inFlight = 1.5)), /state 1, variable inFlight: 1.5 is not an integer/],
    ['a bad bigint', mutate((d) => (d.states[1].inFlight = { '#bigint': '12a' })), /#bigint must be/],
    ['a null value', mutate((d) => (d.states[1].inFlight = null)), /state 1, variable inFlight: null is not an ITF value/],
    ['too few action indices', mutate((d) => d['#meta'].actionIndices.pop()), /actionIndices has 12 entries but 14 states need 13/],
    ['too few labels', mutate((d) => d['#meta'].actionLabels.pop()), /actionLabels has 12 entries but #meta.actionIndices has 13/],
    ['a negative index', mutate((d) => (d['#meta'].actionIndices[2] = -1)), /actionIndices\[2\] must be a non-negative integer/],
    ['a label that disagrees', mutate((d) => (d.states[3][ACTION_TAKEN] = 'other')), /state 3: mbt::actionTaken is "other"/],
    ['a loop out of range', mutate((d) => (d.loop = 14)), /"loop" is 14 but there are only 14 states/],
    ['an unknown field', mutate((d) => (d.extra = true)), /unknown top-level field "extra"/],
    ['no source', mutate((d) => delete d['#meta'].source), /#meta.source must be a string, got nothing/],
  ];
  for (const [what, text, message] of rejections) {
    it(`rejects ${what} with one line naming the problem`, () => {
      const parsed = parseItf(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error).toMatch(message);
        expect(parsed.error).toMatch(/^invalid ITF trace: /);
        expect(parsed.error).not.toContain('\n');
      }
    });
  }
});
