/**
 * The reports' public API: a trace in, pictures and words out.
 */
export { sequenceDiagram, type SequenceInput } from './sequence.ts';
export {
  stateGraph,
  stateGraphOf,
  wholeStateGraph,
  traceNeighbourhood,
  stateBrief,
  actionKind,
  formatValue,
  WHOLE_GRAPH_LIMIT,
  type StateGraphInput,
  type StateGraphNode,
  type StateGraphEdge,
  type StateGraphOptions,
} from './state-graph.ts';
export { renderSvg, renderPng, RenderError, type PngOptions } from './render.ts';
export { toItf, parseItf, ACTION_TAKEN, type ItfTrace, type ItfReplay, type ItfInput, type ParseItfResult } from './itf.ts';
export { reportMarkdown, type ReportInput, type NarratedTrace } from './markdown.ts';
export {
  writeOutputs,
  buildCheckOutputs,
  headlineResult,
  chartTitle,
  CHECK_OUTPUT_FILES,
  CHECK_OUTPUT_NAMES,
  type CheckOutputInput,
  type CheckOutputOptions,
} from './output.ts';
export { describeTrace, actionLabel, stateView, toJsonValue, laneFinals, genericFinals, type DescribedTrace } from './describe-trace.ts';
