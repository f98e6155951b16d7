import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FingerprintTable } from '../../explorer/index.ts';

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

/** A small xorshift generator, so large tests need no stored data. */
function* randomPairs(count: number, seed: number): Generator<[number, number]> {
  let x = seed | 0 || 1;
  const step = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x | 0;
  };
  for (let i = 0; i < count; i++) yield [step(), step()];
}

describe('FingerprintTable', () => {
  it('agrees with a Set on inserts and lookups (with repeats, and through growth)', () => {
    fc.assert(
      fc.property(
        // A small pool of values makes repeats (and equal lanes) frequent.
        fc.array(fc.tuple(fc.oneof(int32, fc.constantFrom(0, 1, -1)), fc.oneof(int32, fc.constantFrom(0, 1, -1))), {
          maxLength: 300,
        }),
        fc.array(fc.tuple(int32, int32), { maxLength: 50 }),
        (inserts, probes) => {
          const table = new FingerprintTable();
          const reference = new Set<string>();
          // The table stores 0:0 as 0:1, so the reference must too.
          const key = (hi: number, lo: number) => ((hi | lo) === 0 ? '0:1' : `${hi | 0}:${lo | 0}`);
          for (const [hi, lo] of inserts) {
            const k = key(hi, lo);
            const isNew = !reference.has(k);
            reference.add(k);
            expect(table.add(hi, lo)).toBe(isNew);
            expect(table.lastSlot).toBe(table.slotOf(hi, lo));
          }
          expect(table.size).toBe(reference.size);
          for (const [hi, lo] of [...inserts, ...probes]) {
            expect(table.has(hi, lo)).toBe(reference.has(key(hi, lo)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('treats unsigned and signed forms of a lane as the same fingerprint', () => {
    const table = new FingerprintTable();
    expect(table.add(0xffffffff, 0x80000000)).toBe(true);
    expect(table.add(-1, -(2 ** 31))).toBe(false);
  });

  it('remaps the reserved empty value 0:0 to 0:1', () => {
    const table = new FingerprintTable();
    expect(table.has(0, 0)).toBe(false);
    expect(table.add(0, 0)).toBe(true);
    expect(table.has(0, 0)).toBe(true);
    expect(table.has(0, 1)).toBe(true);
    expect(table.add(0, 1)).toBe(false);
    expect(table.size).toBe(1);
  });

  it('grows, keeps everything, and stays within 16 bytes per fingerprint from 8 on', () => {
    const table = new FingerprintTable();
    const pairs = [...randomPairs(200_000, 42)];
    let worst = 0;
    let worstLoad = 0;
    let notNew = 0;
    pairs.forEach(([hi, lo], i) => {
      if (!table.add(hi, lo)) notNew++;
      // Load within [0.5, 0.75] means 8 bytes per slot / load in [10.67, 16] bytes per entry.
      if (i + 1 >= 8) worst = Math.max(worst, table.byteLength / table.size);
      worstLoad = Math.max(worstLoad, table.size / table.slotCount);
    });
    expect(notNew).toBe(0);
    expect(worst).toBeLessThanOrEqual(16);
    expect(worstLoad).toBeLessThanOrEqual(0.75);
    expect(table.size).toBe(pairs.length);
    expect(pairs.filter(([hi, lo]) => !table.has(hi, lo))).toEqual([]);
    expect([...randomPairs(1000, 7)].filter(([hi, lo]) => table.has(hi, lo))).toEqual([]);
  });

  it('reports where slots move on growth, so slots kept outside stay valid', () => {
    const table = new FingerprintTable();
    const kept: number[] = [];
    let growths = 0;
    table.onGrow = (moved) => {
      growths++;
      for (let i = 0; i < kept.length; i++) kept[i] = moved[kept[i]];
    };
    const pairs = [...randomPairs(5000, 3)];
    for (const [hi, lo] of pairs) {
      table.add(hi, lo);
      kept.push(table.lastSlot);
    }
    // 16 slots grow at 12 entries to 24, then 1.5x each time: about log1.5(5000 / 12) = 15 growths.
    expect(growths).toBeGreaterThan(10);
    expect(pairs.filter(([hi, lo], i) => kept[i] !== table.slotOf(hi, lo))).toEqual([]);
    expect(new Set(kept).size).toBe(pairs.length);
  });
});

describe('FingerprintTable tags', () => {
  it('keep each fingerprint its one-byte tag through growth', () => {
    const table = new FingerprintTable({ tags: true });
    // 5,000 inserts from 16 slots: many growths. Tag = a byte of the key, so it can be checked after.
    for (let i = 1; i <= 5000; i++) {
      expect(table.add(i * 7919, i)).toBe(true);
      (table.tags as Uint8Array)[table.lastSlot] = i & 0xff;
    }
    for (let i = 1; i <= 5000; i++) {
      const slot = table.slotOf(i * 7919, i);
      expect((table.tags as Uint8Array)[slot]).toBe(i & 0xff);
    }
    // One byte per slot on top of the 8 of the fingerprint.
    expect(table.byteLength).toBe(table.slotCount * 9);
    expect(new FingerprintTable().tags).toBeNull();
  });
});
