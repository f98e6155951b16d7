/**
 * Commander's own errors (an unknown option, a missing value, too many arguments) turned into
 * the command's one-line form with a stable code and the accepted values, so they read like
 * every other bad input and exit 2.
 */
import type { Command, CommanderError } from 'commander';
import { oneLine, type CliFailure, type ErrorCode } from './errors.ts';

/** What a commander error means for the process: print nothing and exit 0 (help, version), or a failure. */
export type CommanderOutcome = { readonly kind: 'done' } | { readonly kind: 'failure'; readonly failure: CliFailure };

const codes: Readonly<Record<string, ErrorCode>> = {
  'commander.unknownCommand': 'QL100',
  'commander.unknownOption': 'QL101',
  'commander.missingArgument': 'QL102',
  'commander.optionMissingArgument': 'QL102',
  'commander.missingMandatoryOptionValue': 'QL102',
  'commander.invalidArgument': 'QL103',
  'commander.excessArguments': 'QL104',
  'commander.conflictingOption': 'QL103',
};

/** Maps a commander error raised while parsing `command`'s arguments. */
export function commanderOutcome(error: CommanderError, command: Command): CommanderOutcome {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
    return { kind: 'done' };
  }
  const code = codes[error.code] ?? 'QL103';
  const base = oneLine(error.message.replace(/^error:\s*/i, ''));
  return { kind: 'failure', failure: { code, message: `${base}${acceptedValues(code, command)}` } };
}

function acceptedValues(code: ErrorCode, command: Command): string {
  if (code === 'QL100') {
    const known = command.commands.map((sub) => sub.name());
    return known.length === 0 ? '' : `; known: ${known.join(', ')}`;
  }
  if (code === 'QL101') {
    const flags = command.options.map((option) => option.long ?? option.short ?? '').filter((flag) => flag !== '');
    return `; '${commandPath(command)} --help' lists the accepted options: ${flags.join(' ')}`;
  }
  return `; see '${commandPath(command)} --help'`;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}
