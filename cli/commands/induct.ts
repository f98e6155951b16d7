/**
 * `quorumlab induct [--invariant NAME|all] [quorum knobs] [--runs K] [--seed S] [--exhaustive on|off] [--json]`:
 * is a candidate invariant of the quorum model inductive? It holds initially and every step from
 * ANY state satisfying it (reachable or not) keeps it: then it holds at every depth.
 *
 * The pipeline: flags -> configuration (the default one with the knobs given) -> the invariant ->
 * `checkInductive` over the bounded domain (exhaustive when small, else generated) -> the verdict
 * in words or JSON -> the exit code (0 inductive, 1 not inductive, 2 bad input).
 */
import { checkInductive, formatCount, type InductResult, type InductStep, type JsonValue } from '../../explorer/index.ts';
import {
  defaultConfig,
  type QuorumConfig,
  quorumModel,
  type QuorumAction,
  type QuorumState,
  EXHAUSTIVE_LIMIT,
  inductionSupport,
  quorumStateSpace,
  INVARIANT_NAMES,
  firstBrokenClause,
  quorumInvariants,
  staleReadProperty,
  type InvariantName,
  type QuorumInvariant,
  describeQuorumState,
} from '../../spec/index.ts';
import { parseCheckFlags, type RawCheckFlags } from '../args/check-flags.ts';
import { configLine, mergeConfig } from '../args/config.ts';
import { parseInteger, parseOnOff } from '../args/values.ts';
import { ExitCode, fail, ok, type Result } from '../errors.ts';
import type { CommandIo } from '../io.ts';
import { configJson } from '../load/target.ts';
import { finish, type CommandOutcome } from './outcome.ts';

/** The raw option values of `induct`: the quorum knobs of `check`, and its own. */
export type RawInductFlags = Pick<
  RawCheckFlags,
  'n' | 'w' | 'r' | 'spares' | 'ops' | 'quorum' | 'resolve' | 'clock' | 'readRepair' | 'handoff' | 'antiEntropy' | 'mode' | 'partitions' | 'drops' | 'crashes' | 'stateLoss' | 'skew' | 'seed' | 'json'
> & {
  readonly invariant?: string;
  readonly runs?: string;
  readonly exhaustive?: string;
};

/** The parsed request of `induct`. */
export interface InductRequest {
  /** One invariant, or `all`: each in turn, weakest first (the strengthening, step by step). */
  readonly invariant: InvariantName | 'all';
  readonly config: QuorumConfig;
  readonly runs: number;
  readonly seed: number;
  /** undefined: exhaustive when the domain is small enough. */
  readonly exhaustive: boolean | undefined;
  readonly json: boolean;
}

const DEFAULT_RUNS = 10_000;
const DEFAULT_SEED = 1;

/** Parses `induct`'s flags; the quorum knobs exactly as `check` reads them. */
export function parseInductFlags(raw: RawInductFlags): Result<InductRequest> {
  const { invariant, runs, exhaustive, ...knobs } = raw;
  const name = invariant === undefined ? 'quorum-intersection' : invariant.trim();
  const known = [...INVARIANT_NAMES, 'all' as const].find((candidate) => candidate === name);
  if (known === undefined) return fail('QL113', `unknown invariant '${name}'; known: ${INVARIANT_NAMES.join(', ')} (or all)`);
  const flags = parseCheckFlags(knobs);
  if (!flags.ok) return flags;
  const config = mergeConfig(defaultConfig, 'the default configuration', flags.value);
  if (!config.ok) return config;
  const unsupported = inductionSupport(config.value);
  if (unsupported !== null) return fail('QL114', unsupported);
  const parsedRuns = runs === undefined ? ok(DEFAULT_RUNS) : parseInteger('--runs', runs, 1, 10_000_000);
  if (!parsedRuns.ok) return parsedRuns;
  const parsedExhaustive = exhaustive === undefined ? ok<boolean | undefined>(undefined) : parseOnOff('--exhaustive', exhaustive);
  if (!parsedExhaustive.ok) return parsedExhaustive;
  return ok({
    invariant: known,
    config: config.value,
    runs: parsedRuns.value,
    seed: flags.value.seed ?? DEFAULT_SEED,
    exhaustive: parsedExhaustive.value,
    json: raw.json === true,
  });
}

