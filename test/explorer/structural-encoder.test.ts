/**
 * The automatic encoding is exact: equal bytes if and only if the values are structurally
 * equal. "Structurally equal" is written here independently (a recursive comparison, with
 * collections matched member by member as multisets), and fast-check compares the two on
 * random values, on rearranged copies (other key and insertion orders, -0 for 0, holes and
 * undefined-valued keys) and on copies changed in one place.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExplorerError, GrowableByteWriter, StructuralEncoder, type ByteWriter } from '../../explorer/index.ts';

const encoder = new StructuralEncoder();

function bytesOf(value: unknown): string {
  const writer = new GrowableByteWriter(8);
  encoder.encode(value, writer);
  return Buffer.from(writer.bytes.subarray(0, writer.length)).toString('hex');
}

/** The oracle: structural equality as the encoder's module comment defines it. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (a !== a && b !== b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map)) return false;
    return sameMultiset([...a.entries()], [...b.entries()]);
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set) || !(b instanceof Set)) return false;
    return sameMultiset([...a], [...b]);
  }
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    return same([...(a as Uint8Array)], [...(b as Uint8Array)]);
  }
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => keysB.includes(k) && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether two lists are equal as multisets under `same` (a greedy match is exact for an equivalence). */
function sameMultiset(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  const left = [...b];
  for (const x of a) {
    const i = left.findIndex((y) => same(x, y));
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

const leaf = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.integer(),
  fc.constantFrom(0, -0, 0.5, -1.5, Number.NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53) - 2, 1e300, Number.MAX_SAFE_INTEGER),
  fc.double(),
  fc.string({ maxLength: 4 }),
  fc.constantFrom('', 'a', 'b', 'ab', '\u00e9', '\u4e2d', '\ud83d\ude00', '\u007f', '\u0080', '\u3fff', '\u4000'),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
);

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '10', '2', 'x y'), tie('value'), { maxKeys: 3 }),
    fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 }).map((entries) => new Map(entries)),
    fc.array(tie('value'), { maxLength: 3 }).map((members) => new Set(members)),
    fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }).map((xs) => Uint8Array.from(xs)),
    fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }).map((xs) => Int8Array.from(xs)),
  ),
}));

/** A structurally equal copy built differently: other orders, -0 for 0, undefined-valued keys, fresh objects. */
function rearrange(x: unknown, random: () => number): unknown {
  if (typeof x === 'number' && x === 0) return random() < 0.5 ? -0 : 0;
  if (typeof x !== 'object' || x === null) return x;
  const shuffle = <T,>(list: T[]): T[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  };
  if (Array.isArray(x)) return x.map((y) => rearrange(y, random));
  if (x instanceof Map) return new Map(shuffle([...x.entries()]).map(([k, v]) => [rearrange(k, random), rearrange(v, random)]));
  if (x instanceof Set) return new Set(shuffle([...x]).map((y) => rearrange(y, random)));
  if (ArrayBuffer.isView(x)) return (x as Uint8Array).slice();
  const copy: Record<string, unknown> = {};
  for (const key of shuffle(Object.keys(x))) copy[key] = rearrange((x as Record<string, unknown>)[key], random);
  if (random() < 0.3) copy.absent = undefined;
  return copy;
}

