/**
 * Symmetry reduction on packed states: the readable model's (spec/reductions/symmetry.ts and
 * client-symmetry.ts) computed on words. Home replicas are permuted within their classes
 * where that is sound (`symmetryIsSound`), then clients within theirs under logical clocks
 * (`clientClasses`), each by sorting on the same permutation-invariant signatures the readable
 * model computes, ties broken by index. The representative is therefore the packed form of the
 * readable representative, and the two models reduce to the same number of states; the
 * soundness argument is the readable model's (any permutation within the classes maps runs to
 * runs and leaves every property's answer unchanged, and the representative is always one of
 * the state's permutations).
 *
 * Everything is computed in scratch arrays owned by one instance: canonicalizing a state
 * allocates nothing, and `encodeCanonical` writes the representative's identity words
 * without building it as a state.
 */
import type { ByteWriter } from '../../explorer/index.ts';
import { homeClasses, symmetryIsSound } from '../reductions/symmetry.ts';
import { clientClasses } from '../reductions/client-symmetry.ts';
import type { PackedContext } from './context.ts';
import {
  ACKED,
  CLIENT_SKEW_SHIFT,
  CUT,
  DOWN,
  HSTATUS_SHIFT,
  HVALUE_SHIFT,
  MESSAGE_WORDS,
  identityWords,
  MHI_SHIFT,
  MHINTS_MASK,
  MKIND_SHIFT,
  MLO_SHIFT,
  M_ACK,
  M_REPLY,
  OP_SHIFT,
  PC_SHIFT,
  PHASE_SHIFT,
  REPLIES_SHIFT,
  REQUIRED_SHIFT,
  RESULT,
} from './layout.ts';
import { historyLength } from './coordinator.ts';

const KINDS = 6;
/** `status.length` of each status, as the readable client signature records it. */
const STATUS_LENGTH = [7, 2, 7, 7];

/** A growable list of signatures, one per item, each a run of ints in one array. */
class Signatures {
  // Doubles, not int32: a vector clock's version may pass 2^31 and must compare unsigned.
  data = new Float64Array(256);
  start = new Int32Array(16);
  length = new Int32Array(16);
  private at = 0;
  private item = 0;

  reset(items: number): void {
    if (this.start.length < items) {
      this.start = new Int32Array(items);
      this.length = new Int32Array(items);
    }
    this.at = 0;
    this.item = 0;
  }

  open(): void {
    this.start[this.item] = this.at;
  }

  push(value: number): void {
    if (this.at === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.at++] = value;
  }

  close(): void {
    this.length[this.item] = this.at - this.start[this.item];
    this.item++;
  }

  /** Where the next pushed value goes. */
  get position(): number {
    return this.at;
  }

  /** Lexicographic order, a prefix first (the readable `compareSignatures`). */
  compare(a: number, b: number): number {
    const la = this.length[a];
    const lb = this.length[b];
    const sa = this.start[a];
    const sb = this.start[b];
    const data = this.data;
    for (let i = 0; i < la && i < lb; i++) if (data[sa + i] !== data[sb + i]) return data[sa + i] - data[sb + i];
    return la - lb;
  }
}

/** The symmetry of one packed configuration: its classes and scratch space. */
export class PackedSymmetry {
  private readonly q: PackedContext;
  /** Home replica classes, or null where permuting home replicas is unsound or merges nothing. */
  private readonly homes: readonly number[] | null;
  private readonly homePositions: readonly number[];
  /** Client classes, or null where clients must not be permuted. */
  private readonly clients: readonly number[] | null;
  private readonly clientPositions: readonly number[];
  private readonly sigs = new Signatures();
  private readonly order: number[] = [];
  private readonly nodePerm: number[];
  private readonly clientPerm: number[];
  private bufferA: number[] = [];
  private bufferB: number[] = [];
  private readonly refs = new Int32Array(32);

