/**
 * The `quorumlab` command: declarations only. Each command's work lives in
 * `cli/commands/<name>.ts`, its output formatting in `cli/format/`.
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { commanderOutcome } from './commander-errors.ts';
import { ExitCode, formatFailure } from './errors.ts';
import { processIo } from './io.ts';
import { listenForInterrupts } from './search/interrupts.ts';
import { scenarios } from '../spec/index.ts';
import type { CommandOutcome } from './commands/outcome.ts';
import { inheritCheckOptions } from './lesson/check-options.ts';

const io = processIo();
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The exit code the process ends with; set by the command that runs. */
let exitCode: number = ExitCode.holds;

/**
 * Runs a command's work and records its exit code. Each command's module is imported only when
 * it runs: the renderer's WebAssembly and the model are not loaded for `--help` or `overlap`.
 */
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
      writeOut: (text) => { io.out(text); },
      writeErr: (text) => { io.err(text); },
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

/** `--property` may be repeated: each use adds a name. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

configure(program.command('check'))
  .description('check one configuration exhaustively: a scenario, the default configuration, or your own spec module')
  .argument('[SCENARIO | SPEC-FILE]', `a scenario name (see below), or a .ts/.js module exporting a Model; default: the default configuration`)
  .addOption(new Option('--n <N>', 'home replicas (default: the scenario\'s, else 3)'))
  .addOption(new Option('--w <W>', 'write quorum, 1..N (default: the scenario\'s, else 2)'))
  .addOption(new Option('--r <R>', 'read quorum, 1..N (default: the scenario\'s, else 2)'))
  .addOption(new Option('--spares <S>', 'spare nodes a sloppy quorum may use (default: the scenario\'s, else 0)'))
  .addOption(new Option('--ops <SCRIPT>', 'client scripts: one per client, separated by ";", each a comma-separated list of wV (write V) and r (read) (default: the scenario\'s, else "w1;r")'))
  .addOption(new Option('--quorum <KIND>', 'strict | sloppy (default: the scenario\'s, else strict)'))
  .addOption(new Option('--resolve <HOW>', 'how a read picks among replies: lww | first | majority | vclock (default: the scenario\'s, else lww)'))
  .addOption(new Option('--clock <KIND>', 'write versions: logical | wall | vclock (default: the scenario\'s, else logical)'))
  .addOption(new Option('--read-repair <HOW>', 'off | async | sync (default: the scenario\'s, else off)'))
  .option('--handoff', 'hinted handoff on (default: the scenario\'s, else off)')
  .option('--no-handoff', 'hinted handoff off')
  .option('--anti-entropy', 'anti-entropy on (default: the scenario\'s, else off)')
  .option('--no-anti-entropy', 'anti-entropy off')
  .addOption(new Option('--mode <MODE>', 'quorum | cp | ap (default: the scenario\'s, else quorum)'))
  .addOption(new Option('--partitions <K>', 'partition budget, 0..15 (default: the scenario\'s, else 0)'))
  .addOption(new Option('--drops <K>', 'message-loss budget, 0..15 (default: the scenario\'s, else 0)'))
  .addOption(new Option('--crashes <K>', 'crash budget, 0..15 (default: the scenario\'s, else 0)'))
  .option('--state-loss', 'a crashed node loses its data (default: the scenario\'s, else off)')
  .option('--no-state-loss', 'a crashed node keeps its data')
  .addOption(new Option('--skew <K>', 'clock-skew budget, 0..15; needs --clock wall (default: the scenario\'s, else 0)'))
  .addOption(new Option('--property <NAME>', 'a property to check; repeatable: stale-read | linearizable | read-your-writes | monotonic-reads | convergence | availability, or a spec module\'s own (default: the scenario\'s, else stale-read; all of a spec module\'s)').argParser(collect))
  .addOption(new Option('--const <NAME=VALUE>', 'a spec module\'s constant, as a TLC .cfg sets it; repeatable; VALUE is JSON when it parses (3, true, "x", ["r1","r2"]), else a string (default: the module\'s own defaults)').argParser(collect))
  .addOption(new Option('--strategy <S>', 'bfs (shortest counterexamples) | dfs (low memory) | random (default: bfs)'))
  .addOption(new Option('--workers <K>', 'worker threads for a bfs search, 1..256, level by level: the same verdict, states and counterexample as one worker with --por off; dfs, random, liveness properties and --por on use one (default: 1 on a machine with at most 2 cores, where loading the model in each worker costs more than the second core gives back; else the core count)'))
  .addOption(new Option('--symmetry <ON_OFF>', 'on | off: reduce states that differ only by interchangeable replicas (default: on when the model has a symmetry, off when a liveness property such as convergence is checked)'))
  .addOption(new Option('--por <ON_OFF>', 'on | off: partial-order reduction, exploring one action alone where it commutes with the rest; fewer states, the same verdicts; one-thread search only (default: on where it applies: bfs or dfs, one worker, no --max-depth, properties it preserves)'))
  .addOption(new Option('--quotient <ON_OFF>', 'on | off: quotients of what no checked property observes (quorum model, bfs or dfs, properties over the history): faults the properties cannot see are left out, timeouts of last operations that no property can tell from waiting are not explored, and a fault is explored only where a step right after it observes it; the same verdicts and shortest counterexamples (default: on where they apply)'))
  .addOption(new Option('--max-states <K>', 'stop after K distinct states: inconclusive (default: no limit)'))
  .addOption(new Option('--max-depth <K>', 'do not go deeper than K steps (default: no limit)'))
  .addOption(new Option('--timeout <SECONDS>', 'stop after this many seconds (default: no limit)'))
  .addOption(new Option('--max-memory <SIZE>', 'stop before the heap exceeds SIZE, e.g. 512MB, 2GB (default: no limit)'))
  .addOption(new Option('--seed <K>', 'seed for --strategy random (default: a fixed seed, so two runs agree)'))
  .option('--out <DIR>', 'write verdict.json, report.md and, with a counterexample, trace.itf.json, trace.dot, trace.svg, state-graph.dot and state-graph.svg into DIR')
  .option('--png', 'with --out, also write trace.png and state-graph.png')
  .option('--json', 'print one JSON object instead of the summary')
  .option('--stats', 'also estimate how many times more states the search would visit with --symmetry off (orbit work after the search; --json includes it)')
  .option('--deadlock', 'a reachable state where no action is enabled is a violation (of the property deadlock-free) with its shortest trace, as TLC checks by default. Off by default here: the quorum model\'s client scripts end, so its final states enable nothing by design; turn it on for a spec whose behaviours should never stop')
  .option('--typecheck', 'type-check a TypeScript spec module before loading it (tsx strips types unchecked): the first type error stops the check with its file, line, column and a code frame (uses the spec project\'s typescript package and nearest tsconfig.json)')
  .option('--strict-spec', 'catch the classic mistakes of a hand-written spec as the search runs: next, actions or a property changing the state it was given, init/actions/next answering differently when asked again (or actions giving equal states different lists), next returning nothing, a property that throws or returns a non-boolean; each names the action and the state (a few times slower; one thread)')
  .addHelpText('after', () => checkHelpFooter())
  .action(function (this: Command, target: string | undefined) {
    // Listen before the model loads: a Ctrl-C during loading then stops the search at once.
    const interrupts = listenForInterrupts();
    return run(async () => (await import('./commands/check.ts')).runCheck(target, this.opts(), io, interrupts))();
  });

configure(program.command('overlap'))
  .description('quorum intersection by enumeration: every write quorum against every read quorum')
  .addOption(new Option('--n <N>', 'home replicas (1..16)'))
  .addOption(new Option('--w <W>', 'write quorum (1..N)'))
  .addOption(new Option('--r <R>', 'read quorum (1..N)'))
  .addOption(new Option('--k <K>', 'also the chance that a read misses each of the last K writes (1..1000)'))
  .option('--json', 'print one JSON object instead of the table')
  .option('--out <DIR>', 'also write overlap.dot and overlap.svg (one pair of quorums, drawn) into DIR')
  .option('--png', 'with --out, also write overlap.png')
  .addHelpText('after', '\nExample:\n  quorumlab overlap --n 5 --w 2 --r 2 --k 2\n  quorumlab overlap --n 3 --w 2 --r 2 --json --out out/')
  .action(function (this: Command) {
    return run(async () => (await import('./commands/overlap.ts')).runOverlap(this.opts(), io))();
  });

configure(program.command('render'))
  .description('render a DOT file to SVG or PNG with the built-in Graphviz (no system install)')
  .argument('<FILE.dot>', 'the DOT source')
  .option('-o, --output <FILE>', 'the output file: .svg or .png (default: FILE.svg beside the input)')
  .option('--scale <X>', 'PNG only: pixels per point / 0.75, from 0.25 to 4 (default: 2, sharp on a slide)')
  .addHelpText('after', '\nExample:\n  quorumlab render out/trace.dot -o slide.png\n  quorumlab render out/trace.dot -o small.png --scale 1')
  .action(function (this: Command, file: string) {
    return run(async () => (await import('./commands/render.ts')).runRender(file, this.opts(), io))();
  });

/** The end of `check --help`: the scenarios, the exit codes, and examples. */
function checkHelpFooter(): string {
  const names = scenarios.map((scenario) => `  ${scenario.name.padEnd(20)} ${scenario.title}`).join('\n');
  return [
    '',
    'Scenarios:',
    names,
    '',
    'Exit codes: 0 holds, 1 violated, 2 bad input, 3 inconclusive.',
    '',
    'Examples:',
    '  quorumlab check sloppy-ghost',
    '  quorumlab check --n 3 --w 2 --r 2 --ops "w1;r" --partitions 1 --resolve first --out out/',
    '  quorumlab check bank --mode ap --property stale-read --property availability --json',
    '  quorumlab check examples/two-phase-commit.ts',
    '  quorumlab check examples/tla/coffee-can.ts --const MaxBeanCount=1000',
  ].join('\n');
}

