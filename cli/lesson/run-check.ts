/**
 * One check for the commands that tabulate many (`sweep`, `cap`, `lesson`): the very pipeline
 * `check` runs, in the command's check host, its outcome reduced to what the tables print.
 * So a row says what `check` of that configuration says.
 */
import type { Verdict } from '../../explorer/index.ts';
import { parseCheckFlags, type CheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { ok, type Result } from '../errors.ts';
import type { CheckReport } from '../format/check-report.ts';
import type { PageData } from '../explore/page/page-data.ts';
import { DEFAULT_PROPERTY, resolveTarget, type CheckTarget } from '../load/target.ts';
import type { CheckOutcome } from '../search/check-pipeline.ts';
import { checkRequest, runHostedCheck, type HostedCheckContext } from '../search/hosted-check.ts';
import { flagWords } from './check-options.ts';

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

/** A check's outcome as a table row reads it. */
export function tabulate(outcome: CheckOutcome): CheckRun {
  const { report } = outcome;
  const verdicts: Record<string, Verdict> = {};
  const counterexampleLengths: Record<string, number | null> = {};
  for (const line of report.properties) {
    verdicts[line.name] = line.verdict;
    counterexampleLengths[line.name] = line.verdict === 'violated' ? line.counterexampleLength : null;
  }
  const lengths = Object.values(counterexampleLengths).filter((length): length is number => length !== null);
  return {
    verdict: report.verdict,
    verdicts,
    counterexampleLengths,
    shortestCounterexample: lengths.length === 0 ? null : Math.min(...lengths),
    states: report.stats.states,
    seconds: report.stats.seconds,
    interrupted: report.interrupted,
    report,
    files: outcome.files,
    page: outcome.page,
  };
}

/** A `check` command line parsed and resolved, ready to run. */
export interface PreparedCheck {
  /** The words after `quorumlab`, exactly as a reader would type them (without `--out`). */
  readonly words: readonly string[];
  /** The target as typed: a scenario name, a spec file, or undefined for the default configuration. */
  readonly targetName: string | undefined;
  readonly target: CheckTarget;
  /** The flags, with the properties to check made explicit. */
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
    targetName: target,
    target: resolved.value,
    flags: { ...flags.value, properties },
    properties,
  });
}

/** Runs a prepared check in the command's host, building its files when `files` is set. */
export async function runPreparedCheck(
  check: PreparedCheck,
  options: { readonly files: boolean; readonly png?: boolean; /** Keep the data of an explorer page of this check, saying it was made with `command`. */ readonly page?: { readonly command: string } },
  context: HostedCheckContext,
): Promise<Result<CheckRun>> {
  const flags: CheckFlags = { ...check.flags, png: options.png ?? check.flags.png };
  const request = checkRequest(check.targetName, flags, context.io.cwd, options.files);
  const outcome = await runHostedCheck(options.page === undefined ? request : { ...request, page: options.page }, context);
  return outcome.ok ? ok(tabulate(outcome.value)) : outcome;
}
