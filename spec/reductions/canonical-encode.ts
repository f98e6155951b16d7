/**
 * The quorum model's `encodeCanonical`: the bytes `encodeState(symmetry(s))` writes, written
 * straight from `s` without building the representative. The permutations are found exactly
 * as `homeReplicaSymmetry` and then `clientSymmetry` find them (the same signatures, compared
 * the same way, ties broken by index), but in reusable typed arrays; the bytes then follow
 * `encodeState`'s layout with every reference renumbered on the way out: replicas and clients
 * in their new order, endpoints, masks and versions' writers mapped, the cut canonicalized,
 * replies and hints in the order `normalize` gives, and messages in the order `compareMessages`
 * gives, found by sorting one integer key per message (the entries only break ties; equal
 * messages write equal bytes, so their relative order is moot).
 *
 * The two must agree byte for byte: `test/spec/reductions/canonical-encode.test.ts` compares
 * them over the reachable states of many configurations.
 */
import type { ByteWriter } from '../../explorer/index.ts';
import type { Message } from '../cluster/network.ts';
import { KIND_INDEX, MESSAGE_KINDS } from '../cluster/network.ts';
import { canonicalCut } from '../faults/partition.ts';
import { RESOLUTION_RULES } from '../protocols/resolution.ts';
import type { Entry } from '../cluster/versions.ts';
import type { Topology } from '../protocols/actions.ts';
import type { QuorumState, Reply } from '../protocols/state.ts';
import { encodeState, historyOpCode, phaseCode } from '../protocols/state.ts';

/** A message kind's weight in a packed count of messages per kind: 8 bits per kind, the first kind highest. */
const KIND_WEIGHT: readonly number[] = MESSAGE_KINDS.map((_, k) => 256 ** (MESSAGE_KINDS.length - 1 - k));

/** A Float64Array that grows; `length` values are in use. */
class Numbers {
  values = new Float64Array(64);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
}

/** An Int32Array of at least `size` slots, reusing `current` when it is large enough. */
function ints(current: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  return current.length >= size ? current : new Int32Array(Math.max(size, current.length * 2));
}

/** Lexicographic order of two signatures in `sigs`, then the shorter first (as the symmetry modules compare their arrays). */
function compareSpans(sigs: Float64Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const common = aLength < bLength ? aLength : bLength;
  for (let i = 0; i < common; i++) {
    const a = sigs[aStart + i];
    const b = sigs[bStart + i];
    if (a !== b) return a - b;
  }
  return aLength - bLength;
}

/**
 * Writes the canonical bytes of quorum states for one topology. One instance per model: it
 * keeps its scratch arrays between calls, so encoding a state allocates nothing once they
 * are large enough (it is not re-entrant, and a search encodes one state at a time).
 */
class CanonicalEncoder {
  private readonly n: number;
  private readonly nodes: number;
  private readonly clientCount: number;
  private readonly keep: number;
  private readonly homes: readonly number[] | null;
  private readonly homePositions: Int32Array;
  private readonly clients: readonly number[] | null;
  private readonly clientPositions: Int32Array;

  /** Old home replica -> new (identity beyond N). */
  private readonly homePerm: Int32Array;
  /** Old client -> new. */
  private readonly clientPerm: Int32Array;
  /** Old endpoint (nodes, then clients) -> new. */
  private readonly endpointTo: Int32Array;
  /** New node -> old; new client -> old. */
  private readonly nodeAt: Int32Array;
  private readonly clientAt: Int32Array;
  private readonly homeOrder: Int32Array;
  private readonly clientOrder: Int32Array;
  private readonly homeSigStart: Int32Array;
  private readonly clientSigStart: Int32Array;
  private homeSigs = new Float64Array(64);
  private readonly clientSigs = new Numbers();
  /** Each client's replies in the order `normalize` gives after the home permutation: indices into its `replies`. */
  private replyOrder = new Int32Array(64);
  private readonly replyStart: Int32Array;
  private messageOrder = new Int32Array(64);
  private messageKeys = new Float64Array(64);
  private messageHeads = new Int32Array(64);
  private hintOrder = new Int32Array(16);
  private homesMoved = false;
  private clientsMoved = false;

