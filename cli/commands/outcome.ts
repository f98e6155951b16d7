/**
 * How a command ends: an exit code from the CLI contract. A failed stage ends the command with
 * its one line on stderr and exit code 2.
 */
import { ExitCode, formatFailure, type ExitCodeValue, type Failure } from '../errors.ts';
import type { CommandIo } from '../io.ts';

/** What a command returns to the entry point. */
export interface CommandOutcome {
  readonly exitCode: ExitCodeValue;
}

/** Ends a command on bad input: prints the failure's one line and returns exit code 2. */
export function finish(io: CommandIo, failed: Failure): CommandOutcome {
  io.err(`${formatFailure(failed.error)}\n`);
  return { exitCode: ExitCode.badInput };
}
