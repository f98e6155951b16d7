/**
 * Candidate inductive invariants of the strict-quorum model (lww, logical versions), from the
 * property itself up to the quorum-intersection argument that proves it:
 *
 * - `stale-read`: the property alone (plus well-formedness). True on every reachable state, but
 *   not inductive: an unreachable state where a completed write is held by no replica lets a
 *   read return the old value in one step.
 * - `write-quorum`: adds "every completed write is held (or exceeded) by at least W home
 *   replicas". Still not inductive: it says nothing of writes in progress, so an ack from a
 *   replica that does not hold the write can complete it.
 * - `quorum-intersection`: adds what the coordinators and the network know: acks only come from
 *   replicas that hold the write, a reply in flight is never newer than its replica (so losing
 *   it loses nothing), and a pending read still has W replicas that either have not answered and
 *   hold everything completed before the read began, or answered with it. Inductive when
 *   W + R > N (the R replies must include one of those W), without state loss.
 */
import { match } from 'ts-pattern';
import type { Invariant } from '../../explorer/index.ts';
import type { History } from '../consistency/history.ts';
import { describeOp } from '../consistency/describe-op.ts';
import { checkStaleRead } from '../consistency/stale-read.ts';
import { formatVersion } from '../cluster/versions.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import { topology, type Topology } from '../protocols/actions.ts';
import type { QuorumState } from '../protocols/state.ts';
import { readableValues, writeEntry } from './domain.ts';

/** A named invariant of the quorum model, with its claim in words for instructors. */
export interface QuorumInvariant extends Invariant<QuorumState> {
  readonly description: string;
  /** The claim clause by clause, as printed by `quorumlab induct`. */
  readonly clauses: readonly string[];
  /** The clauses with their checks, in the same order. */
  readonly clauseChecks: readonly Clause[];
}

/** The names of the invariants, weakest first. */
export const INVARIANT_NAMES = ['stale-read', 'write-quorum', 'quorum-intersection'] as const;

/** One of {@link INVARIANT_NAMES}. */
export type InvariantName = (typeof INVARIANT_NAMES)[number];

const popcount = (mask: number): number => {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
};

/** What the invariants need to know about one history, computed once per history object. */
interface HistoryFacts {
  /** Why the history is not one a run could make, or null. */
  readonly problem: string | null;
  /** Each write's version by op id (0 for reads). */
  readonly versions: readonly number[];
  /** The value each version was written with (version 0: the initial value). */
  readonly valueOf: ReadonlyMap<number, number>;
  /** Each client's number of invoked ops, and its last op id (-1: none). */
  readonly pcs: readonly number[];
  readonly lastOf: readonly number[];
  /** For each op, the newest version among the writes completed before it began (0: none). */
  readonly need: readonly number[];
  readonly staleReadOk: boolean;
}

const factsCache = new WeakMap<QuorumConfig, WeakMap<History, HistoryFacts>>();

function historyFacts(config: QuorumConfig, h: History): HistoryFacts {
  let byHistory = factsCache.get(config);
  if (byHistory === undefined) {
    byHistory = new WeakMap();
    factsCache.set(config, byHistory);
  }
  let facts = byHistory.get(h);
  if (facts === undefined) {
    facts = computeFacts(config, h);
    byHistory.set(h, facts);
  }
  return facts;
}

