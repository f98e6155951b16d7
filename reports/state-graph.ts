/**
 * A state graph in DOT: states as tables of their `describe.state` view, the fields that changed
 * from the parent highlighted, the counterexample path in red, the violating state marked.
 * Generic over any `Record<string, JsonValue>` view.
 */
import type { JsonValue, Model } from '../explorer/model.ts';
import type { Trace } from '../explorer/result.ts';
import { actionLabel, stateView } from './describe-trace.ts';
import { stateKey } from './_internals/state-key.ts';
import { dotLabel, formatJson, htmlText, wrap } from './_internals/text.ts';

/** One state of the graph. */
export interface StateGraphNode {
  /** A DOT identifier (letters, digits, underscores), also printed as the table's title. */
  readonly id: string;
  readonly view: Readonly<Record<string, JsonValue>>;
  /** The state this one is drawn as a successor of: its fields that differ from the parent's are highlighted. */
  readonly parent?: string;
  /** `path`: on the counterexample; `violating`: its last state; `sibling`: another successor of a path state. */
  readonly kind: 'path' | 'violating' | 'sibling';
  /** Whether this is an initial state. */
  readonly initial?: boolean;
}

/** One transition of the graph. */
export interface StateGraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** Whether the transition is a step of the counterexample (drawn red and thick). */
  readonly onPath: boolean;
}

/** What `stateGraph` draws. */
export interface StateGraphInput {
  readonly nodes: readonly StateGraphNode[];
  readonly edges: readonly StateGraphEdge[];
  /** States left out, per node id, e.g. `{ s3: 5 }`: a "5 more" marker is drawn below s3. */
  readonly omitted?: Readonly<Record<string, number>>;
  readonly title?: string;
}

const FONT = 'DejaVu Sans';
const CELL = 'COLOR="#d1d5db"';

/** A compact one-line rendering of a view value: `[a, b]`, `{k: v}`, `-` for null. */
export function formatValue(value: JsonValue): string {
  return formatJson(value);
}

function valueCell(value: JsonValue, changed: boolean): string {
  let text = formatValue(value);
  if (text.length > 160) text = `${text.slice(0, 157)}...`;
  const lines = wrap(text, 36).map(htmlText);
  const body = lines.join('<BR ALIGN="LEFT"/>') + (lines.length > 1 ? '<BR ALIGN="LEFT"/>' : '');
  return changed
    ? `<TD ALIGN="LEFT" BALIGN="LEFT" ${CELL} BGCOLOR="#fef08a"><B>${body}</B></TD>`
    : `<TD ALIGN="LEFT" BALIGN="LEFT" ${CELL}>${body}</TD>`;
}

/**
 * The rows of a view's table: a field whose value is a small record is split into one row per
 * entry (`replicas.R1`, `replicas.R2`), so a change is highlighted where it happened.
 */
function rowsOf(view: Readonly<Record<string, JsonValue>>): [string, JsonValue][] {
  const rows: [string, JsonValue][] = [];
  for (const [key, value] of Object.entries(view)) {
    const entries = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
    if (entries.length > 0 && entries.length <= 8) for (const [sub, v] of entries) rows.push([`${key}.${sub}`, v as JsonValue]);
    else rows.push([key, value]);
  }
  return rows;
}

function table(node: StateGraphNode, parent: StateGraphNode | undefined): string {
  const [border, colour, headFill] =
    node.kind === 'violating' ? ['3', 'red', '#fca5a5'] : node.kind === 'path' ? ['2', '#dc2626', '#fee2e2'] : ['1', '#9ca3af', '#f3f4f6'];
  const badge = node.kind === 'violating' ? ' VIOLATION' : node.initial === true ? ' (init)' : '';
  const rows = [`<TR><TD COLSPAN="2" ${CELL} BGCOLOR="${headFill}"><B>${htmlText(node.id)}</B>${badge}</TD></TR>`];
  const before = parent !== undefined ? new Map(rowsOf(parent.view).map(([k, v]) => [k, JSON.stringify(v)])) : undefined;
  for (const [key, value] of rowsOf(node.view)) {
    const changed = before !== undefined && before.get(key) !== JSON.stringify(value);
    rows.push(`<TR><TD ALIGN="LEFT" ${CELL}><FONT COLOR="#6b7280">${htmlText(key)}</FONT></TD>${valueCell(value, changed)}</TR>`);
  }
  return `<<TABLE BORDER="${border}" COLOR="${colour}" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">${rows.join('')}</TABLE>>`;
}

/**
 * Draw states and transitions as DOT (the `dot` layout, top to bottom). The path's edges weigh
 * more, so the counterexample runs straight down with the siblings beside it.
 */
