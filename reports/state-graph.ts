/**
 * A state graph a person can use, in DOT: for a small state space the whole graph with the
 * trace's path highlighted; for a larger one the trace's neighbourhood, where at each step the
 * other enabled actions are collapsed into one node per action kind with a count, and an edge
 * marks where some of them lead to a state already drawn. Nodes say a state in two or three short
 * lines of the model's words (`describe.brief`, else the state's view printed compactly), never
 * raw JSON. Generic over any model.
 */
import type { JsonValue, Model, Trace } from '../explorer/index.ts';
import { actionLabel, laneFinals, stateView, toJsonValue } from './describe-trace.ts';
import { stateKey } from './_internals/state-key.ts';
import { compactValue, dotLabel, dotString, formatJson, htmlText, num, textWidth, wrap } from './_internals/text.ts';

/** A compact one-line rendering of a view value: `[a, b]`, `{k: v}`, `-` for null. */
export function formatValue(value: JsonValue): string {
  return formatJson(value);
}

/** One node of the graph: a state, or a group of alternatives collapsed into one. */
export interface StateGraphNode {
  /** A DOT identifier (letters, digits, underscores). */
  readonly id: string;
  /** What the node says, one short line each. */
  readonly lines: readonly string[];
  /**
   * `path`: a state of the trace; `violating`: its last state when the trace is a counterexample;
   * `state`: any other state (drawn small in a whole graph); `group`: alternatives collapsed.
   */
  readonly kind: 'path' | 'violating' | 'state' | 'group';
  /** Whether this is an initial state. */
  readonly initial?: boolean;
  /** Shown on hover in the SVG: the state in full (a small node's lines, or a group's actions). */
  readonly tooltip?: string;
  /** For a group: the path state whose alternatives it collapses. */
  readonly parent?: string;
  /** For a path state: which of its lines changed since the previous state (drawn bold). */
  readonly changed?: readonly boolean[];
}

/** One edge of the graph. */
export interface StateGraphEdge {
  readonly from: string;
  readonly to: string;
  /** The action, on the path's edges; empty elsewhere. */
  readonly label: string;
  /** `path`: a step of the trace (red, thick); `other`: any other transition; `seen`: from a group to a state already drawn. */
  readonly kind: 'path' | 'other' | 'seen';
}

/** What `stateGraph` draws. */
export interface StateGraphInput {
  /** `whole`: every state, laid out by Graphviz; `neighbourhood`: the path wrapped in columns with its groups beside it. */
  readonly layout: 'whole' | 'neighbourhood';
  readonly nodes: readonly StateGraphNode[];
  readonly edges: readonly StateGraphEdge[];
  readonly title?: string;
  /** A line under the title saying what is drawn, e.g. `the whole graph: 19 states`. */
  readonly caption?: string;
}

/** Options of `stateGraphOf`. */
export interface StateGraphOptions {
  /** The largest state space drawn whole; a larger one gets the trace's neighbourhood. Default 200. */
  readonly maxStates?: number;
  /** Whether the trace is a counterexample (its last state is marked violating). Default true. */
  readonly violating?: boolean;
  readonly title?: string;
}

/** The largest state space `stateGraphOf` draws whole, after FizzBee's limit of 250 nodes. */
export const WHOLE_GRAPH_LIMIT = 200;

const FONT = 'DejaVu Sans';
const PATH_COLOUR = '#dc2626';
const BRIEF_WRAP = 42;

/**
 * A state in a few short lines: the model's `describe.brief`, else its view compactly: per lane
 * when the view is keyed by lanes (`R1 x=1 up=yes`), else one line per field (`coordinator
 * working`), each line wrapped and at most five in all.
 */
export function stateBrief<S, A>(model: Model<S, A>, state: S): string[] {
  const brief = model.describe?.brief?.(state);
  const raw = brief !== undefined ? [...brief] : genericBrief(model, state);
  const lines = raw.flatMap((line) => wrap(line, BRIEF_WRAP));
  return lines.length > 5 ? [...lines.slice(0, 4), `${lines[4]} ...`] : lines;
}

