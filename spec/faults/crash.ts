/**
 * Node crashes and recoveries. A down node takes no messages (they wait in flight). With state
 * loss a crash wipes the node's data and hints, and a home replica recovers empty or restored
 * from a connected home replica's current copy.
 */
import { connected } from '../cluster/network.ts';
import { INITIAL_ENTRIES, sameEntries } from '../cluster/versions.ts';
import type { QuorumConfig } from '../protocols/config.ts';
import type { QuorumState } from '../protocols/state.ts';
import { withReplica } from '../protocols/state.ts';

/** A node crashes. */
export interface CrashAction {
  readonly kind: 'crash';
  readonly node: number;
}

/** A crashed node comes back; with state loss, restored from home replica `from`'s copy, or empty when -1. */
export interface RecoverAction {
  readonly kind: 'recover';
  readonly node: number;
  readonly from: number;
}

/** Whether `node` is up in `s`. */
export function isUp(s: QuorumState, node: number): boolean {
  return ((s.down >>> node) & 1) === 0;
}

// The crash and plain-recovery actions recur in every state: built once per node count.
const NODE_ACTIONS = new Map<number, { crash: readonly CrashAction[]; recover: readonly RecoverAction[] }>();

function nodeActions(nodes: number): { crash: readonly CrashAction[]; recover: readonly RecoverAction[] } {
  let actions = NODE_ACTIONS.get(nodes);
  if (actions === undefined) {
    const all = Array.from({ length: nodes }, (_, node) => node);
    actions = { crash: all.map((node) => ({ kind: 'crash', node })), recover: all.map((node) => ({ kind: 'recover', node, from: -1 })) };
    NODE_ACTIONS.set(nodes, actions);
  }
  return actions;
}

/**
 * Appends the crashes (while budget is left, of every up node) and recoveries (of every down
 * node; with state loss also a restore from each connected, up home replica whose copy is not
 * the empty one, which would be the plain recovery) enabled in `s`.
 */
export function crashActionsEnabled(config: QuorumConfig, nodes: number, s: QuorumState, out: { push(action: CrashAction | RecoverAction): unknown }): void {
  const actions = nodeActions(nodes);
  if (s.crashesLeft > 0) for (let node = 0; node < nodes; node++) if (isUp(s, node)) out.push(actions.crash[node]);
  for (let node = 0; node < nodes; node++) {
    if (isUp(s, node)) continue;
    out.push(actions.recover[node]);
    if (config.stateLoss && node < config.n) {
      for (let p = 0; p < config.n; p++) {
        if (p !== node && isUp(s, p) && connected(s.cut, node, p) && !sameEntries(s.replicas[p].entries, INITIAL_ENTRIES)) {
          out.push({ kind: 'recover', node, from: p });
        }
      }
    }
  }
}

/** The state after `node` crashes (forgetting its data and hints with state loss). */
export function applyCrash(config: QuorumConfig, s: QuorumState, node: number): QuorumState {
  const replicas = config.stateLoss ? withReplica(s.replicas, node, { entries: INITIAL_ENTRIES, hints: [] }) : s.replicas;
  return { ...s, replicas, down: s.down | (1 << node), crashesLeft: s.crashesLeft - 1 };
}

/** The state after `node` recovers, restored from `from`'s copy when `from` >= 0. */
export function applyRecover(s: QuorumState, node: number, from: number): QuorumState {
  const replicas = from >= 0 ? withReplica(s.replicas, node, { entries: s.replicas[from].entries, hints: [] }) : s.replicas;
  return { ...s, replicas, down: s.down & ~(1 << node) };
}
