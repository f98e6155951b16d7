/**
 * The geometry of a sequence chart: which node sits where, which lane segments are bars or
 * dashed, where message labels go. Pure computation over the chart vocabulary; the DOT text is
 * written by `reports/sequence.ts`. Coordinates are in points, y grows upwards (rows go down).
 */
import type { LaneDescription } from '../../explorer/model.ts';
import type { LaneFinals, StepDescription } from '../../explorer/describe.ts';
import { textWidth, wrap } from './text.ts';
import { attachFinals, placeLegend, type FinalTable, type LegendLayout } from './final-tables.ts';
import { cellKey, readEvents, type ChartDraft } from './chart-events.ts';
import { IN_FLIGHT_LABEL_POSITIONS, LABEL_POSITIONS, placeLabel, type Rect } from './label-placement.ts';

/** What the layout needs from a sequence diagram's input (a structural subset of `SequenceInput`). */
export interface ChartSource {
  readonly lanes: readonly LaneDescription[];
  readonly steps: readonly StepDescription[];
  readonly actionLabels: readonly string[];
  readonly violation?: { readonly step: number };
  readonly loopStart?: number;
  readonly finals?: LaneFinals;
}

/** How a lane's node at one step is drawn. */
export type CellStyle = 'plain' | 'anchor' | 'crash' | 'recover' | 'violating' | 'refused' | 'timeout';

/** The node of one lane at one step: all that lane's events in that step, one line each. */
export interface Cell {
  readonly id: string;
  readonly step: number;
  y: number;
  readonly lines: string[];
  style: CellStyle;
  width: number;
  height: number;
}

/** What colours a lane segment drawn as a thick bar: the client operation in progress. */
export type BarKind = 'ok' | 'refused' | 'timeout' | 'pending' | 'violating';

/** A piece of a lane's line between two consecutive nodes on it. */
export interface Segment {
  readonly from: string;
  readonly to: string;
  readonly bar?: BarKind;
  readonly down: boolean;
}

/** A lane, placed. */
export interface LaneLayout {
  readonly id: string;
  readonly label: string;
  readonly role: LaneDescription['role'];
  x: number;
  readonly head: string;
  readonly foot: string;
  readonly cells: Cell[];
  readonly segments: Segment[];
  /** The lane's final state as a table under its foot, when the input gives one. */
  final?: FinalTable;
}

/** A message arrow, placed. */
export interface MessageLayout {
  readonly source: string;
  readonly target: string;
  readonly fate: 'delivered' | 'dropped' | 'in-flight';
  readonly violating: boolean;
  readonly label: string;
  readonly labelId: string;
  readonly labelX: number;
  readonly labelY: number;
  readonly toX: number;
  readonly toY: number;
}

/** A shaded partition box over a contiguous run of cut-off lanes. */
export interface PartitionRegion {
  readonly id: string;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  /** The partition's label, wrapped to the box (`\n` between lines); empty on every box of the partition but the widest. */
  readonly label: string;
}

/** One step's row. */
export interface RowLayout {
  readonly step: number;
  y: number;
  height: number;
  readonly marks: string[];
}

/** The whole chart, placed. */
export interface ChartLayout {
  readonly lanes: readonly LaneLayout[];
  readonly rows: readonly RowLayout[];
  readonly messages: readonly MessageLayout[];
  readonly partitions: readonly PartitionRegion[];
  readonly footY: number;
  readonly rightEdge: number;
  readonly violationY: number;
  /** The node the violation note is tied to; undefined when the violating row has nothing drawn on a lane. */
  readonly violationAnchor: string | undefined;
  readonly loop?: { readonly x: number; readonly top: number; readonly bottom: number; readonly label: string };
  /** What a highlighted final value means, placed under the tables (its centre); absent when there is none to say. */
  readonly legend?: LegendLayout;
}

const ROW = 46;
const MIN_GAP = 140;
const LINE_HEIGHT = 12;
const STEP_X = 24;

/** The violating operation: the cells marked, the operations whose bars and replies go red, the note's anchor. */
interface ViolationMarks {
  readonly step: number | undefined;
  readonly ops: ReadonlySet<string>;
  anchor: string | undefined;
}

