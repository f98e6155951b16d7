/**
 * The geometry of a sequence chart: which node sits where, which lane segments are bars or
 * dashed, where each arrow runs and its label goes, the partition bands, the quorum strip, the
 * final tables and the legend. Pure computation over the chart vocabulary; the DOT text is
 * written by `reports/sequence.ts`. Coordinates are in points, y grows upwards (rows go down).
 */
import type { LaneDescription, ChartMarks, LaneFinals, MessageTone, StepDescription } from '../../explorer/index.ts';
import { textWidth } from './text.ts';
import { attachFinals, placeLegend, type FinalTable, type LegendEntry, type LegendLayout } from './final-tables.ts';
import { cellKey, readEvents, type ChartDraft, type MessageRecord } from './chart-events.ts';
import { bandLabelHeight, bandLabelLines, orderLanes, partitionLabelBoxes, placePartitions, type PartitionMarks } from './chart-partitions.ts';
import { clear, routeArrow, type Obstacle, type Point, type RouteGrid } from './chart-routes.ts';
import { BADGE_HEIGHT, placeStrip, type StripLayout } from './chart-strip.ts';
import { IN_FLIGHT_LABEL_POSITIONS, LABEL_POSITIONS, placeLabel, type LabelPlace, type Rect } from './label-placement.ts';

/** What the layout needs from a sequence diagram's input (a structural subset of `SequenceInput`). */
export interface ChartSource {
  readonly lanes: readonly LaneDescription[];
  readonly steps: readonly StepDescription[];
  readonly actionLabels: readonly string[];
  readonly violation?: { readonly step: number };
  readonly loopStart?: number;
  readonly finals?: LaneFinals;
  readonly marks?: ChartMarks;
}

/** How a lane's node at one step is drawn. */
export type CellStyle = 'plain' | 'anchor' | 'crash' | 'recover' | 'violating' | 'refused' | 'timeout' | 'alert';

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
  /** What the message means to the counterexample (`plain`: nothing in particular). */
  readonly tone: MessageTone | 'plain';
  /** Where the arrow turns on its way, in order; empty for a straight arrow. */
  readonly waypoints: readonly Point[];
  readonly label: string;
  readonly labelId: string;
  readonly labelX: number;
  readonly labelY: number;
  readonly toX: number;
  readonly toY: number;
}

/** A partition drawn as a band between its two sides, from its row to the heal's (or the foot), labelled once. */
export interface PartitionBand {
  readonly id: string;
  readonly x: number;
  readonly top: number;
  readonly bottom: number;
  /** The label's lines, `\n` between them. */
  readonly label: string;
  readonly labelX: number;
  readonly labelY: number;
  readonly labelWidth: number;
  readonly labelHeight: number;
}

/** A shaded partition box over a contiguous run of cut-off lanes (a partition whose sides are not contiguous in the lane order). */
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
  readonly bands: readonly PartitionBand[];
  readonly partitions: readonly PartitionRegion[];
  readonly footY: number;
  /** Where the final tables hang from. */
  readonly tablesTop: number;
  readonly rightEdge: number;
  readonly violationY: number;
  /** The node the violation note is tied to; undefined when the violating row has nothing drawn on a lane. */
  readonly violationAnchor: string | undefined;
  /** Where the tie from the anchor to the note turns, when a box stands in its row; empty for a straight tie. */
  readonly tieWaypoints: readonly Point[];
  readonly loop?: { readonly x: number; readonly top: number; readonly bottom: number; readonly label: string };
  /** The quorum strip under the feet, when the marks name sets of lanes. */
  readonly strip?: StripLayout;
  /** What a highlighted final value and each arrow colour mean, placed under the tables; absent when there is none to say. */
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
 * The phases run in order: read the events, order the lanes (partition sides together), mark the
 * violation, size the cells, place the rows and the lanes' columns, join each lane's nodes into
 * segments, place the partitions, the quorum strip and the tables under the feet, route every
 * arrow around the boxes and put its label, and last the legend, the note's row and the loop.
 */
export function layoutChart(source: ChartSource): ChartLayout {
  // A chart too crowded for every label to find a clear place gets taller rows and more room
  // above the feet, a few times at most; the same input always takes the same tries.
  let chart = layoutWith(source, 0);
  for (let extra = 12; chart.crowded && extra <= 36; extra += 12) chart = layoutWith(source, extra);
  const { crowded: _crowded, ...placed } = chart;
  return placed;
}

