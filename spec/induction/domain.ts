/**
 * The bounded domain of quorum-model states that the inductive-invariant check ranges over:
 * every well-formed state of a configuration (see `wellFormedProblem`), reachable or not.
 *
 * A state is built from a history of client operations and a list of digits: one digit per
 * replica's contents, per crashed flag, for the partition and the budgets left, and per
 * (operation, home replica) for where that operation's messages stand. The fast-check
 * arbitrary draws the history's events and the digits (shrinking them towards "nothing
 * happened": no messages, initial contents); the exhaustive enumerator walks every history
 * and every combination of digits.
 */
import fc from 'fast-check';
import type { History, HistoryOp } from '../consistency/history.ts';
import type { Message } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import { INITIAL_ENTRIES, packVersion } from '../cluster/versions.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import { validateConfig } from '../protocols/config.ts';
import type { Topology } from '../protocols/actions.ts';
import { topology } from '../protocols/actions.ts';
import type { ClientState, Pending, QuorumState, Reply } from '../protocols/state.ts';
import { normalize } from '../protocols/state.ts';

/** Above this many states the enumerator is not offered and states are generated instead. */
export const EXHAUSTIVE_LIMIT = 400_000;

/**
 * Why the invariants of `spec/induction` do not apply to `config`, or null when they do. They
 * are stated for the strict quorum with last-write-wins over logical versions, home replicas
 * only, read repair off or asynchronous, quorum or cp mode; faults (partitions, drops,
 * crashes, with or without state loss) and anti-entropy are in.
 */
export function inductionSupport(config: QuorumConfig): string | null {
  const invalid = validateConfig(config);
  if (invalid !== null) return invalid;
  const unsupported: string[] = [];
  if (config.quorum !== 'strict') unsupported.push(`--quorum ${config.quorum}`);
  if (config.spares !== 0) unsupported.push(`--spares ${config.spares}`);
  if (config.resolve !== 'lww') unsupported.push(`--resolve ${config.resolve}`);
  if (config.clock !== 'logical') unsupported.push(`--clock ${config.clock}`);
  if (config.readRepair === 'sync') unsupported.push(`--read-repair ${config.readRepair}`);
  if (config.mode === 'ap') unsupported.push(`--mode ${config.mode}`);
  if (config.handoff) unsupported.push('--handoff');
  if (unsupported.length === 0) return null;
  return `the inductive invariants are stated for --quorum strict --resolve lww --clock logical --read-repair off or async --mode quorum or cp, no spares, no handoff (faults and anti-entropy are fine); not for ${unsupported.join(' ')}`;
}

/** The version the model gives write `i` of `history`: a logical counter above every write invoked before it, and the writer. */
export function writeVersion(history: History, i: number): number {
  let before = 0;
  for (let k = 0; k < i; k++) if (history[k].kind === 'write') before++;
  return packVersion(before + 1, history[i].client);
}

/** The entry write `i` of `history` stores. */
export function writeEntry(history: History, i: number): Entry {
  return { value: history[i].value, version: writeVersion(history, i) };
}

/** Every entry a state with this history may hold anywhere: the initial one, then each write's that was not refused, by id. */
export function entryDomain(history: History): readonly Entry[] {
  const out: Entry[] = [INITIAL_ENTRIES[0]];
  for (let i = 0; i < history.length; i++) if (history[i].kind === 'write' && history[i].status !== 'refused') out.push(writeEntry(history, i));
  return out;
}

/** The values an `ok` read may have returned in the domain: the initial value and every value a script writes. */
export function readableValues(config: QuorumConfig): readonly number[] {
  const values = new Set<number>([0]);
  for (const script of config.ops) for (const op of script) if (op.kind === 'write') values.add(op.value);
  return [...values].sort((a, b) => a - b);
}

/** One event of a history: a client invokes its next operation, or its pending one ends. */
type HistoryEvent = { readonly kind: 'invoke'; readonly client: number; readonly refused: boolean } | { readonly kind: 'end'; readonly client: number; readonly status: 'ok' | 'timeout'; readonly value: number };

/** The events possible after `history`, in a fixed order. */
function nextEvents(config: QuorumConfig, history: History): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (let c = 0; c < config.ops.length; c++) {
    const mine = history.filter((op) => op.client === c);
    const last = mine[mine.length - 1];
    if (last !== undefined && last.status === 'pending') {
      if (last.kind === 'write') out.push({ kind: 'end', client: c, status: 'ok', value: last.value });
      else for (const value of readableValues(config)) out.push({ kind: 'end', client: c, status: 'ok', value });
      out.push({ kind: 'end', client: c, status: 'timeout', value: last.kind === 'write' ? last.value : 0 });
    } else if (mine.length < config.ops[c].length) {
      out.push({ kind: 'invoke', client: c, refused: false });
      // cp mode refuses at once an operation whose quorum it cannot reach.
      if (config.mode === 'cp') out.push({ kind: 'invoke', client: c, refused: true });
    }
  }
  return out;
}

