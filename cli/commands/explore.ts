/**
 * `quorumlab explore [SCENARIO | SPEC-FILE] [check flags] -o FILE.html`: one self-contained page
 * to step through the model by hand.
 *
 * The pipeline: flags -> target -> properties -> the same search `check` runs -> the shortest
 * counterexample as action indices -> the page (model and page code bundled, data inline),
 * built in memory -> written whole (temporary name, then renamed) -> one summary line.
 * A bad input is one line and exit 2, with nothing written.
 */
import { basename, dirname, extname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Model } from '../../explorer/model.ts';
import type { CheckResult } from '../../explorer/result.ts';
import { parseCheckFlags, type CheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { ExitCode, fail, ok, type Result } from '../errors.ts';
import { pageHtml } from '../explore/build-page.ts';
import { checkPageData, embeddedModel, pageScript } from '../explore/check-page.ts';
import type { PageData } from '../explore/page/page-data.ts';
import type { CommandIo } from '../io.ts';
import { commandLine, flagWords } from '../lesson/check-options.ts';
import { firstLine } from '../load/spec-module.ts';
import { resolveTarget, type CheckTarget } from '../load/target.ts';
import { writeFiles } from '../output-files.ts';
import { listenForInterrupts, type Interrupts } from '../search/interrupts.ts';
import { runSearch } from '../search/run-search.ts';
import { planWorkers } from '../search/workers.ts';
import { selectProperties, symmetryOption } from './check.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** The flags of `explore`: `check`'s, less its output flags, plus the page's file. */
export type RawExploreFlags = Omit<RawCheckFlags, 'out' | 'png' | 'json'> & { readonly output?: string };

/** Runs `explore` on `target` with the raw flags commander collected. */
export async function runExplore(target: string | undefined, raw: RawExploreFlags, io: CommandIo, interrupts: Interrupts = listenForInterrupts()): Promise<CommandOutcome> {
  try {
    return await exploreStages(target, raw, io, interrupts);
  } finally {
    interrupts.dispose();
  }
}

/** The page's path from `-o`: required, and an `.html` (or `.htm`) file. */
export function parseOutput(output: string | undefined, cwd: string): Result<string> {
  if (output === undefined || output.trim() === '') return fail('QL102', "explore writes one HTML file: give it with -o FILE.html (e.g. -o sloppy-ghost.html)");
  const extension = extname(output).toLowerCase();
  if (extension !== '.html' && extension !== '.htm') return fail('QL103', `-o '${output}' must name an .html file (e.g. -o explore.html)`);
  return ok(resolvePath(cwd, output));
}

async function exploreStages(target: string | undefined, raw: RawExploreFlags, io: CommandIo, interrupts: Interrupts): Promise<CommandOutcome> {
  const { output, ...checkRaw } = raw;
  const file = parseOutput(output, io.cwd);
  if (!file.ok) return finish(io, file);
  const flags = parseCheckFlags(checkRaw);
  if (!flags.ok) return finish(io, flags);
  const resolved = await resolveTarget(target, flags.value, io.cwd);
  if (!resolved.ok) return finish(io, resolved);
  const checkTarget = resolved.value;
  const words = ['explore', ...(target === undefined ? [] : [target]), ...flagWords(checkRaw), '-o', basename(output ?? '')];
  return checkTarget.model.open((model) => exploreModel(model, checkTarget, flags.value, { file: file.value, command: commandLine(words) }, io, interrupts));
}

/** Where the page goes and the command line that made it. */
interface PageTarget {
  readonly file: string;
  readonly command: string;
}

async function exploreModel<S, A>(model: Model<S, A>, target: CheckTarget, flags: CheckFlags, page: PageTarget, io: CommandIo, interrupts: Interrupts): Promise<CommandOutcome> {
  const properties = selectProperties(model, flags.properties ?? target.defaultProperties);
  if (!properties.ok) return finish(io, properties);
  if (flags.symmetry === true && model.symmetry === undefined) {
    return finish(io, fail('QL114', `--symmetry on: model '${model.name}' has no symmetry function for this configuration; use --symmetry off`));
  }
  const embedded = embeddedModel(target);
  if (!embedded.ok) return finish(io, embedded);
  // Before the search: a spec that cannot run in a browser is refused at once.
  const script = await pageScript(target);
  if (!script.ok) return finish(io, script);

  // The search `check` runs, for the counterexample the page embeds.
  const plan = planWorkers(model, { asked: flags.workers, strategy: flags.strategy, properties: properties.value, source: target.modelSource });
  if (!plan.ok) return finish(io, plan);
  const searched = await runSearch(
    model,
    {
      properties: properties.value,
      strategy: flags.strategy,
      ...symmetryOption(model, properties.value, flags.symmetry),
      ...(flags.reduction !== undefined ? { reduction: flags.reduction } : {}),
      limits: flags.limits,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    },
    { stderrStream: io.stderrStream, showProgress: io.stderrIsTTY, userModel: target.source.kind === 'spec', interrupts },
    plan.value.source === null ? undefined : { workers: plan.value.workers, source: plan.value.source },
  );
  if (!searched.ok) return finish(io, searched);
  const { result } = searched.value;

  let data: PageData;
  try {
    data = checkPageData(model, target, embedded.value, { properties: properties.value, symmetry: flags.symmetry, limits: flags.limits, command: page.command, result });
  } catch (error) {
    if (target.source.kind === 'spec') return finish(io, fail('QL121', `model '${model.name}' failed while describing its trace: ${firstLine(error)}`));
    throw error;
  }
  const html = await pageHtml(script.value, data);
  const written = await writeFiles(dirname(page.file), new Map([[basename(page.file), html]]));
  if (!written.ok) return finish(io, written);

  if (plan.value.note !== null) io.err(`${plan.value.note}\n`);
  io.out(summary(page.file, Buffer.byteLength(html), data, result));
  return { exitCode: result.verdict === 'inconclusive' ? ExitCode.inconclusive : ExitCode.holds };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

function summary(file: string, bytes: number, data: PageData, result: CheckResult<unknown, unknown>): string {
  const verdicts = data.properties.map((name) => `${name} ${(data.check.verdicts[name] ?? 'inconclusive').toUpperCase()}`).join(', ');
  const counterexample = data.counterexample;
  const load =
    counterexample === null
      ? result.verdict === 'inconclusive'
        ? `no counterexample to embed: ${result.coverage ?? 'the search was cut short'}`
        : 'no counterexample to embed'
      : `Load counterexample replays the ${counterexample.actionIndices.length}-step counterexample of ${counterexample.property}`;
  return [`wrote ${file} (${megabytes(bytes)}): an offline explorer for ${data.source}`, `  ${verdicts}; ${load}`, `  open ${pathToFileURL(file).href}`, ''].join('\n');
}
