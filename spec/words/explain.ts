/**
 * The one-paragraph explanation of a counterexample, in quorum terms: which write, which
 * replicas acknowledged it (and which were stand-ins holding hints), which replicas the read
 * heard from, and why the read still returned what it did.
 */
import type { History, HistoryOp } from '../consistency/history.ts';
import { precedes } from '../consistency/history.ts';
import type { OpNames } from '../consistency/describe-op.ts';
import type { Message } from '../cluster/network.ts';
import { connected } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import { covers, sameEntries } from '../cluster/versions.ts';
import type { QuorumAction, Topology } from '../protocols/actions.ts';
import type { Namer } from './describe.ts';
import { namer } from './describe.ts';
import type { QuorumState } from '../protocols/state.ts';
import { historyChecker } from '../protocols/properties.ts';

/** What happened to messages along a trace: each delivery and drop with its step (0-based) and the message. */
export interface TraceFacts {
  readonly delivered: { readonly step: number; readonly m: Message }[];
  readonly dropped: { readonly step: number; readonly m: Message }[];
}

/** The deliveries and drops of a trace, in order. */
export function collect(trace: readonly QuorumState[], actions: readonly QuorumAction[]): TraceFacts {
  const delivered: TraceFacts['delivered'] = [];
  const dropped: TraceFacts['dropped'] = [];
  actions.forEach((a, step) => {
    if (a.kind === 'deliver') delivered.push({ step, m: trace[step].messages[a.index] });
    if (a.kind === 'drop') dropped.push({ step, m: trace[step].messages[a.index] });
  });
  return { delivered, dropped };
}

function opName(t: Topology, nm: Namer, op: HistoryOp): string {
  const who = nm.name(t.nodes + op.client);
  return op.kind === 'write' ? `${who}'s write of ${nm.value(op.value)}` : `${who}'s read`;
}

/** The write the violating read should have seen: the latest completed write before it, else the latest write invoked before it. */
export function missedWrite(history: History, read: HistoryOp): HistoryOp | undefined {
  const writes = history.filter((op) => op.kind === 'write' && op.status !== 'refused' && op.id < read.id);
  const completed = writes.filter((w) => w.status === 'ok' && precedes(w, read));
  const pool = completed.length > 0 ? completed : writes.filter((w) => w.value !== read.value);
  return pool[pool.length - 1];
}

function holdsWrite(t: Topology, entries: readonly Entry[], written: readonly Entry[]): boolean {
  return covers(t.config.clock, entries, written, t.clientCount);
}

