/**
 * What the quorum model's sequence charts point out: the replies a violating read went by (red)
 * and those that carried the write it missed (green), the write's and the read's quorums as rows
 * of badges under the lanes, and one sentence on whether those quorums met among the home
 * replicas and why not. The chart then shows the article's point (the sets fail to meet) without
 * the note being read.
 */
import type { ChartMarks, LaneSet, LaneSetMember, MessageTone } from '../../explorer/index.ts';
import type { History, HistoryOp } from '../consistency/history.ts';
import { precedes } from '../consistency/history.ts';
import type { Message } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import type { QuorumAction, Topology } from '../protocols/actions.ts';
import { canReach } from '../protocols/actions.ts';
import { historyChecker } from '../protocols/properties.ts';
import type { QuorumState } from '../protocols/state.ts';
import type { Namer } from './describe.ts';
import { namer } from './describe.ts';
import { collect, missedWrite, opNames, type TraceFacts } from './explain.ts';

/** The chart id of a message, as `describeStep` names its send. */
function messageId(m: Message): string {
  return `m${m.serial}`;
}

function who(t: Topology, nm: Namer, op: HistoryOp): string {
  return nm.name(t.nodes + op.client);
}

function opWords(nm: Namer, op: HistoryOp): string {
  return op.kind === 'write' ? `write(${nm.value(op.value)})` : 'read';
}

/** The home replicas (besides itself) a write request to `m.to` carried hints for. */
function hintedHomes(t: Topology, m: Message | undefined): number[] {
  const homes: number[] = [];
  if (m === undefined) return homes;
  for (let h = 0; h < t.config.n; h++) if ((m.hints >>> h) & 1 && h !== m.to) homes.push(h);
  return homes;
}

/** The values a read returned. */
function returned(op: HistoryOp): readonly number[] {
  return op.siblings !== undefined && op.siblings.length > 0 ? op.siblings : [op.value];
}

/** What the write set of `write` is: its acknowledgements, or where it was delivered when none came back. */
function writeSet(t: Topology, nm: Namer, facts: TraceFacts, write: HistoryOp, requests: readonly Message[]): { set: LaneSet; homes: number[]; standIns: string[] } {
  const acks = facts.delivered.filter((d) => d.m.kind === 'ack' && d.m.op === write.id).map((d) => d.m.from);
  const acked = acks.length > 0;
  const nodes = acked ? acks : facts.delivered.filter((d) => d.m.kind === 'write' && d.m.op === write.id).map((d) => d.m.to);
  const members: LaneSetMember[] = [];
  const homes: number[] = [];
  const standIns: string[] = [];
  for (const node of [...new Set(nodes)]) {
    const hinted = hintedHomes(t, requests.find((m) => m.to === node));
    const isSpare = node >= t.config.n;
    if (!isSpare) homes.push(node);
    if (isSpare && hinted.length > 0) standIns.push(`${nm.name(node)} stood in for ${nm.list(hinted)}`);
    const verb = acked ? 'ack' : 'stored';
    members.push({ lane: nm.lane(node), badge: isSpare && hinted.length > 0 ? `${verb} for ${nm.short(hinted)}` : verb });
  }
  const status = write.status === 'ok' ? '' : write.status === 'pending' ? ' (still in progress)' : ` (${write.status})`;
  const caption = acked ? `${who(t, nm, write)}'s ${opWords(nm, write)}${status} acknowledged by` : `${who(t, nm, write)}'s ${opWords(nm, write)}${status} reached`;
  return { set: { caption, members }, homes, standIns };
}

/** Whether `entries` holds the written entries (their values at their versions). */
function holds(entries: readonly Entry[], written: readonly Entry[]): boolean {
  return written.every((w) => entries.some((e) => e.value === w.value && e.version === w.version));
}