function computeFacts(config: QuorumConfig, h: History): HistoryFacts {
  const versions = h.map((op, i) => (op.kind === 'write' ? writeEntry(h, i).version : 0));
  const valueOf = new Map<number, number>([[0, 0]]);
  // A refused write applied nothing: its entry is nowhere.
  for (let i = 0; i < h.length; i++) if (h[i].kind === 'write' && h[i].status !== 'refused') valueOf.set(versions[i], h[i].value);
  const need = h.map((op) => {
    let newest = 0;
    for (let i = 0; i < h.length; i++) if ((op.after >>> i) & 1 && h[i].kind === 'write') newest = Math.max(newest, versions[i]);
    return newest;
  });
  const pcs = config.ops.map(() => 0);
  const lastOf = config.ops.map(() => -1);
  const base = { versions, valueOf, pcs, lastOf, need, staleReadOk: checkStaleRead(h).ok };
  const values = readableValues(config);
  for (let k = 0; k < h.length; k++) {
    const op = h[k];
    const problem = ((): string | null => {
      if (op.id !== k || op.client < 0 || op.client >= config.ops.length) return `history op ${k} misnumbered`;
      const scriptOp = config.ops[op.client][pcs[op.client]];
      if (scriptOp === undefined || scriptOp.kind !== op.kind) return `history op ${k} is not its client's next script op`;
      if (op.kind === 'write' && op.value !== (scriptOp.kind === 'write' ? scriptOp.value : -1)) return `history op ${k} writes the wrong value`;
      if ((op.status === 'refused' && config.mode !== 'cp') || op.siblings !== undefined) return `history op ${k} has a status or siblings this mode never makes`;
      if (op.kind === 'read' && !(op.status === 'ok' ? values.includes(op.value) : op.value === 0)) return `history op ${k} returned an unknown value`;
      if ((op.after & ~((1 << k) - 1)) !== 0) return `history op ${k} is after a later op`;
      for (let i = 0; i < k; i++) if ((op.after >>> i) & 1 && h[i].status !== 'ok') return `history op ${k} is after an op that did not complete`;
      if (k > 0 && (h[k - 1].after & ~op.after) !== 0) return `history op ${k} forgets what op ${k - 1} came after`;
      const previous = lastOf[op.client];
      if (previous >= 0) {
        if (h[previous].status === 'pending') return `client ${op.client} has two operations at once`;
        if (h[previous].status === 'ok' && ((op.after >>> previous) & 1) === 0) return `history op ${k} is not after its client's previous op`;
      }
      return null;
    })();
    if (problem !== null) return { ...base, problem };
    lastOf[op.client] = k;
    pcs[op.client]++;
  }
  return { ...base, problem: null };
}

/**
 * Why `s` is not a well-formed state of the domain, or null. Well-formed: the shape every
 * reachable state has, which no step of the model breaks (so it is part of each invariant):
 * each replica holds one entry that is the initial one or some write's (the write's value with
 * the version the model gives it); the history is one a run could make (operations in each
 * client's script order, one at a time, `after` the operations then completed); each pending
 * operation matches its client and is not yet complete; every message belongs to an operation
 * (requests from its client to a home replica, answers back), and for each operation and
 * replica at most one of: its request in flight, its answer in flight, its answer received;
 * budgets within the config, crashed nodes at most the crashes spent.
 */