/**
 * Lay out a chart. A model without step descriptions gets a one-lane chart of its action labels.
 * The phases run in order: read the events, mark the violation, size the cells, place the rows,
 * place the lanes' columns, join each lane's nodes into segments, shade the partitions, then
 * the messages with their labels, and last what goes around the lanes (legend, note, loop).
 */
export function layoutChart(source: ChartSource): ChartLayout {
  const draft = readEvents(source, ROW);
  const violation = markViolation(draft, source.violation?.step);
  sizeCells(draft.lanes);
  const footY = placeRows(draft);
  const loop = loopMark(draft, source.loopStart);
  const stepColumn = Math.max(30, ...draft.rows.map((r) => textWidth(`${r.step} ${r.marks.join(', ')}`, 10)));
  attachFinals(draft.lanes, source.finals);
  const laneWidth = placeColumns(draft, stepColumn, loop !== undefined);
  joinSegments(draft, violation);
  const regions = partitionRegions(draft, laneWidth, footY);
  const placed = placeMessages(draft, violation, regions, footY);

  const { lanes, rows } = draft;
  const n = draft.steps;
  const lastLane = lanes[lanes.length - 1];
  // The violation note goes right of everything, the legend under the final tables included.
  const legend = placeLegend(lanes, footY, source.finals?.legend);
  const rightEdge = Math.max(
    lastLane !== undefined ? lastLane.x + laneWidth[lanes.length - 1] / 2 : 0,
    ...placed.map((m) => m.labelX + (textWidth(m.label, 9) + 6) / 2),
    ...regions.map((r) => r.right),
    legend !== undefined ? legend.x + legend.width / 2 : 0,
  );
  const violationStep = violation.step;
  const violationY = violationStep !== undefined ? rows[violationStep - 1].y : 0;
  // A violating step that only loses a message: tie the note to the X.
  if (violation.anchor === undefined && violationStep !== undefined) {
    const drop = placed.find((m) => m.fate === 'dropped' && rows[violationStep - 1]?.y === m.toY);
    if (drop !== undefined) violation.anchor = drop.target;
  }
  const loopLayout =
    loop !== undefined && n > 0
      ? {
          x: STEP_X + stepColumn / 2 + 14,
          top: loop < n ? rows[loop].y + rows[loop].height / 2 : rows[n - 1].y,
          bottom: rows[n - 1].y - rows[n - 1].height / 2,
          label: loop === 0 ? 'loop: back to the start' : `loop: back to after step ${loop}`,
        }
      : undefined;
  return {
    lanes,
    rows,
    messages: placed,
    partitions: regions,
    footY,
    rightEdge,
    violationY,
    violationAnchor: violation.anchor,
    ...(loopLayout !== undefined ? { loop: loopLayout } : {}),
    ...(legend !== undefined ? { legend } : {}),
  };
}

/** The violating operation: the response at the violation's row, its bar, and the replies it read. */
function markViolation(draft: ChartDraft, step: number | undefined): ViolationMarks {
  const ops = new Set<string>();
  if (step === undefined || step < 1 || step > draft.steps) return { step: undefined, ops, anchor: undefined };
  const responses = draft.respondCells.get(step) ?? [];
  for (const { cell, op } of responses) {
    cell.style = 'violating';
    ops.add(op);
  }
  if (responses.length > 0) return { step, ops, anchor: responses[0].cell.id };
  const first = draft.lanes.flatMap((l) => l.cells).find((c) => c.step === step && c.lines.length > 0);
  if (first === undefined) return { step, ops, anchor: undefined };
  if (first.style === 'plain') first.style = 'violating';
  return { step, ops, anchor: first.id };
}

/** Each cell's size from its lines; a cell with no lines is a point where an arrow starts. */
function sizeCells(lanes: readonly LaneLayout[]): void {
  for (const lane of lanes) {
    for (const c of lane.cells) {
      if (c.lines.length === 0) {
        c.style = 'anchor';
        c.width = 4;
        c.height = 4;
      } else {
        c.width = Math.max(...c.lines.map((l) => textWidth(l, 10))) + 24;
        c.height = Math.max(21.6, c.lines.length * LINE_HEIGHT + 8);
      }
    }
  }
}

