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
import type { JsonValue, Model } from '../../explorer/model.ts';
import type { CheckResult, PropertyResult, Verdict } from '../../explorer/result.ts';
import { describeTrace } from '../../reports/index.ts';
import { parseCheckFlags, type CheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { ExitCode, fail, ok, type Result } from '../errors.ts';
import { bundlePage, pageHtml } from '../explore/build-page.ts';
import type { EmbeddedTrace, PageData } from '../explore/page/page-data.ts';
import { actionLabel } from '../format/labels.ts';
import type { CommandIo } from '../io.ts';
import { commandLine, flagWords } from '../lesson/check-options.ts';
import { firstLine } from '../load/spec-module.ts';
import { resolveTarget, sourceName, type CheckTarget } from '../load/target.ts';
import { writeFiles } from '../output-files.ts';
import { listenForInterrupts, type Interrupts } from '../search/interrupts.ts';
import { runSearch } from '../search/run-search.ts';
import { planWorkers } from '../search/workers.ts';
import { selectProperties, symmetryOption } from './check.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** The flags of `explore`: `check`'s, less its output flags, plus the page's file. */
export type RawExploreFlags = Omit<RawCheckFlags, 'out' | 'png' | 'json'> & { readonly output?: string };

/** The states a "Find a violation from here" search visits at most, unless `--max-states` says otherwise. */
export const DEFAULT_FIND_LIMIT = 200_000;

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
  const source = target.modelSource;
  if (source === undefined) throw new Error(`explore: no module to bundle for target '${sourceName(target.source)}'`);
  const properties = selectProperties(model, flags.properties ?? target.defaultProperties);
  if (!properties.ok) return finish(io, properties);
  if (flags.symmetry === true && model.symmetry === undefined) {
    return finish(io, fail('QL114', `--symmetry on: model '${model.name}' has no symmetry function for this configuration; use --symmetry off`));
  }
  const argument = jsonArgument(source.argument);
  if (!argument.ok) return finish(io, argument);
  const args = jsonArgument(source.arguments);
  if (!args.ok) return finish(io, args);
  // Before the search: a spec that cannot run in a browser is refused at once.
  const script = await bundlePage({ modelModule: source.module, ...(target.source.kind === 'spec' ? { userFile: target.source.file } : {}) });
  if (!script.ok) return finish(io, script);

  // The search `check` runs, for the counterexample the page embeds.
  const plan = planWorkers(model, { asked: flags.workers, strategy: flags.strategy, properties: properties.value, source });
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

  let counterexample: EmbeddedTrace | null;
  try {
    counterexample = embedShortest(model, result);
  } catch (error) {
    if (target.source.kind === 'spec') return finish(io, fail('QL121', `model '${model.name}' failed while describing its trace: ${firstLine(error)}`));
    throw error;
  }
  const data: PageData = {
    source: sourceName(target.source),
    modelName: model.name,
    configLine: target.configLine,
    command: page.command,
    model: {
      export: source.export ?? 'default',
      ...(argument.value !== undefined ? { argument: argument.value } : {}),
      ...(Array.isArray(args.value) ? { arguments: args.value } : {}),
    },
    properties: properties.value,
    ...(flags.symmetry !== undefined ? { symmetry: flags.symmetry } : {}),
    findLimit: flags.limits.maxStates ?? DEFAULT_FIND_LIMIT,
    check: {
      verdicts: Object.fromEntries(result.results.map((r) => [r.property, r.verdict])) as Record<string, Verdict>,
      states: result.stats.states,
      exhaustive: result.exhaustive,
      ...(result.coverage !== undefined ? { coverage: result.coverage } : {}),
    },
    counterexample,
  };
  const html = await pageHtml(script.value, data);
  const written = await writeFiles(dirname(page.file), new Map([[basename(page.file), html]]));
  if (!written.ok) return finish(io, written);

  if (plan.value.note !== null) io.err(`${plan.value.note}\n`);
  io.out(summary(page.file, Buffer.byteLength(html), data, result));
  return { exitCode: result.verdict === 'inconclusive' ? ExitCode.inconclusive : ExitCode.holds };
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
  let best: PropertyResult<S, A> | undefined;
  for (const entry of result.results) {
    if (entry.verdict !== 'violated' || entry.trace === null) continue;
    if (best === undefined || entry.trace.actions.length < best.trace!.actions.length) best = entry;
  }
  const trace = best?.trace;
  if (best === undefined || trace == null) return null;
  const described = describeTrace(model, trace, best.property);
  return {
    property: best.property,
    initIndex: described.initIndex,
    actionIndices: [...trace.actionIndices],
    labels: trace.actions.map((action, i) => actionLabel(model, trace.states[i], action)),
    ...(trace.loopStart !== undefined ? { loopStart: trace.loopStart } : {}),
  };
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
