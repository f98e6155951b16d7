/**
 * The one reusable buffer the explorer hands to `Model.encode`.
 */
import type { ByteWriter } from './model.ts';

const INITIAL_BYTES = 256;

/**
 * The error of a fixed-width write given a value it cannot hold: a writer that truncated it
 * would give two different states the same bytes, and the search would merge them unseen.
 */
function outOfRange(method: string, value: number, max: number): RangeError {
  return new RangeError(`${method}(${value}): ${method} takes an integer in 0..${max}; use ${method === 'u32' ? 'varint' : 'a wider writer or varint'} for this value`);
}

/**
 * A growable byte buffer implementing {@link ByteWriter}: `reset()` and write again, so
 * encoding a state allocates nothing once the buffer is large enough.
 *
 * The capacity is always a multiple of 4 so `words` (an `Int32Array` over the same memory:
 * signed, so V8 keeps the values unboxed) lets the fingerprint read whole words; bytes past
 * `length` are stale and must be ignored.
 */
export class GrowableByteWriter implements ByteWriter {
  /** The bytes written so far are `bytes[0 .. length)`. */
  bytes: Uint8Array;
  /** A word view of `bytes` (platform byte order), replaced when the buffer grows. */
  words: Int32Array;
  /** How many bytes have been written since the last `reset()`. */
  length = 0;

  constructor(initialBytes: number = INITIAL_BYTES) {
    const capacity = Math.max(4, (initialBytes + 3) & ~3);
    this.bytes = new Uint8Array(capacity);
    this.words = new Int32Array(this.bytes.buffer);
  }

  /** Forget what was written; the buffer is kept. */
  reset(): void {
    this.length = 0;
  }

  /** Append one byte: an integer in 0..255 (anything else throws a RangeError). */
  u8(value: number): void {
    if ((value & 0xff) !== value) throw outOfRange('u8', value, 0xff);
    if (this.length + 1 > this.bytes.length) this.grow(1);
    this.bytes[this.length++] = value;
  }

  /** Append an unsigned 16-bit integer (0..65535; anything else throws a RangeError), little-endian. */
  u16(value: number): void {
    if ((value & 0xffff) !== value) throw outOfRange('u16', value, 0xffff);
    if (this.length + 2 > this.bytes.length) this.grow(2);
    const b = this.bytes;
    const at = this.length;
    b[at] = value;
    b[at + 1] = value >>> 8;
    this.length = at + 2;
  }

  /** Append an unsigned 32-bit integer (0..4294967295; anything else throws a RangeError), little-endian. */
  u32(value: number): void {
    if (value >>> 0 !== value) throw outOfRange('u32', value, 0xffffffff);
    if (this.length + 4 > this.bytes.length) this.grow(4);
    const b = this.bytes;
    const at = this.length;
    b[at] = value;
    b[at + 1] = value >>> 8;
    b[at + 2] = value >>> 16;
    b[at + 3] = value >>> 24;
    this.length = at + 4;
  }

  /**
   * Append a 32-bit word (two's complement of an int32 or uint32 value; anything else throws a
   * RangeError); a whole word store when aligned.
   */
  i32(value: number): void {
    if ((value | 0) !== value && value >>> 0 !== value) throw new RangeError(`i32(${value}): i32 takes an integer in -2147483648..4294967295; use varint for this value`);
    const at = this.length;
    if (at + 4 > this.bytes.length) this.grow(4);
    if ((at & 3) === 0) {
      this.words[at >> 2] = value;
      this.length = at + 4;
      return;
    }
    const b = this.bytes;
    b[at] = value;
    b[at + 1] = value >>> 8;
    b[at + 2] = value >>> 16;
    b[at + 3] = value >>> 24;
    this.length = at + 4;
  }

  /**
   * Append a signed integer in zig-zag LEB128 form (small magnitudes take one byte).
   * Throws on a non-integer or a value beyond the safe-integer range: an encoding that
   * silently rounded would merge distinct states.
   */
  varint(value: number): void {
    if ((value | 0) === value) {
      let z = ((value << 1) ^ (value >> 31)) >>> 0;
      while (z >= 0x80) {
        this.u8((z & 0x7f) | 0x80);
        z >>>= 7;
      }
      this.u8(z);
      return;
    }
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`varint(${value}): not a safe integer; an encoding that rounded would merge distinct states`);
    }
    // The zig-zag value 2|v| - (v < 0) can pass 2^53 and round, so split |v| = 64q + r first:
    // the low 7 bits are 2r - (v < 0) (borrowing from q when r = 0), the rest is q.
    const negative = value < 0;
    const magnitude = Math.abs(value);
    let q = Math.floor(magnitude / 64);
    const r = magnitude % 64;
    let low: number;
    if (negative && r === 0) {
      low = 0x7f;
      q -= 1;
    } else {
      low = 2 * r - (negative ? 1 : 0);
    }
    this.u8(q > 0 ? low | 0x80 : low);
    while (q > 0) {
      const digit = q % 0x80;
      q = Math.floor(q / 0x80);
      this.u8(q > 0 ? digit | 0x80 : digit);
    }
  }

  /** The bytes written so far, as a string key (one character per byte): exact, for maps of states. */
  key(): string {
    let key = '';
    // In chunks: `fromCharCode` takes its bytes as arguments, and a call has only so many.
    for (let i = 0; i < this.length; i += 4096) key += String.fromCharCode(...this.bytes.subarray(i, Math.min(i + 4096, this.length)));
    return key;
  }

  /**
   * Make room for `extra` more bytes: afterwards `bytes[length .. length + extra)` may be
   * written directly (then set `length`). For encoders that write many bytes at once.
   */
  reserve(extra: number): void {
    if (this.length + extra > this.bytes.length) this.grow(extra);
  }

  private grow(extra: number): void {
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const bytes = new Uint8Array(capacity);
    bytes.set(this.bytes.subarray(0, this.length));
    this.bytes = bytes;
    this.words = new Int32Array(bytes.buffer);
  }
}
