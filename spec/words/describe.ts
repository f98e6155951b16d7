/**
 * Words and pictures for the quorum model: action labels, state views, sequence-chart events
 * with a plain-words narration, lanes, and the one-paragraph explanation of a counterexample.
 */
import { match } from 'ts-pattern';
import type { ChartEvent, StepDescription } from '../../explorer/describe.ts';
import type { JsonValue, LaneDescription, ModelDescription } from '../../explorer/model.ts';
import type { HistoryOp } from '../consistency/history.ts';
import type { Message } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import { formatVersion, sameEntries } from '../cluster/versions.ts';
import type { QuorumAction, Topology } from '../protocols/actions.ts';
import { enabledActions, giveUpOutcome } from '../protocols/actions.ts';
import type { QuorumState } from '../protocols/state.ts';
import { explainTrace } from './explain.ts';
import { quorumFinals } from './finals.ts';

/** Short lane ids and display names for endpoints, entries and values. */
export interface Namer {
  /** Lane id of an endpoint (`R1`, `S1`, `C1`). */
  lane(endpoint: number): string;
  /** Display name of an endpoint (the scenario's name when given, else the lane id). */
  name(endpoint: number): string;
  /** Display name of a value (`$40`), else the number. */
  value(value: number): string;
  /** `1 v(1,C1)` or, for siblings, `{1 vc(1,0), 2 vc(0,1)}`. */
  entries(entries: readonly Entry[]): string;
  /** Entries in words, with value names: `$40 (v(1,C1))`, or `$40 (vc(1,0)) and $60 (vc(0,1))`. */
  said(entries: readonly Entry[]): string;
  /** The versions alone: `v(1,C1)`, or `vc(1,0)|vc(0,1)` for siblings. */
  versions(entries: readonly Entry[]): string;
  /** A list of names in words: `R1, R2 and R3`. */
  list(endpoints: readonly number[]): string;
}

/** A namer for `t`. */
export function namer(t: Topology): Namer {
  const { config } = t;
  const names = config.names;
  const lane = (x: number): string => (x < config.n ? `R${x + 1}` : x < t.nodes ? `S${x - config.n + 1}` : `C${x - t.nodes + 1}`);
  const clientLanes = Array.from({ length: t.clientCount }, (_, c) => `C${c + 1}`);
  const name = (x: number): string => (x < t.nodes ? names?.nodes?.[x] : names?.clients?.[x - t.nodes]) ?? lane(x);
  const value = (v: number): string => names?.values?.[v] ?? String(v);
  const one = (e: Entry): string => `${e.value} ${formatVersion(config.clock, e.version, t.clientCount, clientLanes)}`;
  return {
    lane,
    name,
    value,
    said: (entries) => entries.map((e) => `${value(e.value)} (${formatVersion(config.clock, e.version, t.clientCount, clientLanes)})`).join(' and '),
    versions: (entries) => entries.map((e) => formatVersion(config.clock, e.version, t.clientCount, clientLanes)).join('|'),
    entries: (entries) => (entries.length === 1 ? one(entries[0]) : `{${entries.map(one).join(', ')}}`),
    list: (endpoints) => {
      const words = endpoints.map(name);
      return words.length <= 1 ? (words[0] ?? 'no one') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
    },
  };
}

function hintText(t: Topology, nm: Namer, hints: number): string {
  const homes: string[] = [];
  for (let h = 0; h < t.config.n; h++) if ((hints >>> h) & 1) homes.push(nm.lane(h));
  return homes.length === 0 ? '' : ` hint ${homes.join(',')}`;
}

/** A message in label form: `write(1) v(1,C1) hint R2`, `ack`, `read`, `reply 0 v0`. */
export function messageText(t: Topology, nm: Namer, m: Message): string {
  return match(m.kind)
    .with('write', 'writeback', 'repair', (k) => `${k}(${m.entries.map((e) => e.value).join('|')}) ${nm.versions(m.entries)}${hintText(t, nm, m.hints)}`)
    .with('ack', () => `ack`)
    .with('read', () => `read${hintText(t, nm, m.hints)}`)
    .with('reply', () => `reply ${nm.entries(m.entries)}`)
    .exhaustive();
}

