/**
 * Plain-words names for history operations, shared by every checker's `why` line and by the
 * reports.
 */
import type { HistoryOp } from './history.ts';

/** Optional display names: clients by 0-based index, values by number. */
export interface OpNames {
  /** `clients[i]` names client `i`; missing entries fall back to `C{i+1}`. */
  readonly clients?: readonly string[];
  /** `values[v]` names value `v`; missing entries print the number. */
  readonly values?: Readonly<Record<number, string>>;
}

/** The display name of client `client` (0-based): `C1`, `C2`... unless `names` says otherwise. */
export function clientName(client: number, names?: OpNames): string {
  return names?.clients?.[client] ?? `C${client + 1}`;
}

/** The display form of value `value`, a name from `names` if it has one. */
export function valueName(value: number, names?: OpNames): string {
  return names?.values?.[value] ?? String(value);
}

/** The values a read returned: its siblings when it has any, else its single value. */
export function readValues(op: HistoryOp): readonly number[] {
  return op.siblings !== undefined && op.siblings.length > 0 ? op.siblings : [op.value];
}

/** How many values a read returned: its sibling count, or 1. Allocation-free companion of `readValues`. */
export function valueCount(op: HistoryOp): number {
  return op.siblings !== undefined && op.siblings.length > 0 ? op.siblings.length : 1;
}

/** The k-th value a read returned (0 <= k < `valueCount(op)`). */
export function valueAt(op: HistoryOp, k: number): number {
  return op.siblings !== undefined && op.siblings.length > 0 ? op.siblings[k] : op.value;
}

/** What a read returned, as text: `0`, or `{1,2}` for siblings. */
export function returnedText(op: HistoryOp, names?: OpNames): string {
  const values = readValues(op);
  if (values.length === 1) return valueName(values[0], names);
  return `{${values.map((v) => valueName(v, names)).join(',')}}`;
}

/** What a client invoked, without its answer: `write(1) by C1`, `read by C2`. */
export function describeInvocation(op: HistoryOp, names?: OpNames): string {
  const who = clientName(op.client, names);
  return op.kind === 'write' ? `write(${valueName(op.value, names)}) by ${who}` : `read by ${who}`;
}

/** What a read returned, as the start of a sentence: `read by C2 returned 0`. */
export function readReturned(op: HistoryOp, names?: OpNames): string {
  return `read by ${clientName(op.client, names)} returned ${returnedText(op, names)}`;
}

/**
 * One operation in plain words: `write(1) by C1`, `read by C2 -> 0`, `read by C2 -> {1,2}`.
 * An operation that did not answer `ok` carries its status: `write(1) by C1 (timeout)`,
 * `read by C2 (pending)`.
 */
export function describeOp(op: HistoryOp, names?: OpNames): string {
  const who = clientName(op.client, names);
  if (op.kind === 'write') {
    const base = `write(${valueName(op.value, names)}) by ${who}`;
    return op.status === 'ok' ? base : `${base} (${op.status})`;
  }
  return op.status === 'ok' ? `read by ${who} -> ${returnedText(op, names)}` : `read by ${who} (${op.status})`;
}
