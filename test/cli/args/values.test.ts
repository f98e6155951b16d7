import { describe, expect, it } from 'vitest';
import { parseChoice, parseInteger, parseMemory, parseOnOff, parseSeconds } from '../../../cli/args/values.ts';

describe('parseInteger', () => {
  it('accepts whole numbers in range', () => {
    expect(parseInteger('--drops', '2', 0, 15)).toEqual({ ok: true, value: 2 });
    expect(parseInteger('--drops', '0', 0, 15)).toEqual({ ok: true, value: 0 });
  });
  it('rejects fractions, words and out-of-range values, naming the flag and the range', () => {
    for (const text of ['1.5', 'two', '', '16', '-1']) {
      const parsed = parseInteger('--drops', text, 0, 15);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.code).toBe('QL103');
        expect(parsed.error.message).toContain('--drops must be a whole number between 0 and 15');
      }
    }
  });
});

describe('parseSeconds', () => {
  it('accepts positive decimals', () => {
    expect(parseSeconds('--timeout', '0.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseSeconds('--timeout', '30')).toEqual({ ok: true, value: 30 });
  });
  it('rejects zero, negatives and words', () => {
    for (const text of ['0', '-3', 'soon', '1e3']) expect(parseSeconds('--timeout', text).ok).toBe(false);
  });
});

describe('parseMemory', () => {
  it('reads binary units', () => {
    // 512 MB = 512 * 2^20 bytes; 2 GB = 2 * 2^30; 1.5G = 1.5 * 2^30.
    expect(parseMemory('--max-memory', '512MB')).toEqual({ ok: true, value: 512 * 1048576 });
    expect(parseMemory('--max-memory', '2GB')).toEqual({ ok: true, value: 2 * 1073741824 });
    expect(parseMemory('--max-memory', '1.5g')).toEqual({ ok: true, value: 1610612736 });
    expect(parseMemory('--max-memory', '2097152')).toEqual({ ok: true, value: 2097152 });
  });
  it('rejects unknown units and sizes below 1MB', () => {
    expect(parseMemory('--max-memory', '2TBX').ok).toBe(false);
    expect(parseMemory('--max-memory', '10KB').ok).toBe(false);
    expect(parseMemory('--max-memory', 'lots').ok).toBe(false);
  });
});

describe('parseChoice and parseOnOff', () => {
  it('lists the accepted values on a bad one', () => {
    const parsed = parseChoice('--quorum', 'loose', ['strict', 'sloppy']);
    expect(parsed).toEqual({ ok: false, error: { code: 'QL103', message: "--quorum must be one of strict, sloppy (got 'loose')" } });
  });
  it('reads on and off', () => {
    expect(parseOnOff('--symmetry', 'off')).toEqual({ ok: true, value: false });
    expect(parseOnOff('--symmetry', 'on')).toEqual({ ok: true, value: true });
    expect(parseOnOff('--symmetry', 'maybe').ok).toBe(false);
  });
});