export function wellFormedProblem(t: Topology, s: QuorumState): string | null {
  const { config } = t;
  const n = config.n;
  const h = s.history;
  const facts = historyFacts(config, h);
  if (facts.problem !== null) return facts.problem;
  if (s.replicas.length !== n) return `${s.replicas.length} replicas, expected ${n}`;
  if (s.clients.length !== config.ops.length) return 'client count differs from the scripts';
  const entryOk = (entries: readonly { value: number; version: number }[]): boolean => entries.length === 1 && facts.valueOf.get(entries[0].version) === entries[0].value;
  const sameAsWrite = (entries: readonly { value: number; version: number }[], op: number): boolean =>
    entries.length === 1 && entries[0].version === facts.versions[op] && entries[0].value === h[op].value;
  for (let x = 0; x < n; x++) {
    if (!entryOk(s.replicas[x].entries)) return `replica ${x} holds an entry no write made`;
    if (s.replicas[x].hints.length !== 0) return `replica ${x} holds hints`;
  }
  if (s.partitionsLeft < 0 || s.partitionsLeft > config.partitions) return 'partition budget out of range';
  if (s.dropsLeft < 0 || s.dropsLeft > config.drops) return 'drop budget out of range';
  if (s.crashesLeft < 0 || s.crashesLeft > config.crashes) return 'crash budget out of range';
  if (s.skewLeft !== 0) return 'skew budget';
  if ((s.down & ~((1 << n) - 1)) !== 0 || popcount(s.down) > config.crashes - s.crashesLeft) return 'more nodes down than crashes spent';
  if (s.cut !== 0 && (s.partitionsLeft >= config.partitions || !t.cuts.includes(s.cut))) return 'a partition no step makes';

  for (let c = 0; c < config.ops.length; c++) {
    const client = s.clients[c];
    if (client.pc !== facts.pcs[c] || client.skew !== 0 || client.context !== 0) return `client ${c}'s progress differs from the history`;
    const last = facts.lastOf[c];
    const p = client.pending;
    if (p === null) {
      if (last >= 0 && h[last].status === 'pending') return `client ${c} has a pending op but no coordinator state`;
      continue;
    }
    if (last < 0 || p.op !== last || h[last].status !== 'pending' || p.phase !== h[last].kind) return `client ${c}'s pending op differs from the history`;
    if (p.phase === 'write') {
      if (p.required !== config.w || p.replies.length !== 0 || !sameAsWrite(p.result, p.op)) return `client ${c}'s write is malformed`;
      if ((p.acked & ~((1 << n) - 1)) !== 0 || popcount(p.acked) >= p.required) return `client ${c}'s write has too many acks to be pending`;
    } else {
      if (p.required !== config.r || p.acked !== 0 || p.result.length !== 0 || p.replies.length >= p.required) return `client ${c}'s read is malformed`;
      for (let i = 0; i < p.replies.length; i++) {
        const r = p.replies[i];
        if (r.node < 0 || r.node >= n || (i > 0 && p.replies[i - 1].node >= r.node) || !entryOk(r.entries)) return `client ${c}'s read has a malformed reply`;
      }
    }
  }

  // Messages, and per (op, replica) at most one of request, answer in flight, answer received.
  const seen = new Set<number>();
  const mark = (op: number, node: number): boolean => {
    const key = op * 64 + node;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const c of s.clients) {
    const p = c.pending;
    if (p === null) continue;
    for (let x = 0; x < n; x++) if ((p.acked >>> x) & 1) mark(p.op, x);
    for (const r of p.replies) mark(p.op, r.node);
  }
  for (const m of s.messages) {
    const op = h[m.op];
    if (op === undefined || m.hints !== 0) return 'a message of no operation';
    const client = t.nodes + op.client;
    const pending = op.status === 'pending';
    const problem = match(m.kind)
      .with('write', () => (op.kind !== 'write' || op.status === 'refused' || m.from !== client || m.to >= n || !sameAsWrite(m.entries, m.op) ? 'a malformed write' : mark(m.op, m.to) ? null : 'two messages of one operation at one replica'))
      .with('ack', () => (op.kind !== 'write' || !pending || m.from >= n || m.to !== client || m.entries.length !== 0 ? 'a malformed ack' : mark(m.op, m.from) ? null : 'two messages of one operation at one replica'))
      .with('read', () => (op.kind !== 'read' || !pending || m.from !== client || m.to >= n || m.entries.length !== 0 ? 'a malformed read' : mark(m.op, m.to) ? null : 'two messages of one operation at one replica'))
      .with('reply', () => (op.kind !== 'read' || !pending || m.from >= n || m.to !== client || !entryOk(m.entries) ? 'a malformed reply' : mark(m.op, m.from) ? null : 'two messages of one operation at one replica'))
      .with('repair', () =>
        config.readRepair !== 'async' || op.kind !== 'read' || op.status !== 'ok' || m.from !== client || m.to >= n || !entryOk(m.entries)
          ? 'a malformed repair'
          : mark(m.op, m.to)
            ? null
            : 'two messages of one operation at one replica',
      )
      .with('writeback', () => 'a write-back message without synchronous read repair')
      .exhaustive();
    if (problem !== null) return problem;
  }
  return null;
}

