/**
 * The explorer page of one check: the target's model module bundled, the check's shortest
 * counterexample embedded. `explore` writes one; `lesson` writes one beside each step's
 * diagram. Both search first with the check pipeline, then hand the result here.
 */
import type { JsonValue, Model, CheckResult, Limits, Trace } from '../../explorer/index.ts';
import { describeTrace } from '../../reports/index.ts';
import { fail, ok, type Result } from '../errors.ts';
import { actionLabel } from '../format/labels.ts';
import { sourceName, type CheckTarget } from '../load/target.ts';
import { bundlePage, type PageScript } from './build-page.ts';
import type { EmbeddedModel, EmbeddedTrace, PageData } from './page/page-data.ts';

/** The states a "Find a violation from here" search visits at most, unless `--max-states` says otherwise. */
export const DEFAULT_FIND_LIMIT = 200_000;

/** Bundles already made in this process, by module (a lesson's steps share the quorum model's). */
const scripts = new Map<string, Promise<Result<PageScript>>>();

/** How the page builds `target`'s model: the export and its argument as JSON (refused when JSON would change it). */
export function embeddedModel(target: CheckTarget): Result<EmbeddedModel> {
  const source = target.modelSource;
  if (source === undefined) throw new Error(`explore: no module to bundle for target '${sourceName(target.source)}'`);
  const argument = jsonArgument(source.argument);
  if (!argument.ok) return argument;
  const args = jsonArgument(source.arguments);
  if (!args.ok) return args;
  return ok({
    export: source.export ?? 'default',
    ...(argument.value !== undefined ? { argument: argument.value } : {}),
    ...(Array.isArray(args.value) ? { arguments: args.value } : {}),
  });
}

/**
 * The page's script for `target`: its model module and the page's code bundled, or a failure
 * when a spec module cannot run in a browser. Made once per module in a process.
 */
export function pageScript(target: CheckTarget): Promise<Result<PageScript>> {
  const source = target.modelSource;
  if (source === undefined) throw new Error(`explore: no module to bundle for target '${sourceName(target.source)}'`);
  const userFile = target.source.kind === 'spec' ? target.source.file : undefined;
  const key = `${source.module}\u0000${userFile ?? ''}`;
  let script = scripts.get(key);
  if (script === undefined) {
    script = bundlePage({ modelModule: source.module, ...(userFile !== undefined ? { userFile } : {}) });
    scripts.set(key, script);
  }
  return script;
}

/** How a check ran, as far as its page goes. */
export interface PageCheck<S, A> {
  readonly properties: readonly string[];
  /** `--symmetry` as given. */
  readonly symmetry: boolean | undefined;
  readonly limits: Limits;
  /** The command line the page says it was made with. */
  readonly command: string;
  readonly result: CheckResult<S, A>;
}

/**
 * The page's data for a finished check. It runs the model's describe hooks on the
 * counterexample (for its labels), which may throw for a user's model.
 */
export function checkPageData<S, A>(model: Model<S, A>, target: CheckTarget, embedded: EmbeddedModel, check: PageCheck<S, A>): PageData {
  const { result } = check;
  return {
    source: sourceName(target.source),
    modelName: model.name,
    configLine: target.configLine,
    command: check.command,
    model: embedded,
    properties: check.properties,
    ...(check.symmetry !== undefined ? { symmetry: check.symmetry } : {}),
    findLimit: check.limits.maxStates ?? DEFAULT_FIND_LIMIT,
    check: {
      verdicts: Object.fromEntries(result.results.map((r) => [r.property, r.verdict])),
      states: result.stats.states,
      exhaustive: result.exhaustive,
      ...(result.coverage !== undefined ? { coverage: result.coverage } : {}),
    },
    counterexample: embedShortest(model, result),
  };
}

/** The model's factory argument as JSON, which is how the page carries it; a value JSON would change is refused. */
function jsonArgument(argument: unknown): Result<JsonValue | undefined> {
  if (argument === undefined) return ok(undefined);
  const text = JSON.stringify(argument);
  const back: unknown = JSON.parse(text);
  if (!sameJson(argument, back)) return fail('QL114', `the model's options cannot be written into a page as JSON: ${text.slice(0, 80)}`);
  return ok(back as JsonValue);
}

/** Whether `value` survives a JSON round trip as `back` (undefined fields, which JSON drops, aside). */
function sameJson(value: unknown, back: unknown): boolean {
  if (value === null || typeof value !== 'object') return Object.is(value, back) || (typeof value === 'number' && value === back);
  if (back === null || typeof back !== 'object') return false;
  if (Array.isArray(value) !== Array.isArray(back)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype && !Array.isArray(value)) return false;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const backRecord = back as Record<string, unknown>;
  return entries.length === Object.keys(backRecord).length && entries.every(([k, v]) => sameJson(v, backRecord[k]));
}

/** The shortest counterexample among the violated properties (the first of equal length), as the page replays it. */
export function embedShortest<S, A>(model: Model<S, A>, result: CheckResult<S, A>): EmbeddedTrace | null {
  let best: { readonly property: string; readonly trace: Trace<S, A> } | null = null;
  for (const entry of result.results) {
    if (entry.verdict !== 'violated' || entry.trace === null) continue;
    if (best === null || entry.trace.actions.length < best.trace.actions.length) best = { property: entry.property, trace: entry.trace };
  }
  if (best === null) return null;
  const { trace } = best;
  const described = describeTrace(model, trace, best.property);
  return {
    property: best.property,
    initIndex: described.initIndex,
    actionIndices: [...trace.actionIndices],
    labels: trace.actions.map((action, i) => actionLabel(model, trace.states[i], action)),
    ...(trace.loopStart !== undefined ? { loopStart: trace.loopStart } : {}),
  };
}