  constructor(q: PackedContext) {
    this.q = q;
    const config = q.config;
    this.homes = symmetryIsSound(config) ? homeClasses(config) : null;
    this.clients = clientClasses(config);
    this.homePositions = positions(this.homes ?? []);
    this.clientPositions = positions(this.clients ?? []);
    this.nodePerm = new Array<number>(q.nodes).fill(0);
    this.clientPerm = new Array<number>(q.clientCount).fill(0);
  }

  /** Whether any permutation applies (else the model has no symmetry). */
  get active(): boolean {
    return this.homes !== null || this.clients !== null;
  }

  /** The home replica classes in use, or null. */
  get homeClasses(): readonly number[] | null {
    return this.homes;
  }

  /** The client classes in use, or null. */
  get clientClasses(): readonly number[] | null {
    return this.clients;
  }

  /** The canonical representative of `s` as a new state. */
  representative(s: readonly number[]): number[] {
    const length = this.q.lengthOf(s);
    const r = this.canonical(s, length);
    return r.slice(0, length);
  }

  /**
   * Writes the identity words of the representative of `s`, a state of `length` words (fewer
   * than `s.length` for a transient successor): the bytes `encode(representative(s))` writes.
   */
  encodeCanonical(s: readonly number[], length: number, out: ByteWriter): void {
    const r = this.canonical(s, length);
    const end = identityWords(this.q.layout, length);
    for (let i = 0; i < end; i++) out.i32(r[i]);
  }

  /** The representative's words: `s` itself, or a scratch array whose first `length` words are it. */
  private canonical(s: readonly number[], length: number): readonly number[] {
    let current = s;
    if (this.homes !== null && this.homePermutation(current, length)) {
      this.bufferA = this.permuteNodes(current, length, this.nodePerm, this.bufferA);
      current = this.bufferA;
    }
    if (this.clients !== null && this.clientPermutation(current, length)) {
      const target = current === this.bufferA ? this.bufferB : this.bufferA;
      const out = this.permuteClients(current, length, this.clientPerm, target);
      if (current === this.bufferA) this.bufferB = out;
      else this.bufferA = out;
      current = out;
    }
    return current;
  }

  /** Fills `nodePerm` with the home replica permutation of `s` (its first `length` words); false when it is the identity. */
  private homePermutation(s: readonly number[], length: number): boolean {
    const q = this.q;
    const layout = q.layout;
    const n = q.n;
    const classes = this.homes as readonly number[];
    const sigs = this.sigs;
    sigs.reset(n);
    const cut = s[CUT];
    const clientSide = (cut >>> q.nodes) & 1;
    const m0 = q.m0;
    const count = (length - m0 - 1) / 3;
    for (let h = 0; h < n; h++) {
      sigs.open();
      sigs.push((s[DOWN] >>> h) & 1);
      sigs.push(((cut >>> h) & 1) ^ clientSide);
      this.pushEntries(s, s[layout.replicas + h], false);
      sigs.push(layout.hints ? popcountSmall(s[layout.hintMasks + h]) : 0);
      for (let c = 0; c < q.clientCount; c++) {
        const at = layout.clientsAt + c * layout.clientStride;
        const w = s[at];
        if (((w >>> PHASE_SHIFT) & 0x3) === 0) {
          sigs.push(0);
          continue;
        }
        const replies = (w >>> REPLIES_SHIFT) & 0xf;
        let replied = -1;
        for (let i = 0; i < replies; i++) {
          if (q.replyNode(s, at, i) === h) {
            replied = i;
            break;
          }
        }
        sigs.push(1 + ((s[at + ACKED] >>> h) & 1) + 2 * (replied < 0 ? 0 : replied === 0 ? 2 : 1));
      }
      // Message counts by kind: received, then sent.
      const countsAt = sigs.position;
      for (let k = 0; k < 2 * KINDS; k++) sigs.push(0);
      for (let i = 0; i < count; i++) {
        const w0 = s[m0 + MESSAGE_WORDS * i];
        const kind = w0 >>> MKIND_SHIFT;
        const answer = kind === M_ACK || kind === M_REPLY;
        const node = answer ? (w0 >>> MHI_SHIFT) & 0xf : (w0 >>> MLO_SHIFT) & 0xf;
        if (node !== h) continue;
        // A request is received by its node; an answer is sent by it.
        sigs.data[countsAt + (answer ? KINDS : 0) + kind]++;
      }
      sigs.close();
    }
    const moved = this.sortInto(classes, n, this.homePositions, this.nodePerm);
    for (let x = n; x < q.nodes; x++) this.nodePerm[x] = x;
    return moved;
  }

