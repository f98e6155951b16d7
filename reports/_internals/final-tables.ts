/**
 * The tables of each lane's final state under its foot on a sequence chart, and the legend that
 * says what a highlighted value means: measured and placed here, drawn by `reports/sequence.ts`.
 */
import type { LaneFinals } from '../../explorer/describe.ts';
import type { LaneLayout } from './chart-layout.ts';
import { textWidth, wrap } from './text.ts';

/** A lane's final state: one row per field, its value wrapped; `highlight` as the model says. */
export interface FinalTable {
  readonly rows: readonly { readonly key: string; readonly lines: readonly string[]; readonly highlight: boolean }[];
  readonly width: number;
  readonly height: number;
}

/** The legend under the final tables: its centre, its text and its width in points. */
export interface LegendLayout {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly width: number;
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

/** The legend's place: left-aligned with the leftmost table, under the tallest one. */
export function placeLegend(lanes: readonly LaneLayout[], footY: number, text: string | undefined): LegendLayout | undefined {
  const tables = lanes.filter((lane) => lane.final !== undefined);
  if (text === undefined || text.length === 0 || tables.length === 0) return undefined;
  const left = Math.min(...tables.map((lane) => lane.x - lane.final!.width / 2));
  const bottom = footY - 8 - Math.max(...tables.map((lane) => lane.final!.height));
  // A swatch of the highlight colour, a gap, then the text.
  const width = 22 + textWidth(text, 9) + 8;
  return { x: left + width / 2, y: bottom - 16, text, width };
}
