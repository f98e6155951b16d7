/**
 * The coordinator's rules on packed states, word for word the readable model's
 * (spec/protocols/coordinator.ts): where a request goes, quorums, resolution, repair, giving up.
 * Each function edits `s`, a fresh copy of the parent state, in place.
 */
import { packVersion, vcIncrement, vcMax } from '../cluster/versions.ts';
import { popcount32 } from './entries.ts';
import type { PackedContext } from './context.ts';
import {
  ACKED,
  BUDGETS,
  CONTEXT,
  HAFTER,
  HEXTRA,
  HKIND_SHIFT,
  HSIBLINGS_SHIFT,
  HSTATUS_SHIFT,
  HVALUE_SHIFT,
  KIND_READ,
  KIND_WRITE,
  M_ACK,
  M_READ,
  M_REPAIR,
  M_REPLY,
  M_WRITE,
  M_WRITEBACK,
  MESSAGE_WORDS,
  MKIND_SHIFT,
  MOP_SHIFT,
  OP_SHIFT,
  PC_SHIFT,
  PHASE_NONE,
  PHASE_READ,
  PHASE_SHIFT,
  PHASE_WRITE,
  PHASE_WRITEBACK,
  REPLIES_SHIFT,
  REQUIRED_SHIFT,
  RESULT,
  STATUS_OK,
  STATUS_PENDING,
  STATUS_REFUSED,
  STATUS_TIMEOUT,
  CLIENT_SKEW_SHIFT,
  WRITES_SHIFT,
  messageWord,
} from './layout.ts';

/** The request and answer message kinds of each phase (indexed by phase). */
const REQUEST_KIND = [-1, M_WRITE, M_READ, M_WRITEBACK];
const ANSWER_KIND = [-1, M_ACK, M_REPLY, M_ACK];
/** The messages an operation drops when it completes, and when a read's replies are in (bitmasks over kinds). */
const DONE_KINDS = (1 << M_READ) | (1 << M_REPLY) | (1 << M_ACK);
const READ_DONE_KINDS = (1 << M_READ) | (1 << M_REPLY);

/** Where a coordinator sends its requests: filled by {@link selectTargets}. */
class Targets {
  readonly nodes = new Int32Array(32);
  readonly hints = new Int32Array(32);
  count = 0;
  reached = 0;
}

const targets = new Targets();

/** Client `c`'s word 0 and the fields packed in it. */
function pc(w: number): number {
  return (w >>> PC_SHIFT) & 0xf;
}
function phaseOf(w: number): number {
  return (w >>> PHASE_SHIFT) & 0x3;
}
function opOf(w: number): number {
  return (w >>> OP_SHIFT) & 0x1f;
}
function requiredOf(w: number): number {
  return (w >>> REQUIRED_SHIFT) & 0xf;
}
function repliesOf(w: number): number {
  return (w >>> REPLIES_SHIFT) & 0xf;
}

/**
 * Where client `c` sends a request, in preference-list order (the readable `selectTargets`):
 * a reachable home replica gets it; an unreachable one is replaced, under a sloppy quorum or
 * in ap mode, by the next reachable unused spare holding a hint; in ap mode with no spare left
 * every reachable target holds a hint for it; otherwise the request waits at the home replica.
 */
function selectTargets(q: PackedContext, s: readonly number[], c: number, forWrite: boolean): Targets {
  const { config } = q;
  const out = targets;
  const substitute = config.quorum === 'sloppy' || config.mode === 'ap';
  let count = 0;
  let usedSpares = 0;
  let leftover = 0;
  let reached = 0;
  for (let h = 0; h < q.n; h++) {
    if (q.canReach(s, c, h)) {
      out.nodes[count] = h;
      out.hints[count++] = 0;
      reached++;
      continue;
    }
    if (substitute) {
      let spare = -1;
      for (let x = q.n; x < q.nodes; x++) {
        if (((usedSpares >>> x) & 1) === 0 && q.canReach(s, c, x)) {
          spare = x;
          break;
        }
      }
      if (spare >= 0) {
        usedSpares |= 1 << spare;
        out.nodes[count] = spare;
        out.hints[count++] = 1 << h;
        reached++;
        continue;
      }
      if (config.mode === 'ap') {
        leftover |= 1 << h;
        continue;
      }
    }
    out.nodes[count] = h;
    out.hints[count++] = 0;
  }
  if (config.mode === 'ap') {
    if (reached === 0) {
      for (let h = 0; h < q.n; h++) {
        out.nodes[h] = h;
        out.hints[h] = 0;
      }
      out.count = q.n;
      out.reached = 0;
      return out;
    }
    if (forWrite) for (let i = 0; i < count; i++) out.hints[i] |= leftover;
  }
  out.count = count;
  out.reached = reached;
  return out;
}

