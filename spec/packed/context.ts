/**
 * What every packed step needs about its configuration, computed once, and the small edits
 * the steps share: reading fields, who can reach whom, and the message list kept in canonical
 * order as messages are sent and removed.
 *
 * A step builds its successor in one reused work array (`work`, with the successor's length in
 * `len`): the parent's words are copied in, edited in place (messages inserted and removed by
 * shifting), and the finished state is one `slice` of it. So a step allocates exactly one array.
 */
import type { QuorumConfig } from '../protocols/config.ts';
import { RESOLUTION_RULES } from '../protocols/resolution.ts';
import { enumerateCuts } from '../faults/partition.ts';
import { EntryRules } from './entries.ts';
import {
  BUDGETS,
  CUT,
  DOWN,
  HEXTRA,
  M_ACK,
  M_REPLY,
  MESSAGE_WORDS,
  MHI_SHIFT,
  MKIND_SHIFT,
  MLO_SHIFT,
  MOP_SHIFT,
  packedLayout,
  type PackedLayout,
} from './layout.ts';

/** A packed configuration: the config, its layout and the facts the steps read on every transition. */
export class PackedContext {
  readonly config: QuorumConfig;
  readonly layout: PackedLayout;
  readonly entries: EntryRules;
  readonly nodes: number;
  readonly n: number;
  readonly clientCount: number;
  /** Every partition worth enumerating (the readable model's `Topology.cuts`). */
  readonly cuts: readonly number[];
  /** How many of a read's first replies keep their arrival order (`first`: 1). */
  readonly orderedReplies: number;
  /** Where the messages start. */
  readonly m0: number;
  /** The successor under construction (its first `len` words), reused by every step. */
  work: number[];
  len = 0;

  constructor(config: QuorumConfig) {
    this.config = config;
    this.layout = packedLayout(config);
    this.entries = new EntryRules(this.layout);
    this.nodes = config.n + config.spares;
    this.n = config.n;
    this.clientCount = config.ops.length;
    this.cuts = enumerateCuts(this.nodes, this.clientCount, config.clientSites, config.partitionCut);
    this.orderedReplies = RESOLUTION_RULES[config.resolve].orderedReplies;
    this.m0 = this.layout.messages;
    this.work = new Array<number>(this.m0 + 64).fill(0);
  }

  /** Copies `s` into the work array, as the successor to edit. */
  begin(s: readonly number[]): number[] {
    const length = s.length;
    let work = this.work;
    if (work.length < length + 64) {
      work = new Array<number>(2 * (length + 64)).fill(0);
      this.work = work;
    }
    for (let i = 0; i < length; i++) work[i] = s[i];
    this.len = length;
    return work;
  }

  /** The finished successor: a new array of the work array's first `len` words. */
  finish(): number[] {
    return this.work.slice(0, this.len);
  }

  /** The length of a state: its array's, or `len` for the successor a transient step left in the work array. */
  lengthOf(s: readonly number[]): number {
    return s === this.work ? this.len : s.length;
  }

  /** Messages in flight in a state (finished, or the transient successor in the work array). */
  count(s: readonly number[]): number {
    return (this.lengthOf(s) - this.m0 - 1) / 3;
  }

  /** Messages in flight in the successor under construction. */
  workCount(): number {
    return (this.len - this.m0 - 1) / 3;
  }

  /** Whether `node` is up. */
  isUp(s: readonly number[], node: number): boolean {
    return ((s[DOWN] >>> node) & 1) === 0;
  }

  /** Whether client `c` can talk to `node` now: same side of any cut, the node up. */
  canReach(s: readonly number[], c: number, node: number): boolean {
    const cut = s[CUT];
    return ((s[DOWN] >>> node) & 1) === 0 && ((cut >>> (this.nodes + c)) & 1) === ((cut >>> node) & 1);
  }

  /** Whether endpoints `a` and `b` are on the same side of the cut. */
  connected(s: readonly number[], a: number, b: number): boolean {
    const cut = s[CUT];
    return ((cut >>> a) & 1) === ((cut >>> b) & 1);
  }

  /** Whether the message with word 0 `w0` can be delivered now: its ends connected, a node receiver up. */
  deliverable(s: readonly number[], w0: number): boolean {
    const kind = w0 >>> MKIND_SHIFT;
    const answer = kind === M_ACK || kind === M_REPLY;
    const node = answer ? (w0 >>> MHI_SHIFT) & 0xf : (w0 >>> MLO_SHIFT) & 0xf;
    const client = answer ? (w0 >>> MLO_SHIFT) & 0xf : (w0 >>> MHI_SHIFT) & 0xf;
    if (!this.connected(s, node, this.nodes + client)) return false;
    return answer || ((s[DOWN] >>> node) & 1) === 0;
  }

