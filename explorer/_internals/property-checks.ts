/**
 * The per-state property checks, written once for every search: each `always` property is
 * checked on every discovered state until it fails (its first violation is kept), each
 * `sometimes` property until it holds (its first witness is kept), and each liveness property's
 * predicate is recorded per state for the graph analysis. A search where every safety property
 * is decided, with no liveness to judge, can stop early.
 *
 * The parallel search splits the work: its workers compute {@link PropertyChecks.flags} of a
 * successor, and the main thread, which alone knows the successor is new and its id, records
 * them with {@link PropertyChecks.recordFlags}.
 */
import type { Property } from '../model.ts';
import { growableU8, type Growable } from './growable.ts';
import type { ModelCalls } from './model-calls.ts';

/** A state found by a property during the search (a violation or a witness). */
export interface Finding {
  readonly id: number;
  readonly hi: number;
  readonly lo: number;
}

/** Properties whose findings fit one 32-bit flag word (a worker sends one word per successor). */
export const MAX_FLAGGED = 32;

/** The properties one search checks on each state, and what it found. */
export class PropertyChecks<S> {
  /** `always` properties, checked on every discovered state. */
  readonly invariants: readonly Property<S>[];
  /** `sometimes` properties, looking for a witness. */
  readonly witnesses: readonly Property<S>[];
  /** `eventually` and `always-eventually` properties, evaluated on every state for the graph analysis. */
  readonly liveness: readonly Property<S>[];
  /** Per invariant: the first violating state, or null. */
  readonly violations: (Finding | null)[];
  /** Per `sometimes` property: the first witness, or null. */
  readonly examples: (Finding | null)[];
  /** Per liveness property, per state id: 1 when the property's predicate holds. */
  readonly livenessBits: Growable<Uint8Array>[];
  /** Safety properties not yet decided (an invariant not yet violated, a witness not yet found). */
  undecided: number;

  private readonly calls: ModelCalls<S, unknown>;

  constructor(
    calls: ModelCalls<S, unknown>,
    properties: { readonly invariants: readonly Property<S>[]; readonly witnesses: readonly Property<S>[]; readonly liveness?: readonly Property<S>[] },
  ) {
    this.calls = calls;
    this.invariants = properties.invariants;
    this.witnesses = properties.witnesses;
    this.liveness = properties.liveness ?? [];
    this.violations = this.invariants.map(() => null);
    this.examples = this.witnesses.map(() => null);
    this.livenessBits = this.liveness.map(() => growableU8());
    this.undecided = this.invariants.length + this.witnesses.length;
  }

  /**
   * Whether the search can stop: every safety property is decided, and there is no liveness
   * property (which needs the whole graph).
   */
  get decided(): boolean {
    return this.undecided === 0 && this.liveness.length === 0 && this.invariants.length + this.witnesses.length > 0;
  }

  /** The name of the property at `index` in the order the checks run (invariants, witnesses, liveness). */
  nameAt(index: number): string | undefined {
    const i = this.invariants.length;
    const w = i + this.witnesses.length;
    return (index < i ? this.invariants[index] : index < w ? this.witnesses[index - i] : this.liveness[index - w])?.name;
  }

  /**
   * Check the undecided safety properties and every liveness predicate on the state recorded
   * as `id` (fingerprint `hi:lo`), keeping what is found. Returns true when this state
   * decided the last undecided property and the search can stop ({@link PropertyChecks.decided}).
   */
  evaluate(state: S, id: number, hi: number, lo: number): boolean {
    const decided = this.undecided > 0 && this.recordFlags(this.newFindings(state), id, hi, lo);
    const liveness = this.liveness;
    if (liveness.length > 0) {
      const calls = this.calls;
      const offset = this.invariants.length + this.witnesses.length;
      for (let p = 0; p < liveness.length; p++) this.livenessBits[p].push(calls.check(liveness[p], offset + p, state) ? 1 : 0);
    }
    return decided;
  }

  /**
   * The findings `state` adds, as flags (see {@link PropertyChecks.flags}): only the properties
   * not yet decided are checked. Nothing is recorded.
   */
  newFindings(state: S): number {
    const calls = this.calls;
    const invariants = this.invariants;
    const witnesses = this.witnesses;
    let bits = 0;
    for (let p = 0; p < invariants.length; p++) {
      if (this.violations[p] === null && !calls.check(invariants[p], p, state)) bits |= 1 << p;
    }
    const offset = invariants.length;
    for (let p = 0; p < witnesses.length; p++) {
      if (this.examples[p] === null && calls.check(witnesses[p], offset + p, state)) bits |= 1 << (offset + p);
    }
    return bits;
  }

  /**
   * The safety findings of `state` as one word: bit p when invariant p fails (p below the
   * number of invariants), or when witness p minus that number holds. Every safety property is
   * checked (a worker does not know which are decided). At most {@link MAX_FLAGGED} properties.
   */
  flags(state: S): number {
    const calls = this.calls;
    const invariants = this.invariants;
    const witnesses = this.witnesses;
    let bits = 0;
    for (let p = 0; p < invariants.length; p++) if (!calls.check(invariants[p], p, state)) bits |= 1 << p;
    const offset = invariants.length;
    for (let p = 0; p < witnesses.length; p++) if (calls.check(witnesses[p], offset + p, state)) bits |= 1 << (offset + p);
    return bits;
  }

  /**
   * Record the findings `bits` (as {@link PropertyChecks.flags} computed them) of the state
   * recorded as `id`. Returns true when they decided the last undecided property.
   */
  recordFlags(bits: number, id: number, hi: number, lo: number): boolean {
    if (bits === 0) return false;
    const offset = this.invariants.length;
    for (let p = 0; p < offset; p++) {
      if (this.violations[p] === null && ((bits >>> p) & 1) !== 0) {
        this.violations[p] = { id, hi, lo };
        this.undecided--;
      }
    }
    for (let p = 0; p < this.witnesses.length; p++) {
      if (this.examples[p] === null && ((bits >>> (offset + p)) & 1) !== 0) {
        this.examples[p] = { id, hi, lo };
        this.undecided--;
      }
    }
    return this.decided;
  }
}
