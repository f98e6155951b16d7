/**
 * The coordinator's rules. Each client coordinates its own operations: it picks where to send
 * a request (the preference list, with stand-ins under a sloppy quorum or in ap mode), waits
 * for W acks or R replies, resolves a read's replies, repairs, and gives up when its quorum
 * can no longer be gathered.
 */
import { match } from 'ts-pattern';
import type { HistoryOp } from '../consistency/history.ts';
import type { Message, MessageKind } from '../cluster/network.ts';
import { connected, popcount } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import { covers, packVersion, vcIncrement, vcMax } from '../cluster/versions.ts';
import { Draft } from './draft.ts';
import { RESOLUTION_RULES } from './resolution.ts';
import type { Pending, QuorumState, Reply } from './state.ts';
import { withClient, withHistoryOp } from './state.ts';
import type { QuorumConfig } from './config.ts';
import { canReach, type Topology } from './topology.ts';

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

function okMask(history: readonly HistoryOp[]): number {
  let mask = 0;
  for (const op of history) if (op.status === 'ok') mask |= 1 << op.id;
  return mask;
}

/** The entries a read returns from its replies, by the configured resolution. */
export function resolveReplies(config: QuorumConfig, replies: readonly Reply[]): readonly Entry[] {
  return RESOLUTION_RULES[config.resolve].resolve(replies, config.clock, config.ops.length);
}

/** Removes the in-flight messages of `op` that have no effect once its phase is over (requests for replies, replies, acks). */
function dropPhaseMessages(messages: readonly Message[], op: number, kinds: readonly MessageKind[]): Message[] {
  return messages.filter((m) => m.op !== op || !kinds.includes(m.kind));
}

/** Client `c`'s pending operation: the actions that end or give up one are enabled only while there is one. */
function pendingOf(s: QuorumState, c: number): Pending {
  const pending = s.clients[c].pending;
  if (pending === null) throw new Error(`client ${c} has no pending operation`);
  return pending;
}

/** Ends client `c`'s pending operation with `status`, recording what a read returned. */
function complete(t: Topology, s: QuorumState, draft: Draft, c: number, status: 'ok' | 'timeout', returned?: readonly Entry[]): QuorumState {
  const client = s.clients[c];
  const pending = pendingOf(s, c);
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
  const pending = pendingOf(s, c);
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

/** Client `c` starts the next operation of its script (in cp mode, is refused at once without a strict quorum). */
export function invoke(t: Topology, s: QuorumState, c: number): QuorumState {
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

/** An ack `m` (its removal already in `draft`) reaches its coordinator, client `c`: counted, and the operation completes at its quorum. */
export function receiveAck(t: Topology, s: QuorumState, draft: Draft, c: number, m: Message): QuorumState {
  const pending = s.clients[c].pending;
  if (pending === null || pending.op !== m.op || pending.phase === 'read') return { ...s, messages: draft.messages };
  const next: Pending = { ...pending, acked: pending.acked | (1 << m.from) };
  const updated: QuorumState = { ...s, messages: draft.messages, clients: withClient(s.clients, c, { ...s.clients[c], pending: next }) };
  if (popcount(next.acked) < next.required) return updated;
  return complete(t, updated, draft, c, 'ok', next.phase === 'writeback' ? next.result : undefined);
}

/** A reply `m` (its removal already in `draft`) reaches its coordinator, client `c`: kept, and the read resolves at its quorum. */
export function receiveReply(t: Topology, s: QuorumState, draft: Draft, c: number, m: Message): QuorumState {
  const pending = s.clients[c].pending;
  if (pending === null || pending.op !== m.op || pending.phase !== 'read') return { ...s, messages: draft.messages };
  const next: Pending = { ...pending, replies: [...pending.replies, { node: m.from, entries: m.entries }] };
  const updated: QuorumState = { ...s, messages: draft.messages, clients: withClient(s.clients, c, { ...s.clients[c], pending: next }) };
  if (next.replies.length < next.required) return updated;
  return finishRead(t, updated, draft, c);
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
  const pending = pendingOf(s, c);
  const heard = pending.phase === 'read' ? pending.replies.length : popcount(pending.acked);
  if (heard > 0) return 'accept';
  return selectTargets(t, s, c, pending.phase !== 'read').reached > 0 ? 'retry' : 'timeout';
}

/** Client `c` stops waiting for its stuck operation (see {@link giveUpOutcome}). */
export function giveUp(t: Topology, s: QuorumState, c: number): QuorumState {
  const pending = pendingOf(s, c);
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