function genericBrief<S, A>(model: Model<S, A>, state: S): string[] {
  const view = stateView(model, state);
  const lanes = model.describe?.lanes?.() ?? [];
  const perLane = laneFinals(lanes, view);
  const lines: string[] = [];
  if (Object.keys(perLane).length > 0) {
    for (const [lane, fields] of Object.entries(perLane)) {
      lines.push(`${lane} ${Object.entries(fields).map(([k, v]) => `${k}=${compactValue(v).replace(/\n/g, '; ')}`).join(' ')}`);
    }
    return lines;
  }
  for (const [key, value] of Object.entries(view)) lines.push(`${key} ${compactValue(value).replace(/\n/g, '; ')}`);
  return lines;
}

/**
 * The kind of an action, for grouping alternatives: the model's `describe.actionKind`, else the
 * action's `kind` field, else its label's first word that is not an id (`C1 invokes write(1)`:
 * `invokes`).
 */
export function actionKind<S, A>(model: Model<S, A>, state: S, action: A): string {
  const own = model.describe?.actionKind?.(state, action);
  if (own !== undefined && own.length > 0) return own;
  const json = toJsonValue(action);
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const kind = (json as { readonly [key: string]: JsonValue }).kind;
    if (typeof kind === 'string' && kind.length > 0) return kind;
  }
  const label = actionLabel(model, state, action);
  const words = label.split(/\s+/).filter((word) => word.length > 0);
  return words.find((word) => !/\d/.test(word)) ?? words[0] ?? label;
}

/** An action in the pictures' words: the model's `describe.caption`, else its label. */
function caption<S, A>(model: Model<S, A>, state: S, action: A): string {
  return model.describe?.caption?.(state, action) ?? actionLabel(model, state, action);
}

/** The trace's states, deduplicated by canonical encoding, with a node id each (`s0`, `s1`, ...). */
function pathNodes<S, A>(model: Model<S, A>, trace: Trace<S, A>, violating: boolean): { nodes: StateGraphNode[]; ids: string[]; keys: Map<string, string> } {
  const keys = new Map<string, string>();
  const nodes: StateGraphNode[] = [];
  const last = trace.states.length - 1;
  const ids = trace.states.map((state, i) => {
    const key = stateKey(model, state);
    const known = keys.get(key);
    if (known !== undefined) return known;
    const id = `s${i}`;
    keys.set(key, id);
    const lines = stateBrief(model, state);
    const before = i > 0 ? stateBrief(model, trace.states[i - 1]) : undefined;
    const changed = before !== undefined ? lines.map((line, k) => line !== before[k]) : undefined;
    nodes.push({ id, lines, kind: i === last && violating ? 'violating' : 'path', ...(i === 0 ? { initial: true } : {}), ...(changed !== undefined ? { changed } : {}) });
    return id;
  });
  return { nodes, ids, keys };
}

/** The trace's steps as path edges, and the lasso's way back when it has one. */
function pathEdges<S, A>(model: Model<S, A>, trace: Trace<S, A>, ids: readonly string[]): StateGraphEdge[] {
  const edges = trace.actions.map((action, i) => ({ from: ids[i], to: ids[i + 1], label: `${i + 1}. ${caption(model, trace.states[i], action)}`, kind: 'path' as const }));
  const last = trace.states.length - 1;
  if (trace.loopStart !== undefined && trace.loopActionIndex !== undefined) {
    const action = model.actions(trace.states[last])[trace.loopActionIndex];
    if (action !== undefined) edges.push({ from: ids[last], to: ids[trace.loopStart], label: `back: ${caption(model, trace.states[last], action)}`, kind: 'path' });
  }
  return edges;
}

/**
 * The whole reachable graph when it has at most `maxStates` states (explored breadth-first from
 * the initial states, every state as itself: no symmetry), else undefined. The trace's states
 * are drawn with their words, the others as small numbered nodes whose words are their tooltip.
 */