/** The quorum an operation needs: W or R, shrunk in ap mode to what is reachable. */
function quorumSize(q: PackedContext, base: number, reached: number): number {
  return q.config.mode === 'ap' && reached > 0 ? Math.min(base, reached) : base;
}

/** The entry word a read resolves its replies to, by the configured rule. */
function resolve(q: PackedContext, s: readonly number[], at: number, replies: number): number {
  switch (q.config.resolve) {
    case 'first':
      return q.replyEntries(s, at, 0);
    case 'lww':
    case 'vclock': {
      let acc = q.replyEntries(s, at, 0);
      for (let i = 1; i < replies; i++) acc = q.entries.merge(s, acc, q.replyEntries(s, at, i));
      return acc;
    }
    case 'majority':
      return majority(q, s, at, replies);
  }
}

const majorityValues = new Int32Array(32);
const majorityCounts = new Int32Array(32);
const majorityEntries = new Int32Array(32);
const sortedRefs = new Int32Array(32);

/** Most common value among the replies; a tie goes to the value seen with the highest version (the readable `majority`). */
function majority(q: PackedContext, s: readonly number[], at: number, replies: number): number {
  const entries = q.entries;
  let distinct = 0;
  for (let i = 0; i < replies; i++) {
    // Each reply's last entry (in version order), as one entry word.
    const e = q.replyEntries(s, at, i);
    let last: number;
    let value: number;
    let version: number;
    if (entries.vclock) {
      const k = entries.sorted(s, e, sortedRefs);
      const ref = sortedRefs[k - 1];
      last = 1 << ref;
      value = entries.refValue(s, ref);
      version = entries.refVersion(s, ref);
    } else {
      last = e;
      value = e & 0xff;
      version = e >>> 8;
    }
    let j = 0;
    while (j < distinct && majorityValues[j] !== value) j++;
    if (j === distinct) {
      majorityValues[j] = value;
      majorityCounts[j] = 1;
      majorityEntries[j] = last;
      distinct++;
    } else {
      majorityCounts[j]++;
      if (version > versionOf(q, s, majorityEntries[j])) majorityEntries[j] = last;
    }
  }
  let winner = 0;
  for (let j = 1; j < distinct; j++) {
    if (
      majorityCounts[j] > majorityCounts[winner] ||
      (majorityCounts[j] === majorityCounts[winner] && versionOf(q, s, majorityEntries[j]) > versionOf(q, s, majorityEntries[winner]))
    ) {
      winner = j;
    }
  }
  return majorityEntries[winner];
}

/** The version of a one-entry word. */
function versionOf(q: PackedContext, s: readonly number[], e: number): number {
  if (!q.entries.vclock) return e >>> 8;
  return q.entries.refVersion(s, 31 - Math.clz32(e));
}

/** Sets client `c`'s operation `op` in the history to `status`; a read that answered records what it returned. */
function complete(q: PackedContext, s: number[], c: number, status: number, returned: number, hasReturned: boolean): void {
  const layout = q.layout;
  const at = layout.clientsAt + c * layout.clientStride;
  const w = s[at];
  const op = opOf(w);
  const h = q.historyAt(op);
  let h0 = (s[h] & ~(0x3 << HSTATUS_SHIFT)) | (status << HSTATUS_SHIFT);
  if (((h0 >>> HKIND_SHIFT) & 1) === KIND_READ && status === STATUS_OK && hasReturned) {
    const entries = q.entries;
    h0 = (h0 & ~(0xff << HVALUE_SHIFT)) | (entries.firstValue(s, returned) << HVALUE_SHIFT);
    if (entries.vclock) {
      const k = entries.sorted(s, returned, sortedRefs);
      if (k > 1) {
        h0 |= k << HSIBLINGS_SHIFT;
        let lo = 0;
        let hi = 0;
        for (let i = 0; i < k; i++) {
          const v = entries.refValue(s, sortedRefs[i]);
          if (i < 4) lo |= v << (8 * i);
          else hi |= v << (8 * (i - 4));
        }
        s[h + HEXTRA] = lo;
        s[h + HEXTRA + 1] = hi;
      }
      let context = s[at + CONTEXT] >>> 0;
      for (let i = 0; i < k; i++) context = vcMax(context, entries.refVersion(s, sortedRefs[i]), q.clientCount);
      s[at + CONTEXT] = context | 0;
    }
  }
  s[h] = h0;
  q.removeOpMessages(op, DONE_KINDS);
  clearPending(q, s, at);
}

