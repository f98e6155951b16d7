/**
 * `quorumlab explore [SCENARIO | SPEC-FILE] [check flags] -o FILE.html`: one self-contained page
 * to step through the model by hand.
 *
 * The pipeline: flags -> target -> the page's script (model and page code bundled) -> `check`'s
 * own pipeline (`cli/search/check-pipeline.ts`, in the check host), which also builds the page's
 * data (the verdicts, the shortest counterexample as action indices) -> the page, built in memory
 * -> written whole (temporary name, then renamed) -> one summary line.
 * A bad input is one line and exit 2, with nothing written.
 */
import { basename, dirname, extname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { ExitCode, fail, ok, type Result } from '../errors.ts';
import { pageHtml } from '../explore/build-page.ts';
import { pageScript } from '../explore/check-page.ts';
import type { CheckReport } from '../format/check-report.ts';
import type { PageData } from '../explore/page/page-data.ts';
import type { CommandIo } from '../io.ts';
import { commandLine, flagWords } from '../lesson/check-options.ts';
import { resolveTarget } from '../load/target.ts';
import { writeFiles } from '../output-files.ts';
import { listenForInterrupts, type Interrupts } from '../search/interrupts.ts';
import { CheckHost } from '../search/check-host.ts';
import { checkRequest, runHostedCheck } from '../search/hosted-check.ts';
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
  // Before the search: a spec that cannot run in a browser is refused at once.
  const script = await pageScript(resolved.value);
  if (!script.ok) return finish(io, script);
  const words = ['explore', ...(target === undefined ? [] : [target]), ...flagWords(checkRaw), '-o', basename(output ?? '')];

  // The check pipeline `check` runs, in its host (a worker thread the command can stop), with
  // the page's data built from its result: the verdicts and counterexample the page embeds are
  // check's own.
  const host = new CheckHost({ maxMemoryBytes: flags.value.limits.maxMemoryBytes });
  try {
    const request = { ...checkRequest(target, flags.value, io.cwd, false), page: { command: commandLine(words) } };
    const outcome = await runHostedCheck(request, { host, interrupts, io, showProgress: io.stderrIsTTY });
    if (!outcome.ok) return finish(io, outcome);
    const { report, page, notes } = outcome.value;
    if (page === null) {
      // The host was lost (a spec stuck past the time limit or an interrupt): the model never
      // came back to describe the page from.
      const why = report.coverage ?? 'the search was stopped';
      io.err(`no page written: ${why}\n`);
      return { exitCode: ExitCode.inconclusive };
    }
    const html = await pageHtml(script.value, page);
    const written = await writeFiles(dirname(file.value), new Map([[basename(file.value), html]]));
    if (!written.ok) return finish(io, written);
    for (const note of notes) io.err(`${note}\n`);
    io.out(summary(file.value, Buffer.byteLength(html), page, report));
    return { exitCode: report.verdict === 'inconclusive' ? ExitCode.inconclusive : ExitCode.holds };
  } finally {
    await host.close();
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

function summary(file: string, bytes: number, data: PageData, result: Pick<CheckReport, 'verdict' | 'coverage'>): string {
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
