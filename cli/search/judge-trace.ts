/**
 * Judging one replayed trace against one property, without a search: does the trace still
 * show what it was recorded to show?
 */
import { GrowableByteWriter, modelEncoder, type Model, type Property } from '../../explorer/index.ts';

/** How a lasso closes: the state the cycle returns to, and the action (enabled in the last state) that returns there. */
export interface RecordedLoop {
  readonly start: number;
  readonly actionIndex: number | undefined;
}

/** The judgement of a trace. */
export interface TraceJudgement {
  /** Whether the trace still violates the property (for a `sometimes` property: still witnesses it). */
  readonly stillShows: boolean;
  /** One line saying what was found, e.g. "stale-read fails in state 10 (after step 10)". */
  readonly detail: string;
}

/**
 * Judges `states` (a replayed trace) against `property`.
 * - `always`: some state fails the check.
 * - `sometimes` (the trace was an example): its last state passes the check.
 * - `eventually`: no state passes, and the trace ends in a dead end or closes its loop.
 * - `always-eventually`: no state of the loop passes (or the dead end at the end fails), and the loop closes.
 * Weak fairness of the loop is not re-judged: the search found it fair when the trace was written.
 */
export function judgeTrace<S, A>(model: Model<S, A>, property: Property<S>, states: readonly S[], loop: RecordedLoop | undefined): TraceJudgement {
  const last = states.length - 1;
  switch (property.kind) {
    case 'always': {
      const failing = states.findIndex((state) => !property.check(state));
      return failing < 0
        ? { stillShows: false, detail: `${property.name} holds in every one of the ${states.length} replayed states` }
        : { stillShows: true, detail: `${property.name} fails in state ${failing} (after step ${failing})` };
    }
    case 'sometimes':
      return property.check(states[last])
        ? { stillShows: true, detail: `${property.name} holds in the last state: the example still witnesses it` }
        : { stillShows: false, detail: `${property.name} does not hold in the last state: the example no longer witnesses it` };
    case 'eventually':
    case 'always-eventually': {
      const from = property.kind === 'eventually' ? 0 : loop?.start ?? last;
      const passing = states.findIndex((state, i) => i >= from && property.check(state));
      if (passing >= 0) return { stillShows: false, detail: `${property.name} holds in state ${passing}, so this behaviour no longer violates it` };
      if (loop === undefined) {
        const deadEnd = model.actions(states[last]).length === 0;
        return deadEnd
          ? { stillShows: true, detail: `${property.name} never holds and the trace ends in a dead end (state ${last})` }
          : { stillShows: false, detail: `the trace's last state is no longer a dead end, so it is not a counterexample to ${property.name}` };
      }
      const closes = loopCloses(model, states, loop);
      return closes
        ? { stillShows: true, detail: `${property.name} never holds on the cycle from state ${loop.start} back to itself` }
        : { stillShows: false, detail: `the loop no longer closes: the recorded action from the last state does not return to state ${loop.start}` };
    }
  }
}

function loopCloses<S, A>(model: Model<S, A>, states: readonly S[], loop: RecordedLoop): boolean {
  const last = states[states.length - 1];
  const enabled = model.actions(last);
  const candidates = loop.actionIndex === undefined ? enabled : enabled.slice(loop.actionIndex, loop.actionIndex + 1);
  const target = encoding(model, states[loop.start]);
  return candidates.some((action) => sameBytes(encoding(model, model.next(last, action)), target));
}

function encoding<S, A>(model: Model<S, A>, state: S): Uint8Array {
  const writer = new GrowableByteWriter();
  modelEncoder(model)(state, writer);
  return writer.bytes.slice(0, writer.length);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