function applyEvent(config: QuorumConfig, history: History, event: HistoryEvent): History {
  if (event.kind === 'invoke') {
    const c = event.client;
    const pc = history.filter((op) => op.client === c).length;
    const scriptOp = config.ops[c][pc];
    let after = 0;
    for (const op of history) if (op.status === 'ok') after |= 1 << op.id;
    const op: HistoryOp = { id: history.length, client: c, kind: scriptOp.kind, value: scriptOp.kind === 'write' ? scriptOp.value : 0, status: event.refused ? 'refused' : 'pending', after };
    return [...history, op];
  }
  return history.map((op) => (op.client === event.client && op.status === 'pending' ? { ...op, status: event.status, value: event.value } : op));
}

/** The history that the event choices `choices` describe (each picks among the events possible then, modulo their number). */
export function historyFromChoices(config: QuorumConfig, choices: readonly number[]): History {
  let history: History = [];
  for (const choice of choices) {
    const events = nextEvents(config, history);
    if (events.length === 0) break;
    history = applyEvent(config, history, events[choice % events.length]);
  }
  return history;
}

function historyKey(history: History): string {
  return history.map((op) => `${op.client}${op.kind[0]}${op.value}${op.status[0]}${op.after}`).join(' ');
}

/** Calls `visit` on every history of the domain, each once, in a fixed order, until it returns false. Returns whether it ran to the end. */
function forEachHistory(config: QuorumConfig, visit: (history: History) => boolean): boolean {
  const seen = new Set<string>();
  const stack: History[] = [[]];
  for (let history = stack.pop(); history !== undefined; history = stack.pop()) {
    const key = historyKey(history);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!visit(history)) return false;
    const events = nextEvents(config, history);
    for (let i = events.length - 1; i >= 0; i--) stack.push(applyEvent(config, history, events[i]));
  }
  return true;
}

/**
 * Every history of the domain, each once, in a fixed order; or null when there are more than
 * `max` (long scripts make many interleavings: the caller then generates states instead).
 */
export function allHistories(config: QuorumConfig, max: number = Number.POSITIVE_INFINITY): History[] | null {
  const out: History[] = [];
  const complete = forEachHistory(config, (history) => {
    out.push(history);
    return out.length <= max;
  });
  return complete ? out : null;
}

/** A source of digits: `pick(radix)` returns one in `0..radix-1`. */
type Digits = (radix: number) => number;

/** What every state of one history shares, computed once per history. */
interface HistoryPlan {
  readonly entries: readonly Entry[];
  /** For each op, its entry as a one-element list when it is a write, else null. */
  readonly written: readonly (readonly Entry[] | null)[];
  readonly pcs: readonly number[];
}

const plans = new WeakMap<History, HistoryPlan>();

function planOf(config: QuorumConfig, history: History): HistoryPlan {
  let plan = plans.get(history);
  if (plan === undefined) {
    plan = {
      entries: entryDomain(history),
      written: history.map((op) => (op.kind === 'write' ? [writeEntry(history, op.id)] : null)),
      pcs: config.ops.map((_, c) => history.filter((op) => op.client === c).length),
    };
    plans.set(history, plan);
  }
  return plan;
}

/**
 * Builds the state of `history` that `pick` chooses. Where each operation's messages stand, per
 * home replica: a pending write's request in flight, its ack in flight, or its ack counted (or
 * none); a finished write's request still in flight or not; a pending read's request in flight,
 * a reply in flight or received (with the entry it carries), or none; a completed read's repair
 * in flight (with its entry) or not, under asynchronous read repair.
 */
