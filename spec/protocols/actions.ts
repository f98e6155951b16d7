/**
 * The quorum model's transitions: the action union, which actions are enabled in a state
 * (in a deterministic order), and the state each leads to.
 */
import { match } from 'ts-pattern';
import type { HistoryOp } from '../consistency/history.ts';
import type { Message, MessageKind } from '../cluster/network.ts';
import { compareMessages, connected, enumerateCuts, popcount } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import { INITIAL_ENTRIES, covers, mergeEntries, packVersion, sameEntries, vcIncrement, vcMax } from '../cluster/versions.ts';
import type { QuorumConfig } from './config.ts';
import type { ClientState, Hint, Pending, QuorumState, Reply, ReplicaState } from './state.ts';
import { normalizeStep } from './state.ts';

/** One transition of the quorum model. Nodes are 0-based (home replicas, then spares), clients 0-based. */
export type QuorumAction =
  /** A client starts the next operation of its script (or, in cp mode, is refused at once). */
  | { readonly kind: 'invoke'; readonly client: number }
  /** The message at `index` of the state's sorted in-flight list arrives and is handled. */
  | { readonly kind: 'deliver'; readonly index: number }
  /** The network loses the message at `index` (drop budget). */
  | { readonly kind: 'drop'; readonly index: number }
  /** A stuck client stops waiting: a timeout, or in ap mode an answer with what it has. */
  | { readonly kind: 'give-up'; readonly client: number }
  /** Hinted handoff: `node` hands the write it holds for `home` to it. */
  | { readonly kind: 'handoff'; readonly node: number; readonly home: number }
  /** Anti-entropy between home replicas `a` < `b`: both end with the merge of their contents. */
  | { readonly kind: 'anti-entropy'; readonly a: number; readonly b: number }
  /** The network splits along `cut` (a bitmask over endpoints: nodes, then clients). */
  | { readonly kind: 'partition'; readonly cut: number }
  | { readonly kind: 'heal' }
  | { readonly kind: 'crash'; readonly node: number }
  /** A crashed node comes back; with state loss, restored from home replica `from`'s copy, or empty when -1. */
  | { readonly kind: 'recover'; readonly node: number; readonly from: number }
  /** A client's wall clock moves back one tick. */
  | { readonly kind: 'skew'; readonly client: number };

/** Precomputed facts about a config that every transition needs. */
export interface Topology {
  readonly config: QuorumConfig;
  /** Home replicas + spares. */
  readonly nodes: number;
  readonly clientCount: number;
  /** Every partition worth enumerating. */
  readonly cuts: readonly number[];
}

/** The topology of a (valid) config. */
export function topology(config: QuorumConfig): Topology {
  const nodes = config.n + config.spares;
  return {
    config,
    nodes,
    clientCount: config.ops.length,
    cuts: enumerateCuts(nodes, config.ops.length, config.clientSites, config.partitionCut),
  };
}

/** The endpoint number of client `c`. */
export function clientEndpoint(t: Topology, c: number): number {
  return t.nodes + c;
}

const isUp = (s: QuorumState, node: number): boolean => ((s.down >>> node) & 1) === 0;

/** Whether client `c` can talk to `node` now: same side of any partition, and the node up. */
export function canReach(t: Topology, s: QuorumState, c: number, node: number): boolean {
  return isUp(s, node) && connected(s.cut, clientEndpoint(t, c), node);
}

/** Whether message `m` can be delivered now: its endpoints connected and a node receiver up. */
export function deliverable(t: Topology, s: QuorumState, m: Message): boolean {
  if (!connected(s.cut, m.from, m.to)) return false;
  return m.to >= t.nodes || isUp(s, m.to);
}

/** A request's destination and the home replicas it holds the write for. */
interface Target {
  readonly node: number;
  hints: number;
}

/**
 * Where a coordinator sends a request, in preference-list order. A reachable home replica
 * gets it. An unreachable one is replaced, under a sloppy quorum or in ap mode, by the next
 * reachable unused spare (holding a hint); in ap mode with no spare left every reachable
 * target holds a hint for it; otherwise the request goes to the home replica anyway and waits.
 * `reached` counts the targets reachable now (ap mode shrinks its quorum to it).
 */
