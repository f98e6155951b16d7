/**
 * Faults the checked properties cannot observe: when a strict quorum waits for its answers,
 * a partition, a crash (without state loss) or a lost message is indistinguishable from slow
 * delivery, except through the timeouts it makes possible; and when every timeout that can
 * happen is of a client's last operation, no history property other than `availability` can
 * tell a timeout from an operation still waiting. Such a fault adds no reachable history and
 * no shorter path to one, so the check runs with its budget at zero: same verdicts, same
 * shortest counterexamples.
 *
 * Where the model reads the fault state (the cut, the down nodes, the messages in flight):
 * delivery enabledness (`deliverable`); give-up enabledness (`isStuck`); where a request goes
 * (`selectTargets`: spares stand in only under a sloppy quorum or in ap mode, and ap shrinks
 * its quorum to what it reached); cp mode's refusal; ap mode's give-up outcome; handoff,
 * anti-entropy and recovery-from-a-copy enabledness; and with state loss, the crash's wipe.
 *
 * Theorem. Let the config have `quorum: strict` and `mode: quorum`, and let every checked
 * property be one of `stale-read`, `linearizable`, `read-your-writes`, `monotonic-reads` (the
 * timeout-blind ones, `TIMEOUT_BLIND`). Suppose no operation that is not its client's last can
 * ever time out (the bound below). Then partitions, drops and, without state loss, crashes can
 * be removed from the budgets without changing any verdict or the length of any shortest
 * counterexample, within any depth bound.
 *
 * Proof. Take a path π of the config. Remove from it every partition, heal, drop, crash and
 * recovery, and every give-up; call the result π'. (With state loss, crashes and recoveries
 * stay: a wipe is observable, and the argument below never needs their removal.)
 * 1. Every step of π' is enabled where π' takes it, with the same effect on the replicas,
 *    clients, history and the messages π also has. Strict quorum and quorum mode make
 *    `selectTargets` send to every home replica whatever is reachable, with W or R as the
 *    quorum, and there is no refusal and no hint (so no handoff); so a fault only disables:
 *    a delivery, an anti-entropy exchange or a recovery from a copy enabled under a cut or
 *    with a node down is enabled with the network whole and the node up, and none of their
 *    effects reads the cut or who is down. A dropped message is one π never delivers; in π'
 *    it stays in flight, undelivered, which enables nothing else (only `isStuck` counts
 *    messages, and give-ups are gone).
 * 2. A removed give-up is a timeout (mode quorum) of its client's last operation (the
 *    hypothesis). In π the timeout frees the client, which has nothing left to invoke, and
 *    discards the operation's read requests, replies and acks; no later step of π delivers
 *    those, nor any answer to it (a replica answers only the pending operation). In π' the
 *    operation stays pending: its replicas may send acks and replies π did not, which stay in
 *    flight, and nothing completes it. So the history at the end of π' is the history at the
 *    end of π with each timed-out operation still pending.
 * 3. The timeout-blind properties judge a pending and a timed-out operation alike: a read that
 *    did not return `ok` is not judged; a write that did not complete is a possible source of
 *    a value, never superseded and never superseding (`stale-read`, the session guarantees),
 *    and may take effect or not (`linearizable`); and the real-time order (`after`) records
 *    only `ok` operations. So every state of π' has the verdicts of the corresponding state
 *    of π.
 * π' is no longer than π and is a path of the config without those budgets; and every path
 * of that config is a path of the original (budgets only enable). Hence the same verdicts,
 * and the same BFS counterexample lengths. ∎
 *
 * The timeout bound. A pending operation of client c that needs q answers has N tokens: one
 * request per home replica, which becomes an answer when delivered (a replica answers the
 * pending operation in the same phase), then a heard answer. `isStuck` counts the tokens not
 * yet lost, and a token is lost only when its request or answer crosses the cut from c, its
 * replica is down, or it is dropped. At any moment at most `cutLoss(c)` home replicas are
 * across some cut from c (the most any enumerated cut puts there), at most `crashes` nodes are
 * down, and at most `drops` messages were lost. So the operation can time out only if
 * `cutLoss(c) + crashes + drops >= N - q + 1`. Sync read repair's write-back phase needs W acks:
 * a read's q is then the larger of R and W.
 *
 * Drops alone. Under a sloppy quorum or in cp mode (not ap: its give-ups answer with what they
 * heard), the same proof removes the drops and the give-ups and keeps the partitions and
 * crashes: routing and refusals read who is reachable (the cut, the down nodes), never the
 * messages in flight, so step 1 holds for every step but a drop; under a sloppy quorum the N
 * tokens are one request per home replica or its stand-in, and a stand-in lost to the cut or
 * a crash is counted like the home replica it replaces, so the bound holds as stated.
 *
 * Not used for: `availability` (a timeout is its violation), `convergence` (liveness, and it
 * reads the replicas), partitions and crashes under a sloppy quorum or in ap or cp mode
 * (routing, quorum sizes and refusals read the cut and who is down), crashes with state loss,
 * anything in ap mode, and scripts with an operation after one that could time out (the
 * timeout frees the client for it).
 */
