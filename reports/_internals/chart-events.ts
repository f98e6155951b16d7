/**
 * The first phase of a sequence chart's layout: the trace's chart events read into lanes, one
 * cell per lane and step, messages, client operations, partitions and crashes. Nothing is
 * placed yet; `chart-layout.ts` sizes and places what this collects.
 */
import { match } from 'ts-pattern';
import type { LaneDescription, ChartEvent, StepDescription } from '../../explorer/index.ts';
import type { Cell, ChartSource, LaneLayout, RowLayout } from './chart-layout.ts';

/** A message as the events tell it: sent at one step, then delivered, dropped, or neither. */
export interface MessageRecord {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly sendStep: number;
  deliverStep?: number;
  deliverLane?: string;
  dropStep?: number;
  dropReason?: string;
}

/** A client operation: the lane it runs on, when it was invoked, how and when it ended. */
export interface OpRecord {
  readonly lane: string;
  readonly invokeStep: number;
  respondStep?: number;
  outcome?: 'ok' | 'refused' | 'timeout';
}

/** A partition: its two sides, its label, the step it started and the step it ended (healed or replaced). */
export interface PartitionRecord {
  readonly cut: readonly string[];
  readonly rest: readonly string[];
  readonly label: string;
  readonly start: number;
  end?: number;
}

/** A lane's time down: from its crash to its recovery (`Infinity` while still down). */
export interface DownSpan {
  readonly start: number;
  end: number;
}

/** Everything the events say, before anything is placed. */
export interface ChartDraft {
  /** The lanes in the model's order, each with its cells in the order they were first touched. */
  readonly lanes: LaneLayout[];
  readonly laneIndex: ReadonlyMap<string, number>;
  readonly rows: RowLayout[];
  /** Each lane's cell at a step, by `laneId \u0000 step`. */
  readonly cellAt: ReadonlyMap<string, Cell>;
  /** Messages in the order they were sent. */
  readonly messages: ReadonlyMap<string, MessageRecord>;
  readonly ops: ReadonlyMap<string, OpRecord>;
  readonly partitions: readonly PartitionRecord[];
  readonly downs: ReadonlyMap<string, readonly DownSpan[]>;
  /** The cells where an operation ended, by step. */
  readonly respondCells: ReadonlyMap<number, readonly { readonly cell: Cell; readonly op: string }[]>;
  /** How many steps the trace has. */
  readonly steps: number;
}

/** The key of a lane's cell at a step in `ChartDraft.cellAt`. */
export function cellKey(laneId: string, step: number): string {
  return `${laneId}\u0000${step}`;
}

/** Prefix `label` with `verb` unless it already starts with it, so "Write(1)" reads "recv Write(1)". */
function withVerb(verb: string, label: string): string {
  return label.toLowerCase().startsWith(verb) ? label : `${verb} ${label}`;
}

/** A DOT identifier for each lane: its own id when that is a plain identifier, else `laneN`. */
function laneIds(lanes: readonly LaneDescription[]): string[] {
  const used = new Set<string>();
  return lanes.map((lane, index) => {
    let id = /^[A-Za-z][A-Za-z0-9_]*$/.test(lane.id) ? lane.id : `lane${index}`;
    if (used.has(id)) id = `lane${index}`;
    used.add(id);
    return id;
  });
}

/** The lanes to draw: the given ones, plus any lane an event names that is not among them. */
function resolveLanes(source: ChartSource, steps: readonly StepDescription[]): LaneDescription[] {
  const lanes = [...source.lanes];
  const known = new Set(lanes.map((l) => l.id));
  const add = (id: string): void => {
    if (!known.has(id)) {
      known.add(id);
      lanes.push({ id, label: id, role: 'process' });
    }
  };
  for (const step of steps) {
    for (const event of step.events) {
      match(event)
        .with({ kind: 'send' }, (e) => {
          add(e.from);
          add(e.to);
        })
        .with({ kind: 'deliver' }, (e) => { add(e.at); })
        .with({ kind: 'local' }, { kind: 'invoke' }, { kind: 'respond' }, { kind: 'crash' }, { kind: 'recover' }, { kind: 'skew' }, (e) => { add(e.lane); },
        )
        .with({ kind: 'drop' }, { kind: 'partition' }, { kind: 'heal' }, () => undefined)
        .exhaustive();
    }
  }
  return lanes;
}

/**
 * Read the trace's events. A model without step descriptions gets a one-lane chart of its
 * action labels.
 */
