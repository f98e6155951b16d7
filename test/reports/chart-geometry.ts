/**
 * The geometry of a sequence chart as Graphviz draws it: the DOT is rendered with the WASM
 * Graphviz to JSON (xdot drawing operations), and the boxes, the text of every label and every
 * arrow's segments are read from what Graphviz placed, not from the layout's own numbers. The
 * emitter tags every node and edge with a `class` (`cell`, `head`, `final`, `label`, `message
 * m3`, ...), which is how a shape's role is known here.
 *
 * `geometryProblems` lists what a reader would trip over: an arrow crossing a box that is not
 * one of its ends, a label on a box, a table or another label.
 */
import { instance, type Viz } from '@viz-js/viz';

/** An axis-aligned rectangle in Graphviz's output coordinates (points, y up). */
export interface Extent {
  readonly left: number;
  readonly right: number;
  readonly bottom: number;
  readonly top: number;
}

/** A drawn shape with its role. */
export interface Shape extends Extent {
  /** The node's name in the DOT. */
  readonly name: string;
  /** Its role: the first word of its `class`. */
  readonly role: string;
  /** For a label: its text. */
  readonly text?: string;
}

/** A straight piece of a drawn line. */
export interface Piece {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** One arrow (a message, or the note's tie): its pieces and the nodes it may touch. */
export interface Arrow {
  readonly id: string;
  readonly pieces: readonly Piece[];
  /** The names of the nodes it joins (waypoints excluded): the boxes it is allowed to touch. */
  readonly ends: ReadonlySet<string>;
}

/** Everything the checks look at. */
export interface ChartGeometry {
  /** Solid boxes: lane heads, cells, final tables, the note, legends, badges, drop marks. */
  readonly boxes: readonly Shape[];
  /** Each line of text that is not inside its own box: message labels, step numbers, partition labels. */
  readonly labels: readonly Shape[];
  readonly arrows: readonly Arrow[];
}

/** Roles drawn as solid boxes, which arrows must pass by and labels must not cover. */
const BOX_ROLES = new Set(['head', 'cell', 'final', 'note', 'legend', 'badge', 'drop', 'strip']);
/** Roles whose text is a free-standing label. */
const LABEL_ROLES = new Set(['label', 'step', 'band', 'partition', 'loop', 'caption', 'meeting']);

interface XdotOp {
  readonly op: string;
  readonly points?: readonly (readonly [number, number])[];
  readonly pt?: readonly [number, number];
  readonly width?: number;
  readonly align?: string;
  readonly text?: string;
  readonly size?: number;
}

interface JsonObject {
  readonly _gvid: number;
  readonly name: string;
  readonly pos?: string;
  readonly width?: string;
  readonly height?: string;
  readonly class?: string;
  readonly _ldraw_?: readonly XdotOp[];
}

interface JsonEdge {
  readonly tail: number;
  readonly head: number;
  readonly class?: string;
  readonly _draw_?: readonly XdotOp[];
}

let vizInstance: Promise<Viz> | undefined;

/** The text lines of an `_ldraw_` list, each as the rectangle its glyphs cover. */
function textLines(ops: readonly XdotOp[] | undefined): { text: string; extent: Extent }[] {
  const lines: { text: string; extent: Extent }[] = [];
  let size = 14;
  for (const op of ops ?? []) {
    if (op.op === 'F' && op.size !== undefined) size = op.size;
    if (op.op !== 'T' || op.pt === undefined || op.width === undefined) continue;
    const [x, y] = op.pt;
    const left = op.align === 'l' ? x : op.align === 'r' ? x - op.width : x - op.width / 2;
    // DejaVu Sans: ascent about 0.76 em above the baseline, descent 0.24 em below.
    lines.push({ text: op.text ?? '', extent: { left, right: left + op.width, bottom: y - 0.24 * size, top: y + 0.76 * size } });
  }
  return lines;
}

/** Render `dot` with Graphviz and read back the chart's shapes, labels and arrows. */
export async function chartGeometry(dot: string): Promise<ChartGeometry> {
  vizInstance ??= instance();
  const rendered = (await vizInstance).render(dot, { format: 'json' });
  if (rendered.status !== 'success') throw new Error(`Graphviz failed: ${rendered.errors.map((e) => e.message).join('; ')}`);
  const json = JSON.parse(rendered.output) as { objects?: JsonObject[]; edges?: JsonEdge[] };
  const objects = json.objects ?? [];
  const boxes: Shape[] = [];
  const labels: Shape[] = [];
  for (const node of objects) {
    const role = (node.class ?? '').split(' ')[0];
    if (BOX_ROLES.has(role) && node.pos !== undefined) {
      const [x, y] = node.pos.split(',').map(Number);
      const halfW = (Number(node.width) * 72) / 2;
      const halfH = (Number(node.height) * 72) / 2;
      boxes.push({ name: node.name, role, left: x - halfW, right: x + halfW, bottom: y - halfH, top: y + halfH });
    } else if (LABEL_ROLES.has(role)) {
      for (const line of textLines(node._ldraw_)) {
        if (line.text.trim() !== '') labels.push({ name: node.name, role, text: line.text, ...line.extent });
      }
    }
  }
  const byMessage = new Map<string, { pieces: Piece[]; ends: Set<string> }>();
  for (const edge of json.edges ?? []) {
    const classes = (edge.class ?? '').split(' ');
    if (classes[0] !== 'message' && classes[0] !== 'tie') continue;
    const id = classes[1] ?? `${classes[0]}${edge.tail}`;
    const arrow = byMessage.get(id) ?? { pieces: [], ends: new Set<string>() };
    byMessage.set(id, arrow);
    for (const end of [objects[edge.tail], objects[edge.head]]) {
      if (end !== undefined && !(end.class ?? '').startsWith('waypoint')) arrow.ends.add(end.name);
    }
    for (const op of edge._draw_ ?? []) {
      if ((op.op !== 'b' && op.op !== 'B') || op.points === undefined) continue;
      for (let i = 1; i < op.points.length; i++) {
        const [x1, y1] = op.points[i - 1];
        const [x2, y2] = op.points[i];
        arrow.pieces.push({ x1, y1, x2, y2 });
      }
    }
  }
  const arrows = [...byMessage.entries()].map(([id, arrow]) => ({ id, ...arrow }));
  return { boxes, labels, arrows };
}

/** Whether the segment crosses the inside of `box` shrunk by `inset` on every side (Liang-Barsky). */
export function crosses(piece: Piece, box: Extent, inset: number): boolean {
  const left = box.left + inset;
  const right = box.right - inset;
  const bottom = box.bottom + inset;
  const top = box.top - inset;
  if (left >= right || bottom >= top) return false;
  const dx = piece.x2 - piece.x1;
  const dy = piece.y2 - piece.y1;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, piece.x1 - left],
    [dx, right - piece.x1],
    [-dy, piece.y1 - bottom],
    [dy, top - piece.y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return false;
  }
  return true;
}

/** Whether two rectangles share more than a sliver (`slack` points each way). */
export function overlap(a: Extent, b: Extent, slack: number): boolean {
  return a.left + slack < b.right && b.left + slack < a.right && a.bottom + slack < b.top && b.bottom + slack < a.top;
}

/**
 * What a reader would trip over, one line each: an arrow piece through a box other than its
 * ends (allowing a point of contact where it is clipped), a label on a box or table, two
 * labels on each other.
 */
export function geometryProblems(geometry: ChartGeometry): string[] {
  const problems: string[] = [];
  for (const arrow of geometry.arrows) {
    for (const box of geometry.boxes) {
      if (arrow.ends.has(box.name)) continue;
      if (arrow.pieces.some((piece) => crosses(piece, box, 1))) problems.push(`arrow ${arrow.id} crosses ${box.role} ${box.name}`);
    }
  }
  geometry.labels.forEach((label, i) => {
    for (const box of geometry.boxes) {
      if (overlap(label, box, 1)) problems.push(`${label.role} '${label.text}' (${label.name}) overlaps ${box.role} ${box.name}`);
    }
    for (const other of geometry.labels.slice(i + 1)) {
      if (other.name !== label.name && overlap(label, other, 1)) problems.push(`${label.role} '${label.text}' (${label.name}) overlaps ${other.role} '${other.text}' (${other.name})`);
    }
  });
  return problems;
}