export function wholeStateGraph<S, A>(model: Model<S, A>, trace: Trace<S, A>, options: StateGraphOptions = {}): StateGraphInput | undefined {
  const limit = options.maxStates ?? WHOLE_GRAPH_LIMIT;
  const { nodes, ids, keys } = pathNodes(model, trace, options.violating !== false);
  const path = pathEdges(model, trace, ids);
  const pathPairs = new Set(path.map((edge) => `${edge.from}>${edge.to}`));
  const idOf = new Map(keys);
  // The initial states and the trace's own states first, so every state on the path is expanded.
  const queue: S[] = [...model.init(), ...trace.states];
  const idFor = (state: S): string | undefined => {
    const key = stateKey(model, state);
    const known = idOf.get(key);
    if (known !== undefined) return known;
    if (idOf.size >= limit) return undefined;
    const number = nodes.filter((node) => node.kind === 'state').length + 1;
    const id = `n${number}`;
    idOf.set(key, id);
    nodes.push({ id, lines: [String(number)], kind: 'state', tooltip: stateBrief(model, state).join('\n') });
    queue.push(state);
    return id;
  };
  const expanded = new Set<string>();
  const edges: StateGraphEdge[] = [];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    const from = idFor(state);
    if (from === undefined) return undefined;
    if (expanded.has(from)) continue;
    expanded.add(from);
    const targets = new Set<string>();
    for (const action of model.actions(state)) {
      const to = idFor(model.next(state, action));
      if (to === undefined) return undefined;
      if (!targets.has(to) && !pathPairs.has(`${from}>${to}`)) edges.push({ from, to, label: '', kind: 'other' });
      targets.add(to);
    }
  }
  return {
    layout: 'whole',
    nodes,
    edges: [...path, ...edges],
    ...(options.title !== undefined ? { title: options.title } : {}),
    caption: `the whole state graph, ${idOf.size} states: the trace's path in red, the other states numbered (hover for their words)`,
  };
}

/**
 * The neighbourhood of a trace: its states, and at each state of the path the other actions
 * enabled there, one node per action kind (`deliver x3`) saying how many lead to new states
 * and how many to states already drawn or already offered, with a dashed edge to each state of
 * the path they reach. The violating last state offers nothing (the search stops there).
 */
export function traceNeighbourhood<S, A>(model: Model<S, A>, trace: Trace<S, A>, options: StateGraphOptions = {}): StateGraphInput {
  const violating = options.violating !== false;
  const { nodes, ids, keys } = pathNodes(model, trace, violating);
  const edges = pathEdges(model, trace, ids);
  const seen = new Set(keys.keys());
  const grouped = new Set<string>();
  const last = trace.states.length - 1;
  trace.states.forEach((state, i) => {
    if (i === last && violating && trace.loopStart === undefined) return;
    const taken = i < trace.actionIndices.length ? trace.actionIndices[i] : -1;
    const own = ids[i];
    // A state the path visits twice (a lasso) offers its alternatives once.
    if (grouped.has(own)) return;
    grouped.add(own);
    const groups = new Map<string, { labels: string[]; fresh: number; known: number; toPath: Set<string> }>();
    model.actions(state).forEach((action, k) => {
      if (k === taken) return;
      const kind = actionKind(model, state, action);
      const group = groups.get(kind) ?? { labels: [], fresh: 0, known: 0, toPath: new Set<string>() };
      groups.set(kind, group);
      group.labels.push(caption(model, state, action));
      const key = stateKey(model, model.next(state, action));
      const onPath = keys.get(key);
      if (onPath !== undefined && onPath !== own) group.toPath.add(onPath);
      if (onPath !== undefined) {
        // Counted by where it leads instead.
      } else if (seen.has(key)) group.known++;
      else group.fresh++;
      seen.add(key);
    });
    let g = 0;
    for (const [kind, group] of groups) {
      const id = `${own}_g${g++}`;
      const where = [
        group.fresh > 0 ? `${group.fresh} new` : '',
        group.known > 0 ? `${group.known} seen` : '',
        group.toPath.size > 0 ? `to ${[...group.toPath].join(', ')}` : '',
      ].filter((c) => c !== '');
      nodes.push({ id, lines: [`${kind} x${group.labels.length}: ${where.join(', ')}`], kind: 'group', parent: own, tooltip: group.labels.join('\n') });
      edges.push({ from: own, to: id, label: '', kind: 'other' });
    }
  });
  return {
    layout: 'neighbourhood',
    nodes,
    edges,
    ...(options.title !== undefined ? { title: options.title } : {}),
    caption: "the trace's path in red (bold: what changed); grey: the other actions enabled at each state, by kind, leading to new states, states seen earlier, or a state of the path",
  };
}