  constructor(t: Topology, homes: readonly number[] | null, clients: readonly number[] | null) {
    this.n = t.config.n;
    this.nodes = t.nodes;
    this.clientCount = t.clientCount;
    this.keep = RESOLUTION_RULES[t.config.resolve].orderedReplies;
    this.homes = homes;
    this.clients = clients;
    // The i-th position of a class (in index order) goes to the class's i-th member in signature order.
    this.homePositions = Int32Array.from(positionsOf(homes ?? []));
    this.clientPositions = Int32Array.from(positionsOf(clients ?? []));
    this.homePerm = new Int32Array(this.n);
    this.clientPerm = new Int32Array(this.clientCount);
    this.endpointTo = new Int32Array(this.nodes + this.clientCount);
    this.nodeAt = new Int32Array(this.nodes);
    this.clientAt = new Int32Array(this.clientCount);
    this.homeOrder = new Int32Array(this.n);
    this.clientOrder = new Int32Array(this.clientCount);
    this.homeSigStart = new Int32Array(this.n + 1);
    this.clientSigStart = new Int32Array(this.clientCount + 1);
    this.replyStart = new Int32Array(this.clientCount + 1);
  }

  /** Writes the bytes of `encodeState(symmetry(s))`. */
  encode(s: QuorumState, out: ByteWriter): void {
    // encodeState writes the count as one byte; the sort and the packed signatures rely on it too.
    if (s.messages.length > 255) throw new RangeError(`${s.messages.length} messages in flight: at most 255 can be encoded`);
    this.homesMoved = this.homes !== null && this.findHomePermutation(s);
    this.clientsMoved = false;
    if (!this.homesMoved && this.clients === null) {
      encodeState(s, out);
      return;
    }
    const endpointTo = this.endpointTo;
    for (let x = 0; x < this.nodes; x++) endpointTo[x] = this.homesMoved && x < this.n ? this.homePerm[x] : x;
    for (let c = 0; c < this.clientCount; c++) endpointTo[this.nodes + c] = this.nodes + c;
    const cut = this.homesMoved ? this.homePermutedCut(s) : s.cut;
    this.orderReplies(s);
    this.clientsMoved = this.clients !== null && this.findClientPermutation(s, cut);
    if (!this.homesMoved && !this.clientsMoved) {
      encodeState(s, out);
      return;
    }
    if (this.clientsMoved) for (let c = 0; c < this.clientCount; c++) endpointTo[this.nodes + c] = this.nodes + this.clientPerm[c];
    for (let x = 0; x < this.nodes; x++) this.nodeAt[endpointTo[x]] = x;
    for (let c = 0; c < this.clientCount; c++) this.clientAt[this.mapClient(c)] = c;
    this.write(s, this.clientsMoved ? this.clientPermutedCut(cut) : cut, out);
  }

  /** A node's new number (valid once the home permutation is found). */
  private mapNode(x: number): number {
    return this.endpointTo[x];
  }

  /** A client's new number (valid once the client permutation is found). */
  private mapClient(c: number): number {
    return this.endpointTo[this.nodes + c] - this.nodes;
  }

  private mapEndpoint(x: number): number {
    return this.endpointTo[x];
  }

  /** A mask over nodes (or home replicas) with each bit moved by the home permutation. */
  private mapNodeMask(mask: number, width: number): number {
    if (!this.homesMoved || mask === 0) return mask;
    let out = 0;
    for (let x = 0; x < width; x++) if ((mask >>> x) & 1) out |= 1 << this.mapNode(x);
    return out;
  }

  /** A logical version with its writer renamed by the client permutation. */
  private mapVersion(version: number): number {
    if (!this.clientsMoved || version === 0) return version;
    const writer = (version % 16) - 1;
    return version - writer + this.clientPerm[writer];
  }

  // --- the home replica permutation (homeReplicaSymmetry) -------------------------------

  /** Fills `homePerm`; false when it is the identity. */
  private findHomePermutation(s: QuorumState): boolean {
    const { n, homes: classes } = this;
    if (classes === null) throw new Error('findHomePermutation: the home replicas are not permuted');
    this.homeSignatures(s);
    const sigs = this.homeSigs;
    const starts = this.homeSigStart;
    const order = this.homeOrder;
    // Insertion sort by (class, signature, index), as homeReplicaSymmetry sorts.
    for (let h = 0; h < n; h++) {
      let i = h;
      while (i > 0) {
        const o = order[i - 1];
        const cmp = classes[o] - classes[h] || compareSpans(sigs, starts[o], starts[o + 1], starts[h], starts[h + 1]) || o - h;
        if (cmp <= 0) break;
        order[i] = o;
        i--;
      }
      order[i] = h;
    }
    let moved = false;
    for (let i = 0; i < n; i++) {
      this.homePerm[order[i]] = this.homePositions[i];
      if (order[i] !== this.homePositions[i]) moved = true;
    }
    return moved;
  }

