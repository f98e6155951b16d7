/**
 * One quorum check run through the same stages as `quorumlab check` (properties, search,
 * report, output files in memory), returned as a value instead of printed. `sweep`, `cap` and
 * `lesson` are tables and transcripts of many such checks.
 */
import type { Model } from '../../explorer/model.ts';
import type { Verdict } from '../../explorer/result.ts';
import { parseCheckFlags, type CheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { selectProperties } from '../commands/check.ts';
import { fail, ok, type Result } from '../errors.ts';
import { checkPageData, embeddedModel } from '../explore/check-page.ts';
import type { PageData } from '../explore/page/page-data.ts';
import { buildCheckReport, type CheckReport } from '../format/check-report.ts';
import type { CommandIo } from '../io.ts';
import { DEFAULT_PROPERTY, resolveTarget, type CheckTarget } from '../load/target.ts';
import { buildOutputs } from '../outputs/check-outputs.ts';
import type { Interrupts } from '../search/interrupts.ts';
import { planQuotient, quotientSummary, runQuotientSearch } from '../search/quotient.ts';
import { runSearch } from '../search/run-search.ts';
import { flagWords } from './check-options.ts';

/** How to search and what to keep: the search flags of `check`, and whether to build the output files. */
export interface RunCheckOptions {
  readonly search: Pick<CheckFlags, 'strategy' | 'symmetry' | 'quotient' | 'limits' | 'seed' | 'png'>;
  /** Build `verdict.json`, `report.md` and the trace files in memory. */
  readonly files: boolean;
  /** Draw the progress line on stderr while the search runs. */
  readonly showProgress: boolean;
  readonly interrupts: Interrupts;
  /** Keep the data of an explorer page of this check, saying it was made with `command`. */
  readonly page?: { readonly command: string };
}

/** A finished check, reduced to what the tables print, with its report and files. */
export interface CheckRun {
  /** The overall verdict: violated if any property is, else inconclusive if any is, else holds. */
  readonly verdict: Verdict;
  /** Each checked property's verdict, in the order they were asked for. */
  readonly verdicts: Readonly<Record<string, Verdict>>;
  /** Each property's counterexample length in steps, or null when it has none. */
  readonly counterexampleLengths: Readonly<Record<string, number | null>>;
  /** The shortest counterexample among the violated properties, or null. */
  readonly shortestCounterexample: number | null;
  readonly states: number;
  readonly seconds: number;
  /** Whether the user stopped the search (Ctrl-C): its verdicts are then at best inconclusive. */
  readonly interrupted: boolean;
  readonly report: CheckReport;
  /** The files `check --out` would write, or null when they were not asked for. */
  readonly files: ReadonlyMap<string, string | Uint8Array> | null;
  /** The explorer page's data (`quorumlab explore`), or null when it was not asked for. */
  readonly page: PageData | null;
}

/** Checks `properties` on `target` (a quorum configuration) and keeps the outcome. */
export function runCheckTarget(target: CheckTarget, properties: readonly string[], options: RunCheckOptions, io: CommandIo): Promise<Result<CheckRun>> {
  return target.model.open((model) => runOnModel(model, target, properties, options, io));
}

async function runOnModel<S, A>(
  model: Model<S, A>,
  target: CheckTarget,
  requested: readonly string[],
  options: RunCheckOptions,
  io: CommandIo,
): Promise<Result<CheckRun>> {
  const properties = selectProperties(model, requested);
  if (!properties.ok) return properties;
  const { search } = options;
  if (search.symmetry === true && model.symmetry === undefined) {
    return fail('QL114', `--symmetry on: model '${model.name}' has no symmetry function for ${target.configLine}; use --symmetry off`);
  }
  const quotient = planQuotient(target, properties.value, search, search.quotient);
  if (!quotient.ok) return quotient;
  const searchOptions = {
    properties: properties.value,
    strategy: search.strategy,
    ...(search.symmetry !== undefined ? { symmetry: search.symmetry } : {}),
    limits: search.limits,
    ...(search.seed !== undefined ? { seed: search.seed } : {}),
  };
  const searchIo = { stderrStream: io.stderrStream, showProgress: options.showProgress, userModel: false, interrupts: options.interrupts };
  const searched =
    quotient.value === null ? await runSearch(model, searchOptions, searchIo) : await runQuotientSearch(model, quotient.value, searchOptions, searchIo);
  if (!searched.ok) return searched;
  const { result, interrupted } = searched.value;
  const report = buildCheckReport(model, result, { config: target.config, configLine: target.configLine, workers: 1, interrupted, quotient: quotientSummary(quotient.value) });
  let files: ReadonlyMap<string, string | Uint8Array> | null = null;
  if (options.files) {
    const built = await buildOutputs(model, result, target, { png: search.png, limits: search.limits });
    if (!built.ok) return built;
    files = built.value;
  }
  let page: PageData | null = null;
  if (options.page !== undefined) {
    const embedded = embeddedModel(target);
    if (!embedded.ok) return embedded;
    page = checkPageData(model, target, embedded.value, { properties: properties.value, symmetry: search.symmetry, limits: search.limits, command: options.page.command, result });
  }
  const verdicts: Record<string, Verdict> = {};
  const counterexampleLengths: Record<string, number | null> = {};
  for (const entry of result.results) {
    verdicts[entry.property] = entry.verdict;
    counterexampleLengths[entry.property] = entry.verdict === 'violated' && entry.trace !== null ? entry.trace.actions.length : null;
  }
  const lengths = Object.values(counterexampleLengths).filter((length): length is number => length !== null);
  return ok({
    verdict: result.verdict,
    verdicts,
    counterexampleLengths,
    shortestCounterexample: lengths.length === 0 ? null : Math.min(...lengths),
    states: result.stats.states,
    seconds: result.stats.seconds,
    interrupted,
    report,
    files,
    page,
  });
}

/** A `check` command line parsed and resolved, ready to run. */
export interface PreparedCheck {
  /** The words after `quorumlab`, exactly as a reader would type them (without `--out`). */
  readonly words: readonly string[];
  readonly target: CheckTarget;
  readonly flags: CheckFlags;
  readonly properties: readonly string[];
}

/**
 * Parses and resolves `quorumlab check [target] <raw as flags>` through the same stages as the
 * `check` command, without searching: a bad input is found before anything runs.
 */
export async function prepareCheck(target: string | undefined, raw: RawCheckFlags, cwd: string): Promise<Result<PreparedCheck>> {
  const flags = parseCheckFlags(raw);
  if (!flags.ok) return flags;
  const resolved = await resolveTarget(target, flags.value, cwd);
  if (!resolved.ok) return resolved;
  const properties = flags.value.properties ?? resolved.value.defaultProperties ?? [DEFAULT_PROPERTY];
  return ok({
    words: ['check', ...(target === undefined ? [] : [target]), ...flagWords(raw)],
    target: resolved.value,
    flags: flags.value,
    properties,
  });
}
