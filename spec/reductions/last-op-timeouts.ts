/**
 * Timeouts nothing can observe: a give-up of a client's last operation is not explored when
 * every checked property is timeout-blind and the give-up is a timeout (any mode but ap); with
 * `availability` checked too, once the state's history already violates it.
 *
 * Soundness. Let π be a path that takes the give-up of client c's last operation o at state
 * T-before, reaching T; drop that step and call the result π'. Outside ap mode the give-up is
 * a timeout: it marks o `timeout`, frees c (which has nothing left to invoke) and discards
 * o's read requests, replies and acks (`complete`). Every later step of π is enabled in π' at
 * the corresponding state with the same effect, because the only differences are that o is
 * still pending in π' and that π' still has those discarded messages (plus any ack or reply a
 * replica sends to o in π', where in π it sent none): no step reads whether another client is
 * pending (stuckness and answers are per operation), π never delivers the discarded messages
 * nor answers to o, and extra messages in flight enable nothing but their own delivery and
 * loss. Nothing in π' completes o either (no answer to it is delivered). So every state of π'
 * has the history of the corresponding state of π with o `pending` instead of `timeout`, and
 * `TIMEOUT_BLIND` properties judge the two alike (a read that did not return is not judged; a
 * write that did not complete is a possible source, never superseded, never superseding, and
 * may or may not take effect; `after` masks record only `ok` operations). π' is one step
 * shorter. Applying this to every such give-up turns any path into one with none, no longer,
 * with the same verdicts; the reverse inclusion is trivial (the quotient only removes steps).
 * So verdicts and BFS counterexample lengths are unchanged, within any depth bound.
 *
 * With `availability` checked as well, the rule applies from the first state whose history
 * already violates it: a timed-out or refused operation stays so in every extension, so every
 * later state violates `availability` too and its verdict cannot change; and no give-up the
 * rule removes lies on a shortest path to a first violation of it (such a path reaches a
 * violating state only at its end). The argument above then covers the other properties.
 *
 * This is a filter on enabled actions: a packed model drops `give-up c` exactly when client
 * c's pending operation is the last of its script (its program counter equals its script's
 * length) and the rule holds in the state (always, or once its history has a timed-out or
 * refused operation when `availability` is checked).
 */
import type { QuorumConfig } from '../protocols/config.ts';
import type { FaultSurface } from './fault-surface.ts';
import { timeoutBlind } from './unobservable-faults.ts';

/** When the rule applies: in every state, once `availability` is violated, or never. */
export type LastOpTimeoutRule = 'always' | 'once-unavailable' | 'never';

/** The rule for checking `properties` under `config`: give-ups must be timeouts (not ap), and every other property timeout-blind. */
export function lastOpTimeoutRule(config: QuorumConfig, properties: readonly string[]): LastOpTimeoutRule {
  // Without a partition, a crash or a drop every request and answer arrives: nothing times out.
  if (config.mode === 'ap' || config.partitions + config.crashes + config.drops === 0) return 'never';
  if (timeoutBlind(properties)) return 'always';
  const others = properties.filter((p) => p !== 'availability');
  return others.length < properties.length && (others.length === 0 || timeoutBlind(others)) ? 'once-unavailable' : 'never';
}

/** Whether client `c`'s pending operation, in `s` read through `surface`, is the last of its script. */
export function pendingIsLast<S>(config: QuorumConfig, surface: Pick<FaultSurface<S, unknown, unknown>, 'hasPending' | 'pc'>, s: S, c: number): boolean {
  return surface.hasPending(s, c) && surface.pc(s, c) === config.ops[c].length;
}

/** Whether the give-up of client `c` in `s` is explored under `rule`. */
export function giveUpExplored<S>(config: QuorumConfig, rule: LastOpTimeoutRule, surface: Pick<FaultSurface<S, unknown, unknown>, 'hasPending' | 'pc' | 'unavailable'>, s: S, c: number): boolean {
  if (rule === 'never' || !pendingIsLast(config, surface, s, c)) return true;
  return rule === 'once-unavailable' && !surface.unavailable(s);
}
