/**
 * The message sequence chart of a trace, as DOT with a pinned layout: one lane per process,
 * time flowing down, one row per step. Every coordinate is computed here, so Graphviz only
 * draws (neato with `pos="x,y!"`): the same trace gives the same picture on every run.
 */
import type { LaneDescription, ChartMarks, LaneFinals, MessageTone, StepDescription } from '../explorer/index.ts';
import { layoutChart, type ChartLayout, type Cell, type LaneLayout, type MessageLayout } from './_internals/chart-layout.ts';
import { BADGE_HEIGHT } from './_internals/chart-strip.ts';
import { dotLabel, dotString, htmlText, num, textWidth, wrap } from './_internals/text.ts';

/** What a sequence diagram is drawn from. Every field comes from the model's `describe` hooks and the trace. */
export interface SequenceInput {
  /** The lanes in display order (clients, home replicas, spares). Empty: inferred from the events. */
  readonly lanes: readonly LaneDescription[];
  /** One description per step; empty when the model has no `describe.step` (a one-lane chart of `actionLabels` is drawn). */
  readonly steps: readonly StepDescription[];
  /** The label of each step's action (`describe.action`), shown as the step's tooltip. */
  readonly actionLabels: readonly string[];
  /** The violation to highlight: `step` is 1-based (step `i` takes `states[i-1]` to `states[i]`); 0 means the initial state. */
  readonly violation?: { readonly step: number; readonly title: string; readonly explanation: string };
  /** For a lasso: the index of the state where the cycle starts (as in `Trace.loopStart`). */
  readonly loopStart?: number;
  /** A title printed above the chart; `\n` breaks it into lines, the first the headline. */
  readonly title?: string;
  /**
   * Each lane's final state, drawn as a table under its foot, its highlighted values filled red,
   * and the legend under the tables (see `describeTrace` for where they come from).
   */
  readonly finals?: LaneFinals;
  /**
   * What to point out (see `describeTrace`): which messages were stale or fresh, the quorums as
   * rows of badges under the feet, and how they met. Without it every message to the violating
   * operation is drawn red.
   */
  readonly marks?: ChartMarks;
}

const FONT = 'DejaVu Sans';
const STEP_X = 24;
const ROLE_FILL: Readonly<Record<LaneDescription['role'], string>> = {
  client: '#dbeafe',
  replica: '#fef3c7',
  spare: '#dcfce7',
  process: '#f3f4f6',
};
const MESSAGE_COLOR = '#1d4ed8';
const VIOLATION_COLOR = 'red';
/** Arrow colours by tone: red for what the counterexample turns on, green for the value it should have used. */
const TONE_COLOR: Readonly<Record<MessageTone, string>> = { stale: '#dc2626', fresh: '#15803d' };
const BAND_COLOR = '#f87171';
/** Badge colours by row: the first set (the write's) green, the second (the read's) blue, further ones grey. */
const BADGE_FILL = ['#dcfce7', '#dbeafe', '#f3f4f6'];
const BADGE_LINE = ['#15803d', '#1d4ed8', '#6b7280'];
const HIGHLIGHT_FILL = '#fecaca';
const PARTITION_TEXT = '#b91c1c';
const LOOP_COLOR = '#7c3aed';
const BAR_COLOR: Readonly<Record<'ok' | 'refused' | 'timeout' | 'pending' | 'violating', string>> = {
  ok: '#93c5fd',
  refused: '#fdba74',
  timeout: '#d1d5db',
  pending: '#bfdbfe',
  violating: '#fca5a5',
};

/**
 * Draw a trace as a message sequence chart, in DOT.
 *
 * Messages go from the row of their send to the row of their delivery; a dropped message ends
 * in a red X on its destination lane; a message still in flight when the trace ends is drawn
 * dashed and grey to its destination lane's foot; an arrow that would cross another lane's box
 * turns in the gaps between lanes instead. The lanes are ordered so each side of a partition
 * sits together, and the partition is a band between the sides from its row to the heal's (or
 * the foot), labelled once. Crashes are black boxes and the lane is dashed while down; each
 * client operation is a bar from invocation to response. Under the feet: the quorum strip (the
 * marks' sets as rows of badges), each lane's final table, and a legend for every colour used.
 */
