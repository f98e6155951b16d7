/**
 * `quorumlab check [SCENARIO | SPEC-FILE] [options]`: one configuration, exhaustively.
 *
 * Flags are parsed here; the check itself (target, properties, workers, search, report, files
 * in memory) is the one pipeline (`search/check-pipeline.ts`), run in the check host so that
 * this thread enforces `--timeout` and the interrupts whatever a spec does. Then the files are
 * written all or nothing, and the summary or the JSON printed. A failure at any stage is one
 * line and exit 2, and nothing is written.
 */
import type { CheckResult } from '../../explorer/index.ts';
import { parseCheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { ExitCode, type ExitCodeValue } from '../errors.ts';
import { colours, formatSummary } from '../format/summary.ts';
import type { CommandIo } from '../io.ts';
import { writeCheckFiles } from '../outputs/check-outputs.ts';
import { CheckHost } from '../search/check-host.ts';
import { checkRequest, runHostedCheck } from '../search/hosted-check.ts';
import { listenForInterrupts, type Interrupts } from '../search/interrupts.ts';
import { finish, type CommandOutcome } from './outcome.ts';

export { selectProperties, symmetryOption } from '../search/check-pipeline.ts';

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
    const flags = parseCheckFlags(raw);
    if (!flags.ok) return finish(io, flags);
    const { out, json } = flags.value;
    const host = new CheckHost({ maxMemoryBytes: flags.value.limits.maxMemoryBytes });
    try {
      const outcome = await runHostedCheck(checkRequest(target, flags.value, io.cwd, out !== undefined), { host, interrupts, io, showProgress: io.stderrIsTTY && !json });
      if (!outcome.ok) return finish(io, outcome);
      const { report, files, notes } = outcome.value;
      if (out !== undefined && files !== null) {
        const written = await writeCheckFiles(out, files);
        if (!written.ok) return finish(io, written);
      }
      // Only once nothing can fail any more: a bad input must stay one line on stderr.
      for (const note of notes) io.err(`${note}\n`);
      io.out(json ? `${JSON.stringify(outcome.value.json, null, 2)}\n` : formatSummary(report, colours(io.stdoutIsTTY)));
      return { exitCode: verdictExitCode(report.verdict) };
    } finally {
      await host.close();
    }
  } finally {
    interrupts.dispose();
  }
}
