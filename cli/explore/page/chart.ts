/**
 * The sequence chart of the path so far, drawn by the reports exactly as `check --out` draws a
 * counterexample: the same lanes, colours, final-state tables and violation note, through
 * `describeTrace` and `sequenceDiagram`.
 */
import type { Model, Trace } from '../../../explorer/index.ts';
import { describeTrace, sequenceDiagram, type DescribedTrace } from '../../../reports/index.ts';

/** What to mark on the chart besides the path. */
export interface PathChartOptions {
  /** Printed above the chart. */
  readonly title: string;
  /** The first violated property on the path, and the step (0: the initial state) where it broke. */
  readonly violation?: { readonly property: string; readonly step: number };
  /** For a loaded lasso that the path follows to its end: where its cycle starts. */
  readonly loopStart?: number;
}

/** A path drawn: the DOT source, and the described trace it came from (for the page's tables). */
export interface PathChart {
  readonly dot: string;
  readonly described: DescribedTrace;
  /** The violation note's text, when there is a violation. */
  readonly explanation?: string;
}

/** Draws `trace` (the path so far) as a sequence chart. */
export function pathChart<S, A>(model: Model<S, A>, trace: Trace<S, A>, options: PathChartOptions): PathChart {
  const property = options.violation?.property ?? model.properties[0]?.name ?? '';
  const described = describeTrace(model, trace, property);
  const violation = options.violation;
  let explanation: string | undefined;
  if (violation !== undefined) {
    // The model explains a trace that ends where the property broke, as `check` hands it one.
    const k = violation.step;
    const explained = k === trace.actions.length ? described.explanation : model.describe?.explain?.(trace.states.slice(0, k + 1), trace.actions.slice(0, k), violation.property);
    explanation = explained ?? `${violation.property} does not hold after step ${k}.`;
  }
  const dot = sequenceDiagram({
    lanes: described.lanes,
    steps: described.steps,
    actionLabels: described.actionLabels,
    ...(violation !== undefined ? { violation: { step: violation.step, title: `${violation.property} violated`, explanation: explanation ?? '' } } : {}),
    ...(options.loopStart !== undefined ? { loopStart: options.loopStart } : {}),
    finals: described.finals,
    // The stale and fresh replies and the quorum strip, as check draws them for the violated property.
    ...(violation !== undefined && described.marks !== undefined ? { marks: described.marks } : {}),
    title: options.title,
  });
  return { dot, described, ...(explanation !== undefined ? { explanation } : {}) };
}
