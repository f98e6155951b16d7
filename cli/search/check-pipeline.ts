/**
 * The one check pipeline. `check` prints it; `sweep`, `cap` and `lesson` tabulate what it
 * returns; its `json` is the object `check --json` prints and `verdict.json` holds. The stages:
 * target (a scenario, the default configuration, or a spec module) -> properties -> workers ->
 * search -> report -> files, each a `Result`: a failure is one line and exit 2, and nothing
 * is written.
 *
 * It runs wherever its caller puts it: the command runs it in a worker thread (`check-host.ts`),
 * so that the main thread can stop a spec that hangs, exits or runs out of memory, and still
 * report; a library caller may run it in its own thread.
 */
import {
  DEFAULT_SYMMETRY_SAMPLE,
  type JsonValue,
  type Model,
  type Property,
  type CheckOptions,
  type CheckResult,
  type Limits,
  type Progress,
  type Strategy,
  strictModel,
  effectiveMemoryLimit,
  formatBytes,
  HEAP_CEILING_SHARE,
} from '../../explorer/index.ts';
import type { CheckFlags } from '../args/check-flags.ts';
import { fail, ok, type Result } from '../errors.ts';
import { buildCheckReport, checkJson, type CheckJson, type CheckReport } from '../format/check-report.ts';
import { firstLine } from '../load/spec-module.ts';
import { isUserModel, modelTarget, resolveTarget, sourceName, type CheckTarget } from '../load/target.ts';
import { buildOutputs } from '../outputs/check-outputs.ts';
import { checkPageData, embeddedModel } from '../explore/check-page.ts';
import type { PageData } from '../explore/page/page-data.ts';
import { planQuotient, quotientResult, quotientSource, quotientSummary, type CheckQuotient, type QuotientSummary } from './quotient.ts';
import { searchModel, type SearchWorkers } from './run-search.ts';
import { planWorkers, type WorkerPlan } from './workers.ts';

/** One check to run: what (a scenario name, a spec file, or nothing for the default configuration) and how (`check`'s flags). */
export interface CheckRequest {
  readonly target: string | undefined;
  /**
   * A Model value to check instead of `target` (the library's `check`). It cannot cross to a
   * worker thread, so such a request runs in its caller's thread and searches with one worker.
   */
  readonly model?: unknown;
  readonly flags: CheckFlags;
  /** The directory a spec file's path is relative to. */
  readonly cwd: string;
  /** Build the files `--out` writes (in memory; the caller writes them). */
  readonly files: boolean;
  /**
   * When the whole check must be over (`Date.now()` milliseconds), `--timeout` after the
   * command started: the search's time limit counts from then, so loading a spec counts
   * against it too. Absent: the flags' time limit, counted from the search's start.
   */
  readonly deadline?: number;
  /** Keep the data of an explorer page of this check (`quorumlab explore`), saying it was made with `command`. */
  readonly page?: { readonly command: string };
}

/** What the pipeline tells its caller while it runs. */
export interface CheckHooks {
  /** The target is loaded and the search planned: enough to report on it should the search never return. */
  readonly onLoaded?: (loaded: LoadedCheck) => void;
  readonly onProgress?: (progress: Progress) => void;
  /** Polled between batches of the search; true stops it (inconclusive, interrupted). */
  readonly shouldStop?: () => boolean;
  /** The search is over; describing and drawing its result remain. */
  readonly onSearched?: () => void;
}

/** A check whose model is loaded, as a report names it before any state is searched. */
export interface LoadedCheck {
  readonly model: string;
  /** The properties checked, in order. */
  readonly properties: readonly { readonly name: string; readonly kind: Property<unknown>['kind']; readonly description?: string }[];
  readonly config: Readonly<Record<string, JsonValue>>;
  readonly configLine: string;
  /** The scenario name, `default`, or the spec file, as traces record it. */
  readonly source: string;
  readonly userModel: boolean;
  readonly strategy: Strategy;
  readonly symmetry: boolean;
  readonly workers: number;
  readonly limits: Limits;
}

/** A finished check: what it says, as a value (printed by `check`, tabulated by the others). */
export interface CheckOutcome {
  readonly report: CheckReport;
  /** The object `check --json` prints. */
  readonly json: CheckJson;
  /** The files `--out` writes, by name, when they were asked for. */
  readonly files: ReadonlyMap<string, string | Uint8Array> | null;
  /** The explorer page's data, when it was asked for. */
  readonly page: PageData | null;
  /** One-line notes for stderr (a limit lowered, workers not used), printed once nothing can fail. */
  readonly notes: readonly string[];
}