describe('the structural encoding is exact', () => {
  it('two random values get the same bytes exactly when they are structurally equal', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(bytesOf(a) === bytesOf(b)).toBe(same(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('a rearranged copy (key and insertion orders, -0, undefined-valued keys) gets the same bytes', () => {
    fc.assert(
      fc.property(value, fc.integer(), (a, seed) => {
        let s = seed;
        const random = (): number => ((s = (Math.imul(s, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32;
        const b = rearrange(a, random);
        expect(same(a, b)).toBe(true);
        expect(bytesOf(b)).toBe(bytesOf(a));
      }),
      { numRuns: 2000 },
    );
  });

  it('a value and the same value inside containers of each kind are told apart from their neighbours', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const pairs: [unknown, unknown][] = [
          [[a, b], [b, a]],
          [{ x: a, y: b }, { x: b, y: a }],
          [new Map([[a, b]]), new Map([[b, a]])],
          [new Set([a, [b]]), new Set([b, [a]])],
          [[a, [b]], [[a], b]],
        ];
        for (const [x, y] of pairs) expect(bytesOf(x) === bytesOf(y)).toBe(same(x, y));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the structural encoding, case by case', () => {
  const equal: [string, unknown, unknown][] = [
    ['key order', { a: 1, b: 2 }, { b: 2, a: 1 }],
    ['an undefined-valued key and no key', { a: 1, b: undefined }, { a: 1 }],
    ['-0 and 0', [-0], [0]],
    ['NaN and NaN', Number.NaN, 0 / 0],
    ['a hole and undefined', [1, , 3], [1, undefined, 3]], // eslint-disable-line no-sparse-arrays
    ['Map insertion order', new Map([['x', 1], ['y', 2]]), new Map([['y', 2], ['x', 1]])],
    ['Set insertion order', new Set([3, 1, 2]), new Set([1, 2, 3])],
    ['Set of objects, other order', new Set([{ t: 'a' }, { t: 'b' }]), new Set([{ t: 'b' }, { t: 'a' }])],
    ['a null-prototype object and a plain one', Object.assign(Object.create(null) as object, { a: 1 }), { a: 1 }],
    ['a Buffer and a Uint8Array with the same bytes', Buffer.from([1, 2]), Uint8Array.from([1, 2])],
  ];
  for (const [what, a, b] of equal) {
    it(`equal: ${what}`, () => { expect(bytesOf(a)).toBe(bytesOf(b)); });
  }

  const different: [string, unknown, unknown][] = [
    ['1 and "1"', 1, '1'],
    ['1 and 1n', 1, 1n],
    ['1 and true', 1, true],
    ['null and undefined', null, undefined],
    ['[] and {}', [], {}],
    ['[undefined] and []', [undefined], []],
    ['{a: null} and {}', { a: null }, {}],
    ['two equal-looking members and one', new Set([{ a: 1 }, { a: 1 }]), new Set([{ a: 1 }])],
    ['a Set and an array of the same members', new Set([1, 2]), [1, 2]],
    ['a Map and an array of its entries', new Map([[1, 2]]), [[1, 2]]],
    ['Uint8Array and Int8Array with the same elements', Uint8Array.from([1]), Int8Array.from([1])],
    ['["ab"] and ["a", "b"]', ['ab'], ['a', 'b']],
    ['{ab: 1} and {a: "b1"}', { ab: 1 }, { a: 'b1' }],
    ['an empty key and none', { '': 1 }, {}],
    // Without an end mark after an object's last key, these two write the same bytes.
    ['an object that ends, and one whose key reads on into the next value', [{}, 'abcd\u0003\u0001'], [{ '\u0006abcd': true }, null]],
    ['a large integer and its neighbour', 2 ** 53 - 1, 2 ** 53 - 2],
    ['2^53 and 2^53 + 2', 2 ** 53, 2 ** 53 + 2],
    ['0.1 + 0.2 and 0.3', 0.1 + 0.2, 0.3],
    ['a surrogate pair and its halves swapped', '\ud83d\ude00', '\ude00\ud83d'],
    ['Map key and value swapped', new Map([[1, 2]]), new Map([[2, 1]])],
  ];
  for (const [what, a, b] of different) {
    it(`different: ${what}`, () => { expect(bytesOf(a)).not.toBe(bytesOf(b)); });
  }

  it('a large Set or Map of objects is put in the same order whatever the insertion order', () => {
    const members = Array.from({ length: 200 }, (_, i) => ({ id: (i * 37) % 200, tag: `t${i % 7}` }));
    const shuffled = [...members].reverse();
    expect(bytesOf(new Set(shuffled))).toBe(bytesOf(new Set(members)));
    expect(bytesOf(new Map(shuffled.map((m) => [m, [m.id]])))).toBe(bytesOf(new Map(members.map((m) => [m, [m.id]]))));
    expect(bytesOf(new Set(members.slice(1)))).not.toBe(bytesOf(new Set(members.slice(0, -1))));
  });

  it('writes the same bytes through any ByteWriter', () => {
    const parts: number[] = [];
    const plain: ByteWriter = {
      u8: (v) => void parts.push(v),
      u16: () => expect.fail('u16 is not used'),
      u32: () => expect.fail('u32 is not used'),
      i32: () => expect.fail('i32 is not used'),
      varint: () => expect.fail('varint is not used'),
    };
    const state = { m: new Map([[{ k: 1 }, new Set(['a', 'b'])]]), n: [1.5, -7, 'x'] };
    encoder.encode(state, plain);
    expect(Buffer.from(parts).toString('hex')).toBe(bytesOf(state));
  });

  it('a value that comes back to itself, or nests too deep, is refused with its place named', () => {
    const cyclic: { self?: unknown; list: unknown[] } = { list: [] };
    cyclic.list.push(cyclic);
    expect(() => bytesOf(cyclic)).toThrow(/state\.list\[0\] is a reference back to an object that contains it \(a cycle\)/);
    let deep: unknown = 0;
    for (let i = 0; i < 1500; i++) deep = [deep];
    expect(() => bytesOf(deep)).toThrow(/nested deeper than 1000 levels/);
  });

  const refused: [string, unknown, RegExp][] = [
    ['a function', { a: { f: () => 1 } }, /state\.a\.f is a function/],
    ['a symbol', [Symbol('s')], /state\[0\] is a symbol/],
    ['a Date', { at: new Date(0) }, /state\.at is an instance of Date/],
    ['a class instance', { p: new (class Point { x = 1 })() }, /state\.p is an instance of Point/],
    ['a value inside a Map', new Map([['k', new WeakMap()]]), /state\.get\("k"\) is an instance of WeakMap/],
    ['an odd key', { 'two words': [() => 0] }, /state\["two words"\]\[0\] is a function/],
  ];
  for (const [what, state, message] of refused) {
    it(`refuses ${what}, naming where it is and what is covered`, () => {
      let error: unknown;
      try {
        bytesOf(state);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ExplorerError);
      expect((error as ExplorerError).code).toBe('EXP_BAD_MODEL');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/it covers numbers, strings, booleans, null, undefined, bigints, arrays, plain objects, Map, Set and typed arrays/);
    });
  }
});