function selectTargets(t: Topology, s: QuorumState, c: number, forWrite: boolean): { targets: Target[]; reached: number } {
  const { config } = t;
  const substitute = config.quorum === 'sloppy' || config.mode === 'ap';
  const targets: Target[] = [];
  let usedSpares = 0;
  let leftover = 0;
  let reached = 0;
  for (let h = 0; h < config.n; h++) {
    if (canReach(t, s, c, h)) {
      targets.push({ node: h, hints: 0 });
      reached++;
      continue;
    }
    if (substitute) {
      let spare = -1;
      for (let x = config.n; x < t.nodes; x++) {
        if (((usedSpares >>> x) & 1) === 0 && canReach(t, s, c, x)) {
          spare = x;
          break;
        }
      }
      if (spare >= 0) {
        usedSpares |= 1 << spare;
        targets.push({ node: spare, hints: 1 << h });
        reached++;
        continue;
      }
      if (config.mode === 'ap') {
        leftover |= 1 << h;
        continue;
      }
    }
    targets.push({ node: h, hints: 0 });
  }
  if (config.mode === 'ap') {
    if (reached === 0) {
      // Nothing reachable at all: even ap cannot answer; requests wait at the home replicas.
      return { targets: Array.from({ length: config.n }, (_, h) => ({ node: h, hints: 0 })), reached: 0 };
    }
    // Every node that accepts keeps a hint for each home replica it could not reach, so
    // whichever reconnects first syncs it (and no node is singled out by list order).
    if (forWrite) for (const target of targets) target.hints |= leftover;
  }
  return { targets, reached };
}

/** The quorum an operation needs: W or R, shrunk in ap mode to what is reachable. */
function quorumSize(t: Topology, base: number, reached: number): number {
  return t.config.mode === 'ap' && reached > 0 ? Math.min(base, reached) : base;
}

/**
 * A state under construction: messages added with fresh serials. Each is inserted where
 * `sortMessages` would put it (after every message that does not sort above it: its serial
 * is the largest), so the list stays in canonical order and a step never sorts it.
 */
class Draft {
  messages: Message[];
  serial: number;
  constructor(s: QuorumState) {
    this.messages = s.messages.slice();
    this.serial = s.serial;
  }
  send(kind: MessageKind, from: number, to: number, op: number, hints: number, entries: readonly Entry[]): void {
    const message: Message = { kind, from, to, op, hints, entries, serial: this.serial++ };
    const messages = this.messages;
    let at = messages.length;
    while (at > 0 && compareMessages(messages[at - 1], message) > 0) at--;
    messages.splice(at, 0, message);
  }
}

function okMask(history: readonly HistoryOp[]): number {
  let mask = 0;
  for (const op of history) if (op.status === 'ok') mask |= 1 << op.id;
  return mask;
}

// A copy with one element replaced; `slice` then a store is cheaper than `map` with a closure on this path.
function withHistoryOp(history: readonly HistoryOp[], op: HistoryOp): readonly HistoryOp[] {
  const out = history.slice();
  for (let i = 0; i < out.length; i++) if (out[i].id === op.id) out[i] = op;
  return out;
}

function withClient(clients: readonly ClientState[], c: number, client: ClientState): readonly ClientState[] {
  const out = clients.slice();
  out[c] = client;
  return out;
}

function withReplica(replicas: readonly ReplicaState[], node: number, replica: ReplicaState): readonly ReplicaState[] {
  const out = replicas.slice();
  out[node] = replica;
  return out;
}

