import { describe, expect, it } from 'vitest';
import { bindConstants, readConstantDeclarations } from '../../../cli/load/constants.ts';

/** A message containing `text` (vitest types its asymmetric matchers as `any`). */
const containing = (text: string): unknown => expect.stringContaining(text);

const declared = (record: Record<string, unknown>) => {
  const read = readConstantDeclarations(record, 'spec.ts');
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
};

describe('a spec module\'s constants', () => {
  it('binds every declared constant: the given value, else the default', () => {
    const bound = bindConstants(declared({ N: 3, RM: ['r1'], Mode: 'fast' }), new Map([['N', 5]]), 'spec.ts');
    expect(bound).toEqual({ ok: true, value: { N: 5, RM: ['r1'], Mode: 'fast' } });
  });

  it('an unknown name is bad input naming the declared ones', () => {
    expect(bindConstants(declared({ N: 3 }), new Map([['M', 1]]), 'spec.ts')).toEqual({
      ok: false,
      error: { code: 'QL115', message: "unknown constant 'M' for spec module 'spec.ts'; declared: N" },
    });
  });

  it('a module that declares none refuses any --const', () => {
    expect(bindConstants(null, new Map([['N', 1]]), 'spec.ts')).toMatchObject({ ok: false, error: { code: 'QL115', message: containing('declares no constants') } });
    expect(bindConstants(null, new Map(), 'spec.ts')).toEqual({ ok: true, value: {} });
  });

  it('a constant declared without a default must be given', () => {
    expect(bindConstants(declared({ RM: undefined }), new Map(), 'spec.ts')).toEqual({
      ok: false,
      error: { code: 'QL115', message: "constant 'RM' of spec module 'spec.ts' has no default: give it with --const RM=VALUE" },
    });
    expect(bindConstants(declared({ RM: undefined }), new Map([['RM', 'anything']]), 'spec.ts')).toEqual({ ok: true, value: { RM: 'anything' } });
  });

  it('a value of another kind than the default is bad input', () => {
    expect(bindConstants(declared({ N: 3 }), new Map([['N', 'abc']]), 'spec.ts')).toEqual({
      ok: false,
      error: { code: 'QL115', message: '--const N="abc": expected a number like its default 3, got a string' },
    });
    expect(bindConstants(declared({ RM: ['a'] }), new Map([['RM', { a: 1 }]]), 'spec.ts')).toMatchObject({ ok: false, error: { message: containing('expected an array') } });
  });

  it('a default that is not JSON is refused when the module loads', () => {
    expect(readConstantDeclarations({ F: () => 1 }, 'spec.ts')).toMatchObject({ ok: false, error: { code: 'QL121', message: containing("constant 'F' is not a JSON value") } });
    expect(readConstantDeclarations([1], 'spec.ts')).toMatchObject({ ok: false, error: { code: 'QL121' } });
  });
});
