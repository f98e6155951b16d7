/**
 * Where a message's arrow runs on a sequence chart: straight from its send to its delivery when
 * that line touches no box on the way, else a polyline through the gaps between lanes that
 * keeps off every box but its own two ends. Internal to `reports/`.
 */
import type { Rect } from './label-placement.ts';

/** A point in chart coordinates (points, y up: later rows are lower). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A box an arrow must pass by, named so that an arrow's own ends can be let through. */
export interface Obstacle extends Rect {
  readonly id: string;
}

/** What a route may use: the gaps between the lanes it passes, and the heights it may run at. */
export interface RouteGrid {
  /** The x of every gap between two neighbouring lanes, left to right. */
  readonly gaps: readonly number[];
  /** Heights a route may turn at: row boundaries, row middles, the lanes' foot. */
  readonly guides: readonly number[];
}

/** What a bend costs against length, in points: a longer straight route beats a short crooked one. */
const BEND = 60;
/** What each point of a turn's distance from the straight line costs: a route hugs the line it replaces. */
const DEVIATION = 0.5;
/** The room kept between an arrow and a box it passes. */
const CLEARANCE = 4;

/** Whether the segment from `a` to `b` crosses `box` grown by `clearance` on every side (Liang-Barsky). */
export function segmentHits(a: Point, b: Point, box: Rect, clearance: number): boolean {
  const left = box.x - box.w / 2 - clearance;
  const right = box.x + box.w / 2 + clearance;
  const bottom = box.y - box.h / 2 - clearance;
  const top = box.y + box.h / 2 + clearance;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const sides: readonly (readonly [number, number])[] = [
    [-dx, a.x - left],
    [dx, right - a.x],
    [-dy, a.y - bottom],
    [dy, top - a.y],
  ];
  for (const [p, q] of sides) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

/** Whether the segment from `a` to `b` keeps its clearance from every obstacle but those named in `ends`. */
export function clear(a: Point, b: Point, obstacles: readonly Obstacle[], ends: ReadonlySet<string>): boolean {
  const lo = Math.min(a.x, b.x) - CLEARANCE;
  const hi = Math.max(a.x, b.x) + CLEARANCE;
  for (const box of obstacles) {
    if (ends.has(box.id) || box.x + box.w / 2 < lo || box.x - box.w / 2 > hi) continue;
    if (segmentHits(a, b, box, CLEARANCE)) return false;
  }
  return true;
}

/**
 * The waypoints of an arrow from `from` to `to` (not including either), or none when the
 * straight line is clear. A route turns only in the gaps between lanes, at the height of a guide
 * or where the straight line would be, may run straight down a gap, never climbs (time flows
 * down), and is the cheapest of
 * the clear ones: its length, plus `BEND` points for each turn, plus `DEVIATION` for each point a
 * turn lies off the straight line. When no route is clear the straight line is kept.
 */
export function routeArrow(from: Point, to: Point, grid: RouteGrid, obstacles: readonly Obstacle[], ends: ReadonlySet<string>): Point[] {
  if (clear(from, to, obstacles, ends)) return [];
  const lo = Math.min(from.x, to.x);
  const hi = Math.max(from.x, to.x);
  const gaps = grid.gaps.filter((x) => x > lo && x < hi);
  if (from.x > to.x) gaps.reverse();
  if (gaps.length === 0) return [];
  const top = Math.max(from.y, to.y);
  const bottom = Math.min(from.y, to.y);
  const straightAt = (x: number): number => (to.x === from.x ? from.y : from.y + ((to.y - from.y) * (x - from.x)) / (to.x - from.x));
  // The turns a route may take, gap by gap along the way; `from` first and `to` last.
  const points: { x: number; y: number; gap: number; cost: number }[] = [{ ...from, gap: -1, cost: 0 }];
  gaps.forEach((x, gap) => {
    const ys = new Set<number>([straightAt(x), ...grid.guides.filter((y) => y <= top && y >= bottom)]);
    for (const y of [...ys].sort((p, q) => q - p)) points.push({ x, y, gap, cost: BEND + Math.abs(y - straightAt(x)) * DEVIATION });
  });
  points.push({ ...to, gap: gaps.length, cost: 0 });
  // Cheapest route to each point, over points at earlier gaps (a route may pass a gap without
  // turning) or higher in the same gap.
  const best = points.map(() => Infinity);
  const back = points.map(() => -1);
  best[0] = 0;
  for (let j = 1; j < points.length; j++) {
    const point = points[j];
    for (let i = 0; i < j; i++) {
      const previous = points[i];
      // Along the way, or straight down the same gap (a channel between two lanes where no box reaches).
      if (previous.gap > point.gap || best[i] === Infinity || point.y > previous.y + 1e-9 || (previous.gap === point.gap && point.y === previous.y)) continue;
      const cost = best[i] + Math.hypot(point.x - previous.x, point.y - previous.y) + point.cost;
      if (cost < best[j] && clear(previous, point, obstacles, ends)) {
        best[j] = cost;
        back[j] = i;
      }
    }
  }
  const last = points.length - 1;
  if (best[last] === Infinity) return [];
  const path: Point[] = [];
  for (let j = back[last]; j > 0; j = back[j]) path.unshift({ x: points[j].x, y: points[j].y });
  return path;
}