/** Clears a client's pending operation (every field of it, so finished states stay canonical). */
function clearPending(q: PackedContext, s: number[], at: number): void {
  s[at] &= (0xf << PC_SHIFT) | (0xf << CLIENT_SKEW_SHIFT);
  s[at + ACKED] = 0;
  s[at + RESULT] = 0;
  const base = at + q.layout.repliesAt;
  for (let i = 0; i < q.layout.replyWords * q.layout.replySlots; i++) s[base + i] = 0;
}

/** A read has its replies: resolve them, then answer, repair asynchronously, or write back first (sync). */
function finishRead(q: PackedContext, s: number[], c: number): void {
  const { config, layout } = q;
  const at = layout.clientsAt + c * layout.clientStride;
  const w = s[at];
  const replies = repliesOf(w);
  const resolved = resolve(q, s, at, replies);
  const op = opOf(w);
  if (config.readRepair === 'sync') {
    let acked = 0;
    for (let i = 0; i < replies; i++) if (q.entries.covers(s, q.replyEntries(s, at, i), resolved)) acked |= 1 << q.replyNode(s, at, i);
    const t = selectTargets(q, s, c, true);
    const required = quorumSize(q, config.w, t.reached);
    q.removeOpMessages(op, READ_DONE_KINDS);
    if (popcount32(acked) >= required) {
      complete(q, s, c, STATUS_OK, resolved, true);
      return;
    }
    for (let i = 0; i < t.count; i++) {
      const node = t.nodes[i];
      if (((acked >>> node) & 1) === 0) q.send(messageWord(M_WRITEBACK, c, node, op, t.hints[i]), resolved);
    }
    s[at] = (s[at] & ~((0x3 << PHASE_SHIFT) | (0xf << REQUIRED_SHIFT))) | (PHASE_WRITEBACK << PHASE_SHIFT) | (required << REQUIRED_SHIFT);
    s[at + ACKED] = acked;
    s[at + RESULT] = resolved;
    return;
  }
  if (config.readRepair === 'async') {
    for (let i = 0; i < replies; i++) {
      if (!q.entries.covers(s, q.replyEntries(s, at, i), resolved)) q.send(messageWord(M_REPAIR, c, q.replyNode(s, at, i), op, 0), resolved);
    }
  }
  complete(q, s, c, STATUS_OK, resolved, true);
}

/** Whether client `c`'s operation can no longer gather its quorum with the messages that can still move (the readable `isStuck`). */
export function isStuck(q: PackedContext, s: readonly number[], c: number): boolean {
  const layout = q.layout;
  const at = layout.clientsAt + c * layout.clientStride;
  const w = s[at];
  const phase = phaseOf(w);
  if (phase === PHASE_NONE) return false;
  const op = opOf(w);
  const request = REQUEST_KIND[phase];
  const answer = ANSWER_KIND[phase];
  const heard = phase === PHASE_READ ? repliesOf(w) : popcount32(s[at + ACKED]);
  let possible = heard;
  const m0 = q.m0;
  const count = q.count(s);
  for (let i = 0; i < count; i++) {
    const w0 = s[m0 + MESSAGE_WORDS * i];
    if (((w0 >>> MOP_SHIFT) & 0x1f) !== op) continue;
    const kind = w0 >>> MKIND_SHIFT;
    if (kind === request) {
      if (q.canReach(s, c, (w0 >>> 20) & 0xf)) possible++;
    } else if (kind === answer) {
      if (q.connected(s, (w0 >>> 24) & 0xf, q.nodes + c)) possible++;
    }
  }
  if (q.config.mode === 'ap' && possible > heard) return false;
  return possible < requiredOf(w);
}

/** The mask of the first `length` history operations whose status is ok. */
function okMask(q: PackedContext, s: readonly number[], length: number): number {
  let mask = 0;
  for (let id = 0; id < length; id++) if (((s[q.historyAt(id)] >>> HSTATUS_SHIFT) & 0x3) === STATUS_OK) mask |= 1 << id;
  return mask;
}

