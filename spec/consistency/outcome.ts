/**
 * The failing `CheckOutcome`. Its sentence is built at once: an object literal with a lazy
 * getter costs about 2 microseconds to create in V8 (more than the string), and a class
 * getter would hide `why` from JSON and from structural equality.
 */
import type { CheckOutcome } from './history.ts';

/** A failing outcome for operation `op`, explained by `why`. */
export function violation(op: number, why: string): CheckOutcome {
  return { ok: false, op, why };
}
