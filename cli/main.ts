/**
 * The `quorumlab` command: declarations only. Each command's work lives in
 * `cli/commands/<name>.ts`, its output formatting in `cli/format/`.
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { commanderOutcome } from './commander-errors.ts';
import { ExitCode, formatFailure } from './errors.ts';
import { processIo } from './io.ts';
import type { CommandOutcome } from './commands/outcome.ts';
import { runOverlap } from './commands/overlap.ts';
import { runRender } from './commands/render.ts';

const io = processIo();
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The exit code the process ends with; set by the command that runs. */
let exitCode: number = ExitCode.holds;

/** Runs a command's work and records its exit code. */
function run(work: () => Promise<CommandOutcome>): () => Promise<void> {
  return async () => {
    exitCode = (await work()).exitCode;
  };
}

/** Commander settings every command shares: its errors become our one-line form. */
function configure(command: Command): Command {
  return command
    .exitOverride((error: CommanderError) => {
      throw error;
    })
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      // Commander's own error text is replaced by `commanderOutcome`'s one line.
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);
}

const program = configure(new Command('quorumlab'))
  .description('A model checker for quorum replication: finds the interleavings where W + R > N still reads stale data, and draws them.')
  .version(version, '-V, --version', 'print the version')
  .helpOption('-h, --help', 'show help')
  .addHelpText('after', '\nExit codes: 0 holds, 1 violated, 2 bad input, 3 inconclusive.\nRun `quorumlab <command> --help` for a command\'s options and an example.');

configure(program.command('overlap'))
  .description('quorum intersection by enumeration: every write quorum against every read quorum')
  .addOption(new Option('--n <N>', 'home replicas (1..16)'))
  .addOption(new Option('--w <W>', 'write quorum (1..N)'))
  .addOption(new Option('--r <R>', 'read quorum (1..N)'))
  .addOption(new Option('--k <K>', 'also the chance that a read misses each of the last K writes (1..1000)'))
  .option('--json', 'print one JSON object instead of the table')
  .option('--out <DIR>', 'also write overlap.dot and overlap.svg (one pair of quorums, drawn) into DIR')
  .addHelpText('after', '\nExample:\n  quorumlab overlap --n 5 --w 2 --r 2 --k 2\n  quorumlab overlap --n 3 --w 2 --r 2 --json --out out/')
  .action(function (this: Command) {
    return run(() => runOverlap(this.opts(), io))();
  });

configure(program.command('render'))
  .description('render a DOT file to SVG or PNG with the built-in Graphviz (no system install)')
  .argument('<FILE.dot>', 'the DOT source')
  .option('-o, --output <FILE>', 'the output file: .svg or .png (default: FILE.svg beside the input)')
  .addHelpText('after', '\nExample:\n  quorumlab render out/trace.dot -o slide.png')
  .action(function (this: Command, file: string) {
    return run(() => runRender(file, this.opts(), io))();
  });

try {
  if (process.argv.length <= 2) {
    program.outputHelp();
  } else {
    await program.parseAsync(process.argv);
  }
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  const outcome = commanderOutcome(error, commandOf(error));
  if (outcome.kind === 'failure') {
    io.err(`${formatFailure(outcome.failure)}\n`);
    exitCode = ExitCode.badInput;
  }
}
process.exitCode = exitCode;

/** The command whose arguments raised `error`: the subcommand named on the line, else the program. */
function commandOf(_error: CommanderError): Command {
  const name = process.argv[2];
  return program.commands.find((command) => command.name() === name) ?? program;
}
