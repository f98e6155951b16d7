/**
 * The replica's rules: storing a write (merging by version, keeping hints for unreachable home
 * replicas), answering a read with what it holds, hinted handoff and anti-entropy.
 */
import type { Message } from '../cluster/network.ts';
import { connected } from '../cluster/network.ts';
import type { Entry } from '../cluster/versions.ts';
import { INITIAL_ENTRIES, mergeEntries, sameEntries } from '../cluster/versions.ts';
import { isUp } from '../faults/crash.ts';
import type { Draft } from './draft.ts';
import type { Hint, QuorumState, ReplicaState } from './state.ts';
import { withReplica } from './state.ts';
import type { Topology } from './topology.ts';

/** Hinted handoff: `node` hands the write it holds for `home` to it. */
export interface HandoffAction {
  readonly kind: 'handoff';
  readonly node: number;
  readonly home: number;
}

/** Anti-entropy between home replicas `a` < `b`: both end with the merge of their contents. */
export interface AntiEntropyAction {
  readonly kind: 'anti-entropy';
  readonly a: number;
  readonly b: number;
}

/** Stores `entries` at `node`, plus a hint for each home replica in `hints` other than itself. */
function store(t: Topology, replica: ReplicaState, node: number, entries: readonly Entry[], hints: number): ReplicaState {
  const { config } = t;
  const merged = mergeEntries(config.clock, replica.entries, entries, t.clientCount);
  let hintList: readonly Hint[] = replica.hints;
  for (let h = 0; h < config.n; h++) {
    if (((hints >>> h) & 1) === 0 || h === node) continue;
    const existing = hintList.find((x) => x.home === h);
    const hint: Hint = { home: h, entries: existing ? mergeEntries(config.clock, existing.entries, entries, t.clientCount) : entries };
    hintList = [...hintList.filter((x) => x.home !== h), hint].sort((a, b) => a.home - b.home);
  }
  return merged === replica.entries && hintList === replica.hints ? replica : { entries: merged, hints: hintList };
}

/**
 * A write-kind message `m` (a write, write-back or repair; its removal already in `draft`)
 * reaches replica `m.to`: stored, and acknowledged when its operation still waits for acks in
 * that phase (a repair is fire-and-forget).
 */
export function receiveWrite(t: Topology, s: QuorumState, draft: Draft, m: Message): QuorumState {
  const replicas = withReplica(s.replicas, m.to, store(t, s.replicas[m.to], m.to, m.entries, m.hints));
  const pending = m.kind === 'repair' ? null : s.clients[m.from - t.nodes].pending;
  if (pending !== null && pending.op === m.op && pending.phase === m.kind) draft.send('ack', m.to, m.from, m.op, 0, []);
  return { ...s, replicas, messages: draft.messages, serial: draft.serial };
}

/** A read request `m` reaches replica `m.to`: it replies with what it holds, if the read still waits for replies. */
export function receiveRead(t: Topology, s: QuorumState, draft: Draft, m: Message): QuorumState {
  const pending = s.clients[m.from - t.nodes].pending;
  if (pending !== null && pending.op === m.op && pending.phase === 'read') draft.send('reply', m.to, m.from, m.op, 0, s.replicas[m.to].entries);
  return { ...s, messages: draft.messages, serial: draft.serial };
}

/** Whether `node` may hand its hint for `home` to it now. */
function canHandoff(s: QuorumState, node: number, home: number): boolean {
  return isUp(s, node) && isUp(s, home) && connected(s.cut, node, home);
}

/** Appends the handoffs (each hint whose holder and home are up and connected) and anti-entropy exchanges (connected, up home replicas that differ) enabled in `s`. */
export function backgroundActionsEnabled(t: Topology, s: QuorumState, out: { push(action: HandoffAction | AntiEntropyAction): unknown }): void {
  const { config } = t;
  if (config.handoff) {
    for (let node = 0; node < t.nodes; node++) {
      for (const hint of s.replicas[node].hints) {
        if (canHandoff(s, node, hint.home)) out.push({ kind: 'handoff', node, home: hint.home });
      }
    }
  }
  if (config.antiEntropy) {
    for (let a = 0; a < config.n; a++) {
      for (let b = a + 1; b < config.n; b++) {
        if (isUp(s, a) && isUp(s, b) && connected(s.cut, a, b) && !sameEntries(s.replicas[a].entries, s.replicas[b].entries)) {
          out.push({ kind: 'anti-entropy', a, b });
        }
      }
    }
  }
}

/** `node` hands its hint for `home` over; a spare forgets the key once it holds no hint. */
export function applyHandoff(t: Topology, s: QuorumState, node: number, homeNode: number): QuorumState {
  const { config } = t;
  const holder = s.replicas[node];
  const hint = holder.hints.find((h) => h.home === homeNode);
  // Handoff is enabled only for a hint the node holds.
  if (hint === undefined) throw new Error(`handoff: node ${node} holds no hint for ${homeNode}`);
  const home = s.replicas[homeNode];
  const hints = holder.hints.filter((h) => h.home !== homeNode);
  // A spare keeps a copy only while it still holds hints; once all are handed off it forgets the key.
  const entries = node >= config.n && hints.length === 0 ? INITIAL_ENTRIES : holder.entries;
  let replicas = withReplica(s.replicas, node, { entries, hints });
  replicas = withReplica(replicas, homeNode, { ...home, entries: mergeEntries(config.clock, home.entries, hint.entries, t.clientCount) });
  return { ...s, replicas, serial: s.serial + 1 };
}

/** Home replicas `a` and `b` exchange and merge their contents. */
export function applyAntiEntropy(t: Topology, s: QuorumState, a: number, b: number): QuorumState {
  const merged = mergeEntries(t.config.clock, s.replicas[a].entries, s.replicas[b].entries, t.clientCount);
  let replicas = withReplica(s.replicas, a, { ...s.replicas[a], entries: merged });
  replicas = withReplica(replicas, b, { ...s.replicas[b], entries: merged });
  return { ...s, replicas, serial: s.serial + 2 };
}
