/**
 * Symmetry reduction over home replicas. With a strict quorum (no spare substitution, no
 * hints placed by preference-list order), no client sites and no fixed cut, the home
 * replicas play the same role: every rule treats them alike, so permuting them maps runs to
 * runs and leaves the history (and so every property) unchanged.
 *
 * The representative is found by sorting, not by trying every permutation: each home replica
 * gets a permutation-invariant signature (its own data, whether it is up, which side of a
 * partition it is on relative to client 0, and how many messages of each kind it sends and
 * receives); replicas are sorted by signature and every reference renumbered. Ties are broken
 * by the original index, which only loses reduction: the result is always a permutation of the
 * state.
 */
import type { Message } from '../cluster/network.ts';
import { MESSAGE_KINDS } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import type { QuorumConfig } from './config.ts';
import type { Topology } from './actions.ts';
import type { Hint, QuorumState } from './state.ts';
import { normalize } from './state.ts';

/** Whether permuting home replicas is sound for `config` (see the module comment). */
export function symmetryIsSound(config: QuorumConfig): boolean {
  return config.quorum === 'strict' && config.mode !== 'ap' && config.clientSites === undefined && config.partitionCut === undefined && config.n > 1;
}

function pushEntries(sig: number[], entries: readonly Entry[]): void {
  sig.push(entries.length);
  for (const e of entries) sig.push(e.version, e.value);
}

function signature(t: Topology, s: QuorumState, h: number): number[] {
  const clientSide = (s.cut >>> t.nodes) & 1;
  const sig = [(s.down >>> h) & 1, ((s.cut >>> h) & 1) ^ clientSide];
  pushEntries(sig, s.replicas[h].entries);
  sig.push(s.replicas[h].hints.length);
  const counts = new Array<number>(MESSAGE_KINDS.length * 2).fill(0);
  for (const m of s.messages) {
    if (m.to === h) counts[MESSAGE_KINDS.indexOf(m.kind)]++;
    if (m.from === h) counts[MESSAGE_KINDS.length + MESSAGE_KINDS.indexOf(m.kind)]++;
  }
  sig.push(...counts);
  for (const client of s.clients) {
    const p = client.pending;
    if (p === null) {
      sig.push(0);
      continue;
    }
    const replied = p.replies.findIndex((r) => r.node === h);
    // Only the first reply's position is invariant (it is kept in arrival order for `first`).
    sig.push(1 + ((p.acked >>> h) & 1) + 2 * (replied < 0 ? 0 : replied === 0 ? 2 : 1));
  }
  return sig;
}

function compareSignatures(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Applies `perm` (old node index -> new node index; identity beyond the home replicas) to every node reference. */
export function permuteNodes(t: Topology, s: QuorumState, perm: readonly number[]): QuorumState {
  const n = t.config.n;
  const mapNode = (x: number): number => (x < n ? perm[x] : x);
  const mapMask = (mask: number, width: number): number => {
    let out = 0;
    for (let x = 0; x < width; x++) if ((mask >>> x) & 1) out |= 1 << mapNode(x);
    return out;
  };
  const replicas = new Array<QuorumState['replicas'][number]>(t.nodes);
  for (let x = 0; x < t.nodes; x++) {
    const r = s.replicas[x];
    const hints: Hint[] = r.hints.map((hint) => ({ home: mapNode(hint.home), entries: hint.entries })).sort((a, b) => a.home - b.home);
    replicas[mapNode(x)] = { entries: r.entries, hints };
  }
  const nodeMask = 2 ** t.nodes - 1;
  const cut = mapMask(s.cut & nodeMask, t.nodes) | (s.cut & ~nodeMask);
  const messages: Message[] = s.messages.map((m) => ({
    ...m,
    from: m.from < t.nodes ? mapNode(m.from) : m.from,
    to: m.to < t.nodes ? mapNode(m.to) : m.to,
    hints: mapMask(m.hints, n),
  }));
  const clients = s.clients.map((client) => {
    const p = client.pending;
    if (p === null) return client;
    return { ...client, pending: { ...p, acked: mapMask(p.acked, t.nodes), replies: p.replies.map((r) => ({ ...r, node: mapNode(r.node) })) } };
  });
  return normalize({ ...s, replicas, cut, messages, clients, down: mapMask(s.down, t.nodes) }, t.config);
}

/** The canonical representative of `s` under permutations of the home replicas. */
export function homeReplicaSymmetry(t: Topology, s: QuorumState): QuorumState {
  const n = t.config.n;
  const sigs = Array.from({ length: n }, (_, h) => signature(t, s, h));
  const order = Array.from({ length: n }, (_, h) => h).sort((a, b) => compareSignatures(sigs[a], sigs[b]) || a - b);
  const perm = new Array<number>(n);
  order.forEach((old, index) => (perm[old] = index));
  return permuteNodes(t, s, perm);
}
