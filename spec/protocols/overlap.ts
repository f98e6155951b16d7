/**
 * Quorum-intersection math: every write quorum against every read quorum, by enumeration,
 * and the closed-form chance that a read quorum misses a write quorum (Bailis et al.,
 * "Probabilistically Bounded Staleness", VLDB 2012, equations 1 and 2).
 */

/** Enumeration handles clusters up to this many replicas: C(16,8)^2 is about 1.7e8 pairs. */
export const MAX_OVERLAP_REPLICAS = 16;

/** A write quorum and a read quorum, as sorted 0-based replica indices. */
export interface QuorumPair {
  readonly write: readonly number[];
  readonly read: readonly number[];
}

/** What `overlap` found by enumerating every (write quorum, read quorum) pair. */
export interface OverlapReport {
  /** Replicas (N). */
  readonly n: number;
  /** Write quorum size (W). */
  readonly w: number;
  /** Read quorum size (R). */
  readonly r: number;
  /** Number of pairs: C(n, w) * C(n, r). */
  readonly pairs: number;
  /** Pairs whose quorums share no replica. */
  readonly disjointPairs: number;
  /** Smallest number of replicas a pair shares. */
  readonly minOverlap: number;
  /** Largest number of replicas a pair shares. */
  readonly maxOverlap: number;
  /** `histogram[k]`: pairs sharing exactly k replicas, for k = 0..min(w, r). */
  readonly histogram: readonly number[];
  /** The first disjoint pair in enumeration order, when there is one. */
  readonly exampleDisjoint?: QuorumPair;
  /** The first pair in enumeration order that shares only `minOverlap` replicas. */
  readonly exampleMinOverlap: QuorumPair;
}

/** An exact reduced fraction, with its value as a float. */
export interface Fraction {
  /** The numerator in decimal. */
  readonly numerator: string;
  /** The denominator in decimal, always positive. */
  readonly denominator: string;
  /** numerator / denominator as a double. */
  readonly value: number;
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

function validateQuorums(n: number, w: number, r: number, maxN: number): void {
  requireInteger('n (replicas)', n, 1, maxN);
  requireInteger('w (write quorum)', w, 1, n);
  requireInteger('r (read quorum)', r, 1, n);
}

/** Every k-subset of n replicas as a bitmask, in increasing order (Gosper's hack). */
function subsets(n: number, k: number): Int32Array {
  const count = Number(binomial(n, k));
  const out = new Int32Array(count);
  let mask = (1 << k) - 1;
  for (let i = 0; i < count; i++) {
    out[i] = mask;
    const low = mask & -mask;
    const ripple = mask + low;
    mask = (((ripple ^ mask) >>> 2) / low) | ripple;
  }
  return out;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function replicas(mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; mask !== 0; i++, mask >>>= 1) if (mask & 1) out.push(i);
  return out;
}

/**
 * Enumerates every write quorum (w of n replicas) against every read quorum (r of n) and
 * reports how they intersect. Throws a `RangeError` for n above `MAX_OVERLAP_REPLICAS` or a
 * quorum size outside 1..n.
 */
export function overlap(n: number, w: number, r: number): OverlapReport {
  validateQuorums(n, w, r, MAX_OVERLAP_REPLICAS);
  const writeQuorums = subsets(n, w);
  const readQuorums = subsets(n, r);
  const counts = new Float64Array(Math.min(w, r) + 1);
  let exampleDisjoint: QuorumPair | undefined;
  for (let a = 0; a < writeQuorums.length; a++) {
    const writeQuorum = writeQuorums[a];
    for (let b = 0; b < readQuorums.length; b++) {
      const shared = writeQuorum & readQuorums[b];
      if (shared === 0) {
        counts[0]++;
        if (exampleDisjoint === undefined) exampleDisjoint = { write: replicas(writeQuorum), read: replicas(readQuorums[b]) };
      } else {
        counts[popcount(shared)]++;
      }
    }
  }
  let minOverlap = 0;
  while (counts[minOverlap] === 0) minOverlap++;
  let maxOverlap = counts.length - 1;
  while (counts[maxOverlap] === 0) maxOverlap--;
  let exampleMinOverlap: QuorumPair | undefined;
  for (let a = 0; a < writeQuorums.length && exampleMinOverlap === undefined; a++) {
    for (let b = 0; b < readQuorums.length; b++) {
      if (popcount(writeQuorums[a] & readQuorums[b]) === minOverlap) {
        exampleMinOverlap = { write: replicas(writeQuorums[a]), read: replicas(readQuorums[b]) };
        break;
      }
    }
  }
  const report: OverlapReport = {
    n,
    w,
    r,
    pairs: writeQuorums.length * readQuorums.length,
    disjointPairs: counts[0],
    minOverlap,
    maxOverlap,
    histogram: Array.from(counts),
    // Every pair has some intersection size, so a pair with the minimum always exists.
    exampleMinOverlap: exampleMinOverlap as QuorumPair,
  };
  return exampleDisjoint === undefined ? report : { ...report, exampleDisjoint };
}

/** C(n, k) exactly; 0 when k is outside 0..n. */
export function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  const m = Math.min(k, n - k);
  let result = 1n;
  for (let i = 1; i <= m; i++) result = (result * BigInt(n - m + i)) / BigInt(i);
  return result;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** The fraction numerator/denominator in lowest terms. */
export function fraction(numerator: bigint, denominator: bigint): Fraction {
  if (denominator === 0n) throw new RangeError('fraction: zero denominator');
  if (denominator < 0n) [numerator, denominator] = [-numerator, -denominator];
  const g = numerator === 0n ? denominator : gcd(numerator, denominator);
  const num = numerator / g;
  const den = denominator / g;
  return { numerator: num.toString(), denominator: den.toString(), value: ratio(num, den) };
}

/** num/den as a double, exact enough even when both overflow a double. */
function ratio(num: bigint, den: bigint): number {
  const direct = Number(num) / Number(den);
  if (Number.isFinite(direct) && direct !== 0) return direct;
  if (num === 0n) return 0;
  // Scale so both fit: keep ~60 significant bits of the quotient.
  const shift = BigInt(Math.max(0, den.toString(2).length - num.toString(2).length + 64));
  return Number((num << shift) / den) / 2 ** Number(shift);
}

/** Upper bound on n for the closed forms; they use exact big integers. */
const MAX_FORMULA_REPLICAS = 10_000;

/**
 * The probability that a uniformly chosen read quorum misses a given write quorum entirely,
 * C(n-w, r) / C(n, r) (PBS, eq. 1), as an exact reduced fraction. It is 0 whenever
 * w + r > n.
 */
export function staleProbability(n: number, w: number, r: number): Fraction {
  validateQuorums(n, w, r, MAX_FORMULA_REPLICAS);
  return fraction(binomial(n - w, r), binomial(n, r));
}

/**
 * The probability that a read quorum misses the write quorums of each of the last k
 * independent writes, (C(n-w, r) / C(n, r))^k (PBS, eq. 2), as an exact reduced fraction.
 */
export function kStaleProbability(n: number, w: number, r: number, k: number): Fraction {
  validateQuorums(n, w, r, MAX_FORMULA_REPLICAS);
  requireInteger('k (versions)', k, 0, 1000);
  const bk = BigInt(k);
  return fraction(binomial(n - w, r) ** bk, binomial(n, r) ** bk);
}
