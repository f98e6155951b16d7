/**
 * The `availability` property: every operation gets a successful answer.
 */
import type { CheckOutcome, History } from './history.ts';
import { describeInvocation, type OpNames } from './describe-op.ts';
import { violation } from './outcome.ts';

/**
 * Checks `availability`: violated by the first operation, by id, that was `refused` (cp mode
 * closed the cut-off branch) or timed out (its quorum could not answer). Pending operations
 * are not violations: they may still be answered. `names` only words the reason.
 */
export function checkAvailability(history: History, names?: OpNames): CheckOutcome {
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.status === 'refused' || op.status === 'timeout') {
      const verdict = op.status === 'refused' ? 'was refused: its strict quorum was unreachable' : 'timed out: its quorum did not answer in time';
      return violation(i, `${describeInvocation(op, names)} ${verdict}`);
    }
  }
  return { ok: true };
}
