import { describe, expect, it } from 'vitest';
import { parseConstantFlags, parseConstantValue } from '../../../cli/args/constants.ts';

/** A message containing `text` (vitest types its asymmetric matchers as `any`). */
const containing = (text: string): unknown => expect.stringContaining(text);

describe('--const NAME=VALUE', () => {
  it('reads JSON when it parses, else the text', () => {
    expect(parseConstantValue('3')).toBe(3);
    expect(parseConstantValue('-2.5')).toBe(-2.5);
    expect(parseConstantValue('true')).toBe(true);
    expect(parseConstantValue('null')).toBe(null);
    expect(parseConstantValue('"3"')).toBe('3');
    expect(parseConstantValue('["r1","r2"]')).toEqual(['r1', 'r2']);
    expect(parseConstantValue('{"a":[1]}')).toEqual({ a: [1] });
    expect(parseConstantValue('fast')).toBe('fast');
    expect(parseConstantValue('')).toBe('');
    expect(parseConstantValue('a=b')).toBe('a=b');
  });

  it('keeps every flag by name; the value may itself contain "="', () => {
    const parsed = parseConstantFlags(['N=3', 'Expr=x=1', 'RM=["a"]']);
    expect(parsed.ok && [...parsed.value]).toEqual([
      ['N', 3],
      ['Expr', 'x=1'],
      ['RM', ['a']],
    ]);
  });

  it('refuses a flag without =, a name that is not one, and a name given twice', () => {
    expect(parseConstantFlags(['N'])).toMatchObject({ ok: false, error: { code: 'QL103', message: containing("--const 'N' must be NAME=VALUE") } });
    expect(parseConstantFlags(['3N=1'])).toMatchObject({ ok: false, error: { code: 'QL103', message: containing("'3N' is not a constant name") } });
    expect(parseConstantFlags(['N=1', 'N=2'])).toMatchObject({ ok: false, error: { code: 'QL103', message: '--const N is given twice' } });
  });
});