/** The version home replica `x` holds. */
function held(s: QuorumState, x: number): number {
  return s.replicas[x].entries[0].version;
}

const replicaName = (x: number): string => `R${x + 1}`;

function entryText(config: QuorumConfig, value: number, version: number): string {
  return `${value} ${formatVersion('logical', version, config.ops.length)}`;
}

/** Every `ok` write is held, or exceeded, by at least W home replicas; else why not. */
export function writeQuorumProblem(config: QuorumConfig, s: QuorumState): string | null {
  const h = s.history;
  const { versions } = historyFacts(config, h);
  for (let i = 0; i < h.length; i++) {
    if (h[i].kind !== 'write' || h[i].status !== 'ok') continue;
    const holders: string[] = [];
    for (let x = 0; x < config.n; x++) if (held(s, x) >= versions[i]) holders.push(replicaName(x));
    if (holders.length < config.w) {
      return `${describeOp(h[i])} completed, but only ${holders.length} home replica${holders.length === 1 ? '' : 's'}${holders.length > 0 ? ` (${holders.join(', ')})` : ''} hold${holders.length === 1 ? 's' : ''} it or newer, fewer than W=${config.w}`;
    }
  }
  return null;
}

/** Acks in flight and acks counted for a pending write come only from replicas that hold it (or newer); else why not. */
export function acksProblem(config: QuorumConfig, s: QuorumState): string | null {
  const h = s.history;
  const { versions } = historyFacts(config, h);
  const lie = (x: number, op: number, where: string): string =>
    `${replicaName(x)}'s ack for ${describeOp(h[op])} is ${where}, but ${replicaName(x)} holds ${entryText(config, s.replicas[x].entries[0].value, held(s, x))}`;
  for (const client of s.clients) {
    const p = client.pending;
    if (p === null || p.phase !== 'write') continue;
    for (let x = 0; x < config.n; x++) if ((p.acked >>> x) & 1 && held(s, x) < versions[p.op]) return lie(x, p.op, 'counted');
  }
  for (const m of s.messages) if (m.kind === 'ack' && held(s, m.from) < versions[m.op]) return lie(m.from, m.op, 'in flight');
  return null;
}

/** A reply in flight never carries a version newer than its replica holds now (versions only grow), so losing it loses nothing the replica cannot say again; else why not. */
export function repliesAheadProblem(config: QuorumConfig, s: QuorumState): string | null {
  for (const m of s.messages) {
    if (m.kind === 'reply' && m.entries[0].version > held(s, m.from)) {
      return `${replicaName(m.from)}'s reply in flight carries ${entryText(config, m.entries[0].value, m.entries[0].version)}, newer than the ${entryText(config, s.replicas[m.from].entries[0].value, held(s, m.from))} it holds`;
    }
  }
  return null;
}

/**
 * For each pending read: with `need` the newest version among the writes completed before it
 * began, at least W home replicas are still "fresh" for it: they answered (the answer received
 * or in flight) with `need` or newer, or have not answered and hold `need` or newer. Else why not.
 */
export function readQuorumProblem(config: QuorumConfig, s: QuorumState): string | null {
  const { need } = historyFacts(config, s.history);
  for (const client of s.clients) {
    const p = client.pending;
    if (p === null || p.phase !== 'read' || need[p.op] === 0) continue;
    const answered: (number | null)[] = Array.from({ length: config.n }, () => null);
    for (const r of p.replies) answered[r.node] = r.entries[0].version;
    for (const m of s.messages) if (m.kind === 'reply' && m.op === p.op) answered[m.from] = m.entries[0].version;
    const fresh: string[] = [];
    for (let x = 0; x < config.n; x++) if ((answered[x] ?? held(s, x)) >= need[p.op]) fresh.push(replicaName(x));
    if (fresh.length < config.w) {
      return `${describeOp(s.history[p.op])} needs ${formatVersion('logical', need[p.op], config.ops.length)} or newer, but only ${fresh.length} home replica${fresh.length === 1 ? ' is' : 's are'} fresh for it${fresh.length > 0 ? ` (${fresh.join(', ')})` : ''}, fewer than W=${config.w}`;
    }
  }
  return null;
}

