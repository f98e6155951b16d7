/**
 * The quorum model's transitions: the action union (the protocol's own actions and the
 * faults'), which actions are enabled in a state (in a deterministic order), and the state each
 * leads to. The rules themselves live with their owners: the coordinator (`coordinator.ts`),
 * the replica (`replica.ts`) and each fault (`../faults/`).
 */
import { compareMessages } from '../cluster/network.ts';
import type { CrashAction, RecoverAction } from '../faults/crash.ts';
import { applyCrash, applyRecover, crashActionsEnabled } from '../faults/crash.ts';
import type { DropAction } from '../faults/loss.ts';
import { applyDrop, dropActionsEnabled } from '../faults/loss.ts';
import type { HealAction, PartitionAction } from '../faults/partition.ts';
import { applyHeal, applyPartition, partitionActionsEnabled } from '../faults/partition.ts';
import type { SkewAction } from '../faults/skew.ts';
import { applySkew, skewActionsEnabled } from '../faults/skew.ts';
import { giveUp, invoke, isStuck, receiveAck, receiveReply } from './coordinator.ts';
import { Draft } from './draft.ts';
import type { AntiEntropyAction, HandoffAction } from './replica.ts';
import { applyAntiEntropy, applyHandoff, backgroundActionsEnabled, receiveRead, receiveWrite } from './replica.ts';
import type { QuorumState } from './state.ts';
import { normalizeStep } from './state.ts';
import { deliverable, type Topology } from './topology.ts';

export type { Topology } from './topology.ts';
export { topology, clientEndpoint, canReach, deliverable } from './topology.ts';
export { giveUpOutcome, isStuck, resolveReplies, type GiveUpOutcome } from './coordinator.ts';

/** A client starts the next operation of its script (or, in cp mode, is refused at once). */
export interface InvokeAction {
  readonly kind: 'invoke';
  readonly client: number;
}

/** The message at `index` of the state's sorted in-flight list arrives and is handled. */
export interface DeliverAction {
  readonly kind: 'deliver';
  readonly index: number;
}

/** A stuck client stops waiting: a timeout, or in ap mode an answer with what it has. */
export interface GiveUpAction {
  readonly kind: 'give-up';
  readonly client: number;
}

/** One transition of the quorum model. Nodes are 0-based (home replicas, then spares), clients 0-based. */
export type QuorumAction =
  | InvokeAction
  | DeliverAction
  | GiveUpAction
  | HandoffAction
  | AntiEntropyAction
  | PartitionAction
  | HealAction
  | CrashAction
  | RecoverAction
  | SkewAction
  | DropAction;

// Delivery actions recur in every state: one immutable value per index.
const DELIVER: DeliverAction[] = [];

function deliverAction(index: number): DeliverAction {
  while (DELIVER.length <= index) DELIVER.push({ kind: 'deliver', index: DELIVER.length });
  return DELIVER[index];
}

/** The actions enabled in `s`, in a deterministic order. */
export function enabledActions(t: Topology, s: QuorumState): QuorumAction[] {
  const { config } = t;
  const out: QuorumAction[] = [];
  for (let c = 0; c < t.clientCount; c++) {
    const client = s.clients[c];
    if (client.pending === null && client.pc < config.ops[c].length) out.push({ kind: 'invoke', client: c });
  }
  for (let i = 0; i < s.messages.length; i++) {
    // Equal messages lead to equal states: offer only the first of a run.
    if (i > 0 && compareMessages(s.messages[i - 1], s.messages[i]) === 0) continue;
    if (deliverable(t, s, s.messages[i])) out.push(deliverAction(i));
  }
  for (let c = 0; c < t.clientCount; c++) if (isStuck(t, s, c)) out.push({ kind: 'give-up', client: c });
  backgroundActionsEnabled(t, s, out);
  partitionActionsEnabled(t.cuts, s, out);
  crashActionsEnabled(config, t.nodes, s, out);
  skewActionsEnabled(config, s, out);
  dropActionsEnabled(s, out);
  return out;
}

/** The message at `index` arrives: at a replica (a request) or at its coordinator (an answer). */
function deliver(t: Topology, s: QuorumState, index: number): QuorumState {
  const m = s.messages[index];
  const draft = new Draft(s);
  draft.messages.splice(index, 1);
  // A switch, not ts-pattern: this runs on every transition, and `unreachable` keeps it exhaustive.
  switch (m.kind) {
    case 'write':
    case 'writeback':
    case 'repair':
      return receiveWrite(t, s, draft, m);
    case 'read':
      return receiveRead(t, s, draft, m);
    case 'ack':
      return receiveAck(t, s, draft, m.to - t.nodes, m);
    case 'reply':
      return receiveReply(t, s, draft, m.to - t.nodes, m);
    default:
      return unreachable(m.kind);
  }
}

/** Compile-time exhaustiveness for the switches on the hot path. */
function unreachable(value: never): never {
  throw new Error(`unhandled case ${String(value)}`);
}

/** The state after `action` in `s` (normalized). */
export function applyAction(t: Topology, s: QuorumState, action: QuorumAction): QuorumState {
  const { config } = t;
  // A switch, not ts-pattern: this runs on every transition; `unreachable` keeps it exhaustive.
  let next: QuorumState;
  switch (action.kind) {
    case 'invoke':
      next = invoke(t, s, action.client);
      break;
    case 'deliver':
      next = deliver(t, s, action.index);
      break;
    case 'drop':
      next = applyDrop(s, action.index);
      break;
    case 'give-up':
      next = giveUp(t, s, action.client);
      break;
    case 'handoff':
      next = applyHandoff(t, s, action.node, action.home);
      break;
    case 'anti-entropy':
      next = applyAntiEntropy(t, s, action.a, action.b);
      break;
    case 'partition':
      next = applyPartition(s, action.cut);
      break;
    case 'heal':
      next = applyHeal(s);
      break;
    case 'crash':
      next = applyCrash(config, s, action.node);
      break;
    case 'recover':
      next = applyRecover(s, action.node, action.from);
      break;
    case 'skew':
      next = applySkew(s, action.client);
      break;
    default:
      return unreachable(action);
  }
  // Every step keeps the messages in canonical order (Draft inserts in place; removals keep order).
  return normalizeStep(next, config);
}