  /**
   * Sorts items 0..count-1 by class, then by the signatures just computed in `sigs`, then by
   * index (an insertion sort: a handful of items), and fills `perm` so that the i-th item in
   * that order moves to `positions[i]`. False when that is the identity.
   */
  private sortInto(classes: readonly number[], count: number, positions: readonly number[], perm: number[]): boolean {
    const sigs = this.sigs;
    const order = this.order;
    order.length = 0;
    for (let item = 0; item < count; item++) {
      let i = order.length;
      while (i > 0) {
        const o = order[i - 1];
        const cmp = classes[o] - classes[item] || sigs.compare(o, item) || o - item;
        if (cmp <= 0) break;
        i--;
      }
      order.splice(i, 0, item);
    }
    let identity = true;
    for (let i = 0; i < count; i++) {
      perm[order[i]] = positions[i];
      if (order[i] !== positions[i]) identity = false;
    }
    return !identity;
  }

  /** Fills `clientPerm` with the client permutation of `s` (its first `length` words); false when it is the identity. */
  private clientPermutation(s: readonly number[], length: number): boolean {
    const q = this.q;
    const layout = q.layout;
    const classes = this.clients as readonly number[];
    const sigs = this.sigs;
    const clients = q.clientCount;
    sigs.reset(clients);
    const cut = s[CUT];
    const history = historyLength(q, s);
    const m0 = q.m0;
    const count = (length - m0 - 1) / 3;
    for (let c = 0; c < clients; c++) {
      const at = layout.clientsAt + c * layout.clientStride;
      const w = s[at];
      sigs.open();
      sigs.push((w >>> PC_SHIFT) & 0xf);
      sigs.push((w >>> CLIENT_SKEW_SHIFT) & 0xf);
      sigs.push((cut >>> (q.nodes + c)) & 1);
      const phase = (w >>> PHASE_SHIFT) & 0x3;
      if (phase === 0) {
        sigs.push(0);
      } else {
        const replies = (w >>> REPLIES_SHIFT) & 0xf;
        sigs.push(phase);
        sigs.push((w >>> OP_SHIFT) & 0x1f);
        sigs.push((w >>> REQUIRED_SHIFT) & 0xf);
        sigs.push(s[at + ACKED]);
        sigs.push(replies);
        for (let i = 0; i < replies; i++) {
          sigs.push(q.replyNode(s, at, i));
          this.pushEntries(s, q.replyEntries(s, at, i), true);
        }
        if (phase === 2) sigs.push(0);
        else this.pushEntries(s, s[at + RESULT], true);
      }
      for (let id = 0; id < history; id++) {
        const h0 = s[q.historyAt(id)];
        if ((h0 & 0x7) !== c) continue;
        sigs.push(id);
        sigs.push(STATUS_LENGTH[(h0 >>> HSTATUS_SHIFT) & 0x3]);
        sigs.push((h0 >>> HVALUE_SHIFT) & 0xff);
      }
      let sent = 0;
      let received = 0;
      for (let i = 0; i < count; i++) {
        const w0 = s[m0 + MESSAGE_WORDS * i];
        const kind = w0 >>> MKIND_SHIFT;
        const answer = kind === M_ACK || kind === M_REPLY;
        const client = answer ? (w0 >>> MLO_SHIFT) & 0xf : (w0 >>> MHI_SHIFT) & 0xf;
        if (client !== c) continue;
        if (answer) received++;
        else sent++;
      }
      sigs.push(sent);
      sigs.push(received);
      sigs.close();
    }
    return this.sortInto(classes, clients, this.clientPositions, this.clientPerm);
  }

