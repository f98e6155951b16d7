/**
 * Message loss: the network drops one message in flight, while the drop budget lasts.
 */
import { compareMessages } from '../cluster/network.ts';
import type { QuorumState } from '../protocols/state.ts';

/** The network loses the message at `index` of the state's sorted in-flight list. */
export interface DropAction {
  readonly kind: 'drop';
  readonly index: number;
}

/** Appends a drop of every in-flight message while budget is left (equal messages once: dropping either gives one state). */
export function dropActionsEnabled(s: QuorumState, out: { push(action: DropAction): unknown }): void {
  if (s.dropsLeft <= 0) return;
  for (let i = 0; i < s.messages.length; i++) {
    if (i > 0 && compareMessages(s.messages[i - 1], s.messages[i]) === 0) continue;
    out.push({ kind: 'drop', index: i });
  }
}

/** The state after the message at `index` is lost. */
export function applyDrop(s: QuorumState, index: number): QuorumState {
  return { ...s, dropsLeft: s.dropsLeft - 1, messages: s.messages.filter((_, i) => i !== index) };
}