/** The marks of a read that broke a history property: its replies' tones, the two sets, their meeting. */
function readMarks(t: Topology, nm: Namer, trace: readonly QuorumState[], facts: TraceFacts, read: HistoryOp, property: string): ChartMarks {
  const { config } = t;
  const final = trace[trace.length - 1];
  const write = missedWrite(final.history, read);
  const requests = write === undefined ? [] : trace.flatMap((s) => s.messages).filter((m) => m.kind === 'write' && m.op === write.id);
  const written = requests[0]?.entries ?? (write !== undefined ? [{ value: write.value, version: -1 }] : []);
  const values = new Set(returned(read));
  const messages: Record<string, MessageTone> = {};
  const replies = facts.delivered.filter((d) => d.m.kind === 'reply' && d.m.op === read.id);
  const readMembers: LaneSetMember[] = [];
  const readHomes: number[] = [];
  for (const { m } of replies) {
    const fresh = write !== undefined && holds(m.entries, written);
    const used = m.entries.some((e) => values.has(e.value));
    const stale = !fresh && used;
    if (fresh) messages[messageId(m)] = 'fresh';
    else if (stale) messages[messageId(m)] = 'stale';
    const asked = trace.flatMap((s) => s.messages).find((x) => x.kind === 'read' && x.op === read.id && x.to === m.from);
    const standIn = asked !== undefined && asked.hints !== 0;
    if (!standIn && m.from < config.n) readHomes.push(m.from);
    const said = m.entries.map((e) => nm.value(e.value)).join('|');
    const tone = fresh ? 'fresh' : stale ? 'stale' : undefined;
    readMembers.push({ lane: nm.lane(m.from), badge: standIn ? `replied ${said} as stand-in` : `replied ${said}`, ...(tone !== undefined ? { tone } : {}) });
  }
  // An earlier read that got the newer value shows what this one lost (linearizable, monotonic reads).
  if (write !== undefined && (property === 'linearizable' || property === 'monotonic-reads')) {
    const earlier = final.history.find((op) => op.kind === 'read' && op.status === 'ok' && op.id !== read.id && precedes(op, read) && op.value === write.value);
    if (earlier !== undefined) {
      for (const { m } of facts.delivered) if (m.kind === 'reply' && m.op === earlier.id && holds(m.entries, written)) messages[messageId(m)] = 'fresh';
    }
  }
  const sets: LaneSet[] = [];
  let meeting: string | undefined;
  let meetingFails = false;
  const readSet: LaneSet = { caption: `${who(t, nm, read)}'s read heard from`, members: readMembers };
  if (write !== undefined) {
    const { set, homes, standIns } = writeSet(t, nm, facts, write, requests);
    sets.push(set, readSet);
    const shared = homes.filter((h) => readHomes.includes(h));
    if (shared.length === 0) {
      meetingFails = true;
      const acks = facts.delivered.filter((d) => d.m.kind === 'ack' && d.m.op === write.id).length;
      let why: string;
      if (standIns.length > 0) why = `${standIns.join('; ')}, and a stand-in's copy is not the home replica's`;
      else if (write.status === 'pending') why = `the write had reached only ${homes.length > 0 ? nm.list(homes) : 'no home replica'} and was still in progress`;
      else if (config.mode === 'ap' && write.status === 'ok' && acks < config.w) why = `in ap mode the write was accepted with ${acks} acknowledgement${acks === 1 ? '' : 's'}, fewer than W=${config.w}`;
      else if (config.mode === 'ap' && replies.length < config.r) why = `in ap mode the read answered with ${replies.length} repl${replies.length === 1 ? 'y' : 'ies'}, fewer than R=${config.r}, from the side the write did not reach`;
      else if (config.w + config.r <= config.n) why = `W + R = ${config.w + config.r} is not more than N = ${config.n}, so nothing forces them to meet`;
      else why = 'a fault kept them apart';
      meeting = `The write's set and the read's share no home replica: ${why}.`;
    } else {
      const where = nm.list(shared);
      // A shared replica that answered without the write had it and kept an older one ranked higher.
      const kept = replies.filter(
        (reply) =>
          shared.includes(reply.m.from) &&
          !holds(reply.m.entries, written) &&
          facts.delivered.some((d) => d.m.kind === 'write' && d.m.op === write.id && d.m.to === reply.m.from && d.step < reply.step),
      );
      if (kept.length > 0) {
        meetingFails = true;
        const skewed = config.clock === 'wall' ? `: ${who(t, nm, write)}'s clock ran behind, so its newer write ranked lower and was discarded` : ', whose version ranked higher';
        meeting = `The write's set and the read's share ${where}, but ${kept.length === 1 ? 'it' : 'they'} had kept an older write${skewed}.`;
      } else if (config.resolve === 'first') meeting = `The write's set and the read's share ${where}, but the read answered with the first reply to arrive.`;
      else if (config.resolve === 'majority') meeting = `The write's set and the read's share ${where}, but the read went with the more common value.`;
      else meeting = `The write's set and the read's share ${where}.`;
    }
  } else {
    sets.push(readSet);
  }
  const fresh = property === 'stale-read' || property === 'read-your-writes' ? 'reply holding the write the read missed' : 'reply holding the newer value';
  return { messages, toneLegend: { stale: 'stale reply the read went by', fresh }, sets, ...(meeting !== undefined ? { meeting, meetingFails } : {}) };
}