/** A key naming a message's whole content (for fairness classes). */
export function messageKey(m: Message): string {
  return `${m.kind} ${m.from}>${m.to} op${m.op} h${m.hints} ${m.entries.map((e) => `${e.value}@${e.version}`).join(',')}`;
}

function partitionSides(t: Topology, cut: number): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  for (let x = 0; x < t.nodes + t.clientCount; x++) ((cut >>> x) & 1 ? b : a).push(x);
  return [a, b];
}

/** The label of `action` in `s`: short ASCII, unique among the actions enabled in `s`. */
export function actionLabel(t: Topology, s: QuorumState, action: QuorumAction): string {
  const nm = namer(t);
  const { config } = t;
  return match(action)
    .with({ kind: 'invoke' }, (a) => {
      const op = config.ops[a.client][s.clients[a.client].pc];
      return `C${a.client + 1} invokes ${op.kind === 'write' ? `write(${op.value})` : 'read'}`;
    })
    .with({ kind: 'deliver' }, (a) => {
      const m = s.messages[a.index];
      return `deliver ${messageText(t, nm, m)} ${nm.lane(m.from)}->${nm.lane(m.to)}`;
    })
    .with({ kind: 'drop' }, (a) => {
      const m = s.messages[a.index];
      return `drop ${messageText(t, nm, m)} ${nm.lane(m.from)}->${nm.lane(m.to)}`;
    })
    .with({ kind: 'give-up' }, (a) =>
      match(giveUpOutcome(t, s, a.client))
        .with('accept', () => `C${a.client + 1} answers with what it has`)
        .with('retry', () => `C${a.client + 1} retries`)
        .with('timeout', () => `C${a.client + 1} times out`)
        .exhaustive(),
    )
    .with({ kind: 'handoff' }, (a) => `${nm.lane(a.node)} hands off hint to ${nm.lane(a.home)}`)
    .with({ kind: 'anti-entropy' }, (a) => `anti-entropy ${nm.lane(a.a)}<->${nm.lane(a.b)}`)
    .with({ kind: 'partition' }, (a) => {
      const [x, y] = partitionSides(t, a.cut);
      return `partition {${x.map(nm.lane).join(',')}} | {${y.map(nm.lane).join(',')}}`;
    })
    .with({ kind: 'heal' }, () => 'heal')
    .with({ kind: 'crash' }, (a) => `${nm.lane(a.node)} crashes${config.stateLoss ? ' (state lost)' : ''}`)
    .with({ kind: 'recover' }, (a) => `${nm.lane(a.node)} recovers${a.from >= 0 ? ` from ${nm.lane(a.from)}` : ''}`)
    .with({ kind: 'skew' }, (a) => `C${a.client + 1} clock back 1 tick`)
    .exhaustive();
}

function entriesView(entries: readonly Entry[], t: Topology): JsonValue {
  return entries.map((e) => ({ value: e.value, version: formatVersion(t.config.clock, e.version, t.clientCount) }));
}

function opView(op: HistoryOp): JsonValue {
  const view: Record<string, JsonValue> = { id: op.id, client: op.client, kind: op.kind, value: op.value, status: op.status, after: op.after };
  if (op.siblings !== undefined) view.siblings = [...op.siblings];
  return view;
}

