/**
 * A 64-bit fingerprint of a state's canonical bytes, as two 32-bit lanes.
 *
 * Two MurmurHash3-style lanes with different multipliers and seeds read the same words; the
 * finalizer cross-mixes them (as MurmurHash3_x86_128 does) so each output lane depends on
 * both. Everything is 32-bit integer arithmetic with `Math.imul`: no BigInt, no allocation.
 */
import type { GrowableByteWriter } from '../byte-writer.ts';

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * Fingerprint the bytes written to `writer` into `out[0]` (high lane) and `out[1]` (low lane),
 * as signed 32-bit integers.
 */
export function fingerprintWriter(writer: GrowableByteWriter, out: Int32Array): void {
  fingerprintParts(writer.bytes, writer.words, writer.length, out);
}

/**
 * Fingerprint `bytes[0 .. length)`; `words` must be an `Int32Array` over the same memory.
 */
export function fingerprintParts(bytes: Uint8Array, words: Int32Array, length: number, out: Int32Array): void {
  let h1 = 0x9747b28c ^ length;
  let h2 = 0x3c6ef372 ^ Math.imul(length, 0x27d4eb2f);
  const wordCount = length >>> 2;
  for (let w = 0; w < wordCount; w++) {
    const k = words[w];
    let k1 = Math.imul(k, 0xcc9e2d51);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, 0x1b873593);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    let k2 = Math.imul(k, 0x239b961b);
    k2 = (k2 << 16) | (k2 >>> 16);
    h2 ^= Math.imul(k2, 0xab0e9789);
    h2 = (h2 << 17) | (h2 >>> 15);
    h2 = (Math.imul(h2, 5) + 0x38b34ae5) | 0;
  }
  const tail = wordCount << 2;
  if (tail < length) {
    // Only the bytes below `length` count: the rest of the last word is stale.
    let k = 0;
    for (let i = length - 1; i >= tail; i--) k = (k << 8) | bytes[i];
    let k1 = Math.imul(k, 0xcc9e2d51);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, 0x1b873593);
    let k2 = Math.imul(k, 0x239b961b);
    k2 = (k2 << 16) | (k2 >>> 16);
    h2 ^= Math.imul(k2, 0xab0e9789);
  }
  finish(h1, h2, out);
}

/** The two lanes mixed into each other and finalized, into `out`. */
function finish(h1: number, h2: number, out: Int32Array): void {
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  out[0] = h1;
  out[1] = h2;
}

/**
 * Fingerprint the words `words[start .. end)` (int32 values, in a plain or typed array) into
 * `out`: exactly what {@link fingerprintParts} gives for the same words written to a byte
 * buffer (4 bytes each, so there is no tail), without copying them there first.
 */
export function fingerprintWords(words: ArrayLike<number>, start: number, end: number, out: Int32Array): void {
  // The per-word mixing is fingerprintParts' own, written again: sharing it would take a call
  // returning two lanes for every word of every state, on the search's hottest path.
  const length = (end - start) << 2;
  let h1 = 0x9747b28c ^ length;
  let h2 = 0x3c6ef372 ^ Math.imul(length, 0x27d4eb2f);
  for (let w = start; w < end; w++) {
    const k = words[w] | 0;
    let k1 = Math.imul(k, 0xcc9e2d51);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, 0x1b873593);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    let k2 = Math.imul(k, 0x239b961b);
    k2 = (k2 << 16) | (k2 >>> 16);
    h2 ^= Math.imul(k2, 0xab0e9789);
    h2 = (h2 << 17) | (h2 >>> 15);
    h2 = (Math.imul(h2, 5) + 0x38b34ae5) | 0;
  }
  finish(h1, h2, out);
}
