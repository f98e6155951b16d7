/**
 * The packed model's actions: small integers (a kind and its arguments), enabled in exactly
 * the order the readable model lists its actions (spec/protocols/actions.ts), so a trace's
 * action indices mean the same in both models; and the step each leads to.
 */
import type { QuorumAction } from '../protocols/actions.ts';
import type { PackedContext } from './context.ts';
import { clientPc, giveUp, hasPending, invoke, isStuck, receiveAck, receiveReply } from './coordinator.ts';
import {
  BUDGETS,
  CLIENT_SKEW_SHIFT,
  CRASHES_SHIFT,
  CUT,
  DOWN,
  DROPS_SHIFT,
  M_ACK,
  M_READ,
  M_REPLY,
  MESSAGE_WORDS,
  MHI_SHIFT,
  MHINTS_MASK,
  MKIND_SHIFT,
  MLO_SHIFT,
  MOP_SHIFT,
  PARTITIONS_SHIFT,
  SKEW_SHIFT,
} from './layout.ts';
import { applyAntiEntropy, applyHandoff, canHandoff, initialEntry, receiveRead, receiveWrite, resetReplica } from './replica.ts';
import { collectVersions } from './versions.ts';

/** Action kinds (the low 4 bits of an action). */
export const A_INVOKE = 0;
export const A_DELIVER = 1;
export const A_GIVE_UP = 2;
export const A_HANDOFF = 3;
export const A_ANTI_ENTROPY = 4;
export const A_PARTITION = 5;
export const A_HEAL = 6;
export const A_CRASH = 7;
export const A_RECOVER = 8;
export const A_SKEW = 9;
export const A_DROP = 10;

/** An action: `kind | first << 4 | second << 10` (a partition's first argument, its cut's index, may be large; it has no second). */
export type PackedAction = number;

function action(kind: number, first: number, second = 0): PackedAction {
  return kind | (first << 4) | (second << 10);
}

/** The kind of an action. */
export function actionKind(a: PackedAction): number {
  return a & 0xf;
}

/** An action's first argument (a client, a message index, a node, a cut's index). */
export function actionFirst(a: PackedAction): number {
  return actionKind(a) === A_PARTITION ? a >>> 4 : (a >>> 4) & 0x3f;
}

/** An action's second argument (a hint's home, anti-entropy's second replica, a restore's source + 1). */
export function actionSecond(a: PackedAction): number {
  return a >>> 10;
}

/** The actions enabled in `s`, in the readable model's order. */
export function enabledActions(q: PackedContext, s: readonly number[]): PackedAction[] {
  const { config, layout } = q;
  const out: PackedAction[] = [];
  for (let c = 0; c < q.clientCount; c++) {
    if (!hasPending(q, s, c) && clientPc(q, s, c) < config.ops[c].length) out.push(action(A_INVOKE, c));
  }
  const m0 = q.m0;
  const count = q.count(s);
  for (let i = 0; i < count; i++) {
    const p = m0 + MESSAGE_WORDS * i;
    const w0 = s[p];
    // Equal messages lead to equal states: offer only the first of a run.
    if (i > 0 && w0 === s[p - MESSAGE_WORDS] && q.entries.compare(s, s[p - MESSAGE_WORDS + 1], s[p + 1]) === 0) continue;
    if (q.deliverable(s, w0)) out.push(action(A_DELIVER, i));
  }
  for (let c = 0; c < q.clientCount; c++) if (isStuck(q, s, c)) out.push(action(A_GIVE_UP, c));
  if (config.handoff && layout.hints) {
    for (let node = 0; node < q.nodes; node++) {
      const present = s[layout.hintMasks + node];
      for (let home = 0; home < q.n; home++) {
        if (((present >>> home) & 1) !== 0 && canHandoff(q, s, node, home)) out.push(action(A_HANDOFF, node, home));
      }
    }
  }
  if (config.antiEntropy) {
    for (let a = 0; a < q.n; a++) {
      for (let b = a + 1; b < q.n; b++) {
        if (q.isUp(s, a) && q.isUp(s, b) && q.connected(s, a, b) && s[layout.replicas + a] !== s[layout.replicas + b]) out.push(action(A_ANTI_ENTROPY, a, b));
      }
    }
  }
  const budgets = s[BUDGETS];
  if (s[CUT] === 0 && ((budgets >>> PARTITIONS_SHIFT) & 0xf) > 0) for (let k = 0; k < q.cuts.length; k++) out.push(action(A_PARTITION, k));
  if (s[CUT] !== 0) out.push(A_HEAL);
  const down = s[DOWN];
  if (((budgets >>> CRASHES_SHIFT) & 0xf) > 0) for (let node = 0; node < q.nodes; node++) if (((down >>> node) & 1) === 0) out.push(action(A_CRASH, node));
  if (down !== 0) {
    const initial = initialEntry(q);
    for (let node = 0; node < q.nodes; node++) {
      if (((down >>> node) & 1) === 0) continue;
      out.push(action(A_RECOVER, node, 0));
      if (config.stateLoss && node < q.n) {
        for (let p = 0; p < q.n; p++) {
          if (p !== node && q.isUp(s, p) && q.connected(s, node, p) && s[layout.replicas + p] !== initial) out.push(action(A_RECOVER, node, p + 1));
        }
      }
    }
  }
  if (((budgets >>> SKEW_SHIFT) & 0xf) > 0 && config.clock === 'wall') {
    for (let c = 0; c < q.clientCount; c++) {
      const script = config.ops[c];
      for (let k = clientPc(q, s, c); k < script.length; k++) {
        if (script[k].kind === 'write') {
          out.push(action(A_SKEW, c));
          break;
        }
      }
    }
  }
  if (((budgets >>> DROPS_SHIFT) & 0xf) > 0) {
    for (let i = 0; i < count; i++) {
      const p = m0 + MESSAGE_WORDS * i;
      if (i > 0 && s[p] === s[p - MESSAGE_WORDS] && q.entries.compare(s, s[p - MESSAGE_WORDS + 1], s[p + 1]) === 0) continue;
      out.push(action(A_DROP, i));
    }
  }
  return out;
}

