/**
 * Clock skew: a client's wall clock moves back one tick, while the skew budget lasts. Its next
 * write then carries a timestamp one lower, which can order it below a write it follows.
 */
import type { QuorumConfig } from '../protocols/config.ts';
import type { QuorumState } from '../protocols/state.ts';
import { withClient } from '../protocols/state.ts';

/** Client `client`'s wall clock moves back one tick. */
export interface SkewAction {
  readonly kind: 'skew';
  readonly client: number;
}

/** Appends a skew of each client that still has a write to invoke (skew matters to no one else), under wall clocks while budget is left. */
export function skewActionsEnabled(config: QuorumConfig, s: QuorumState, out: { push(action: SkewAction): unknown }): void {
  if (s.skewLeft <= 0 || config.clock !== 'wall') return;
  for (let c = 0; c < s.clients.length; c++) {
    const client = s.clients[c];
    if (config.ops[c].slice(client.pc).some((op) => op.kind === 'write')) out.push({ kind: 'skew', client: c });
  }
}

/** The state after client `c`'s clock moves back one tick. */
export function applySkew(s: QuorumState, c: number): QuorumState {
  return { ...s, skewLeft: s.skewLeft - 1, clients: withClient(s.clients, c, { ...s.clients[c], skew: s.clients[c].skew + 1 }) };
}
