/**
 * Words and pictures for the quorum model: action labels, state views, sequence-chart events
 * with a plain-words narration, lanes, and the one-paragraph explanation of a counterexample.
 */
import { match } from 'ts-pattern';
import type { ChartEvent, StepDescription, JsonValue, LaneDescription, ModelDescription } from '../../explorer/index.ts';
import type { HistoryOp } from '../consistency/history.ts';
import type { Message } from '../cluster/network.ts';
import { popcount } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import { formatVersion, sameEntries, versionWriter } from '../cluster/versions.ts';
import { precedes } from '../consistency/history.ts';
import type { QuorumAction, Topology } from '../protocols/actions.ts';
import { enabledActions, giveUpOutcome } from '../protocols/actions.ts';
import type { QuorumState } from '../protocols/state.ts';
import { explainTrace } from './explain.ts';
import { quorumFinals } from './finals.ts';
import { quorumMarks } from './marks.ts';

/**
 * Short lane ids and display names for endpoints, entries and values. A scenario's names (the
 * bank's branches, customer and dollar amounts) are used in every word a reader sees: chart
 * labels, narration, explanation, final tables. Action labels and state views keep the plain
 * ids (`C1`, `R2`, raw values), since traces are replayed by matching them.
 */
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
  /** Names for a label, compact: `R2, R3`; numbered names in a run share their word, `Branch 3-5`, `Branch 1, 3` (`R2,R3` in the ids vocabulary). */
  short(endpoints: readonly number[]): string;
  /** The word for a partition: the scenario's (`storm`), else `partition`. */
  readonly partition: string;
}

/**
 * Names joined for a label, with each run of numbered names that share a word (`Branch 3`,
 * `Branch 4`) written once: consecutive numbers as a range, others after commas.
 */
export function compactNames(names: readonly string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < names.length) {
    const head = /^(.* )(\d+)$/.exec(names[i]);
    if (head === null) {
      out.push(names[i++]);
      continue;
    }
    const numbers = [Number(head[2])];
    let j = i + 1;
    for (; j < names.length; j++) {
      const next = /^(.* )(\d+)$/.exec(names[j]);
      if (next === null || next[1] !== head[1]) break;
      numbers.push(Number(next[2]));
    }
    const consecutive = numbers.every((k, n) => n === 0 || k === numbers[n - 1] + 1);
    out.push(numbers.length > 2 && consecutive ? `${head[1]}${numbers[0]}-${numbers[numbers.length - 1]}` : `${head[1]}${numbers.join(', ')}`);
    i = j;
  }
  return out.join(', ');
}

/**
 * A namer for `t`. `ids`: the plain vocabulary (lane ids, raw values) of action labels and
 * state views, whatever names the scenario gives.
 */
export function namer(t: Topology, vocabulary: 'names' | 'ids' = 'names'): Namer {
  const { config } = t;
  const names = vocabulary === 'names' ? config.names : undefined;
  const lane = (x: number): string => (x < config.n ? `R${x + 1}` : x < t.nodes ? `S${x - config.n + 1}` : `C${x - t.nodes + 1}`);
  const clientLanes = Array.from({ length: t.clientCount }, (_, c) => names?.clients?.[c] ?? `C${c + 1}`);
  const name = (x: number): string => (x < t.nodes ? names?.nodes?.[x] : names?.clients?.[x - t.nodes]) ?? lane(x);
  const value = (v: number): string => names?.values?.[v] ?? String(v);
  const one = (e: Entry): string => `${value(e.value)} ${formatVersion(config.clock, e.version, t.clientCount, clientLanes)}`;
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
    // Action labels keep their old spelling (`hint R2,R3`): saved traces are replayed by it.
    short: (endpoints) => (vocabulary === 'ids' ? endpoints.map(name).join(',') : compactNames(endpoints.map(name))),
    partition: names?.partition ?? 'partition',
  };
}

function hintText(t: Topology, nm: Namer, hints: number): string {
  const homes: number[] = [];
  for (let h = 0; h < t.config.n; h++) if ((hints >>> h) & 1) homes.push(h);
  return homes.length === 0 ? '' : ` hint ${nm.short(homes)}`;
}

/**
 * A message in label form: `write(1) v(1,C1) hint R2`, `ack`, `read`, `reply 0 v0`; in the
 * namer's vocabulary (`write($40) v(1,Customer) hint Branch 3` with the bank's names).
 */