function explainRead(t: Topology, nm: Namer, trace: readonly QuorumState[], facts: TraceFacts, read: HistoryOp, property: string): string {
  const { config } = t;
  const final = trace[trace.length - 1];
  const parts: string[] = [];
  const write = missedWrite(final.history, read);
  const replies = facts.delivered.filter((d) => d.m.kind === 'reply' && d.m.op === read.id);
  const heard = replies.map((d) => `${nm.name(d.m.from)}: ${nm.said(d.m.entries)}`);
  const returned = read.siblings !== undefined ? `the siblings ${read.siblings.map(nm.value).join(' and ')}` : nm.value(read.value);
  if (write === undefined) {
    parts.push(`${opName(t, nm, read)} heard from ${heard.join('; ') || 'no replica'} and returned ${returned}, a value no write in the history explains.`);
    return parts.join(' ');
  }
  // The write's own entry, as its requests carried it.
  const writeMessages = trace.flatMap((s) => s.messages).filter((m) => m.kind === 'write' && m.op === write.id);
  const written = writeMessages[0]?.entries ?? [{ value: write.value, version: 0 }];
  const acks = facts.delivered.filter((d) => d.m.kind === 'ack' && d.m.op === write.id).map((d) => d.m.from);
  const hintFor = (node: number): number[] => {
    const m = writeMessages.find((x) => x.to === node);
    const homes: number[] = [];
    for (let h = 0; h < config.n; h++) if (m !== undefined && (m.hints >>> h) & 1 && h !== node) homes.push(h);
    return homes;
  };
  const ackWords = acks.map((x) => {
    const homes = hintFor(x);
    return homes.length === 0 ? nm.name(x) : `${nm.name(x)} (${x >= config.n ? 'a spare ' : ''}standing in for ${nm.list(homes)}, holding a hint)`;
  });
  const status = write.status === 'ok' && precedes(write, read) ? 'completed before the read began' : write.status === 'ok' ? 'completed while the read was under way' : `was still ${write.status === 'pending' ? 'in progress' : 'unfinished (timed out)'}`;
  parts.push(
    `${opName(t, nm, write)} (version ${nm.versions(written)}) ${status}${acks.length > 0 ? `, acknowledged by ${ackWords.length === 1 ? ackWords[0] : `${ackWords.slice(0, -1).join(', ')} and ${ackWords[ackWords.length - 1]}`}` : ', with no acknowledgement yet'}.`,
  );
  parts.push(`${opName(t, nm, read)} heard from ${heard.join('; ') || 'no replica'} and returned ${returned}.`);
  // A replier "has" the write when its copy still contains the written value and version.
  const has = (entries: readonly Entry[]): boolean => written.every((w) => entries.some((e) => e.value === w.value && e.version === w.version));
  const reasons: string[] = [];
  let standInRead = false;
  let outranked = false;
  for (const d of replies.filter((x) => !has(x.m.entries))) {
    const node = d.m.from;
    const stand = writeMessages.find((m) => (m.hints >>> node) & 1 && m.to !== node);
    const lost = facts.dropped.find((x) => x.m.kind === 'write' && x.m.op === write.id && x.m.to === node);
    const replyState = trace[d.step];
    const inFlight = replyState.messages.some((m) => m.kind === 'write' && m.op === write.id && m.to === node);
    const readAsked = trace.flatMap((x) => x.messages).find((m) => m.kind === 'read' && m.op === read.id && m.to === node && m.hints !== 0);
    if (holdsWrite(t, d.m.entries, written)) {
      outranked = true;
      reasons.push(`${nm.name(node)} had it but kept ${nm.said(d.m.entries)}, whose version ranks higher`);
    } else if (readAsked !== undefined) {
      standInRead = true;
      const homes: number[] = [];
      for (let h = 0; h < config.n; h++) if ((readAsked.hints >>> h) & 1) homes.push(h);
      reasons.push(`${nm.name(node)} answered as a stand-in for ${nm.list(homes)} (a sloppy read) and had never been given the write`);
    } else if (stand !== undefined) reasons.push(`${nm.name(node)}'s copy was still with ${nm.name(stand.to)} as a hint, not yet handed off`);
    else if (lost !== undefined) reasons.push(`the write to ${nm.name(node)} was lost`);
    else if (inFlight) {
      const cutOff = !connected(replyState.cut, t.nodes + write.client, node);
      reasons.push(`the write to ${nm.name(node)} was still in flight${cutOff ? ', cut off by the partition' : ''}`);
    } else reasons.push(`${nm.name(node)} did not hold it (it never received it, or lost it in a crash)`);
  }
  if (reasons.length > 0) parts.push(`It missed the write because ${reasons.join('; ')}.`);
  if (outranked && config.clock === 'wall') {
    parts.push(`Last-write-wins compares wall-clock versions, and ${nm.name(t.nodes + write.client)}'s clock ran behind, so its newer write got a version that does not beat the older one: the replicas discarded it as stale.`);
  } else if (replies.some((d) => has(d.m.entries))) {
    if (config.resolve === 'first') parts.push(`A reply did carry ${nm.value(write.value)}, but 'first' resolution answers with whichever reply arrives first, so the older value won.`);
    else if (config.resolve === 'majority') parts.push(`A reply did carry ${nm.value(write.value)}, but majority resolution went with the more common value.`);
    else parts.push(`A reply did carry ${nm.value(write.value)}, yet the read's answer did not reflect it.`);
  } else if (config.mode === 'ap' && acks.length < config.w && write.status === 'ok') {
    parts.push(`In ap mode the write was accepted with ${acks.length} acknowledgement${acks.length === 1 ? '' : 's'}, fewer than W = ${config.w}, because that was all its side of the partition could reach; W + R > N only promises overlap when both quorums are full, so the read's side never saw it.`);
  } else if (standInRead) {
    parts.push(`W + R > N promises that a read set meets a write set among the home replicas, but the read counted a stand-in's reply in place of a home replica, so the sets did not meet.`);
  } else if (acks.some((x) => x >= config.n || hintFor(x).length > 0)) {
    parts.push(`W + R > N promises that a read set meets a write set among the home replicas, but a stand-in's acknowledgement is not a home replica's copy, so the sets did not meet.`);
  } else if (write.status === 'ok' && precedes(write, read)) {
    parts.push(`The replicas that acknowledged the write and those the read heard from did not overlap (W + R = ${config.w + config.r}${config.w + config.r > config.n ? ` > N = ${config.n}, so a fault made them miss each other` : ` <= N = ${config.n}, so nothing forces them to meet`}).`);
  }
  if ((property === 'linearizable' || property === 'monotonic-reads') && config.readRepair !== 'sync') {
    parts.push(`An earlier read had already returned a newer value; without a synchronous write-back (read repair sync, ABD's second phase) that value had not reached a quorum, so a later read could go back in time.`);
  }
  return parts.join(' ');
}

