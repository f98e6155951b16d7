/**
 * The quorum model's final-state tables for the sequence chart: what each node ends the trace
 * holding (value and version, hints, whether it is down), with each home replica whose copy a
 * completed write has superseded highlighted, since that replica is where a read quorum can go
 * stale.
 */
import type { FinalRow, LaneFinals } from '../../explorer/index.ts';
import type { Entry } from '../cluster/versions.ts';
import type { History } from '../consistency/history.ts';
import { precedes } from '../consistency/history.ts';
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
 * The completed writes that supersede everything `entries` holds, in real time: a write of an
 * entry is superseded by each completed write invoked after it completed, the initial value by
 * every completed write. An entry whose write never completed (pending, timed out) is never
 * superseded, so a replica holding one misses nothing. Version order plays no part: with skewed
 * wall clocks a replica can hold a higher-ranked version that real time has already superseded.
 */
export function missedWrites(history: History, entries: readonly Entry[], writes: readonly CompletedWrite[]): CompletedWrite[] {
  if (entries.length === 0) return [...writes];
  let missed: CompletedWrite[] | undefined;
  for (const entry of entries) {
    let superseders: CompletedWrite[];
    if (entry.version === 0) superseders = [...writes];
    else {
      const source = writes.find((w) => w.entry.value === entry.value && w.entry.version === entry.version);
      if (source === undefined) return [];
      superseders = writes.filter((w) => precedes(history[source.op], history[w.op]));
    }
    missed = missed === undefined ? superseders : missed.filter((w) => superseders.includes(w));
    if (missed.length === 0) return [];
  }
  return missed ?? [];
}

/** `1 @ v(1,C1)`, siblings `1 @ vc(1,0) | 2 @ vc(0,1)`, with the scenario's value names. */
function entriesText(nm: Namer, entries: readonly Entry[]): string {
  if (entries.length === 0) return 'nothing';
  return entries.map((e) => `${nm.value(e.value)} @ ${nm.versions([e])}`).join(' | ');
}

/**
 * The tables for the last state of `trace`: per node lane, `x` (its value and version), `hints`
 * (for whom, what: always on a spare, on a home replica when it holds any) and `up no` when
 * down. A home replica's `x` is highlighted when a completed write superseded all it holds (see
 * `missedWrites`); a spare's never is (it is not in any read quorum's count of home replicas).
 * The legend names the write when the highlighted replicas all miss the same latest one.
 */
export function quorumFinals(t: Topology, trace: readonly QuorumState[]): LaneFinals {
  const nm = namer(t);
  const last = trace[trace.length - 1];
  const writes = completedWrites(trace);
  const lanes: Record<string, FinalRow[]> = {};
  const missedSets: number[][] = [];
  let highlighted = false;
  for (let x = 0; x < t.nodes; x++) {
    const replica = last.replicas[x];
    const home = x < t.config.n;
    const missed = home ? missedWrites(last.history, replica.entries, writes) : [];
    missedSets.push(missed.map((w) => w.op));
    const rows: FinalRow[] = [missed.length > 0 ? { key: 'x', value: entriesText(nm, replica.entries), highlight: true } : { key: 'x', value: entriesText(nm, replica.entries) }];
    highlighted ||= missed.length > 0;
    if (!home || replica.hints.length > 0) {
      // Hints holding the same write are one row: `for Branch 3-5: $40 @ v(1,Customer)`.
      const byWrite = new Map<string, number[]>();
      for (const h of replica.hints) byWrite.set(entriesText(nm, h.entries), [...(byWrite.get(entriesText(nm, h.entries)) ?? []), h.home]);
      const hints = [...byWrite.entries()].map(([text, homes]) => `for ${nm.short(homes)}: ${text}`);
      rows.push({ key: 'hints', value: hints.length > 0 ? hints.join('\n') : 'none' });
    }
    if (((last.down >>> x) & 1) !== 0) rows.push({ key: 'up', value: 'no' });
    lanes[nm.lane(x)] = rows;
  }
  if (!highlighted) return { lanes };
  // Name the write when one completed write is missed by every highlighted replica and supersedes the others it missed.
  const common = writes.filter((w) => missedSets.filter((set) => set.length > 0).every((set) => set.includes(w.op)));
  const latest = common.filter((w) => !common.some((x) => x !== w && precedes(last.history[w.op], last.history[x.op])));
  const only = latest.length === 1 ? latest[0] : undefined;
  const legend =
    only !== undefined
      ? `misses ${nm.name(t.nodes + only.client)}'s write of ${entriesText(nm, [only.entry])}, which completed`
      : 'misses a write that completed';
  return { lanes, legend };
}
