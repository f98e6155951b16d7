/**
 * The `check` options that `sweep` and `cap` accept too, taken from the declared `check`
 * command so that both speak exactly its flags; and the reverse direction, raw flags back into
 * the words of a command line a reader can re-run.
 */
import { Option, type Command } from 'commander';
import type { RawCheckFlags } from '../args/check-flags.ts';

/** Which of `check`'s options to leave out, and new help texts for some of the rest (by long flag). */
export interface InheritOptions {
  readonly omit: readonly string[];
  readonly describe?: Readonly<Record<string, string>>;
}

/**
 * Adds to `command` every option of the already declared `check` command of `program`, except
 * `omit`. The options are copied, not shared, so a new help text changes only this command.
 */
export function inheritCheckOptions(command: Command, program: Command, options: InheritOptions): Command {
  const check = program.commands.find((candidate) => candidate.name() === 'check');
  if (check === undefined) throw new Error('inheritCheckOptions: declare `check` before the commands that share its options');
  for (const original of check.options) {
    const long = original.long ?? '';
    const positive = long.replace(/^--no-/, '--');
    if (options.omit.includes(long) || options.omit.includes(positive)) continue;
    const copy = Object.assign(Object.create(Option.prototype) as Option, original);
    const description = options.describe?.[long];
    if (description !== undefined) copy.description = description;
    command.addOption(copy);
  }
  return command;
}

/** Turns `someFlag` into `--some-flag`. */
function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/**
 * The words of `raw` on a command line, in a fixed order: values as `--flag value`, switches as
 * `--flag` or `--no-flag`, each `--property` repeated. `out` and `json` are left to the caller.
 */
export function flagWords(raw: RawCheckFlags): string[] {
  const words: string[] = [];
  for (const [key, value] of Object.entries(raw) as [string, unknown][]) {
    if (value === undefined || key === 'out' || key === 'json') continue;
    const flag = flagName(key);
    if ((key === 'property' || key === 'const') && Array.isArray(value)) {
      for (const item of value as readonly string[]) words.push(flag, item);
    } else if (typeof value === 'boolean') {
      words.push(value ? flag : flag.replace(/^--/, '--no-'));
    } else if (typeof value === 'string') {
      words.push(flag, value);
    } else {
      throw new Error(`flagWords: ${key} is neither a value, a switch nor a list`);
    }
  }
  return words;
}

/** A word as a POSIX shell reads it back: bare when it is safe, else single-quoted. */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9_./,=:@%+-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A full command line: `quorumlab` and the words, each quoted for a shell. */
export function commandLine(words: readonly string[]): string {
  return ['quorumlab', ...words].map(shellWord).join(' ');
}