/** Rows top to bottom, each as tall as its tallest cell needs; returns the lanes' foot. */
function placeRows(draft: ChartDraft): number {
  const { lanes, rows } = draft;
  let y = 0;
  let previousHalf = 14;
  for (const row of rows) {
    const tallest = Math.max(0, ...lanes.flatMap((l) => l.cells.filter((c) => c.step === row.step).map((c) => c.height)));
    row.height = Math.max(ROW, tallest + 22);
    y -= previousHalf + row.height / 2;
    row.y = y;
    previousHalf = row.height / 2;
  }
  for (const lane of lanes) for (const c of lane.cells) c.y = rows[c.step - 1].y;
  const n = rows.length;
  return n === 0 ? -60 : rows[n - 1].y - rows[n - 1].height / 2 - 10;
}

/** Where a lasso's loop starts (marked in the step column), or undefined for a plain trace. */
function loopMark(draft: ChartDraft, loopStart: number | undefined): number | undefined {
  const n = draft.steps;
  if (loopStart === undefined || loopStart < 0 || loopStart > n || n === 0) return undefined;
  if (loopStart < n) draft.rows[loopStart].marks.push('loop');
  return loopStart;
}

/**
 * Columns: the step column, then each lane as far from its neighbour as its widest node needs,
 * and far enough that every message label fits between the lanes it joins. Returns each
 * lane's width.
 */
function placeColumns(draft: ChartDraft, stepColumn: number, hasLoop: boolean): number[] {
  const { lanes, laneIndex } = draft;
  const laneWidth = lanes.map((lane) =>
    Math.max(textWidth(lane.label, 12) + 24, lane.final?.width ?? 0, ...lane.cells.map((c) => c.width)),
  );
  const gaps = lanes.slice(1).map((_, i) => Math.max(MIN_GAP, laneWidth[i] / 2 + laneWidth[i + 1] / 2 + 30));
  for (const message of draft.messages.values()) {
    const a = laneIndex.get(message.from) ?? 0;
    const b = laneIndex.get(message.deliverLane ?? message.to) ?? 0;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (lo === hi) continue;
    const suffix = message.dropStep !== undefined ? ' (dropped)' : message.deliverStep === undefined ? ' (in flight)' : '';
    const need = textWidth(`${message.label}${suffix}`, 9) + 50;
    let span = 0;
    for (let i = lo; i < hi; i++) span += gaps[i];
    if (span < need) for (let i = lo; i < hi; i++) gaps[i] += (need - span) / (hi - lo);
  }
  let x = STEP_X + stepColumn / 2 + (hasLoop ? 40 : 24) + Math.max(laneWidth[0] ?? 0, 60) / 2;
  lanes.forEach((lane, i) => {
    lane.x = x;
    x += gaps[i] ?? 0;
  });
  return laneWidth;
}

/** Lane segments: head, each node in row order, foot; a bar while an operation is open, dashed while down. */
function joinSegments(draft: ChartDraft, violation: ViolationMarks): void {
  const n = draft.steps;
  const barOf = new Map<string, { start: number; end: number; kind: BarKind }[]>();
  for (const [opId, op] of draft.ops) {
    const kind: BarKind = violation.ops.has(opId) ? 'violating' : op.outcome ?? 'pending';
    const list = barOf.get(op.lane) ?? [];
    list.push({ start: op.invokeStep, end: op.respondStep ?? Number.POSITIVE_INFINITY, kind });
    barOf.set(op.lane, list);
  }
  for (const lane of draft.lanes) {
    lane.cells.sort((p, q) => p.step - q.step);
    const chain = [{ id: lane.head, step: 0 }, ...lane.cells.map((c) => ({ id: c.id, step: c.step })), { id: lane.foot, step: n + 1 }];
    for (let i = 0; i + 1 < chain.length; i++) {
      const from = chain[i];
      const to = chain[i + 1];
      const bar = (barOf.get(lane.id) ?? []).find((b) => b.start <= from.step && to.step <= b.end);
      const down = (draft.downs.get(lane.id) ?? []).some((d) => d.start <= from.step && to.step <= d.end);
      lane.segments.push(bar !== undefined ? { from: from.id, to: to.id, bar: bar.kind, down } : { from: from.id, to: to.id, down });
    }
  }
}