configure(program.command('replay'))
  .description('re-run a saved trace (trace.itf.json from check --out) against the quorum model it records, or the spec module --spec names')
  .argument('<TRACE.itf.json>', 'the trace file')
  .option('--spec <FILE>', 'the spec module to replay a spec trace against: a trace never makes replay load a module (it would run its author\'s code)')
  .option('--json', 'print one JSON object instead of the summary')
  .addHelpText(
    'after',
    '\nExit codes: 0 it replays and still violates the property, 1 it replays but no longer violates it,\n2 a malformed or truncated file, a configuration mismatch, or a step that is not enabled.\n\nExamples:\n  quorumlab check first-reply --out out/ && quorumlab replay out/trace.itf.json\n  quorumlab check examples/two-phase-commit.ts --out out/ && quorumlab replay out/trace.itf.json --spec examples/two-phase-commit.ts',
  )
  .action(function (this: Command, file: string) {
    return run(async () => (await import('./commands/replay.ts')).runReplay(file, this.opts(), io))();
  });

configure(inheritCheckOptions(program.command('sweep'), program, {
  omit: ['--w', '--r', '--workers', '--por', '--stats', '--const', '--strict-spec', '--typecheck', '--deadlock'],
  describe: {
    '--n': 'home replicas: W and R each run over 1..N (required)',
    '--property': 'a property to check; repeatable (default: stale-read and linearizable)',
    '--ops': 'client scripts, as for check (default: "w1;r,r": a write and a client reading twice, so linearizable can differ from stale-read)',
    '--out': 'write sweep.md and, for each violated row, its trace.svg, report.md, ... into DIR/w{W}-r{R}/',
  },
}))
  .description('every W and R in 1..N checked exhaustively: a verdict table')
  .addHelpText('after', '\nExit codes: 0 every row decided (holds or violated), 2 bad input, 3 some row inconclusive.\n\nExamples:\n  quorumlab sweep --n 3\n  quorumlab sweep --n 3 --partitions 1 --property stale-read --out out/sweep')
  .action(function (this: Command) {
    return run(async () => (await import('./commands/sweep.ts')).runSweep(this.opts(), io))();
  });