/** Runs `induct`: prints the verdict (or JSON) and returns 0 inductive, 1 not inductive, 2 bad input. */
export function runInduct(raw: RawInductFlags, io: CommandIo): CommandOutcome {
  const request = parseInductFlags(raw);
  if (!request.ok) return finish(io, request);
  const { config } = request.value;
  const space = quorumStateSpace(config);
  if (request.value.exhaustive === true && space.exhaustive === undefined) {
    return finish(io, fail('QL103', `--exhaustive on: the bounded domain has more than ${formatCount(EXHAUSTIVE_LIMIT)} states, too many to enumerate here; leave it off to generate states`));
  }
  const chosen = quorumInvariants(config).filter((candidate) => request.value.invariant === 'all' || candidate.name === request.value.invariant);
  const model = quorumModel(config);
  const answers: InductAnswer[] = [];
  for (const invariant of chosen) {
    if (io.stderrIsTTY && !request.value.json) {
      const how = space.size !== null && request.value.exhaustive !== false ? `enumerating ${formatCount(space.size)} states` : `generating ${formatCount(request.value.runs)} states`;
      io.err(`${invariant.name}: ${how}...\n`);
    }
    const result = checkInductive(model, invariant, space, {
      numRuns: request.value.runs,
      seed: request.value.seed,
      ...(request.value.exhaustive !== undefined ? { exhaustive: request.value.exhaustive } : {}),
      implies: staleReadProperty(),
    });
    answers.push({ config, invariant, result, domainSize: space.size });
  }
  io.out(render(answers, request.value));
  // With `all`, the verdict is the strongest invariant's: the one meant to be the proof.
  const last = answers[answers.length - 1].result;
  const implied = last.verdict !== 'inductive' || last.implication?.implied !== false;
  return { exitCode: last.verdict === 'inductive' && implied ? ExitCode.holds : ExitCode.violated };
}

function render(answers: readonly InductAnswer[], request: InductRequest): string {
  if (request.invariant !== 'all') return request.json ? `${JSON.stringify(inductJson(answers[0]), null, 2)}\n` : formatInduct(answers[0]);
  if (request.json) return `${JSON.stringify({ ladder: answers.map(inductJson) }, null, 2)}\n`;
  const width = Math.max(...answers.map((a) => a.invariant.name.length));
  const summary = answers.map((a) => `  ${a.invariant.name.padEnd(width)}  ${a.result.verdict === 'inductive' ? `INDUCTIVE (${a.result.proof ? 'a proof for this bounded domain' : 'evidence, not a proof'})` : a.result.verdict === 'not-initial' ? 'NOT INITIAL' : 'NOT INDUCTIVE'}`);
  return `${answers.map(formatInduct).join(`\n${'-'.repeat(72)}\n\n`)}\n${'-'.repeat(72)}\n\nThe strengthening, weakest first:\n${summary.join('\n')}\n`;
}

/** What `induct` found, for the formatters. */
export interface InductAnswer {
  readonly config: QuorumConfig;
  readonly invariant: QuorumInvariant;
  readonly result: InductResult<QuorumState, QuorumAction>;
  /** States in the bounded domain (every well-formed state of the configuration), or null when more than the enumeration limit. */
  readonly domainSize: number | null;
}

/** Why quorum-intersection cannot be inductive for `config`, or null when it should be. */
function whyTheArgumentFails(config: QuorumConfig): string | null {
  if (config.w + config.r <= config.n) {
    return `W + R = ${config.w + config.r} <= N = ${config.n}: a read's R replies can all come from replicas the write's W acks missed, so no step-by-step argument can promise a fresh reply.`;
  }
  if (config.stateLoss && config.crashes > 0) {
    return 'With --state-loss a crash empties a replica, so a completed write can fall below W copies: the proof covers partitions, drops and crashes that keep state, not this.';
  }
  return null;
}

/** The lesson of a counterexample to induction. */
function lesson(config: QuorumConfig, invariant: QuorumInvariant): string | null {
  const fails = whyTheArgumentFails(config);
  if (invariant.name === 'quorum-intersection') return fails;
  const weak = `'${invariant.name}' says too little about writes and reads in progress`;
  return fails === null ? `${weak}; the strengthening that is inductive is 'quorum-intersection'.` : `${weak}; and here even 'quorum-intersection' is not inductive. ${fails}`;
}

