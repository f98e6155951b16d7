/**
 * Entry words: what a replica, a hint, a message, a reply or a result holds, as one int32.
 *
 * Under a total-order clock (logical, wall) an entry word is one entry, `version << 8 | value`,
 * and merging keeps the higher version (last write wins; a tie keeps what is held), exactly
 * as `mergeEntries` does. Under vector clocks an entry word is a set of siblings, a bitmask of
 * refs (bit 0: the initial entry; bit `k + 1`: history operation `k`'s write), whose versions
 * are read from the history; merging is the union minus every entry another one dominates.
 * A write's vector clock is unique to it (each write raises its writer's own component past
 * everything that writer wrote before, and a write that saw another's cannot be seen by it),
 * so refs and (value, version) pairs correspond one to one and equal words are equal lists.
 */
import { packVersion, vcLeq } from '../cluster/versions.ts';
import { HEXTRA, HVALUE_SHIFT, type PackedLayout } from './layout.ts';

/** The entry word of one (value, version) entry under a total-order clock. */
export function totalEntry(value: number, version: number): number {
  return (version << 8) | value;
}

/** The entry word of a logical or wall-clock write: timestamp `ts` by client `c`. */
export function writeEntry(value: number, ts: number, c: number): number {
  return totalEntry(value, packVersion(ts, c));
}

/** The value of a total-order entry word. */
export function entryValue(e: number): number {
  return e & 0xff;
}

/** The version of a total-order entry word. */
export function entryVersion(e: number): number {
  return e >>> 8;
}

/** The number of set bits of a 32-bit word. */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/**
 * Entry operations for one configuration. The vector-clock ones read versions and values from
 * the state's history, so they take the state.
 */
export class EntryRules {
  readonly vclock: boolean;
  private readonly layout: PackedLayout;
  private readonly clients: number;
  /** Scratch for sorting a sibling set by version: refs, then their versions. */
  private readonly refs = new Int32Array(32);
  private readonly otherRefs = new Int32Array(32);

  constructor(layout: PackedLayout) {
    this.layout = layout;
    this.vclock = layout.vclock;
    this.clients = layout.clients;
  }

  /** The version of entry ref `ref` (vector clocks) in state `s`. */
  refVersion(s: readonly number[], ref: number): number {
    if (ref === 0) return 0;
    return s[this.layout.historyAt + (ref - 1) * this.layout.historyStride + HEXTRA] >>> 0;
  }

  /** The value of entry ref `ref` (vector clocks) in state `s`. */
  refValue(s: readonly number[], ref: number): number {
    if (ref === 0) return 0;
    return (s[this.layout.historyAt + (ref - 1) * this.layout.historyStride] >>> HVALUE_SHIFT) & 0xff;
  }

  /** `held` merged with `incoming`, as `mergeEntries` merges them (`held` itself when it already covers `incoming`). */
  merge(s: readonly number[], held: number, incoming: number): number {
    if (held === incoming) return held;
    if (!this.vclock) return incoming >>> 8 > held >>> 8 ? incoming : held;
    const all = held | incoming;
    let kept = 0;
    for (let bits = all; bits !== 0; bits &= bits - 1) {
      const ref = 31 - Math.clz32(bits & -bits);
      const version = this.refVersion(s, ref);
      let dominated = false;
      for (let others = all; others !== 0; others &= others - 1) {
        const other = 31 - Math.clz32(others & -others);
        if (other !== ref && vcLeq(version, this.refVersion(s, other), this.clients)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) kept |= 1 << ref;
    }
    return kept;
  }

  /** Whether `held` already covers `incoming` (merging changes nothing). */
  covers(s: readonly number[], held: number, incoming: number): boolean {
    return this.merge(s, held, incoming) === held;
  }

  /**
   * Compares two entry words as `compareEntries` compares their lists (length, then each
   * entry's version and value in version order). Total-order words compare as integers.
   */
  compare(s: readonly number[], a: number, b: number): number {
    if (!this.vclock || a === b) return a - b;
    const la = this.sorted(s, a, this.refs);
    const lb = this.sorted(s, b, this.otherRefs);
    if (la !== lb) return la - lb;
    for (let i = 0; i < la; i++) {
      const va = this.refVersion(s, this.refs[i]);
      const vb = this.refVersion(s, this.otherRefs[i]);
      if (va !== vb) return va - vb;
      const xa = this.refValue(s, this.refs[i]);
      const xb = this.refValue(s, this.otherRefs[i]);
      if (xa !== xb) return xa - xb;
    }
    return 0;
  }

  /** Writes the refs of sibling set `e` into `out` in version order (the order `mergeEntries` keeps); returns how many. */
  sorted(s: readonly number[], e: number, out: Int32Array): number {
    let count = 0;
    for (let bits = e; bits !== 0; bits &= bits - 1) {
      const ref = 31 - Math.clz32(bits & -bits);
      const version = this.refVersion(s, ref);
      let at = count++;
      while (at > 0 && this.refVersion(s, out[at - 1]) > version) {
        out[at] = out[at - 1];
        at--;
      }
      out[at] = ref;
    }
    return count;
  }

  /** The number of entries in an entry word (total order: one; a sibling set: its size; 0 for an empty word under vector clocks). */
  size(e: number): number {
    return this.vclock ? popcount32(e) : 1;
  }

  /** The value of the first entry (in version order) of an entry word. */
  firstValue(s: readonly number[], e: number): number {
    if (!this.vclock) return e & 0xff;
    this.sorted(s, e, this.refs);
    return this.refValue(s, this.refs[0]);
  }
}
