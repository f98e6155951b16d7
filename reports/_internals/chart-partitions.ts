/**
 * Partitions on a sequence chart: the lanes put in order so each side of the first partition
 * sits together (clients at the outer edges), each partition whose sides are contiguous drawn as
 * one band between them with one label, and any other shaded over its smaller side's lanes.
 * Internal to `reports/`.
 */
import type { ChartDraft, PartitionRecord } from './chart-events.ts';
import type { LaneLayout, PartitionBand, PartitionRegion, RowLayout } from './chart-layout.ts';
import type { Rect } from './label-placement.ts';
import { textWidth, wrap } from './text.ts';

/** The widest a band's label gets, in characters, before it wraps. */
const BAND_LABEL_WRAP = 60;
/** Line height of 9 pt text. */
const SMALL_LINE = 11;

/**
 * The lanes in display order. With a partition: the side holding the model's first lane on the
 * left (its clients first), then the lanes neither side names, then the other side (its clients
 * last), so the band between the sides crosses no lane. Without one: the first half of the
 * clients left of every other lane, the rest right of them, so a client's messages do not pass
 * the other clients' lanes. Otherwise the model's order is kept.
 */
export function orderLanes(draft: ChartDraft): ChartDraft {
  const lanes = draft.lanes;
  const isClient = (lane: LaneLayout): boolean => lane.role === 'client';
  let ordered: LaneLayout[];
  const first = draft.partitions[0];
  if (first !== undefined) {
    const sideOf = new Map<string, number>();
    for (const id of first.cut) sideOf.set(id, 0);
    for (const id of first.rest) if (!sideOf.has(id)) sideOf.set(id, 1);
    const leftSide = lanes.map((lane) => sideOf.get(lane.id)).find((side) => side !== undefined) ?? 0;
    const left = lanes.filter((lane) => sideOf.get(lane.id) === leftSide);
    const right = lanes.filter((lane) => sideOf.get(lane.id) === 1 - leftSide);
    const neither = lanes.filter((lane) => !sideOf.has(lane.id));
    ordered = [...left.filter(isClient), ...left.filter((l) => !isClient(l)), ...neither, ...right.filter((l) => !isClient(l)), ...right.filter(isClient)];
  } else {
    const clients = lanes.filter(isClient);
    const half = Math.ceil(clients.length / 2);
    ordered = [...clients.slice(0, half), ...lanes.filter((l) => !isClient(l)), ...clients.slice(half)];
  }
  return { ...draft, lanes: ordered, laneIndex: new Map(ordered.map((lane, i) => [lane.id, i])) };
}

/** The lane indices of a side, sorted, without lanes the chart does not have. */
function indices(draft: ChartDraft, side: readonly string[]): number[] {
  return [...new Set(side.map((id) => draft.laneIndex.get(id)).filter((i): i is number => i !== undefined))].sort((a, b) => a - b);
}

function contiguous(list: readonly number[]): boolean {
  return list.length > 0 && list[list.length - 1] - list[0] === list.length - 1;
}

/** The partition's words: the model's label, or the chart's own wording of the two sides. */
function partitionLabel(partition: PartitionRecord, shaded: readonly string[]): string {
  if (partition.label.length > 0) return partition.label;
  return `partition: {${shaded.join(',')}} cut off from {${(shaded === partition.cut ? partition.rest : partition.cut).join(',')}}`;
}

/** A band's label, wrapped. */
export function bandLabelLines(partition: PartitionRecord): string[] {
  return wrap(partitionLabel(partition, partition.cut), BAND_LABEL_WRAP);
}

/** The height of a band's label of `lines` lines, its frame included. */
export function bandLabelHeight(lines: number): number {
  return lines * SMALL_LINE + 8;
}

/** Where a band or region ends: at the heal's row, at the next partition's, or at the lanes' foot. */
function spanOf(partition: PartitionRecord, rows: readonly RowLayout[], footY: number): { top: number; bottom: number } {
  return { top: rows[partition.start - 1].y, bottom: partition.end !== undefined ? rows[partition.end - 1].y : footY };
}

/** The partitions, placed: bands where the sides are contiguous, shaded regions otherwise. */
export interface PartitionMarks {
  readonly bands: PartitionBand[];
  readonly regions: PartitionRegion[];
}

/**
 * Each partition as a band between its two sides, from its row to the heal's (or the foot),
 * labelled once in its own row; a partition whose sides are not contiguous in the lane order
 * (a later cut that splits differently) is shaded over its smaller side's lanes instead, one box
 * per contiguous run, the label on the widest.
 */
export function placePartitions(draft: ChartDraft, laneWidth: readonly number[], footY: number): PartitionMarks {
  const { lanes, rows } = draft;
  const bands: PartitionBand[] = [];
  const regions: PartitionRegion[] = [];
  draft.partitions.forEach((partition, p) => {
    const a = indices(draft, partition.cut);
    const b = indices(draft, partition.rest);
    const { top, bottom } = spanOf(partition, rows, footY);
    const [left, right] = a.length > 0 && b.length > 0 && a[0] < b[0] ? [a, b] : [b, a];
    if (contiguous(left) && contiguous(right) && left[left.length - 1] < right[0]) {
      const leftLane = lanes[left[left.length - 1]];
      const rightLane = lanes[right[0]];
      // Half way between the sides' facing edges, where no node of either lane reaches.
      const leftEdge = leftLane.x + laneWidth[left[left.length - 1]] / 2;
      const rightEdge = rightLane.x - laneWidth[right[0]] / 2;
      const x = leftEdge < rightEdge ? (leftEdge + rightEdge) / 2 : (leftLane.x + rightLane.x) / 2;
      const lines = bandLabelLines(partition);
      const labelWidth = Math.max(...lines.map((line) => textWidth(line, 9))) + 12;
      // The label sits on the band's top, in the partition's own row, which nothing else uses.
      bands.push({ id: `band${p}`, x, top, bottom, label: lines.join('\n'), labelX: x, labelY: top, labelWidth, labelHeight: bandLabelHeight(lines.length) });
      return;
    }
    const shaded = partition.rest.length > 0 && partition.rest.length < partition.cut.length ? partition.rest : partition.cut;
    const runs: number[][] = [];
    for (const index of indices(draft, shaded)) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[last.length - 1] === index - 1) last.push(index);
      else runs.push([index]);
    }
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
        top,
        bottom,
        label: r === widest ? wrap(partitionLabel(partition, shaded), columns).join('\n') : '',
      });
    });
  });
  return { bands, regions };
}

/** The boxes a partition's words take: each band's label, and each region's label inside its top edge. */
export function partitionLabelBoxes(marks: PartitionMarks): Rect[] {
  const boxes: Rect[] = marks.bands.map((band) => ({ x: band.labelX, y: band.labelY, w: band.labelWidth, h: band.labelHeight }));
  for (const region of marks.regions) {
    if (region.label.length === 0) continue;
    const lines = region.label.split('\n');
    const height = 13 * lines.length;
    boxes.push({ x: (region.left + region.right) / 2, y: region.top - 1.5 - height / 2, w: Math.max(...lines.map((l) => textWidth(l, 9))) + 6, h: height });
  }
  return boxes;
}