/** The marks of a refused or timed-out operation: the home replicas its coordinator could reach, against the quorum it needed. */
function availabilityMarks(t: Topology, nm: Namer, trace: readonly QuorumState[], facts: TraceFacts, op: HistoryOp): ChartMarks {
  const { config } = t;
  const need = op.kind === 'write' ? config.w : config.r;
  const letter = op.kind === 'write' ? 'W' : 'R';
  // The state in which the operation was invoked: the first with it in the history.
  const at = trace.find((s) => s.history.length > op.id) ?? trace[trace.length - 1];
  const before = trace[Math.max(0, trace.indexOf(at) - 1)];
  if (op.status === 'refused') {
    const reachable: number[] = [];
    for (let h = 0; h < config.n; h++) if (canReach(t, before, op.client, h)) reachable.push(h);
    return {
      messages: {},
      sets: [{ caption: `${who(t, nm, op)} could reach`, members: reachable.map((h) => ({ lane: nm.lane(h), badge: 'reachable' })) }],
      meeting: `${who(t, nm, op)}'s ${opWords(nm, op)} needed ${letter}=${need} home replicas and could reach ${reachable.length}${reachable.length > 0 ? ` (${nm.list(reachable)})` : ''}: cp mode refused it.`,
      meetingFails: true,
    };
  }
  const answers = facts.delivered.filter((d) => (d.m.kind === 'ack' || d.m.kind === 'reply') && d.m.op === op.id).map((d) => d.m.from);
  return {
    messages: {},
    sets: [{ caption: `${who(t, nm, op)}'s ${opWords(nm, op)} heard from`, members: [...new Set(answers)].map((x) => ({ lane: nm.lane(x), badge: 'answered' })) }],
    meeting: `${who(t, nm, op)}'s ${opWords(nm, op)} needed ${letter}=${need} answers, got ${new Set(answers).size}, and gave up.`,
    meetingFails: true,
  };
}

/**
 * The chart marks for a trace that violates `property`: for a read (stale-read, linearizable,
 * the session guarantees) its replies' tones, the write's set and the read's as badge rows, and
 * how they met among the home replicas; for availability, the replicas the refused or timed-out
 * operation could reach. Nothing for convergence (the final tables tell it) or a trace the
 * property does not fail on.
 */
export function quorumMarks(t: Topology, trace: readonly QuorumState[], actions: readonly QuorumAction[], property: string): ChartMarks {
  const checker = historyChecker(property);
  if (checker === undefined || trace.length === 0) return {};
  const history: History = trace[trace.length - 1].history;
  const outcome = checker(history, opNames(t));
  if (outcome.ok) return {};
  const nm = namer(t);
  const facts = collect(trace, actions);
  const op = history[outcome.op];
  if (property === 'availability') return availabilityMarks(t, nm, trace, facts, op);
  if (op.kind !== 'read') return {};
  return readMarks(t, nm, trace, facts, op, property);
}