/** The entries a read returns from its replies, by the configured resolution. */
export function resolveReplies(config: QuorumConfig, replies: readonly Reply[]): readonly Entry[] {
  const clients = config.ops.length;
  return match(config.resolve)
    .with('first', () => replies[0].entries)
    .with('lww', 'vclock', () => replies.reduce<readonly Entry[]>((acc, r) => mergeEntries(config.clock, acc, r.entries, clients), replies[0].entries))
    .with('majority', () => {
      // Most common value among the replies; a tie goes to the value seen with the highest version.
      const best = new Map<number, { count: number; entry: Entry }>();
      for (const r of replies) {
        const e = r.entries[r.entries.length - 1];
        const seen = best.get(e.value);
        if (seen === undefined) best.set(e.value, { count: 1, entry: e });
        else best.set(e.value, { count: seen.count + 1, entry: e.version > seen.entry.version ? e : seen.entry });
      }
      let winner: { count: number; entry: Entry } | undefined;
      for (const v of best.values()) {
        if (winner === undefined || v.count > winner.count || (v.count === winner.count && v.entry.version > winner.entry.version)) winner = v;
      }
      return [winner!.entry];
    })
    .exhaustive();
}

/** Removes the in-flight messages of `op` that have no effect once its phase is over (requests for replies, replies, acks). */
function dropPhaseMessages(messages: readonly Message[], op: number, kinds: readonly MessageKind[]): Message[] {
  return messages.filter((m) => m.op !== op || !kinds.includes(m.kind));
}

/** Ends client `c`'s pending operation with `status`, recording what a read returned. */
function complete(t: Topology, s: QuorumState, draft: Draft, c: number, status: 'ok' | 'timeout', returned?: readonly Entry[]): QuorumState {
  const client = s.clients[c];
  const pending = client.pending!;
  const before = s.history[pending.op];
  let op: HistoryOp = { ...before, status };
  let context = client.context;
  if (before.kind === 'read' && status === 'ok' && returned !== undefined) {
    op = { ...op, value: returned[0].value };
    if (returned.length > 1) op = { ...op, siblings: returned.map((e) => e.value) };
    if (t.config.clock === 'vclock') for (const e of returned) context = vcMax(context, e.version, t.clientCount);
  }
  const messages = dropPhaseMessages(draft.messages, pending.op, ['read', 'reply', 'ack']);
  return {
    ...s,
    messages,
    serial: draft.serial,
    history: withHistoryOp(s.history, op),
    clients: withClient(s.clients, c, { ...client, context, pending: null }),
  };
}

/** A read has its replies: resolve them, then answer, repair asynchronously, or write back first (sync). */
function finishRead(t: Topology, s: QuorumState, draft: Draft, c: number): QuorumState {
  const { config } = t;
  const pending = s.clients[c].pending!;
  const resolved = resolveReplies(config, pending.replies);
  const client = t.nodes + c;
  if (config.readRepair === 'sync') {
    let acked = 0;
    for (const r of pending.replies) if (covers(config.clock, r.entries, resolved, t.clientCount)) acked |= 1 << r.node;
    const { targets, reached } = selectTargets(t, s, c, true);
    const required = quorumSize(t, config.w, reached);
    draft.messages = dropPhaseMessages(draft.messages, pending.op, ['read', 'reply']);
    if (popcount(acked) >= required) return complete(t, s, draft, c, 'ok', resolved);
    for (const target of targets) {
      if (((acked >>> target.node) & 1) === 0) draft.send('writeback', client, target.node, pending.op, target.hints, resolved);
    }
    const next: Pending = { ...pending, phase: 'writeback', required, acked, result: resolved };
    return { ...s, messages: draft.messages, serial: draft.serial, clients: withClient(s.clients, c, { ...s.clients[c], pending: next }) };
  }
  if (config.readRepair === 'async') {
    for (const r of pending.replies) {
      if (!covers(config.clock, r.entries, resolved, t.clientCount)) draft.send('repair', client, r.node, pending.op, 0, resolved);
    }
  }
  return complete(t, s, draft, c, 'ok', resolved);
}

/**
 * Whether client `c`'s pending operation can no longer gather its quorum with the messages
 * that can still move (requests to reachable, up nodes; answers on the client's side). In ap
 * mode, only once every answer that can still come has come.
 */