  /**
   * The signatures `symmetry.ts` gives each home replica, laid end to end in `homeSigs`, with
   * runs of small fields packed into one number each so they compare in one step. Packing
   * keeps the order: each field is below its slot's bound (an entry list, hints: < 256
   * items; a client's code: < 8; messages of one kind: < 256, the encodable maximum), and the
   * earlier field takes the higher bits. The packed slots: (down, side, entry count); the
   * entries' (version, value) pairs as they are; (hint count, each client's code); the
   * messages received per kind; the messages sent per kind.
   */
  private homeSignatures(s: QuorumState): void {
    const { n, clientCount } = this;
    const starts = this.homeSigStart;
    let size = 0;
    for (let h = 0; h < n; h++) {
      starts[h] = size;
      size += 4 + 2 * s.replicas[h].entries.length;
    }
    starts[n] = size;
    if (this.homeSigs.length < size) this.homeSigs = new Float64Array(Math.max(size, this.homeSigs.length * 2));
    const sigs = this.homeSigs;
    const clientSide = (s.cut >>> this.nodes) & 1;
    for (let h = 0; h < n; h++) {
      let at = starts[h];
      const replica = s.replicas[h];
      sigs[at++] = (((s.down >>> h) & 1) * 2 + (((s.cut >>> h) & 1) ^ clientSide)) * 256 + replica.entries.length;
      for (const e of replica.entries) {
        sigs[at++] = e.version;
        sigs[at++] = e.value;
      }
      let codes = replica.hints.length;
      for (let c = 0; c < clientCount; c++) {
        const p = s.clients[c].pending;
        codes *= 8;
        if (p === null) continue;
        let replied = -1;
        for (let i = 0; i < p.replies.length; i++) {
          if (p.replies[i].node === h) {
            replied = i;
            break;
          }
        }
        codes += 1 + ((p.acked >>> h) & 1) + 2 * (replied < 0 ? 0 : replied === 0 ? 2 : 1);
      }
      sigs[at] = codes;
      sigs[at + 1] = 0;
      sigs[at + 2] = 0;
    }
    for (const m of s.messages) {
      const weight = KIND_WEIGHT[KIND_INDEX[m.kind]];
      if (m.to < n) sigs[starts[m.to + 1] - 2] += weight;
      if (m.from < n) sigs[starts[m.from + 1] - 1] += weight;
    }
  }

  /** The cut after the home permutation, canonicalized as `normalize` does. */
  private homePermutedCut(s: QuorumState): number {
    const nodeMask = (1 << this.nodes) - 1;
    const cut = this.mapNodeMask(s.cut & nodeMask, this.nodes) | (s.cut & ~nodeMask);
    return canonicalCut(cut, this.nodes + this.clientCount);
  }

  /**
   * Each pending operation's replies in the order they have after the home permutation: the
   * first `keep` in place, the rest stably sorted by their renumbered node.
   */
  private orderReplies(s: QuorumState): void {
    let size = 0;
    for (let c = 0; c < this.clientCount; c++) {
      this.replyStart[c] = size;
      size += s.clients[c].pending?.replies.length ?? 0;
    }
    this.replyStart[this.clientCount] = size;
    this.replyOrder = ints(this.replyOrder, size);
    const order = this.replyOrder;
    for (let c = 0; c < this.clientCount; c++) {
      const p = s.clients[c].pending;
      if (p === null) continue;
      const start = this.replyStart[c];
      const replies = p.replies;
      for (let i = 0; i < replies.length; i++) order[start + i] = i;
      if (!this.homesMoved) continue;
      for (let i = start + this.keep + 1; i < start + replies.length; i++) {
        const index = order[i];
        const node = this.mapNode(replies[index].node);
        let j = i;
        while (j > start + this.keep && this.mapNode(replies[order[j - 1]].node) > node) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = index;
      }
    }
  }

  // --- the client permutation (clientSymmetry, on the home-permuted state) ----------------

  /** Fills `clientPerm`; false when it is the identity. */
  private findClientPermutation(s: QuorumState, cut: number): boolean {
    const count = this.clientCount;
    const classes = this.clients;
    if (classes === null) throw new Error('findClientPermutation: the clients are not permuted');
    this.clientSignatures(s, cut);
    const sigs = this.clientSigs.values;
    const starts = this.clientSigStart;
    const order = this.clientOrder;
    for (let c = 0; c < count; c++) {
      let i = c;
      while (i > 0) {
        const o = order[i - 1];
        const cmp = classes[o] - classes[c] || compareSpans(sigs, starts[o], starts[o + 1], starts[c], starts[c + 1]) || o - c;
        if (cmp <= 0) break;
        order[i] = o;
        i--;
      }
      order[i] = c;
    }
    let moved = false;
    for (let i = 0; i < count; i++) {
      this.clientPerm[order[i]] = this.clientPositions[i];
      if (order[i] !== this.clientPositions[i]) moved = true;
    }
    return moved;
  }

