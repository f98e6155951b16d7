/**
 * Symmetry reduction over clients. Clients with the same script (and the same site, when
 * sites are given) are interchangeable under logical versions: a logical version's counter is
 * unique per write, so the writer part never decides an order and renaming writers changes
 * no comparison. (Wall-clock ties are broken by writer, and vector clocks have one component
 * per client: there, clients are not permuted.) Renaming clients leaves every property's
 * answer unchanged: the history only changes the `client` field, and the session guarantees
 * are judged per client, whatever its name.
 *
 * As for replicas, the representative is found by sorting clients within their class by a
 * permutation-invariant signature, ties broken by index.
 */
import { formatOps } from '../cluster/ops.ts';
import type { Entry } from '../cluster/versions.ts';
import { versionWriter } from '../cluster/versions.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import type { Topology } from '../protocols/actions.ts';
import type { ClientState, QuorumState, ReplicaState } from '../protocols/state.ts';
import { normalize } from '../protocols/state.ts';

/** The interchangeability class of each client (equal numbers: interchangeable), or null when clients must not be permuted. */
export function clientClasses(config: QuorumConfig): number[] | null {
  if (config.clock !== 'logical') return null;
  const keys = config.ops.map((script, c) => `${formatOps([script])}@${config.clientSites?.[c] ?? -1}`);
  const classes = keys.map((k) => keys.indexOf(k));
  return classes.some((k, c) => k !== c) ? classes : null;
}

function pushEntries(sig: number[], entries: readonly Entry[]): void {
  sig.push(entries.length);
  for (const e of entries) sig.push(e.version === 0 ? 0 : Math.floor(e.version / 16), e.value);
}

function signature(t: Topology, s: QuorumState, c: number): number[] {
  const client = s.clients[c];
  const sig = [client.pc, client.skew, (s.cut >>> (t.nodes + c)) & 1];
  const p = client.pending;
  if (p === null) sig.push(0);
  else {
    sig.push(1 + ['write', 'read', 'writeback'].indexOf(p.phase), p.op, p.required, p.acked, p.replies.length);
    for (const r of p.replies) {
      sig.push(r.node);
      pushEntries(sig, r.entries);
    }
    pushEntries(sig, p.result);
  }
  // The client's own operations: ids (invocation order) and outcomes.
  for (const op of s.history) if (op.client === c) sig.push(op.id, op.status.length, op.value);
  let sent = 0;
  let received = 0;
  for (const m of s.messages) {
    if (m.from === t.nodes + c) sent++;
    if (m.to === t.nodes + c) received++;
  }
  sig.push(sent, received);
  return sig;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function remapEntries(entries: readonly Entry[], perm: readonly number[]): readonly Entry[] {
  let out: Entry[] | null = null;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const writer = versionWriter(e.version);
    if (writer < 0 || perm[writer] === writer) continue;
    out ??= entries.slice();
    out[i] = { value: e.value, version: e.version - writer + perm[writer] };
  }
  return out ?? entries;
}

/** Applies `perm` (old client index -> new index) to every client reference: states, endpoints, writers in versions, history. */
export function permuteClients(t: Topology, s: QuorumState, perm: readonly number[]): QuorumState {
  const endpoint = (x: number): number => (x < t.nodes ? x : t.nodes + perm[x - t.nodes]);
  const replicas: ReplicaState[] = s.replicas.map((r) => ({
    entries: remapEntries(r.entries, perm),
    hints: r.hints.map((h) => ({ home: h.home, entries: remapEntries(h.entries, perm) })),
  }));
  const clients = new Array<ClientState>(s.clients.length);
  s.clients.forEach((client, c) => {
    const p = client.pending;
    clients[perm[c]] =
      p === null
        ? client
        : {
            ...client,
            pending: { ...p, result: remapEntries(p.result, perm), replies: p.replies.map((r) => ({ node: r.node, entries: remapEntries(r.entries, perm) })) },
          };
  });
  let cut = s.cut & ((1 << t.nodes) - 1);
  for (let c = 0; c < s.clients.length; c++) if ((s.cut >>> (t.nodes + c)) & 1) cut |= 1 << (t.nodes + perm[c]);
  const messages = s.messages.map((m) => ({ ...m, from: endpoint(m.from), to: endpoint(m.to), entries: remapEntries(m.entries, perm) }));
  const history = s.history.map((op) => (perm[op.client] === op.client ? op : { ...op, client: perm[op.client] }));
  return normalize({ ...s, replicas, clients, messages, history, cut }, t.config);
}

/** The canonical representative of `s` under permutations of clients within their classes. */
export function clientSymmetry(t: Topology, s: QuorumState, classes: readonly number[]): QuorumState {
  const count = classes.length;
  const sigs = s.clients.map((_, c) => signature(t, s, c));
  const order = classes.map((_, c) => c).sort((a, b) => classes[a] - classes[b] || compare(sigs[a], sigs[b]) || a - b);
  const positions = classes.map((_, c) => c).sort((a, b) => classes[a] - classes[b] || a - b);
  const perm = new Array<number>(count);
  let identity = true;
  for (let i = 0; i < count; i++) {
    perm[order[i]] = positions[i];
    if (order[i] !== positions[i]) identity = false;
  }
  return identity ? s : permuteClients(t, s, perm);
}
