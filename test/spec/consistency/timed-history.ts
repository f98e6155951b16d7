/**
 * Test support: histories with explicit invocation and response times, the `History` the
 * checkers read (its `after` bitmasks derived from the times), and fast-check generators.
 */
import fc from 'fast-check';
import type { History, HistoryOp, OpStatus } from '../../../spec/consistency/history.ts';

/** One operation with wall-clock times; `response` is `Infinity` for a pending operation. */
export interface TimedOp {
  readonly client: number;
  readonly kind: 'write' | 'read';
  readonly value: number;
  readonly siblings?: readonly number[];
  readonly status: OpStatus;
  readonly invoke: number;
  /** When the client got its answer or gave up; only an `ok` response orders later operations. */
  readonly response: number;
}

/** A timed history sorted by invocation time, so index = id. */
export type TimedHistory = readonly TimedOp[];

/** Whether `a` completed successfully before `b` was invoked: the real-time order, from the clock. */
export function before(a: TimedOp, b: TimedOp): boolean {
  return a.status === 'ok' && a.response < b.invoke;
}

/** The compact `History` of a timed history: `after` bitmasks built from the times. */
export function toHistory(timed: TimedHistory): History {
  return timed.map((op, id): HistoryOp => {
    let after = 0;
    timed.forEach((other, j) => {
      if (before(other, op)) after |= 1 << j;
    });
    const base = { id, client: op.client, kind: op.kind, value: op.value, status: op.status, after };
    return op.siblings === undefined ? base : { ...base, siblings: op.siblings };
  });
}

/** Builds a history from a list, ids in list order, `after` from explicit predecessor ids. */
export function history(ops: readonly (Omit<HistoryOp, 'id' | 'after'> & { readonly after?: readonly number[] })[]): History {
  return ops.map((op, id) => {
    const { after = [], ...rest } = op;
    return { ...rest, id, after: after.reduce((mask, j) => mask | (1 << j), 0) };
  });
}

interface ScriptStep {
  readonly kind: 'write' | 'read';
  readonly value: number;
  readonly siblings: readonly number[] | null;
  readonly status: OpStatus;
  readonly gap: number;
  readonly duration: number;
}

/** Options for `timedHistoryArb`. */
export interface TimedHistoryOptions {
  readonly clients: number;
  readonly maxOps: number;
  /** Largest value a write writes (values start at 1). */
  readonly maxValue: number;
  /** Whether reads may return sibling sets. */
  readonly siblings: boolean;
  /** Statuses drawn uniformly (repeat one to weight it); by default mostly `ok`. */
  readonly statuses?: readonly OpStatus[];
}

/**
 * Random timed histories: each client runs its operations one after another (a pending
 * operation is its last), with random gaps and durations, so operations of different clients
 * overlap in every way. Distinct fractional offsets per client keep all times distinct.
 */
export function timedHistoryArb(options: TimedHistoryOptions): fc.Arbitrary<TimedHistory> {
  const value = fc.integer({ min: 0, max: options.maxValue });
  const step: fc.Arbitrary<ScriptStep> = fc.record({
    kind: fc.constantFrom<'write' | 'read'>('write', 'read'),
    value,
    siblings: options.siblings
      ? fc.option(fc.uniqueArray(value, { minLength: 2, maxLength: 3 }), { freq: 3 })
      : fc.constant(null),
    status: fc.constantFrom<OpStatus>(...(options.statuses ?? ['ok', 'ok', 'ok', 'ok', 'pending', 'timeout', 'refused'])),
    gap: fc.integer({ min: 0, max: 4 }),
    duration: fc.integer({ min: 0, max: 6 }),
  });
  return fc
    .array(fc.array(step, { maxLength: options.maxOps }), { minLength: 1, maxLength: options.clients })
    .map((scripts) => {
      const ops: TimedOp[] = [];
      scripts.forEach((script, client) => {
        let clock = client / 100;
        for (const s of script) {
          // The quarter keeps a client's next invocation strictly after its previous answer.
          const invoke = clock + s.gap + 0.25;
          const response = s.status === 'pending' ? Infinity : invoke + s.duration + 0.5;
          const isRead = s.kind === 'read';
          // Writes write 1 and up; reads may return the initial 0 or a never-written value.
          const written = isRead ? s.value : Math.max(1, s.value);
          const siblings = isRead && s.siblings !== null && s.status === 'ok' ? s.siblings : undefined;
          const op: TimedOp = {
            client,
            kind: s.kind,
            value: siblings === undefined ? written : siblings[0],
            status: s.status,
            invoke,
            response,
            ...(siblings === undefined ? {} : { siblings }),
          };
          ops.push(op);
          if (s.status === 'pending') break;
          clock = response;
        }
      });
      ops.sort((a, b) => a.invoke - b.invoke);
      return ops.slice(0, options.maxOps);
    });
}
