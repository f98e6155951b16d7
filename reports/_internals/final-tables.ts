/**
 * The tables of each lane's final state under its foot on a sequence chart, and the legend that
 * says what a highlighted value and each arrow colour mean: measured and placed here, drawn by
 * `reports/sequence.ts`.
 */
import type { LaneFinals, MessageTone } from '../../explorer/index.ts';
import type { LaneLayout } from './chart-layout.ts';
import { textWidth, wrap } from './text.ts';

/** A lane's final state: one row per field, its value wrapped; `highlight` as the model says. */
export interface FinalTable {
  readonly rows: readonly { readonly key: string; readonly lines: readonly string[]; readonly highlight: boolean }[];
  readonly width: number;
  readonly height: number;
}

/** The widest a final table's value column gets, in characters, before a value wraps. */
const FINAL_WRAP = 30;

/** Give each lane the input has rows for its table, measured. */
export function attachFinals(lanes: LaneLayout[], finals: LaneFinals | undefined): void {
  if (finals === undefined) return;
  for (const lane of lanes) {
    if (!Object.hasOwn(finals.lanes, lane.id)) continue;
    const rows = finals.lanes[lane.id].map((row) => ({ key: row.key, lines: wrap(row.value, FINAL_WRAP), highlight: row.highlight === true }));
    const keyWidth = Math.max(0, ...rows.map((r) => textWidth(r.key, 9)));
    const valueWidth = Math.max(0, ...rows.flatMap((r) => r.lines.map((l) => textWidth(l, 9))));
    lane.final = {
      rows,
      width: Math.max(keyWidth + valueWidth + 24, textWidth(`${lane.label} final`, 9) + 16),
      height: 18 + rows.reduce((sum, r) => sum + r.lines.length * 12 + 5, 0),
    };
  }
}

/**
 * One line of the legend: a swatch and its words. `highlight` is the fill of a highlighted
 * final value; `stale` and `fresh` are arrows in those tones.
 */
export interface LegendEntry {
  readonly swatch: 'highlight' | MessageTone;
  readonly text: string;
}

/** The legend under the final tables: its centre, its lines and its size in points. */
export interface LegendLayout {
  readonly x: number;
  readonly y: number;
  readonly entries: readonly LegendEntry[];
  readonly width: number;
  readonly height: number;
}

/** The height of one legend line. */
const LEGEND_LINE = 14;

/** How far the tables reach below `tablesTop`: the tallest one's height (0 without tables). */
export function tablesDepth(lanes: readonly LaneLayout[]): number {
  return Math.max(0, ...lanes.map((lane) => lane.final?.height ?? 0));
}

/**
 * The legend's place: left-aligned with the leftmost table (or the first lane), under the
 * tallest table, one line per entry. Undefined without entries.
 */
export function placeLegend(lanes: readonly LaneLayout[], tablesTop: number, entries: readonly LegendEntry[]): LegendLayout | undefined {
  if (entries.length === 0 || lanes.length === 0) return undefined;
  const halves = lanes.flatMap((lane) => (lane.final === undefined ? [] : [lane.x - lane.final.width / 2]));
  const left = halves.length > 0 ? Math.min(...halves) : lanes[0].x - 40;
  const bottom = tablesTop - tablesDepth(lanes);
  // A swatch, a gap, then the text.
  const width = 22 + Math.max(...entries.map((entry) => textWidth(entry.text, 9))) + 8;
  const height = entries.length * LEGEND_LINE + 2;
  return { x: left + width / 2, y: bottom - 9 - height / 2, entries, width, height };
}
