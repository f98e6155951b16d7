/**
 * A history of client operations on one register, in the compact form the model keeps in its
 * state: no clock, only what the checkers need. Real-time order is kept as, for each
 * operation, the set of operations that had already completed successfully when it was
 * invoked (`after`). Operation `a` precedes `b` in real time iff `a` is in `b.after`.
 *
 * Values are small integers. The register starts with `INITIAL_VALUE`, which no client
 * writes (a script writes values 1 and up).
 */

/** The register's value before any write. */
export const INITIAL_VALUE = 0;

/** The state of one invoked operation. */
export type OpStatus =
  /** Invoked, no answer yet. */
  | 'pending'
  /** Answered successfully. */
  | 'ok'
  /** Refused at once (cp mode): nothing was applied. */
  | 'refused'
  /** The client gave up: a write may or may not have been applied anywhere (indeterminate). */
  | 'timeout';

/** One invoked operation. Operations not yet invoked are not in the history. */
export interface HistoryOp {
  /** Index of the operation in the history; `after` bitmasks refer to these indices. */
  readonly id: number;
  /** The client (0-based) that invoked it. */
  readonly client: number;
  readonly kind: 'write' | 'read';
  /** For a write, the value written. For a read that is `ok`, the value returned (the first when siblings). */
  readonly value: number;
  /** For a read that returned concurrent siblings (vector clocks), all values it returned. */
  readonly siblings?: readonly number[];
  readonly status: OpStatus;
  /** Bitmask of the ids of operations with status `ok` when this one was invoked. */
  readonly after: number;
}

/** A history: the invoked operations, indexed by `id`. */
export type History = readonly HistoryOp[];

/** Whether `a` completed successfully before `b` was invoked. */
export function precedes(a: HistoryOp, b: HistoryOp): boolean {
  return (b.after & (1 << a.id)) !== 0;
}

/** What a consistency checker says about a history. */
export type CheckOutcome =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** The operation that breaks the property (a read, for the register properties). */
      readonly op: number;
      /** One line in quorum terms, e.g. "read by C2 returned 0, but write(1) by C1 completed before it began". */
      readonly why: string;
    };