  /**
   * Pushes an entry word's entries as the readable signatures do: the count, then per entry
   * (in version order) the version (or, for clients, its timestamp: the writer's part left out)
   * and the value.
   */
  private pushEntries(s: readonly number[], e: number, timestampOnly: boolean): void {
    const sigs = this.sigs;
    const entries = this.q.entries;
    if (!entries.vclock) {
      const version = e >>> 8;
      sigs.push(1);
      sigs.push(timestampOnly ? (version === 0 ? 0 : Math.floor(version / 16)) : version);
      sigs.push(e & 0xff);
      return;
    }
    const k = entries.sorted(s, e, this.refs);
    sigs.push(k);
    for (let i = 0; i < k; i++) {
      const version = entries.refVersion(s, this.refs[i]);
      sigs.push(timestampOnly ? (version === 0 ? 0 : Math.floor(version / 16)) : version);
      sigs.push(entries.refValue(s, this.refs[i]));
    }
  }

  /**
   * `s` (its first `length` words) with home replicas renamed by `perm` (old index to new; spares stay), in canonical
   * form: hints, acks, replies, message ends and hint masks renamed, messages and replies
   * sorted, the cut with endpoint 0 on side 0. Written into `into` (grown as needed).
   */
  permuteNodes(s: readonly number[], length: number, perm: readonly number[], into: number[]): number[] {
    const q = this.q;
    const layout = q.layout;
    const out = ensure(into, length);
    for (let i = 0; i < length; i++) out[i] = s[i];
    const nodes = q.nodes;
    for (let x = 0; x < nodes; x++) out[layout.replicas + perm[x]] = s[layout.replicas + x];
    if (layout.hints) {
      for (let x = 0; x < nodes; x++) {
        out[layout.hintMasks + perm[x]] = mapMask(perm, s[layout.hintMasks + x], q.n);
        for (let h = 0; h < q.n; h++) out[layout.hintEntries + perm[x] * q.n + perm[h]] = s[layout.hintEntries + x * q.n + h];
      }
    }
    const nodeMask = (1 << nodes) - 1;
    const cut = mapMask(perm, s[CUT] & nodeMask, nodes) | (s[CUT] & ~nodeMask);
    out[CUT] = canonicalCut(cut, nodes + q.clientCount);
    out[DOWN] = mapMask(perm, s[DOWN], nodes);
    for (let c = 0; c < q.clientCount; c++) {
      const at = layout.clientsAt + c * layout.clientStride;
      const w = s[at];
      if (((w >>> PHASE_SHIFT) & 0x3) === 0) continue;
      out[at + ACKED] = mapMask(perm, s[at + ACKED], nodes);
      const replies = (w >>> REPLIES_SHIFT) & 0xf;
      for (let i = 0; i < replies; i++) this.setReplyIn(out, at, i, perm[q.replyNode(s, at, i)], q.replyEntries(s, at, i));
      this.sortRepliesIn(out, at, replies);
    }
    const m0 = q.m0;
    const messagesEnd = identityWords(layout, length);
    for (let p = m0; p < messagesEnd; p += MESSAGE_WORDS) {
      const w0 = s[p];
      const kind = w0 >>> MKIND_SHIFT;
      const answer = kind === M_ACK || kind === M_REPLY;
      const shift = answer ? MHI_SHIFT : MLO_SHIFT;
      const node = (w0 >>> shift) & 0xf;
      const hints = mapMask(perm, w0 & MHINTS_MASK, q.n);
      out[p] = (w0 & ~((0xf << shift) | MHINTS_MASK)) | (perm[node] << shift) | hints;
    }
    this.sortMessagesIn(out, length);
    return out;
  }

