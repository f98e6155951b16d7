import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrowableByteWriter } from '../../../explorer/index.ts';
import { fingerprintWords, fingerprintWriter } from '../../../explorer/_internals/fingerprint.ts';

function fingerprintOf(bytes: readonly number[], w = new GrowableByteWriter()): string {
  w.reset();
  for (const b of bytes) w.u8(b);
  const out = new Int32Array(2);
  fingerprintWriter(w, out);
  return `${out[0]}:${out[1]}`;
}

describe('fingerprintWriter', () => {
  it('gives distinct fingerprints to every byte string of length 0..2 and a sample of length 3..9', () => {
    const seen = new Set<string>();
    const add = (bytes: number[]) => seen.add(fingerprintOf(bytes));
    add([]);
    for (let a = 0; a < 256; a++) add([a]);
    for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) add([a, b]);
    for (let len = 3; len <= 9; len++) {
      for (let i = 0; i < 5000; i++) add(Array.from({ length: len }, (_, j) => (i * 2654435761 + j * 40503) >>> 24));
    }
    // Some sampled strings repeat; compare against the number of distinct strings instead.
    const distinctStrings = new Set<string>();
    distinctStrings.add('');
    for (let a = 0; a < 256; a++) distinctStrings.add(String([a]));
    for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) distinctStrings.add(String([a, b]));
    for (let len = 3; len <= 9; len++) {
      for (let i = 0; i < 5000; i++) {
        distinctStrings.add(String(Array.from({ length: len }, (_, j) => (i * 2654435761 + j * 40503) >>> 24)));
      }
    }
    expect(seen.size).toBe(distinctStrings.size);
  });

  it('ignores stale bytes past the written length, and counts trailing zeros', () => {
    const w = new GrowableByteWriter();
    const long = fingerprintOf([9, 9, 9, 9, 9, 9, 9], w);
    const short = fingerprintOf([1, 2, 3], w);
    expect(short).toBe(fingerprintOf([1, 2, 3]));
    expect(short).not.toBe(long);
    expect(fingerprintOf([1, 2, 3, 0])).not.toBe(short);
    expect(fingerprintOf([])).not.toBe(fingerprintOf([0]));
  });

  it('spreads single-bit changes over both lanes', () => {
    // Avalanche sanity check: flipping one input bit flips about half of the 64 output bits.
    const base = [1, 2, 3, 4, 5, 6, 7, 8];
    const [bh, bl] = fingerprintOf(base).split(':').map(Number);
    let flips = 0;
    let trials = 0;
    for (let byte = 0; byte < base.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const changed = [...base];
        changed[byte] ^= 1 << bit;
        const [h, l] = fingerprintOf(changed).split(':').map(Number);
        flips += popcount(h ^ bh) + popcount(l ^ bl);
        trials++;
      }
    }
    const mean = flips / trials;
    expect(mean).toBeGreaterThan(28);
    expect(mean).toBeLessThan(36);
  });
});

describe('fingerprintWords', () => {
  it('gives what fingerprintWriter gives for the same words written as int32s, from a plain or a typed array, at any offset', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 40 }), fc.nat({ max: 5 }), (words, pad) => {
        const w = new GrowableByteWriter();
        for (const word of words) w.i32(word);
        const expected = new Int32Array(2);
        fingerprintWriter(w, expected);
        const padded = [...Array.from({ length: pad }, () => 7), ...words, 9];
        const plain = new Int32Array(2);
        fingerprintWords(padded, pad, pad + words.length, plain);
        const typed = new Int32Array(2);
        fingerprintWords(Int32Array.from(padded), pad, pad + words.length, typed);
        expect([...plain]).toEqual([...expected]);
        expect([...typed]).toEqual([...expected]);
      }),
    );
  });
});

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v >>>= 1) n += v & 1;
  return n;
}