/** One clause of an invariant: its claim in words, and why a state breaks it (null when it holds). */
export interface Clause {
  readonly text: string;
  readonly problem: (s: QuorumState) => string | null;
}

/** Why `s` breaks `invariant`: the first clause that fails (1-based) and the reason, or null when it holds. */
export function firstBrokenClause(invariant: QuorumInvariant, s: QuorumState): { readonly clause: number; readonly text: string; readonly why: string } | null {
  for (let i = 0; i < invariant.clauseChecks.length; i++) {
    const why = invariant.clauseChecks[i].problem(s);
    if (why !== null) return { clause: i + 1, text: invariant.clauseChecks[i].text, why };
  }
  return null;
}

function fromClauses(name: string, description: string, clauses: readonly Clause[]): QuorumInvariant {
  return {
    name,
    description,
    clauses: clauses.map((c) => c.text),
    clauseChecks: clauses,
    holds: (s) => clauses.every((c) => c.problem(s) === null),
  };
}

/** The invariants for `config` (see `inductionSupport` for which configs they are stated for), weakest first. */
export function quorumInvariants(config: QuorumConfig): readonly QuorumInvariant[] {
  const t = topology(config);
  const wellFormed: Clause = {
    text: "the state is well-formed: replicas hold the initial entry or some write's, the history is one a run could make, every message belongs to a pending operation (or is a finished write's request, or a completed read's repair), at most one message or answer per operation and replica",
    problem: (s) => {
      const problem = wellFormedProblem(t, s);
      return problem === null ? null : `not well-formed: ${problem}`;
    },
  };
  const noStale: Clause = {
    text: 'no completed read returned a value never written, or one superseded by a write completed before the read began (stale-read)',
    problem: (s) => {
      if (historyFacts(config, s.history).staleReadOk) return null;
      const outcome = checkStaleRead(s.history);
      return outcome.ok ? null : outcome.why;
    },
  };
  const writeQuorum: Clause = {
    text: `every completed write is held, or exceeded, by at least W=${config.w} home replicas (versions only grow)`,
    problem: (s) => writeQuorumProblem(config, s),
  };
  // With W + R <= N the property is not even true: `quorumlab check` finds a stale read.
  const holdsWhenReachable = config.w + config.r > config.n ? 'true on every reachable state' : `not even true here (W + R = ${config.w + config.r} <= N = ${config.n})`;
  return [
    fromClauses('stale-read', `the stale-read property alone: ${holdsWhenReachable}, but not inductive`, [wellFormed, noStale]),
    fromClauses('write-quorum', 'stale-read plus "every completed write is on W replicas": still not inductive, it says nothing about writes and reads in progress', [wellFormed, noStale, writeQuorum]),
    fromClauses('quorum-intersection', 'the quorum-intersection argument: inductive when W + R > N and no crash loses state, and it implies stale-read', [
      wellFormed,
      noStale,
      writeQuorum,
      { text: 'an ack (in flight or counted) for a pending write comes only from a replica that holds the write, or newer', problem: (s) => acksProblem(config, s) },
      { text: 'a reply in flight carries no newer version than its replica holds now', problem: (s) => repliesAheadProblem(config, s) },
      {
        text: `every pending read still has at least W=${config.w} fresh home replicas: each answered with, or has not answered and holds, the newest write completed before the read began (or newer); with R=${config.r} replies from distinct replicas and W + R > N, one reply is fresh`,
        problem: (s) => readQuorumProblem(config, s),
      },
    ]),
  ];
}

/** The stale-read property as an invariant, for `checkInductive`'s `implies`. */
export function staleReadProperty(): Invariant<QuorumState> {
  return { name: 'stale-read', description: 'no read returns a stale value', holds: (s) => checkStaleRead(s.history).ok };
}
