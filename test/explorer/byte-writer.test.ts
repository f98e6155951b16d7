import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrowableByteWriter } from '../../explorer/index.ts';

const written = (w: GrowableByteWriter) => [...w.bytes.subarray(0, w.length)];

/** Zig-zag LEB128 by BigInt arithmetic: an encoder independent of the writer's. */
function referenceVarint(value: number): number[] {
  const v = BigInt(value);
  let z = v >= 0n ? v * 2n : -v * 2n - 1n;
  const out: number[] = [];
  while (z >= 0x80n) {
    out.push(Number(z & 0x7fn) | 0x80);
    z >>= 7n;
  }
  out.push(Number(z));
  return out;
}

describe('GrowableByteWriter', () => {
  it('writes little-endian u16 and u32', () => {
    const w = new GrowableByteWriter();
    w.u8(0xab);
    w.u16(0x1234);
    w.u32(0xdeadbeef);
    expect(written(w)).toEqual([0xab, 0x34, 0x12, 0xef, 0xbe, 0xad, 0xde]);
  });

  it('writes zig-zag varints as the reference encoder does', () => {
    // Spot values by hand: 0 -> 0, -1 -> 1, 1 -> 2, -64 -> 127, 64 -> 128 = [0x80, 0x01].
    expect(referenceVarint(64)).toEqual([0x80, 0x01]);
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -200, max: 200 })), (value) => {
        const w = new GrowableByteWriter();
        w.varint(value);
        expect(written(w)).toEqual(referenceVarint(value));
      }),
    );
    for (const v of [0, -1, 1, -64, 64, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      const w = new GrowableByteWriter();
      w.varint(v);
      expect(written(w)).toEqual(referenceVarint(v));
    }
  });

  it('rejects values that would encode lossily', () => {
    const w = new GrowableByteWriter();
    expect(() => { w.varint(1.5); }).toThrow(RangeError);
    expect(() => { w.varint(Number.NaN); }).toThrow(RangeError);
    expect(() => { w.varint(2 ** 60); }).toThrow(RangeError);
  });

  it('refuses every fixed-width value it cannot write exactly, naming the method and the value', () => {
    const w = new GrowableByteWriter();
    const cases: [keyof Pick<GrowableByteWriter, 'u8' | 'u16' | 'u32' | 'i32'>, number][] = [
      ['u8', 256], ['u8', -1], ['u8', 1.5], ['u8', Number.NaN],
      ['u16', 65536], ['u16', -1], ['u16', 0.5],
      ['u32', 2 ** 32], ['u32', -1], ['u32', 3.25], ['u32', Number.POSITIVE_INFINITY],
      ['i32', 2 ** 32], ['i32', -(2 ** 31) - 1], ['i32', 0.5], ['i32', Number.NaN],
    ];
    for (const [method, value] of cases) {
      expect(() => { w[method](value); }, `${method}(${value})`).toThrow(RangeError);
      expect(() => { w[method](value); }, `${method}(${value})`).toThrow(new RegExp(`^${method}\\(${String(value).replace('.', '\\.')}\\)`));
    }
    // Nothing was written by a refused value.
    expect(w.length).toBe(0);
    // The edges of each range are accepted.
    w.u8(0);
    w.u8(255);
    w.u16(65535);
    w.u32(2 ** 32 - 1);
    w.i32(-1);
    w.i32(2 ** 32 - 1);
    expect(written(w)).toEqual([0, 255, 255, 255, 255, 255, 255, 255, ...Array<number>(8).fill(255)]);
  });

  it('accepts exactly the integers of each range (checked against a plain range test)', () => {
    const w = new GrowableByteWriter();
    const widths = { u8: 2 ** 8, u16: 2 ** 16, u32: 2 ** 32 } as const;
    fc.assert(
      fc.property(fc.constantFrom('u8', 'u16', 'u32'), fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.double(), fc.constantFrom(2 ** 32, 2 ** 32 - 1)), (method, value) => {
        const fits = Number.isInteger(value) && value >= 0 && value < widths[method];
        w.reset();
        if (fits) w[method](value);
        else expect(() => { w[method](value); }).toThrow(RangeError);
      }),
    );
  });

  it('grows past its initial size, keeps what was written, and reuses the buffer after reset', () => {
    const w = new GrowableByteWriter(4);
    for (let i = 0; i < 1000; i++) w.u8(i & 0xff);
    expect(written(w)).toEqual(Array.from({ length: 1000 }, (_, i) => i & 0xff));
    expect(w.bytes.length % 4).toBe(0);
    expect(w.words.buffer).toBe(w.bytes.buffer);
    const buffer = w.bytes;
    w.reset();
    w.u32(7);
    expect(w.bytes).toBe(buffer);
    expect(written(w)).toEqual([7, 0, 0, 0]);
  });
});