export function isStuck(t: Topology, s: QuorumState, c: number): boolean {
  const pending = s.clients[c].pending;
  if (pending === null) return false;
  const request: MessageKind = pending.phase === 'read' ? 'read' : pending.phase;
  const response: MessageKind = pending.phase === 'read' ? 'reply' : 'ack';
  const heard = pending.phase === 'read' ? pending.replies.length : popcount(pending.acked);
  let possible = heard;
  for (const m of s.messages) {
    if (m.op !== pending.op) continue;
    if (m.kind === request && canReach(t, s, c, m.to)) possible++;
    else if (m.kind === response && connected(s.cut, m.from, m.to)) possible++;
  }
  // ap mode answers with what it reached, so it waits until nothing more can arrive.
  if (t.config.mode === 'ap' && possible > heard) return false;
  return possible < pending.required;
}

function invoke(t: Topology, s: QuorumState, c: number): QuorumState {
  const { config } = t;
  const client = s.clients[c];
  const scriptOp = config.ops[c][client.pc];
  const id = s.history.length;
  const after = okMask(s.history);
  const value = scriptOp.kind === 'write' ? scriptOp.value : 0;
  const base = scriptOp.kind === 'write' ? config.w : config.r;
  if (config.mode === 'cp') {
    let reachableHomes = 0;
    for (let h = 0; h < config.n; h++) if (canReach(t, s, c, h)) reachableHomes++;
    if (reachableHomes < base) {
      const refused: HistoryOp = { id, client: c, kind: scriptOp.kind, value, status: 'refused', after };
      return { ...s, history: [...s.history, refused], clients: withClient(s.clients, c, { ...client, pc: client.pc + 1 }) };
    }
  }
  const draft = new Draft(s);
  const { targets, reached } = selectTargets(t, s, c, scriptOp.kind === 'write');
  const required = quorumSize(t, base, reached);
  let context = client.context;
  let result: readonly Entry[] = [];
  if (scriptOp.kind === 'write') {
    // Versions: a logical counter above every write invoked so far (it stands for the query
    // phase an ABD writer runs first), the writer's skewed wall clock, or its vector clock.
    const writesSoFar = s.history.filter((h) => h.kind === 'write').length;
    const version = match(config.clock)
      .with('logical', () => packVersion(writesSoFar + 1, c))
      .with('wall', () => packVersion(writesSoFar + 1 - client.skew, c))
      .with('vclock', () => vcIncrement(client.context, c))
      .exhaustive();
    if (config.clock === 'vclock') context = version;
    result = [{ value, version }];
    for (const target of targets) draft.send('write', t.nodes + c, target.node, id, target.hints, result);
  } else {
    for (const target of targets) draft.send('read', t.nodes + c, target.node, id, target.hints, []);
  }
  const pending: Pending = { op: id, phase: scriptOp.kind, required, acked: 0, replies: [], result };
  const op: HistoryOp = { id, client: c, kind: scriptOp.kind, value, status: 'pending', after };
  return {
    ...s,
    messages: draft.messages,
    serial: draft.serial,
    history: [...s.history, op],
    clients: withClient(s.clients, c, { ...client, pc: client.pc + 1, context, pending }),
  };
}

/** Stores `entries` at `node`, plus a hint for each home replica in `hints` other than itself. */
function store(t: Topology, replica: ReplicaState, node: number, entries: readonly Entry[], hints: number): ReplicaState {
  const { config } = t;
  const merged = mergeEntries(config.clock, replica.entries, entries, t.clientCount);
  let hintList: readonly Hint[] = replica.hints;
  for (let h = 0; h < config.n; h++) {
    if (((hints >>> h) & 1) === 0 || h === node) continue;
    const existing = hintList.find((x) => x.home === h);
    const hint: Hint = { home: h, entries: existing ? mergeEntries(config.clock, existing.entries, entries, t.clientCount) : entries };
    hintList = [...hintList.filter((x) => x.home !== h), hint].sort((a, b) => a.home - b.home);
  }
  return merged === replica.entries && hintList === replica.hints ? replica : { entries: merged, hints: hintList };
}