import type { QuorumConfig } from '../protocols/config.ts';
import { topology } from '../protocols/topology.ts';
import { connected } from '../cluster/network.ts';

/** The properties that cannot tell a timed-out operation from one still waiting. */
export const TIMEOUT_BLIND: readonly string[] = ['stale-read', 'linearizable', 'read-your-writes', 'monotonic-reads'];

/** A fault budget the theorem can set to zero. */
export type FaultBudget = 'partitions' | 'crashes' | 'drops';

/** What the theorem removed, and why, in one line. */
export interface UnobservableFaults {
  /** The budgets set to zero (each was positive), in this order: partitions, crashes, drops. */
  readonly removed: readonly FaultBudget[];
  /** The configuration that is searched instead. */
  readonly config: QuorumConfig;
  /** One line for the summary: which faults, which properties, why. */
  readonly sentence: string;
}

/** Whether every checked property is timeout-blind. */
export function timeoutBlind(properties: readonly string[]): boolean {
  return properties.length > 0 && properties.every((p) => TIMEOUT_BLIND.includes(p));
}

/** The answers an operation of `kind` waits for: W or R, and for a read under sync read repair also W (its write-back). */
function quorumOf(config: QuorumConfig, kind: 'write' | 'read'): number {
  if (kind === 'write') return config.w;
  return config.readRepair === 'sync' ? Math.max(config.r, config.w) : config.r;
}

/**
 * Whether some operation that is not its client's last could ever time out (see the module
 * comment's bound): false proves that every timeout is of a client's last operation.
 */
export function earlyTimeoutPossible(config: QuorumConfig): boolean {
  const t = topology(config);
  const down = config.crashes > 0 ? Math.min(config.crashes, t.nodes) : 0;
  for (let c = 0; c < t.clientCount; c++) {
    let cutLoss = 0;
    if (config.partitions > 0) {
      for (const cut of t.cuts) {
        let across = 0;
        for (let h = 0; h < config.n; h++) if (!connected(cut, t.nodes + c, h)) across++;
        cutLoss = Math.max(cutLoss, across);
      }
    }
    const loss = cutLoss + down + config.drops;
    const script = config.ops[c];
    for (let i = 0; i + 1 < script.length; i++) {
      if (loss >= config.n - quorumOf(config, script[i].kind) + 1) return true;
    }
  }
  return false;
}

function faultWords(config: QuorumConfig, removed: readonly FaultBudget[]): string {
  const word = (budget: FaultBudget): string => {
    const k = config[budget];
    if (budget === 'partitions') return k === 1 ? 'the partition' : `${k} partitions`;
    if (budget === 'crashes') return k === 1 ? 'the crash' : `${k} crashes`;
    return k === 1 ? 'the lost message' : `${k} lost messages`;
  };
  const words = removed.map(word);
  return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * The fault budgets `properties` cannot observe under `config` (see the module comment), or
 * null when there are none to remove.
 */
export function unobservableFaults(config: QuorumConfig, properties: readonly string[]): UnobservableFaults | null {
  if (!timeoutBlind(properties) || config.mode === 'ap') return null;
  if (earlyTimeoutPossible(config)) return null;
  const waits = config.quorum === 'strict' && config.mode === 'quorum';
  const removed: FaultBudget[] = [];
  if (waits && config.partitions > 0) removed.push('partitions');
  if (waits && !config.stateLoss && config.crashes > 0) removed.push('crashes');
  // Routing and refusals read who is reachable, never the messages: drops only delay, in any mode but ap.
  if (config.drops > 0) removed.push('drops');
  if (removed.length === 0) return null;
  const reduced: QuorumConfig = { ...config, ...Object.fromEntries(removed.map((budget) => [budget, 0])) };
  const them = removed.length === 1 ? 'it' : 'them';
  const names = properties.join(', ');
  const why = waits ? 'a strict quorum that waits, and no operation after one that could time out' : 'lost messages only delay, and no operation after one that could time out';
  return {
    removed,
    config: reduced,
    sentence: `${faultWords(config, removed)} cannot change ${names} here (${why}): checked without ${them}`,
  };
}