configure(inheritCheckOptions(program.command('cap'), program, {
  omit: ['--mode', '--property', '--workers', '--por', '--stats', '--const', '--strict-spec', '--typecheck', '--deadlock'],
  describe: { '--out': 'write cap.md, and each mode\'s verdict.json, report.md and, when violated, trace.svg ... into DIR/cp/ and DIR/ap/' },
}))
  .description('CAP under a partition: a scenario in cp mode and in ap mode (sloppy quorum, hinted handoff), checked for stale-read and availability')
  .argument('[SCENARIO]', 'a scenario name (default: bank); the other flags override its configuration in both modes')
  .addHelpText('after', '\nExit codes: 0 every verdict decided and no mode kept both properties, 1 some mode kept both (CAP did not show),\n2 bad input, 3 some verdict inconclusive.\n\nExamples:\n  quorumlab cap\n  quorumlab cap bank --n 3 --w 2 --r 2 --out out/cap\n  quorumlab cap strict --json')
  .action(function (this: Command, scenario: string | undefined) {
    return run(async () => (await import('./commands/cap.ts')).runCap(scenario, this.opts(), io))();
  });

configure(program.command('lesson'))
  .description('the article\'s argument, step by step: each claim, the command that checks it, its verdict and its diagram')
  .argument('[NAME]', 'one step: overlap, lww-holds, first-reply, tunable, bank, more-servers, sloppy-ghost, healing, abd (default: all, with index.md)')
  .option('--out <DIR>', 'where the diagrams, reports and index.md go (default: quorumlab-out/lesson)')
  .option('--json', 'print one JSON object (the steps, their commands and verdicts) instead of the transcript')
  .option('--png', 'write a PNG beside every SVG, for slides')
  .addHelpText('after', '\nExit codes: 0 every step checked out as claimed, 1 some verdict was not the expected one, 2 bad input, 3 interrupted.\n\nExamples:\n  quorumlab lesson\n  quorumlab lesson sloppy-ghost --out out/lesson')
  .action(function (this: Command, name: string | undefined) {
    return run(async () => (await import('./commands/lesson.ts')).runLesson(name, this.opts(), io))();
  });