/**
 * Runs one check through every stage. The returned `json` is the object `check --json`
 * prints; `verdict.json` is the same object without timings.
 */
export async function runCheckPipeline(request: CheckRequest, hooks: CheckHooks = {}): Promise<Result<CheckOutcome>> {
  const resolved = request.model !== undefined ? modelTarget(request.model, request.flags) : await resolveTarget(request.target, request.flags, request.cwd);
  if (!resolved.ok) return resolved;
  const target = resolved.value;
  return target.model.open((model) => checkModel(model, target, request, hooks));
}

async function checkModel<S, A>(given: Model<S, A>, target: CheckTarget, request: CheckRequest, hooks: CheckHooks): Promise<Result<CheckOutcome>> {
  const { flags } = request;
  const model = flags.strictSpec ? strictModel(given) : given;
  const properties = selectProperties(model, flags.properties ?? target.defaultProperties);
  if (!properties.ok) return properties;
  if (flags.symmetry === true && model.symmetry === undefined) {
    return fail('QL114', `--symmetry on: model '${model.name}' has no symmetry function for ${target.configLine}; use --symmetry off`);
  }
  const quotient = planQuotient(target, properties.value, flags, flags.quotient);
  if (!quotient.ok) return quotient;
  const plan = planSearchWorkers(model, target, flags, properties.value, quotient.value);
  if (!plan.ok) return plan;
  const { workers, source, note } = plan.value;
  const symmetry = symmetryOption(model, properties.value, flags.symmetry);
  const userModel = isUserModel(target.source);
  const notes = [...(note === null ? [] : [note]), ...memoryNote(flags.limits)];
  hooks.onLoaded?.({
    model: model.name,
    properties: properties.value.map((name) => {
      const property = model.properties.find((p) => p.name === name) as Property<S>;
      return { name, kind: property.kind, ...(property.description !== undefined ? { description: property.description } : {}) };
    }),
    config: target.config,
    configLine: target.configLine,
    source: sourceName(target.source),
    userModel,
    strategy: flags.strategy,
    symmetry: symmetry.symmetry ?? model.symmetry !== undefined,
    workers,
    limits: flags.limits,
  });

  const options: CheckOptions = {
    properties: properties.value,
    strategy: flags.strategy,
    ...symmetry,
    ...(flags.reduction !== undefined ? { reduction: flags.reduction } : {}),
    limits: flags.limits,
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.deadlock ? { deadlock: true } : {}),
    // The symmetry factor's orbit work is done only when something prints it.
    ...(flags.json || flags.stats ? { symmetrySample: DEFAULT_SYMMETRY_SAMPLE } : {}),
    ...(hooks.onProgress !== undefined ? { onProgress: hooks.onProgress } : {}),
    ...(hooks.shouldStop !== undefined ? { shouldStop: hooks.shouldStop } : {}),
    // The time limit counts from the request's start (loading a spec takes some of it).
    ...(request.deadline !== undefined && flags.limits.timeoutSeconds !== undefined ? { timeOrigin: request.deadline - flags.limits.timeoutSeconds * 1000 } : {}),
  };
  const parallel = source === null ? undefined : { workers, source };
  const searched = await searchWithQuotient(model, quotient.value, options, { userModel }, parallel);
  hooks.onSearched?.();
  if (!searched.ok) return searched;
  const interrupted = hooks.shouldStop?.() === true;
  return describeCheck(model, searched.value, target, {
    workers,
    interrupted,
    quotient: quotientSummary(quotient.value),
    files: request.files,
    png: flags.png,
    limits: flags.limits,
    notes,
    page: request.page === undefined ? null : { ...request.page, properties: properties.value, symmetry: flags.symmetry },
  });
}

/**
 * The workers of the search: none for `--strict-spec` (its checks watch the model in this
 * thread), else as `planWorkers` decides for the model searched (the quotient's, when there is
 * one).
 */
function planSearchWorkers<S, A>(
  model: Model<S, A>,
  target: CheckTarget,
  flags: CheckFlags,
  properties: readonly string[],
  quotient: CheckQuotient | null,
): Result<WorkerPlan> {
  if (flags.strictSpec) {
    const asked = flags.workers !== undefined && flags.workers > 1;
    return ok({ workers: 1, source: null, note: asked ? `note: --workers ${flags.workers}: --strict-spec checks the spec in one thread; searching with one worker` : null });
  }
  const request = { asked: flags.workers, strategy: flags.strategy, properties };
  return quotient === null
    ? planWorkers(model, { ...request, source: target.modelSource })
    : planWorkers(quotient.model, { ...request, source: quotientSource(quotient, properties) });
}