/** Partition regions: one box per contiguous run of cut-off lanes, from the partition's row to the heal's. */
function partitionRegions(draft: ChartDraft, laneWidth: readonly number[], footY: number): PartitionRegion[] {
  const { lanes, laneIndex, rows } = draft;
  const regions: PartitionRegion[] = [];
  draft.partitions.forEach((partition, p) => {
    // Shade the smaller side: the lanes a reader thinks of as cut off, whichever side the model calls `cut`.
    const shaded = partition.rest.length > 0 && partition.rest.length < partition.cut.length ? partition.rest : partition.cut;
    const cut = shaded.map((id) => laneIndex.get(id)).filter((i): i is number => i !== undefined);
    const sorted = [...new Set(cut)].sort((a, b) => a - b);
    const runs: number[][] = [];
    for (const index of sorted) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[last.length - 1] === index - 1) last.push(index);
      else runs.push([index]);
    }
    const label =
      partition.label.length > 0
        ? partition.label
        : `partition: {${shaded.join(',')}} cut off from {${(shaded === partition.cut ? partition.rest : partition.cut).join(',')}}`;
    const boxes = runs.map((run) => {
      const first = run[0];
      const last = run[run.length - 1];
      const leftHalf = first > 0 ? (lanes[first].x - lanes[first - 1].x) / 2 : laneWidth[first] / 2 + 16;
      const rightHalf = last + 1 < lanes.length ? (lanes[last + 1].x - lanes[last].x) / 2 : laneWidth[last] / 2 + 16;
      return { left: lanes[first].x - leftHalf + 8, right: lanes[last].x + rightHalf - 8 };
    });
    // The label goes on the widest box, where it has the most room, wrapped to stay inside it.
    const widest = boxes.reduce((best, box, r) => (box.right - box.left > boxes[best].right - boxes[best].left ? r : best), 0);
    boxes.forEach((box, r) => {
      const columns = Math.max(12, Math.floor((box.right - box.left - 10) / textWidth('m', 9)));
      regions.push({
        id: runs.length === 1 ? `part${p}` : `part${p}_${r}`,
        ...box,
        top: rows[partition.start - 1].y,
        bottom: partition.end !== undefined ? rows[partition.end - 1].y : footY,
        label: r === widest ? wrap(label, columns).join('\n') : '',
      });
    });
  });
  return regions;
}

/** A message's arrow before its label is placed. */
type Arrow = Omit<MessageLayout, 'labelX' | 'labelY'> & { fromX: number; fromY: number; positions: readonly number[] };

