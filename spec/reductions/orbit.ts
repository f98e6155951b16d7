/**
 * The orbit of a quorum state under the permutations the model's symmetry quotients by:
 * home replicas permuted within their classes (`homeClasses`, only where `symmetryIsSound`)
 * times clients permuted within theirs (`clientClasses`). The explorer uses it to estimate
 * the symmetry reduction factor of a search (`Model.symmetryOrbit`).
 *
 * The orbit is closed from the state under the swaps of two consecutive members of a class,
 * which generate the group (adjacent transpositions generate a symmetric group, and the group
 * is a product of symmetric groups), instead of applying every one of its elements: a state
 * with equal replicas has an orbit far smaller than the group (5040 permutations of 7
 * replicas), and the closure costs the orbit's size times the number of swaps. Each member is
 * listed once.
 */
import type { ByteWriter } from '../../explorer/index.ts';
import type { Topology } from '../protocols/actions.ts';
import type { QuorumState } from '../protocols/state.ts';
import { encodeState } from '../protocols/state.ts';
import { homeClasses, permuteNodes, symmetryIsSound } from './symmetry.ts';
import { clientClasses, permuteClients } from './client-symmetry.ts';

/**
 * Collects `encodeState`'s bytes (little-endian, as the explorer's writer lays them out) to
 * key a `Set` with: equal keys, equal bytes, equal states.
 */
class KeyWriter implements ByteWriter {
  private bytes = new Uint8Array(256);
  private length = 0;
  u8(value: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = value & 0xff;
  }
  u16(value: number): void {
    this.u8(value);
    this.u8(value >>> 8);
  }
  i32(value: number): void {
    this.u32(value >>> 0);
  }

  u32(value: number): void {
    this.u16(value);
    this.u16(value >>> 16);
  }
  // encodeState writes no varint; a fixed-width form keeps the key one-to-one all the same.
  varint(value: number): void {
    const bytes = new Uint8Array(new Float64Array([value]).buffer);
    for (const b of bytes) this.u8(b);
  }
  /** The bytes written since the last key, as a string, and a fresh start for the next key. */
  key(): string {
    const bytes = this.bytes;
    const length = this.length;
    // Two bytes a character, after the length (which tells a trailing zero byte from none).
    let text = String.fromCharCode(length & 0xffff, length >>> 16);
    for (let at = 0; at < length; at += 2) text += String.fromCharCode(bytes[at] | (at + 1 < length ? bytes[at + 1] << 8 : 0));
    this.length = 0;
    return text;
  }
}

/** The swaps of two consecutive members of a class, as permutations of `classes.length` items. */
function adjacentSwaps(classes: readonly number[]): number[][] {
  const swaps: number[][] = [];
  for (let i = 0; i < classes.length; i++) {
    const j = classes.indexOf(classes[i], i + 1);
    if (j < 0) continue;
    const perm = classes.map((_, x) => x);
    perm[i] = j;
    perm[j] = i;
    swaps.push(perm);
  }
  return swaps;
}

/**
 * The orbit function of the quorum model for topology `t`, or undefined where the model has
 * no symmetry (neither home replicas nor clients are interchangeable). It names the group
 * the model's `symmetry` quotients by.
 */
export function quorumOrbit(t: Topology): ((s: QuorumState) => QuorumState[]) | undefined {
  const homes = symmetryIsSound(t.config) ? adjacentSwaps(homeClasses(t.config)) : [];
  const clients = clientClasses(t.config);
  const clientSwaps = clients === null ? [] : adjacentSwaps(clients);
  if (homes.length === 0 && clientSwaps.length === 0) return undefined;
  const generators: ((s: QuorumState) => QuorumState)[] = [
    ...homes.map((perm) => (s: QuorumState) => permuteNodes(t, s, perm)),
    ...clientSwaps.map((perm) => (s: QuorumState) => permuteClients(t, s, perm)),
  ];
  const writer = new KeyWriter();
  const stateKey = (s: QuorumState): string => {
    encodeState(s, writer);
    return writer.key();
  };
  return (s) => {
    const seen = new Set<string>([stateKey(s)]);
    const orbit = [s];
    // `orbit` doubles as the queue of the closure.
    for (let i = 0; i < orbit.length; i++) {
      for (const generate of generators) {
        const member = generate(orbit[i]);
        const key = stateKey(member);
        if (seen.has(key)) continue;
        seen.add(key);
        orbit.push(member);
      }
    }
    return orbit;
  };
}
