/**
 * Automatic canonical encoding: the bytes of a state derived from its structure, for models
 * that do not write `encode` by hand.
 *
 * The encoding is exact: two values get the same bytes if and only if they are structurally
 * equal, where
 * - numbers are equal when `===` says so (so `0` and `-0` are one value, and `NaN` equals itself),
 * - strings, booleans, `null`, `undefined` and bigints are equal by value,
 * - arrays are equal element by element (a hole reads as `undefined`),
 * - plain objects are equal when they have the same keys with equal values, in any key order
 *   (a key whose value is `undefined` counts as absent, as in JSON),
 * - a `Map` is a collection of (key, value) pairs and a `Set` a collection of members, each
 *   compared by structure and in no particular order. Members are not merged: two members of a
 *   `Set` that are different objects with equal contents stay two (JavaScript keeps both, and a
 *   property may count them), so the encoding does too,
 * - typed arrays are equal when they have the same kind and the same elements.
 *
 * Every value starts with a one-byte tag and every container with its length, so the encoding
 * is a prefix code: no two different values can write the same bytes. Collections are written
 * in a canonical order (objects by key, `Map` and `Set` by their members' values), so equal
 * values always write the same bytes. Anything else (a function, a symbol, a `Date`, an
 * instance of a class) is refused with an error naming where in the state it is: such a value
 * has no structure this encoder can see, and guessing would risk merging different states.
 */
import { GrowableByteWriter } from './byte-writer.ts';
import { ExplorerError } from './errors.ts';
import type { ByteWriter } from './model.ts';

const TAG_UNDEFINED = 0;
const TAG_NULL = 1;
const TAG_FALSE = 2;
const TAG_TRUE = 3;
const TAG_INT = 4;
const TAG_FLOAT = 5;
const TAG_STRING = 6;
const TAG_ARRAY = 7;
const TAG_OBJECT = 8;
const TAG_MAP = 9;
const TAG_SET = 10;
const TAG_BIGINT = 11;
const TAG_TYPED_ARRAY = 12;
/** A string of 0..31 code units: this tag plus its length, in one byte, then the code units. */
const TAG_SHORT_STRING = 0x20;
const SHORT_STRING_MAX = 31;
/** A small integer: this tag plus the integer minus SMALL_INT_MIN, in one byte (0x40 .. 0xff). */
const TAG_SMALL_INT = 0x40;
const SMALL_INT_MIN = -32;
const SMALL_INT_MAX = 159;

/**
 * Ends an object's (key, value) list. A key is written as its length + 1 (so its first byte is
 * never 0: a base-128 number starts with 0 only when it is 0) and its characters; the end is
 * a 0 where the next key's length would be.
 */
const END_OF_KEYS = 0;

/** Deeper than this, a state is taken for a cycle (and would overflow the stack anyway). */
export const MAX_ENCODING_DEPTH = 1000;

/** The typed-array kinds, in tag order. */
const TYPED_ARRAY_KINDS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
] as const;

/** What the encoder covers, for error messages. */
const COVERS = 'numbers, strings, booleans, null, undefined, bigints, arrays, plain objects, Map, Set and typed arrays';

/** Collections up to this size are sorted by insertion (no allocation); larger ones by Array.sort. */
const INSERTION_SORT_MAX = 32;

/** Sizes of the direct-mapped cache of sorted key lists (a power of two). */
const KEY_CACHE_SIZE = 256;

/**
 * Writes the exact structural encoding of a value (see the module comment). One instance is
 * reused for every state: it keeps a scratch buffer for sorting collections and a cache of
 * sorted key lists per object shape, so encoding a state of an already seen shape allocates
 * little.
 */
export class StructuralEncoder {
  /** The writer being written; its bytes are written directly, `pos` ahead of its `length`. */
  private out: GrowableByteWriter = new GrowableByteWriter();
  private buf: Uint8Array = this.out.bytes;
  private pos = 0;
  /** Used when the caller's writer is not a {@link GrowableByteWriter}. */
  private readonly own = new GrowableByteWriter();
  private depth = 0;
  private scratch = new Uint8Array(256);
  /** Start offsets of the items of the collections being sorted, nested ones stacked above. */
  private starts = new Int32Array(64);
  private startsTop = 0;
  private order = new Int32Array(64);
  /** Keys and values of the objects being written, in insertion order, nested ones stacked above. */
  private readonly fieldKeys: string[] = [];
  private readonly fieldValues: unknown[] = [];
  private fieldsTop = 0;
  private readonly float = new Float64Array(1);
  private readonly floatBytes = new Uint8Array(this.float.buffer);
  private readonly shapes: (Shape | undefined)[] = new Array<Shape | undefined>(KEY_CACHE_SIZE);