/** The search of `model`, or of its quotient (the result then read back as `model`'s). */
async function searchWithQuotient<S, A>(
  model: Model<S, A>,
  quotient: CheckQuotient | null,
  options: CheckOptions,
  who: { readonly userModel: boolean },
  parallel: SearchWorkers | undefined,
): Promise<Result<CheckResult<S, A>>> {
  if (quotient === null) return searchModel(model, options, who, parallel);
  const searched = await searchModel(quotient.model, options, who, parallel);
  return searched.ok ? ok(quotientResult(model, quotient, searched.value)) : searched;
}

/** The report, the `--json` object and the files of a finished search. */
async function describeCheck<S, A>(
  model: Model<S, A>,
  result: CheckResult<S, A>,
  target: CheckTarget,
  options: {
    readonly workers: number;
    readonly interrupted: boolean;
    readonly quotient: QuotientSummary | null;
    readonly files: boolean;
    readonly png: boolean;
    readonly limits: Limits;
    readonly notes: readonly string[];
    readonly page: { readonly command: string; readonly properties: readonly string[]; readonly symmetry: boolean | undefined } | null;
  },
): Promise<Result<CheckOutcome>> {
  let report: CheckReport;
  try {
    report = buildCheckReport(model, result, { config: target.config, configLine: target.configLine, workers: options.workers, interrupted: options.interrupted, quotient: options.quotient });
  } catch (error) {
    // A spec module's describe hooks run here: one that throws is bad input, not a crash.
    if (isUserModel(target.source)) return fail('QL121', `model '${model.name}' failed while describing its trace: ${firstLine(error)}`);
    throw error;
  }
  let files: ReadonlyMap<string, string | Uint8Array> | null = null;
  if (options.files) {
    const built = await buildOutputs(model, result, target, { png: options.png, limits: options.limits, verdict: checkJson(report, { timing: false }) });
    if (!built.ok) return built;
    files = built.value;
  }
  let page: PageData | null = null;
  if (options.page !== null) {
    const embedded = embeddedModel(target);
    if (!embedded.ok) return embedded;
    try {
      page = checkPageData(model, target, embedded.value, { properties: options.page.properties, symmetry: options.page.symmetry, limits: options.limits, command: options.page.command, result });
    } catch (error) {
      if (target.source.kind === 'spec') return fail('QL121', `model '${model.name}' failed while describing its trace: ${firstLine(error)}`);
      throw error;
    }
  }
  return ok({ report, json: checkJson(report), files, page, notes: options.notes });
}

/** The line saying `--max-memory` was lowered to what this thread's heap can hold, if it was. */
function memoryNote(limits: Limits): string[] {
  const asked = limits.maxMemoryBytes;
  const effective = effectiveMemoryLimit(limits);
  if (asked === undefined || !effective.lowered) return [];
  return [
    `note: --max-memory ${formatBytes(asked)} is more than the search's heap can hold; it stops at ${formatBytes(effective.bytes)} (${Math.round(HEAP_CEILING_SHARE * 100)}% of its heap limit)`,
  ];
}

/**
 * The symmetry setting: as asked; else off when a liveness property is checked (the engine
 * cannot judge liveness on the reduced graph and would answer "unknown"); else the engine's
 * default (on when the model has a symmetry function).
 */
export function symmetryOption<S, A>(model: Model<S, A>, properties: readonly string[], asked: boolean | undefined): { symmetry?: boolean } {
  if (asked !== undefined) return { symmetry: asked };
  const liveness = model.properties.some((p) => properties.includes(p.name) && (p.kind === 'eventually' || p.kind === 'always-eventually'));
  return liveness ? { symmetry: false } : {};
}

/** The properties to check: the names asked for, each one the model has, else a one-line failure listing them. */
export function selectProperties<S, A>(model: Model<S, A>, requested: readonly string[] | undefined): Result<readonly string[]> {
  const known = model.properties.map((property) => property.name);
  if (requested === undefined) return ok(known);
  for (const name of requested) {
    if (!known.includes(name)) return fail('QL113', `unknown property '${name}' for model '${model.name}'; known: ${known.join(', ')}`);
  }
  return ok(requested);
}