  /** The signatures `client-symmetry.ts` gives each client of the home-permuted state. */
  private clientSignatures(s: QuorumState, cut: number): void {
    const sigs = this.clientSigs;
    sigs.length = 0;
    const pushEntries = (entries: readonly Entry[]): void => {
      sigs.push(entries.length);
      for (const e of entries) {
        sigs.push(e.version === 0 ? 0 : Math.floor(e.version / 16));
        sigs.push(e.value);
      }
    };
    for (let c = 0; c < this.clientCount; c++) {
      this.clientSigStart[c] = sigs.length;
      const client = s.clients[c];
      sigs.push(client.pc);
      sigs.push(client.skew);
      sigs.push((cut >>> (this.nodes + c)) & 1);
      const p = client.pending;
      if (p === null) sigs.push(0);
      else {
        sigs.push(phaseCode(p.phase));
        sigs.push(p.op);
        sigs.push(p.required);
        sigs.push(this.mapNodeMask(p.acked, this.nodes));
        sigs.push(p.replies.length);
        const start = this.replyStart[c];
        for (let i = 0; i < p.replies.length; i++) {
          const reply = p.replies[this.replyOrder[start + i]];
          sigs.push(this.mapNode(reply.node));
          pushEntries(reply.entries);
        }
        pushEntries(p.result);
      }
      for (const op of s.history) {
        if (op.client !== c) continue;
        sigs.push(op.id);
        sigs.push(op.status.length);
        sigs.push(op.value);
      }
      const endpoint = this.nodes + c;
      let sent = 0;
      let received = 0;
      for (const m of s.messages) {
        if (m.from === endpoint) sent++;
        if (m.to === endpoint) received++;
      }
      sigs.push(sent);
      sigs.push(received);
    }
    this.clientSigStart[this.clientCount] = sigs.length;
  }

  /**
   * The home-permuted cut with client bits moved by the client permutation. It needs no
   * `canonicalCut`: that looks at endpoint 0's bit, a node's, which clients do not move.
   */
  private clientPermutedCut(cut: number): number {
    let out = cut & ((1 << this.nodes) - 1);
    for (let c = 0; c < this.clientCount; c++) if ((cut >>> (this.nodes + c)) & 1) out |= 1 << (this.nodes + this.clientPerm[c]);
    return out;
  }

  // --- the bytes (encodeState's layout) ---------------------------------------------------

  private writeEntries(entries: readonly Entry[], out: ByteWriter): void {
    out.u8(entries.length);
    for (const e of entries) {
      out.u8(e.value);
      out.u32(this.mapVersion(e.version));
    }
  }

  private write(s: QuorumState, cut: number, out: ByteWriter): void {
    out.u8(s.partitionsLeft);
    out.u8(s.dropsLeft);
    out.u8(s.crashesLeft);
    out.u8(s.skewLeft);
    out.u32(cut);
    out.u16(this.mapNodeMask(s.down, this.nodes));
    for (let y = 0; y < this.nodes; y++) {
      const replica = s.replicas[this.nodeAt[y]];
      this.writeEntries(replica.entries, out);
      const hints = replica.hints;
      out.u8(hints.length);
      if (hints.length === 0) continue;
      // Hints sorted by their renumbered home (stable, as permuteNodes sorts them).
      this.hintOrder = ints(this.hintOrder, hints.length);
      const order = this.hintOrder;
      for (let i = 0; i < hints.length; i++) {
        const home = this.mapNode(hints[i].home);
        let j = i;
        while (j > 0 && this.mapNode(hints[order[j - 1]].home) > home) {
          order[j] = order[j - 1];
          j--;
        }
        order[j] = i;
      }
      for (let i = 0; i < hints.length; i++) {
        const hint = hints[order[i]];
        out.u8(this.mapNode(hint.home));
        this.writeEntries(hint.entries, out);
      }
    }
    for (let k = 0; k < this.clientCount; k++) {
      const c = this.clientAt[k];
      const client = s.clients[c];
      out.u8(client.pc);
      out.u8(client.skew);
      out.u32(client.context);
      const p = client.pending;
      if (p === null) {
        out.u8(0);
        continue;
      }
      out.u8(phaseCode(p.phase));
      out.u8(p.op);
      out.u8(p.required);
      out.u16(this.mapNodeMask(p.acked, this.nodes));
      out.u8(p.replies.length);
      const start = this.replyStart[c];
      for (let i = 0; i < p.replies.length; i++) {
        const reply: Reply = p.replies[this.replyOrder[start + i]];
        out.u8(this.mapNode(reply.node));
        this.writeEntries(reply.entries, out);
      }
      this.writeEntries(p.result, out);
    }
    out.u8(s.history.length);
    for (const op of s.history) {
      out.u8(this.mapClient(op.client));
      out.u8(historyOpCode(op));
      out.u8(op.value);
      out.u32(op.after);
      const siblings = op.siblings ?? [];
      out.u8(siblings.length);
      for (const v of siblings) out.u8(v);
    }
    this.writeMessages(s.messages, out);
  }