/** The message at `index` arrives: at a node (a request) or at its coordinator (an answer). */
function deliver(q: PackedContext, s: number[], index: number): void {
  const w0 = s[q.m0 + MESSAGE_WORDS * index];
  const w1 = s[q.m0 + MESSAGE_WORDS * index + 1];
  q.remove(index);
  const kind = w0 >>> MKIND_SHIFT;
  const hi = (w0 >>> MHI_SHIFT) & 0xf;
  const lo = (w0 >>> MLO_SHIFT) & 0xf;
  const op = (w0 >>> MOP_SHIFT) & 0x1f;
  if (kind === M_ACK) receiveAck(q, s, lo, hi, op);
  else if (kind === M_REPLY) receiveReply(q, s, lo, hi, op, w1);
  else if (kind === M_READ) receiveRead(q, s, hi, lo, op);
  else receiveWrite(q, s, kind, hi, lo, op, w0 & MHINTS_MASK, w1);
}

/**
 * The state after `a` in `s`: a new array, `s` untouched; with `transient`, the work array
 * itself (its first `q.len` words), valid until the next step.
 */
export function applyAction(q: PackedContext, s: readonly number[], a: PackedAction, transient = false): number[] {
  const next = q.begin(s);
  const first = actionFirst(a);
  switch (actionKind(a)) {
    case A_INVOKE:
      invoke(q, next, first);
      break;
    case A_DELIVER:
      deliver(q, next, first);
      break;
    case A_GIVE_UP:
      giveUp(q, next, first);
      break;
    case A_HANDOFF:
      applyHandoff(q, next, first, actionSecond(a));
      break;
    case A_ANTI_ENTROPY:
      applyAntiEntropy(q, next, first, actionSecond(a));
      break;
    case A_PARTITION:
      next[CUT] = q.cuts[first];
      next[BUDGETS] -= 1 << PARTITIONS_SHIFT;
      break;
    case A_HEAL:
      next[CUT] = 0;
      break;
    case A_CRASH:
      if (q.config.stateLoss) resetReplica(q, next, first, initialEntry(q));
      next[DOWN] |= 1 << first;
      next[BUDGETS] -= 1 << CRASHES_SHIFT;
      break;
    case A_RECOVER: {
      const from = actionSecond(a) - 1;
      if (from >= 0) resetReplica(q, next, first, s[q.layout.replicas + from]);
      next[DOWN] &= ~(1 << first);
      break;
    }
    case A_SKEW:
      next[q.layout.clientsAt + first * q.layout.clientStride] += 1 << CLIENT_SKEW_SHIFT;
      next[BUDGETS] -= 1 << SKEW_SHIFT;
      break;
    case A_DROP:
      q.remove(first);
      next[BUDGETS] -= 1 << DROPS_SHIFT;
      break;
    default:
      throw new Error(`unknown packed action ${a}`);
  }
  if (q.entries.vclock) collectVersions(q, next);
  return transient ? next : q.finish();
}

/** The readable model's action for packed action `a` taken in a state with `q`'s cuts. */
export function readableAction(q: PackedContext, a: PackedAction): QuorumAction {
  const first = actionFirst(a);
  const second = actionSecond(a);
  switch (actionKind(a)) {
    case A_INVOKE:
      return { kind: 'invoke', client: first };
    case A_DELIVER:
      return { kind: 'deliver', index: first };
    case A_GIVE_UP:
      return { kind: 'give-up', client: first };
    case A_HANDOFF:
      return { kind: 'handoff', node: first, home: second };
    case A_ANTI_ENTROPY:
      return { kind: 'anti-entropy', a: first, b: second };
    case A_PARTITION:
      return { kind: 'partition', cut: q.cuts[first] };
    case A_HEAL:
      return { kind: 'heal' };
    case A_CRASH:
      return { kind: 'crash', node: first };
    case A_RECOVER:
      return { kind: 'recover', node: first, from: second - 1 };
    case A_SKEW:
      return { kind: 'skew', client: first };
    case A_DROP:
      return { kind: 'drop', index: first };
    default:
      throw new Error(`unknown packed action ${a}`);
  }
}
