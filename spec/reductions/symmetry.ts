/**
 * Symmetry reduction over home replicas. Home replicas play the same role when every rule
 * treats them alike: no spare is picked by preference-list order (no spares, or a strict
 * quorum outside ap mode), so permuting them maps runs to runs and leaves the history (and
 * so every property) unchanged. A fixed partition cut splits them into two classes (each side
 * of the cut); without one, a client's site is distinguished (partitions put the client on
 * its site's side), and the other home replicas form one class. Permutations stay within a
 * class.
 *
 * The representative is found by sorting, not by trying every permutation: each home replica
 * gets a permutation-invariant signature (its own data, whether it is up, which side of a
 * partition it is on relative to client 0, how it figures in each client's pending operation,
 * and how many messages of each kind it sends and receives); within each class replicas are
 * sorted by signature and every reference renumbered. Ties are broken by the original index,
 * which only loses reduction: the result is always a permutation of the state.
 */
import type { Message } from '../cluster/network.ts';
import { KIND_INDEX, MESSAGE_KINDS } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import type { Topology } from '../protocols/actions.ts';
import type { ClientState, Hint, Pending, QuorumState, Reply } from '../protocols/state.ts';
import { normalize } from '../protocols/state.ts';

/** The interchangeability class of each home replica (equal numbers: interchangeable). */
export function homeClasses(config: QuorumConfig): number[] {
  const classes = new Array<number>(config.n).fill(0);
  if (config.partitionCut !== undefined) {
    for (const node of config.partitionCut) if (node < config.n) classes[node] = 1;
  } else if (config.clientSites !== undefined) {
    for (const site of config.clientSites) if (site < config.n) classes[site] = 2 + site;
  }
  return classes;
}

/** Whether permuting home replicas is sound for `config` and can merge anything (see the module comment). */
export function symmetryIsSound(config: QuorumConfig): boolean {
  const orderFree = config.spares === 0 || (config.quorum === 'strict' && config.mode !== 'ap');
  const classes = homeClasses(config);
  return orderFree && classes.some((c, i) => classes.indexOf(c) !== i);
}

function pushEntries(sig: number[], entries: readonly Entry[]): void {
  sig.push(entries.length);
  for (const e of entries) sig.push(e.version, e.value);
}

function signatures(t: Topology, s: QuorumState): number[][] {
  const n = t.config.n;
  const kinds = MESSAGE_KINDS.length;
  const clientSide = (s.cut >>> t.nodes) & 1;
  const sigs: number[][] = [];
  for (let h = 0; h < n; h++) {
    const sig = [(s.down >>> h) & 1, ((s.cut >>> h) & 1) ^ clientSide];
    pushEntries(sig, s.replicas[h].entries);
    sig.push(s.replicas[h].hints.length);
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
    for (let k = 0; k < 2 * kinds; k++) sig.push(0);
    sigs.push(sig);
  }
  // Message counts per kind and direction, in one pass.
  for (const m of s.messages) {
    const kind = KIND_INDEX[m.kind];
    if (m.to < n) sigs[m.to][sigs[m.to].length - 2 * kinds + kind]++;
    if (m.from < n) sigs[m.from][sigs[m.from].length - kinds + kind]++;
  }
  return sigs;
}

function compareSignatures(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function mapNode(perm: readonly number[], x: number): number {
  return x < perm.length ? perm[x] : x;
}

function mapMask(perm: readonly number[], mask: number, width: number): number {
  if (mask === 0) return 0;
  let out = 0;
  for (let x = 0; x < width; x++) if ((mask >>> x) & 1) out |= 1 << mapNode(perm, x);
  return out;
}

function byHome(a: Hint, b: Hint): number {
  return a.home - b.home;
}

/** Applies `perm` (old home replica index -> new index; nodes beyond it, spares and clients, stay) to every node reference. */
export function permuteNodes(t: Topology, s: QuorumState, perm: readonly number[]): QuorumState {
  const n = t.config.n;
  const replicas: QuorumState['replicas'][number][] = s.replicas.slice();
  for (let x = 0; x < t.nodes; x++) {
    const r = s.replicas[x];
    if (r.hints.length === 0) {
      replicas[mapNode(perm, x)] = r;
      continue;
    }
    const moved: Hint[] = [];
    for (const hint of r.hints) moved.push({ home: mapNode(perm, hint.home), entries: hint.entries });
    replicas[mapNode(perm, x)] = { entries: r.entries, hints: moved.sort(byHome) };
  }
  const nodeMask = (1 << t.nodes) - 1;
  const cut = mapMask(perm, s.cut & nodeMask, t.nodes) | (s.cut & ~nodeMask);
  const messages: Message[] = [];
  for (const m of s.messages) {
    messages.push({ kind: m.kind, from: mapNode(perm, m.from), to: mapNode(perm, m.to), op: m.op, hints: mapMask(perm, m.hints, n), entries: m.entries, serial: m.serial });
  }
  let clients = s.clients;
  for (let c = 0; c < clients.length; c++) {
    const client = clients[c];
    const p = client.pending;
    if (p === null) continue;
    if (clients === s.clients) clients = clients.slice();
    const replies: Reply[] = [];
    for (const r of p.replies) replies.push({ node: mapNode(perm, r.node), entries: r.entries });
    const pending: Pending = { op: p.op, phase: p.phase, required: p.required, acked: mapMask(perm, p.acked, t.nodes), replies, result: p.result };
    (clients as ClientState[])[c] = { pc: client.pc, skew: client.skew, context: client.context, pending };
  }
  return normalize({ ...s, replicas, cut, messages, clients, down: mapMask(perm, s.down, t.nodes) }, t.config);
}

const positionsCache = new WeakMap<readonly number[], readonly number[]>();

/** The home replicas sorted by (class, index): the positions each class's members are assigned to. */
function classPositions(classes: readonly number[]): readonly number[] {
  let positions = positionsCache.get(classes);
  if (positions === undefined) {
    positions = classes.map((_, h) => h).sort((a, b) => classes[a] - classes[b] || a - b);
    positionsCache.set(classes, positions);
  }
  return positions;
}

/** The canonical representative of `s` under permutations of home replicas within their classes. */
export function homeReplicaSymmetry(t: Topology, s: QuorumState, classes: readonly number[]): QuorumState {
  const n = t.config.n;
  const sigs = signatures(t, s);
  // Insertion sort of the home replicas by (class, signature, index): n is small.
  const order: number[] = [];
  for (let h = 0; h < n; h++) {
    let i = order.length;
    while (i > 0) {
      const o = order[i - 1];
      const cmp = classes[o] - classes[h] || compareSignatures(sigs[o], sigs[h]) || o - h;
      if (cmp <= 0) break;
      i--;
    }
    order.splice(i, 0, h);
  }
  // Members of a class keep the class's positions: the i-th position of the class (in index
  // order) goes to the class's i-th member in signature order.
  const positions = classPositions(classes);
  const perm = new Array<number>(n);
  let identity = true;
  for (let i = 0; i < n; i++) {
    perm[order[i]] = positions[i];
    if (order[i] !== positions[i]) identity = false;
  }
  return identity ? s : permuteNodes(t, s, perm);
}
