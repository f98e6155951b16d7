/**
 * The vocabulary of a message sequence chart: what one step of a trace looks like when drawn.
 * Generic to any message-passing model; a model's `describe.step` speaks it and the reports
 * draw it, so the reports need to know nothing about the model behind the trace.
 */

/** One thing that happens during a step, as it appears on a sequence chart. */
export type ChartEvent =
  /** A lane sends a message; `msg` is unique within the trace and links the later delivery or drop. */
  | { readonly kind: 'send'; readonly msg: string; readonly from: string; readonly to: string; readonly label: string }
  /** A message arrives at its destination lane and is handled. */
  | { readonly kind: 'deliver'; readonly msg: string; readonly at: string; readonly label: string }
  /** A message is lost (the network drops it, or its destination is cut off or down). */
  | { readonly kind: 'drop'; readonly msg: string; readonly reason: string }
  /**
   * Something a lane does on its own: apply a write, store a hint, hand off, repair. `tone`
   * `stale` marks a step the counterexample turns on (a replica discarding the newer write), drawn
   * so a reader cannot miss it.
   */
  | { readonly kind: 'local'; readonly lane: string; readonly label: string; readonly tone?: MessageTone }
  /** A client begins an operation; `op` is unique within the trace. */
  | { readonly kind: 'invoke'; readonly lane: string; readonly op: string; readonly label: string }
  /** A client's operation ends: `ok` (a successful answer), `refused`, or `timeout`. */
  | {
      readonly kind: 'respond';
      readonly lane: string;
      readonly op: string;
      readonly label: string;
      readonly outcome: 'ok' | 'refused' | 'timeout';
    }
  /** The network splits: lanes in `cut` cannot reach lanes in `rest`, in either direction. */
  | { readonly kind: 'partition'; readonly cut: readonly string[]; readonly rest: readonly string[]; readonly label: string }
  /** The partition ends. */
  | { readonly kind: 'heal'; readonly label: string }
  /** A lane crashes; `loseState` when its storage is lost too. */
  | { readonly kind: 'crash'; readonly lane: string; readonly loseState: boolean }
  /** A crashed lane comes back; `restoredFrom` names the peer whose copy it was restored from. */
  | { readonly kind: 'recover'; readonly lane: string; readonly restoredFrom?: string }
  /** A lane's clock is skewed by `by` ticks. */
  | { readonly kind: 'skew'; readonly lane: string; readonly by: number };

/** One step of a trace: what the chart draws, and what the narration says. */
export interface StepDescription {
  /** The events of the step, in the order they happen. */
  readonly events: readonly ChartEvent[];
  /** The step in plain words a newcomer follows, e.g. "the storm cuts branches 1 and 2 off from 3, 4 and 5". */
  readonly narration: string;
}

/** One row of a lane's final-state table on a sequence chart, e.g. `x` `1 @ v(1,C1)`. */
export interface FinalRow {
  /** The field's short name. */
  readonly key: string;
  /** The value as the reader should see it: short, in the model's own notation; `\n` breaks lines. */
  readonly value: string;
  /** Whether to draw the value highlighted: it is what the counterexample turns on (a stale replica's value). */
  readonly highlight?: boolean;
}

/** The final-state tables of a sequence chart: what each lane ends the trace holding. */
export interface LaneFinals {
  /** Each lane's rows by lane id, in display order. A lane left out gets no table. */
  readonly lanes: Readonly<Record<string, readonly FinalRow[]>>;
  /** One line saying what a highlighted value means, e.g. `misses a write that completed`; drawn under the tables. */
  readonly legend?: string;
}

/**
 * How a message matters to the counterexample: `stale`, it carried what the violation turns on
 * (a stale reply the read went by); `fresh`, it carried what the property wanted (the newer
 * value the read had in hand and did not return).
 */
export type MessageTone = 'stale' | 'fresh';

/** One lane of a `LaneSet`: the lane and the word or two on its badge. */
export interface LaneSetMember {
  readonly lane: string;
  /** The badge under the lane, e.g. `ack`, `ack for R2`, `replied 0`. */
  readonly badge: string;
  /** `stale`: this member is what the counterexample turns on (its badge is drawn red); `fresh`: it held what was wanted (green). */
  readonly tone?: MessageTone;
}

/** A set of lanes the chart draws as a row of badges under the lanes: a write quorum, a read quorum. */
export interface LaneSet {
  /** What the row is, e.g. `write(1) acknowledged by`; printed left of the badges. */
  readonly caption: string;
  readonly members: readonly LaneSetMember[];
}

/**
 * What a sequence chart points out beyond the events: which messages carried stale or fresh
 * values, the quorums as sets of lanes, and how those sets met. All optional; a chart without
 * marks colours every message to the violating operation red.
 */
export interface ChartMarks {
  /** Tones by message id (the `msg` of its `send` event); a message left out is drawn plain. */
  readonly messages?: Readonly<Record<string, MessageTone>>;
  /** The legend's words for each tone, e.g. `stale reply the read went by`. */
  readonly toneLegend?: Readonly<Partial<Record<MessageTone, string>>>;
  /** Rows of badges under the lanes, in order. */
  readonly sets?: readonly LaneSet[];
  /** One sentence on how the sets meet, e.g. `The quorums share no home replica: S1 stood in for R2.` */
  readonly meeting?: string;
  /** Whether that meeting is itself what failed (drawn red) rather than a plain fact. */
  readonly meetingFails?: boolean;
}