export function stateGraph(input: StateGraphInput): string {
  const byId = new Map(input.nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  out.push('digraph states {');
  out.push(`  layout=dot; rankdir=TB; nodesep=0.4; ranksep=0.45; bgcolor=white; fontname="${FONT}";`);
  if (input.title !== undefined && input.title.length > 0) out.push(`  label=${dotLabel(input.title)}; labelloc=t; fontsize=14;`);
  out.push(`  node [shape=plain, fontname="${FONT}", fontsize=10];`);
  out.push(`  edge [fontname="${FONT}", fontsize=9, color=gray60, fontcolor=gray40];`);
  const initials = input.nodes.filter((n) => n.initial === true);
  initials.forEach((node, i) => {
    out.push(`  start${i} [shape=point, width=0.1];`);
    out.push(`  start${i} -> ${node.id};`);
  });
  for (const node of input.nodes) {
    const parent = node.parent !== undefined ? byId.get(node.parent) : undefined;
    out.push(`  ${node.id} [label=${table(node, parent)}];`);
  }
  for (const edge of input.edges) {
    const style = edge.onPath ? ', color=red, fontcolor=red, penwidth=2.5, weight=10' : '';
    out.push(`  ${edge.from} -> ${edge.to} [label=${dotLabel(edge.label)}${style}];`);
  }
  for (const [id, count] of Object.entries(input.omitted ?? {})) {
    if (count <= 0 || !byId.has(id)) continue;
    out.push(`  ${id}_more [shape=plaintext, fontcolor=gray45, label=${dotLabel(`${count} more`)}];`);
    out.push(`  ${id} -> ${id}_more [style=dashed];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** Options of `traceNeighbourhood`. */
export interface NeighbourhoodOptions {
  /** At most this many other successors per path state (the rest are counted as "more"). Default 3. */
  readonly maxSiblings?: number;
  /** Mark the last state as violating. Default true. */
  readonly violating?: boolean;
}

function siblingName(step: number, k: number): string {
  let letters = '';
  let n = k;
  do {
    letters = String.fromCharCode(97 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `s${step}${letters}`;
}

/**
 * The neighbourhood of a counterexample: the path's states `s0..sn`, and for each path state but
 * a violating last one its other successors one level deep (`s3a`, `s3b`, ...: the alternatives to step 3), with the edges
 * from those siblings back into states already drawn. States are identified by `model.encode`.
 */
export function traceNeighbourhood<S, A>(model: Model<S, A>, trace: Trace<S, A>, options: NeighbourhoodOptions = {}): StateGraphInput {
  const maxSiblings = options.maxSiblings ?? 3;
  const nodes: StateGraphNode[] = [];
  const edges: StateGraphEdge[] = [];
  const omitted: Record<string, number> = {};
  const idOf = new Map<string, string>();
  const last = trace.states.length - 1;
  trace.states.forEach((state, i) => {
    const key = stateKey(model, state);
    if (idOf.has(key)) return;
    idOf.set(key, `s${i}`);
    nodes.push({
      id: `s${i}`,
      view: stateView(model, state),
      ...(i > 0 ? { parent: `s${i - 1}` } : {}),
      kind: i === last && options.violating !== false ? 'violating' : 'path',
      initial: i === 0,
    });
  });
  const pathIds = trace.states.map((s) => idOf.get(stateKey(model, s)) ?? 's0');
  trace.actions.forEach((action, i) => {
    edges.push({ from: pathIds[i], to: pathIds[i + 1], label: actionLabel(model, trace.states[i], action), onPath: true });
  });
  const siblings: { id: string; state: S }[] = [];
  trace.states.forEach((state, i) => {
    // The search stops at a violating state: what could follow it is not part of the story.
    if (i === last && options.violating !== false && trace.loopStart === undefined) return;
    const taken = i < trace.actionIndices.length ? trace.actionIndices[i] : -1;
    let count = 0;
    let skipped = 0;
    model.actions(state).forEach((action, k) => {
      if (k === taken) return;
      const next = model.next(state, action);
      const key = stateKey(model, next);
      const label = actionLabel(model, state, action);
      const known = idOf.get(key);
      if (known !== undefined) {
        edges.push({ from: pathIds[i], to: known, label, onPath: false });
        return;
      }
      if (count >= maxSiblings) {
        skipped++;
        return;
      }
      const id = siblingName(i + 1, count++);
      idOf.set(key, id);
      siblings.push({ id, state: next });
      nodes.push({ id, view: stateView(model, next), parent: pathIds[i], kind: 'sibling' });
      edges.push({ from: pathIds[i], to: id, label, onPath: false });
    });
    if (skipped > 0) omitted[pathIds[i]] = skipped;
  });
  for (const sibling of siblings) {
    for (const action of model.actions(sibling.state)) {
      const known = idOf.get(stateKey(model, model.next(sibling.state, action)));
      if (known !== undefined && known !== sibling.id) {
        edges.push({ from: sibling.id, to: known, label: actionLabel(model, sibling.state, action), onPath: false });
      }
    }
  }
  if (trace.loopStart !== undefined && trace.loopActionIndex !== undefined) {
    const lastState = trace.states[last];
    const action = model.actions(lastState)[trace.loopActionIndex];
    if (action !== undefined) edges.push({ from: pathIds[last], to: pathIds[trace.loopStart], label: actionLabel(model, lastState, action), onPath: true });
  }
  return { nodes, edges, omitted };
}