/** Messages, with each label put where it collides with the fewest nodes and earlier labels. */
function placeMessages(draft: ChartDraft, violation: ViolationMarks, regions: readonly PartitionRegion[], footY: number): MessageLayout[] {
  const { lanes } = draft;
  const obstacles: Rect[] = lanes.flatMap((lane) => lane.cells.map((c) => ({ x: lane.x, y: c.y, w: c.width + 4, h: c.height + 4 })));
  for (const lane of lanes) obstacles.push({ x: lane.x, y: 0, w: textWidth(lane.label, 12) + 28, h: 26 });
  const laneLines: Rect[] = lanes.map((lane) => ({ x: lane.x, y: footY / 2, w: 3, h: -footY }));
  // A region's label sits inside its top edge, centred.
  for (const region of regions) {
    if (region.label.length === 0) continue;
    const lines = region.label.split('\n');
    const height = 13 * lines.length;
    obstacles.push({ x: (region.left + region.right) / 2, y: region.top - 1.5 - height / 2, w: Math.max(...lines.map((l) => textWidth(l, 9))) + 6, h: height });
  }
  // The dotted line from the violating node to the note, which runs right past every lane.
  const anchorCell = lanes.flatMap((lane) => lane.cells.map((c) => ({ lane, c }))).find(({ c }) => c.id === violation.anchor);
  if (anchorCell !== undefined) {
    obstacles.push({ x: anchorCell.lane.x + anchorCell.c.width / 2 + 5000, y: anchorCell.c.y, w: 10000, h: 4 });
  }
  // First every arrow's ends, then the labels: a label should not sit on any arrow, even a later one.
  const arrows = messageArrows(draft, violation, footY, obstacles);
  const arrowPoints = arrows.map((a) => {
    const length = Math.hypot(a.toX - a.fromX, a.toY - a.fromY);
    const count = Math.max(1, Math.floor(length / 8));
    return Array.from({ length: count + 1 }, (_, k) => ({
      x: a.fromX + ((a.toX - a.fromX) * k) / count,
      y: a.fromY + ((a.toY - a.fromY) * k) / count,
      w: 2,
      h: 2,
    }));
  });
  return arrows.map((arrow, i) => {
    const soft = [...laneLines, ...arrowPoints.filter((_, j) => j !== i).flat()];
    const width = textWidth(arrow.label, 9) + 6;
    const position = placeLabel(arrow.fromX, arrow.fromY, arrow.toX, arrow.toY, width, 13, obstacles, soft, arrow.positions);
    obstacles.push({ x: position.x, y: position.y, w: position.w, h: 13 });
    const { fromX: _x, fromY: _y, positions: _p, ...rest } = arrow;
    return { ...rest, labelX: position.x, labelY: position.y };
  });
}

/** Each message's arrow: delivered to its cell, dropped at an X on its destination's lane, or in flight to the foot. */
function messageArrows(draft: ChartDraft, violation: ViolationMarks, footY: number, obstacles: Rect[]): Arrow[] {
  const { lanes, laneIndex, cellAt, rows } = draft;
  const n = draft.steps;
  const arrows: Arrow[] = [];
  let counter = 0;
  for (const message of draft.messages.values()) {
    const fromLane = lanes[laneIndex.get(message.from) ?? 0];
    const source = cellAt.get(cellKey(message.from, message.sendStep));
    if (source === undefined) continue;
    const id = `m${counter++}`;
    let fate: MessageLayout['fate'];
    let target: string;
    let toLane: LaneLayout;
    let toY: number;
    let label = message.label;
    if (message.deliverStep !== undefined && message.deliverLane !== undefined) {
      fate = 'delivered';
      toLane = lanes[laneIndex.get(message.deliverLane) ?? 0];
      const deliveredCell = cellAt.get(cellKey(message.deliverLane, message.deliverStep));
      if (deliveredCell === undefined || deliveredCell.id === source.id) continue;
      target = deliveredCell.id;
      toY = deliveredCell.y;
    } else if (message.dropStep !== undefined) {
      fate = 'dropped';
      toLane = lanes[laneIndex.get(message.to) ?? 0];
      target = `${id}_x`;
      toY = rows[message.dropStep - 1].y;
      label = `${label} (dropped${message.dropReason ? `: ${message.dropReason}` : ''})`;
      obstacles.push({ x: toLane.x, y: toY, w: 14, h: 18 });
    } else {
      fate = 'in-flight';
      toLane = lanes[laneIndex.get(message.to) ?? 0];
      target = toLane.foot;
      toY = footY;
      label = `${label} (in flight)`;
    }
    const violating =
      fate === 'delivered' &&
      [...draft.ops.entries()].some(
        ([opId, op]) =>
          violation.ops.has(opId) &&
          op.lane === message.deliverLane &&
          op.invokeStep < (message.deliverStep ?? 0) &&
          (message.deliverStep ?? 0) <= (op.respondStep ?? n),
      );
    arrows.push({
      source: source.id,
      target,
      fate,
      violating,
      label,
      labelId: `${id}_lbl`,
      toX: toLane.x,
      toY,
      fromX: fromLane.x,
      fromY: source.y,
      // An in-flight arrow runs to the chart's foot: its label goes near the far end, out of the busy rows.
      positions: fate === 'in-flight' ? IN_FLIGHT_LABEL_POSITIONS : LABEL_POSITIONS,
    });
  }
  return arrows;
}
