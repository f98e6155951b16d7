import { describe, expect, it } from 'vitest';
import { looksLikeSpecFile, validateModel } from '../../../cli/load/spec-module.ts';

const minimal = {
  name: 'm',
  init: () => [0],
  actions: () => [],
  next: (s: number) => s,
  encode: () => {},
  properties: [{ name: 'p', kind: 'always', check: () => true }],
};

describe('validateModel', () => {
  it('accepts the minimal shape, with or without encode', () => {
    expect(validateModel(minimal, 'x').ok).toBe(true);
    expect(validateModel({ ...minimal, encode: undefined }, 'x').ok).toBe(true);
  });

  it('names the first missing or malformed piece', () => {
    const cases: [unknown, RegExp][] = [
      [42, /is not a Model \(got number\); a Model is an object with name, init, actions, next and properties/],
      [{ ...minimal, next: undefined }, /is not a Model: it has no 'next' \(a function \(state, action\) returning the next state\)/],
      [{ ...minimal, init: [0] }, /'init' must be a function returning the initial states \(got an array\)/],
      [{ ...minimal, actions: 'all' }, /'actions' must be a function returning the actions enabled in a state \(got a string \("all"\)\)/],
      [{ ...minimal, name: undefined }, /it has no 'name' \(a non-empty string\)/],
      [{ ...minimal, name: '' }, /'name' must be a non-empty string/],
      [{ ...minimal, properties: undefined }, /it has no 'properties' \(an array of \{ name, kind, check \}\)/],
      [{ ...minimal, properties: {} }, /'properties' must be an array of \{ name, kind, check \} \(got an object\)/],
      [{ ...minimal, properties: [{ name: 'p', kind: 'always' }] }, /properties\[0\] \('p'\) needs a function 'check' \(state\) => boolean \(got nothing\)/],
      [{ ...minimal, properties: [{ kind: 'always', check: () => true }] }, /properties\[0\] needs a non-empty string 'name'/],
      [{ ...minimal, encode: 5 }, /'encode' must be a function \(state, out\) writing the state's canonical bytes when present \(got a number \(5\)\)/],
      [{ ...minimal, describe: { label: () => '' } }, /'describe' must be an object with at least an 'action' function/],
      [{ ...minimal, properties: [{ name: 'p', kind: 'never', check: () => true }] }, /kind "never"; accepted: always, sometimes, eventually, always-eventually/],
      [{ ...minimal, properties: [] }, /has no properties/],
      [{ ...minimal, properties: [minimal.properties[0], minimal.properties[0]] }, /two properties are named 'p'/],
      [{ ...minimal, symmetry: 3 }, /'symmetry' must be a function/],
    ];
    for (const [value, message] of cases) {
      const result = validateModel(value, 'x');
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('QL121');
        expect(result.error.message).toMatch(message);
      }
    }
  });
});

describe('looksLikeSpecFile', () => {
  it('tells files from scenario names', () => {
    expect(looksLikeSpecFile('bank')).toBe(false);
    expect(looksLikeSpecFile('sloppy-ghost')).toBe(false);
    expect(looksLikeSpecFile('my-spec.ts')).toBe(true);
    expect(looksLikeSpecFile('./specs/mutex')).toBe(true);
    expect(looksLikeSpecFile('model.mjs')).toBe(true);
  });
});