export function readEvents(source: ChartSource, rowHeight: number): ChartDraft {
  const degraded = source.steps.length === 0 && source.actionLabels.length > 0;
  const steps: readonly StepDescription[] = degraded
    ? source.actionLabels.map((label) => ({ events: [{ kind: 'local', lane: 'trace', label }], narration: label }))
    : source.steps;
  const laneDescriptions = degraded ? [{ id: 'trace', label: 'trace', role: 'process' as const }] : resolveLanes(source, steps);
  const ids = laneIds(laneDescriptions);
  const laneIndex = new Map(laneDescriptions.map((l, i) => [l.id, i]));
  const lanes: LaneLayout[] = laneDescriptions.map((l, i) => ({
    id: l.id,
    label: l.label,
    role: l.role,
    x: 0,
    head: `${ids[i]}_h`,
    foot: `${ids[i]}_f`,
    cells: [],
    segments: [],
  }));
  const rows: RowLayout[] = steps.map((_, i) => ({ step: i + 1, y: 0, height: rowHeight, marks: [] }));
  const cellAt = new Map<string, Cell>();
  const cell = (laneId: string, step: number): Cell => {
    const key = cellKey(laneId, step);
    let found = cellAt.get(key);
    if (found === undefined) {
      const index = laneIndex.get(laneId) ?? 0;
      found = { id: `${ids[index]}_s${step}`, step, y: 0, lines: [], style: 'plain', width: 0, height: 0 };
      cellAt.set(key, found);
      lanes[index].cells.push(found);
    }
    return found;
  };

  const messages = new Map<string, MessageRecord>();
  const ops = new Map<string, OpRecord>();
  const partitions: PartitionRecord[] = [];
  const downs = new Map<string, DownSpan[]>();
  const respondCells = new Map<number, { cell: Cell; op: string }[]>();

  const handleEvent = (event: ChartEvent, step: number): void => {
    match(event)
      .with({ kind: 'send' }, (e) => {
        cell(e.from, step);
        if (!messages.has(e.msg)) messages.set(e.msg, { id: e.msg, from: e.from, to: e.to, label: e.label, sendStep: step });
      })
      .with({ kind: 'deliver' }, (e) => {
        cell(e.at, step).lines.push(withVerb('recv', e.label));
        const message = messages.get(e.msg);
        if (message !== undefined && message.deliverStep === undefined && message.dropStep === undefined) {
          message.deliverStep = step;
          message.deliverLane = e.at;
        }
      })
      .with({ kind: 'drop' }, (e) => {
        const message = messages.get(e.msg);
        if (message !== undefined && message.deliverStep === undefined && message.dropStep === undefined) {
          message.dropStep = step;
          message.dropReason = e.reason;
        }
      })
      .with({ kind: 'local' }, (e) => {
        const target = cell(e.lane, step);
        target.lines.push(e.label);
        if (e.tone === 'stale' && target.style === 'plain') target.style = 'alert';
      })
      .with({ kind: 'invoke' }, (e) => {
        cell(e.lane, step).lines.push(withVerb('invoke', e.label));
        ops.set(e.op, { lane: e.lane, invokeStep: step });
      })
      .with({ kind: 'respond' }, (e) => {
        const target = cell(e.lane, step);
        const suffix = e.outcome === 'ok' || e.label.toLowerCase().includes(e.outcome) ? '' : ` (${e.outcome})`;
        target.lines.push(`${e.label}${suffix}`);
        if (e.outcome !== 'ok' && target.style === 'plain') target.style = e.outcome;
        const op = ops.get(e.op);
        if (op !== undefined) {
          op.respondStep = step;
          op.outcome = e.outcome;
        }
        const list = respondCells.get(step) ?? [];
        list.push({ cell: target, op: e.op });
        respondCells.set(step, list);
      })
      .with({ kind: 'partition' }, (e) => {
        for (const open of partitions) if (open.end === undefined) open.end = step;
        partitions.push({ cut: e.cut, rest: e.rest, label: e.label, start: step });
        // The model's own word when its label starts with one (`storm {...}`), else `partition`.
        const word = /^([A-Za-z]+)\b/.exec(e.label)?.[1];
        rows[step - 1].marks.push(word !== undefined && word.length <= 12 ? word.toLowerCase() : 'partition');
      })
      .with({ kind: 'heal' }, () => {
        for (const open of partitions) if (open.end === undefined) open.end = step;
        rows[step - 1].marks.push('heal');
      })
      .with({ kind: 'crash' }, (e) => {
        const target = cell(e.lane, step);
        target.lines.push(e.loseState ? 'CRASH (state lost)' : 'CRASH');
        target.style = 'crash';
        const list = downs.get(e.lane) ?? [];
        list.push({ start: step, end: Number.POSITIVE_INFINITY });
        downs.set(e.lane, list);
      })
      .with({ kind: 'recover' }, (e) => {
        const target = cell(e.lane, step);
        target.lines.push(e.restoredFrom !== undefined ? `recover from ${e.restoredFrom}` : 'recover');
        if (target.style === 'plain') target.style = 'recover';
        const open = (downs.get(e.lane) ?? []).find((d) => d.end === Number.POSITIVE_INFINITY);
        if (open !== undefined) open.end = step;
      })
      .with({ kind: 'skew' }, (e) => {
        cell(e.lane, step).lines.push(`clock skew ${e.by >= 0 ? '+' : ''}${e.by}`);
      })
      .exhaustive();
  };
  steps.forEach((description, index) => {
    for (const event of description.events) handleEvent(event, index + 1);
  });
  return { lanes, laneIndex, rows, cellAt, messages, ops, partitions, downs, respondCells, steps: steps.length };
}
