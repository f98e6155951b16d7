/**
 * The quorum strip of a sequence chart: under the lanes' feet, one row of badges per set of
 * lanes the model names (the replicas that acknowledged the write, those the read heard from),
 * each row captioned on the left, and under the rows one sentence on how the sets met. A reader
 * sees at a glance which lanes are in both rows. Internal to `reports/`.
 */
import type { ChartMarks, MessageTone } from '../../explorer/index.ts';
import type { LaneLayout } from './chart-layout.ts';
import { textWidth, wrap } from './text.ts';

/** One badge under a lane. */
export interface BadgeLayout {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly width: number;
  /** The row (set) it belongs to, which picks its colour. */
  readonly row: number;
  /** What it means to the counterexample (`stale` red, `fresh` green), or `plain` (its row's colour). */
  readonly tone: MessageTone | 'plain';
}

/** One row's caption, right-aligned just left of the lanes. */
export interface StripCaption {
  readonly id: string;
  readonly text: string;
  /** The caption's centre. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

/** The sentence under the rows. */
export interface StripMeeting {
  readonly lines: readonly string[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly fails: boolean;
}

/** The strip, placed; `bottom` is where what comes under it may start. */
export interface StripLayout {
  readonly captions: readonly StripCaption[];
  readonly badges: readonly BadgeLayout[];
  readonly meeting?: StripMeeting;
  readonly bottom: number;
}

/** A badge's height and the distance between rows. */
export const BADGE_HEIGHT = 17;
const ROW_STEP = 24;
const SMALL_LINE = 12;

/** The widest caption of `marks`, for the room left of the first lane. */
export function captionWidth(marks: ChartMarks | undefined): number {
  return Math.max(0, ...(marks?.sets ?? []).map((set) => textWidth(set.caption, 9) + 8));
}

/**
 * Place the strip under `top`: each set a row, its members' badges under their lanes (a lane
 * the chart does not have is left out), its caption ending just left of the first lane's
 * widest node; then the meeting sentence, wrapped to the lanes' span. Undefined when there is
 * nothing to draw.
 */
export function placeStrip(lanes: readonly LaneLayout[], laneWidth: readonly number[], marks: ChartMarks | undefined, top: number): StripLayout | undefined {
  const sets = (marks?.sets ?? []).filter((set) => set.members.some((m) => lanes.some((lane) => lane.id === m.lane)));
  const meetingText = marks?.meeting ?? '';
  if ((sets.length === 0 && meetingText === '') || lanes.length === 0) return undefined;
  const laneOf = new Map(lanes.map((lane, i) => [lane.id, i]));
  const firstLeft = lanes[0].x - laneWidth[0] / 2;
  const captions: StripCaption[] = [];
  const badges: BadgeLayout[] = [];
  let y = top - BADGE_HEIGHT / 2 - 6;
  sets.forEach((set, row) => {
    const width = textWidth(set.caption, 9) + 8;
    captions.push({ id: `strip${row}`, text: set.caption, x: firstLeft - 10 - width / 2, y, width });
    for (const member of set.members) {
      const index = laneOf.get(member.lane);
      if (index === undefined) continue;
      const lane = lanes[index];
      badges.push({ id: `strip${row}_${lane.head.slice(0, -2)}`, x: lane.x, y, text: member.badge, width: textWidth(member.badge, 9) + 14, row, tone: member.tone ?? 'plain' });
    }
    y -= ROW_STEP;
  });
  let meeting: StripMeeting | undefined;
  let bottom = y + ROW_STEP - BADGE_HEIGHT / 2;
  if (meetingText !== '') {
    const lastLane = lanes[lanes.length - 1];
    const span = Math.max(240, lastLane.x + laneWidth[lanes.length - 1] / 2 - firstLeft);
    const lines = wrap(meetingText, Math.max(30, Math.floor(span / textWidth('m', 10))));
    const width = Math.max(...lines.map((l) => textWidth(l, 10))) + 8;
    const height = lines.length * SMALL_LINE + 6;
    const meetingTop = bottom - 6;
    meeting = { lines, x: firstLeft + width / 2, y: meetingTop - height / 2, width, height, fails: marks?.meetingFails === true };
    bottom = meetingTop - height;
  }
  return { captions, badges, ...(meeting !== undefined ? { meeting } : {}), bottom };
}