/** The human-readable verdict. */
export function formatInduct(answer: InductAnswer): string {
  const { config, invariant, result } = answer;
  const lines: string[] = [];
  if (result.verdict === 'inductive') {
    lines.push(`INDUCTIVE  ${invariant.name} (${result.proof ? 'a proof for this bounded domain' : 'evidence from generated states, not a proof'})`);
  } else {
    lines.push(`${result.verdict === 'not-initial' ? 'NOT INITIAL' : 'NOT INDUCTIVE'}  ${invariant.name}`);
  }
  lines.push(`config:    ${configLine(config)}`);
  lines.push(`invariant: ${invariant.description}`);
  invariant.clauses.forEach((clause, i) => lines.push(`  ${i + 1}. ${clause}`));
  const size = answer.domainSize === null ? `more than ${formatCount(EXHAUSTIVE_LIMIT)}` : formatCount(answer.domainSize);
  lines.push(`domain:    every well-formed state of this configuration, reachable or not: ${size} states`);
  lines.push(`covered:   ${result.covered}`);
  if (result.verdict === 'inductive') {
    const implication = result.implication;
    if (implication !== undefined) {
      const p = implication.property;
      lines.push(
        !implication.implied
          ? `implies:   NOT ${p}: a state satisfies the invariant but breaks ${p}`
          : result.proof
            ? `implies:   ${p}, on every state of the domain that satisfies the invariant; so ${p} holds in every reachable state, at any depth`
            : `implies:   ${p}, on every generated state that satisfies the invariant; were the invariant proved inductive, ${p} would hold at any depth`,
      );
    }
    if (!result.proof) {
      lines.push(
        answer.domainSize !== null
          ? 'for a proof: leave out --exhaustive off, and the domain is enumerated'
          : `for a proof: a configuration whose domain has at most ${formatCount(EXHAUSTIVE_LIMIT)} states is enumerated (fewer faults or operations)`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
  if (result.verdict === 'not-initial') {
    lines.push('', 'The initial state does not satisfy it:', ...describeQuorumState(config, result.state).map((line) => `  ${line}`));
    return `${lines.join('\n')}\n`;
  }
  const { step } = result;
  const broken = firstBrokenClause(invariant, step.successor);
  lines.push('', 'This state satisfies the invariant (it need not be reachable):', ...describeQuorumState(config, step.state).map((line) => `  ${line}`));
  lines.push('', `The step "${step.actionLabel}"${step.narration !== undefined ? `: ${step.narration}` : ''}`);
  lines.push('', `leads to a state that breaks clause ${broken?.clause ?? '?'}: ${broken?.why ?? 'the invariant'}`, ...describeQuorumState(config, step.successor).map((line) => `  ${line}`));
  const unreachable = whyUnreachable(config, invariant, step.state);
  if (unreachable !== null) lines.push('', unreachable);
  const why = lesson(config, invariant);
  if (why !== null) lines.push('', why);
  return `${lines.join('\n')}\n`;
}

/**
 * For a weaker invariant's counterexample, when quorum-intersection is inductive for the config:
 * the clause of quorum-intersection the state breaks, which is why no run reaches it.
 */
function whyUnreachable(config: QuorumConfig, invariant: QuorumInvariant, state: QuorumState): string | null {
  if (invariant.name === 'quorum-intersection' || whyTheArgumentFails(config) !== null) return null;
  const strong = quorumInvariants(config).find((candidate) => candidate.name === 'quorum-intersection');
  if (strong === undefined) throw new Error("the quorum model's invariants lack quorum-intersection");
  const broken = firstBrokenClause(strong, state);
  if (broken === null) return null;
  return `No run reaches that state: it breaks clause ${broken.clause} of quorum-intersection, which holds initially and is kept by every step: ${broken.why}.`;
}

/** The `--json` object: verdict, invariant and clauses, config, coverage, implication, and the counterexample to induction or null. */
export function inductJson(answer: InductAnswer): Record<string, JsonValue> {
  const { config, invariant, result } = answer;
  const base: Record<string, JsonValue> = {
    verdict: result.verdict,
    invariant: invariant.name,
    description: invariant.description,
    clauses: [...invariant.clauses],
    config: configJson(config),
    configLine: configLine(config),
    domainSize: answer.domainSize,
    covered: result.covered,
  };
  if (result.verdict === 'inductive') {
    return {
      ...base,
      proof: result.proof,
      coverage: { ...result.coverage },
      implies: result.implication === undefined ? null : { property: result.implication.property, implied: result.implication.implied },
      counterexample: null,
    };
  }
  if (result.verdict === 'not-initial') {
    return { ...base, proof: false, coverage: null, implies: null, counterexample: { initial: result.stateView ?? null, words: describeQuorumState(config, result.state) } };
  }
  return { ...base, proof: false, coverage: { ...result.coverage }, implies: null, counterexample: stepJson(config, invariant, result.step) };
}

function stepJson(config: QuorumConfig, invariant: QuorumInvariant, step: InductStep<QuorumState, QuorumAction>): JsonValue {
  const broken = firstBrokenClause(invariant, step.successor);
  return {
    state: step.stateView ?? null,
    stateWords: describeQuorumState(config, step.state),
    step: { label: step.actionLabel, index: step.actionIndex, narration: step.narration ?? null },
    successor: step.successorView ?? null,
    successorWords: describeQuorumState(config, step.successor),
    broken: broken === null ? null : { clause: broken.clause, text: broken.text, why: broken.why },
    unreachable: whyUnreachable(config, invariant, step.state),
    lesson: lesson(config, invariant),
  };
}