configure(inheritCheckOptions(program.command('explore'), program, {
  omit: ['--out', '--png', '--json', '--strict-spec', '--deadlock'],
  describe: { '--max-states': 'stop the search for the embedded counterexample after K distinct states; also the page\'s limit for "Find a violation from here" (default: no limit for the first, 200000 for the second)' },
}))
  .description('write one self-contained HTML page to step through a model by hand: take enabled actions, step back, load the counterexample, find a violation from any state (works offline)')
  .argument('[SCENARIO | SPEC-FILE]', 'a scenario name, or a .ts/.js module exporting a Model (default: the default configuration)')
  .option('-o, --output <FILE.html>', 'the page to write (required)')
  .addHelpText('after', '\nThe page bundles the model, the chart drawing and Graphviz; it makes no network requests and opens from disk.\n\nExit codes: 0 the page was written, 2 bad input (nothing written), 3 written, but the search for its counterexample was cut short.\n\nExamples:\n  quorumlab explore sloppy-ghost -o sloppy-ghost.html\n  quorumlab explore --n 3 --w 1 --r 2 --partitions 1 -o w1r2.html\n  quorumlab explore examples/two-phase-commit.ts -o 2pc.html')
  .action(function (this: Command, target: string | undefined) {
    const interrupts = listenForInterrupts();
    return run(async () => (await import('./commands/explore.ts')).runExplore(target, this.opts(), io, interrupts))();
  });

configure(inheritCheckOptions(program.command('induct'), program, {
  omit: ['--property', '--strategy', '--workers', '--por', '--stats', '--const', '--strict-spec', '--typecheck', '--deadlock', '--symmetry', '--max-states', '--max-depth', '--timeout', '--max-memory', '--out', '--png'],
  describe: { '--seed': 'seed for generated states (default: 1, so two runs agree)' },
}))
  .description('is an invariant inductive? it holds initially and every step from ANY state satisfying it (reachable or not) keeps it: a proof for every depth')
  .addOption(new Option('--invariant <NAME>', 'stale-read | write-quorum | quorum-intersection, or all: each in turn, weakest first (default: quorum-intersection)'))
  .addOption(new Option('--runs <K>', 'states to generate when the domain is too big to enumerate (default: 10000)'))
  .addOption(new Option('--exhaustive <ON_OFF>', 'on | off: enumerate the bounded domain (a proof) or generate states (evidence) (default: on when the domain has at most 400,000 states)'))
  .addHelpText('after', '\nStated for the strict quorum, lww, logical clocks, no spares, --read-repair off or async, --mode quorum or cp;\npartitions, drops, crashes (with or without --state-loss) and anti-entropy are in.\n\nExit codes: 0 inductive (and it implies stale-read), 1 not inductive (the breaking state and step are printed), 2 bad input.\n\nExamples:\n  quorumlab induct                                   # N=3 W=2 R=2: quorum-intersection is inductive (exhaustive)\n  quorumlab induct --invariant stale-read            # true, but not inductive: prints an unreachable state that breaks it\n  quorumlab induct --w 1 --r 1                       # W + R <= N: the intersection argument fails\n  quorumlab induct --invariant all                   # the strengthening, weakest first\n  quorumlab induct --crashes 1 --state-loss --json')
  .action(function (this: Command) {
    return run(async () => (await import('./commands/induct.ts')).runInduct(this.opts(), io))();
  });

try {
  if (process.argv.length <= 2 || (process.argv[2] === 'help' && process.argv[3] === 'help')) {
    program.outputHelp();
  } else if (process.argv[2] === 'help' && process.argv[3] !== undefined && !isCommandName(process.argv[3])) {
    // Commander would print the whole help on stderr before failing: say it in one line instead.
    throw new CommanderError(1, 'commander.unknownCommand', `error: unknown command '${process.argv[3]}'`);
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

/** Whether `name` names a command. */
function isCommandName(name: string): boolean {
  return program.commands.some((command) => command.name() === name || command.aliases().includes(name));
}

/** The command whose arguments raised `error`: the subcommand named on the line, else the program. */
function commandOf(_error: CommanderError): Command {
  const name = process.argv[2];
  return program.commands.find((command) => command.name() === name) ?? program;
}