/** A JSON view of `s`: replicas, partition, clients, messages in flight, history, budgets. */
export function stateView(t: Topology, s: QuorumState): Record<string, JsonValue> {
  const nm = namer(t);
  const replicas: Record<string, JsonValue> = {};
  for (let x = 0; x < t.nodes; x++) {
    const r = s.replicas[x];
    replicas[nm.lane(x)] = {
      up: ((s.down >>> x) & 1) === 0,
      entries: entriesView(r.entries, t),
      hints: r.hints.map((h) => ({ for: nm.lane(h.home), entries: entriesView(h.entries, t) })),
    };
  }
  const clients: Record<string, JsonValue> = {};
  s.clients.forEach((c, i) => {
    const p = c.pending;
    clients[nm.lane(t.nodes + i)] = {
      next: c.pc,
      skew: c.skew,
      pending: p === null ? null : { op: p.op, phase: p.phase, required: p.required, acked: p.acked, replies: p.replies.map((r) => ({ from: nm.lane(r.node), entries: entriesView(r.entries, t) })) },
    };
  });
  const [sideA, sideB] = partitionSides(t, s.cut);
  return {
    replicas,
    partition: s.cut === 0 ? null : [sideA.map(nm.lane), sideB.map(nm.lane)],
    clients,
    messages: s.messages.map((m) => `${messageText(t, nm, m)} ${nm.lane(m.from)}->${nm.lane(m.to)}`),
    history: s.history.map(opView),
    budgets: { partitions: s.partitionsLeft, drops: s.dropsLeft, crashes: s.crashesLeft, skew: s.skewLeft },
  };
}

/** The lanes: clients, home replicas, spares, in that order. */
export function lanes(t: Topology): LaneDescription[] {
  const nm = namer(t);
  const out: LaneDescription[] = [];
  for (let c = 0; c < t.clientCount; c++) out.push({ id: nm.lane(t.nodes + c), label: nm.name(t.nodes + c), role: 'client' });
  for (let x = 0; x < t.nodes; x++) out.push({ id: nm.lane(x), label: nm.name(x), role: x < t.config.n ? 'replica' : 'spare' });
  return out;
}

function opLabel(nm: Namer, op: HistoryOp): string {
  return op.kind === 'write' ? `write(${nm.value(op.value)})` : 'read';
}

function responseLabel(nm: Namer, op: HistoryOp): string {
  if (op.status !== 'ok') return op.status;
  if (op.kind === 'write') return 'ok';
  return op.siblings !== undefined ? `-> {${op.siblings.map(nm.value).join(', ')}}` : `-> ${nm.value(op.value)}`;
}

/** What changed from `before` to `after` that every step shows: stores, new messages, answers. */
function diffEvents(t: Topology, nm: Namer, before: QuorumState, after: QuorumState): { events: ChartEvent[]; words: string[] } {
  const events: ChartEvent[] = [];
  const words: string[] = [];
  for (let x = 0; x < t.nodes; x++) {
    const b = before.replicas[x];
    const a = after.replicas[x];
    if (!sameEntries(b.entries, a.entries) || b.hints.length !== a.hints.length) {
      const newHints = a.hints.filter((h) => !b.hints.some((o) => o.home === h.home && sameEntries(o.entries, h.entries)));
      const hintWords = newHints.length === 0 ? '' : ` hint for ${newHints.map((h) => nm.lane(h.home)).join(',')}`;
      if (!sameEntries(b.entries, a.entries) || newHints.length > 0) {
        events.push({ kind: 'local', lane: nm.lane(x), label: `store ${nm.entries(a.entries)}${hintWords}` });
      }
    }
  }
  for (const m of after.messages) {
    if (m.serial >= before.serial) {
      events.push({ kind: 'send', msg: `m${m.serial}`, from: nm.lane(m.from), to: nm.lane(m.to), label: messageText(t, nm, m) });
    }
  }
  for (const op of after.history) {
    const was = before.history[op.id];
    if (was !== undefined && was.status === 'pending' && op.status !== 'pending') {
      const lane = nm.lane(t.nodes + op.client);
      events.push({ kind: 'respond', lane, op: `op${op.id}`, label: `${opLabel(nm, op)} ${responseLabel(nm, op)}`, outcome: op.status === 'ok' ? 'ok' : op.status === 'refused' ? 'refused' : 'timeout' });
      words.push(
        op.status === 'ok'
          ? op.kind === 'write'
            ? `${nm.name(t.nodes + op.client)}'s write of ${nm.value(op.value)} succeeds`
            : `${nm.name(t.nodes + op.client)}'s read returns ${op.siblings !== undefined ? `the siblings ${op.siblings.map(nm.value).join(' and ')}` : nm.value(op.value)}`
          : `${nm.name(t.nodes + op.client)}'s ${opLabel(nm, op)} ${op.status === 'refused' ? 'is refused' : 'times out'}`,
      );
    }
  }
  return { events, words };
}