  /**
   * `s` (its first `length` words) with clients renamed by `perm` (old index to new), logical
   * clocks only: records moved, writers in versions, endpoints, the cut and the history
   * renamed, messages sorted. Written into `into`.
   */
  permuteClients(s: readonly number[], length: number, perm: readonly number[], into: number[]): number[] {
    const q = this.q;
    const layout = q.layout;
    const out = ensure(into, length);
    for (let i = 0; i < length; i++) out[i] = s[i];
    for (let node = 0; node < q.nodes; node++) out[layout.replicas + node] = remapEntry(s[layout.replicas + node], perm);
    if (layout.hints) {
      const end = layout.hintEntries + q.nodes * q.n;
      for (let i = layout.hintEntries; i < end; i++) out[i] = remapEntry(s[i], perm);
    }
    const stride = layout.clientStride;
    for (let c = 0; c < q.clientCount; c++) {
      const from = layout.clientsAt + c * stride;
      const to = layout.clientsAt + perm[c] * stride;
      for (let k = 0; k < stride; k++) out[to + k] = s[from + k];
      out[to + RESULT] = remapEntry(s[from + RESULT], perm);
      const replies = (s[from] >>> REPLIES_SHIFT) & 0xf;
      for (let i = 0; i < replies; i++) this.setReplyIn(out, to, i, q.replyNode(s, from, i), remapEntry(q.replyEntries(s, from, i), perm));
    }
    const nodes = q.nodes;
    const nodeMask = (1 << nodes) - 1;
    let cut = s[CUT] & nodeMask;
    for (let c = 0; c < q.clientCount; c++) if ((s[CUT] >>> (nodes + c)) & 1) cut |= 1 << (nodes + perm[c]);
    out[CUT] = canonicalCut(cut, nodes + q.clientCount);
    const history = historyLength(q, s);
    for (let id = 0; id < history; id++) {
      const h = q.historyAt(id);
      out[h] = (s[h] & ~0x7) | perm[s[h] & 0x7];
    }
    const m0 = q.m0;
    const messagesEnd = identityWords(layout, length);
    for (let p = m0; p < messagesEnd; p += MESSAGE_WORDS) {
      const w0 = s[p];
      const kind = w0 >>> MKIND_SHIFT;
      const answer = kind === M_ACK || kind === M_REPLY;
      const shift = answer ? MLO_SHIFT : MHI_SHIFT;
      const client = (w0 >>> shift) & 0xf;
      out[p] = (w0 & ~(0xf << shift)) | (perm[client] << shift);
      out[p + 1] = remapEntry(s[p + 1], perm);
    }
    this.sortMessagesIn(out, length);
    return out;
  }

  private setReplyIn(out: number[], at: number, i: number, node: number, entries: number): void {
    const base = at + this.q.layout.repliesAt;
    if (this.q.layout.vclock) {
      out[base + 2 * i] = node;
      out[base + 2 * i + 1] = entries;
    } else {
      out[base + i] = (node << 24) | entries;
    }
  }

  /** The first `orderedReplies` kept, the rest stably sorted by node. */
  private sortRepliesIn(out: number[], at: number, count: number): void {
    const q = this.q;
    const keep = q.orderedReplies;
    for (let k = keep + 1; k < count; k++) {
      const node = q.replyNode(out, at, k);
      const entries = q.replyEntries(out, at, k);
      let i = k;
      while (i > keep && q.replyNode(out, at, i - 1) > node) {
        this.setReplyIn(out, at, i, q.replyNode(out, at, i - 1), q.replyEntries(out, at, i - 1));
        i--;
      }
      this.setReplyIn(out, at, i, node, entries);
    }
  }