function deliver(t: Topology, s: QuorumState, index: number): QuorumState {
  const m = s.messages[index];
  const draft = new Draft(s);
  draft.messages.splice(index, 1);
  const c = m.to - t.nodes;
  const sender = m.from - t.nodes;
  // A switch, not ts-pattern: this runs on every transition, and `unreachable` keeps it exhaustive.
  switch (m.kind) {
    case 'write':
    case 'writeback':
    case 'repair': {
      const replicas = withReplica(s.replicas, m.to, store(t, s.replicas[m.to], m.to, m.entries, m.hints));
      const pending = m.kind === 'repair' ? null : s.clients[sender].pending;
      if (pending !== null && pending.op === m.op && pending.phase === m.kind) draft.send('ack', m.to, m.from, m.op, 0, []);
      return { ...s, replicas, messages: draft.messages, serial: draft.serial };
    }
    case 'read': {
      const pending = s.clients[sender].pending;
      if (pending !== null && pending.op === m.op && pending.phase === 'read') draft.send('reply', m.to, m.from, m.op, 0, s.replicas[m.to].entries);
      return { ...s, messages: draft.messages, serial: draft.serial };
    }
    case 'ack': {
      const pending = s.clients[c].pending;
      if (pending === null || pending.op !== m.op || pending.phase === 'read') return { ...s, messages: draft.messages };
      const next: Pending = { ...pending, acked: pending.acked | (1 << m.from) };
      const updated: QuorumState = { ...s, messages: draft.messages, clients: withClient(s.clients, c, { ...s.clients[c], pending: next }) };
      if (popcount(next.acked) < next.required) return updated;
      return complete(t, updated, draft, c, 'ok', next.phase === 'writeback' ? next.result : undefined);
    }
    case 'reply': {
      const pending = s.clients[c].pending;
      if (pending === null || pending.op !== m.op || pending.phase !== 'read') return { ...s, messages: draft.messages };
      const next: Pending = { ...pending, replies: [...pending.replies, { node: m.from, entries: m.entries }] };
      const updated: QuorumState = { ...s, messages: draft.messages, clients: withClient(s.clients, c, { ...s.clients[c], pending: next }) };
      if (next.replies.length < next.required) return updated;
      return finishRead(t, updated, draft, c);
    }
    default:
      return unreachable(m.kind);
  }
}

/** Compile-time exhaustiveness for the switches on the hot path. */
function unreachable(value: never): never {
  throw new Error(`unhandled case ${String(value)}`);
}

/** What a stuck client does when it stops waiting: answer with what it has, retry elsewhere, or time out. */
export type GiveUpOutcome = 'accept' | 'retry' | 'timeout';

/**
 * How client `c` stops waiting. Outside ap mode it times out. ap mode never refuses: with
 * some answers it answers with them; with none, it sends the request again to whatever is
 * reachable now (stand-ins included), as a sloppy quorum routes around failed nodes; only
 * when nothing at all is reachable does it time out.
 */
export function giveUpOutcome(t: Topology, s: QuorumState, c: number): GiveUpOutcome {
  if (t.config.mode !== 'ap') return 'timeout';
  const pending = s.clients[c].pending!;
  const heard = pending.phase === 'read' ? pending.replies.length : popcount(pending.acked);
  if (heard > 0) return 'accept';
  return selectTargets(t, s, c, pending.phase !== 'read').reached > 0 ? 'retry' : 'timeout';
}

function giveUp(t: Topology, s: QuorumState, c: number): QuorumState {
  const pending = s.clients[c].pending!;
  const draft = new Draft(s);
  const outcome = giveUpOutcome(t, s, c);
  if (outcome === 'accept') {
    // Answer with what was reached (the rest arrives later, or by hints).
    if (pending.phase === 'read') {
      const heard = pending.replies.length;
      const s2: QuorumState = { ...s, clients: withClient(s.clients, c, { ...s.clients[c], pending: { ...pending, required: heard } }) };
      return finishRead(t, s2, draft, c);
    }
    return complete(t, s, draft, c, 'ok', pending.phase === 'writeback' ? pending.result : undefined);
  }
  if (outcome === 'retry') {
    const { targets, reached } = selectTargets(t, s, c, pending.phase !== 'read');
    const kind: MessageKind = pending.phase;
    const entries = pending.phase === 'read' ? [] : pending.result;
    // Only the reachable targets: the others already hold a request that is waiting.
    for (const target of targets) if (canReach(t, s, c, target.node)) draft.send(kind, t.nodes + c, target.node, pending.op, target.hints, entries);
    const base = pending.phase === 'read' ? t.config.r : t.config.w;
    const next: Pending = { ...pending, required: quorumSize(t, base, reached) };
    return { ...s, messages: draft.messages, serial: draft.serial, clients: withClient(s.clients, c, { ...s.clients[c], pending: next }) };
  }
  return complete(t, s, draft, c, 'timeout');
}