function buildState(t: Topology, history: History, pick: Digits): QuorumState {
  const { config } = t;
  const n = config.n;
  const { entries, written, pcs } = planOf(config, history);
  const replicas = Array.from({ length: n }, () => ({ entries: [entries[pick(entries.length)]], hints: [] }));
  let down = 0;
  for (let h = 0; h < n; h++) if (config.crashes > 0 && pick(2) === 1) down |= 1 << h;
  const cut = config.partitions > 0 ? [0, ...t.cuts][pick(1 + t.cuts.length)] : 0;
  const partitionsLeft = pick(config.partitions + 1);
  const dropsLeft = pick(config.drops + 1);
  const crashesLeft = pick(config.crashes + 1);
  const messages: Message[] = [];
  const send = (kind: Message['kind'], from: number, to: number, op: number, carried: readonly Entry[]): void => {
    messages.push({ kind, from, to, op, hints: 0, entries: carried, serial: messages.length });
  };
  const pendings: (Pending | null)[] = config.ops.map(() => null);
  for (const op of history) {
    // A refused operation sent nothing.
    if (op.status === 'refused') continue;
    const client = t.nodes + op.client;
    const pending = op.status === 'pending';
    const entry = written[op.id];
    if (entry !== null) {
      let acked = 0;
      for (let h = 0; h < n; h++) {
        const where = pick(pending ? 4 : 2);
        if (where === 1) send('write', client, h, op.id, entry);
        else if (where === 2) send('ack', h, client, op.id, []);
        else if (where === 3) acked |= 1 << h;
      }
      if (pending) pendings[op.client] = { op: op.id, phase: 'write', required: config.w, acked, replies: [], result: entry };
      continue;
    }
    if (op.status === 'ok' && config.readRepair === 'async') {
      // Asynchronous read repair: the completed read may still have a repair in flight to each replica.
      for (let h = 0; h < n; h++) {
        const where = pick(1 + entries.length);
        if (where > 0) send('repair', client, h, op.id, [entries[where - 1]]);
      }
    }
    if (!pending) continue;
    const replies: Reply[] = [];
    for (let h = 0; h < n; h++) {
      const where = pick(2 + 2 * entries.length);
      if (where === 1) send('read', client, h, op.id, []);
      else if (where >= 2 && where < 2 + entries.length) send('reply', h, client, op.id, [entries[where - 2]]);
      else if (where >= 2 + entries.length) replies.push({ node: h, entries: [entries[where - 2 - entries.length]] });
    }
    pendings[op.client] = { op: op.id, phase: 'read', required: config.r, acked: 0, replies, result: [] };
  }
  const clients: ClientState[] = config.ops.map((_, c) => ({ pc: pcs[c], skew: 0, context: 0, pending: pendings[c] }));
  const state: QuorumState = { replicas, down, cut, clients, messages, history, partitionsLeft, dropsLeft, crashesLeft, skewLeft: 0, serial: messages.length };
  return normalize(state, config);
}

/** The radices `buildState` asks for with `history`, in order. */
function radices(t: Topology, history: History): number[] {
  const out: number[] = [];
  buildState(t, history, (radix) => {
    out.push(radix);
    return 0;
  });
  return out;
}

/** The most digits any history of `config` needs. */
function maxDigits(config: QuorumConfig): number {
  const totalOps = config.ops.reduce((sum, script) => sum + script.length, 0);
  return config.n * (2 + totalOps) + 4;
}

/** The states of `config`'s domain, as a fast-check arbitrary that shrinks towards fewer events, messages and writes held. */
export function quorumStateArbitrary(config: QuorumConfig): fc.Arbitrary<QuorumState> {
  const t = topology(config);
  const totalOps = config.ops.reduce((sum, script) => sum + script.length, 0);
  const digits = maxDigits(config);
  return fc
    .record({
      events: fc.array(fc.nat({ max: 63 }), { maxLength: 2 * totalOps }),
      digits: fc.array(fc.nat({ max: 63 }), { minLength: digits, maxLength: digits }),
    })
    .map(({ events, digits: ds }) => {
      let i = 0;
      return buildState(t, historyFromChoices(config, events), (radix) => ds[i++] % radix);
    });
}

/**
 * How many states the exhaustive enumerator of `config` yields (the product of the radices,
 * summed over histories); null when it is more than `limit` (counting stops there).
 */
export function domainSize(config: QuorumConfig, limit: number = Number.POSITIVE_INFINITY): number | null {
  const t = topology(config);
  let total = 0;
  const complete = forEachHistory(config, (history) => {
    total += radices(t, history).reduce((product, radix) => product * radix, 1);
    return total <= limit;
  });
  return complete ? total : null;
}

/** Every state of `config`'s domain (see `domainSize` for how many). */
export function* enumerateQuorumStates(config: QuorumConfig): Generator<QuorumState> {
  const t = topology(config);
  for (const history of allHistories(config) ?? []) {
    const rs = radices(t, history);
    const counter = rs.map(() => 0);
    for (;;) {
      let i = 0;
      yield buildState(t, history, () => counter[i++]);
      // Mixed-radix increment, last digit fastest.
      let k = rs.length - 1;
      while (k >= 0 && counter[k] === rs[k] - 1) counter[k--] = 0;
      if (k < 0) break;
      counter[k]++;
    }
  }
}

/** A state space for `checkInductive`, with the size of its bounded domain. */
export interface QuorumStateSpace {
  readonly arbitrary: fc.Arbitrary<QuorumState>;
  /** Present when the domain has at most the limit's states. */
  readonly exhaustive?: () => Iterable<QuorumState>;
  /** States in the domain, or null when more than the limit. */
  readonly size: number | null;
}

/** The state space of `config` for `checkInductive`: the arbitrary, and the enumerator when the domain has at most `limit` states. */
export function quorumStateSpace(config: QuorumConfig, limit: number = EXHAUSTIVE_LIMIT): QuorumStateSpace {
  const size = domainSize(config, limit);
  const arbitrary = quorumStateArbitrary(config);
  if (size === null) return { arbitrary, size };
  return { arbitrary, exhaustive: () => enumerateQuorumStates(config), size };
}
