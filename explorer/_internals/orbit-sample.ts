/**
 * The symmetry reduction factor of a search (states with symmetry off / states with symmetry
 * on), estimated from a uniform sample of the states it visited, without a second search.
 *
 * Why the mean of a per-state weight is the factor. A symmetry maps runs to runs, so every
 * member of the orbit O of a reachable state is reachable, and states_off = sum over the
 * reachable orbits O of |O|. With symmetry on the search stores canonical forms, and an orbit
 * may leave more than one: a canonicalizer that breaks ties by index only loses reduction,
 * so the members of O can have c(O) >= 1 distinct canonical forms, of which the search visits
 * v(O), 1 <= v(O) <= c(O). So states_on = sum over O of v(O). Give each visited state r the
 * weight w(r) = |O(r)| / v(O(r)): the v(O) visited states of an orbit share |O| between them,
 * so the weights sum to states_off over the visited states, and
 *
 *   factor = states_off / states_on = the mean of w over the visited states.
 *
 * v(O) is measured, not assumed equal to c(O): after the search, each canonical form of a
 * sampled state's orbit is looked up in the visited set. (The identity then needs no
 * property of the canonicalizer beyond "a representative is a member of the orbit"; it holds
 * for a search cut short too, as the factor of the part it visited. With partial-order
 * reduction, states_off is what the visited orbits hold, not what a reduced search with
 * symmetry off would visit.)
 *
 * The mean is estimated from a uniform sample of k of the n visited states (reservoir
 * sampling, Algorithm R, seeded so that runs agree), with a 95% confidence interval
 * mean +- 1.96 sd / sqrt(k), narrowed by the finite-population correction
 * sqrt((n - k) / (n - 1)) since the sample is drawn without replacement: it is exact, of zero
 * width, when every visited state was sampled. Every weight is at least 1 (v(O) <= |O|), so
 * the interval never goes below 1.
 */
import type { Model } from '../model.ts';
import type { SymmetryFactor } from '../result.ts';
import { GrowableByteWriter } from '../byte-writer.ts';
import { modelEncoder } from '../model-encoder.ts';
import { ExplorerError } from '../errors.ts';

/** How many visited states are sampled by default. */
export const DEFAULT_ORBIT_SAMPLE = 1000;
/** The seed of the sample when the search is given none. */
export const DEFAULT_ORBIT_SEED = 0x5eed;
/**
 * Orbit members listed at most per state the reservoir holds, over the whole sample: past
 * that the estimate stops with the states measured so far. A bound on the work after the
 * search that does not depend on the machine, so the same search reports the same `sampled`
 * everywhere. The quorum model spends about 50 microseconds a member (listing it, encoding
 * it, fingerprinting its representative), so the default sample of 1000 takes about a
 * second at most, however large its orbits (7 interchangeable replicas: up to 5040 members).
 */
export const ORBIT_WORK_PER_SAMPLE = 20;

/** A seeded 32-bit generator (mulberry32): small and fast, plenty for picking sample slots. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * A uniform sample of the states offered to it (Algorithm R): after n offers, each k-subset
 * of them is equally likely to be held, for k = min(n, capacity).
 */
export class OrbitReservoir<S> {
  /** The sampled states, in slot order (not a uniform order: see {@link shuffledOrder}). */
  readonly states: S[] = [];
  /** States offered so far. */
  offered = 0;
  readonly capacity: number;
  private readonly next: () => number;

  constructor(capacity: number, seed: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new ExplorerError('EXP_BAD_OPTION', `the symmetry sample must be a positive integer, not ${capacity}`);
    this.capacity = capacity;
    this.next = mulberry32(seed);
  }

  /** Offer one more state. */
  offer(state: S): void {
    const i = this.offered++;
    if (i < this.capacity) {
      this.states.push(state);
      return;
    }
    // The (i + 1)-th state replaces a held one with probability capacity / (i + 1).
    const j = this.below(i + 1);
    if (j < this.capacity) this.states[j] = state;
  }

  /**
   * The slots in a seeded uniform order. Slot order is not uniform (slot j can only hold the
   * j-th state offered or a later one, so low slots lean to early states): an estimate that
   * stops after a prefix of the sample must read it in this order for the prefix to be a
   * uniform sample too.
   */
  shuffledOrder(): number[] {
    const order = this.states.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }

  /** A uniform integer in 0..n-1, from 53 random bits (so no bias a search could notice). */
  private below(n: number): number {
    const bits = (this.next() >>> 5) * 0x4000000 + (this.next() >>> 6);
    return Math.floor((bits / 0x20000000000000) * n);
  }
}

/** What the estimate needs of the finished search: its fingerprints and its visited set. */
export interface VisitedProbe<S> {
  /** The 64-bit fingerprint the search computes for `state` (its canonical form's): `out[0]` hi, `out[1]` lo. */
  fingerprint(state: S, out: Int32Array): void;
  /** Whether the search visited the state of fingerprint (hi, lo). */
  visited(hi: number, lo: number): boolean;
}

