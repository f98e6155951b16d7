/**
 * What every exhaustive search keeps (its state records, its stop guard, its property checks)
 * and what the result assembly reads of them (`SearchRecord`), written once for the one-thread
 * search (`search.ts`) and the parallel level search (`explorer/parallel/check-parallel.ts`).
 */
import type { FingerprintTable } from '../fingerprint-table.ts';
import type { Growable, IndexColumn } from './growable.ts';
import type { Finding, PropertyChecks } from './property-checks.ts';
import type { StateRecords } from './state-records.ts';
import type { StopCause, StopGuard } from './stop-guard.ts';

/** A search's records, guard and checks, read through the names the assembly uses. */
export abstract class RecordedSearch<S> {
  abstract readonly records: StateRecords;
  abstract readonly guard: StopGuard;
  abstract readonly checks: PropertyChecks<S>;
  /** Some state at the depth bound had successors that were not explored. */
  depthCut = false;

  /** Distinct states recorded. */
  get states(): number {
    return this.records.states;
  }
  get parents(): Growable<Uint32Array> {
    return this.records.parents;
  }
  get via(): IndexColumn {
    return this.records.via;
  }
  get table(): FingerprintTable {
    return this.records.table;
  }
  get maxDepth(): number {
    return this.records.maxDepth;
  }
  get seconds(): number {
    return this.guard.seconds;
  }
  get peakMemoryBytes(): number {
    return this.guard.peakMemoryBytes;
  }
  get stopCause(): StopCause | null {
    return this.guard.cause;
  }
  get stopReason(): string | null {
    return this.guard.cause === null ? null : this.guard.stopText();
  }
  get violations(): readonly (Finding | null)[] {
    return this.checks.violations;
  }
  get examples(): readonly (Finding | null)[] {
    return this.checks.examples;
  }
  /** Every reachable state was explored: nothing stopped the search and no depth bound cut it. */
  get exhaustive(): boolean {
    return this.guard.cause === null && !this.depthCut;
  }
}
