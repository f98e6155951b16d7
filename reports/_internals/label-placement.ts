/**
 * Where a message's label goes beside its arrow on a sequence chart. Internal to `reports/`.
 */

/** An axis-aligned box by its centre and size, in points. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Whether two boxes overlap. */
export function overlaps(a: Rect, b: Rect): boolean {
  return Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h;
}

/** Candidate positions along an arrow for its label, nearest the middle first. */
export const LABEL_POSITIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88];

/** Candidate positions for the label of a message still in flight, nearest its far end first. */
export const IN_FLIGHT_LABEL_POSITIONS = [0.8, 0.7, 0.88, 0.6, 0.5, 0.4, 0.3];

/** A label's place: its centre, its width, and how many things it still touches (0 is a clean spot). */
export interface LabelPlace {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  /** Ten per obstacle it overlaps, one per soft obstacle, a half for sitting below its arrow. */
  readonly score: number;
}

/** How far beyond touching distance a label may be pushed from its arrow, nearest first. */
const OFFSETS = [0, 10, 22];

/**
 * Put a label of `width` x `height` beside the segment from (x1,y1) to (x2,y2), touching neither
 * the segment nor (where possible) anything else: `obstacles` (nodes, earlier labels) weigh
 * most, each `soft` one (lane lines, points along other arrows) a little, and the side above the
 * arrow is preferred to the side below. A label that cannot sit clear at touching distance is
 * pushed a little further out.
 */
export function placeLabel(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  width: number,
  height: number,
  obstacles: readonly Rect[],
  soft: readonly Rect[],
  positions: readonly number[],
): LabelPlace {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = Math.hypot(dx, dy) || 1;
  let nx = -dy / length;
  let ny = dx / length;
  if (ny < 0 || (ny === 0 && nx < 0)) {
    nx = -nx;
    ny = -ny;
  }
  const touching = (Math.abs(nx) * width) / 2 + (Math.abs(ny) * height) / 2 + 3;
  let best: LabelPlace = { x: 0, y: 0, w: width, score: Number.POSITIVE_INFINITY };
  for (const [k, offset] of OFFSETS.entries()) {
    for (const side of [1, -1]) {
      for (const t of positions) {
        const x = x1 + t * dx + side * nx * (touching + offset);
        const y = y1 + t * dy + side * ny * (touching + offset);
        const rect = { x, y, w: width, h: height };
        const score =
          obstacles.filter((o) => overlaps(rect, o)).length * 10 + soft.filter((o) => overlaps(rect, o)).length + (side < 0 ? 0.5 : 0) + k * 0.75;
        if (score < best.score) best = { x, y, w: width, score };
      }
      if (best.score < 1) return best;
    }
    if (best.score < 10) return best;
  }
  return best;
}
