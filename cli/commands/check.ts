/**
 * `quorumlab check [SCENARIO | SPEC-FILE] [options]`: one configuration, exhaustively.
 *
 * The pipeline: flags -> target (scenario or spec module) -> properties -> workers -> search -> outputs
 * (rendered in memory, then written) -> the summary or JSON on stdout -> the exit code.
 * Every stage before the search returns a `Result`; a failure is one line and exit 2, and
 * nothing is written.
 */
import { DEFAULT_SYMMETRY_SAMPLE } from '../../explorer/index.ts';
import type { Model } from '../../explorer/model.ts';
import { strictModel } from '../../explorer/strict-model.ts';
import type { CheckResult } from '../../explorer/result.ts';
import { parseCheckFlags, type CheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { ExitCode, fail, ok, type ExitCodeValue, type Result } from '../errors.ts';
import { buildCheckReport, checkJson, type CheckReport } from '../format/check-report.ts';
import { colours, formatSummary } from '../format/summary.ts';
import type { CommandIo } from '../io.ts';
import { firstLine } from '../load/spec-module.ts';
import { resolveTarget, type CheckTarget } from '../load/target.ts';
import { replaceFiles } from '../output-files.ts';
import { buildOutputs } from '../outputs/check-outputs.ts';
import { listenForInterrupts, type Interrupts } from '../search/interrupts.ts';
import { planQuotient, quotientSource, quotientSummary, runQuotientSearch } from '../search/quotient.ts';
import { runSearch } from '../search/run-search.ts';
import { planWorkers } from '../search/workers.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** Every file `check --out` may write; those a run does not write are removed from DIR. */
export const CHECK_OUTPUT_NAMES = ['verdict.json', 'report.md', 'trace.itf.json', 'trace.dot', 'trace.svg', 'trace.png', 'state-graph.dot', 'state-graph.svg', 'state-graph.png'] as const;

/** The exit code of a verdict (the CLI contract). */
export function verdictExitCode(verdict: CheckResult<unknown, unknown>['verdict']): ExitCodeValue {
  return ExitCode[verdict];
}

/**
 * Runs `check` on `target` with the raw flags commander collected. `interrupts` may be passed
 * by a caller that started listening earlier (so a Ctrl-C while the model loads is not lost);
 * it is disposed when the command ends.
 */
export async function runCheck(target: string | undefined, raw: RawCheckFlags, io: CommandIo, interrupts: Interrupts = listenForInterrupts()): Promise<CommandOutcome> {
  try {
    return await runCheckStages(target, raw, io, interrupts);
  } finally {
    interrupts.dispose();
  }
}

async function runCheckStages(target: string | undefined, raw: RawCheckFlags, io: CommandIo, interrupts: Interrupts): Promise<CommandOutcome> {
  const flags = parseCheckFlags(raw);
  if (!flags.ok) return finish(io, flags);
  const resolved = await resolveTarget(target, flags.value, io.cwd);
  if (!resolved.ok) return finish(io, resolved);
  const checkTarget = resolved.value;
  return checkTarget.model.open((model) => checkModel(model, checkTarget, flags.value, io, interrupts));
}

/** The stages after the target is known, generic in the model's state and action types. */
async function checkModel<S, A>(given: Model<S, A>, target: CheckTarget, flags: CheckFlags, io: CommandIo, interrupts: Interrupts): Promise<CommandOutcome> {
  const model = flags.strictSpec ? strictModel(given) : given;
  const properties = selectProperties(model, flags.properties ?? target.defaultProperties);
  if (!properties.ok) return finish(io, properties);
  if (flags.symmetry === true && model.symmetry === undefined) {
    return finish(io, fail('QL114', `--symmetry on: model '${model.name}' has no symmetry function for this configuration; use --symmetry off`));
  }
  const quotient = planQuotient(target, properties.value, flags, flags.quotient);
  if (!quotient.ok) return finish(io, quotient);
  const request = { asked: flags.workers, strategy: flags.strategy, properties: properties.value };
  // The strict checks live in this thread, so a strict search does not fan out to workers.
  const plan = flags.strictSpec
    ? ok({ workers: 1, source: null, note: flags.workers !== undefined && flags.workers > 1 ? `note: --workers ${flags.workers}: --strict-spec checks the spec in one thread; searching with one worker` : null })
    : quotient.value === null
      ? planWorkers(model, { ...request, source: target.modelSource })
      : planWorkers(quotient.value.model, { ...request, source: quotientSource(quotient.value, properties.value) });
  if (!plan.ok) return finish(io, plan);
  const { workers, source, note } = plan.value;
  const options = {
    properties: properties.value,
    strategy: flags.strategy,
    ...symmetryOption(model, properties.value, flags.symmetry),
    ...(flags.reduction !== undefined ? { reduction: flags.reduction } : {}),
    limits: flags.limits,
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.deadlock ? { deadlock: true } : {}),
    // The symmetry factor's orbit work is done only when something prints it.
    ...(flags.json || flags.stats ? { symmetrySample: DEFAULT_SYMMETRY_SAMPLE } : {}),
  };
  const searchIo = { stderrStream: io.stderrStream, showProgress: io.stderrIsTTY && !flags.json, userModel: target.source.kind === 'spec', interrupts };
  const parallel = source === null ? undefined : { workers, source };
  const searched =
    quotient.value === null ? await runSearch(model, options, searchIo, parallel) : await runQuotientSearch(model, quotient.value, options, searchIo, parallel);
  if (!searched.ok) return finish(io, searched);
  const { result, interrupted } = searched.value;
  let report: CheckReport;
  try {
    report = buildCheckReport(model, result, { config: target.config, configLine: target.configLine, workers, interrupted, quotient: quotientSummary(quotient.value) });
  } catch (error) {
    // A spec module's describe hooks run here: one that throws is bad input, not a crash.
    if (target.source.kind === 'spec') return finish(io, fail('QL121', `model '${model.name}' failed while describing its trace: ${firstLine(error)}`));
    throw error;
  }

  if (flags.out !== undefined) {
    const files = await buildOutputs(model, result, target, { png: flags.png, limits: flags.limits });
    if (!files.ok) return finish(io, files);
    const written = await replaceFiles(flags.out, files.value, CHECK_OUTPUT_NAMES);
    if (!written.ok) return finish(io, written);
  }
  // Only once nothing can fail any more: a bad input must stay one line on stderr.
  if (note !== null) io.err(`${note}\n`);
  io.out(render(report, flags, io));
  return { exitCode: verdictExitCode(result.verdict) };
}

function render(report: CheckReport, flags: CheckFlags, io: CommandIo): string {
  if (flags.json) return `${JSON.stringify(checkJson(report), null, 2)}\n`;
  return formatSummary(report, colours(io.stdoutIsTTY));
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