function explainAvailability(t: Topology, nm: Namer, op: HistoryOp): string {
  const { config } = t;
  const need = op.kind === 'write' ? `W=${config.w}` : `R=${config.r}`;
  if (op.status === 'refused') {
    return `${opName(t, nm, op)} was refused: in cp mode a coordinator refuses at once when fewer than ${need} home replicas are reachable from it, and the partition or a crash left it short. Refusing keeps reads fresh at the cost of availability.`;
  }
  return `${opName(t, nm, op)} timed out: the acknowledgements it needed (${need}) could no longer arrive (its messages were lost, or cut off by a partition or a crash), so the client gave up.`;
}

function explainConvergence(t: Topology, nm: Namer, final: QuorumState): string {
  const { config } = t;
  const holdings = Array.from({ length: config.n }, (_, h) => `${nm.name(h)} holds ${nm.said(final.replicas[h].entries)}`);
  const groups = new Set(final.replicas.slice(0, config.n).map((r) => JSON.stringify(r.entries)));
  const mechanisms: string[] = [];
  if (!config.antiEntropy) mechanisms.push('anti-entropy is off');
  if (!config.handoff) mechanisms.push('hinted handoff is off');
  if (config.readRepair === 'off') mechanisms.push('read repair is off');
  return `The run ends with the home replicas disagreeing (${groups.size} different copies): ${holdings.join(', ')}. Every client is done and nothing in flight or in the background can still change them${mechanisms.length > 0 ? ` (${mechanisms.join(', ')})` : ''}, so they never converge.`;
}

/** The scenario's names for clients and values, as the checkers word their reasons. */
export function opNames(t: Topology): OpNames | undefined {
  const names = t.config.names;
  if (names === undefined) return undefined;
  return { ...(names.clients !== undefined ? { clients: names.clients } : {}), ...(names.values !== undefined ? { values: names.values } : {}) };
}

/** The explanation paragraph for `property` on a counterexample trace. */
export function explainTrace(t: Topology, trace: readonly QuorumState[], actions: readonly QuorumAction[], property: string): string {
  const nm = namer(t);
  const final = trace[trace.length - 1];
  if (property === 'convergence') {
    const agree = final.replicas.slice(1, t.config.n).every((r) => sameEntries(r.entries, final.replicas[0].entries));
    return agree ? 'The home replicas agree in the last state of this trace.' : explainConvergence(t, nm, final);
  }
  const checker = historyChecker(property);
  if (checker === undefined) return `No explanation for property '${property}'.`;
  const outcome = checker(final.history, opNames(t));
  if (outcome.ok) return `'${property}' holds in the last state of this trace.`;
  const op = final.history[outcome.op];
  if (property === 'availability') return explainAvailability(t, nm, op);
  return `${outcome.why.charAt(0).toUpperCase()}${outcome.why.slice(1)}. ${explainRead(t, nm, trace, collect(trace, actions), op, property)}`;
}