  /** Append the encoding of `value` to `out`. Throws an {@link ExplorerError} on a value it does not cover. */
  encode(value: unknown, out: ByteWriter): void {
    const direct = out instanceof GrowableByteWriter;
    const target = direct ? out : this.own;
    if (!direct) target.reset();
    const previous = this.out;
    this.out = target;
    this.buf = target.bytes;
    this.pos = target.length;
    this.depth = 0;
    this.startsTop = 0;
    this.fieldsTop = 0;
    try {
      this.value(value);
      target.length = this.pos;
    } catch (error) {
      if (error instanceof UnsupportedValue) throw explainUnsupported(value);
      throw error;
    } finally {
      this.out = previous;
      this.buf = previous.bytes;
      this.pos = previous.length;
    }
    if (!direct) {
      const bytes = target.bytes;
      for (let i = 0; i < target.length; i++) out.u8(bytes[i]);
    }
  }

  /** Room for `extra` more bytes at `pos`. */
  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const out = this.out;
    out.length = this.pos;
    out.reserve(extra);
    this.buf = out.bytes;
  }

  /** A tag (ensured by the caller). */
  private tag(tag: number): void {
    this.buf[this.pos++] = tag;
  }

  /** A length or count: a non-negative int below 2^31 as unsigned base 128 (ensured: 5 bytes). */
  private count(n: number): void {
    const buf = this.buf;
    let pos = this.pos;
    while (n >= 0x80) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[pos++] = n;
    this.pos = pos;
  }

  private value(value: unknown): void {
    switch (typeof value) {
      case 'number':
        this.number(value);
        return;
      case 'string':
        this.string(value);
        return;
      case 'boolean':
        this.ensure(1);
        this.tag(value ? TAG_TRUE : TAG_FALSE);
        return;
      case 'undefined':
        this.ensure(1);
        this.tag(TAG_UNDEFINED);
        return;
      case 'bigint':
        this.ensure(1);
        this.tag(TAG_BIGINT);
        this.text(value.toString(36));
        return;
      case 'object':
        if (value === null) {
          this.ensure(1);
          this.tag(TAG_NULL);
          return;
        }
        if (++this.depth > MAX_ENCODING_DEPTH) throw new UnsupportedValue();
        this.container(value);
        this.depth--;
        return;
      default:
        throw new UnsupportedValue();
    }
  }

  private number(value: number): void {
    this.ensure(11);
    if (value >= SMALL_INT_MIN && value <= SMALL_INT_MAX && (value | 0) === value) {
      // One byte, and the only form a small integer takes (-0 included: -0 | 0 is 0).
      this.tag(TAG_SMALL_INT + (value | 0) - SMALL_INT_MIN);
      return;
    }
    if ((value | 0) === value) {
      // Zig-zag, so small negative numbers are short too. `-0 | 0` is 0: -0 writes what 0 writes.
      this.tag(TAG_INT);
      this.count(((value << 1) ^ (value >> 31)) >>> 0);
      return;
    }
    if (Number.isSafeInteger(value)) {
      this.tag(TAG_INT);
      const out = this.out;
      out.length = this.pos;
      out.varint(value);
      this.buf = out.bytes;
      this.pos = out.length;
      return;
    }
    this.tag(TAG_FLOAT);
    // Every NaN is one value to `Object.is`, whatever its bits: write one of them.
    this.float[0] = value === value ? value : Number.NaN;
    const bytes = this.floatBytes;
    const buf = this.buf;
    for (let i = 0; i < 8; i++) buf[this.pos++] = bytes[i];
  }

  /** A string value: short ones with their length in the tag byte, others with a tag and a length. */
  private string(value: string): void {
    const length = value.length;
    if (length <= SHORT_STRING_MAX) {
      this.ensure(1 + 3 * length);
      this.tag(TAG_SHORT_STRING + length);
      this.codeUnits(value);
      return;
    }
    this.ensure(1);
    this.tag(TAG_STRING);
    this.text(value);
  }

  /** A string as its length and its UTF-16 code units, each as an unsigned base-128 number. */
  private text(value: string): void {
    this.characters(value, 0);
  }

  /** A string's length plus `bias`, then its UTF-16 code units, each as an unsigned base-128 number. */
  private characters(value: string, bias: number): void {
    const length = value.length;
    this.ensure(5 + 3 * length);
    this.count(length + bias);
    this.codeUnits(value);
  }

  /** `value`'s UTF-16 code units, each as an unsigned base-128 number (room already ensured: 3 bytes a unit). */
  private codeUnits(value: string): void {
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code < 0x80) {
        buf[pos++] = code;
      } else if (code < 0x4000) {
        buf[pos++] = (code & 0x7f) | 0x80;
        buf[pos++] = code >>> 7;
      } else {
        buf[pos++] = (code & 0x7f) | 0x80;
        buf[pos++] = ((code >>> 7) & 0x7f) | 0x80;
        buf[pos++] = code >>> 14;
      }
    }
    this.pos = pos;
  }

  private container(value: object): void {
    if (Array.isArray(value)) {
      this.array(value);
      return;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
      this.object(value as Record<string, unknown>);
    } else if (value instanceof Map) {
      this.map(value);
    } else if (value instanceof Set) {
      this.set(value);
    } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      this.typedArray(value);
    } else {
      throw new UnsupportedValue();
    }
  }

  private array(value: readonly unknown[]): void {
    const length = value.length;
    this.ensure(6);
    this.tag(TAG_ARRAY);
    this.count(length);
    for (let i = 0; i < length; i++) this.value(value[i]);
  }

  private object(value: Record<string, unknown>): void {
    // Keys and values in insertion order onto reusable stacks (nested objects stack above):
    // `for ... in` over a plain object allocates nothing, where Object.keys and Object.values
    // would allocate two arrays per object.
    const keys = this.fieldKeys;
    const values = this.fieldValues;
    const base = this.fieldsTop;
    let top = base;
    for (const key in value) {
      keys[top] = key;
      values[top] = value[key];
      top++;
    }
    this.fieldsTop = top;
    const shape = this.shapeAt(keys, base, top - base);
    const { order, keyBytes, keyStarts } = shape;
    const count = order.length;
    this.ensure(1);
    this.tag(TAG_OBJECT);
    for (let i = 0; i < count; i++) {
      const field = values[base + order[i]];
      if (field === undefined) continue;
      // The key's bytes were written once for the shape: copy them.
      const from = keyStarts[i];
      const to = keyStarts[i + 1];
      this.ensure(to - from);
      const buf = this.buf;
      let pos = this.pos;
      for (let b = from; b < to; b++) buf[pos++] = keyBytes[b];
      this.pos = pos;
      this.value(field);
    }
    // The end mark: a key length no key has.
    this.ensure(1);
    this.tag(END_OF_KEYS);
    for (let i = base; i < top; i++) values[i] = undefined;
    this.fieldsTop = base;
  }

  /** The shape of the `count` keys at `keys[base ..]` (cached per list of keys: the states of a model share a few shapes, each listing its keys in one insertion order; keys are compared one by one, usually a pointer check since property names are interned strings). */
  private shapeAt(keys: string[], base: number, count: number): Shape {
    const first = count === 0 ? '' : keys[base];
    const slot = (count * 31 + first.length * 7 + (count === 0 ? 0 : first.charCodeAt(0) + keys[base + count - 1].charCodeAt(0) * 3)) & (KEY_CACHE_SIZE - 1);
    const cached = this.shapes[slot];
    if (cached !== undefined && cached.keys.length === count) {
      const cachedKeys = cached.keys;
      let same = true;
      for (let i = 0; i < count; i++) {
        if (cachedKeys[i] !== keys[base + i]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const shape = makeShape(keys.slice(base, base + count));
    this.shapes[slot] = shape;
    return shape;
  }

  private map(value: ReadonlyMap<unknown, unknown>): void {
    const size = value.size;
    this.ensure(6);
    this.tag(TAG_MAP);
    this.count(size);
    if (size === 0) return;
    const keys = [...value.keys()];
    if (sortPrimitives(keys)) {
      for (let i = 0; i < keys.length; i++) {
        this.value(keys[i]);
        this.value(value.get(keys[i]));
      }
      return;
    }
    // Any other keys: each (key, value) pair is encoded, and the pairs are put in byte order.
    const base = this.pushStarts(size);
    let i = 0;
    for (const [k, v] of value) {
      this.starts[base + i++] = this.pos;
      this.value(k);
      this.value(v);
    }
    this.sortRegion(base, size);
  }

  private set(value: ReadonlySet<unknown>): void {
    const size = value.size;
    this.ensure(6);
    this.tag(TAG_SET);
    this.count(size);
    if (size === 0) return;
    if (size === 1) {
      for (const member of value) this.value(member);
      return;
    }
    const first = value.values().next().value;
    if (typeof first === 'number' || typeof first === 'string') {
      const members = [...value];
      if (sortPrimitives(members)) {
        for (let i = 0; i < members.length; i++) this.value(members[i]);
        return;
      }
    }
    const base = this.pushStarts(size);
    let i = 0;
    for (const member of value) {
      this.starts[base + i++] = this.pos;
      this.value(member);
    }
    this.sortRegion(base, size);
  }

  /** Room on the start-offset stack for `count` items (nested collections stack their starts). */
  private pushStarts(count: number): number {
    const base = this.startsTop;
    if (base + count + 1 > this.starts.length) {
      const grown = new Int32Array(Math.max(this.starts.length * 2, base + count + 1));
      grown.set(this.starts.subarray(0, base));
      this.starts = grown;
    }
    this.startsTop = base + count + 1;
    return base;
  }

  /**
   * The `count` items just written (their starts at `starts[base ..]`, the last one ending at
   * `pos`) reordered so they appear in byte order: a canonical order that needs no comparison
   * of the values themselves.
   */
  private sortRegion(base: number, count: number): void {
    const starts = this.starts;
    starts[base + count] = this.pos;
    const bytes = this.buf;
    const region = starts[base];
    const size = this.pos - region;
    // The order, as item numbers: insertion sort (collections in a state are small), in place.
    if (this.order.length < count) this.order = new Int32Array(Math.max(count, this.order.length * 2));
    const order = this.order;
    if (count <= INSERTION_SORT_MAX) {
      for (let i = 0; i < count; i++) {
        let j = i;
        while (j > 0 && compareBytes(bytes, starts[base + order[j - 1]], starts[base + order[j - 1] + 1], starts[base + i], starts[base + i + 1]) > 0) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = i;
      }
    } else {
      const items = Array.from({ length: count }, (_, i) => i);
      items.sort((a, b) => compareBytes(bytes, starts[base + a], starts[base + a + 1], starts[base + b], starts[base + b + 1]));
      for (let i = 0; i < count; i++) order[i] = items[i];
    }
    let sorted = true;
    for (let i = 0; i < count && sorted; i++) sorted = order[i] === i;
    if (!sorted) {
      if (this.scratch.length < size) this.scratch = new Uint8Array(Math.max(size, this.scratch.length * 2));
      const scratch = this.scratch;
      for (let b = 0; b < size; b++) scratch[b] = bytes[region + b];
      let at = region;
      for (let i = 0; i < count; i++) {
        const item = order[i];
        const to = starts[base + item + 1] - region;
        for (let b = starts[base + item] - region; b < to; b++) bytes[at++] = scratch[b];
      }
    }
    this.startsTop = base;
  }

  private typedArray(value: ArrayBufferView): void {
    const kind = TYPED_ARRAY_KINDS.findIndex((constructor) => value instanceof constructor);
    if (kind < 0) throw new UnsupportedValue();
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    this.ensure(7 + bytes.length);
    this.tag(TAG_TYPED_ARRAY);
    this.tag(kind);
    this.count(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }
}

/** An object shape: its keys in insertion order, and in code-unit order with their bytes. */
interface Shape {
  readonly keys: readonly string[];
  /** For each key in code-unit order, its position in `keys`. */
  readonly order: Int32Array;
  /** The sorted keys' encodings back to back: key i is `keyBytes[keyStarts[i] .. keyStarts[i + 1])`. */
  readonly keyBytes: Uint8Array;
  readonly keyStarts: Int32Array;
}

/** The shape of `keys`; each key is encoded as its length + 1 and its code units (see `END_OF_KEYS`). */
function makeShape(keys: readonly string[]): Shape {
  const order = Int32Array.from(keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0)));
  const bytes: number[] = [];
  const keyStarts = new Int32Array(keys.length + 1);
  const unsigned = (n: number): void => {
    while (n >= 0x80) {
      bytes.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    bytes.push(n);
  };
  order.forEach((index, i) => {
    keyStarts[i] = bytes.length;
    const key = keys[index];
    unsigned(key.length + 1);
    for (let c = 0; c < key.length; c++) unsigned(key.charCodeAt(c));
  });
  keyStarts[keys.length] = bytes.length;
  return { keys: keys.slice(), order, keyBytes: Uint8Array.from(bytes), keyStarts };
}

/**
 * Sorts `values` in place when they are all finite-or-not numbers or all strings (numerically,
 * or by code unit), and says whether it did. Members of a `Set` or keys of a `Map` are distinct
 * under SameValueZero, which for numbers and strings is structural equality, so this order is
 * total and canonical.
 */
function sortPrimitives(values: unknown[]): boolean {
  const kind = typeof values[0];
  if (kind !== 'number' && kind !== 'string') return false;
  for (let i = 1; i < values.length; i++) if (typeof values[i] !== kind) return false;
  if (kind === 'number') {
    // NaN compares as the largest number; a Set holds at most one.
    (values as number[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : a === b ? 0 : a !== a ? 1 : -1));
  } else {
    (values as string[]).sort();
  }
  return true;
}

function compareBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const common = aLength < bLength ? aLength : bLength;
  for (let i = 0; i < common; i++) {
    const difference = bytes[aStart + i] - bytes[bStart + i];
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}

/** Thrown inside the encoder; turned into an {@link ExplorerError} that names the value's place. */
class UnsupportedValue extends Error {}

/**
 * The error for a state the encoder refused: walks the state again (slowly, only on failure)
 * to name the first place holding a value it does not cover, or the cycle it found.
 */
function explainUnsupported(state: unknown): ExplorerError {
  const found = findUnsupported(state, 'state', [], 0);
  const where = found ?? { path: 'state', what: `nested deeper than ${MAX_ENCODING_DEPTH} levels` };
  return new ExplorerError(
    'EXP_BAD_MODEL',
    `automatic encoding: ${where.path} is ${where.what}; it covers ${COVERS}. Give the model an encode function, or keep such values out of the state`,
  );
}

function findUnsupported(value: unknown, path: string, ancestors: readonly object[], depth: number): { path: string; what: string } | null {
  switch (typeof value) {
    case 'function':
      return { path, what: 'a function' };
    case 'symbol':
      return { path, what: 'a symbol' };
    case 'object':
      break;
    default:
      return null;
  }
  if (value === null) return null;
  if (ancestors.includes(value)) return { path, what: 'a reference back to an object that contains it (a cycle)' };
  if (depth >= MAX_ENCODING_DEPTH) return { path, what: `nested deeper than ${MAX_ENCODING_DEPTH} levels` };
  const inner = [...ancestors, value];
  const visit = (child: unknown, childPath: string): { path: string; what: string } | null => findUnsupported(child, childPath, inner, depth + 1);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = visit(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    for (const [key, field] of Object.entries(value)) {
      const found = visit(field, /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value instanceof Map) {
    let i = 0;
    for (const [k, v] of value) {
      const found = visit(k, `${path} (key ${i} of a Map)`) ?? visit(v, `${path}.get(${describeKey(k)})`);
      if (found !== null) return found;
      i++;
    }
    return null;
  }
  if (value instanceof Set) {
    let i = 0;
    for (const member of value) {
      const found = visit(member, `${path} (member ${i} of a Set)`);
      if (found !== null) return found;
      i++;
    }
    return null;
  }
  if (ArrayBuffer.isView(value) && TYPED_ARRAY_KINDS.some((constructor) => value instanceof constructor)) return null;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return { path, what: typeof name === 'string' && name !== '' ? `an instance of ${name}` : 'an object with an unusual prototype' };
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key);
  if (typeof key === 'number' || typeof key === 'boolean' || typeof key === 'bigint' || key === null || key === undefined) return String(key);
  return '...';
}