  /** The messages renumbered, in `compareMessages` order of their renumbered selves. */
  private writeMessages(messages: readonly Message[], out: ByteWriter): void {
    const count = messages.length;
    out.u8(count);
    if (count === 0) return;
    if (this.messageKeys.length < count) {
      this.messageKeys = new Float64Array(Math.max(count, this.messageKeys.length * 2));
      this.messageHeads = new Int32Array(this.messageKeys.length);
    }
    this.messageOrder = ints(this.messageOrder, count);
    const keys = this.messageKeys;
    const heads = this.messageHeads;
    const order = this.messageOrder;
    // A message's fields up to its entries as one exact integer below 2^43: kind, from, to,
    // op (8 bits each; its head, kept per message to write out), then the hint mask (16 bits).
    // An insertion sort on these numbers (stable, so equal keys keep their index order).
    for (let i = 0; i < count; i++) {
      const m = messages[i];
      const head = ((KIND_INDEX[m.kind] * 256 + this.mapEndpoint(m.from)) * 256 + this.mapEndpoint(m.to)) * 256 + m.op;
      heads[i] = head;
      const key = head * 65536 + this.mapNodeMask(m.hints, this.n);
      let j = i;
      while (j > 0 && keys[j - 1] > key) {
        keys[j] = keys[j - 1];
        order[j] = order[j - 1];
        j--;
      }
      keys[j] = key;
      order[j] = i;
    }
    // Messages equal up to their entries: order them by their renumbered entries.
    for (let i = 1; i < count; i++) {
      if (keys[i] !== keys[i - 1]) continue;
      const index = order[i];
      let j = i;
      while (j > 0 && keys[j - 1] === keys[i] && this.compareEntriesMapped(messages[order[j - 1]].entries, messages[index].entries) > 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = index;
    }
    for (let i = 0; i < count; i++) {
      const index = order[i];
      const head = heads[index];
      out.u8(head >>> 24);
      out.u8((head >>> 16) & 255);
      out.u8((head >>> 8) & 255);
      out.u8(head & 255);
      out.u16(keys[i] - head * 65536);
      this.writeEntries(messages[index].entries, out);
    }
  }

  /** `compareEntries` of two entry lists after renaming writers. */
  private compareEntriesMapped(x: readonly Entry[], y: readonly Entry[]): number {
    if (x.length !== y.length) return x.length - y.length;
    for (let i = 0; i < x.length; i++) {
      const vx = this.mapVersion(x[i].version);
      const vy = this.mapVersion(y[i].version);
      if (vx !== vy) return vx - vy;
      if (x[i].value !== y[i].value) return x[i].value - y[i].value;
    }
    return 0;
  }
}

/** Members sorted by (class, index): the positions each class's members are assigned to. */
function positionsOf(classes: readonly number[]): number[] {
  return classes.map((_, i) => i).sort((a, b) => classes[a] - classes[b] || a - b);
}

/**
 * The quorum model's canonical encoder for `t`: home replicas permuted within `homes` (null:
 * not permuted), then clients within `clients` (null: not permuted), exactly as the model's
 * symmetry function composes `homeReplicaSymmetry` and `clientSymmetry`. Undefined when
 * neither is permuted (the model then has no symmetry).
 */
export function canonicalEncoder(
  t: Topology,
  homes: readonly number[] | null,
  clients: readonly number[] | null,
): ((state: QuorumState, out: ByteWriter) => void) | undefined {
  if (homes === null && clients === null) return undefined;
  const encoder = new CanonicalEncoder(t, homes, clients);
  return (state, out) => { encoder.encode(state, out); };
}