/** Whether `node` may hand its hint for `home` to it now. */
function canHandoff(t: Topology, s: QuorumState, node: number, home: number): boolean {
  return isUp(s, node) && isUp(s, home) && connected(s.cut, node, home);
}

// Actions are immutable values: the ones that recur in every state are built once, so
// listing them allocates nothing (a partition budget alone enables one action per cut).
const HEAL: QuorumAction = { kind: 'heal' };
const DELIVER: QuorumAction[] = [];
const PARTITIONS = new WeakMap<Topology, readonly QuorumAction[]>();
const NODE_ACTIONS = new WeakMap<Topology, { crash: readonly QuorumAction[]; recover: readonly QuorumAction[] }>();

function deliverAction(index: number): QuorumAction {
  while (DELIVER.length <= index) DELIVER.push({ kind: 'deliver', index: DELIVER.length });
  return DELIVER[index];
}

function partitionActions(t: Topology): readonly QuorumAction[] {
  let actions = PARTITIONS.get(t);
  if (actions === undefined) {
    actions = t.cuts.map((cut) => ({ kind: 'partition', cut }));
    PARTITIONS.set(t, actions);
  }
  return actions;
}

function nodeActions(t: Topology): { crash: readonly QuorumAction[]; recover: readonly QuorumAction[] } {
  let actions = NODE_ACTIONS.get(t);
  if (actions === undefined) {
    const nodes = Array.from({ length: t.nodes }, (_, node) => node);
    actions = { crash: nodes.map((node) => ({ kind: 'crash', node })), recover: nodes.map((node) => ({ kind: 'recover', node, from: -1 })) };
    NODE_ACTIONS.set(t, actions);
  }
  return actions;
}

/** The actions enabled in `s`, in a deterministic order. */
export function enabledActions(t: Topology, s: QuorumState): QuorumAction[] {
  const { config } = t;
  const out: QuorumAction[] = [];
  for (let c = 0; c < t.clientCount; c++) {
    const client = s.clients[c];
    if (client.pending === null && client.pc < config.ops[c].length) out.push({ kind: 'invoke', client: c });
  }
  for (let i = 0; i < s.messages.length; i++) {
    // Equal messages lead to equal states: offer only the first of a run.
    if (i > 0 && compareMessages(s.messages[i - 1], s.messages[i]) === 0) continue;
    if (deliverable(t, s, s.messages[i])) out.push(deliverAction(i));
  }
  for (let c = 0; c < t.clientCount; c++) if (isStuck(t, s, c)) out.push({ kind: 'give-up', client: c });
  if (config.handoff) {
    for (let node = 0; node < t.nodes; node++) {
      for (const hint of s.replicas[node].hints) {
        if (canHandoff(t, s, node, hint.home)) out.push({ kind: 'handoff', node, home: hint.home });
      }
    }
  }
  if (config.antiEntropy) {
    for (let a = 0; a < config.n; a++) {
      for (let b = a + 1; b < config.n; b++) {
        if (isUp(s, a) && isUp(s, b) && connected(s.cut, a, b) && !sameEntries(s.replicas[a].entries, s.replicas[b].entries)) {
          out.push({ kind: 'anti-entropy', a, b });
        }
      }
    }
  }
  if (s.cut === 0 && s.partitionsLeft > 0) for (const action of partitionActions(t)) out.push(action);
  if (s.cut !== 0) out.push(HEAL);
  if (s.crashesLeft > 0) for (let node = 0; node < t.nodes; node++) if (isUp(s, node)) out.push(nodeActions(t).crash[node]);
  for (let node = 0; node < t.nodes; node++) {
    if (isUp(s, node)) continue;
    out.push(nodeActions(t).recover[node]);
    if (config.stateLoss && node < config.n) {
      for (let p = 0; p < config.n; p++) {
        // Restoring a copy identical to the empty one is the plain recovery already listed.
        if (p !== node && isUp(s, p) && connected(s.cut, node, p) && !sameEntries(s.replicas[p].entries, INITIAL_ENTRIES)) {
          out.push({ kind: 'recover', node, from: p });
        }
      }
    }
  }
  if (s.skewLeft > 0 && config.clock === 'wall') {
    for (let c = 0; c < t.clientCount; c++) {
      const client = s.clients[c];
      // Skew matters only to a client that still has a write to invoke.
      if (config.ops[c].slice(client.pc).some((op) => op.kind === 'write')) out.push({ kind: 'skew', client: c });
    }
  }
  if (s.dropsLeft > 0) {
    for (let i = 0; i < s.messages.length; i++) {
      if (i > 0 && compareMessages(s.messages[i - 1], s.messages[i]) === 0) continue;
      out.push({ kind: 'drop', index: i });
    }
  }
  return out;
}