/** The number of operations invoked so far: the history's length. */
export function historyLength(q: PackedContext, s: readonly number[]): number {
  let total = 0;
  for (let c = 0; c < q.clientCount; c++) total += pc(s[q.layout.clientsAt + c * q.layout.clientStride]);
  return total;
}

/** Client `c` starts the next operation of its script (in cp mode, is refused at once without a strict quorum). */
export function invoke(q: PackedContext, s: number[], c: number): void {
  const { config, layout } = q;
  const at = layout.clientsAt + c * layout.clientStride;
  const w = s[at];
  const pcNow = pc(w);
  const scriptOp = config.ops[c][pcNow];
  const id = historyLength(q, s);
  const h = q.historyAt(id);
  const isWrite = scriptOp.kind === 'write';
  const value = isWrite ? scriptOp.value : 0;
  const base = isWrite ? config.w : config.r;
  const writes = (s[BUDGETS] >>> WRITES_SHIFT) & 0x1f;
  s[h + HAFTER] = okMask(q, s, id);
  if (isWrite) s[BUDGETS] += 1 << WRITES_SHIFT;
  const kind = isWrite ? KIND_WRITE : KIND_READ;
  if (config.mode === 'cp') {
    let reachableHomes = 0;
    for (let x = 0; x < q.n; x++) if (q.canReach(s, c, x)) reachableHomes++;
    if (reachableHomes < base) {
      s[h] = c | (kind << HKIND_SHIFT) | (STATUS_REFUSED << HSTATUS_SHIFT) | (value << HVALUE_SHIFT);
      s[at] = w + (1 << PC_SHIFT);
      return;
    }
  }
  s[h] = c | (kind << HKIND_SHIFT) | (STATUS_PENDING << HSTATUS_SHIFT) | (value << HVALUE_SHIFT);
  const t = selectTargets(q, s, c, isWrite);
  const required = quorumSize(q, base, t.reached);
  let result = 0;
  if (isWrite) {
    if (config.clock === 'vclock') {
      const version = vcIncrement(s[at + CONTEXT] >>> 0, c);
      s[at + CONTEXT] = version | 0;
      s[h + HEXTRA] = version | 0;
      result = 1 << (id + 1);
    } else {
      const skew = (w >>> CLIENT_SKEW_SHIFT) & 0xf;
      const ts = config.clock === 'wall' ? writes + 1 - skew : writes + 1;
      result = (packVersion(ts, c) << 8) | value;
    }
    for (let i = 0; i < t.count; i++) q.send(messageWord(M_WRITE, c, t.nodes[i], id, t.hints[i]), result);
  } else {
    for (let i = 0; i < t.count; i++) q.send(messageWord(M_READ, c, t.nodes[i], id, t.hints[i]), 0);
  }
  const phase = isWrite ? PHASE_WRITE : PHASE_READ;
  s[at] = ((w & ((0xf << PC_SHIFT) | (0xf << CLIENT_SKEW_SHIFT))) + (1 << PC_SHIFT)) | (phase << PHASE_SHIFT) | (id << OP_SHIFT) | (required << REQUIRED_SHIFT);
  s[at + ACKED] = 0;
  s[at + RESULT] = result;
}

/** An ack from `node` for `op` reaches client `c` (the message already removed): counted, and the operation completes at its quorum. */
export function receiveAck(q: PackedContext, s: number[], c: number, node: number, op: number): void {
  const at = q.layout.clientsAt + c * q.layout.clientStride;
  const w = s[at];
  const phase = phaseOf(w);
  if (phase === PHASE_NONE || opOf(w) !== op || phase === PHASE_READ) return;
  const acked = s[at + ACKED] | (1 << node);
  s[at + ACKED] = acked;
  if (popcount32(acked) < requiredOf(w)) return;
  if (phase === PHASE_WRITEBACK) complete(q, s, c, STATUS_OK, s[at + RESULT], true);
  else complete(q, s, c, STATUS_OK, 0, false);
}