/** The whole graph when it has at most `maxStates` states, else the trace's neighbourhood. */
export function stateGraphOf<S, A>(model: Model<S, A>, trace: Trace<S, A>, options: StateGraphOptions = {}): StateGraphInput {
  return wholeStateGraph(model, trace, options) ?? traceNeighbourhood(model, trace, options);
}

/** A path state's label: its id (and role), then its lines, those that changed since the previous state in bold. */
function pathLabel(node: StateGraphNode): string {
  const head = node.kind === 'violating' ? `${node.id}: violation` : node.initial === true ? `${node.id}: initial` : node.id;
  const lines = node.lines.map((line, k) => (node.changed?.[k] === true ? `<B>${htmlText(line)}</B>` : htmlText(line)));
  return `<<FONT COLOR="${PATH_COLOUR}">${htmlText(head)}</FONT><BR/>${lines.join('<BR/>')}>`;
}

function nodeStatement(node: StateGraphNode, pos: string): string {
  const tooltip = node.tooltip !== undefined ? `, tooltip=${dotString(node.tooltip.replace(/\n/g, ' | '))}` : '';
  if (node.kind === 'state') {
    return `  ${node.id} [class="state", shape=circle, width=0.28, fixedsize=true, fontsize=8, fontcolor=gray30, color=gray55, label=${dotLabel(node.lines)}${tooltip}${pos}];`;
  }
  if (node.kind === 'group') {
    return `  ${node.id} [class="group", shape=box, style="rounded,filled,dashed", fillcolor="#f3f4f6", color=gray55, fontsize=8, fontcolor=gray30, height=0.2, margin="0.06,0.02", label=${dotLabel(node.lines)}${tooltip}${pos}];`;
  }
  const [fill, width] = node.kind === 'violating' ? ['#fecaca', '2.5'] : ['#fff7ed', '1.5'];
  return `  ${node.id} [class="${node.kind}", shape=box, style="rounded,filled", fillcolor="${fill}", color="${PATH_COLOUR}", penwidth=${width}, label=${pathLabel(node)}${tooltip}${pos}];`;
}

function heading(input: StateGraphInput): string[] {
  const lines = [input.title, input.caption].filter((line): line is string => line !== undefined && line.length > 0);
  return lines.length > 0 ? [`  label=${dotLabel(lines.flatMap((line) => line.split('\n')).flatMap((line) => wrap(line, 120)))}; labelloc=t; fontsize=11;`] : [];
}

/**
 * Draw a state graph as DOT. A whole graph is laid out by Graphviz (`dot`, top to bottom, the
 * path's edges weighing most so it runs straight down). A neighbourhood is placed here: the path
 * runs down in columns, as many as make the picture about as wide as a slide is for its height,
 * each state with its groups stacked to its right and each step's action beside its arrow.
 */
export function stateGraph(input: StateGraphInput): string {
  return input.layout === 'whole' ? wholeGraphDot(input) : neighbourhoodDot(input);
}