  /** Sorts the messages of `out` (its first `length` words) by content, carrying their serials (insertion sort: lists are short). */
  private sortMessagesIn(out: number[], length: number): void {
    const q = this.q;
    const m0 = q.m0;
    const count = (length - m0 - 1) / 3;
    const serials = m0 + MESSAGE_WORDS * count;
    for (let k = 1; k < count; k++) {
      const w0 = out[m0 + 2 * k];
      const w1 = out[m0 + 2 * k + 1];
      const serial = out[serials + k];
      let i = k;
      while (i > 0) {
        const j = m0 + 2 * (i - 1);
        const cmp = q.compareMessages(out, out[j], out[j + 1], w0, w1) || out[serials + i - 1] - serial;
        if (cmp <= 0) break;
        out[j + 2] = out[j];
        out[j + 3] = out[j + 1];
        out[serials + i] = out[serials + i - 1];
        i--;
      }
      out[m0 + 2 * i] = w0;
      out[m0 + 2 * i + 1] = w1;
      out[serials + i] = serial;
    }
  }

  /** Every state obtained from `s` by the permutations the symmetry quotients by, `s` first: the closure under swaps of two members of a class. */
  orbit(s: readonly number[], key: (state: readonly number[]) => string): number[][] {
    const swaps: { nodes: number[] | null; clients: number[] | null }[] = [];
    const identityNodes = Array.from({ length: this.q.nodes }, (_, x) => x);
    for (const perm of adjacentSwaps(this.homes)) swaps.push({ nodes: [...perm, ...identityNodes.slice(perm.length)], clients: null });
    for (const perm of adjacentSwaps(this.clients)) swaps.push({ nodes: null, clients: perm });
    const first = s.slice();
    const seen = new Set<string>([key(first)]);
    const orbit = [first];
    for (let i = 0; i < orbit.length; i++) {
      for (const swap of swaps) {
        const member =
          swap.nodes !== null
            ? this.permuteNodes(orbit[i], orbit[i].length, swap.nodes, []).slice(0, orbit[i].length)
            : this.permuteClients(orbit[i], orbit[i].length, swap.clients as number[], []).slice(0, orbit[i].length);
        const k = key(member);
        if (seen.has(k)) continue;
        seen.add(k);
        orbit.push(member);
      }
    }
    return orbit;
  }
}

/** The swaps of two consecutive members of a class, as permutations (the readable orbit's generators). */
function adjacentSwaps(classes: readonly number[] | null): number[][] {
  if (classes === null) return [];
  const swaps: number[][] = [];
  for (let i = 0; i < classes.length; i++) {
    const j = classes.indexOf(classes[i], i + 1);
    if (j < 0) continue;
    const perm = classes.map((_, x) => x);
    perm[i] = j;
    perm[j] = i;
    swaps.push(perm);
  }
  return swaps;
}

/** The members sorted by (class, index): the positions each class's members are assigned to. */
function positions(classes: readonly number[]): number[] {
  return classes.map((_, i) => i).sort((a, b) => classes[a] - classes[b] || a - b);
}

function popcountSmall(x: number): number {
  let n = 0;
  for (let m = x; m !== 0; m &= m - 1) n++;
  return n;
}

function mapMask(perm: readonly number[], mask: number, width: number): number {
  if (mask === 0) return 0;
  let out = 0;
  for (let x = 0; x < width; x++) if ((mask >>> x) & 1) out |= 1 << (x < perm.length ? perm[x] : x);
  return out;
}

/** The cut with endpoint 0 on side 0. */
function canonicalCut(cut: number, endpoints: number): number {
  if (cut === 0 || (cut & 1) === 0) return cut;
  return ~cut & (2 ** endpoints - 1);
}

/** A logical-clock entry word with its writer renamed by `perm`. */
function remapEntry(e: number, perm: readonly number[]): number {
  const version = e >>> 8;
  if (version === 0) return e;
  const writer = (version % 16) - 1;
  const moved = perm[writer];
  if (moved === writer) return e;
  return ((version - writer + moved) << 8) | (e & 0xff);
}

function ensure(buffer: number[], length: number): number[] {
  while (buffer.length < length) buffer.push(0);
  return buffer;
}