export function sequenceDiagram(input: SequenceInput): string {
  const chart = layoutChart(input);
  const out: string[] = [];
  out.push('digraph trace {');
  out.push('  layout=neato; inputscale=72; splines=line; outputorder=edgesfirst; overlap=true; bgcolor=white;');
  out.push(`  fontname="${FONT}"; pad=0.2;`);
  if (input.title !== undefined && input.title.length > 0) {
    out.push(`  label=${titleLabel(input.title)}; labelloc=t; fontsize=14;`);
  }
  out.push(
    `  node [fontname="${FONT}", fontsize=10, shape=box, style="rounded,filled", fillcolor=white, height=0.3, margin="0.08,0.03"];`,
  );
  out.push(`  edge [fontname="${FONT}", fontsize=9, arrowsize=0.8];`);
  emitPartitions(chart, out);
  emitStepColumn(chart, input, out);
  emitLanes(chart, out);
  emitMessages(chart, out);
  emitStrip(chart, out);
  emitViolationNote(chart, input, out);
  emitLoop(chart, out);
  emitLegend(chart, out);
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** Points as inches for `width`/`height`, precise enough (0.001 in) that a box's edges land on its rows. */
function inches(points: number): string {
  return String(Math.round((points / 72) * 1000) / 1000);
}

/** The widest a title line gets, in characters. */
const TITLE_WRAP = 100;

/** A long line broken at its `; ` clauses where it can be, else at words. */
function clauses(line: string): string[] {
  const out: string[] = [];
  for (const clause of line.split('; ')) {
    const last = out[out.length - 1];
    if (last !== undefined && last.length + 2 + clause.length <= TITLE_WRAP) out[out.length - 1] = `${last}; ${clause}`;
    else out.push(...wrap(clause, TITLE_WRAP));
  }
  return out;
}

/** The title: its first line as the headline, the rest smaller underneath. */
function titleLabel(title: string): string {
  const [head, ...rest] = title.split('\n');
  const lines = [`<B>${htmlText(head)}</B>`, ...rest.flatMap(clauses).map((line) => `<FONT POINT-SIZE="11">${htmlText(line)}</FONT>`)];
  return `<${lines.join('<BR/>')}>`;
}

function emitPartitions(chart: ChartLayout, out: string[]): void {
  for (const band of chart.bands) {
    out.push(
      `  ${band.id} [class="band", shape=box, style=filled, color="${BAND_COLOR}", fillcolor="#fda4af", fixedsize=true, label="", ` +
        `width=${inches(6)}, height=${inches(band.top - band.bottom)}, pos="${num(band.x)},${num((band.top + band.bottom) / 2)}!"];`,
    );
    out.push(
      `  ${band.id}_lbl [class="band", shape=box, style="filled", color="${BAND_COLOR}", fillcolor=white, fontsize=9, fontcolor="${PARTITION_TEXT}", ` +
        `margin="0.06,0.03", label=${dotLabel(band.label)}, pos="${num(band.labelX)},${num(band.labelY)}!"];`,
    );
  }
  for (const region of chart.partitions) {
    const width = region.right - region.left;
    const height = region.top - region.bottom;
    out.push(
      `  ${region.id} [class="partition", shape=box, style="filled,dashed", color="#f87171", fillcolor="#fecaca2c", fixedsize=true, ` +
        `width=${inches(width)}, height=${inches(height)}, pos="${num((region.left + region.right) / 2)},${num((region.top + region.bottom) / 2)}!", ` +
        `labelloc=t, fontsize=9, fontcolor="${PARTITION_TEXT}", label=${dotLabel(region.label)}];`,
    );
  }
}

function emitStepColumn(chart: ChartLayout, input: SequenceInput, out: string[]): void {
  out.push('  node [shape=plaintext, style="", fontcolor=gray45];');
  out.push(`  T0 [class="step", label="step", pos="${num(STEP_X)},0!"];`);
  for (const row of chart.rows) {
    const marks = row.marks.length > 0 ? ` ${row.marks.join(', ')}` : '';
    const colour = row.marks.length > 0 ? `, fontcolor="${PARTITION_TEXT}"` : '';
    const tooltip = input.actionLabels[row.step - 1];
    const tip = tooltip !== undefined ? `, tooltip=${dotString(tooltip)}` : '';
    out.push(`  T${row.step} [class="step", label=${dotLabel(`${row.step}${marks}`)}, pos="${num(STEP_X)},${num(row.y)}!"${colour}${tip}];`);
  }
}

function cellAttributes(cell: Cell): string {
  if (cell.style === 'anchor') {
    return 'class="anchor", shape=point, width=0.05, color=gray45, fillcolor=gray45';
  }
  const parts = ['class="cell"', `label=${dotLabel(cell.lines)}`];
  if (cell.style === 'crash') parts.push('shape=box, style=filled, fillcolor=black, fontcolor=white');
  else if (cell.style === 'recover') parts.push('style="rounded,dashed,filled"');
  else if (cell.style === 'violating') parts.push(`fillcolor="#fecaca", color=${VIOLATION_COLOR}, penwidth=2.5`);
  else if (cell.style === 'refused') parts.push('fillcolor="#ffedd5", color="#c2410c"');
  else if (cell.style === 'timeout') parts.push('style="rounded,dashed,filled", fillcolor="#f3f4f6", color=gray40');
  else if (cell.style === 'alert') parts.push(`fillcolor="#fff1f2", color="${TONE_COLOR.stale}", fontcolor="#7f1d1d", penwidth=2`);
  return parts.join(', ');
}

function emitLanes(chart: ChartLayout, out: string[]): void {
  out.push('  node [shape=box, style="rounded,filled", fillcolor=white, fontcolor=black];');
  for (const lane of chart.lanes) {
    out.push(
      `  ${lane.head} [class="head", label=${dotLabel(lane.label)}, fontsize=12, penwidth=1.5, fillcolor="${ROLE_FILL[lane.role]}", pos="${num(lane.x)},0!"];`,
    );
    out.push(`  ${lane.foot} [class="foot", shape=point, width=0.06, color=gray45, fillcolor=gray45, pos="${num(lane.x)},${num(chart.footY)}!"];`);
    for (const cell of lane.cells) {
      out.push(`  ${cell.id} [${cellAttributes(cell)}, pos="${num(lane.x)},${num(cell.y)}!"];`);
    }
    emitFinal(lane, chart.tablesTop, out);
    for (const segment of lane.segments) {
      let attrs: string;
      if (segment.bar !== undefined) {
        attrs = `arrowhead=none, penwidth=7, color="${BAR_COLOR[segment.bar]}"${segment.down ? ', style=dashed' : ''}`;
      } else if (segment.down) {
        attrs = 'arrowhead=none, color=gray70, style=dashed, penwidth=1.2';
      } else {
        attrs = 'arrowhead=none, color=gray55, penwidth=1.5';
      }
      out.push(`  ${segment.from} -> ${segment.to} [class="lane", ${attrs}];`);
    }
  }
}

/** The lane's final state as a table hanging from `top` under its foot. */
function emitFinal(lane: LaneLayout, top: number, out: string[]): void {
  const final = lane.final;
  if (final === undefined) return;
  const rows = final.rows.map((row) => {
    const body = row.lines.map(htmlText).join('<BR ALIGN="LEFT"/>') + (row.lines.length > 1 ? '<BR ALIGN="LEFT"/>' : '');
    const fill = row.highlight ? ` BGCOLOR="${HIGHLIGHT_FILL}"` : '';
    return `<TR><TD ALIGN="LEFT">${htmlText(row.key)}</TD><TD ALIGN="LEFT" BALIGN="LEFT"${fill}>${body}</TD></TR>`;
  });
  const head = `<TR><TD COLSPAN="2" BGCOLOR="${ROLE_FILL[lane.role]}"><B>${htmlText(lane.label)}</B> final</TD></TR>`;
  const table = `<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="2" BGCOLOR="white">${head}${rows.join('')}</TABLE>`;
  const y = top - final.height / 2;
  out.push(`  ${lane.head.slice(0, -2)}_final [class="final", shape=plain, style="", fontsize=9, label=<${table}>, pos="${num(lane.x)},${num(y)}!"];`);
}

function toneColour(message: MessageLayout): string {
  if (message.fate === 'dropped') return VIOLATION_COLOR;
  if (message.fate === 'in-flight') return 'gray50';
  return message.tone === 'plain' ? MESSAGE_COLOR : TONE_COLOR[message.tone];
}

/**
 * Each message as an arrow (a chain of straight pieces through its waypoints, the arrowhead on
 * the last), a red X where it was dropped, and its label.
 */
function emitMessages(chart: ChartLayout, out: string[]): void {
  for (const message of chart.messages) {
    const id = message.labelId.replace(/_lbl$/, '');
    const colour = toneColour(message);
    let style: string;
    if (message.fate === 'dropped') {
      out.push(
        `  ${message.target} [class="drop", shape=plaintext, style="", label="X", fontcolor=red, fontsize=16, width=0, height=0, margin=0, pos="${num(message.toX)},${num(message.toY)}!"];`,
      );
      style = `color=${VIOLATION_COLOR}, style=dashed`;
    } else if (message.fate === 'in-flight') {
      style = 'color=gray50, style=dashed';
    } else {
      style = `color="${colour}"${message.tone !== 'plain' ? ', penwidth=2.5' : ''}`;
    }
    const chain = [message.source, ...message.waypoints.map((_, k) => `${id}_w${k + 1}`), message.target];
    message.waypoints.forEach((point, k) => {
      // A dot of the arrow's colour rounds the joint where the route turns.
      out.push(
        `  ${id}_w${k + 1} [class="waypoint", shape=point, width=${message.tone !== 'plain' && message.fate === 'delivered' ? '0.035' : '0.02'}, color="${colour}", fillcolor="${colour}", pos="${num(point.x)},${num(point.y)}!"];`,
      );
    });
    for (let k = 0; k + 1 < chain.length; k++) {
      const last = k + 2 === chain.length;
      const clip = `${k > 0 ? 'tailclip=false, ' : ''}${last ? '' : 'headclip=false, '}`;
      const head = !last || message.fate === 'dropped' ? 'arrowhead=none, ' : '';
      out.push(`  ${chain[k]} -> ${chain[k + 1]} [class="message ${id}", ${clip}${head}${style}];`);
    }
    out.push(
      `  ${message.labelId} [class="label", shape=plaintext, style="", fontsize=9, fontcolor="${colour}", label=${dotLabel(message.label)}, pos="${num(message.labelX)},${num(message.labelY)}!"];`,
    );
  }
}

/** The quorum strip: each row's caption, its badges under their lanes, and the meeting sentence. */
function emitStrip(chart: ChartLayout, out: string[]): void {
  const strip = chart.strip;
  if (strip === undefined) return;
  for (const caption of strip.captions) {
    out.push(
      `  ${caption.id} [class="caption", shape=plaintext, style="", fontsize=9, fontcolor=gray25, label=${dotLabel(caption.text)}, pos="${num(caption.x)},${num(caption.y)}!"];`,
    );
  }
  for (const badge of strip.badges) {
    const tone = Math.min(badge.row, BADGE_FILL.length - 1);
    const [fill, line, text] =
      badge.tone === 'stale' ? [HIGHLIGHT_FILL, VIOLATION_COLOR, '#7f1d1d'] : badge.tone === 'fresh' ? ['#dcfce7', TONE_COLOR.fresh, '#14532d'] : [BADGE_FILL[tone], BADGE_LINE[tone], 'black'];
    out.push(
      `  ${badge.id} [class="badge", shape=box, style="rounded,filled", fixedsize=true, width=${inches(badge.width)}, height=${inches(BADGE_HEIGHT)}, ` +
        `fontsize=9, fillcolor="${fill}", color="${line}", fontcolor="${text}", label=${dotLabel(badge.text)}, pos="${num(badge.x)},${num(badge.y)}!"];`,
    );
  }
  const meeting = strip.meeting;
  if (meeting !== undefined) {
    const html = meeting.lines.map((line) => `${htmlText(line)}<BR ALIGN="LEFT"/>`).join('');
    const colour = meeting.fails ? PARTITION_TEXT : 'gray20';
    out.push(`  strip_meeting [class="meeting", shape=plain, style="", fontsize=10, fontcolor="${colour}", label=<${html}>, pos="${num(meeting.x)},${num(meeting.y)}!"];`);
  }
}

function emitViolationNote(chart: ChartLayout, input: SequenceInput, out: string[]): void {
  const violation = input.violation;
  if (violation === undefined) return;
  const title = wrap(violation.title, 40);
  const body = wrap(violation.explanation, 40);
  const width = Math.max(...[...title, ...body].map((l) => textWidth(l, 10))) + 24;
  const x = chart.rightEdge + 30 + width / 2;
  const y = chart.violationY;
  // An HTML-like label: the title in bold, the explanation left-aligned like a paragraph.
  const html = [...title.map((l) => `<B>${htmlText(l)}</B>`), ...body.map(htmlText)].map((l) => `${l}<BR ALIGN="LEFT"/>`).join('');
  out.push(
    `  note [class="note", shape=note, style=filled, fillcolor="#fee2e2", color=${VIOLATION_COLOR}, fontcolor="#7f1d1d", margin="0.12,0.08", label=<${html}>, pos="${num(x)},${num(y)}!"];`,
  );
  if (chart.violationAnchor !== undefined) {
    const chain = [chart.violationAnchor, ...chart.tieWaypoints.map((_, k) => `tie_w${k + 1}`), 'note'];
    chart.tieWaypoints.forEach((point, k) => out.push(`  tie_w${k + 1} [class="waypoint", shape=point, width=0.01, color=${VIOLATION_COLOR}, pos="${num(point.x)},${num(point.y)}!"];`));
    for (let k = 0; k + 1 < chain.length; k++) {
      const clip = `${k > 0 ? ', tailclip=false' : ''}${k + 2 < chain.length ? ', headclip=false' : ''}`;
      out.push(`  ${chain[k]} -> ${chain[k + 1]} [class="tie t0"${clip}, arrowhead=none, style=dotted, color=${VIOLATION_COLOR}];`);
    }
  }
}

function emitLoop(chart: ChartLayout, out: string[]): void {
  const loop = chart.loop;
  if (loop === undefined) return;
  out.push(`  loop_top [class="loop", shape=point, width=0.04, color="${LOOP_COLOR}", pos="${num(loop.x)},${num(loop.top)}!"];`);
  out.push(`  loop_bottom [class="loop", shape=point, width=0.04, color="${LOOP_COLOR}", pos="${num(loop.x)},${num(loop.bottom)}!"];`);
  out.push(`  loop_bottom -> loop_top [class="loop", color="${LOOP_COLOR}", penwidth=1.5];`);
  out.push(
    `  loop_label [class="loop", shape=plaintext, style="", fontsize=9, fontcolor="${LOOP_COLOR}", label=${dotLabel(loop.label)}, pos="${num(loop.x)},${num(loop.bottom - 12)}!"];`,
  );
}

/** What each colour means: a swatch (the highlight fill, or a short arrow in a tone's colour), then the words. */
function emitLegend(chart: ChartLayout, out: string[]): void {
  const legend = chart.legend;
  if (legend === undefined) return;
  const rows = legend.entries.map((entry) => {
    const swatch =
      entry.swatch === 'highlight'
        ? `<TD BGCOLOR="${HIGHLIGHT_FILL}" WIDTH="14" HEIGHT="10" FIXEDSIZE="TRUE"> </TD>`
        : `<TD WIDTH="14" HEIGHT="10" FIXEDSIZE="TRUE"><FONT COLOR="${TONE_COLOR[entry.swatch]}" POINT-SIZE="10"><B>--&gt;</B></FONT></TD>`;
    return `<TR>${swatch}<TD WIDTH="6"> </TD><TD ALIGN="LEFT">${htmlText(entry.text)}</TD></TR>`;
  });
  const html = `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">${rows.join('')}</TABLE>`;
  out.push(`  final_legend [class="legend", shape=plain, style="", fontsize=9, fontcolor=gray25, label=<${html}>, pos="${num(legend.x)},${num(legend.y)}!"];`);
}