/** A reply from `node` carrying `entries` for `op` reaches client `c`: kept in order, and the read resolves at its quorum. */
export function receiveReply(q: PackedContext, s: number[], c: number, node: number, op: number, entries: number): void {
  const layout = q.layout;
  const at = layout.clientsAt + c * layout.clientStride;
  const w = s[at];
  if (phaseOf(w) !== PHASE_READ || opOf(w) !== op) return;
  const count = repliesOf(w);
  s[at] = w + (1 << REPLIES_SHIFT);
  if (count + 1 >= requiredOf(w)) {
    // The read resolves now, with the replies in the order the readable model sees them at
    // this point: the new one last (its order can decide a tie between equal versions).
    q.setReply(at, count, node, entries);
    finishRead(q, s, c);
    // A write-back keeps its replies: put them back in canonical order.
    if (phaseOf(s[at]) !== PHASE_NONE) sortReplies(q, s, at, count + 1);
    return;
  }
  // Keep the first `orderedReplies` in arrival order and the rest sorted by node (a new reply
  // goes after every kept one with a node at or below its own).
  let i = count;
  while (i > q.orderedReplies && q.replyNode(s, at, i - 1) > node) {
    q.setReply(at, i, q.replyNode(s, at, i - 1), q.replyEntries(s, at, i - 1));
    i--;
  }
  q.setReply(at, i, node, entries);
}

/** Puts a client's `count` replies in canonical order: the first `orderedReplies` kept, the rest stably sorted by node. */
function sortReplies(q: PackedContext, s: number[], at: number, count: number): void {
  for (let k = q.orderedReplies + 1; k < count; k++) {
    const node = q.replyNode(s, at, k);
    const entries = q.replyEntries(s, at, k);
    let i = k;
    while (i > q.orderedReplies && q.replyNode(s, at, i - 1) > node) {
      q.setReply(at, i, q.replyNode(s, at, i - 1), q.replyEntries(s, at, i - 1));
      i--;
    }
    q.setReply(at, i, node, entries);
  }
}

/** What a stuck client does when it stops waiting (the readable `giveUpOutcome`). */
export type PackedGiveUp = 'accept' | 'retry' | 'timeout';

/** How client `c` stops waiting: outside ap mode it times out; ap mode answers with what it has, retries, or times out when nothing is reachable. */
export function giveUpOutcome(q: PackedContext, s: readonly number[], c: number): PackedGiveUp {
  if (q.config.mode !== 'ap') return 'timeout';
  const at = q.layout.clientsAt + c * q.layout.clientStride;
  const w = s[at];
  const phase = phaseOf(w);
  const heard = phase === PHASE_READ ? repliesOf(w) : popcount32(s[at + ACKED]);
  if (heard > 0) return 'accept';
  return selectTargets(q, s, c, phase !== PHASE_READ).reached > 0 ? 'retry' : 'timeout';
}

/** Client `c` stops waiting for its stuck operation. */
export function giveUp(q: PackedContext, s: number[], c: number): void {
  const { config, layout } = q;
  const at = layout.clientsAt + c * layout.clientStride;
  const w = s[at];
  const phase = phaseOf(w);
  const outcome = giveUpOutcome(q, s, c);
  if (outcome === 'accept') {
    if (phase === PHASE_READ) {
      s[at] = (w & ~(0xf << REQUIRED_SHIFT)) | (repliesOf(w) << REQUIRED_SHIFT);
      finishRead(q, s, c);
      return;
    }
    if (phase === PHASE_WRITEBACK) complete(q, s, c, STATUS_OK, s[at + RESULT], true);
    else complete(q, s, c, STATUS_OK, 0, false);
    return;
  }
  if (outcome === 'retry') {
    const t = selectTargets(q, s, c, phase !== PHASE_READ);
    const kind = REQUEST_KIND[phase];
    const entries = phase === PHASE_READ ? 0 : s[at + RESULT];
    const op = opOf(w);
    for (let i = 0; i < t.count; i++) {
      if (q.canReach(s, c, t.nodes[i])) q.send(messageWord(kind, c, t.nodes[i], op, t.hints[i]), entries);
    }
    const required = quorumSize(q, phase === PHASE_READ ? config.r : config.w, t.reached);
    s[at] = (s[at] & ~(0xf << REQUIRED_SHIFT)) | (required << REQUIRED_SHIFT);
    return;
  }
  complete(q, s, c, STATUS_TIMEOUT, 0, false);
}

/** Whether client `c` has an operation pending. */
export function hasPending(q: PackedContext, s: readonly number[], c: number): boolean {
  return phaseOf(s[q.layout.clientsAt + c * q.layout.clientStride]) !== PHASE_NONE;
}

/** Client `c`'s script position. */
export function clientPc(q: PackedContext, s: readonly number[], c: number): number {
  return pc(s[q.layout.clientsAt + c * q.layout.clientStride]);
}