function sentence(parts: readonly string[]): string {
  const text = parts.filter((p) => p !== '').join('; ');
  return text === '' ? '' : `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The chart events and narration of one step. */
export function describeStep(t: Topology, before: QuorumState, action: QuorumAction, after: QuorumState): StepDescription {
  const nm = namer(t);
  const { config } = t;
  const diff = diffEvents(t, nm, before, after);
  const head: ChartEvent[] = [];
  let words: string;
  match(action)
    .with({ kind: 'invoke' }, (a) => {
      const op = after.history[after.history.length - 1];
      const lane = nm.lane(t.nodes + a.client);
      head.push({ kind: 'invoke', lane, op: `op${op.id}`, label: opLabel(nm, op) });
      const targets = after.messages.filter((m) => m.serial >= before.serial).map((m) => m.to);
      const who = nm.name(t.nodes + a.client);
      words =
        op.status === 'refused'
          ? `${who} asks to ${op.kind === 'write' ? `write ${nm.value(op.value)}` : 'read'}, but fewer than ${op.kind === 'write' ? `W=${config.w}` : `R=${config.r}`} home replicas are reachable, so it is refused at once`
          : `${who} starts to ${op.kind === 'write' ? `write ${nm.value(op.value)}` : 'read'} and sends the request to ${nm.list(targets)}, waiting for ${after.clients[a.client].pending?.required ?? 0} answers`;
    })
    .with({ kind: 'deliver' }, (a) => {
      const m = before.messages[a.index];
      head.push({ kind: 'deliver', msg: `m${m.serial}`, at: nm.lane(m.to), label: messageText(t, nm, m) });
      const from = nm.name(m.from);
      const to = nm.name(m.to);
      words = match(m.kind)
        .with('write', () => {
          const kept = sameEntries(before.replicas[m.to].entries, after.replicas[m.to].entries) && !sameEntries(before.replicas[m.to].entries, m.entries);
          const what = kept ? `but keeps its own ${nm.said(after.replicas[m.to].entries)}, whose version ranks higher` : 'and stores it';
          return `${to} receives ${from}'s write of ${nm.value(m.entries[0].value)} ${what}${m.hints !== 0 ? ` (holding a hint to pass it on)` : ''}`;
        })
        .with('writeback', () => `${to} receives ${from}'s write-back of ${nm.said(m.entries)} (read repair) and stores it`)
        .with('repair', () => `${to} receives a read repair with ${nm.said(m.entries)}`)
        .with('ack', () => `${to} gets ${from}'s acknowledgement`)
        .with('read', () => `${to} receives ${from}'s read request and answers with ${nm.said(before.replicas[m.to].entries)}`)
        .with('reply', () => `${to} gets ${from}'s reply: ${nm.said(m.entries)}`)
        .exhaustive();
    })
    .with({ kind: 'drop' }, (a) => {
      const m = before.messages[a.index];
      head.push({ kind: 'drop', msg: `m${m.serial}`, reason: 'lost by the network' });
      words = `the network loses the ${m.kind} from ${nm.name(m.from)} to ${nm.name(m.to)}`;
    })
    .with({ kind: 'give-up' }, (a) => {
      const who = nm.name(t.nodes + a.client);
      words = match(giveUpOutcome(t, before, a.client))
        .with('accept', () => `${who} cannot reach a full quorum and, in ap mode, answers with what it has`)
        .with('retry', () => `${who} has heard nothing and, in ap mode, sends the request again to the nodes it can reach`)
        .with('timeout', () => `${who} cannot gather its quorum any more and stops waiting`)
        .exhaustive();
    })
    .with({ kind: 'handoff' }, (a) => {
      const hint = before.replicas[a.node].hints.find((h) => h.home === a.home)!;
      const msg = `m${before.serial}`;
      head.push({ kind: 'send', msg, from: nm.lane(a.node), to: nm.lane(a.home), label: `handoff ${nm.entries(hint.entries)}` });
      head.push({ kind: 'deliver', msg, at: nm.lane(a.home), label: `handoff ${nm.entries(hint.entries)}` });
      words = `${nm.name(a.node)} hands the write it held for ${nm.name(a.home)}, ${nm.said(hint.entries)}, over to it (hinted handoff)`;
    })
    .with({ kind: 'anti-entropy' }, (a) => {
      for (const [x, y, k] of [[a.a, a.b, 0], [a.b, a.a, 1]] as const) {
        const msg = `m${before.serial + k}`;
        head.push({ kind: 'send', msg, from: nm.lane(x), to: nm.lane(y), label: `anti-entropy ${nm.entries(before.replicas[x].entries)}` });
        head.push({ kind: 'deliver', msg, at: nm.lane(y), label: `anti-entropy ${nm.entries(before.replicas[x].entries)}` });
      }
      words = `${nm.name(a.a)} and ${nm.name(a.b)} compare their copies (anti-entropy) and both keep ${nm.said(after.replicas[a.a].entries)}`;
    })
    .with({ kind: 'partition' }, (a) => {
      const [x, y] = partitionSides(t, a.cut);
      const label = actionLabel(t, before, action);
      head.push({ kind: 'partition', cut: x.map(nm.lane), rest: y.map(nm.lane), label });
      words = `the network splits: ${nm.list(x)} can no longer reach ${nm.list(y)}`;
    })
    .with({ kind: 'heal' }, () => {
      head.push({ kind: 'heal', label: 'heal' });
      words = 'the partition heals and every node can reach every other again';
    })
    .with({ kind: 'crash' }, (a) => {
      head.push({ kind: 'crash', lane: nm.lane(a.node), loseState: config.stateLoss });
      words = `${nm.name(a.node)} crashes${config.stateLoss ? ' and loses what it stored' : ''}`;
    })
    .with({ kind: 'recover' }, (a) => {
      head.push(a.from >= 0 ? { kind: 'recover', lane: nm.lane(a.node), restoredFrom: nm.lane(a.from) } : { kind: 'recover', lane: nm.lane(a.node) });
      words = `${nm.name(a.node)} comes back${a.from >= 0 ? `, restored from ${nm.name(a.from)}'s copy: ${nm.said(after.replicas[a.node].entries)}` : config.stateLoss ? ' empty' : ''}`;
    })
    .with({ kind: 'skew' }, (a) => {
      head.push({ kind: 'skew', lane: nm.lane(t.nodes + a.client), by: -1 });
      words = `${nm.name(t.nodes + a.client)}'s clock falls one tick behind true time`;
    })
    .exhaustive();
  // Handoff and anti-entropy stores are drawn as their own messages; keep the store notes anyway.
  return { events: [...head, ...diff.events], narration: sentence([words!, ...diff.words]) };
}

/** The quorum model's describe hooks. */
export function quorumDescription(t: Topology): ModelDescription<QuorumState, QuorumAction> {
  return {
    action: (s, a) => actionLabel(t, s, a),
    state: (s) => stateView(t, s),
    step: (before, a, after) => describeStep(t, before, a, after),
    lanes: () => lanes(t),
    explain: (trace, actions, property) => explainTrace(t, trace, actions, property),
    finals: (trace) => quorumFinals(t, trace),
    parseAction: (s, label) => enabledActions(t, s).find((a) => actionLabel(t, s, a) === label),
  };
}