function wholeGraphDot(input: StateGraphInput): string {
  const out: string[] = [];
  out.push('digraph states {');
  out.push(`  layout=dot; rankdir=TB; nodesep=0.15; ranksep=0.3; bgcolor=white; fontname="${FONT}"; pad=0.2;`);
  out.push(...heading(input));
  out.push(`  node [fontname="${FONT}", fontsize=9, margin="0.08,0.03"];`);
  out.push(`  edge [fontname="${FONT}", fontsize=8, color=gray70, fontcolor=gray35, arrowsize=0.5];`);
  for (const node of input.nodes) out.push(nodeStatement(node, ''));
  for (const edge of input.edges) {
    const style =
      edge.kind === 'path'
        ? `class="path", color="${PATH_COLOUR}", fontcolor="${PATH_COLOUR}", penwidth=2, weight=10, label=${dotLabel(wrap(edge.label, 36))}`
        : 'class="other"';
    out.push(`  ${edge.from} -> ${edge.to} [${style}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

const LINE = 11;
const ROW_GAP = 22;
const COLUMN_GAP = 46;
const GROUP_GAP = 5;
const GROUP_OFFSET = 28;
/** The shape a slide has: width over height. */
const SLIDE = 16 / 9;

interface Placed {
  readonly node: StateGraphNode;
  readonly width: number;
  readonly height: number;
  x: number;
  y: number;
  /** For a path state: the height of its row (its groups may stack taller than it). */
  span?: number;
}

/** The neighbourhood, placed: path states in columns, each one's groups stacked to its right. */
function neighbourhoodDot(input: StateGraphInput): string {
  const path = input.nodes.filter((node) => node.kind === 'path' || node.kind === 'violating');
  const groupsOf = new Map<string, Placed[]>();
  for (const node of input.nodes) {
    if (node.kind !== 'group' || node.parent === undefined) continue;
    const list = groupsOf.get(node.parent) ?? [];
    list.push({ node, width: Math.max(...node.lines.map((l) => textWidth(l, 8))) + 10, height: Math.max(14.4, node.lines.length * 10 + 4), x: 0, y: 0 });
    groupsOf.set(node.parent, list);
  }
  const rows = path.map((node): { placed: Placed; groups: Placed[]; height: number; groupWidth: number } => {
    const width = Math.max(...[node.id, ...node.lines].map((l) => textWidth(l, 9))) + 16;
    const height = (node.lines.length + 1) * LINE + 10;
    const groups = groupsOf.get(node.id) ?? [];
    const stack = groups.reduce((sum, g) => sum + g.height + GROUP_GAP, -GROUP_GAP);
    const groupWidth = Math.max(0, ...groups.map((g) => g.width));
    return { placed: { node, width, height, x: 0, y: 0 }, groups, height: Math.max(height, stack), groupWidth };
  });
  // The number of columns whose picture is closest to a slide's shape.
  let best = { columns: 1, score: Infinity };
  for (let columns = 1; columns <= Math.max(1, rows.length); columns++) {
    const per = Math.ceil(rows.length / columns);
    const { width, height } = columnsSize(rows, per);
    const score = Math.abs(Math.log(width / height / SLIDE));
    if (score < best.score - 1e-9) best = { columns, score };
  }
  const per = Math.ceil(rows.length / best.columns);
  let x = 0;
  const wraps: { from: Placed; to: Placed; gapX: number }[] = [];
  for (let c = 0; c * per < rows.length; c++) {
    const column = rows.slice(c * per, (c + 1) * per);
    const pathWidth = Math.max(...column.map((row) => row.placed.width));
    const groupWidth = Math.max(0, ...column.map((row) => row.groupWidth));
    const centre = x + pathWidth / 2;
    let y = 0;
    for (const row of column) {
      row.placed.x = centre;
      row.placed.y = y - row.height / 2;
      row.placed.span = row.height;
      let gy = row.placed.y + row.groups.reduce((sum, g) => sum + g.height + GROUP_GAP, -GROUP_GAP) / 2;
      for (const group of row.groups) {
        group.x = centre + pathWidth / 2 + GROUP_OFFSET + group.width / 2;
        group.y = gy - group.height / 2;
        gy -= group.height + GROUP_GAP;
      }
      y -= row.height + ROW_GAP;
    }
    x += pathWidth + (groupWidth > 0 ? GROUP_OFFSET + groupWidth : 0) + COLUMN_GAP;
    const next = rows[(c + 1) * per];
    if (next !== undefined) wraps.push({ from: column[column.length - 1].placed, to: next.placed, gapX: x - COLUMN_GAP / 2 });
  }
  const placed = new Map<string, Placed>();
  for (const row of rows) {
    placed.set(row.placed.node.id, row.placed);
    for (const group of row.groups) placed.set(group.node.id, group);
  }
  const out: string[] = [];
  out.push('digraph states {');
  out.push(`  layout=neato; inputscale=72; splines=line; overlap=true; outputorder=edgesfirst; bgcolor=white; fontname="${FONT}"; pad=0.2;`);
  out.push(...heading(input));
  out.push(`  node [fontname="${FONT}", fontsize=9, margin="0.08,0.03"];`);
  out.push(`  edge [fontname="${FONT}", fontsize=8, color=gray65, arrowsize=0.6];`);
  for (const [, p] of placed) out.push(nodeStatement(p.node, `, pos="${num(p.x)},${num(p.y)}!"`));
  const pathEdges = input.edges.filter((edge) => edge.kind === 'path');
  const wrapFrom = new Map(wraps.map((w) => [w.from.node.id, w]));
  pathEdges.forEach((edge, k) => {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (from === undefined || to === undefined) return;
    const style = `class="path", color="${PATH_COLOUR}", penwidth=2`;
    const wrap = wrapFrom.get(edge.from);
    let labelAt: { x: number; y: number };
    if (wrap !== undefined && wrap.to.node.id === edge.to) {
      // Down out of the column, across its foot to the gap, up the gap, over and into the next column's top.
      const bottom = from.y - (from.span ?? from.height) / 2 - ROW_GAP / 2;
      const top = to.y + (to.span ?? to.height) / 2 + ROW_GAP / 2;
      const points = [
        { x: from.x, y: bottom },
        { x: wrap.gapX, y: bottom },
        { x: wrap.gapX, y: top },
        { x: to.x, y: top },
      ];
      points.forEach((point, i) => out.push(`  p${k}_w${i} [class="waypoint", shape=point, width=0.03, color="${PATH_COLOUR}", pos="${num(point.x)},${num(point.y)}!"];`));
      const chain = [edge.from, ...points.map((_, i) => `p${k}_w${i}`), edge.to];
      for (let i = 0; i + 1 < chain.length; i++) {
        const last = i + 2 === chain.length;
        out.push(`  ${chain[i]} -> ${chain[i + 1]} [${style}${i > 0 ? ', tailclip=false' : ''}${last ? '' : ', headclip=false, arrowhead=none'}];`);
      }
      // Its label under the run along the column's foot.
      labelAt = { x: from.x + 6 + textWidth(edge.label, 8) / 2, y: bottom - 8 };
      out.push(`  p${k}_lbl [class="label", shape=plaintext, fontsize=8, fontcolor="${PATH_COLOUR}", margin=0, height=0.15, label=${dotLabel(edge.label)}, pos="${num(labelAt.x)},${num(labelAt.y)}!"];`);
      return;
    }
    out.push(`  ${edge.from} -> ${edge.to} [${style}];`);
    const gapTop = from.y - (from.span ?? from.height) / 2;
    const gapBottom = to.y + (to.span ?? to.height) / 2;
    const text = edge.label;
    labelAt = { x: from.x + 6 + textWidth(text, 8) / 2, y: (gapTop + gapBottom) / 2 };
    out.push(`  p${k}_lbl [class="label", shape=plaintext, fontsize=8, fontcolor="${PATH_COLOUR}", margin=0, height=0.15, label=${dotLabel(text)}, pos="${num(labelAt.x)},${num(labelAt.y)}!"];`);
  });
  for (const edge of input.edges) {
    if (edge.kind === 'path') continue;
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (from === undefined || to === undefined) continue;
    out.push(`  ${edge.from} -> ${edge.to} [class="${edge.kind}"${edge.kind === 'seen' ? ', style=dashed' : ''}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** The size of the picture with `per` rows a column. */
function columnsSize(rows: readonly { placed: Placed; height: number; groupWidth: number }[], per: number): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (let c = 0; c * per < rows.length; c++) {
    const column = rows.slice(c * per, (c + 1) * per);
    const pathWidth = Math.max(...column.map((row) => row.placed.width));
    const groupWidth = Math.max(0, ...column.map((row) => row.groupWidth));
    width += pathWidth + (groupWidth > 0 ? GROUP_OFFSET + groupWidth : 0) + (c > 0 ? COLUMN_GAP : 0);
    height = Math.max(height, column.reduce((sum, row) => sum + row.height + ROW_GAP, -ROW_GAP));
  }
  return { width, height: height + 80 };
}
