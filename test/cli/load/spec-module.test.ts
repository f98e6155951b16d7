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
  it('accepts the minimal shape', () => {
    expect(validateModel(minimal, 'x').ok).toBe(true);
  });

  it('names the first missing or malformed piece', () => {
    const cases: [unknown, RegExp][] = [
      [42, /is not a Model \(got number\)/],
      [{ ...minimal, next: undefined }, /'next' is not a function/],
      [{ ...minimal, name: '' }, /'name' must be a non-empty string/],
      [{ ...minimal, properties: {} }, /'properties' must be an array/],
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