/** The state after `action` in `s` (normalized). */
export function applyAction(t: Topology, s: QuorumState, action: QuorumAction): QuorumState {
  const { config } = t;
  // A switch, not ts-pattern: this runs on every transition; `unreachable` keeps it exhaustive.
  let next: QuorumState;
  switch (action.kind) {
    case 'invoke':
      next = invoke(t, s, action.client);
      break;
    case 'deliver':
      next = deliver(t, s, action.index);
      break;
    case 'drop':
      next = { ...s, dropsLeft: s.dropsLeft - 1, messages: s.messages.filter((_, i) => i !== action.index) };
      break;
    case 'give-up':
      next = giveUp(t, s, action.client);
      break;
    case 'handoff': {
      const a = action;
      const holder = s.replicas[a.node];
      const hint = holder.hints.find((h) => h.home === a.home)!;
      const home = s.replicas[a.home];
      const hints = holder.hints.filter((h) => h.home !== a.home);
      // A spare keeps a copy only while it still holds hints; once all are handed off it forgets the key.
      const entries = a.node >= config.n && hints.length === 0 ? INITIAL_ENTRIES : holder.entries;
      let replicas = withReplica(s.replicas, a.node, { entries, hints });
      replicas = withReplica(replicas, a.home, { ...home, entries: mergeEntries(config.clock, home.entries, hint.entries, t.clientCount) });
      next = { ...s, replicas, serial: s.serial + 1 };
      break;
    }
    case 'anti-entropy': {
      const a = action;
      const merged = mergeEntries(config.clock, s.replicas[a.a].entries, s.replicas[a.b].entries, t.clientCount);
      let replicas = withReplica(s.replicas, a.a, { ...s.replicas[a.a], entries: merged });
      replicas = withReplica(replicas, a.b, { ...s.replicas[a.b], entries: merged });
      next = { ...s, replicas, serial: s.serial + 2 };
      break;
    }
    case 'partition':
      next = { ...s, cut: action.cut, partitionsLeft: s.partitionsLeft - 1 };
      break;
    case 'heal':
      next = { ...s, cut: 0 };
      break;
    case 'crash': {
      const a = action;
      const replicas = config.stateLoss ? withReplica(s.replicas, a.node, { entries: INITIAL_ENTRIES, hints: [] }) : s.replicas;
      next = { ...s, replicas, down: s.down | (1 << a.node), crashesLeft: s.crashesLeft - 1 };
      break;
    }
    case 'recover': {
      const a = action;
      const replicas = a.from >= 0 ? withReplica(s.replicas, a.node, { entries: s.replicas[a.from].entries, hints: [] }) : s.replicas;
      next = { ...s, replicas, down: s.down & ~(1 << a.node) };
      break;
    }
    case 'skew':
      next = {
        ...s,
        skewLeft: s.skewLeft - 1,
        clients: withClient(s.clients, action.client, { ...s.clients[action.client], skew: s.clients[action.client].skew + 1 }),
      };
      break;
    default:
      return unreachable(action);
  }
  // Every step keeps the messages in canonical order (Draft inserts in place; removals keep order).
  return normalizeStep(next, config);
}
