/**
 * The quorum model's final-state tables for the sequence chart: what each node ends the trace
 * holding (value and version, hints, whether it is down), with each home replica that misses a
 * write that completed highlighted, since that replica is where a read quorum can go stale.
 */
import type { FinalRow, LaneFinals } from '../../explorer/describe.ts';
import type { Entry } from '../cluster/versions.ts';
import { covers } from '../cluster/versions.ts';
import type { Topology } from '../protocols/actions.ts';
import type { Namer } from './describe.ts';
import { namer } from './describe.ts';
import type { QuorumState } from '../protocols/state.ts';

/** A write that completed (answered ok) and the entry it wrote. */
export interface CompletedWrite {
  /** Its id in the history. */
  readonly op: number;
  /** The writing client (0-based). */
  readonly client: number;
  readonly entry: Entry;
}

/**
 * The writes that completed by the end of `trace`, in history order. The history keeps no
 * versions, so each write's entry is read from its coordinator's pending operation, in the first
 * state of the trace where the write is pending.
 */
export function completedWrites(trace: readonly QuorumState[]): CompletedWrite[] {
  const last = trace[trace.length - 1];
  const writes: CompletedWrite[] = [];
  for (const op of last.history) {
    if (op.kind !== 'write' || op.status !== 'ok') continue;
    for (const s of trace) {
      const pending = s.clients[op.client].pending;
      if (pending !== null && pending.op === op.id && pending.phase === 'write' && pending.result.length > 0) {
        writes.push({ op: op.id, client: op.client, entry: pending.result[0] });
        break;
      }
    }
  }
  return writes;
}

/**
 * The completed writes that `entries` does not hold: under a total order, those whose version
 * is above what it holds; under vector clocks, those it does not cover (dominate or equal).
 */
export function missedWrites(t: Topology, entries: readonly Entry[], writes: readonly CompletedWrite[]): CompletedWrite[] {
  if (entries.length === 0) return [...writes];
  return writes.filter((w) => !covers(t.config.clock, entries, [w.entry], t.clientCount));
}

/** `1 @ v(1,C1)`, siblings `1 @ vc(1,0) | 2 @ vc(0,1)`, with the scenario's value names. */
function entriesText(nm: Namer, entries: readonly Entry[]): string {
  if (entries.length === 0) return 'nothing';
  return entries.map((e) => `${nm.value(e.value)} @ ${nm.versions([e])}`).join(' | ');
}

/**
 * The tables for the last state of `trace`: per node lane, `x` (its value and version), `hints`
 * (for whom, what: always on a spare, on a home replica when it holds any) and `up no` when
 * down. A home replica's `x` is highlighted when it misses a write that completed; a spare's
 * never is (it is not in any read quorum's count of home replicas). The legend names the write
 * when every highlighted replica misses the same one.
 */
export function quorumFinals(t: Topology, trace: readonly QuorumState[]): LaneFinals {
  const nm = namer(t);
  const last = trace[trace.length - 1];
  const writes = completedWrites(trace);
  const lanes: Record<string, FinalRow[]> = {};
  const missedOps = new Set<number>();
  let highlighted = false;
  for (let x = 0; x < t.nodes; x++) {
    const replica = last.replicas[x];
    const home = x < t.config.n;
    const missed = home ? missedWrites(t, replica.entries, writes) : [];
    for (const w of missed) missedOps.add(w.op);
    const rows: FinalRow[] = [missed.length > 0 ? { key: 'x', value: entriesText(nm, replica.entries), highlight: true } : { key: 'x', value: entriesText(nm, replica.entries) }];
    highlighted ||= missed.length > 0;
    if (!home || replica.hints.length > 0) {
      const hints = replica.hints.map((h) => `for ${nm.name(h.home)}: ${entriesText(nm, h.entries)}`);
      rows.push({ key: 'hints', value: hints.length > 0 ? hints.join('\n') : 'none' });
    }
    if (((last.down >>> x) & 1) !== 0) rows.push({ key: 'up', value: 'no' });
    lanes[nm.lane(x)] = rows;
  }
  if (!highlighted) return { lanes };
  const only = missedOps.size === 1 ? writes.find((w) => missedOps.has(w.op)) : undefined;
  const legend =
    only !== undefined
      ? `misses ${nm.name(t.nodes + only.client)}'s write of ${entriesText(nm, [only.entry])}, which completed`
      : 'misses a write that completed';
  return { lanes, legend };
}
