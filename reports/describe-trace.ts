/**
 * Turning a trace into what the reports draw and write, through the model's optional
 * `describe` hooks, with plain fallbacks for a model that has none.
 */
import type { JsonValue, LaneDescription, Model, ChartMarks, FinalRow, LaneFinals, StepDescription, Trace } from '../explorer/index.ts';
import { stateKey } from './_internals/state-key.ts';
import { compactValue } from './_internals/text.ts';

/** A trace in the reports' terms: chart steps, action labels, state views, and what replay needs. */
export interface DescribedTrace {
  /** The chart's lanes (`describe.lanes`), empty when the model has none. */
  readonly lanes: readonly LaneDescription[];
  /** One description per step (`describe.step`), empty when the model has none. */
  readonly steps: readonly StepDescription[];
  /** One label per step (`describe.action`, or the action as JSON). */
  readonly actionLabels: readonly string[];
  /** The narration of each step: the step's own, or its action label. */
  readonly narrations: readonly string[];
  /** A view of each state (`describe.state`, or the state itself as JSON). */
  readonly views: readonly Record<string, JsonValue>[];
  /** Why the last state violates the property (`describe.explain`), when the model says. */
  readonly explanation?: string;
  /** The index of the trace's first state among `model.init()` (by canonical encoding); 0 when not found. */
  readonly initIndex: number;
  /** The tables of each lane's final state: the model's `describe.finals`, else found in the last view (see `genericFinals`). */
  readonly finals: LaneFinals;
  /** What the chart points out for `property` (`describe.marks`), when the model says. */
  readonly marks?: ChartMarks;
  /** The model's configuration in words (`describe.summary`), for the chart's title. */
  readonly summary?: string;
}

function isRecord(value: JsonValue | undefined): value is { readonly [key: string]: JsonValue } {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Each non-client lane's part of a state view: a view field that is a record keyed by lane ids
 * (`replicas: { R1: {...}, R2: {...} }`) gives each of those lanes its entry's fields (or the
 * entry itself, under the field's name). Clients are left out: their operation bars tell their
 * story. Lanes the view does not mention get nothing.
 */
export function laneFinals(
  lanes: readonly LaneDescription[],
  view: Readonly<Record<string, JsonValue>>,
): Record<string, Record<string, JsonValue>> {
  const wanted = new Set(lanes.filter((l) => l.role !== 'client').map((l) => l.id));
  const finals: Record<string, Record<string, JsonValue>> = {};
  for (const [field, value] of Object.entries(view)) {
    if (!isRecord(value)) continue;
    for (const [key, entry] of Object.entries(value)) {
      if (!wanted.has(key)) continue;
      const target = (finals[key] ??= {});
      if (isRecord(entry)) for (const [k, v] of Object.entries(entry)) target[k] = v;
      else target[field] = entry;
    }
  }
  return finals;
}

/** What a highlight means in the generic tables. */
export const MINORITY_LEGEND = 'differs from most lanes of its role';

/**
 * Final-state tables for a model without `describe.finals`: each lane's part of the last view
 * (see `laneFinals`), printed compactly (see `compactValue`). A value that lanes of the same role
 * disagree on is highlighted where it is held by fewer lanes than the one most common value:
 * a guess at the odd one out that a model can replace with its own (`describe.finals`).
 */
export function genericFinals(lanes: readonly LaneDescription[], view: Readonly<Record<string, JsonValue>>): LaneFinals {
  const views = laneFinals(lanes, view);
  const roleOf = new Map(lanes.map((l) => [l.id, l.role]));
  const out: Record<string, FinalRow[]> = {};
  let highlighted = false;
  for (const [lane, fields] of Object.entries(views)) {
    const peers = Object.entries(views)
      .filter(([other]) => roleOf.get(other) === roleOf.get(lane))
      .map(([, peer]) => peer);
    out[lane] = Object.entries(fields).map(([key, value]) => {
      const counts = new Map<string, number>();
      for (const peer of peers) {
        if (Object.hasOwn(peer, key)) counts.set(JSON.stringify(peer[key]), (counts.get(JSON.stringify(peer[key])) ?? 0) + 1);
      }
      const most = Math.max(...counts.values());
      const leaders = [...counts.values()].filter((c) => c === most).length;
      const odd = counts.size > 1 && leaders === 1 && (counts.get(JSON.stringify(value)) ?? 0) < most;
      highlighted ||= odd;
      return odd ? { key, value: compactValue(value), highlight: true } : { key, value: compactValue(value) };
    });
  }
  return highlighted ? { lanes: out, legend: MINORITY_LEGEND } : { lanes: out };
}

/**
 * A JSON value for anything a model might keep in a state, for models without `describe.state`:
 * maps become arrays of pairs, sets arrays, bigints decimal strings, functions and undefined null.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [toJsonValue(k), toJsonValue(v)]);
  if (value instanceof Set) return [...value].map(toJsonValue);
  if (ArrayBuffer.isView(value) && 'length' in value) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'object') {
    const record: Record<string, JsonValue> = {};
    for (const [key, v] of Object.entries(value)) record[key] = toJsonValue(v);
    return record;
  }
  return null;
}

/** The label of `action` in `state`: the model's own, or the action as compact JSON. */
export function actionLabel<S, A>(model: Model<S, A>, state: S, action: A): string {
  if (model.describe !== undefined) return model.describe.action(state, action);
  const json = toJsonValue(action);
  return typeof json === 'string' ? json : JSON.stringify(json);
}

/** The view of `state`: the model's `describe.state`, or `{ state: <the state as JSON> }`. */
export function stateView<S, A>(model: Model<S, A>, state: S): Record<string, JsonValue> {
  const view = model.describe?.state?.(state);
  return view ?? { state: toJsonValue(state) };
}

/**
 * Describe `trace` for the reports: its chart, labels, narration, state views, the model's
 * explanation of why it violates `property`, and the index of its initial state.
 */
export function describeTrace<S, A>(model: Model<S, A>, trace: Trace<S, A>, property: string): DescribedTrace {
  const describe = model.describe;
  const { states, actions } = trace;
  const actionLabels = actions.map((action, i) => actionLabel(model, states[i], action));
  const step = describe?.step;
  const steps: StepDescription[] = step !== undefined ? actions.map((action, i) => step(states[i], action, states[i + 1])) : [];
  const narrations = actionLabels.map((label, i) => {
    const narration = steps[i]?.narration;
    return narration !== undefined && narration.length > 0 ? narration : label;
  });
  const views = states.map((state) => stateView(model, state));
  const explanation = describe?.explain?.(states, actions, property);
  const first = stateKey(model, states[0]);
  const initIndex = Math.max(
    0,
    model.init().findIndex((s) => stateKey(model, s) === first),
  );
  const lanes = describe?.lanes?.() ?? [];
  const marks = describe?.marks?.(states, actions, property);
  const summary = describe?.summary?.();
  return {
    lanes,
    steps,
    actionLabels,
    narrations,
    views,
    ...(explanation !== undefined ? { explanation } : {}),
    initIndex,
    finals:
      describe?.finals !== undefined
        ? describe.finals(states, actions)
        : describe?.state !== undefined
          ? genericFinals(lanes, views[views.length - 1])
          : { lanes: {} },
    ...(marks !== undefined ? { marks } : {}),
    ...(summary !== undefined ? { summary } : {}),
  };
}