/** The orbit of one sampled state, measured. */
export interface OrbitWeight {
  /** Distinct members of the orbit (equal `encode` bytes: one member). */
  readonly size: number;
  /** Distinct canonical forms of the members that the search visited. */
  readonly visited: number;
  /** Members the model's `symmetryOrbit` listed, repeats included (the work done). */
  readonly listed: number;
}

/**
 * Measure the orbit of `state`: its distinct members, and how many of their canonical forms
 * the search visited. Throws when the model's orbit does not hold `state`, or when no member's
 * canonical form was visited (`state` was not visited, or `symmetryOrbit` names another group
 * than `symmetry`).
 */
export function measureOrbit<S, A>(model: Model<S, A>, orbitOf: (state: S) => readonly S[], probe: VisitedProbe<S>, state: S): OrbitWeight {
  const writer = new GrowableByteWriter();
  const encode = modelEncoder(model);
  const keyOf = (s: S): string => {
    writer.reset();
    encode(s, writer);
    return Buffer.from(writer.bytes.buffer, 0, writer.length).toString('latin1');
  };
  const members = orbitOf(state);
  const distinct = new Set<string>();
  const forms = new Set<string>();
  const fp = new Int32Array(2);
  let visited = 0;
  for (const member of members) {
    const key = keyOf(member);
    if (distinct.has(key)) continue;
    distinct.add(key);
    probe.fingerprint(member, fp);
    const form = `${fp[0]}:${fp[1]}`;
    if (forms.has(form)) continue;
    forms.add(form);
    if (probe.visited(fp[0], fp[1])) visited++;
  }
  if (!distinct.has(keyOf(state))) {
    throw new ExplorerError('EXP_BAD_MODEL', `model '${model.name}': symmetryOrbit(state) does not include the state itself`);
  }
  if (visited === 0) {
    throw new ExplorerError('EXP_BAD_MODEL', `model '${model.name}': no member of a visited state's symmetryOrbit has a visited representative (does it permute what symmetry permutes?)`);
  }
  return { size: distinct.size, visited, listed: members.length };
}

/** Limits of one estimate. */
export interface EstimateOptions {
  /**
   * Stop once this many orbit members have been listed (at least one state is always
   * measured). Default: {@link ORBIT_WORK_PER_SAMPLE} times the reservoir's capacity.
   */
  readonly maxWork?: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The mean of the weights |O| / v as an exact fraction numerator / denominator while the
 * integers stay safe, so that when every visited state is sampled the estimate is the very
 * number states_off / states_on a division of the two searches' counts gives (one correctly
 * rounded division of the same rational). Falls back to a floating-point sum otherwise.
 */
function meanWeight(weights: readonly OrbitWeight[]): number {
  let numerator = 0;
  let denominator = 1;
  for (const w of weights) {
    const lcm = (denominator / gcd(denominator, w.visited)) * w.visited;
    numerator = numerator * (lcm / denominator) + w.size * (lcm / w.visited);
    denominator = lcm;
    if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator * weights.length)) {
      return weights.reduce((sum, x) => sum + x.size / x.visited, 0) / weights.length;
    }
  }
  return numerator / (denominator * weights.length);
}

/**
 * The symmetry factor of a finished search from its reservoir of visited states, or
 * undefined when it sampled none. `reservoir.offered` must be the number of visited states.
 */
export function estimateSymmetryFactor<S, A>(
  model: Model<S, A>,
  reservoir: OrbitReservoir<S>,
  probe: VisitedProbe<S>,
  options: EstimateOptions = {},
): SymmetryFactor | undefined {
  const orbitOf = model.symmetryOrbit;
  if (orbitOf === undefined || reservoir.states.length === 0) return undefined;
  const maxWork = options.maxWork ?? ORBIT_WORK_PER_SAMPLE * reservoir.capacity;
  const weights: OrbitWeight[] = [];
  let work = 0;
  for (const slot of reservoir.shuffledOrder()) {
    if (weights.length > 0 && work >= maxWork) break;
    const weight = measureOrbit(model, orbitOf, probe, reservoir.states[slot]);
    weights.push(weight);
    work += weight.listed;
  }
  const k = weights.length;
  const n = reservoir.offered;
  const estimate = meanWeight(weights);
  if (k === n) return { estimate, low: estimate, high: estimate, sampled: k, exact: true };
  let squares = 0;
  for (const w of weights) squares += (w.size / w.visited - estimate) ** 2;
  const sd = k > 1 ? Math.sqrt(squares / (k - 1)) : 0;
  const halfWidth = ((1.96 * sd) / Math.sqrt(k)) * Math.sqrt((n - k) / (n - 1));
  return { estimate, low: Math.max(1, estimate - halfWidth), high: estimate + halfWidth, sampled: k, exact: false };
}