/** `layoutChart` with `extra` points added to every row's least height and to the gap above the feet. */
function layoutWith(source: ChartSource, extra: number): ChartLayout & { readonly crowded: boolean } {
  const draft = orderLanes(readEvents(source, ROW + extra));
  const violation = markViolation(draft, source.violation?.step);
  sizeCells(draft.lanes);
  const footY = placeRows(draft, extra);
  const loop = loopMark(draft, source.loopStart);
  const stepColumn = Math.max(30, ...draft.rows.map((r) => textWidth(`${r.step} ${r.marks.join(', ')}`, 10)));
  attachFinals(draft.lanes, source.finals);
  const laneWidth = placeColumns(draft, stepColumn, loop !== undefined);
  joinSegments(draft, violation);
  const partitions = placePartitions(draft, laneWidth, footY);
  const strip = placeStrip(draft.lanes, laneWidth, source.marks, footY - 6);
  const tablesTop = (strip?.bottom ?? footY) - 8;
  const tones = messageTones(draft, violation, source.marks);
  const legend = placeLegend(draft.lanes, tablesTop, legendEntries(source, tones));
  const footer = footerBoxes(draft.lanes, tablesTop, strip, legend);
  const { messages, crowded } = placeMessages(draft, { violation, partitions, footY, tones, footer, laneWidth });

  const { lanes, rows } = draft;
  const n = draft.steps;
  const lastLane = lanes[lanes.length - 1];
  // The violation note goes right of everything, the legend under the final tables included.
  const rightEdge = Math.max(
    lastLane !== undefined ? lastLane.x + laneWidth[lanes.length - 1] / 2 : 0,
    ...messages.map((m) => m.labelX + (textWidth(m.label, 9) + 6) / 2),
    ...partitions.regions.map((r) => r.right),
    ...partitions.bands.map((band) => band.labelX + band.labelWidth / 2),
    ...footer.map((box) => box.x + box.w / 2),
  );
  const violationStep = violation.step;
  const violationY = violationStep !== undefined ? rows[violationStep - 1].y : 0;
  // A violating step that only loses a message: tie the note to the X.
  if (violation.anchor === undefined && violationStep !== undefined) {
    const drop = messages.find((m) => m.fate === 'dropped' && rows[violationStep - 1]?.y === m.toY);
    if (drop !== undefined) violation.anchor = drop.target;
  }
  const tie = tieRoute(draft, messages, violation, rightEdge + 30, laneWidth, footY);
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
    messages,
    bands: partitions.bands,
    partitions: partitions.regions,
    footY,
    tablesTop,
    rightEdge,
    violationY: tie?.noteY ?? violationY,
    violationAnchor: violation.anchor,
    tieWaypoints: tie?.waypoints ?? [],
    ...(loopLayout !== undefined ? { loop: loopLayout } : {}),
    ...(strip !== undefined ? { strip } : {}),
    ...(legend !== undefined ? { legend } : {}),
    crowded,
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

/** The boxes an arrow must pass by: every cell (an anchor as a small square) and every drop's X. */
function boxObstacles(draft: ChartDraft, messages: readonly Pick<MessageLayout, 'fate' | 'target' | 'toX' | 'toY'>[]): Obstacle[] {
  const cells: Obstacle[] = draft.lanes.flatMap((lane) =>
    lane.cells.map((c) => (c.style === 'anchor' ? { id: c.id, x: lane.x, y: c.y, w: 8, h: 8 } : { id: c.id, x: lane.x, y: c.y, w: c.width, h: c.height })),
  );
  const drops = messages.filter((m) => m.fate === 'dropped').map((m) => ({ id: m.target, x: m.toX, y: m.toY, w: 14, h: 18 }));
  return [...cells, ...drops];
}

/**
 * The tie from the violation's anchor to the note, which stands at `noteLeft`: straight along the
 * violating row when nothing is in the way, else routed around the boxes to the row's lower edge,
 * where the note then stands.
 */
function tieRoute(
  draft: ChartDraft,
  messages: readonly MessageLayout[],
  violation: ViolationMarks,
  noteLeft: number,
  laneWidth: readonly number[],
  footY: number,
): { waypoints: Point[]; noteY: number } | undefined {
  const anchor = violation.anchor;
  const step = violation.step;
  if (anchor === undefined || step === undefined) return undefined;
  const cell = draft.lanes.flatMap((lane) => lane.cells.map((c) => ({ x: lane.x, y: c.y, id: c.id }))).find((c) => c.id === anchor);
  const drop = messages.find((m) => m.target === anchor);
  const from = cell ?? (drop !== undefined ? { x: drop.toX, y: drop.toY } : undefined);
  if (from === undefined) return undefined;
  const obstacles = boxObstacles(draft, messages);
  const ends = new Set([anchor]);
  if (clear(from, { x: noteLeft, y: from.y }, obstacles, ends)) return { waypoints: [], noteY: from.y };
  const row = draft.rows[step - 1];
  const lower = row.y - row.height / 2;
  return { waypoints: routeArrow(from, { x: noteLeft, y: lower }, routeGrid(draft, laneWidth, footY), obstacles, ends), noteY: lower };
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
function placeRows(draft: ChartDraft, extra: number): number {
  const { lanes, rows } = draft;
  // A partition's row holds its band's label.
  const bandLabelRoom = new Map(draft.partitions.map((p) => [p.start, bandLabelHeight(bandLabelLines(p).length) + 18]));
  let y = 0;
  let previousHalf = 14;
  for (const row of rows) {
    const tallest = Math.max(0, ...lanes.flatMap((l) => l.cells.filter((c) => c.step === row.step).map((c) => c.height)));
    row.height = Math.max(ROW + extra, tallest + 22 + extra, bandLabelRoom.get(row.step) ?? 0);
    y -= previousHalf + row.height / 2;
    row.y = y;
    previousHalf = row.height / 2;
  }
  for (const lane of lanes) for (const c of lane.cells) c.y = rows[c.step - 1].y;
  const n = rows.length;
  return n === 0 ? -60 : rows[n - 1].y - rows[n - 1].height / 2 - 10 - extra;
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

/** Each message's tone: the model's marks when it gives them, else red for what reached the violating operation. */
function messageTones(draft: ChartDraft, violation: ViolationMarks, marks: ChartMarks | undefined): ReadonlyMap<string, MessageTone | 'plain'> {
  const tones = new Map<string, MessageTone | 'plain'>();
  for (const message of draft.messages.values()) {
    if (marks?.messages !== undefined) {
      tones.set(message.id, marks.messages[message.id] ?? 'plain');
      continue;
    }
    const at = message.deliverStep;
    const toViolation =
      at !== undefined &&
      [...draft.ops.entries()].some(
        ([opId, op]) => violation.ops.has(opId) && op.lane === message.deliverLane && op.invokeStep < at && at <= (op.respondStep ?? draft.steps),
      );
    tones.set(message.id, toViolation ? 'stale' : 'plain');
  }
  return tones;
}

/** The legend's lines: the highlight of the final tables, then each tone some delivered arrow is drawn in. */
function legendEntries(source: ChartSource, tones: ReadonlyMap<string, MessageTone | 'plain'>): LegendEntry[] {
  const entries: LegendEntry[] = [];
  const highlight = source.finals?.legend;
  if (highlight !== undefined && highlight.length > 0) entries.push({ swatch: 'highlight', text: highlight });
  const used = new Set(tones.values());
  const words = source.marks?.toneLegend;
  if (used.has('stale')) entries.push({ swatch: 'stale', text: words?.stale ?? (source.marks?.messages !== undefined ? 'what the violation turns on' : 'message to the violating operation') });
  if (used.has('fresh')) entries.push({ swatch: 'fresh', text: words?.fresh ?? 'the value the property wanted' });
  return entries;
}

/** The boxes under the lanes' feet: the quorum strip, the final tables, the legend. */
function footerBoxes(lanes: readonly LaneLayout[], tablesTop: number, strip: StripLayout | undefined, legend: LegendLayout | undefined): Rect[] {
  const boxes: Rect[] = [];
  for (const lane of lanes) {
    if (lane.final !== undefined) boxes.push({ x: lane.x, y: tablesTop - lane.final.height / 2, w: lane.final.width, h: lane.final.height });
  }
  for (const badge of strip?.badges ?? []) boxes.push({ x: badge.x, y: badge.y, w: badge.width, h: BADGE_HEIGHT });
  for (const caption of strip?.captions ?? []) boxes.push({ x: caption.x, y: caption.y, w: caption.width, h: BADGE_HEIGHT });
  if (strip?.meeting !== undefined) boxes.push({ x: strip.meeting.x, y: strip.meeting.y, w: strip.meeting.width, h: strip.meeting.height });
  if (legend !== undefined) boxes.push({ x: legend.x, y: legend.y, w: legend.width, h: legend.height });
  return boxes;
}

/** What placing the messages needs besides the draft. */
interface MessageContext {
  readonly violation: ViolationMarks;
  readonly partitions: PartitionMarks;
  readonly footY: number;
  readonly tones: ReadonlyMap<string, MessageTone | 'plain'>;
  /** The boxes under the feet, which labels must keep off. */
  readonly footer: readonly Rect[];
  /** Each lane's widest node. */
  readonly laneWidth: readonly number[];
}

/** A message's arrow before its label is placed. */
type Arrow = Omit<MessageLayout, 'labelX' | 'labelY'> & { readonly from: Point; readonly positions: readonly number[] };

/**
 * Messages: every arrow's ends, then its route around the boxes, then its label where it
 * touches the fewest boxes, labels and other arrows.
 */
function placeMessages(draft: ChartDraft, context: MessageContext): { messages: MessageLayout[]; crowded: boolean } {
  const { lanes } = draft;
  const arrows = messageArrows(draft, context);
  const cells: Obstacle[] = lanes.flatMap((lane) =>
    lane.cells.map((c) => (c.style === 'anchor' ? { id: c.id, x: lane.x, y: c.y, w: 8, h: 8 } : { id: c.id, x: lane.x, y: c.y, w: c.width, h: c.height })),
  );
  const drops: Obstacle[] = arrows.filter((a) => a.fate === 'dropped').map((a) => ({ id: a.target, x: a.toX, y: a.toY, w: 14, h: 18 }));
  const partitionLabels = partitionLabelBoxes(context.partitions);
  // A band's label blocks arrows (it sits where the band begins); a shaded region's label does not, or an arrow could not leave the region.
  const bandLabels = partitionLabels.slice(0, context.partitions.bands.length);
  const blocking: Obstacle[] = [...cells, ...drops, ...bandLabels.map((box, i) => ({ id: `band_label${i}`, ...box }))];
  const grid = routeGrid(draft, context.laneWidth, context.footY);
  const routed = arrows.map((arrow) => ({ ...arrow, waypoints: routeArrow(arrow.from, { x: arrow.toX, y: arrow.toY }, grid, blocking, new Set([arrow.source, arrow.target])) }));

  const obstacles: Rect[] = [...lanes.flatMap((lane) => lane.cells.map((c) => ({ x: lane.x, y: c.y, w: c.width + 4, h: c.height + 4 }))), ...drops, ...partitionLabels, ...context.footer];
  for (const lane of lanes) obstacles.push({ x: lane.x, y: 0, w: textWidth(lane.label, 12) + 28, h: 26 });
  // The dotted line from the violating node to the note, which runs right past every lane.
  const anchorCell = lanes.flatMap((lane) => lane.cells.map((c) => ({ lane, c }))).find(({ c }) => c.id === context.violation.anchor);
  if (anchorCell !== undefined) obstacles.push({ x: anchorCell.lane.x + anchorCell.c.width / 2 + 5000, y: anchorCell.c.y, w: 10000, h: 4 });
  // Lane lines (as wide as an operation's bar), and above the first row and below the feet, where a label would float away from its arrow.
  const laneLines: Rect[] = lanes.map((lane) => ({ x: lane.x, y: context.footY / 2, w: 9, h: -context.footY }));
  const firstRowTop = draft.rows.length > 0 ? draft.rows[0].y + draft.rows[0].height / 2 : 0;
  obstacles.push({ x: 0, y: firstRowTop + 5000, w: 1e6, h: 10000 }, { x: 0, y: context.footY - 4 - 5000, w: 1e6, h: 10000 });
  // First every arrow's route, then the labels: a label should not sit on any arrow, even a later one.
  const pointsOf = routed.map((arrow) => sample([arrow.from, ...arrow.waypoints, { x: arrow.toX, y: arrow.toY }]));
  let crowded = false;
  const messages = routed.map((arrow, i) => {
    const soft = [...laneLines, ...pointsOf.filter((_, j) => j !== i).flat()];
    const width = textWidth(arrow.label, 9) + 6;
    const position = labelOnRoute([arrow.from, ...arrow.waypoints, { x: arrow.toX, y: arrow.toY }], width, obstacles, soft, arrow.positions);
    // A score of 10 or more: the label still sits on a box, a table or another label.
    crowded ||= position.score >= 10;
    obstacles.push({ x: position.x, y: position.y, w: position.w, h: 13 });
    const { from: _from, positions: _positions, ...rest } = arrow;
    return { ...rest, labelX: position.x, labelY: position.y };
  });
  return { messages, crowded };
}

/** Points every 8 pt along a polyline, for keeping labels off it. */
function sample(points: readonly Point[]): Rect[] {
  const out: Rect[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const count = Math.max(1, Math.floor(Math.hypot(b.x - a.x, b.y - a.y) / 8));
    for (let k = i === 1 ? 0 : 1; k <= count; k++) out.push({ x: a.x + ((b.x - a.x) * k) / count, y: a.y + ((b.y - a.y) * k) / count, w: 2, h: 2 });
  }
  return out;
}

/** The label's place along a route: on its longest piece if that is clean, else on whichever piece touches least. */
function labelOnRoute(points: readonly Point[], width: number, obstacles: readonly Rect[], soft: readonly Rect[], positions: readonly number[]): LabelPlace {
  const pieces = points.slice(1).map((b, i) => ({ a: points[i], b, length: Math.hypot(b.x - points[i].x, b.y - points[i].y) }));
  pieces.sort((p, q) => q.length - p.length);
  let best: LabelPlace | undefined;
  for (const [k, piece] of pieces.entries()) {
    const place = placeLabel(piece.a.x, piece.a.y, piece.b.x, piece.b.y, width, 13, obstacles, soft, positions);
    const score = place.score + k * 0.25;
    if (best === undefined || score < best.score) best = { ...place, score };
    if (best.score < 1) break;
  }
  return best ?? { x: points[0].x, y: points[0].y, w: width, score: 0 };
}

/**
 * The gaps between lanes (each half way between the two lanes' widest nodes, so a route can run
 * down it clear of both) and the heights where a route may turn: row boundaries and middles, and
 * the foot.
 */
function routeGrid(draft: ChartDraft, laneWidth: readonly number[], footY: number): RouteGrid {
  const lanes = draft.lanes;
  const gaps = lanes.slice(1).map((lane, i) => (lanes[i].x + laneWidth[i] / 2 + lane.x - laneWidth[i + 1] / 2) / 2);
  const guides = [...draft.rows.flatMap((row) => [row.y, row.y - row.height / 2]), footY];
  return { gaps, guides };
}

/** Each message's arrow: delivered to its cell, dropped at an X on its destination's lane, or in flight to the foot. */
function messageArrows(draft: ChartDraft, context: MessageContext): Arrow[] {
  const { lanes, laneIndex, cellAt } = draft;
  const arrows: Arrow[] = [];
  let counter = 0;
  for (const message of draft.messages.values()) {
    const fromLane = lanes[laneIndex.get(message.from) ?? 0];
    const source = cellAt.get(cellKey(message.from, message.sendStep));
    if (source === undefined) continue;
    const id = `m${counter++}`;
    const end = arrowEnd(draft, message, id, context.footY);
    if (end === undefined) continue;
    arrows.push({
      source: source.id,
      ...end,
      tone: context.tones.get(message.id) ?? 'plain',
      waypoints: [],
      labelId: `${id}_lbl`,
      from: { x: fromLane.x, y: source.y },
      // An in-flight arrow runs to the chart's foot: its label goes near the far end, out of the busy rows.
      positions: end.fate === 'in-flight' ? IN_FLIGHT_LABEL_POSITIONS : LABEL_POSITIONS,
    });
  }
  return arrows;
}

/** Where a message's arrow ends and what its label says, by its fate; undefined when it is delivered where it was sent. */
function arrowEnd(
  draft: ChartDraft,
  message: MessageRecord,
  id: string,
  footY: number,
): Pick<MessageLayout, 'target' | 'fate' | 'label' | 'toX' | 'toY'> | undefined {
  const { lanes, laneIndex, cellAt, rows } = draft;
  const sourceCell = cellAt.get(cellKey(message.from, message.sendStep));
  if (message.deliverStep !== undefined && message.deliverLane !== undefined) {
    const delivered = cellAt.get(cellKey(message.deliverLane, message.deliverStep));
    if (delivered === undefined || delivered.id === sourceCell?.id) return undefined;
    return { target: delivered.id, fate: 'delivered', label: message.label, toX: lanes[laneIndex.get(message.deliverLane) ?? 0].x, toY: delivered.y };
  }
  const toX = lanes[laneIndex.get(message.to) ?? 0].x;
  if (message.dropStep !== undefined) {
    const reason = message.dropReason ? `: ${message.dropReason}` : '';
    return { target: `${id}_x`, fate: 'dropped', label: `${message.label} (dropped${reason})`, toX, toY: rows[message.dropStep - 1].y };
  }
  return { target: lanes[laneIndex.get(message.to) ?? 0].foot, fate: 'in-flight', label: `${message.label} (in flight)`, toX, toY: footY };
}