  /** A budget field of word `BUDGETS`. */
  budget(s: readonly number[], shift: number): number {
    return (s[BUDGETS] >>> shift) & 0xf;
  }

  /** Compares messages `(a0, a1)` and `(b0, b1)` in the readable model's canonical order. */
  compareMessages(s: readonly number[], a0: number, a1: number, b0: number, b1: number): number {
    if (a0 !== b0) return a0 - b0;
    return this.entries.compare(s, a1, b1);
  }

  /**
   * Sends a message from the successor under construction: inserted in canonical order after
   * every message that does not sort above it (its serial is the newest), with the next serial.
   */
  send(w0: number, w1: number): void {
    const m0 = this.m0;
    const len = this.len;
    if (this.work.length < len + 3) for (let i = this.work.length; i < 2 * (len + 3); i++) this.work.push(0);
    const s = this.work;
    const count = (len - m0 - 1) / 3;
    let at = count;
    while (at > 0) {
      const p = m0 + MESSAGE_WORDS * (at - 1);
      if (this.compareMessages(s, s[p], s[p + 1], w0, w1) <= 0) break;
      at--;
    }
    const serial = s[len - 1];
    const serials = m0 + MESSAGE_WORDS * count;
    // The serials from `at` on move up by three words, the message words from `at` and the
    // serials before it by two; then the new message, its serial and the counter go in.
    for (let i = len - 2; i >= serials + at; i--) s[i + 3] = s[i];
    for (let i = serials + at - 1; i >= m0 + MESSAGE_WORDS * at; i--) s[i + 2] = s[i];
    s[m0 + MESSAGE_WORDS * at] = w0;
    s[m0 + MESSAGE_WORDS * at + 1] = w1;
    s[serials + 2 + at] = serial;
    s[len + 2] = serial + 1;
    this.len = len + 3;
  }

  /** Removes message `i` (its words and its serial) from the successor under construction. */
  remove(i: number): void {
    const s = this.work;
    const m0 = this.m0;
    const len = this.len;
    const serials = m0 + MESSAGE_WORDS * ((len - m0 - 1) / 3);
    for (let k = m0 + MESSAGE_WORDS * i; k < serials + i - 2; k++) s[k] = s[k + 2];
    for (let k = serials + i - 2; k < len - 3; k++) s[k] = s[k + 3];
    this.len = len - 3;
  }

  /**
   * Removes every message of operation `op` whose kind is in `kinds` (a bitmask over message
   * kinds): an operation's requests for replies, its replies and acks once its phase is over.
   */
  removeOpMessages(op: number, kinds: number): void {
    const s = this.work;
    const m0 = this.m0;
    for (let i = this.workCount() - 1; i >= 0; i--) {
      const w0 = s[m0 + MESSAGE_WORDS * i];
      if (((w0 >>> MOP_SHIFT) & 0x1f) === op && ((kinds >>> (w0 >>> MKIND_SHIFT)) & 1) !== 0) this.remove(i);
    }
  }

  /** Adds `delta` to the serial counter (handoff and anti-entropy name their chart events by serial). */
  bumpSerial(delta: number): void {
    this.work[this.len - 1] += delta;
  }

  /** History operation `op`'s first word's index. */
  historyAt(op: number): number {
    return this.layout.historyAt + op * this.layout.historyStride;
  }

  /** A write's vector clock as its history record keeps it. */
  writeVersion(s: readonly number[], op: number): number {
    return s[this.historyAt(op) + HEXTRA] >>> 0;
  }

  /** The node of reply `i` of the client record at `at`. */
  replyNode(s: readonly number[], at: number, i: number): number {
    const base = at + this.layout.repliesAt;
    return this.layout.vclock ? s[base + 2 * i] : s[base + i] >>> 24;
  }

  /** The entry word of reply `i` of the client record at `at`. */
  replyEntries(s: readonly number[], at: number, i: number): number {
    const base = at + this.layout.repliesAt;
    return this.layout.vclock ? s[base + 2 * i + 1] : s[base + i] & 0xffffff;
  }

  /** Sets reply `i` of the client record at `at` (in the work array). */
  setReply(at: number, i: number, node: number, entries: number): void {
    const base = at + this.layout.repliesAt;
    if (this.layout.vclock) {
      this.work[base + 2 * i] = node;
      this.work[base + 2 * i + 1] = entries;
    } else {
      this.work[base + i] = (node << 24) | entries;
    }
  }
}