export function messageText(t: Topology, nm: Namer, m: Message): string {
  return match(m.kind)
    .with('write', 'writeback', 'repair', (k) => `${k}(${m.entries.map((e) => nm.value(e.value)).join('|')}) ${nm.versions(m.entries)}${hintText(t, nm, m.hints)}`)
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

/**
 * The label of `action` in `s`: short ASCII, unique among the actions enabled in `s`. In the
 * `ids` vocabulary (the default: the words traces are saved and replayed by) lanes are ids and
 * values numbers; in `names`, the scenario's words (`Customer invokes write($40)`), for pictures.
 */
export function actionLabel(t: Topology, s: QuorumState, action: QuorumAction, vocabulary: 'ids' | 'names' = 'ids'): string {
  const nm = namer(t, vocabulary);
  const { config } = t;
  const client = (c: number): string => nm.name(t.nodes + c);
  return match(action)
    .with({ kind: 'invoke' }, (a) => {
      const op = config.ops[a.client][s.clients[a.client].pc];
      return `${client(a.client)} invokes ${op.kind === 'write' ? `write(${nm.value(op.value)})` : 'read'}`;
    })
    .with({ kind: 'deliver' }, (a) => {
      const m = s.messages[a.index];
      return `deliver ${messageText(t, nm, m)} ${nm.name(m.from)}->${nm.name(m.to)}`;
    })
    .with({ kind: 'drop' }, (a) => {
      const m = s.messages[a.index];
      return `drop ${messageText(t, nm, m)} ${nm.name(m.from)}->${nm.name(m.to)}`;
    })
    .with({ kind: 'give-up' }, (a) =>
      match(giveUpOutcome(t, s, a.client))
        .with('accept', () => `${client(a.client)} answers with what it has`)
        .with('retry', () => `${client(a.client)} retries`)
        .with('timeout', () => `${client(a.client)} times out`)
        .exhaustive(),
    )
    .with({ kind: 'handoff' }, (a) => `${nm.name(a.node)} hands off hint to ${nm.name(a.home)}`)
    .with({ kind: 'anti-entropy' }, (a) => `anti-entropy ${nm.name(a.a)}<->${nm.name(a.b)}`)
    .with({ kind: 'partition' }, (a) => {
      const [x, y] = partitionSides(t, a.cut);
      return `${nm.partition} {${nm.short(x)}} | {${nm.short(y)}}`;
    })
    .with({ kind: 'heal' }, () => 'heal')
    .with({ kind: 'crash' }, (a) => `${nm.name(a.node)} crashes${config.stateLoss ? ' (state lost)' : ''}`)
    .with({ kind: 'recover' }, (a) => `${nm.name(a.node)} recovers${a.from >= 0 ? ` from ${nm.name(a.from)}` : ''}`)
    .with({ kind: 'skew' }, (a) => `${client(a.client)} clock back 1 tick`)
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
  const nm = namer(t, 'ids');
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

/**
 * The lanes: clients, home replicas, spares, in that order. A named client's lane says where it
 * sits (`Customer` `at Branch 1`) when the scenario names its nodes too.
 */
export function lanes(t: Topology): LaneDescription[] {
  const nm = namer(t);
  const { config } = t;
  const out: LaneDescription[] = [];
  for (let c = 0; c < t.clientCount; c++) {
    const site = config.clientSites?.[c];
    const where = site !== undefined && config.names?.clients?.[c] !== undefined && config.names.nodes?.[site] !== undefined ? `\nat ${nm.name(site)}` : '';
    out.push({ id: nm.lane(t.nodes + c), label: `${nm.name(t.nodes + c)}${where}`, role: 'client' });
  }
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
      if (!sameEntries(b.entries, a.entries)) events.push({ kind: 'local', lane: nm.lane(x), label: `store ${nm.entries(a.entries)}` });
      if (newHints.length > 0) events.push({ kind: 'local', lane: nm.lane(x), label: `hint for ${nm.short(newHints.map((h) => h.home))}` });
    }
  }
  for (const m of after.messages) {
    if (m.serial >= before.serial) {
      events.push({ kind: 'send', msg: `m${m.serial}`, from: nm.lane(m.from), to: nm.lane(m.to), label: messageText(t, nm, m) });
    }
  }
  for (const op of after.history) {
    const was = before.history[op.id];
    // An operation refused at once (cp mode) answers in the step that invoked it.
    if ((was === undefined || was.status === 'pending') && op.status !== 'pending') {
      const lane = nm.lane(t.nodes + op.client);
      events.push({ kind: 'respond', lane, op: `op${op.id}`, label: `${opLabel(nm, op)} ${responseLabel(nm, op)}`, outcome: op.status === 'ok' ? 'ok' : op.status === 'refused' ? 'refused' : 'timeout' });
      // The invocation's own words already say it was refused.
      if (was === undefined) continue;
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

/**
 * Whether a replica keeping `kept` over the write of operation `op` discards the newer write in
 * real time: the write it kept completed before `op` was invoked (wall clocks with skew can rank
 * it higher all the same). The kept write is found by its value and its version's writer.
 */
function discardsNewer(t: Topology, s: QuorumState, kept: readonly Entry[], op: number): boolean {
  const incoming = s.history[op];
  if (incoming === undefined || t.config.clock === 'vclock') return false;
  return kept.every((entry) => {
    if (entry.version === 0) return false;
    const writes = s.history.filter((w) => w.kind === 'write' && w.status === 'ok' && w.value === entry.value && w.client === versionWriter(entry.version));
    return writes.length === 1 && precedes(writes[0], incoming);
  });
}

/** The chart events and narration of one step. */
export function describeStep(t: Topology, before: QuorumState, action: QuorumAction, after: QuorumState): StepDescription {
  const nm = namer(t);
  const { config } = t;
  const diff = diffEvents(t, nm, before, after);
  const head: ChartEvent[] = [];
  const words = match(action)
    .with({ kind: 'invoke' }, (a) => {
      const op = after.history[after.history.length - 1];
      const lane = nm.lane(t.nodes + a.client);
      head.push({ kind: 'invoke', lane, op: `op${op.id}`, label: opLabel(nm, op) });
      const targets = after.messages.filter((m) => m.serial >= before.serial).map((m) => m.to);
      const who = nm.name(t.nodes + a.client);
      return op.status === 'refused'
        ? `${who} asks to ${op.kind === 'write' ? `write ${nm.value(op.value)}` : 'read'}, but fewer than ${op.kind === 'write' ? `W=${config.w}` : `R=${config.r}`} home replicas are reachable, so it is refused at once`
        : `${who} starts to ${op.kind === 'write' ? `write ${nm.value(op.value)}` : 'read'} and sends the request to ${nm.list(targets)}, waiting for ${after.clients[a.client].pending?.required ?? 0} answers`;
    })
    .with({ kind: 'deliver' }, (a) => {
      const m = before.messages[a.index];
      // The arrow carries the whole message; the receiving box names it and says what was done with it.
      const received = m.kind === 'write' || m.kind === 'writeback' || m.kind === 'repair' ? `${m.kind}(${m.entries.map((e) => nm.value(e.value)).join('|')})` : messageText(t, nm, m);
      head.push({ kind: 'deliver', msg: `m${m.serial}`, at: nm.lane(m.to), label: received });
      const from = nm.name(m.from);
      const to = nm.name(m.to);
      return match(m.kind)
        .with('write', () => {
          const kept = sameEntries(before.replicas[m.to].entries, after.replicas[m.to].entries) && !sameEntries(before.replicas[m.to].entries, m.entries);
          if (kept) {
            // A write discarded for a version that ranks higher is easy to miss and can be the whole story.
            const inverted = discardsNewer(t, after, after.replicas[m.to].entries, m.op);
            head.push({ kind: 'local', lane: nm.lane(m.to), label: `keeps ${nm.entries(after.replicas[m.to].entries)}${inverted ? ', an older write' : ''} (ranks higher)`, ...(inverted ? { tone: 'stale' as const } : {}) });
          }
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
      return `the network loses the ${m.kind} from ${nm.name(m.from)} to ${nm.name(m.to)}`;
    })
    .with({ kind: 'give-up' }, (a) => {
      const who = nm.name(t.nodes + a.client);
      return match(giveUpOutcome(t, before, a.client))
        .with('accept', () => `${who} cannot reach a full quorum and, in ap mode, answers with what it has`)
        .with('retry', () => `${who} has heard nothing and, in ap mode, sends the request again to the nodes it can reach`)
        .with('timeout', () => `${who} cannot gather its quorum any more and stops waiting`)
        .exhaustive();
    })
    .with({ kind: 'handoff' }, (a) => {
      const hint = before.replicas[a.node].hints.find((h) => h.home === a.home);
      if (hint === undefined) throw new Error(`handoff: node ${a.node} holds no hint for ${a.home}`);
      const msg = `m${before.serial}`;
      head.push({ kind: 'send', msg, from: nm.lane(a.node), to: nm.lane(a.home), label: `handoff ${nm.entries(hint.entries)}` });
      head.push({ kind: 'deliver', msg, at: nm.lane(a.home), label: `handoff ${nm.entries(hint.entries)}` });
      return `${nm.name(a.node)} hands the write it held for ${nm.name(a.home)}, ${nm.said(hint.entries)}, over to it (hinted handoff)`;
    })
    .with({ kind: 'anti-entropy' }, (a) => {
      for (const [x, y, k] of [[a.a, a.b, 0], [a.b, a.a, 1]] as const) {
        const msg = `m${before.serial + k}`;
        head.push({ kind: 'send', msg, from: nm.lane(x), to: nm.lane(y), label: `anti-entropy ${nm.entries(before.replicas[x].entries)}` });
        head.push({ kind: 'deliver', msg, at: nm.lane(y), label: `anti-entropy ${nm.entries(before.replicas[x].entries)}` });
      }
      return `${nm.name(a.a)} and ${nm.name(a.b)} compare their copies (anti-entropy) and both keep ${nm.said(after.replicas[a.a].entries)}`;
    })
    .with({ kind: 'partition' }, (a) => {
      // The first client's side first, as a chart puts it on the left: clients outermost, as the lanes go.
      const [p, q] = partitionSides(t, a.cut);
      const [x, y] = p.includes(t.nodes) ? [p, q] : [q, p];
      const inOrder = (side: number[], clientsFirst: boolean): number[] => {
        const clients = side.filter((e) => e >= t.nodes);
        const nodes = side.filter((e) => e < t.nodes);
        return clientsFirst ? [...clients, ...nodes] : [...nodes, ...clients];
      };
      const label = `${nm.partition} {${nm.short(inOrder(x, true))}} | {${nm.short(inOrder(y, false))}}`;
      head.push({ kind: 'partition', cut: x.map(nm.lane), rest: y.map(nm.lane), label });
      return `${nm.partition === 'partition' ? 'the network splits' : `a ${nm.partition} splits the network`}: ${nm.list(x)} can no longer reach ${nm.list(y)}`;
    })
    .with({ kind: 'heal' }, () => {
      head.push({ kind: 'heal', label: 'heal' });
      return `the ${nm.partition} ${nm.partition === 'partition' ? 'heals' : 'passes'} and every node can reach every other again`;
    })
    .with({ kind: 'crash' }, (a) => {
      head.push({ kind: 'crash', lane: nm.lane(a.node), loseState: config.stateLoss });
      return `${nm.name(a.node)} crashes${config.stateLoss ? ' and loses what it stored' : ''}`;
    })
    .with({ kind: 'recover' }, (a) => {
      head.push(a.from >= 0 ? { kind: 'recover', lane: nm.lane(a.node), restoredFrom: nm.name(a.from) } : { kind: 'recover', lane: nm.lane(a.node) });
      return `${nm.name(a.node)} comes back${a.from >= 0 ? `, restored from ${nm.name(a.from)}'s copy: ${nm.said(after.replicas[a.node].entries)}` : config.stateLoss ? ' empty' : ''}`;
    })
    .with({ kind: 'skew' }, (a) => {
      head.push({ kind: 'skew', lane: nm.lane(t.nodes + a.client), by: -1 });
      return `${nm.name(t.nodes + a.client)}'s clock falls one tick behind true time`;
    })
    .exhaustive();
  // Handoff and anti-entropy stores are drawn as their own messages; keep the store notes anyway.
  return { events: [...head, ...diff.events], narration: sentence([words, ...diff.words]) };
}

function count(k: number, one: string, many: string): string {
  return k === 1 ? `one ${one}` : `${k} ${many}`;
}

/**
 * The configuration in words for a chart's title: sizes, how quorums are counted and reads
 * resolved, the repairs, what the clients do, and the faults, e.g. `N=3, W=2, R=1; strict
 * quorum, last-write-wins; C1 writes 1, C2 reads; faults: one partition`.
 */
export function configurationSummary(t: Topology): string {
  const { config } = t;
  const nm = namer(t);
  const sizes = `N=${config.n}, W=${config.w}, R=${config.r}${config.spares > 0 ? ` and ${count(config.spares, 'spare', 'spares')}` : ''}`;
  const quorum = match(config.mode)
    .with('cp', () => 'cp mode: refuse without a strict quorum')
    .with('ap', () => 'ap mode: never refuse')
    .with('quorum', () => `${config.quorum} quorum`)
    .exhaustive();
  const sloppy = config.mode !== 'quorum' && config.quorum === 'sloppy' ? ', sloppy quorum' : '';
  const resolve = match(config.resolve)
    .with('lww', () => (config.clock === 'wall' ? 'last-write-wins on wall clocks' : 'last-write-wins'))
    .with('first', () => 'the first reply wins')
    .with('majority', () => 'the majority of the replies wins')
    .with('vclock', () => 'vector clocks, siblings kept')
    .exhaustive();
  const repairs = [
    ...(config.handoff ? ['hinted handoff'] : []),
    ...(config.readRepair === 'sync' ? ['read repair before answering (ABD)'] : config.readRepair === 'async' ? ['read repair after answering'] : []),
    ...(config.antiEntropy ? ['anti-entropy'] : []),
  ];
  const scripts = config.ops.map((script, c) =>
    `${nm.name(t.nodes + c)} ${script.map((op) => (op.kind === 'write' ? `writes ${nm.value(op.value)}` : 'reads')).join(' then ')}`,
  );
  const faults = [
    ...(config.partitions > 0 ? [count(config.partitions, nm.partition, `${nm.partition}s`)] : []),
    ...(config.drops > 0 ? [count(config.drops, 'lost message', 'lost messages')] : []),
    ...(config.crashes > 0 ? [`${count(config.crashes, 'crash', 'crashes')}${config.stateLoss ? ' losing state' : ''}`] : []),
    ...(config.skew > 0 ? [count(config.skew, 'clock skew', 'clock skews')] : []),
  ];
  const parts = [sizes, `${quorum}${sloppy}, ${resolve}${repairs.length > 0 ? `, ${repairs.join(', ')}` : ''}`, scripts.join(', '), faults.length > 0 ? `faults: ${faults.join(', ')}` : 'no faults'];
  return parts.join('; ');
}

/**
 * A state in three short lines for a state graph, in the words of the final tables: what each
 * node holds (nodes holding the same grouped: `1 v(1,C1) at R1, S1; 0 v0 at R2, R3`, with hints
 * and crashes), where each client is (`C1 write(1) ok`, `C2 read: 1/2 replies`), and the network
 * (how many messages are in flight, the partition).
 */
export function briefState(t: Topology, s: QuorumState): string[] {
  const nm = namer(t);
  const holders = new Map<string, number[]>();
  for (let x = 0; x < t.nodes; x++) {
    const text = nm.entries(s.replicas[x].entries);
    holders.set(text, [...(holders.get(text) ?? []), x]);
  }
  const copies = [...holders.entries()].map(([text, nodes]) => `${text} at ${nm.short(nodes)}`);
  const hinted: number[] = [];
  for (let x = 0; x < t.nodes; x++) if (s.replicas[x].hints.length > 0) hinted.push(x);
  const down: number[] = [];
  for (let x = 0; x < t.nodes; x++) if ((s.down >>> x) & 1) down.push(x);
  const extras = [...(hinted.length > 0 ? [`hints at ${nm.short(hinted)}`] : []), ...(down.length > 0 ? [`${nm.short(down)} down`] : [])];
  const clients = s.clients.map((c, i) => {
    const who = nm.name(t.nodes + i);
    const p = c.pending;
    if (p !== null) {
      const op = s.history[p.op];
      const got = p.phase === 'read' ? p.replies.length : popcount(p.acked);
      return `${who} ${op.kind === 'write' ? `write(${nm.value(op.value)})` : 'read'}${p.phase === 'writeback' ? ' write-back' : ''}: ${got}/${p.required}`;
    }
    const done = [...s.history].reverse().find((op) => op.client === i);
    if (done === undefined) return `${who} idle`;
    return `${who} ${opLabel(nm, done)} ${done.status === 'ok' ? responseLabel(nm, done) : done.status}`;
  });
  const [a, b] = partitionSides(t, s.cut);
  const network = [s.messages.length === 0 ? 'nothing in flight' : `${s.messages.length} in flight`, ...(s.cut !== 0 ? [`${nm.partition} {${nm.short(a)}} | {${nm.short(b)}}`] : [])];
  return [copies.join('; '), ...(extras.length > 0 ? [extras.join('; ')] : []), clients.join('; '), network.join('; ')];
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
    marks: (trace, actions, property) => quorumMarks(t, trace, actions, property),
    summary: () => configurationSummary(t),
    brief: (s) => briefState(t, s),
    caption: (s, a) => actionLabel(t, s, a, 'names'),
    actionKind: (_s, a) => a.kind,
    parseAction: (s, label) => enabledActions(t, s).find((a) => actionLabel(t, s, a) === label),
  };
}
